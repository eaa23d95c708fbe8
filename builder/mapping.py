"""Pure mapping from extraction records to RDF, one named graph per document."""

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from functools import lru_cache

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from .gazetteer import default_gazetteer
from .iri import (document_iri, entity_iri, mention_iri, quotation_iri, role_iri, rule_iri, slugify,
                  statement_iri, text_literal)
from .lexicon import ORGANIZATIONS
from .namespace import ENTITY_GRAPH, KG, PREFIXES, SCHEMA
from .records import Extraction, SourceDocument, Span
from .roles import roles_of


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the kg prefixes on a graph (for readable serializations)."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def document_graph(source: SourceDocument, extraction: Extraction, *, pipeline: str,
                   processed_at: datetime) -> Graph:
    """The named graph of one document: what it says, with evidence for every statement."""
    doc = document_iri(source.doc_id)
    g = bind_prefixes(Graph(identifier=doc))
    g.add((doc, RDF.type, KG.Document))
    g.add((doc, SCHEMA.name, text_literal(source.name)))
    g.add((doc, KG.contentHash, Literal(source.content_hash)))
    g.add((doc, KG.processedAt, Literal(processed_at.isoformat(timespec="seconds"), datatype=XSD.dateTime)))
    g.add((doc, KG.pipeline, Literal(pipeline)))
    if source.title:
        g.add((doc, SCHEMA.headline, text_literal(source.title)))
    if source.date:
        g.add((doc, SCHEMA.datePublished, Literal(source.date)))
    if source.url:
        g.add((doc, SCHEMA.url, URIRef(source.url)))
    for entity in extraction.entities:
        ent = entity_iri(entity.key)
        g.add((doc, KG.mentions, ent))
        g.add((ent, RDF.type, KG[entity.cls]))
        for mention in entity.mentions:
            m = _span(g, mention_iri(doc, mention.start, mention.end), mention)
            g.add((m, RDF.type, KG.Mention))
            g.add((m, KG.refersTo, ent))
            g.add((m, KG.inDocument, doc))
            g.add((m, KG.surfaceForm, text_literal(mention.text)))
            if mention in entity.links:
                rule = rule_iri(entity.links[mention])
                g.add((m, KG.linkedBy, rule))
                g.add((rule, RDF.type, KG.ExtractionRule))
    for relation in extraction.relations:
        subject = entity_iri(relation.subject)
        prop = KG[relation.prop]
        obj = text_literal(relation.object) if relation.literal else entity_iri(relation.object)
        g.add((subject, prop, obj))
        st = statement_iri(doc, relation.subject, relation.prop, relation.object,
                           relation.sentence.start, relation.rule)
        g.add((st, RDF.type, RDF.Statement))
        g.add((st, RDF.type, KG.Assertion))
        g.add((st, RDF.subject, subject))
        g.add((st, RDF.predicate, prop))
        g.add((st, RDF.object, obj))
        _evidence(g, st, doc, relation.sentence, relation.confidence, relation.rule)
        g.add((st, KG.evidenceText, text_literal(relation.sentence.text.strip())))
        if relation.subject_mention is not None:
            g.add((st, KG.subjectMention, mention_iri(doc, relation.subject_mention.start, relation.subject_mention.end)))
        if relation.object_mention is not None:
            g.add((st, KG.objectMention, mention_iri(doc, relation.object_mention.start, relation.object_mention.end)))
    for role in roles_of(extraction.relations):
        r = role_iri(doc, role.holder, role.title, role.organization, role.sentence.start)
        g.add((r, RDF.type, KG.Role))
        g.add((r, KG.roleHolder, entity_iri(role.holder)))
        g.add((r, KG.roleTitle, text_literal(role.title)))
        if role.organization is not None:
            g.add((r, KG.roleOrganization, entity_iri(role.organization)))
        _evidence(g, r, doc, role.sentence, role.confidence, role.rule)
        g.add((r, KG.evidenceText, text_literal(role.sentence.text.strip())))
    for quote in extraction.quotes:
        q = quotation_iri(doc, quote.text.start, quote.text.end)
        g.add((q, RDF.type, KG.Quotation))
        g.add((q, KG.quoteText, text_literal(quote.text.text)))
        g.add((q, KG.speaker, entity_iri(quote.speaker)))
        _evidence(g, q, doc, quote.text, quote.confidence, quote.rule)
        g.add((q, KG.evidenceText, text_literal(quote.sentence.text.strip())))
    return g


def _span(g: Graph, node: URIRef, span: Span) -> URIRef:
    g.add((node, KG.startOffset, _integer(span.start)))
    g.add((node, KG.endOffset, _integer(span.end)))
    return node


@lru_cache(maxsize=1 << 16)
def _integer(n: int) -> Literal:
    return Literal(n)


@lru_cache(maxsize=256)
def _confidence(confidence: float) -> Literal:
    return Literal(Decimal(f"{confidence:.2f}"))


def _evidence(g: Graph, node: URIRef, doc: URIRef, span: Span, confidence: float, rule: str) -> None:
    _span(g, node, span)
    g.add((node, KG.inDocument, doc))
    g.add((node, KG.confidence, _confidence(confidence)))
    r = rule_iri(rule)
    g.add((node, KG.extractedBy, r))
    g.add((r, RDF.type, KG.ExtractionRule))


def entity_graph(rows: Iterable[tuple[URIRef, URIRef, str, int]]) -> Graph:
    """The resolved description of each entity from what the documents say of it.

    rows: (entity, class as a document types it, surface form, how often) over all
    documents. The class with most mentions wins (the more specific on a tie); the label is
    the most frequent of the longest surface forms; every other form is an altLabel.
    """
    classes: dict[URIRef, Counter] = {}
    forms: dict[URIRef, Counter] = {}
    for entity, cls, form, count in rows:
        classes.setdefault(entity, Counter())[cls] += count
        forms.setdefault(entity, Counter())[" ".join(form.split())] += count
    g = bind_prefixes(Graph(identifier=ENTITY_GRAPH))
    for entity in sorted(classes):
        cls_counts = classes[entity]
        cls = max(cls_counts, key=lambda c: (cls_counts[c], _specific(c), str(c)))
        g.add((entity, RDF.type, cls))
        label = preferred_label(entity, forms[entity])
        g.add((entity, RDFS.label, Literal(label)))
        for form in forms[entity]:
            if form != label:
                g.add((entity, SKOS.altLabel, Literal(form)))
    return g


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
