"""The store: whole-document replacement, incremental entity refresh, removal, crash safety.

Store-level tests run on both backends: the embedded Oxigraph store and a real `oxigraph
serve` on 127.0.0.1 reached through the SPARQL 1.1 Protocol (RemoteStore).
"""

import hashlib
import signal
import subprocess
import sys
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Dataset, Graph, URIRef

from builder.errors import StoreError
from builder.rdf.iri import document_iri, entity_iri
from builder.rdf.mapping import NamedGraph, document_graph, entity_graph
from builder.rdf.namespace import ENTITY_GRAPH, KG
from builder.extraction.records import Entity, Extraction, Relation, Span
from builder.sources import SourceDocument
from builder.store.remote import RemoteStore
from builder.rdf.namespace import STALE_GRAPH
from builder.store import KgStore, Store, open_store
from builder.store.base import write_dataset
from commands import run_kg
from servers import oxigraph_server

WHEN = datetime(2026, 3, 1, 12, 0, tzinfo=timezone.utc)


def doc(doc_id: str, *entities: tuple[str, str, list[str]]) -> Graph:
    """The graph of a document mentioning entities given as (key, class, surface forms);
    the first entity works for the second."""
    text = " ".join(form for _, _, forms in entities for form in forms)
    records, start = [], 0
    for key, cls, forms in entities:
        spans = []
        for form in forms:
            spans.append(Span(start, start + len(form), form))
            start += len(form) + 1
        records.append(Entity(key, forms[0], cls, spans))
    whole = Span(0, len(text), text)
    relations = [Relation(records[0].key, "employer", records[1].key, whole, "test-rule", 0.8)] if len(records) > 1 else []
    source = SourceDocument(doc_id, doc_id.rsplit("/", 1)[-1], text, "sha256:" + hashlib.sha256(text.encode()).hexdigest())
    return document_graph(source, Extraction(records, relations), pipeline="test", processed_at=WHEN)


def expected_entities(docs: list[Graph]) -> Graph:
    """The entities graph computed in Python from the document graphs (independent of SPARQL)."""
    rows = Counter()
    for g in docs:
        for mention, entity in g.subject_objects(KG.refersTo):
            for cls in g.objects(mention, KG.entityClass):
                rows[entity, cls, str(g.value(mention, KG.surfaceForm))] += 1
    return entity_graph((e, c, f, n) for (e, c, f), n in rows.items())


def stored(store: Store, tmp_path: Path) -> Dataset:
    """Every quad of the store, read back through a dump."""
    path = tmp_path / "dump.nq"
    store.dump(path)
    return Dataset().parse(path, format="nquads")


def triples(dataset: Dataset, name: URIRef) -> set:
    return set(dataset.graph(name))


def canonical(graph: Graph) -> set:
    """The triples as Oxigraph stores them (literals in canonical form: 0.80 is 0.8)."""
    store = ox.Store()
    store.load(graph.serialize(format="nt"), ox.RdfFormat.N_TRIPLES)
    return set(Graph().parse(data=store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()).decode(), format="nt"))


def assert_store_holds(store: Store, tmp_path: Path, docs: list[Graph]) -> None:
    """The store holds exactly these document graphs and the entities graph they give."""
    dataset = stored(store, tmp_path)
    entities = expected_entities(docs)
    for g in docs:
        assert triples(dataset, g.identifier) == canonical(g)
    assert triples(dataset, ENTITY_GRAPH) == set(entities)
    assert triples(dataset, STALE_GRAPH) == set()
    assert store.quad_count() == sum(len(g) for g in docs) + len(entities) == len(list(dataset.quads()))


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory) -> str:
    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        yield url


@pytest.fixture(params=["local", "remote"])
def store(request, tmp_path) -> Store:
    if request.param == "local":
        kg_store = KgStore(tmp_path / "store")
    else:
        kg_store = RemoteStore(request.getfixturevalue("endpoint"))
        kg_store.update("DROP ALL")
    with kg_store:
        yield kg_store


ANN = ("person/ann-lee", "Person", ["Ann Lee", "Lee"])
ACME = ("organization/acme-union", "LabourUnion", ["Acme Union"])
PORT = ("place/port-alder", "Settlement", ["Port Alder"])
BOB = ("person/bob-roy", "Person", ["Bob Roy"])


