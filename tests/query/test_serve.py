"""kg serve: a SPARQL endpoint over the store that passes queries and lets updates in only with
the token; started as the real command on 127.0.0.1 free ports."""

import json
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest
import requests
from SPARQLWrapper import JSON, SPARQLWrapper
from typer.testing import CliRunner

from builder.cli import app
from builder.errors import KgError, StoreError
from builder.query.named import resolve
from builder.store.remote import RemoteStore
from builder.query.serve import federated, parse_bind
from builder.store import KgStore
from servers import kg_serve, stop

FIXTURE = Path(__file__).parents[1] / "fixtures" / "small.trig"
ARTIFACTS = Path(__file__).resolve().parents[2] / "output" / "test-artifacts"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
INSERT = "INSERT DATA { GRAPH <https://example.org/g> { <https://example.org/a> <https://example.org/b> 1 } }"
UPDATE = {"Content-Type": "application/sparql-update"}


@pytest.mark.parametrize("query, expected", [
    ("SELECT * WHERE { SERVICE <http://example.org/sparql> { ?s ?p ?o } }", True),
    ("select * { service silent <http://example.org/> {} }", True),
    ("SELECT * {SERVICE<http://example.org/>{?s ?p ?o}}", True),
    ("SELECT * { ?s ?p ?o FILTER(?s<?o) SERVICE ?endpoint { ?a ?b ?c } }", True),
    ("SELECT * { \\u0053ERVICE <http://example.org/> { ?s ?p ?o } }", True),
    ("SELECT * { ?s ?p ?o } SERVICE", True),
    ("SELECT ?service WHERE { ?s <http://example.org/service> ?service }", False),
    ("PREFIX ex: <http://example.org/> SELECT * { ?s ex:service ?o ; ex:SERVICE-x ?y }", False),
    ('SELECT * { ?s ?p "a SERVICE <http://example.org/> {}" }', False),
    ('SELECT * { ?s ?p """a " SERVICE <x> {}""" }', False),
    ("# SERVICE <http://example.org/> in a comment\nSELECT * { ?s ?p ?o }", False),
])
def test_federated_queries_are_recognized(query, expected):
    assert federated(query) is expected


def test_bind_addresses():
    assert parse_bind("127.0.0.1:7878") == ("127.0.0.1", 7878)
    assert parse_bind("[::1]:8080") == ("::1", 8080)
    for bad in ("7878", "localhost:", "host:99999", ":80"):
        with pytest.raises(KgError, match=f"'{bad}' is not an address; give HOST:PORT"):
            parse_bind(bad)


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("served") / "store"
    with KgStore(path) as store:
        store.oxigraph.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return path


def fixture_quads() -> int:
    return len(list(ox.parse(path=str(FIXTURE), format=ox.RdfFormat.TRIG)))


def count(url: str) -> int:
    client = SPARQLWrapper(url + "/sparql")
    client.setQuery(COUNT)
    client.setReturnFormat(JSON)
    return int(client.query().convert()["results"]["bindings"][0]["n"]["value"])


def test_read_only_endpoint_answers_queries_and_refuses_every_update(fixture_store):
    with kg_serve(fixture_store) as (url, _):
        assert count(url) == fixture_quads()  # the default graph is the union of the graphs
        page = requests.get(url + "/")
        assert page.status_code == 200 and "yasgui" in page.text.lower()
        dump = requests.get(url + "/store", headers={"Accept": "application/n-quads"})
        assert len(list(ox.parse(dump.content, ox.RdfFormat.N_QUADS))) == fixture_quads()
        refused = [
            requests.post(url + "/update", data=INSERT, headers=UPDATE),
            requests.post(url + "/sparql", data={"update": INSERT}),
            requests.post(url + "/query", data={"update": INSERT}),
            requests.post(url + "/sparql", data=INSERT, headers=UPDATE),
            requests.get(url + "/sparql", params={"update": INSERT}),
            requests.put(url + "/store", params={"graph": "https://example.org/g"}, data="<a:a> <a:b> <a:c> .",
                         headers={"Content-Type": "application/n-triples"}),
            requests.post(url + "/store", params={"default": ""}, data="<a:a> <a:b> <a:c> .",
                          headers={"Content-Type": "application/n-triples"}),
            requests.delete(url + "/store", params={"graph": "https://w3id.org/newskg/graph/entities"}),
            requests.post(url + "/update", data=INSERT, headers={**UPDATE, "Authorization": "Bearer anything"}),
        ]
        assert [r.status_code for r in refused] == [403] * len(refused)
        assert all(r.text.startswith("This endpoint is read-only: updates are refused.") for r in refused)
        service = requests.post(url + "/query", data={"query": "SELECT * { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"})
        assert (service.status_code, service.text) == (403, "Federated queries (SERVICE) are not allowed on this endpoint.\n")
        with RemoteStore(url) as remote, pytest.raises(StoreError, match=r"refused the request \(HTTP 403: This endpoint is read-only"):
            remote.update(INSERT)
        assert count(url) == fixture_quads()


