"""The user's own identifiers: `kg build --link FILE` ties entities to the IRIs of an
authority file the user keeps.

The file is CSV or TSV (name, class, IRI, alternative names separated by `|` or `;`; a
header row naming the columns is optional) or RDF (every IRI with an `rdfs:label` or
`skos:prefLabel`, its `skos:altLabel` values as alternative names, its `rdf:type` as class
when it is a kg or well-known class). An entity matches an entry when one of its names is
one of the entry's (case, accents and spacing aside) and its class is the entry's class or
below it; its label first, then its other names. An entity that matches several entries,
or an entry that several entities match, is left alone and reported.

The links are stored in the graph `kggraph:links`, each a reified `owl:sameAs` attributed to
`kgrule:link-authority`, with the user's name as the `skos:prefLabel` of the user's IRI; a
later `--link` replaces them, a build without it keeps them. `refresh_entities` states them
in the entities graph: `owl:sameAs` and `schema:sameAs` the IRI, and the user's name as the
entity's label (kg's own becomes an altLabel).
"""

import csv
import io
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import FOAF, SKOS

from ..errors import Errors, InputError
from ..rdf.geonames import name_key
from ..rdf.iri import rule_iri
from ..rdf.mapping import link_iri
from ..rdf.namespace import ENTITY_GRAPH, KG, LINKS_GRAPH, SCHEMA, STALE_GRAPH

if TYPE_CHECKING:
    from .base import Store

