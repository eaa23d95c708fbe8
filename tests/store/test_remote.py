"""Remote stores: kg build, rebuild and remove against a real `oxigraph serve` on 127.0.0.1,
checked with SPARQLWrapper and against local builds of the same files."""

import json
import re
import shutil
from pathlib import Path

import pytest
import pyoxigraph as ox
from rdflib import Dataset
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from builder.cli import app
from builder.rdf.namespace import KG
from builder.store.remote import RemoteStore, endpoints
from builder.store import KgStore, Store
from commands import run_kg as kg
from servers import free_port, oxigraph_server

runner = CliRunner()

ARTICLES = {
    "harbour.txt": (
        "Nadia Petrov, the harbour master of Port Kessel, said on Monday that the Coastal Shipping "
        "Authority would close two berths for repairs. \"The work will take three weeks,\" Petrov said. "
        "The Coastal Shipping Authority is based in Halifax, Nova Scotia.\n"),
    "rail.txt": (
        "The Northern Rail Workers Union met with Transport Minister Elias Brandt in Ottawa on Tuesday. "
        "Marta Quist, a spokesperson for the Northern Rail Workers Union, said members would vote on the offer. "
        "Brandt said the government wanted an agreement before winter.\n"),
    "water.md": (
        "# Water board names a new chair\n\n"
        "Oren Daly was named chair of the Prairie Water Board, the agency said on Friday. "
        "Daly previously worked for the City of Regina. \"Clean water comes first,\" Daly said.\n"),
    "bridge.txt": (
        "Ottawa and Quebec City signed the Riverside Bridge Accord on Thursday. "
        "Ines Carrow, the director of the Federal Bridge Agency, said construction would start in May. "
        "The bridge will connect Gatineau and Ottawa.\n"),
}


def write_folder(folder: Path, articles: dict[str, str]) -> Path:
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, text in articles.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def quads(store: Store, tmp_path: Path) -> set:
    path = tmp_path / "quads.nq"
    store.dump(path)
    return set(Dataset().parse(path, format="nquads").quads())


def comparable(quad_set: set) -> set:
    """The quads but the processing times, which differ from build to build."""
    return {q for q in quad_set if q[1] != KG.processedAt}


def local_build(folder: Path, out: Path, tmp_path: Path) -> set:
    result = runner.invoke(app, ["build", str(folder), "--out", str(out)])
    assert result.exit_code == 0, result.output
    with KgStore(out / "store") as store:
        return quads(store, tmp_path)


def graph_sizes(url: str) -> dict[str, int]:
    """Triples per named graph, asked with SPARQLWrapper."""
    client = SPARQLWrapper(url + "/query")
    client.setQuery("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    return {row["g"]["value"]: int(row["n"]["value"]) for row in rows}


def sizes_of(quad_set: set) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for *_, g in quad_set:
        sizes[str(g)] = sizes.get(str(g), 0) + 1
    return sizes


def test_endpoint_urls_follow_the_servers_layouts():
    assert endpoints("http://127.0.0.1:7878") == ("http://127.0.0.1:7878/query", "http://127.0.0.1:7878/update")
    assert endpoints("http://h:3030/ds/") == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoints("http://h:3030/ds/query") == ("http://h:3030/ds/query", "http://h:3030/ds/update")
    assert endpoints("http://h:7878/sparql") == ("http://h:7878/sparql", "http://h:7878/sparql")
    assert endpoints("http://h:7200/repositories/news") == (
        "http://h:7200/repositories/news", "http://h:7200/repositories/news/statements")


def test_an_endpoint_that_does_not_answer_is_a_clear_error():
    url = f"http://127.0.0.1:{free_port()}"
    run = kg("query", "ASK { ?s ?p ?o }", "--store", url)
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        f"error: Can't reach the SPARQL endpoint {url}/query (Connection refused). "
        "Check the URL and that the server runs (e.g. kg serve --allow-update)."], run.stderr
    assert run.stdout == ""


def test_a_query_the_endpoint_rejects_gives_its_message(tmp_path):
    """A query kg reads as valid SPARQL that Oxigraph refuses to run (a function it does not
    know), and an update to a read-only server: one line each, with the endpoint's own words."""
    ox.Store(str(tmp_path / "db")).flush()
    query = "SELECT ?s WHERE { ?s ?p ?o FILTER(<https://example.org/fn/unknown>(?o)) }"
    with oxigraph_server(tmp_path / "db", read_only=True) as url:
        rejected = kg("query", query, "--store", url)
        refused = kg("query", "INSERT DATA { <https://example.org/a> <https://example.org/b> 1 }",
                     "--allow-update", "--store", url)
    assert rejected.returncode == refused.returncode == 1
    [line] = rejected.stderr.splitlines()
    assert re.fullmatch(rf"error: The SPARQL endpoint {url}/query failed \(HTTP [45]\d\d\): (.+)", line), line
    assert "https://example.org/fn/unknown" in line.split("): ", 1)[1]  # Oxigraph's message names the function
    assert refused.stderr.splitlines() == [
        f"error: The SPARQL endpoint {url}/update refused the request (HTTP 403: The server is read-only). "
        "Pass the token the server expects with --token (or KG_TOKEN), or start it with updates allowed."]