def test_replace_graph_stores_whole_documents_and_their_entities(store, tmp_path):
    a, b = doc("news/a.txt", ANN, ACME), doc("news/b.txt", BOB, ACME, PORT)
    store.replace_graph(a)
    store.replace_graph(b)
    assert store.refresh_entities() == 4
    assert_store_holds(store, tmp_path, [a, b])
    assert store.built_with() == {str(g.identifier): (str(g.value(g.identifier, KG.contentHash)), "test") for g in (a, b)}


def test_changed_document_replaces_its_graph_and_only_its_entities_are_recomputed(store, tmp_path):
    a, b = doc("news/a.txt", ANN, ACME), doc("news/b.txt", BOB, ACME)
    for g in (a, b):
        store.replace_graph(g)
    store.refresh_entities()
    changed = doc("news/a.txt", ("person/ann-lee", "Person", ["Ann Lee", "Ms. Lee"]), PORT)
    store.replace_graph(changed)
    # Old and new mentions of a.txt: Ann Lee, Acme Union, Port Alder; Bob Roy is untouched.
    assert store.refresh_entities() == 3
    assert_store_holds(store, tmp_path, [changed, b])


def test_remove_deletes_documents_and_the_entities_no_document_mentions(store, tmp_path):
    a, b = doc("news/a.txt", ANN, ACME), doc("news/b.txt", BOB, ACME)
    for g in (a, b):
        store.replace_graph(g)
    store.refresh_entities()
    assert store.remove_documents(["news/a.txt"]) == [str(document_iri("news/a.txt"))]
    assert_store_holds(store, tmp_path, [b])
    entities = set(stored(store, tmp_path).graph(ENTITY_GRAPH).subjects())
    assert entities == {entity_iri("person/bob-roy"), entity_iri("organization/acme-union")}
    # Identity survives: the rebuilt document's entities get the same IRIs, merged with b.txt's.
    store.replace_graph(a)
    store.refresh_entities()
    assert_store_holds(store, tmp_path, [a, b])
    assert store.remove_documents([str(document_iri("news/a.txt")), "news/b.txt"]) == sorted(
        str(document_iri(d)) for d in ("news/a.txt", "news/b.txt"))
    assert store.quad_count() == 0


def test_remove_of_an_unknown_document_names_it_and_removes_nothing(store, tmp_path):
    a = doc("news/a.txt", ANN, ACME)
    store.replace_graph(a)
    store.refresh_entities()
    with pytest.raises(StoreError) as e:
        store.remove_documents(["news/a.txt", "news/a.tx"])
    assert str(e.value).startswith(f"No document news/a.tx in the store {store.location}. Did you mean news/a.txt?")
    with pytest.raises(StoreError, match=r"No document x in the store .* It holds 1 document\(s\): news/a.txt\."):
        store.remove_documents(["x"])
    assert_store_holds(store, tmp_path, [a])


def test_a_writer_stopped_before_the_refresh_leaves_marks_the_next_refresh_completes(store, tmp_path):
    a, b = doc("news/a.txt", ANN, ACME), doc("news/b.txt", BOB, ACME)
    store.replace_graph(a)
    store.refresh_entities()
    store.replace_graph(b)  # ... and the build is killed here
    marks = {row["e"].value for row in store.solutions(f"SELECT ?e WHERE {{ GRAPH <{STALE_GRAPH}> {{ ?e ?p ?o }} }}")}
    assert marks == {str(entity_iri("person/bob-roy")), str(entity_iri("organization/acme-union"))}
    assert store.refresh_entities() == 2
    assert_store_holds(store, tmp_path, [a, b])


def test_full_refresh_equals_incremental_refresh(store, tmp_path):
    docs = [doc("news/a.txt", ANN, ACME), doc("news/b.txt", BOB, ACME, PORT),
            doc("news/c.txt", ("organization/acme-union", "Organization", ["Acme", "Acme Union"]), ANN)]
    for g in docs:
        store.replace_graph(g)
    store.refresh_entities()
    incremental = triples(stored(store, tmp_path), ENTITY_GRAPH)
    assert store.refresh_entities(full=True) == 4
    assert triples(stored(store, tmp_path), ENTITY_GRAPH) == incremental == set(expected_entities(docs))


