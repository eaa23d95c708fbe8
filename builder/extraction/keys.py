"""The key that names an entity in every document and run ("person/claire-moreau"): its
kind and a slug of its name. IRIs are minted from keys (`rdf.iri.entity_iri`)."""

import hashlib
import re
import unicodedata

KINDS = ("person", "organization", "agreement", "place")
_MAX_SLUG = 80


def utf8_bytes(text: str) -> bytes:
    """The UTF-8 bytes of a text, lone surrogates included: the undecodable bytes of a file
    name come back as they were on disk; other lone surrogates are kept as code points."""
    try:
        return text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return text.encode("utf-8", "surrogatepass")


def slugify(name: str) -> str:
    """Lower-case ASCII slug of a name: accents folded, other characters collapsed to '-'.

    Names with no ASCII letter or digit (other scripts, emoji) get a short hash instead,
    so distinct names never share an IRI by accident.
    """
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")
    digest = hashlib.sha1(utf8_bytes(name)).hexdigest()[:10]
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
