"""Live ingestion: a real `kg serve --allow-update` on 127.0.0.1 takes articles at
POST /documents and removes them at DELETE /documents; the store's triples are checked
after each step, queries are answered while articles arrive, and bad requests get one line."""

import json
import threading
from pathlib import Path

import pytest
import requests

from builder.errors import Errors
from builder.query.documents import read_body
from builder.errors import InputError
from servers import kg_serve

KG = "https://w3id.org/newskg/ontology#"
DOC = "https://w3id.org/newskg/doc/"
AUTH = {"Authorization": "Bearer s3cret"}
TEXT = {**AUTH, "Content-Type": "text/plain; charset=utf-8"}
FIRST = ("Marie Tremblay, a spokesperson for the Canada Border Services Agency, said on Monday that "
         "Daniel Okafor will lead the agency's office in Moncton.\n")
SECOND = "Aiko Brandt, the head of the Prairie Water Authority, spoke in Regina on Tuesday.\n"


def select(url: str, query: str) -> list[dict]:
    response = requests.post(url + "/query", data={"query": query}, timeout=60,
                             headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.text
    return [{k: v["value"] for k, v in row.items()} for row in response.json()["results"]["bindings"]]


def graph_size(url: str, doc_id: str) -> int:
    rows = select(url, f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{DOC}{doc_id}> {{ ?s ?p ?o }} }}")
    return int(rows[0]["n"])


def labels(url: str) -> set[str]:
    return {r["l"] for r in select(url, "SELECT ?l WHERE { GRAPH <https://w3id.org/newskg/graph/entities> "
                                        "{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } }")}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    store = tmp_path_factory.mktemp("live") / "store"
    with kg_serve(store, "--allow-update", "--token", "s3cret", "--max-bytes", "4000") as (url, _):
        yield url


@pytest.mark.model
def test_post_replace_and_delete_a_document(served):
    url = served
    posted = requests.post(url + "/documents", params={"id": "wire/a.txt"}, data=FIRST.encode(), headers=TEXT)
    assert posted.status_code == 201, posted.text
    answer = posted.json()
    assert set(answer) == {"document", "iri", "status", "entities", "relations", "quotations", "seconds"}
    assert (answer["document"], answer["iri"], answer["status"]) == ("wire/a.txt", DOC + "wire/a.txt", "built")
    assert answer["entities"] >= 3 and answer["relations"] >= 1
    assert graph_size(url, "wire/a.txt") > 0
    assert {"Marie Tremblay", "Daniel Okafor", "Canada Border Services Agency"} <= labels(url)

    again = requests.post(url + "/documents", params={"id": "wire/a.txt"}, data=FIRST.encode(), headers=TEXT)
    assert (again.status_code, again.json()["status"]) == (200, "unchanged")

    replaced = requests.post(url + "/documents", params={"id": "wire/a.txt"}, data=SECOND.encode(), headers=TEXT)
    assert (replaced.status_code, replaced.json()["status"]) == (201, "built")
    now = labels(url)
    assert "Aiko Brandt" in now and "Marie Tremblay" not in now  # the old version's entities left with it
    documents = select(url, f"SELECT ?d WHERE {{ ?d a <{KG}Document> }}")
    assert [d["d"] for d in documents] == [DOC + "wire/a.txt"]

    deleted = requests.delete(url + "/documents", params={"id": "wire/a.txt"}, headers=AUTH)
    assert deleted.status_code == 200 and deleted.json()["removed"] == [DOC + "wire/a.txt"]
    assert graph_size(url, "wire/a.txt") == 0
    assert "Aiko Brandt" not in labels(url)
    unknown = requests.delete(url + "/documents", params={"id": "wire/a.txt"}, headers=AUTH)
    assert unknown.status_code == 404 and unknown.text.startswith("No document wire/a.txt in the store ")
    assert "127.0.0.1" not in unknown.text  # names the served store, not the private server


@pytest.mark.model
def test_markdown_html_and_ndjson_bodies(served):
    url = served
    markdown = requests.post(url + "/documents", params={"id": "notes/b.md"}, data="# Brief\n\n" + SECOND,
                             headers={**AUTH, "Content-Type": "text/markdown"})
    assert markdown.status_code == 201, markdown.text
    page = (f"<!doctype html><html><head><title>Rail news</title></head><body><article><h1>Rail news</h1>"
            f"<p>{FIRST}</p><p>{SECOND}</p></article></body></html>")
    html = requests.post(url + "/documents", params={"id": "pages/c.html"}, data=page,
                         headers={**AUTH, "Content-Type": "text/html"})
    assert html.status_code == 201, html.text
    headline = select(url, f"SELECT ?h WHERE {{ GRAPH <{DOC}pages/c.html> {{ ?d <https://schema.org/headline> ?h }} }}")
    assert headline == [{"h": "Rail news"}]
    lines = "\n".join(json.dumps(r) for r in [{"id": 1, "text": FIRST}, {"id": "two", "text": SECOND, "date": "2026-03-02"}])
    feed = requests.post(url + "/documents", params={"id": "feed"}, data=lines + "\n",
                         headers={**AUTH, "Content-Type": "application/x-ndjson"})
    assert feed.status_code == 201, feed.text
    assert [d["document"] for d in feed.json()["documents"]] == ["feed#1", "feed#two"]
    assert graph_size(url, "feed%231") > 0 and graph_size(url, "feed%23two") > 0
    for doc in ("notes/b.md", "pages/c.html", "feed#1", "feed#two"):
        assert requests.delete(url + "/documents", params={"id": doc}, headers=AUTH).status_code == 200


