"""Minting stable, readable IRIs for entities, documents and evidence nodes, and the text
literals that every RDF syntax kg writes can carry."""

import hashlib
import re
from urllib.parse import quote

from rdflib import URIRef

from ..extraction.keys import utf8_bytes
from .namespace import KGDOC, KGID, KGRULE

# Characters XML 1.0 cannot hold (so RDF/XML cannot either), and lone surrogates, which no
# RDF syntax can encode. U+FFFE and U+FFFF are also refused by rapper in every syntax.
_UNWRITABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
# Dots to percent-encode in a document IRI: a "." or ".." segment, which parsers that resolve
# IRIs remove (RFC 3986 5.2.4), and a final dot, which rdflib's Turtle parser misreads in a
# prefixed name (kgdoc:a\. is valid Turtle).
_DOTS = re.compile(r"(?<![^/])\.\.?(?![^/])|\.$")


def writable_text(text: str) -> str:
    """A text as every RDF syntax kg writes can carry it (Turtle, N-Triples, RDF/XML, JSON-LD).

    Characters that RDF/XML cannot hold (C0 controls other than tab and line feed, U+FFFE,
    U+FFFF, lone surrogates) become U+FFFD and a carriage return becomes a line feed (XML
    parsers turn it into one anyway), one character for one, so the offsets of mentions
    and quotations still index the document text.
    """
    return _UNWRITABLE.sub("\ufffd", text.replace("\r", "\n"))


def entity_iri(key: str) -> URIRef:
    """IRI of an entity from its key."""
    return KGID[key]


def document_iri(doc_id: str) -> URIRef:
    """IRI of a document (and of its named graph) from its id, a relative path.

    Every byte but ASCII letters, digits and `/-._~` is percent-encoded, and so are the
    dots of a "." or ".." segment and a final dot, so every parser reads the IRI as written.
    """
    path = quote(utf8_bytes(doc_id), safe="/-._~")
    return KGDOC[_DOTS.sub(lambda m: "%2E" * len(m[0]), path)]


def mention_iri(doc: URIRef, start: int, end: int) -> URIRef:
    """IRI of the mention spanning characters [start, end) of a document."""
    return URIRef(f"{doc}#m-{start}-{end}")


def statement_iri(doc: URIRef, *parts: object) -> URIRef:
    """IRI of an evidence statement, a hash of what it states and where."""
    digest = hashlib.sha1(utf8_bytes("\x1f".join(map(str, parts)))).hexdigest()[:16]
    return URIRef(f"{doc}#r-{digest}")


def role_iri(doc: URIRef, *parts: object) -> URIRef:
    """IRI of a role a document states, a hash of what it states and where."""
    digest = hashlib.sha1(utf8_bytes("\x1f".join(map(str, parts)))).hexdigest()[:16]
    return URIRef(f"{doc}#role-{digest}")


def quotation_iri(doc: URIRef, start: int, end: int) -> URIRef:
    """IRI of the quotation spanning characters [start, end) of a document."""
    return URIRef(f"{doc}#q-{start}-{end}")


def rule_iri(rule: str) -> URIRef:
    """IRI of an extraction rule or model."""
    return KGRULE[quote(utf8_bytes(rule), safe="-._~")]