def test_kg_remove_deletes_a_document_and_the_entities_only_it_mentions(tmp_path):
    from typer.testing import CliRunner

    from builder.cli import app
    from fixture_iris import ACCORD, AGENCY, DOC_A, DOC_B, ERIKSEN, HOLT, NORLAND, PORT_ALDER, UNION, WESTMARK

    path = tmp_path / "store"
    with KgStore(path) as kg_store:
        kg_store.oxigraph.load(path=str(Path(__file__).parents[1] / "fixtures" / "small.trig"), format=ox.RdfFormat.TRIG)
    with KgStore(path) as kg_store:
        before = set(stored(kg_store, tmp_path).quads())
    runner = CliRunner()
    unknown = runner.invoke(app, ["remove", "fixture/a.txt", "fixture/c.txt", "--store", str(path)], env={"COLUMNS": "300"})
    assert unknown.exit_code == 1
    assert unknown.output == (f"error: No document fixture/c.txt in the store {path}. Did you mean fixture/a.txt, "
                              "fixture/b.txt? Give a document's id as kg build names it (a file's name, or "
                              "FOLDER/PATH for a file inside a folder) or its IRI.\n")
    with KgStore(path) as kg_store:
        assert set(stored(kg_store, tmp_path).quads()) == before  # nothing removed, fixture/a.txt neither
    result = runner.invoke(app, ["remove", "fixture/a.txt", "--store", str(path)], env={"COLUMNS": "300"})
    assert result.exit_code == 0, result.output
    with KgStore(path) as kg_store:
        dataset = stored(kg_store, tmp_path)
        assert result.output.startswith(f"Removed 1 document(s); the store holds {kg_store.quad_count()} triples.")
    assert {str(g.identifier) for g in dataset.graphs() if len(g)} == {DOC_B, str(ENTITY_GRAPH)}
    assert {str(e) for e in dataset.graph(ENTITY_GRAPH).subjects()} == {ERIKSEN, UNION, NORLAND, WESTMARK, PORT_ALDER}
    assert not {HOLT, AGENCY, ACCORD, DOC_A} & {str(t) for q in dataset.quads() for t in q}


# Random sequences of builds and removals on the embedded store: after each step the
# incrementally refreshed entities graph equals the one computed from scratch.
KEYS = ["person/ann-lee", "person/bob-roy", "organization/acme-union", "place/port-alder", "place/westmark"]
CLASSES = ["Person", "Organization", "LabourUnion", "Settlement"]
FORMS = ["Ann Lee", "Lee", "Acme", "Acme Union", "Port Alder", "Roy", "Westmark"]
entity_spec = st.tuples(st.sampled_from(KEYS), st.sampled_from(CLASSES), st.lists(st.sampled_from(FORMS), min_size=1, max_size=3))
step = st.one_of(
    st.tuples(st.just("build"), st.sampled_from("abcd"), st.lists(entity_spec, min_size=1, max_size=4, unique_by=lambda e: e[0])),
    st.tuples(st.just("remove"), st.sampled_from("abcd"), st.just([])),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(step, min_size=1, max_size=8))
def test_incremental_refresh_equals_recompute_after_any_builds_and_removals(steps, tmp_path):
    docs: dict[str, Graph] = {}
    with KgStore(None) as kg_store:
        for action, name, entities in steps:
            doc_id = f"news/{name}.txt"
            if action == "build":
                docs[doc_id] = doc(doc_id, *entities)
                kg_store.replace_graph(docs[doc_id])
                kg_store.refresh_entities()
            elif doc_id in docs:
                kg_store.remove_documents([doc_id])
                del docs[doc_id]
            assert_store_holds(kg_store, tmp_path, list(docs.values()))


def test_open_store_takes_a_folder_or_an_endpoint_url(tmp_path, endpoint):
    with pytest.raises(StoreError, match="is not a kg store"):
        open_store(tmp_path / "none", create=False)
    with open_store(tmp_path / "new") as local:
        assert isinstance(local, KgStore) and local.quad_count() == 0
    with open_store(endpoint + "/") as remote:
        assert isinstance(remote, RemoteStore)
        assert (remote.query_url, remote.update_url) == (endpoint + "/query", endpoint + "/update")


# -- A build killed with SIGKILL leaves whole documents; a rerun completes it.

FIRST = ["Amara", "Tobias", "Ines", "Kwame", "Lucia", "Petra"]
LAST = ["Okonjo", "Haldane", "Ferreira", "Mensah", "Varga"]
AGENCIES = ["Coastal Fisheries Agency", "Northern Rail Board", "Prairie Water Authority"]
CITIES = ["Halifax", "Regina", "Winnipeg", "Moncton", "Kelowna"]


def write_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    for i in range(count):
        first, last = FIRST[i % len(FIRST)], LAST[i % len(LAST)]
        agency, city = AGENCIES[i % len(AGENCIES)], CITIES[i % len(CITIES)]
        (folder / f"note-{i:02d}.txt").write_text(
            f"{first} {last}, the director of the {agency}, visited {city} on Tuesday. "
            f'"We will keep the office in {city} open," {last} said. '
            f"The {agency} employs {20 + i} inspectors in {city}.\n", encoding="utf-8")
    return folder