@pytest.mark.model
def test_queries_are_answered_while_documents_arrive(served):
    url = served
    errors, answered, done = [], [0], threading.Event()

    def query() -> None:
        with requests.Session() as session:
            while not done.is_set() or answered[0] < 5:
                response = session.post(url + "/query", data={"query": "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"},
                                        headers={"Accept": "application/sparql-results+json"}, timeout=60)
                if response.status_code != 200:
                    errors.append(response.text)
                answered[0] += 1

    clients = [threading.Thread(target=query) for _ in range(2)]
    for client in clients:
        client.start()
    statuses = [requests.post(url + "/documents", params={"id": f"burst/{i}.txt"}, headers=TEXT,
                              data=(FIRST if i % 2 else SECOND).replace("Monday", f"day {i}").encode()).status_code
                for i in range(6)]
    done.set()
    for client in clients:
        client.join()
    assert statuses == [201] * 6 and errors == [] and answered[0] >= 5
    assert len(select(url, f"SELECT ?d WHERE {{ ?d a <{KG}Document> }}")) == 6


@pytest.mark.model
@pytest.mark.parametrize("headers, body, params, status, message", [
    ({"Content-Type": "text/plain"}, b"text", {"id": "x"}, 401, "Updates need 'Authorization: Bearer TOKEN'."),
    ({"Content-Type": "text/plain", "Authorization": "Bearer guess"}, b"text", {"id": "x"}, 403,
     "The bearer token is not the one this endpoint accepts."),
    (TEXT, b"x" * 5000, {"id": "big.txt"}, 413, "big.txt: the body is 5,000 bytes, over the limit of 4,000."),
    (TEXT, b"%PDF-1.7\n\x00\x01binary", {"id": "scan.pdf"}, 400, Errors.E060.format(path="scan.pdf", kind="a PDF document")),
    (TEXT, b"", {"id": "empty.txt"}, 400, Errors.E008.format(path="empty.txt")),
    (TEXT, b"  \n ", {"id": "blank.txt"}, 400, Errors.E008.format(path="blank.txt")),
    ({**AUTH, "Content-Type": "application/x-ndjson"}, b'{"id": 1, "text": "fine"}\n{"id": 2, "text": \n',
     {"id": "feed"}, 400, "feed, line 2: not a JSON object (Expecting value: column 19)."),
    ({**AUTH, "Content-Type": "application/x-ndjson"}, b'["a list"]\n', {"id": "feed"}, 400,
     "feed, line 1: not a JSON object (it is an array)."),
    ({**AUTH, "Content-Type": "application/pdf"}, b"text", {"id": "x"}, 415, "x: send the article as text/plain"),
    (TEXT, b"text", {}, 400, "Give the document's id: POST /documents?id=ID."),
])
def test_bad_posts_get_one_line_and_change_nothing(served, headers, body, params, status, message):
    before = select(served, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }")
    response = requests.post(served + "/documents", params=params, data=body, headers=headers)
    assert response.status_code == status, response.text
    assert response.text.startswith(message) and response.text.count("\n") == 1, response.text
    assert select(served, "SELECT (COUNT(*) AS ?n) { ?s ?p ?o }") == before


@pytest.mark.model
def test_documents_takes_post_and_delete_only(served):
    response = requests.get(served + "/documents", params={"id": "a"}, headers=AUTH)
    assert (response.status_code, response.headers["Allow"]) == (405, "POST, DELETE")


def test_a_read_only_endpoint_refuses_documents(tmp_path):
    from builder.store import KgStore

    with KgStore(tmp_path / "store"):
        pass
    with kg_serve(tmp_path / "store") as (url, _):
        for response in (requests.post(url + "/documents", params={"id": "a"}, data="text", headers=TEXT),
                         requests.delete(url + "/documents", params={"id": "a"}, headers=AUTH)):
            assert response.status_code == 403
            assert response.text.startswith("This endpoint is read-only")


def test_a_body_is_read_as_kg_build_reads_a_file_of_its_type():
    (text,) = read_body("Ann Lee spoke.\n".encode("utf-16"), "a.txt", "text/plain", max_bytes=100)
    assert text.text == "Ann Lee spoke.\n" and text.doc_id == "a.txt"
    (md,) = read_body(b"# Title\n\nSome *prose*.\n\n```\ncode\n```\n", "b.md", "text/markdown", max_bytes=100)
    assert (md.title, md.text.strip()) == ("Title", "Title\n\nSome prose.")
    records = read_body(b'{"id": "x", "text": "One."}\n\n{"text": "Two."}\n', "f", "application/x-ndjson", max_bytes=100)
    assert [r.doc_id for r in records] == ["f#x", "f#3"]
    with pytest.raises(InputError, match=r"^f, line 1: the record is 47 bytes, over the limit of 40"):
        read_body(b'{"id": "x", "text": "One sentence, too long."}\n', "f", "application/x-ndjson", max_bytes=40)
