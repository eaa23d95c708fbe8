"""The Python API (`from builder import KnowledgeGraph`): the README's session as written,
and each operation against what the command that it implements does."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
import pytest
from rdflib import Dataset

from builder import KnowledgeGraph
from builder.build import build
from builder.errors import Errors, InputError, QueryError, StoreError
from builder.store import KgStore

ROOT = Path(__file__).resolve().parents[1]
NEWS = Path(__file__).parent / "fixtures" / "news"
FIXTURE = Path(__file__).parent / "fixtures" / "small.trig"
GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
LEE = "Ann Lee, a spokesperson for the Royal Canadian Mounted Police, spoke in Ottawa on Monday."


def graph_sizes(store_path: Path) -> dict[str, int]:
    with KgStore(store_path) as store:
        return {row["g"].value: int(row["n"].value) for row in store.solutions(GRAPH_SIZES)}


@pytest.fixture
def fixture_store(tmp_path) -> Path:
    path = tmp_path / "store"
    with KgStore(path) as store:
        store.oxigraph.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return path


def test_import_builder_stays_light():
    code = "import sys, builder; assert builder.KnowledgeGraph; print(sorted(m for m in ('spacy', 'rdflib', 'pyoxigraph') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code.replace("assert builder.KnowledgeGraph; ", "")],
                         capture_output=True, text=True, check=True, cwd=ROOT).stdout
    assert out.strip() == "[]"


@pytest.mark.model
def test_the_readme_session_runs_as_written(tmp_path):
    code = re.search(r"## Python API.*?```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)[1]
    shutil.copytree(ROOT / "examples", tmp_path / "examples")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["built wire/1", "built wire/2"]
    assert lines[2].startswith("3 built; ['examples/border-crossings.txt', 'examples/port-strike.md'")
    assert "'label': 'Ann Lee'" in lines[3]
    assert lines[-1] == "False"  # notes/lee was removed
    assert (tmp_path / "output" / "api-demo" / "people.graphml").exists()


def test_reading_operations_match_the_commands(fixture_store, tmp_path):
    with KnowledgeGraph(fixture_store) as kg:
        rows = kg.query("SELECT ?name WHERE { ?p a <https://w3id.org/newskg/ontology#Person> ; "
                        "<http://www.w3.org/2000/01/rdf-schema#label> ?name } ORDER BY ?name")
        assert rows.columns == ["name"] and not rows.truncated
        assert all(set(row) == {"name"} and isinstance(row["name"], str) for row in rows)
        first = kg.query("SELECT ?s WHERE { ?s ?p ?o }", limit=3)
        assert len(first) == 3 and first.truncated
        assert kg.query("ASK { ?s ?p ?o }") == [{"ask": "true"}]
        named = kg.query("entity", {"name": rows[0]["name"]})
        assert named and named[0]["label"] == rows[0]["name"]
        with pytest.raises(QueryError, match="kg query is read-only"):
            kg.query("DELETE WHERE { ?s ?p ?o }")
        dataset = kg.dataset()
        assert isinstance(dataset, Dataset)
        assert sum(1 for _ in dataset.quads()) == kg.triples() == len(list(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG)))
        G = kg.entities(classes=["Person"])
        assert isinstance(G, nx.MultiDiGraph) and G.number_of_nodes() == len(rows)
        assert {d["cls"] for _, d in G.nodes(data=True)} == {"Person"}
        stats = kg.stats()
        assert stats.documents == len(kg.documents()) > 0
        written = kg.export("graphml", tmp_path / "people.graphml", classes=["Person"])
        assert nx.read_graphml(written[0]).number_of_nodes() == len(rows)
        with pytest.raises(InputError, match="Unknown export format 'pdf'"):
            kg.export("pdf", tmp_path / "x.pdf")
        doc = kg.documents()[0]
        assert kg.remove(doc) and doc not in kg.documents()
        with pytest.raises(StoreError, match="No document nowhere.txt"):
            kg.remove("nowhere.txt")


def test_a_store_that_is_not_there_is_a_clear_error(tmp_path):
    with KnowledgeGraph(tmp_path / "none") as kg, pytest.raises(StoreError, match="is not a kg store"):
        kg.stats()
    assert not (tmp_path / "none").exists()


def test_what_add_takes_is_checked_before_anything_is_built(tmp_path):
    with KnowledgeGraph(tmp_path / "store") as kg:
        with pytest.raises(InputError, match=re.escape(Errors.E080[:30])):
            kg.add("A text without its id.")
        with pytest.raises(InputError, match="Can't add a bytes"):
            kg.add(b"bytes")
        with pytest.raises(InputError, match="id, title, date and url describe one text"):
            kg.add(["one", "two"], id="x")


@pytest.mark.model
def test_add_builds_texts_files_and_records_and_replaces_by_id(tmp_path, nlp):
    seen = []
    with KnowledgeGraph(tmp_path / "store", nlp=nlp) as kg:
        added = kg.add(LEE, id="notes/lee", title="Notes", date="2026-03-02", url="https://example.org/lee")
        assert (added.built, added.unchanged, added.failed) == (1, 0, 0)
        (lee,) = added.documents
        assert (lee.document, lee.status, lee.iri) == ("notes/lee", "built", "https://w3id.org/newskg/doc/notes/lee")
        assert lee.entities >= 2 and lee.relations >= 1
        again = kg.add(LEE, id="notes/lee", title="Notes", date="2026-03-02", url="https://example.org/lee")
        assert [d.status for d in again.documents] == ["unchanged"]
        mixed = kg.add([{"id": "wire/1", "text": "Daniel Okafor met reporters in Halifax.", "date": "2026-03-01"},
                        ("wire/2", "Marie Tremblay works for the Canada Border Services Agency."),
                        ("wire/3", NEWS / "water-treaty.txt"),
                        {"id": "wire/4", "text": "   "},
                        {"id": "wire/5", "text": "A date that is not one.", "date": "soon"}],
                       progress=lambda *event: seen.append(event))
        outcome = {d.document: d for d in mixed.documents}  # failures are told at once, the built once stored
        assert sorted((d.document, d.status) for d in mixed.documents) == [
            ("wire/1", "built"), ("wire/2", "built"), ("wire/3", "built"), ("wire/4", "failed"), ("wire/5", "failed")]
        assert outcome["wire/4"].message == Errors.E066.format(path="wire/4")
        assert outcome["wire/5"].message.startswith('wire/5: "date" must be a date')
        assert [event[:2] for event in seen] == [(d.document, d.status) for d in mixed.documents]
        rows = kg.query("SELECT ?d WHERE { GRAPH <https://w3id.org/newskg/doc/notes/lee> { ?doc "
                        "<https://schema.org/datePublished> ?d } }")
        assert [r["d"] for r in rows] == ["2026-03-02"]
        replaced = kg.add("Ann Lee now works for Transport Canada in Montreal.", id="notes/lee")
        assert [d.status for d in replaced.documents] == ["built"]
        names = {r["name"] for r in kg.query("SELECT ?name WHERE { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?name }")}
        assert "Royal Canadian Mounted Police" not in names and "Transport Canada" in names
        assert kg.documents() == ["notes/lee", "wire/1", "wire/2", "wire/3"]


@pytest.mark.model
def test_a_folder_added_through_the_api_holds_what_kg_build_stores(tmp_path, nlp):
    build([NEWS], out=tmp_path / "cli", nlp=nlp, files=False)
    with KnowledgeGraph(tmp_path / "api" / "store", nlp=nlp) as kg:
        added = kg.add(NEWS)
    assert added.built == len(list(NEWS.iterdir()))
    assert graph_sizes(tmp_path / "api" / "store") == graph_sizes(tmp_path / "cli" / "store")
