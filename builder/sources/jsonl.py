"""JSON Lines corpora: one document a line, `{"id", "text", "title", "url", "date"}`."""

import hashlib
import io
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO, TypeVar

from ..errors import Errors, InputError
from .document import SourceDocument
from .metadata import absolute_url, clean_title, parse_date
from .text import SNIFF_BYTES, bom_encoding, check_text, normalize_text

T = TypeVar("T")
SUFFIXES = frozenset({".jsonl", ".ndjson"})
_JSON_TYPES = {list: "an array", str: "a string", int: "a number", float: "a number",
               bool: "true or false", type(None): "null"}


def read_jsonl(path: Path, file_id: str, *, max_bytes: int,
               data: bytes | None = None) -> Iterator[tuple[str, SourceDocument | InputError]]:
    """Each record of a JSON Lines file as a document, or the error that kept a line from
    being one; blank lines are skipped.

    A record's id is "FILE_ID#ID" with the record's "id", or its line number when it has
    none. Each line (not the file) must be at most `max_bytes`.
    data: the file's bytes, when they come from elsewhere (a request body); `path` then
        only names them in messages.
    """
    seen: dict[str, int] = {}
    with (path.open("rb") if data is None else io.BytesIO(data)) as file:
        _check_start(file, path)
        records = 0
        for number, (line, size) in enumerate(_lines(file, max_bytes), start=1):
            if not line.strip():
                continue
            records += 1
            try:
                source = _record(line, size, path=path, file_id=file_id, number=number, max_bytes=max_bytes, seen=seen)
            except InputError as e:
                yield f"{file_id}#{number}", e
                continue
            seen[source.doc_id] = number
            yield source.doc_id, source
    if not records:
        raise InputError(Errors.E008.format(path=path))


def count_records(path: Path) -> int:
    """How many items `read_jsonl` yields for a file without parsing it: its non-blank
    lines, or one when the file has none or is refused as a whole."""
    try:
        with path.open("rb") as file:
            _check_start(file, path)
            return max(1, sum(1 for line, _ in _lines(file, SNIFF_BYTES) if line.strip()))
    except (OSError, InputError):
        return 1


def _check_start(file: BinaryIO, path: Path) -> None:
    """Refuse a binary file or one in UTF-16/32 by its first bytes; then rewind."""
    head = file.read(SNIFF_BYTES)
    check_text(head, path)
    if bom_encoding(head) not in (None, ("utf-8-sig", "UTF-8")):
        raise InputError(Errors.E007.format(path=path, reason="JSON Lines files are UTF-8, this one is not"))
    file.seek(0)


def _lines(file: BinaryIO, limit: int) -> Iterator[tuple[bytes, int]]:
    """Each line without its line break, with its size in bytes. Of a line longer than
    `limit` only the first `limit` + 1 bytes are kept in memory (the size counts them all)."""
    while line := file.readline(limit + 1):
        size = len(line)
        tail = line
        while not tail.endswith(b"\n") and (tail := file.readline(1 << 20)):
            size += len(tail)
        yield line.rstrip(b"\r\n"), size


def _record(line: bytes, size: int, *, path: Path, file_id: str, number: int, max_bytes: int,
            seen: dict[str, int]) -> SourceDocument:
    where = f"{path}, line {number}"
    if size > max_bytes:
        raise InputError(Errors.E062.format(path=where, what="the record", size=size, limit=max_bytes))
    try:
        text = line.removeprefix(b"\xef\xbb\xbf" if number == 1 else b"").decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(Errors.E007.format(path=where, reason=f"byte {e.start + 1:,} of the line is not UTF-8")) from e
    try:
        record = json.loads(text)
    except json.JSONDecodeError as e:
        raise InputError(Errors.E065.format(path=where, reason=f"{e.msg}: column {e.colno}")) from e
    except RecursionError as e:
        raise InputError(Errors.E065.format(path=where, reason="it is nested too deeply")) from e
    if not isinstance(record, dict):
        raise InputError(Errors.E065.format(path=where, reason=f"it is {_JSON_TYPES[type(record)]}"))
    _check_body(record, where)
    key = _id(record.get("id", number), where)
    doc_id = f"{file_id}#{key}"
    if doc_id in seen:
        raise InputError(Errors.E068.format(path=where, id=key, line=seen[doc_id]))
    return _document(record, where, doc_id=doc_id, name=f"{path.name}#{key}",
                     content_hash="sha256:" + hashlib.sha256(line).hexdigest())


def record_document(record: dict, *, where: str, max_bytes: int, content: bytes | None = None) -> SourceDocument:
    """A record given as a dict, with the fields of a JSON Lines record, as a document whose
    id is the record's "id" (required here).

    where: what error messages name.
    content: the bytes whose hash is the document's content hash [default: the record's
        JSON text, keys sorted, fields that are None left out].
    RAISES InputError: As for a JSON Lines line: no text, a field of the wrong kind, too large.
    """
    record = {k: v for k, v in record.items() if v is not None}
    data = content if content is not None else json.dumps(record, ensure_ascii=False, sort_keys=True,
                                                          default=str).encode("utf-8", "surrogateescape")
    if len(data) > max_bytes:
        raise InputError(Errors.E062.format(path=where, what="the document", size=len(data), limit=max_bytes))
    _check_body(record, where)
    if "id" not in record:
        raise InputError(Errors.E067.format(path=where, field="id", expected="a non-empty string or a whole number",
                                            got="nothing"))
    key = _id(record["id"], where)
    return _document(record, where, doc_id=key, name=key, content_hash="sha256:" + hashlib.sha256(data).hexdigest())


def _check_body(record: dict, where: str) -> None:
    body = record.get("text")
    if not isinstance(body, str) or not body.strip():
        raise InputError(Errors.E066.format(path=where))


def _document(record: dict, where: str, *, doc_id: str, name: str, content_hash: str) -> SourceDocument:
    return SourceDocument(
        doc_id=doc_id,
        name=name,
        text=normalize_text(record["text"]),
        content_hash=content_hash,
        title=_optional(record, "title", where, clean_title, "a string"),
        date=_optional(record, "date", where, parse_date, "a date such as 2024-05-17 or 2024-05-17T09:30:00Z"),
        url=_optional(record, "url", where, absolute_url, "an absolute http(s) URL"),
    )


def _id(value: object, where: str) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int)) or not str(value).strip():
        raise InputError(Errors.E067.format(path=where, field="id", expected="a non-empty string or a whole number",
                                            got=_shown(value)))
    return normalize_text(str(value).strip())


def _optional(record: dict, name: str, where: str, parse: Callable[[str], T | None], expected: str) -> T | None:
    """An optional string field of a record, parsed; a value that does not parse is an error."""
    value = record.get(name)
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    parsed = parse(value) if isinstance(value, str) else None
    if parsed is None:
        raise InputError(Errors.E067.format(path=where, field=name, expected=expected, got=_shown(value)))
    return parsed


def _shown(value: object) -> str:
    """A short view of a JSON value for a message."""
    text = normalize_text(json.dumps(value, ensure_ascii=False))
    return text if len(text) <= 40 else text[:37] + "..."
