"""Reading documents: formats, encodings, ids, and a one-line error for every bad input."""

import datetime
import hashlib
import io
import json
import os
import pickle
import shutil
import socket
import subprocess
import zipfile
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef

from builder.errors import InputError
from builder.rdf.mapping import document_graph
from builder.rdf.namespace import KGDOC, SCHEMA
from builder.extraction.records import Extraction
from builder.sources import SourceDocument
from builder.sources import count_inputs, normalize_text, read_file, read_inputs
from builder.sources.markdown import markdown_text
from builder.sources.metadata import absolute_url, parse_date
from builder.query.validate import validate
from commands import kg_command, unprivileged

FIXTURES = Path(__file__).parents[1] / "fixtures" / "inputs"
FRENCH = "Le ministre a déclaré à Montréal que la Sûreté du Québec surveillait la frontière près de Lacolle."
ENGLISH = "Ann Lee said the agency was \u201cready\u201d \u2013 and that\u2019s final, Mr. Brûlé added."


def read_one(path: Path, **options) -> SourceDocument | InputError:
    """What read_inputs yields for a single file that holds one document."""
    (item,) = read_inputs([path], **options)
    return item[1]


def message(path: Path, **options) -> str:
    result = read_one(path, **options)
    assert isinstance(result, InputError), result
    return str(result)


def test_normalizing_keeps_every_offset():
    text = "Ann\u00a0Lee said\r\nso.\rThen\u2009more.\x0cNext\x00page\x1b\x85end\ud800\uffff."
    normalized = normalize_text(text)
    assert len(normalized) == len(text)
    assert normalized == "Ann Lee said \nso.\nThen more.\nNext page \nend\ufffd\ufffd."


def test_folder_ids_are_relative_and_stable(tmp_path: Path):
    folder = tmp_path / "news"
    (folder / "sub").mkdir(parents=True)
    (folder / ".git").mkdir()
    (folder / "b.md").write_text("B text")
    (folder / "sub" / "a.txt").write_text("A text")
    (folder / "sub" / "c.HTML").write_text("<html><body><article><p>C text of the page.</p></article></body></html>")
    (folder / "skip.pdf").write_bytes(b"%PDF")
    (folder / ".hidden.txt").write_text("hidden")
    (folder / ".git" / "x.txt").write_text("git")
    assert [doc_id for doc_id, _ in read_inputs([folder])] == ["news/b.md", "news/sub/a.txt", "news/sub/c.HTML"]


@pytest.mark.parametrize("text,encoding", [
    (ENGLISH, "utf-8"),
    (ENGLISH, "utf-8-sig"),
    (FRENCH, "utf-16"),
    (FRENCH, "utf-16-be"),
    (FRENCH, "utf-32"),
    (FRENCH, "cp1252"),
    (FRENCH, "latin-1"),
    (ENGLISH, "cp1252"),
    ("Die Bundesregierung in Berlin hat über die Grenzübergänge beraten.", "latin-1"),
    ("Café.", "latin-1"),
    ("Jean Tremblay, le porte-parole de la Sûreté du Québec, a parlé à Montréal.", "cp1252"),  # not Baltic cp775
    ("Müller sagte, dass die Gespräche am Montag fortgesetzt würden.", "cp1252"),
])
def test_text_in_common_encodings_is_decoded(tmp_path: Path, text: str, encoding: str):
    path = tmp_path / "a.txt"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    path.write_bytes(data)
    doc = read_one(path)
    assert doc.text == text
    assert doc.content_hash == "sha256:" + hashlib.sha256(data).hexdigest()


