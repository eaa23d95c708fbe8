"""`kg build` on batches of good and bad inputs: one line for each bad input, the rest built."""

import datetime
import io
import json
import os
import re
import socket
import subprocess
import zipfile
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Literal, URIRef
from typer.testing import CliRunner

from builder.cli import app
from builder.rdf.iri import document_iri
from builder.rdf.namespace import KG, SCHEMA
from commands import kg_command, unprivileged

ROOT = Path(__file__).resolve().parents[2]
ARTICLE = ROOT / "tests" / "fixtures" / "inputs" / "article.html"
runner = CliRunner()


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", "Ann Lee said so.")
    return buffer.getvalue()


def test_an_output_folder_that_cannot_be_written_stops_the_build(tmp_path: Path):
    taken = tmp_path / "out"
    taken.write_text("a file where the output folder should be")
    article = tmp_path / "a.txt"
    article.write_text("Ann Lee said so.")
    result = runner.invoke(app, ["build", str(article), "--out", str(taken)])
    assert result.exit_code == 1
    assert [line for line in result.output.splitlines() if line.strip()] == [
        f"error: Can't write to the output folder {taken} (File exists). Pick another with --out."]


@pytest.mark.model
def test_a_batch_with_every_kind_of_bad_input_builds_the_good_documents(tmp_path: Path, monkeypatch):
    """The real command, in its own process, as a user that file permissions apply to."""
    news = tmp_path / "news"
    news.mkdir()
    good = {
        "plain.txt": "Ann Lee, a spokesperson for the Acme Agency, said on Monday that talks resumed.".encode(),
        "western.txt": "Jean Tremblay, le porte-parole de la Sûreté du Québec, a parlé à Montréal.".encode("cp1252"),
        "wide.txt": "Marie Roy, the mayor of Halifax, met Ann Lee in Ottawa.".encode("utf-16"),
        "bom.txt": "Sophie Gagnon, the mayor of Moncton, spoke on Tuesday.".encode("utf-8-sig"),
        "latin.txt": "Jürgen Müller, der Bürgermeister von München, sprach in Köln.".encode("latin-1"),
        "notes.md": b"# Talks resume\n\nAnn Lee, a **spokesperson** for the [Acme Agency](https://acme.example),\nspoke.\n",
        "article.html": ARTICLE.read_bytes(),
        "corpus.jsonl": b"\n".join([
            json.dumps({"id": "one", "text": "Daniel Okafor heads the Halifax Port Authority.",
                        "title": "Port news", "url": "https://news.example.org/one", "date": "2024-05-18"}).encode(),
            b'{"id": "two", "text": "Broken',
            json.dumps({"id": "three", "title": "No text"}).encode(),
            json.dumps({"id": "four", "text": "Marie Roy spoke in Halifax."}).encode(),
            json.dumps({"id": "five", "text": "word " * 700}).encode(),
        ]),
        "2024.txt/inner.txt": b"Daniel Okafor spoke in Halifax on Friday.",  # a folder named like an article
    }
    bad = {
        "empty.txt": (b"", "the file is empty (no text). Remove it or add its text."),
        "blank.md": (b" \n\t\n", "the file is empty (no text). Remove it or add its text."),
        "code-only.md": (b"```\nx = 1\n```\n", "the file is empty (no text). Remove it or add its text."),
        "report.txt": (b"%PDF-1.7\n1 0 obj", "the file is a PDF document, not text. "
                       "Convert it to text, Markdown or HTML, or leave it out."),
        "photo.md": (b"\x89PNG\r\n\x1a\n\x00\x00", "the file is a PNG image, not text. "
                     "Convert it to text, Markdown or HTML, or leave it out."),
        "nul.txt": (b"Ann Lee\x00\x00said", "the file is binary (it holds NUL bytes; UTF-16 text needs a byte-order "
                    "mark), not text. Convert it to text, Markdown or HTML, or leave it out."),
        "packed.txt": (b"\x1f\x8b\x08\x00compressed", "the file is a gzip archive, not text. "
                       "Convert it to text, Markdown or HTML, or leave it out."),
        "odd.txt": (b"\xff\xfeA\x00B", "can't decode the text: it starts with a UTF-16 byte-order mark, but byte 5 "
                    "is not UTF-16. Save it as UTF-8."),
        "archive.txt": (zip_bytes(), "the file is a ZIP archive (or a zipped document: .docx, .odt, .epub), not text. "
                        "Convert it to text, Markdown or HTML, or leave it out."),
        "mixed.txt": ("Montréal est une ville. ".encode() * 3 + "Québec".encode("latin-1"),
                      "can't decode the text: it is mostly UTF-8, but byte 78 is not. Save it as UTF-8."),
        "noise.txt": (bytes((i * 37 + 11) % 128 + 128 for i in range(2000)),
                      "can't decode the text: it is not UTF-8, and no other encoding fits. Save it as UTF-8."),
        "menu.html": (b"<html><body><script>var a = 1;</script></body></html>",
                      "no article text found in the HTML. Check that the file is the article's page, not an index or a script."),
        "big.txt": (b"word " * 1000, "the file is 5,000 bytes, over the limit of 3,000. "
                    "Split it, or raise the limit with --max-bytes."),
        "secret.txt": (b"Ann Lee said so.", "can't read the file (Permission denied). Check that it exists and that kg may read it."),
    }
    for name, data in good.items():
        (news / name).parent.mkdir(exist_ok=True)
        (news / name).write_bytes(data)
    for name, (data, _) in bad.items():
        (news / name).write_bytes(data)
    (news / "secret.txt").chmod(0o000)
    (news / "moved.txt").symlink_to(tmp_path / "gone.txt")
    os.mkfifo(news / "feed.txt")
    with monkeypatch.context() as here, socket.socket(socket.AF_UNIX) as server:
        here.chdir(news)  # a socket's path must be short (108 bytes): bind it by its name
        server.bind("talk.txt")  # the socket file stays when the socket is closed
    (tmp_path / "nothing").mkdir()
    (tmp_path / "scan.pdf").write_bytes(b"%PDF-1.4\n%\xe2\xe3")
    out = tmp_path / "out"

    inputs = [news, tmp_path / "missing.txt", tmp_path / "scan.pdf", tmp_path / "nothing"]
    run = subprocess.run([*unprivileged(), *kg_command(), "build", *map(str, inputs), "--out", str(out),
                          "--max-bytes", "3000"], capture_output=True, text=True, cwd=ROOT, check=False,
                         env={**os.environ, "COLUMNS": "300"})

    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    expected = [f"{news / name}: {reason}" for name, (_, reason) in bad.items()] + [
        f"{news / 'corpus.jsonl'}, line 2: not a JSON object (Unterminated string starting at: column 23). "
        "Write one JSON object per line.",
        f"{news / 'corpus.jsonl'}, line 3: the record has no text (a non-empty \"text\" string). Add it or remove the line.",
        f"{news / 'corpus.jsonl'}, line 5: the record is {len(good['corpus.jsonl'].splitlines()[4]):,} bytes, over the limit "
        "of 3,000. Split it, or raise the limit with --max-bytes.",
        f"{news / 'moved.txt'}: the link points to {tmp_path / 'gone.txt'}, which does not exist. Fix the link or remove it.",
        f"{news / 'feed.txt'}: not a regular file (a named pipe). Give kg article files or folders of them.",
        f"{news / 'talk.txt'}: not a regular file (a socket). Give kg article files or folders of them.",
        f"{tmp_path / 'missing.txt'}: no such file or folder. Check the path.",
        f"{tmp_path / 'scan.pdf'}: the file is a PDF document, not text. Convert it to text, Markdown or HTML, or leave it out.",
        f"{tmp_path / 'nothing'}: the folder holds no documents (.htm, .html, .jsonl, .markdown, .md, .ndjson, .text, "
        ".txt, .xhtml). Point kg at a folder of articles.",
    ]
    skipped = sorted(line.removeprefix("skipped: ") for line in run.stderr.splitlines() if line.startswith("skipped: "))
    assert skipped == sorted(expected)
    assert re.search(r"^Built 10 document\(s\), 0 unchanged, 23 failed in ", run.stdout, re.M), run.stdout

    dataset = Dataset().parse(out / "graph.trig", format="trig")
    built = {str(g.identifier) for g in dataset.graphs() if (g.identifier, None, KG.Document) in g}
    assert built == {str(document_iri(f"news/{name}")) for name in [
        "plain.txt", "western.txt", "wide.txt", "bom.txt", "latin.txt", "notes.md", "article.html", "corpus.jsonl#one",
        "corpus.jsonl#four", "2024.txt/inner.txt"]}
    html, record = document_iri("news/article.html"), document_iri("news/corpus.jsonl#one")
    assert {(p, o) for p, o in dataset.graph(html).predicate_objects(html) if p.startswith(str(SCHEMA))} == {
        (SCHEMA.name, Literal("article.html")), (SCHEMA.headline, Literal("Port authority names a new chief")),
        (SCHEMA.datePublished, Literal(datetime.date(2024, 5, 17))),
        (SCHEMA.url, URIRef("https://news.example.org/2024/05/port-chief"))}
    assert dataset.graph(record).value(record, SCHEMA.headline) == Literal("Port news")
    assert dataset.graph(record).value(record, SCHEMA.url) == URIRef("https://news.example.org/one")
    for name, encoding in [("bom.txt", "utf-8-sig"), ("wide.txt", "utf-16"), ("western.txt", "cp1252"),
                           ("latin.txt", "latin-1")]:
        text, doc = good[name].decode(encoding), document_iri(f"news/{name}")
        mentions = [(int(m["s"]), int(m["e"]), str(m["f"])) for m in dataset.graph(doc).query(
            "SELECT ?s ?e ?f WHERE { ?m kg:startOffset ?s ; kg:endOffset ?e ; kg:surfaceForm ?f }", initNs={"kg": KG._NS})]
        assert mentions and all(text[start:end] == form for start, end, form in mentions), (name, mentions)


