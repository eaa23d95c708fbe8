"""Pure mapping from extraction records to RDF, one named graph per document."""

import hashlib
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import pyoxigraph as ox
from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS

from ..extraction.gazetteer import default_gazetteer
from ..extraction.keys import slugify
from ..extraction.lexicon import ORGANIZATIONS
from ..extraction.records import Extraction, Span
from ..extraction.roles import roles_of
from ..sources.document import SourceDocument
from .iri import (document_iri, entity_iri, mention_iri, quotation_iri, role_iri, rule_iri, statement_iri,
                  writable_text)
from .geonames import Context, GeoNames, GeoPlace, decide, decimal, default_geonames
from .namespace import ENTITY_GRAPH, GEO, KG, PREFIXES, PROV, SCHEMA, WGS84
from .terms import ox_term, rdflib_term


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the kg prefixes on a graph (for readable serializations)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


@dataclass(frozen=True, slots=True)
class NamedGraph:
    """One named graph as Oxigraph quads, the form the store writes."""

    name: ox.NamedNode
    quads: list[ox.Quad]

    @classmethod
    def of(cls, graph: "Graph | NamedGraph") -> "NamedGraph":
        """`graph` itself, or the triples of an rdflib Graph as quads in the graph it names."""
        if isinstance(graph, NamedGraph):
            return graph
        name = ox.NamedNode(str(graph.identifier))
        return cls(name, [ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in graph])

    def __len__(self) -> int:
        return len(self.quads)

    def to_rdflib(self) -> Graph:
        """The same triples as an rdflib Graph named `name` (for inspection and tests)."""
        g = bind_prefixes(Graph(identifier=URIRef(self.name.value)))
        for quad in self.quads:
            g.add((rdflib_term(quad.subject), URIRef(quad.predicate.value), rdflib_term(quad.object)))
        return g