AUTHORITY_RULE = "link-authority"
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|\\^`]+")
_RDF_FORMATS = {".ttl": "turtle", ".nt": "nt", ".n3": "n3", ".rdf": "xml", ".xml": "xml", ".owl": "xml",
                ".jsonld": "json-ld", ".json": "json-ld", ".trig": "trig", ".nq": "nquads"}
_HEADERS = {
    "name": ("name", "label", "prefLabel", "preferred name"),
    "class": ("class", "type", "kind"),
    "iri": ("iri", "uri", "id", "identifier", "url"),
    "alternatives": ("alternative names", "alternative name", "alternatives", "altLabel", "altLabels", "aliases",
                     "alias", "alt names", "other names"),
}
_OTHER_CLASSES = {
    SCHEMA.Person: "Person", FOAF.Person: "Person", SCHEMA.Organization: "Organization",
    FOAF.Organization: "Organization", URIRef("http://www.w3.org/ns/org#Organization"): "Organization",
    SCHEMA.GovernmentOrganization: "GovernmentAgency", SCHEMA.NewsMediaOrganization: "NewsOrganization",
    SCHEMA.WorkersUnion: "LabourUnion", SCHEMA.Place: "Place", SCHEMA.Country: "Country",
    SCHEMA.AdministrativeArea: "AdministrativeArea", SCHEMA.City: "Settlement",
}


@dataclass
class LinkEntry:
    """One identifier of the user's file: the IRI, the user's name for it, other names, a class."""

    iri: str
    name: str
    cls: str | None = None  # a kg class local name; None: any
    alternatives: list[str] = field(default_factory=list)
    line: int = 0  # where the file gives it (CSV/TSV), for messages

    @property
    def names(self) -> list[str]:
        return [self.name, *self.alternatives]


@dataclass
class LinkReport:
    """What linking did: the entities linked, and the matches left alone because they were ambiguous."""

    source: str = ""
    linked: int = 0
    ambiguous: list[str] = field(default_factory=list)


def read_links(path: Path) -> list[LinkEntry]:
    """The entries of a link file (CSV, TSV or RDF), one per IRI (rows with the same IRI merge).

    RAISES InputError: One line naming the file (and line) and what to fix.
    """
    if not path.is_file():
        raise InputError(Errors.E090.format(path=path))
    suffix = path.suffix.lower()
    try:
        data = path.read_bytes()
    except OSError as e:
        raise InputError(Errors.E006.format(path=path, reason=e.strerror or e)) from e
    if suffix in _RDF_FORMATS:
        entries = _rdf_entries(path, data, _RDF_FORMATS[suffix])
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            raise InputError(Errors.E007.format(path=path, reason=f"not UTF-8 at byte {e.start}")) from e
        entries = _table_entries(path, text, "\t" if suffix in {".tsv", ".tab"} or (
            suffix != ".csv" and "\t" in text.partition("\n")[0]) else ",")
    if not entries:
        raise InputError(Errors.E091.format(path=path))
    merged: dict[str, LinkEntry] = {}
    for entry in entries:
        known = merged.setdefault(entry.iri, entry)
        if known is not entry:
            known.alternatives += [n for n in entry.names if n not in known.names]
            known.cls = known.cls or entry.cls
    return list(merged.values())


def _table_entries(path: Path, text: str, delimiter: str) -> list[LinkEntry]:
    rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1)
            if any(cell.strip() for cell in row) and not row[0].lstrip().startswith("#")]
    columns = {"name": 0, "class": 1, "iri": 2, "alternatives": 3}
    if rows and _header(rows[0][1]) is not None:
        columns = _header(rows[0][1])
        rows = rows[1:]
    entries = []
    for line, row in rows:
        def cell(column: str) -> str:
            index = columns.get(column)
            return row[index].strip() if index is not None and index < len(row) else ""

        name, iri = " ".join(cell("name").split()), cell("iri")
        if not name:
            raise InputError(Errors.E092.format(path=path, line=line, what="no name", column=columns["name"] + 1))
        if not iri:
            raise InputError(Errors.E092.format(path=path, line=line, what="no IRI", column=columns["iri"] + 1))
        if not valid_iri(iri):
            raise InputError(Errors.E093.format(path=path, line=f", line {line}", iri=iri))
        alternatives = [" ".join(a.split()) for a in re.split(r"[|;]", cell("alternatives")) if a.strip()]
        entries.append(LinkEntry(iri, name, _class(path, line, cell("class")), alternatives, line))
    return entries


def valid_iri(text: str) -> bool:
    """Whether a text is an absolute IRI every RDF syntax can write (scheme, no spaces or <>"{}|\\^`)."""
    if not _IRI.fullmatch(text):
        return False
    try:
        ox.NamedNode(text)
    except ValueError:
        return False
    return True


def _header(row: list[str]) -> dict[str, int] | None:
    """The columns a header row names, or None when the row is data (it names no name and IRI column)."""
    cells = [" ".join(c.strip().casefold().replace("_", " ").split()) for c in row]
    columns = {}
    for column, names in _HEADERS.items():
        for i, cell in enumerate(cells):
            if cell in {n.casefold() for n in names}:
                columns.setdefault(column, i)
    return columns if {"name", "iri"} <= columns.keys() else None


def _class(path: Path, line: int, text: str) -> str | None:
    """A kg class local name from a cell: "Person", "kg:GovernmentAgency", a kg class IRI; "" for any."""
    if not text:
        return None
    name = text.removeprefix(str(KG._NS)).removeprefix("kg:")
    known = {c.casefold(): c for c in entity_classes()}
    if name.casefold() not in known:
        raise InputError(Errors.E094.format(path=path, line=line, cls=text, known=", ".join(sorted(entity_classes()))))
    return known[name.casefold()]


def _rdf_entries(path: Path, data: bytes, fmt: str) -> list[LinkEntry]:
    graph = Graph()
    try:
        if fmt in {"trig", "nquads"}:
            from rdflib import Dataset

            dataset = Dataset()
            dataset.parse(data=data, format=fmt)
            for s, p, o, _ in dataset.quads():
                graph.add((s, p, o))
        else:
            graph.parse(data=data, format=fmt)
    except Exception as e:  # rdflib's parsers raise many kinds; each is a file to fix
        reason = " ".join(str(e).split())[:300]
        raise InputError(Errors.E095.format(path=path, fmt=fmt, reason=reason)) from e
    entries = []
    for subject in sorted({s for s in graph.subjects() if isinstance(s, URIRef)}):
        labels = _texts(graph.objects(subject, RDFS.label)) or _texts(graph.objects(subject, SKOS.prefLabel))
        if not labels:
            continue
        if not valid_iri(str(subject)):
            raise InputError(Errors.E093.format(path=path, line="", iri=subject))
        others = _texts(graph.objects(subject, SKOS.altLabel)) + _texts(graph.objects(subject, SKOS.prefLabel))
        alternatives = [n for n in dict.fromkeys(labels[1:] + others) if n != labels[0]]
        types = [t for t in graph.objects(subject, RDF.type)]
        classes = [str(t).removeprefix(str(KG._NS)) for t in types if str(t).startswith(str(KG._NS))]
        classes += [_OTHER_CLASSES[t] for t in types if t in _OTHER_CLASSES]
        cls = next((c for c in classes if c in entity_classes()), None)
        entries.append(LinkEntry(str(subject), labels[0], cls, alternatives))
    return entries


def _texts(values: Iterable) -> list[str]:
    """Literal values as names: English or untagged first, whitespace collapsed."""
    literals = [v for v in values if isinstance(v, Literal) and str(v).strip()]
    literals.sort(key=lambda v: (v.language not in {None, "en"} and not (v.language or "").startswith("en-"), str(v)))
    return [" ".join(str(v).split()) for v in literals]


@lru_cache(maxsize=1)
def entity_classes() -> dict[str, frozenset[str]]:
    """Each kg class of entities (local name) -> itself and every class below it (kg.ttl)."""
    from ..rdf.ontology import ontology_graph

    onto = ontology_graph()

    def local(term: URIRef) -> str:
        return str(term).removeprefix(str(KG._NS))

    below = {KG.Entity: {KG.Entity, *onto.transitive_subjects(RDFS.subClassOf, KG.Entity)}}
    for cls in list(below[KG.Entity]):
        below[cls] = set(onto.transitive_subjects(RDFS.subClassOf, cls))
    return {local(c): frozenset(local(s) for s in subs if str(s).startswith(str(KG._NS)))
            for c, subs in below.items() if str(c).startswith(str(KG._NS))}


@dataclass(frozen=True)
class EntityNames:
    """What matching reads of an entity: its class (local name), label and other names."""

    cls: str
    label: str
    alternatives: frozenset[str]


def match_links(entities: Mapping[URIRef, EntityNames],
                entries: Iterable[LinkEntry]) -> tuple[dict[URIRef, LinkEntry], list[str]]:
    """Which entity each entry names, and the matches left alone.

    An entity matches an entry when its label (else one of its other names) is one of the
    entry's names and its class is the entry's or below it. An entity matching entries of
    several IRIs, and an IRI matched by several entities, are left alone.
    RETURNS (tuple): entity -> entry, and a line for each ambiguous match.
    """
    by_name: dict[str, list[LinkEntry]] = {}
    for entry in entries:
        for name in {name_key(n) for n in entry.names}:
            by_name.setdefault(name, []).append(entry)
    classes = entity_classes()
    proposed: dict[URIRef, LinkEntry] = {}
    ambiguous: list[str] = []
    for entity, names in sorted(entities.items()):
        def fits(entry: LinkEntry) -> bool:
            return entry.cls is None or names.cls in classes.get(entry.cls, ())

        found = [e for e in by_name.get(name_key(names.label), []) if fits(e)]
        if not found:
            found = [e for alt in sorted(names.alternatives) for e in by_name.get(name_key(alt), []) if fits(e)]
        iris = sorted({e.iri for e in found})
        if len(iris) == 1:
            proposed[entity] = found[0]
        elif iris:
            ambiguous.append(f"{names.label} ({entity}) matches {len(iris)} identifiers: {', '.join(iris)}")
    claimed: dict[str, list[URIRef]] = {}
    for entity, entry in proposed.items():
        claimed.setdefault(entry.iri, []).append(entity)
    for iri, claimants in sorted(claimed.items()):
        if len(claimants) > 1:
            ambiguous.append(f"{iri} matches {len(claimants)} entities: "
                             + ", ".join(f"{entities[e].label} ({e})" for e in claimants))
            for entity in claimants:
                del proposed[entity]
    return proposed, ambiguous


_ENTITY_NAMES = f"""
SELECT ?entity ?class ?label ?alt WHERE {{
  GRAPH <{ENTITY_GRAPH}> {{ ?entity a ?class ; <{RDFS.label}> ?label . OPTIONAL {{ ?entity <{SKOS.altLabel}> ?alt }} }}
}}
"""
_LINKED = f"SELECT DISTINCT ?entity WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?link <{RDF.subject}> ?entity }} }}"


def link_store(store: "Store", entries: list[LinkEntry], *, source: str = "") -> LinkReport:
    """Link the store's entities to the user's identifiers, replacing the links of an earlier
    `--link`, and refresh the entities whose links changed.

    RETURNS (LinkReport): How many entities were linked, and the ambiguous matches.
    """
    entities: dict[URIRef, EntityNames] = {}
    alternatives: dict[URIRef, set[str]] = {}
    for row in store.solutions(_ENTITY_NAMES):
        entity = URIRef(row["entity"].value)
        if entity not in entities:
            entities[entity] = EntityNames(row["class"].value.removeprefix(str(KG._NS)), row["label"].value, frozenset())
            alternatives[entity] = set()
        if row["alt"] is not None:
            alternatives[entity].add(row["alt"].value)
    entities = {e: EntityNames(n.cls, n.label, frozenset(alternatives[e] - {n.label})) for e, n in entities.items()}
    links, ambiguous = match_links(entities, entries)
    before = {URIRef(row["entity"].value) for row in store.solutions(_LINKED)}
    store.update(link_update(links, stale=before | set(links)))
    store.refresh_entities()
    return LinkReport(source=source, linked=len(links), ambiguous=ambiguous)


def link_update(links: Mapping[URIRef, LinkEntry], *, stale: Iterable[URIRef] = ()) -> str:
    """The SPARQL Update that replaces the links graph with these links and marks the
    entities whose links may change (`stale`) for the next refresh."""
    rule = rule_iri(AUTHORITY_RULE)
    triples = [f"<{rule}> <{RDF.type}> <{KG.ExtractionRule}>"] if links else []
    for entity, entry in sorted(links.items()):
        target = URIRef(entry.iri)
        link = link_iri(entity, target)
        triples += [f"<{link}> <{RDF.subject}> <{entity}>", f"<{link}> <{RDF.predicate}> <{OWL.sameAs}>",
                    f"<{link}> <{RDF.object}> <{target}>", f"<{link}> <{KG.extractedBy}> <{rule}>",
                    f"<{target}> <{SKOS.prefLabel}> {_literal(entry.name)}"]
    marks = " .\n".join(f"<{e}> a <{KG.Entity}>" for e in sorted(set(stale)))
    operations = [f"DROP SILENT GRAPH <{LINKS_GRAPH}>"]
    if triples:
        operations.append(f"INSERT DATA {{ GRAPH <{LINKS_GRAPH}> {{\n" + " .\n".join(triples) + " } }")
    if marks:
        operations.append(f"INSERT DATA {{ GRAPH <{STALE_GRAPH}> {{ {marks} }} }}")
    return " ;\n".join(operations)


def _literal(text: str) -> str:
    from ..rdf.iri import writable_text
    from ..rdf.terms import ox_term

    return str(ox_term(Literal(writable_text(text))))
