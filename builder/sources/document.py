"""A document to build, as the sources read it."""

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class SourceDocument:
    """A document to build: its id, name and the text kg processes, with what its source
    says of it (an HTML page's or a JSON Lines record's title, date and URL)."""

    doc_id: str  # a relative path ("news/a.txt"), or a JSON Lines record's ("news/c.jsonl#42")
    name: str  # the file name, or "c.jsonl#42"
    text: str  # evidence offsets are offsets into this text
    content_hash: str  # "sha256:" and the hex digest of the file's (or record's line's) bytes
    title: str | None = None
    date: datetime.date | None = None  # a datetime.datetime when the source gives the time too
    url: str | None = None  # an absolute http(s) URL, safe to use as an IRI
