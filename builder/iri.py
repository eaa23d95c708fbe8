"""Minting stable, readable IRIs for entities, documents and evidence nodes."""

import hashlib
import re
import unicodedata
from urllib.parse import quote

from rdflib import URIRef

from .namespace import KGDOC, KGID, KGRULE

KINDS = ("person", "organization", "agreement", "place")
_MAX_SLUG = 80


def slugify(name: str) -> str:
    """Lower-case ASCII slug of a name: accents folded, other characters collapsed to '-'.

    Names with no ASCII letter or digit (other scripts, emoji) get a short hash instead,
    so distinct names never share an IRI by accident.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    digest = hashlib.sha1(name.encode("utf-8")).hexdigest()[:10]
    if not slug:
        return "x-" + digest
    if len(slug) > _MAX_SLUG:
        return slug[:_MAX_SLUG].rstrip("-") + "-" + digest
    return slug


def entity_key(kind: str, name: str) -> str:
    """The key `kind/slug` that names an entity in every document and run."""
    if kind not in KINDS:
        raise ValueError(f"unknown entity kind {kind!r}")
    return f"{kind}/{slugify(name)}"


def entity_iri(key: str) -> URIRef:
    """IRI of an entity from its key."""
    return KGID[key]


def document_iri(doc_id: str) -> URIRef:
    """IRI of a document (and of its named graph) from its id, a relative path."""
    return KGDOC[quote(doc_id, safe="/-._~")]


def mention_iri(doc: URIRef, start: int, end: int) -> URIRef:
    """IRI of the mention spanning characters [start, end) of a document."""
    return URIRef(f"{doc}#m-{start}-{end}")


def statement_iri(doc: URIRef, *parts: object) -> URIRef:
    """IRI of an evidence statement, a hash of what it states and where."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()[:16]
    return URIRef(f"{doc}#r-{digest}")


def quotation_iri(doc: URIRef, start: int, end: int) -> URIRef:
    """IRI of the quotation spanning characters [start, end) of a document."""
    return URIRef(f"{doc}#q-{start}-{end}")


def rule_iri(rule: str) -> URIRef:
    """IRI of an extraction rule or model."""
    return KGRULE[quote(rule, safe="-._~")]