def document_quads(source: SourceDocument, extraction: Extraction, *, pipeline: str,
                   processed_at: datetime) -> NamedGraph:
    """The named graph of one document: what it says, with evidence for every statement.

    Made of Oxigraph terms, with no rdflib Graph on the way (this runs for every document).
    """
    doc_ref = document_iri(source.doc_id)
    doc = ox.NamedNode(doc_ref)
    quads: dict[ox.Quad, None] = {}  # in order, each once

    def add(s: ox.NamedNode, p: ox.NamedNode, o: ox.NamedNode | ox.Literal) -> None:
        quads[ox.Quad(s, p, o, doc)] = None

    def mention(span: Span) -> ox.NamedNode:
        return ox.NamedNode(mention_iri(doc_ref, span.start, span.end))

    def offsets(node: ox.NamedNode, span: Span) -> None:
        add(node, _kg("startOffset"), _integer(span.start))
        add(node, _kg("endOffset"), _integer(span.end))
        add(node, _kg("inDocument"), doc)

    def evidence(node: ox.NamedNode, span: Span, sentence: Span, confidence: float, rule: str) -> None:
        offsets(node, span)
        add(node, _kg("confidence"), _confidence(confidence))
        add(node, _kg("extractedBy"), _rule(rule))
        add(_rule(rule), _TYPE, _kg("ExtractionRule"))
        add(node, _kg("evidenceText"), _text(sentence.text.strip()))

    add(doc, _TYPE, _kg("Document"))
    add(doc, _SCHEMA_NAME, _text(source.name))
    add(doc, _kg("contentHash"), ox.Literal(source.content_hash))
    add(doc, _kg("processedAt"), ox.Literal(processed_at.isoformat(timespec="seconds"), datatype=_DATETIME))
    add(doc, _kg("pipeline"), ox.Literal(pipeline))
    if source.title:
        add(doc, _SCHEMA_HEADLINE, _text(source.title))
    if source.date:
        add(doc, _SCHEMA_DATE, ox_term(Literal(source.date)))
    if source.url:
        add(doc, _SCHEMA_URL, ox.NamedNode(source.url))
    for entity in extraction.entities:
        ent = _entity(entity.key)
        add(doc, _kg("mentions"), ent)
        for span in entity.mentions:
            m = mention(span)
            offsets(m, span)
            add(m, _TYPE, _kg("Mention"))
            add(m, _kg("refersTo"), ent)
            add(m, _kg("entityClass"), _kg(entity.cls))  # the entity's rdf:type is in the entities graph only
            add(m, _kg("surfaceForm"), _text(span.text))
            if span in entity.links:
                add(m, _kg("linkedBy"), _rule(entity.links[span]))
                add(_rule(entity.links[span]), _TYPE, _kg("ExtractionRule"))
            if span in entity.found:
                add(m, _kg("foundBy"), _rule(entity.found[span]))
                add(_rule(entity.found[span]), _TYPE, _kg("ExtractionRule"))
    for relation in extraction.relations:
        subject = _entity(relation.subject)
        prop = _kg(relation.prop)
        obj = _text(relation.object) if relation.literal else _entity(relation.object)
        add(subject, prop, obj)
        st = ox.NamedNode(statement_iri(doc_ref, relation.subject, relation.prop, relation.object,
                                        relation.sentence.start, relation.rule))
        add(st, _TYPE, _STATEMENT)
        add(st, _TYPE, _kg("Assertion"))
        add(st, _SUBJECT, subject)
        add(st, _PREDICATE, prop)
        add(st, _OBJECT, obj)
        evidence(st, relation.sentence, relation.sentence, relation.confidence, relation.rule)
        if relation.subject_mention is not None:
            add(st, _kg("subjectMention"), mention(relation.subject_mention))
        if relation.object_mention is not None:
            add(st, _kg("objectMention"), mention(relation.object_mention))
    for role in roles_of(extraction.relations):
        r = ox.NamedNode(role_iri(doc_ref, role.holder, role.title, role.organization, role.sentence.start))
        add(r, _TYPE, _kg("Role"))
        add(r, _kg("roleHolder"), _entity(role.holder))
        add(r, _kg("roleTitle"), _text(role.title))
        if role.organization is not None:
            add(r, _kg("roleOrganization"), _entity(role.organization))
        evidence(r, role.sentence, role.sentence, role.confidence, role.rule)
    for quote in extraction.quotes:
        q = ox.NamedNode(quotation_iri(doc_ref, quote.text.start, quote.text.end))
        add(q, _TYPE, _kg("Quotation"))
        add(q, _kg("quoteText"), _text(quote.text.text))
        add(q, _kg("speaker"), _entity(quote.speaker))
        evidence(q, quote.text, quote.sentence, quote.confidence, quote.rule)
    return NamedGraph(doc, list(quads))


def document_graph(source: SourceDocument, extraction: Extraction, *, pipeline: str,
                   processed_at: datetime) -> Graph:
    """`document_quads` as an rdflib Graph."""
    return document_quads(source, extraction, pipeline=pipeline, processed_at=processed_at).to_rdflib()


_TYPE = ox.NamedNode(str(RDF.type))
_STATEMENT = ox.NamedNode(str(RDF.Statement))
_SUBJECT = ox.NamedNode(str(RDF.subject))
_PREDICATE = ox.NamedNode(str(RDF.predicate))
_OBJECT = ox.NamedNode(str(RDF.object))
_DATETIME = ox.NamedNode(str(XSD.dateTime))
_SCHEMA_NAME = ox.NamedNode(str(SCHEMA.name))
_SCHEMA_HEADLINE = ox.NamedNode(str(SCHEMA.headline))
_SCHEMA_DATE = ox.NamedNode(str(SCHEMA.datePublished))
_SCHEMA_URL = ox.NamedNode(str(SCHEMA.url))


@lru_cache(maxsize=256)
def _kg(name: str) -> ox.NamedNode:
    return ox.NamedNode(str(KG[name]))