def test_markdown_keeps_the_prose_and_its_title():
    source = """# Port strike ends

Ann Lee, a **spokesperson** for the [Acme Agency](https://acme.example),
said on `Monday` that talks resumed.

- Halifax, N.S.
- Saint John

> "We are back," she said.  
> Work starts today.

```
print("code is left out")
```

| who | where |
|---|---|
| Ann Lee | Halifax |

<div>raw html is left out</div>

![a photo](photo.jpg) The end.
"""
    text, title = markdown_text(source)
    assert title == "Port strike ends"
    assert text == (
        "Port strike ends\n\n"
        "Ann Lee, a spokesperson for the Acme Agency, said on Monday that talks resumed.\n\n"
        "Halifax, N.S.\n\nSaint John\n\n"
        "\"We are back,\" she said.\nWork starts today.\n\n"
        "who | where\n\nAnn Lee | Halifax\n\n"
        "The end."
    )


def test_html_gives_the_article_text_title_date_and_url():
    doc = read_one(FIXTURES / "article.html")
    assert doc.text == (
        "Port authority names a new chief\n"
        "Daniel Okafor will lead the Halifax Port Authority from June, the authority said on Friday.\n"
        "Marie Tremblay, a spokesperson for the Halifax Port Authority, said the board chose Okafor "
        "after a search of eight months.\n"
        "\"He knows every pier of this harbour,\" Tremblay said."
    )
    assert (doc.title, doc.date, doc.url) == (
        "Port authority names a new chief", datetime.date(2024, 5, 17), "https://news.example.org/2024/05/port-chief")


def test_a_page_without_a_suffix_is_read_as_html(tmp_path: Path):
    path = tmp_path / "story"
    shutil.copy(FIXTURES / "article.html", path)
    assert read_one(path).title == "Port authority names a new chief"


def test_document_node_keeps_title_date_and_url_and_conforms():
    doc = read_one(FIXTURES / "article.html")
    graph = document_graph(doc, Extraction(), pipeline="test", processed_at=datetime.datetime(2024, 6, 1, tzinfo=datetime.timezone.utc))
    node = KGDOC["article.html"]
    assert graph.value(node, SCHEMA.headline) == Literal("Port authority names a new chief")
    assert graph.value(node, SCHEMA.datePublished) == Literal(datetime.date(2024, 5, 17))
    assert graph.value(node, SCHEMA.url) == URIRef("https://news.example.org/2024/05/port-chief")
    report = validate(graph)
    assert report.conforms, report.text