def test_a_served_store_is_locked_against_other_writers(fixture_store):
    with kg_serve(fixture_store) as (url, _):
        with pytest.raises(StoreError, match="Can't open the store at .* close the program using it"):
            KgStore(fixture_store)
        result = CliRunner().invoke(app, ["serve", "--store", str(fixture_store), "--bind", "127.0.0.1:0"])
        assert result.exit_code == 1
        assert "another program uses it" in result.output
        assert count(url) == fixture_quads()


def test_updates_need_the_bearer_token(tmp_path):
    with kg_serve(tmp_path / "store", "--allow-update", "--token", "s3cret") as (url, _):
        missing = requests.post(url + "/update", data=INSERT, headers=UPDATE)
        assert (missing.status_code, missing.headers["WWW-Authenticate"]) == (401, 'Bearer realm="kg"')
        wrong = requests.post(url + "/update", data=INSERT, headers={**UPDATE, "Authorization": "Bearer guess"})
        assert wrong.status_code == 403
        assert count(url) == 0
        right = requests.post(url + "/update", data=INSERT, headers={**UPDATE, "Authorization": "Bearer s3cret"})
        assert right.status_code == 204
        assert count(url) == 1
        put = requests.put(url + "/store", params={"graph": "https://example.org/h"},
                           data=(f"<https://example.org/x{i}> <https://example.org/p> {i} .\n" for i in range(500)),
                           headers={"Content-Type": "text/turtle", "Authorization": "Bearer s3cret"})
        assert put.status_code in (201, 204)
        assert count(url) == 501
        with RemoteStore(url) as anonymous, pytest.raises(StoreError, match=r"refused the request \(HTTP 401"):
            anonymous.update(INSERT)
        with RemoteStore(url, token="s3cret") as writer:
            writer.update("DROP GRAPH <https://example.org/h>")
            assert writer.quad_count() == 1


def test_sigterm_stops_the_front_and_the_oxigraph_server(fixture_store):
    with kg_serve(fixture_store) as (url, process):
        backend = psutil.Process(process.pid).children()
        assert [p.name() for p in backend] == ["oxigraph"]
        assert stop(process) == 0
        assert not psutil.pid_exists(backend[0].pid) or backend[0].status() == psutil.STATUS_ZOMBIE
        with pytest.raises(requests.ConnectionError):
            requests.get(url + "/", timeout=2)


def test_serve_errors_are_one_line(tmp_path):
    for options, message in [
        (["--store", str(tmp_path / "none")], f"error: {tmp_path / 'none'} is not a kg store."),
        (["--store", str(tmp_path / "s"), "--allow-update"], "error: --allow-update needs a token"),
        (["--store", str(tmp_path / "s"), "--bind", "nowhere"], "error: 'nowhere' is not an address"),
    ]:
        result = CliRunner().invoke(app, ["serve", *options], env={"COLUMNS": "300"})
        assert result.exit_code == 1
        assert result.output.startswith(message) and result.output.count("\n") == 1, result.output


# -- Load: 16 clients query while a remote build writes; every answer is checked.

WRITER = """
import sys
from pathlib import Path
from builder.build import build
from builder.extraction.nlp import load_pipeline

folder, out, url, token, stop = sys.argv[1:]
nlp = load_pipeline()
print("ready", flush=True)
cycles = 0
while cycles == 0 or not Path(stop).exists():
    build([Path(folder)], out=Path(out), store_path=url, store_token=token, nlp=nlp, force=cycles > 0)
    cycles += 1
    print("cycle", cycles, flush=True)
"""

GRAPH_SIZES = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
DOC_PREFIX = "https://w3id.org/newskg/doc/"
CLIENTS, QUERIES, MAX_QUERIES = 16, 3000, 12000