# `kg build ARGS` (the command's own code, in its own process), printing how many documents
# each batch stored; a short pause after each batch lets the test kill it with some
# documents in and some not.
KILLED_BUILD = """
import time
from builder.store import KgStore, writer
from builder.cli import app

writer.BATCH_QUADS = 300  # a few documents a batch, each batch one bulk load
write = KgStore.replace_graphs
def slow_replace(self, graphs):
    write(self, graphs)
    print("test: stored", len(graphs), flush=True)
    time.sleep(0.05)
KgStore.replace_graphs = slow_replace
app(prog_name="kg")
"""
# `kg build ARGS` that kills itself (SIGKILL) when it reaches the entity refresh: every
# document stored, the entities they mention only marked stale.
STOPPED_BEFORE_THE_REFRESH = """
import os, signal
from builder.store import KgStore
from builder.cli import app

KgStore.refresh_entities = lambda self, *args, **options: os.kill(os.getpid(), signal.SIGKILL)
app(prog_name="kg")
"""


def without_processing_time(dataset: Dataset) -> set:
    return {q for q in dataset.quads() if q[1] != KG.processedAt}


@pytest.mark.model
def test_sigkill_mid_build_leaves_whole_documents_and_a_rerun_completes(tmp_path, nlp):
    from builder.build import build

    articles = write_articles(tmp_path / "notes", 30)
    build([articles], out=tmp_path / "clean", nlp=nlp)
    with KgStore(tmp_path / "clean" / "store") as clean_store:
        clean = stored(clean_store, tmp_path)

    process = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, "build", str(articles), "--out",
                                str(tmp_path / "killed"), "--no-files"], stdout=subprocess.PIPE, text=True)
    built = 0
    for line in process.stdout:
        built += int(line.split()[2]) if line.startswith("test: stored ") else 0
        if built >= 8:
            process.send_signal(signal.SIGKILL)
            break
    process.wait()
    process.stdout.close()
    assert process.returncode == -signal.SIGKILL

    with KgStore(tmp_path / "killed" / "store") as killed_store:
        killed = stored(killed_store, tmp_path)
    documents = {g.identifier for g in killed.graphs() if g.identifier.startswith("https://w3id.org/newskg/doc/")}
    assert 8 <= len(documents) < 30
    for name in documents:
        assert {t for t in killed.graph(name) if t[1] != KG.processedAt} == \
               {t for t in clean.graph(name) if t[1] != KG.processedAt}, name

    rerun = run_kg("build", articles, "--out", tmp_path / "killed", "--no-files")
    assert rerun.returncode == 0, rerun.stderr
    assert f"Built {30 - len(documents)} document(s), {len(documents)} unchanged, 0 failed" in rerun.stdout
    with KgStore(tmp_path / "killed" / "store") as rerun_store:
        rerun = stored(rerun_store, tmp_path)
    assert without_processing_time(rerun) == without_processing_time(clean)
    assert len(list(rerun.quads())) == len(list(clean.quads()))


@pytest.mark.model
def test_a_build_stopped_before_the_refresh_leaves_marks_the_next_build_completes(tmp_path):
    articles = write_articles(tmp_path / "notes", 4)
    clean = run_kg("build", articles, "--out", tmp_path / "clean", "--no-files")
    assert clean.returncode == 0, clean.stderr
    stopped = subprocess.run([sys.executable, "-c", STOPPED_BEFORE_THE_REFRESH, "build", str(articles), "--out",
                              str(tmp_path / "stopped"), "--no-files"], capture_output=True, text=True, check=False)
    assert stopped.returncode == -signal.SIGKILL, stopped.stderr
    with KgStore(tmp_path / "stopped" / "store") as store:
        marks = {row["e"].value for row in store.solutions(f"SELECT ?e WHERE {{ GRAPH <{STALE_GRAPH}> {{ ?e ?p ?o }} }}")}
        mentioned = {row["e"].value for row in store.solutions(
            f"SELECT DISTINCT ?e WHERE {{ GRAPH ?d {{ ?d a <{KG.Document}> ; <{KG.mentions}> ?e }} }}")}
        assert len(store.built_with()) == 4
        assert not list(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(ENTITY_GRAPH))))

    assert marks and marks == mentioned  # every entity the stored documents mention, to be described
    rerun = run_kg("build", articles, "--out", tmp_path / "stopped", "--no-files")
    assert rerun.returncode == 0, rerun.stderr
    assert "Built 0 document(s), 4 unchanged, 0 failed" in rerun.stdout
    with KgStore(tmp_path / "stopped" / "store") as store, KgStore(tmp_path / "clean" / "store") as reference:
        assert without_processing_time(stored(store, tmp_path)) == without_processing_time(stored(reference, tmp_path))
        assert not list(store.oxigraph.quads_for_pattern(None, None, None, ox.NamedNode(str(STALE_GRAPH))))


