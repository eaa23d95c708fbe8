"""Finding and reading the documents to build: plain text, Markdown, HTML and JSON Lines
files, and folders of them.

`read_inputs` is the one entry point: it streams every document of the inputs, or the
error that kept it from being read, so that one bad file or line never stops a batch.
"""

import hashlib
import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from ..errors import Errors, InputError
from .document import SourceDocument
from .jsonl import SUFFIXES as JSONL_SUFFIXES
from .jsonl import count_records, read_jsonl
from .text import SNIFF_BYTES, check_text, decode, normalize_text

__all__ = ["DEFAULT_MAX_BYTES", "SUFFIXES", "SourceDocument", "count_inputs", "document_from_bytes", "folder_files", "normalize_text", "read_document",
           "read_file", "read_inputs"]

DEFAULT_MAX_BYTES = 50_000_000
TEXT_SUFFIXES = frozenset({".txt", ".text"})
MARKDOWN_SUFFIXES = frozenset({".md", ".markdown"})
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
SUFFIXES = TEXT_SUFFIXES | MARKDOWN_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES
_FILE_KINDS = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISSOCK, "a socket"),
               (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"), (stat.S_ISDIR, "a folder"))

Item = tuple[str, SourceDocument | InputError]


def read_inputs(inputs: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """Every document of the inputs with its id, or the error that kept it from being read.

    inputs: files and folders. A folder's files with a known suffix (SUFFIXES) are read,
        hidden ones left out; any file given by name is read whatever its suffix.
    max_bytes: the largest file, or JSON Lines record, to read.
    YIELDS (str, SourceDocument | InputError): in a stable order, lazily. A file's id is its
        name; a folder's files are named by the folder's name and their path inside it
        ("news/a.txt"); a JSON Lines record by its file's id and its own ("news/c.jsonl#42").
        A missing path, a folder without documents, an unreadable file or line yields an
        InputError whose message names it and says what to do.
    """
    for file_id, file in _files(inputs):
        if isinstance(file, InputError):
            yield file_id, file
        else:
            yield from read_file(file, file_id, max_bytes=max_bytes)


def count_inputs(inputs: Iterable[Path]) -> int:
    """How many items `read_inputs` yields for the inputs, without reading the documents
    (JSON Lines files are counted by their non-blank lines)."""
    return sum(count_records(file) if isinstance(file, Path) and file.suffix.lower() in JSONL_SUFFIXES else 1
               for _, file in _files(inputs))


def read_file(path: Path, file_id: str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Item]:
    """The documents of one file (one, or a JSON Lines file's records), or its errors."""
    try:
        size = _regular_file_size(path)
        if path.suffix.lower() in JSONL_SUFFIXES:
            yield from read_jsonl(path, file_id, max_bytes=max_bytes)
            return
        if size > max_bytes:
            raise InputError(Errors.E062.format(path=path, what="the file", size=size, limit=max_bytes))
        source = read_document(path, file_id)
    except InputError as e:
        yield file_id, e
    except OSError as e:
        yield file_id, InputError(Errors.E006.format(path=path, reason=e.strerror or e))
    else:
        yield file_id, source


def read_document(path: Path, doc_id: str) -> SourceDocument:
    """One text, Markdown or HTML file as a document.

    The suffix decides how it is read (.md: Markdown; .html, .htm: HTML; else plain text,
    or HTML when a file of another suffix starts like a page). Evidence offsets refer to
    the text kept: the plain text as decoded, the prose of Markdown without its markup,
    the article that trafilatura extracts from HTML.
    """
    return document_from_bytes(path.read_bytes(), doc_id, name=path.name, suffix=path.suffix, where=path)


def document_from_bytes(data: bytes, doc_id: str, *, name: str, suffix: str, where: Path | str) -> SourceDocument:
    """The bytes of a text, Markdown or HTML document (a file's, or a request body's) as a
    document, read as `read_document` reads a file with that suffix.

    where: what error messages name (the file's path, or the document's id).
    RAISES InputError: For a binary, undecodable or empty text, or a page with no article.
    """
    check_text(data[:SNIFF_BYTES], where)
    text = decode(data, where)
    if not text.strip():
        raise InputError(Errors.E008.format(path=where))
    suffix = suffix.lower()
    title = date = url = None
    if suffix in HTML_SUFFIXES or (suffix not in TEXT_SUFFIXES | MARKDOWN_SUFFIXES and _looks_like_html(text)):
        from .html import html_article  # trafilatura takes a fifth of a second to import

        article = html_article(text)
        if article is None:
            raise InputError(Errors.E064.format(path=where))
        text, title, date, url = article.text, article.title, article.date, article.url
    elif suffix in MARKDOWN_SUFFIXES:
        from .markdown import markdown_text

        text, title = markdown_text(text)
        if not text.strip():
            raise InputError(Errors.E008.format(path=where))
    return SourceDocument(
        doc_id=doc_id,
        name=name,
        text=normalize_text(text),
        content_hash="sha256:" + hashlib.sha256(data).hexdigest(),
        title=title,
        date=date,
        url=url,
    )


def _files(inputs: Iterable[Path]) -> Iterator[tuple[str, Path | InputError]]:
    """Each input file with its id, or the error of an input that gives none."""
    for path in inputs:
        if path.is_dir():
            files, problems = _folder(path)
            yield from problems
            if not files and not problems:
                yield str(path), InputError(Errors.E005.format(path=path, suffixes=", ".join(sorted(SUFFIXES))))
            yield from files
        elif path.exists() or path.is_symlink():
            yield path.name, path
        else:
            yield str(path), InputError(Errors.E004.format(path=path))


def folder_files(path: Path) -> list[tuple[str, Path]]:
    """The document files of a folder with the ids `read_inputs` gives them ("news/a.txt");
    subfolders that can't be listed are left out."""
    return _folder(path)[0]


def _folder(path: Path) -> tuple[list[tuple[str, Path]], list[tuple[str, InputError]]]:
    """The document files of a folder and its subfolders (hidden ones left out, links to
    folders not followed) in path order, and the subfolders that could not be listed."""
    root = path.resolve().name
    files: list[tuple[tuple[str, ...], str, Path]] = []
    problems: list[tuple[str, InputError]] = []

    def unlisted(e: OSError) -> None:
        problems.append((str(e.filename), InputError(Errors.E006.format(path=e.filename, reason=e.strerror or e))))

    for folder, subfolders, names in os.walk(path, onerror=unlisted):
        subfolders[:] = [name for name in subfolders if not name.startswith(".")]
        for name in names:
            if not name.startswith(".") and Path(name).suffix.lower() in SUFFIXES:
                file = Path(folder, name)
                relative = file.relative_to(path)
                files.append((relative.parts, f"{root}/{relative.as_posix()}", file))
    return [(file_id, file) for _, file_id, file in sorted(files)], problems


def _regular_file_size(path: Path) -> int:
    """The size of a file that kg can read; an error for a broken link, a pipe, a device."""
    try:
        info = path.stat()
    except FileNotFoundError as e:
        if path.is_symlink():
            raise InputError(Errors.E063.format(path=path, target=os.readlink(path))) from e
        raise InputError(Errors.E004.format(path=path)) from e
    for is_kind, kind in _FILE_KINDS:
        if is_kind(info.st_mode):
            raise InputError(Errors.E061.format(path=path, kind=kind))
    return info.st_size


def _looks_like_html(text: str) -> bool:
    start = text.lstrip()[:15].lower()
    return start.startswith("<!doctype html") or start.startswith("<html")