@lru_cache(maxsize=1 << 16)
def _entity(key: str) -> ox.NamedNode:
    return ox.NamedNode(entity_iri(key))


@lru_cache(maxsize=1024)
def _rule(rule: str) -> ox.NamedNode:
    return ox.NamedNode(rule_iri(rule))


@lru_cache(maxsize=1 << 16)
def _integer(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(str(XSD.integer)))


@lru_cache(maxsize=256)
def _confidence(confidence: float) -> ox.Literal:
    return ox.Literal(f"{confidence:.2f}", datatype=ox.NamedNode(str(XSD.decimal)))


def _text(text: str) -> ox.Literal:
    return ox.Literal(writable_text(text))


def entity_graph(rows: Iterable[tuple[URIRef, URIRef, str, int]], *,
                 contexts: Mapping[URIRef, Sequence[Context]] | None = None,
                 links: Mapping[URIRef, tuple[URIRef, str | None]] | None = None,
                 geonames: GeoNames | None = None) -> Graph:
    """The triples of `entity_quads` as an rdflib Graph named `ENTITY_GRAPH` (for inspection and tests)."""
    g = bind_prefixes(Graph(identifier=ENTITY_GRAPH))
    for triple in _entity_triples(rows, contexts=contexts, links=links, geonames=geonames):
        g.add(triple)
    return g


def entity_quads(rows: Iterable[tuple[URIRef, URIRef, str, int]], *,
                 contexts: Mapping[URIRef, Sequence[Context]] | None = None,
                 links: Mapping[URIRef, tuple[URIRef, str | None]] | None = None,
                 geonames: GeoNames | None = None) -> NamedGraph:
    """The resolved description of each entity from what the documents say of it, as the
    quads of `ENTITY_GRAPH` (no rdflib Graph on the way: a refresh makes thousands).

    rows: (entity, class a mention gives it (`kg:entityClass`), surface form, how often) over all
        documents. The class with most mentions wins (the more specific on a tie); the label is
        the most frequent of the longest surface forms; every other form is an altLabel.
    contexts: for a place, the countries and divisions each document that mentions it names
        (`geonames.decide`); a place with none is decided as if its documents named none.
    links: the user's identifier for an entity and the name the user gives it (`kg build
        --link`): owl:sameAs and schema:sameAs that IRI, and the user's name as the label (the
        label kg would give becomes an altLabel).
    geonames: the index places are linked to (owl:sameAs and schema:sameAs their GeoNames IRI,
        with WGS84 and GeoSPARQL coordinates where the gazetteer has them, and a reified
        sameAs attributed to `kgrule:link-geonames`) [default: the bundled gazetteers'].
    """
    name = ox.NamedNode(str(ENTITY_GRAPH))
    triples = _entity_triples(rows, contexts=contexts, links=links, geonames=geonames)
    return NamedGraph(name, [ox.Quad(ox_term(s), ox_term(p), ox_term(o), name) for s, p, o in triples])


