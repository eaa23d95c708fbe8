"""Finding and reading the documents to build."""

import hashlib
import re
from collections.abc import Iterator
from pathlib import Path

from .errors import Errors, InputError
from .records import SourceDocument

SUFFIXES = frozenset({".txt", ".md", ".markdown", ".text"})
# Unicode spaces read as plain spaces: one character for one, so offsets do not move.
_CR_BEFORE_LF = re.compile("\r(?=\n)")
_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f\u3000]")


def find_documents(inputs: list[Path]) -> Iterator[tuple[Path, str]]:
    """Each input file with its document id, in a stable order.

    A file's id is its name; a folder's files are named by the folder's name and their
    path inside it ("examples/border.txt"), so ids do not depend on where kg runs.
    """
    for path in inputs:
        if not path.exists():
            raise InputError(Errors.E004.format(path=path))
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                raise InputError(Errors.E005.format(path=path, suffixes=", ".join(sorted(SUFFIXES))))
            root = path.resolve()
            for file in files:
                yield file, f"{root.name}/{file.resolve().relative_to(root).as_posix()}"
        else:
            yield path, path.name


def read_document(path: Path, doc_id: str) -> SourceDocument:
    """Read one text or Markdown file as a document."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(Errors.E006.format(path=path, reason=e.strerror or e)) from e
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(Errors.E007.format(path=path)) from e
    if not text.strip():
        raise InputError(Errors.E008.format(path=path))
    return SourceDocument(
        doc_id=doc_id,
        name=path.name,
        text=normalize_text(text),
        content_hash="sha256:" + hashlib.sha256(data).hexdigest(),
    )


def normalize_text(text: str) -> str:
    """The text with exotic spaces made plain and carriage returns made spaces or newlines.

    One character becomes one character, so offsets into the result are offsets into the
    text as read.
    """
    return _SPACES.sub(" ", _CR_BEFORE_LF.sub(" ", text).replace("\r", "\n"))