@pytest.mark.model
def test_a_text_longer_than_the_pipeline_takes_is_built_in_chunks(tmp_path: Path, monkeypatch):
    """Texts over spaCy's max_length (1,000,000 characters) are parsed in paragraph chunks;
    here the limit is lowered so that a short article needs several."""
    from builder.extraction.nlp import load_pipeline

    monkeypatch.setattr(load_pipeline(), "max_length", 300)
    text = "\n\n".join([
        "Ann Lee, a spokesperson for the Acme Agency, said on Monday that the talks had resumed in Halifax.",
        "The union said its members would return to work on Tuesday after three weeks on strike.",
        "Daniel Okafor, the president of the Halifax Port Authority, welcomed the agreement.",
        "\"We are back to work,\" Okafor said. Lee said the Acme Agency would publish the terms on Friday.",
    ] * 2)
    article = tmp_path / "long.txt"
    article.write_text(text)
    result = runner.invoke(app, ["build", str(article), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    dataset = Dataset().parse(tmp_path / "out" / "graph.trig", format="trig")
    mentions = [(int(s), int(e), str(f)) for s, e, f in dataset.query(
        "SELECT ?s ?e ?f WHERE { GRAPH ?g { ?m a kg:Mention ; kg:startOffset ?s ; kg:endOffset ?e ; kg:surfaceForm ?f } }",
        initNs={"kg": KG._NS})]
    evidence = [(int(s), int(e), str(t)) for s, e, t in dataset.query(
        "SELECT ?s ?e ?t WHERE { GRAPH ?g { ?a a kg:Assertion ; kg:startOffset ?s ; kg:endOffset ?e ; kg:evidenceText ?t } }",
        initNs={"kg": KG._NS})]
    assert len(text) > 2 * 300 and max(start for start, _, _ in mentions) > 600
    assert all(text[start:end] == form for start, end, form in mentions)
    assert evidence and all(text[start:end].strip() == sentence for start, end, sentence in evidence)


@pytest.mark.model
def test_a_batch_where_nothing_can_be_built_exits_non_zero(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n")
    result = runner.invoke(app, ["build", str(tmp_path / "missing.txt"), str(empty), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert f"skipped: {tmp_path / 'missing.txt'}: no such file or folder. Check the path." in lines
    assert f"skipped: {empty}: the file is empty (no text). Remove it or add its text." in lines
    assert any(line.startswith("Built 0 document(s), 0 unchanged, 2 failed") for line in lines)
    assert "Traceback" not in result.output


@pytest.mark.model
def test_awkward_ids_and_file_names_give_iris_no_parser_rewrites(tmp_path: Path):
    """Record ids with `..`, `#?=`, spaces and a final dot, and file names with `#?`, spaces
    and bytes that aren't UTF-8: `kg build` writes percent-encoded document IRIs that the
    store, Oxigraph and rdflib read back unchanged."""
    news = tmp_path / "news"
    news.mkdir()
    (news / "wire.jsonl").write_text("\n".join(json.dumps({"id": doc_id, "text": f"Ann Lee spoke in Ottawa ({doc_id})."})
                                               for doc_id in ["..", "a b", "q?x=1#frag", "Reuters Inc."]) + "\n")
    (news / "a b #1?.txt").write_text("Marie Roy spoke in Halifax.")
    with open(os.path.join(os.fsencode(news), b"caf\xe9 \xff.txt"), "wb") as latin_name:
        latin_name.write(b"Daniel Okafor spoke in Moncton.")
    result = runner.invoke(app, ["build", str(news), "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    expected = {"https://w3id.org/newskg/doc/news/" + iri for iri in [
        "wire.jsonl%23.%2E", "wire.jsonl%23a%20b", "wire.jsonl%23q%3Fx%3D1%23frag", "wire.jsonl%23Reuters%20Inc%2E",
        "a%20b%20%231%3F.txt", "caf%E9%20%FF.txt"]}
    documents = {f"<{KG.Document}>"}
    stored = {q.graph_name.value for q in ox.Store.read_only(str(tmp_path / "out" / "store"))
              if str(q.object) in documents}
    written = {q.graph_name.value for q in ox.parse(path=str(tmp_path / "out" / "graph.trig"), format=ox.RdfFormat.TRIG)
               if str(q.object) in documents}
    read = {str(g.identifier) for g in Dataset().parse(tmp_path / "out" / "graph.trig", format="trig").graphs()
            if (g.identifier, None, KG.Document) in g}
    assert stored == written == read == expected