def _entity_triples(rows: Iterable[tuple[URIRef, URIRef, str, int]], *,
                    contexts: Mapping[URIRef, Sequence[Context]] | None,
                    links: Mapping[URIRef, tuple[URIRef, str | None]] | None,
                    geonames: GeoNames | None) -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The triples of `entity_quads`, as rdflib terms, each once, in order."""
    classes: dict[URIRef, Counter] = {}
    forms: dict[URIRef, Counter] = {}
    for entity, cls, form, count in rows:
        classes.setdefault(entity, Counter())[cls] += count
        forms.setdefault(entity, Counter())[" ".join(form.split())] += count
    triples: dict[tuple[URIRef, URIRef, URIRef | Literal], None] = {}
    add = triples.setdefault
    contexts = contexts or {}
    links = links or {}
    for entity in sorted(classes):
        cls_counts = classes[entity]
        cls = max(cls_counts, key=lambda c: (cls_counts[c], _specific(c), str(c)))
        add((entity, RDF.type, cls))
        label = preferred_label(entity, forms[entity])
        iri, own_label = links.get(entity, (None, None))
        names = {label, *forms[entity]}
        label = " ".join(own_label.split()) if own_label and own_label.strip() else label
        add((entity, RDFS.label, Literal(label)))
        for form in sorted(names - {label}):
            add((entity, SKOS.altLabel, Literal(form)))
        if iri is not None:
            add((entity, OWL.sameAs, iri))
            add((entity, SCHEMA.sameAs, iri))
        if "/place/" in str(entity):
            place = decide(str(cls).rsplit("#", 1)[-1], place_names(entity, forms[entity]),
                           contexts.get(entity, ()), geonames or default_geonames())
            if place is not None:
                _add_place(add, entity, place)
    return list(triples)


def place_names(entity: URIRef, forms: Counter) -> list[str]:
    """The names a place is looked up by in the gazetteer: its label, then its other forms."""
    label = preferred_label(entity, forms)
    return [label, *sorted((f for f in forms if f != label), key=lambda f: (-forms[f], f))]


GEONAMES_RULE = "link-geonames"


def _add_place(add: Callable[[tuple], object], entity: URIRef, place: GeoPlace) -> None:
    """The GeoNames link of a place: sameAs, coordinates (W3C Basic Geo and a GeoSPARQL point)
    when the gazetteer has them, and the link reified with the rule that made it."""
    target = URIRef(place.iri)
    add((entity, OWL.sameAs, target))
    add((entity, SCHEMA.sameAs, target))
    link = link_iri(entity, target)
    add((link, RDF.subject, entity))
    add((link, RDF.predicate, OWL.sameAs))
    add((link, RDF.object, target))
    add((link, KG.extractedBy, rule_iri(GEONAMES_RULE)))
    if place.lat is None or place.lon is None:
        return
    lat, lon = decimal(place.lat), decimal(place.lon)
    add((entity, WGS84.lat, Literal(lat, datatype=XSD.decimal)))
    add((entity, WGS84.long, Literal(lon, datatype=XSD.decimal)))
    geometry = URIRef(f"{entity}#geometry")
    add((entity, GEO.hasGeometry, geometry))
    add((geometry, GEO.asWKT, Literal(f"POINT({lon} {lat})", datatype=GEO.wktLiteral)))
    add((geometry, PROV.wasDerivedFrom, target))


def link_iri(entity: URIRef, target: URIRef) -> URIRef:
    """The IRI of the reified owl:sameAs between an entity and an outside IRI."""
    return URIRef(f"{entity}#sameas-{hashlib.sha1(str(target).encode('utf-8')).hexdigest()[:12]}")


def preferred_label(entity: URIRef, forms: Counter) -> str:
    """The canonical name: a form whose slug is the IRI's, else the gazetteer's name for one
    of the forms ("U.S." -> "United States"), else the organization lexicon's full name
    ("RCMP" -> "Royal Canadian Mounted Police"), else the longest, most frequent form."""
    slug = str(entity).rsplit("/", 1)[-1]
    matching = [f for f in forms if slugify(f) == slug]
    if not matching and "/place/" in str(entity):
        gazetteer = default_gazetteer()
        places = (gazetteer.lookup(f) for f in forms)
        matching = [p.name for p in places if p is not None and slugify(p.name) == slug][:1]
    if not matching and "/organization/" in str(entity):
        known = (ORGANIZATIONS.get(f) for f in forms)
        matching = [k.full_name for k in known if k and k.full_name and slugify(k.full_name) == slug][:1]
    candidates = matching or list(forms)
    return max(candidates, key=lambda f: (not f.isupper(), len(f.split()), forms[f], len(f), f))


def _specific(cls: URIRef) -> bool:
    return cls not in {KG.Person, KG.Organization, KG.Agreement, KG.Place}