def write_articles(folder: Path, count: int) -> Path:
    folder.mkdir(parents=True)
    names = ["Aiko Brandt", "Sefu Lindqvist", "Rosa Dumont", "Pavel Achebe", "Lina Moreau", "Omar Kessler"]
    agencies = ["Coastal Fisheries Agency", "Prairie Water Authority", "Northern Rail Board"]
    for i in range(count):
        name, agency, city = names[i % len(names)], agencies[i % len(agencies)], ["Moncton", "Regina", "Kelowna"][i % 3]
        (folder / f"brief-{i:02d}.txt").write_text(
            f"{name}, the head of the {agency}, spoke in {city} on Monday. "
            f'"Our staff in {city} will grow," {name.split()[1]} said. The {agency} has an office in {city}.\n',
            encoding="utf-8")
    return folder


@pytest.mark.model
def test_load_16_clients_query_while_a_remote_build_writes(tmp_path, nlp):
    from builder.build import build

    folder = write_articles(tmp_path / "briefs", 10)
    build([folder], out=tmp_path / "reference", nlp=nlp)
    with KgStore(tmp_path / "reference" / "store") as reference:
        expected = {row["g"].value: int(row["n"].value) for row in reference.solutions(GRAPH_SIZES)}
    queries = [GRAPH_SIZES, resolve("people-organizations"), "ASK { ?s a <https://w3id.org/newskg/ontology#Document> }"]

    with kg_serve(tmp_path / "served", "--allow-update", "--token", "t0ken") as (url, _):
        writer = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(tmp_path / "out"), url, "t0ken",
                                   str(tmp_path / "stop")], stdout=subprocess.PIPE, text=True)
        assert writer.stdout.readline() == "ready\n"
        sent, errors, partial, lock = [0], [], [], threading.Lock()
        rebuilt = threading.Event()  # the writer finished a build and a forced rebuild

        def follow_writer() -> None:
            for line in writer.stdout:
                if line == "cycle 2\n":
                    rebuilt.set()

        def client() -> None:
            seen: set[str] = set()  # documents this client has seen: a replaced one never vanishes
            with requests.Session() as session:
                while True:
                    with lock:
                        if sent[0] >= MAX_QUERIES or (sent[0] >= QUERIES and rebuilt.is_set()):
                            return
                        sent[0] += 1
                        n = sent[0]
                    query = queries[n % len(queries)]
                    try:
                        response = session.post(url + "/query", data={"query": query}, timeout=60,
                                                headers={"Accept": "application/sparql-results+json"})
                        answer = response.json()
                    except (requests.RequestException, ValueError) as e:
                        errors.append(repr(e))
                        continue
                    if response.status_code != 200 or ("results" not in answer and "boolean" not in answer):
                        errors.append(f"{response.status_code} {response.text[:200]}")
                    elif query == GRAPH_SIZES:
                        sizes = {r["g"]["value"]: int(r["n"]["value"]) for r in answer["results"]["bindings"]}
                        partial.extend((g, n) for g, n in sizes.items() if g.startswith(DOC_PREFIX) and n != expected.get(g))
                        partial.extend((g, 0) for g in seen - sizes.keys())
                        seen.update(g for g in sizes if g.startswith(DOC_PREFIX))

        follower = threading.Thread(target=follow_writer)
        follower.start()
        started = time.perf_counter()
        threads = [threading.Thread(target=client) for _ in range(CLIENTS)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        seconds = time.perf_counter() - started
        wrote_during_load = rebuilt.is_set()
        (tmp_path / "stop").touch()
        assert writer.wait(120) == 0
        follower.join()
        writer.stdout.close()
        with RemoteStore(url) as served:
            final = {row["g"].value: int(row["n"].value) for row in served.solutions(GRAPH_SIZES)}

    report = {"queries": sent[0], "clients": CLIENTS, "seconds": round(seconds, 2),
              "queries_per_second": round(sent[0] / seconds, 1), "errors": len(errors),
              "partial_documents": len(partial)}
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "load-test.json").write_text(json.dumps(report, indent=1) + "\n")
    print(f"\nload test: {report}")
    assert errors == [] and partial == []
    assert wrote_during_load  # a build and a full rebuild ran while the clients queried
    assert final == expected  # no lost write: every document and entity is there, whole