def test_turtle_holds_the_union_of_the_graphs_each_triple_once(tmp_path):
    dataset = ox.Store()
    s, p = ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p")
    for graph, value in [("urn:x:a", "shared"), ("urn:x:b", "shared"), ("urn:x:b", "own")]:
        dataset.add(ox.Quad(s, p, ox.Literal(value), ox.NamedNode(graph)))
    write_dataset(dataset, tmp_path / "graph.ttl", ox.RdfFormat.TURTLE)
    parsed = list(ox.parse(path=str(tmp_path / "graph.ttl"), format=ox.RdfFormat.TURTLE))
    assert sorted(t.object.value for t in parsed) == ["own", "shared"]


def test_replace_graphs_bulk_loads_new_graphs_and_replaces_stored_ones_as_one_by_one(tmp_path):
    a, b, c = doc("news/a.txt", ANN, ACME), doc("news/b.txt", BOB, ACME, PORT), doc("news/c.txt", BOB)
    a_changed = doc("news/a.txt", ANN, PORT)
    one_by_one, together = KgStore(tmp_path / "one"), KgStore(tmp_path / "together")
    for kg_store in (one_by_one, together):
        kg_store.replace_graph(a)
    for graph in (a_changed, b, c):
        one_by_one.replace_graph(graph)
    together.replace_graphs([NamedGraph.of(g) for g in (a_changed, b, c)])  # b and c bulk-loaded
    assert set(together.oxigraph) == set(one_by_one.oxigraph)
    assert together.oxigraph.contains_named_graph(ox.NamedNode("https://w3id.org/newskg/doc/news/c.txt"))
    assert together.refresh_entities() == one_by_one.refresh_entities() == 4  # Ann, Acme, Bob, Port: stale
    assert set(together.oxigraph) == set(one_by_one.oxigraph)
    one_by_one.close()
    together.close()


def test_dump_writes_every_format_asked_from_one_store(tmp_path):
    kg_store = KgStore(None)
    kg_store.replace_graph(doc("news/a.txt", ANN, ACME))
    kg_store.replace_graph(doc("news/b.txt", BOB, ACME, PORT))
    kg_store.refresh_entities()
    paths = [tmp_path / name for name in ("g.trig", "g.jsonld", "g.nq", "g.ttl", "g.nt")]
    kg_store.dump(*paths)
    quads = set(kg_store.oxigraph)
    for path, fmt in zip(paths[:3], (ox.RdfFormat.TRIG, ox.RdfFormat.JSON_LD, ox.RdfFormat.N_QUADS)):
        assert set(ox.parse(path=str(path), format=fmt)) == quads, path.name  # JSON-LD and N-Quads from the TriG file
    union = {q.triple for q in quads}
    for path, fmt in zip(paths[3:], (ox.RdfFormat.TURTLE, ox.RdfFormat.N_TRIPLES)):
        assert {q.triple for q in ox.parse(path=str(path), format=fmt)} == union, path.name


def test_dump_to_an_unknown_suffix_writes_nothing(tmp_path):
    with pytest.raises(StoreError, match="graph.xyz"):
        KgStore(None).dump(tmp_path / "graph.trig", tmp_path / "graph.xyz")
    assert list(tmp_path.iterdir()) == []


def test_a_long_build_flushes_what_it_wrote_to_disk(tmp_path, monkeypatch):
    a, b = doc("news/a.txt", ANN, ACME), doc("news/b.txt", BOB, ACME, PORT)
    monkeypatch.setattr("builder.store.oxigraph.FLUSH_EVERY", len(a) + 10)
    path = tmp_path / "store"
    with KgStore(path) as kg_store:
        tables = set(path.glob("*.sst"))
        kg_store.replace_graph(a)
        assert set(path.glob("*.sst")) == tables  # fewer quads than FLUSH_EVERY: still in memory
        kg_store.replace_graph(b)
        assert set(path.glob("*.sst")) - tables  # flushed: Oxigraph's memory does not grow with the corpus