@pytest.mark.model
def test_remote_build_rebuild_and_remove_equal_local_builds(tmp_path):
    folder = write_folder(tmp_path / "news", ARTICLES)
    with oxigraph_server(tmp_path / "db") as url:
        result = runner.invoke(app, ["build", str(folder), "--out", str(tmp_path / "remote-out"), "--store", url])
        assert result.exit_code == 0, result.output
        assert "Built 4 document(s), 0 unchanged, 0 failed" in result.output
        expected = local_build(folder, tmp_path / "local", tmp_path)
        with RemoteStore(url) as store:
            assert comparable(quads(store, tmp_path)) == comparable(expected)
            assert store.quad_count() == len(expected)
        assert graph_sizes(url) == sizes_of(expected)
        # The remote build wrote its files from the endpoint: the same dataset as the local ones.
        remote_files = set(Dataset().parse(tmp_path / "remote-out" / "graph.trig").quads())
        local_files = set(Dataset().parse(tmp_path / "local" / "graph.trig").quads())
        assert comparable(remote_files) == comparable(local_files) and len(remote_files) == len(local_files)
        assert (tmp_path / "remote-out" / "graph.graphml").read_text() == (tmp_path / "local" / "graph.graphml").read_text()

        # A changed document replaces its graph; the others are left as they are.
        changed = dict(ARTICLES, **{"rail.txt": ARTICLES["rail.txt"].replace("Marta Quist", "Lena Ostrowski")
                                    .replace("Tuesday", "Wednesday")})
        write_folder(folder, changed)
        result = runner.invoke(app, ["build", str(folder), "--out", str(tmp_path / "remote-out"), "--store", url])
        assert "Built 1 document(s), 3 unchanged, 0 failed" in result.output, result.output
        expected = local_build(write_folder(tmp_path / "again" / "news", changed), tmp_path / "local-changed", tmp_path)
        with RemoteStore(url) as store:
            assert comparable(quads(store, tmp_path)) == comparable(expected)
        assert graph_sizes(url) == sizes_of(expected)

        # Removing a document leaves what a build without it gives.
        result = runner.invoke(app, ["remove", "news/water.md", "--store", url])
        assert result.exit_code == 0, result.output
        without = {k: v for k, v in changed.items() if k != "water.md"}
        expected = local_build(write_folder(tmp_path / "without" / "news", without), tmp_path / "local-without", tmp_path)
        with RemoteStore(url) as store:
            assert comparable(quads(store, tmp_path)) == comparable(expected)
            assert store.quad_count() == len(expected)
        assert f"the store holds {len(expected)} triples" in " ".join(result.output.split())
        assert graph_sizes(url) == sizes_of(expected)


def test_query_stats_export_and_validate_read_an_endpoint_as_they_read_a_folder(tmp_path):
    folder = tmp_path / "store"
    with KgStore(folder) as store:
        store.oxigraph.load(path=str(Path(__file__).parents[1] / "fixtures" / "small.trig"), format=ox.RdfFormat.TRIG)
    local = {}
    runner = CliRunner()
    commands = {
        "query": ["query", "people-organizations", "--format", "json"],
        "ask": ["query", "ASK { ?s a <https://w3id.org/newskg/ontology#Person> }", "--format", "csv"],
        "stats": ["stats"],
        "validate": ["validate"],
    }
    for name, args in commands.items():
        result = runner.invoke(app, [*args, "--store", str(folder)])
        assert result.exit_code == 0, result.output
        local[name] = result.output
    local_graphml = tmp_path / "local.graphml"
    assert runner.invoke(app, ["export", "-f", "graphml", "-o", str(local_graphml), "--store", str(folder)]).exit_code == 0
    with oxigraph_server(folder) as url:
        for name, args in commands.items():
            result = runner.invoke(app, [*args, "--store", url])
            assert result.exit_code == 0, result.output
            assert result.output == local[name], name
        remote_graphml = tmp_path / "remote.graphml"
        result = runner.invoke(app, ["export", "-f", "graphml", "-o", str(remote_graphml), "--store", url])
        assert result.exit_code == 0, result.output
        assert remote_graphml.read_bytes() == local_graphml.read_bytes()
        assert len(json.loads(local["query"])) > 0