def test_jsonl_records_are_documents(tmp_path: Path):
    path = tmp_path / "corpus.jsonl"
    lines = [
        json.dumps({"id": "a-1", "text": "Ann Lee spoke.", "title": " Ann \n speaks ", "url": "https://e.example/a b",
                    "date": "2024-05-17T09:30:00+02:00"}),
        "",
        json.dumps({"id": 7, "text": "Second text.", "date": "Fri, 17 May 2024 09:30:00 GMT"}),
        json.dumps({"text": "No id: named by its line.", "extra": [1, 2]}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = list(read_inputs([path]))
    assert [doc_id for doc_id, _ in items] == ["corpus.jsonl#a-1", "corpus.jsonl#7", "corpus.jsonl#4"]
    first, second, third = (doc for _, doc in items)
    assert (first.name, first.text, first.title, first.url) == (
        "corpus.jsonl#a-1", "Ann Lee spoke.", "Ann speaks", "https://e.example/a%20b")
    assert first.date == datetime.datetime(2024, 5, 17, 9, 30, tzinfo=datetime.timezone(datetime.timedelta(hours=2)))
    assert first.content_hash == "sha256:" + hashlib.sha256(lines[0].encode()).hexdigest()
    assert second.date == datetime.datetime(2024, 5, 17, 9, 30, tzinfo=datetime.timezone.utc)
    assert (third.text, third.title, third.date, third.url) == ("No id: named by its line.", None, None, None)


def test_jsonl_bad_lines_are_errors_and_the_rest_is_read(tmp_path: Path):
    path = tmp_path / "corpus.jsonl"
    path.write_bytes(b"\n".join([
        b'{"id": 1, "text": "Good one."}',
        b'{"id": 2, "text": "Broken",',
        b'{"id": 3, "title": "No text"}',
        b'{"id": 4, "text": "   "}',
        b'["a", "list"]',
        b'{"id": 1, "text": "Same id again."}',
        b'{"id": true, "text": "Odd id."}',
        b'{"id": 8, "text": "Bad date.", "date": "last Tuesday"}',
        b'{"id": 9, "text": "Bad URL.", "url": "javascript:alert(1)"}',
        b'{"id": 10, "text": "Not UTF-8: \xe9t\xe9"}',
        b"[" * 100_000,
        b'{"id": 12, "text": "Good two."}',
    ]))
    where = f"{path}, line"
    assert [(doc_id, str(doc) if isinstance(doc, InputError) else doc.text) for doc_id, doc in read_inputs([path])] == [
        ("corpus.jsonl#1", "Good one."),
        ("corpus.jsonl#2", f"{where} 2: not a JSON object (Expecting property name enclosed in double quotes: column 28). Write one JSON object per line."),
        ("corpus.jsonl#3", f'{where} 3: the record has no text (a non-empty "text" string). Add it or remove the line.'),
        ("corpus.jsonl#4", f'{where} 4: the record has no text (a non-empty "text" string). Add it or remove the line.'),
        ("corpus.jsonl#5", f"{where} 5: not a JSON object (it is an array). Write one JSON object per line."),
        ("corpus.jsonl#6", f"{where} 6: the id '1' is already used on line 1. Give each record its own id."),
        ("corpus.jsonl#7", f'{where} 7: "id" must be a non-empty string or a whole number, not true. Fix it or leave the field out.'),
        ("corpus.jsonl#8", f'{where} 8: "date" must be a date such as 2024-05-17 or 2024-05-17T09:30:00Z, not "last Tuesday". '
                           "Fix it or leave the field out."),
        ("corpus.jsonl#9", f'{where} 9: "url" must be an absolute http(s) URL, not "javascript:alert(1)". Fix it or leave the field out.'),
        ("corpus.jsonl#10", f"{where} 10: can't decode the text: byte 32 of the line is not UTF-8. Save it as UTF-8."),
        ("corpus.jsonl#11", f"{where} 11: not a JSON object (it is nested too deeply). Write one JSON object per line."),
        ("corpus.jsonl#12", "Good two."),
    ]


def test_a_jsonl_record_over_the_limit_is_an_error(tmp_path: Path):
    path = tmp_path / "corpus.jsonl"
    long = json.dumps({"id": "long", "text": "word " * 1000})
    path.write_text(json.dumps({"id": "short", "text": "Short."}) + "\n" + long + "\n")
    items = list(read_inputs([path], max_bytes=100))
    assert items[0][1].text == "Short."
    assert str(items[1][1]) == (f"{path}, line 2: the record is {len(long) + 1:,} bytes, over the limit of 100. "
                                "Split it, or raise the limit with --max-bytes.")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("article.txt", "Ann Lee said so.")
    return buffer.getvalue()


# Each bad file and the reason its one-line error gives, after "{path}: ".
BAD_FILES = {
    "empty.txt": (b"", "the file is empty (no text). Remove it or add its text."),
    "blank.md": (b"  \n\t\r\n", "the file is empty (no text). Remove it or add its text."),
    "code-only.md": (b"```\nx = 1\n```\n", "the file is empty (no text). Remove it or add its text."),
    "report.txt": (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "the file is a PDF document, not text. "
                   "Convert it to text, Markdown or HTML, or leave it out."),
    "photo.txt": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is a PNG image, not text. "
                  "Convert it to text, Markdown or HTML, or leave it out."),
    "archive.md": (zip_bytes(), "the file is a ZIP archive (or a zipped document: .docx, .odt, .epub), not text. "
                   "Convert it to text, Markdown or HTML, or leave it out."),
    "nul.txt": (b"Ann Lee\x00\x00said", "the file is binary (it holds NUL bytes; UTF-16 text needs a byte-order mark), "
                "not text. Convert it to text, Markdown or HTML, or leave it out."),
    "mixed.txt": ("Montréal est une ville. ".encode() * 3 + "Québec".encode("latin-1"),
                  "can't decode the text: it is mostly UTF-8, but byte 78 is not. Save it as UTF-8."),
    "noise.txt": (bytes((i * 37 + 11) % 128 + 128 for i in range(3000)),
                  "can't decode the text: it is not UTF-8, and no other encoding fits. Save it as UTF-8."),
    "odd.txt": (b"\xff\xfeA\x00B", "can't decode the text: it starts with a UTF-16 byte-order mark, but byte 5 "
                "is not UTF-16. Save it as UTF-8."),
    "menu.html": (b"<html><head><title>Menu</title></head><body><script>var a = 1;</script></body></html>",
                  "no article text found in the HTML. Check that the file is the article's page, not an index or a script."),
    "big.txt": (b"word " * 30, "the file is 150 bytes, over the limit of 100. Split it, or raise the limit with --max-bytes."),
    "binary.jsonl": (b"\x1f\x8b\x08\x00compressed", "the file is a gzip archive, not text. "
                     "Convert it to text, Markdown or HTML, or leave it out."),
    "utf16.jsonl": ('{"text": "x"}\n'.encode("utf-16"), "can't decode the text: JSON Lines files are UTF-8, "
                    "this one is not. Save it as UTF-8."),
    "blank.jsonl": (b"\n \n", "the file is empty (no text). Remove it or add its text."),
}


@pytest.mark.parametrize("name", BAD_FILES)
def test_bad_file_is_a_one_line_error(tmp_path: Path, name: str):
    data, reason = BAD_FILES[name]
    path = tmp_path / name
    path.write_bytes(data)
    assert message(path, max_bytes=100 if name == "big.txt" else 50_000_000) == f"{path}: {reason}"


def test_missing_path_and_empty_folder(tmp_path: Path):
    assert message(tmp_path / "nope.txt") == f"{tmp_path / 'nope.txt'}: no such file or folder. Check the path."
    (tmp_path / "notes.pdf").write_bytes(b"%PDF")
    assert message(tmp_path) == (f"{tmp_path}: the folder holds no documents (.htm, .html, .jsonl, .markdown, .md, "
                                 ".ndjson, .text, .txt, .xhtml). Point kg at a folder of articles.")


def test_broken_link_pipe_and_folder_are_not_files(tmp_path: Path, monkeypatch):
    link = tmp_path / "moved.txt"
    link.symlink_to(tmp_path / "gone.txt")
    pipe = tmp_path / "feed.txt"
    os.mkfifo(pipe)
    monkeypatch.chdir(tmp_path)  # a socket's path must be short (108 bytes): bind it by its name
    with socket.socket(socket.AF_UNIX) as server:
        server.bind("talk.txt")
        sock = tmp_path / "talk.txt"
        assert message(link) == f"{link}: the link points to {tmp_path / 'gone.txt'}, which does not exist. Fix the link or remove it."
        assert message(pipe) == f"{pipe}: not a regular file (a named pipe). Give kg article files or folders of them."
        assert message(sock) == f"{sock}: not a regular file (a socket). Give kg article files or folders of them."
    # A folder named like an article is read as a folder, inside a folder too; read as a file
    # (what a race could hand over), it is one line.
    news = tmp_path / "news"
    (news / "2024.txt").mkdir(parents=True)
    (news / "2024.txt" / "a.txt").write_text("Ann Lee said so.")
    assert [(doc_id, doc.text) for doc_id, doc in read_inputs([news / "2024.txt", news])] == [
        ("2024.txt/a.txt", "Ann Lee said so."), ("news/2024.txt/a.txt", "Ann Lee said so.")]
    (item,) = read_file(news / "2024.txt", "news/2024.txt")
    assert str(item[1]) == f"{news / '2024.txt'}: not a regular file (a folder). Give kg article files or folders of them."


def test_a_file_kg_may_not_read_is_an_error(tmp_path: Path):
    """The real `kg build`, in its own process, as a user that file permissions apply to."""
    secret = tmp_path / "secret.txt"
    secret.write_text("Ann Lee said so.")
    secret.chmod(0o000)
    run = subprocess.run([*unprivileged(), *kg_command(), "build", str(secret), "--out", str(tmp_path / "out")],
                         capture_output=True, text=True, cwd=Path(__file__).parents[2], check=False,
                         env={**os.environ, "COLUMNS": "300"})
    assert run.returncode == 1
    assert [line for line in run.stderr.splitlines() if line.startswith("skipped: ")] == [
        f"skipped: {secret}: can't read the file (Permission denied). Check that it exists and that kg may read it."], run.stderr
    assert "Built 0 document(s), 0 unchanged, 1 failed" in run.stdout
    assert "Traceback" not in run.stderr + run.stdout


def test_count_matches_what_is_read(tmp_path: Path):
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "a.txt").write_text("A text.")
    (folder / "empty.md").write_text("")
    (folder / "c.jsonl").write_text('{"text": "one"}\n\nnot json\n{"text": "three"}\n')
    (folder / "d.jsonl").write_bytes(b"%PDF-1.4\n1\n2\n")
    inputs = [folder, tmp_path / "missing.txt"]
    assert count_inputs(inputs) == len(list(read_inputs(inputs))) == 7


def test_documents_and_errors_pickle_for_worker_processes(tmp_path: Path):
    doc = read_one(FIXTURES / "article.html")
    error = read_one(tmp_path / "missing.txt")
    assert pickle.loads(pickle.dumps(doc)) == doc
    assert str(pickle.loads(pickle.dumps(error))) == str(error)


@pytest.mark.parametrize("text,expected", [
    ("2024-05-17", datetime.date(2024, 5, 17)),
    (" 2024-05-17T09:30:00Z ", datetime.datetime(2024, 5, 17, 9, 30, tzinfo=datetime.timezone.utc)),
    ("2024-05-17 09:30", datetime.datetime(2024, 5, 17, 9, 30)),
    ("Fri, 17 May 2024 09:30:00 -0400", datetime.datetime(2024, 5, 17, 9, 30, tzinfo=datetime.timezone(-datetime.timedelta(hours=4)))),
    ("May 17", None),
    ("2024-13-01", None),
    ("", None),
])
def test_dates(text: str, expected: datetime.date | None):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("https://e.example/a", "https://e.example/a"),
    ("  http://e.example/path?q=1&r=2#top  ", "http://e.example/path?q=1&r=2#top"),
    ('https://e.example/a b"<>{}|\\^`[x]/é?q=%zz#f#g', "https://e.example/a%20b%22%3C%3E%7B%7D%7C%5C%5E%60%5Bx%5D/%C3%A9?q=%25zz#f%23g"),
    ("/relative/path", None),
    ("ftp://e.example/file", None),
    ("https:///no-host", None),
    ("javascript:alert(1)", None),
    ("http://[::1]:8080/a b", "http://[::1]:8080/a%20b"),
    ("https://user@[2001:db8::1]/p", "https://user@[2001:db8::1]/p"),
    ("https://e.example/\udc80", "https://e.example/%EF%BF%BD"),
])
def test_urls_are_absolute_and_valid_iris(text: str, expected: str | None):
    url = absolute_url(text)
    assert url == expected
    if url:
        assert pyoxigraph.NamedNode(url).value == url
        assert len(Graph().parse(data=f"<{url}> <{url}> <{url}> .", format="nt")) == 1
