"""Synthetic graphs shaped like kg's output, for the query benchmarks.

One named graph per document (the Document node; mentions of people, organizations and
places with their class and offsets; relations as plain triples plus `rdf:Statement`s with evidence; a
quotation) and the entities graph (class, label, alternative name), in kg's namespaces.
Places nest (settlement in region in country) so that `kg:locatedIn+` has paths to follow.
"""

import random
from collections.abc import Iterator

import pyoxigraph as ox

from builder.rdf.namespace import ENTITY_GRAPH, KG, KGDOC, KGID, KGRULE, SCHEMA

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
SKOS_ALT = ox.NamedNode("http://www.w3.org/2004/02/skos/core#altLabel")
XSD = "http://www.w3.org/2001/XMLSchema#"
TRIPLES_PER_DOCUMENT = 250  # about; sizes the pool of entities for a triple count


def _term(iri: object) -> ox.NamedNode:
    return ox.NamedNode(str(iri))


def _k(name: str) -> ox.NamedNode:
    return _term(KG[name])


def _int(n: int) -> ox.Literal:
    return ox.Literal(str(n), datatype=ox.NamedNode(XSD + "integer"))


class Pool:
    """The entities of a synthetic world, sized for `documents` documents."""

    def __init__(self, documents: int, rng: random.Random) -> None:
        self.countries = [("place", f"country-{i}", "Country") for i in range(20)]
        self.regions = [("place", f"region-{i}", "AdministrativeArea") for i in range(200)]
        self.cities = [("place", f"city-{i}", "Settlement") for i in range(max(50, documents // 4))]
        self.people = [("person", f"person-{i}", "Person") for i in range(max(100, documents * 2))]
        self.agencies = [("organization", f"agency-{i}", "GovernmentAgency") for i in range(max(30, documents // 2))]
        self.agreements = [("agreement", f"accord-{i}", "Agreement") for i in range(max(10, documents // 20))]
        self.region_of = {c: rng.choice(self.regions) for c in self.cities}
        self.country_of = {r: rng.choice(self.countries) for r in self.regions}
        self.seat_of = {a: rng.choice(self.cities) for a in self.agencies}
        self.employer_of = {p: rng.choice(self.agencies) for p in self.people}

    def all(self) -> list[tuple[str, str, str]]:
        return self.countries + self.regions + self.cities + self.people + self.agencies + self.agreements


def iri(entity: tuple[str, str, str]) -> ox.NamedNode:
    return _term(KGID[f"{entity[0]}/{entity[1]}"])


def label(entity: tuple[str, str, str]) -> str:
    return entity[1].replace("-", " ").title()


def document_quads(n: int, pool: Pool, rng: random.Random) -> Iterator[ox.Quad]:
    """The named graph of synthetic document `n`."""
    doc = _term(KGDOC[f"corpus/article-{n:06d}.txt"])
    g = doc
    yield ox.Quad(doc, RDF_TYPE, _k("Document"), g)
    yield ox.Quad(doc, _term(SCHEMA.name), ox.Literal(f"article-{n:06d}.txt"), g)
    yield ox.Quad(doc, _k("contentHash"), ox.Literal(f"sha256:{n:064x}"), g)
    yield ox.Quad(doc, _k("processedAt"), ox.Literal("2026-01-01T00:00:00+00:00", datatype=ox.NamedNode(XSD + "dateTime")), g)
    yield ox.Quad(doc, _k("pipeline"), ox.Literal("kg 0.1.0; en_core_web_sm 3.8.0"), g)
    people = rng.sample(pool.people, 3)
    agencies = [pool.employer_of[p] for p in people]
    cities = [pool.seat_of[a] for a in agencies]
    regions = [pool.region_of[c] for c in cities]
    countries = [pool.country_of[r] for r in regions[:1]]
    agreement = rng.choice(pool.agreements)
    offset = 0
    mentioned = dict.fromkeys([*people, *agencies, *cities, *regions[:1], *countries, agreement])
    for entity in mentioned:
        e = iri(entity)
        yield ox.Quad(doc, _k("mentions"), e, g)
        for form in (label(entity), label(entity).split()[-1])[: rng.randint(1, 2)]:
            m = _term(f"{doc.value}#m{offset}-{offset + len(form)}")
            yield ox.Quad(m, RDF_TYPE, _k("Mention"), g)
            yield ox.Quad(m, _k("refersTo"), e, g)
            yield ox.Quad(m, _k("entityClass"), _k(entity[2]), g)
            yield ox.Quad(m, _k("inDocument"), doc, g)
            yield ox.Quad(m, _k("surfaceForm"), ox.Literal(form), g)
            yield ox.Quad(m, _k("startOffset"), _int(offset), g)
            yield ox.Quad(m, _k("endOffset"), _int(offset + len(form)), g)
            offset += len(form) + 40
    relations = [(p, "employer", a) for p, a in zip(people, agencies)]
    relations += [(a, "headquarters", c) for a, c in zip(agencies[:1], cities[:1])]
    relations += [(cities[0], "locatedIn", regions[0]), (regions[0], "locatedIn", countries[0]),
                  (agencies[0], "partyTo", agreement)]
    for i, (s, prop, o) in enumerate(relations):
        subject, predicate, obj = iri(s), _k(prop), iri(o)
        yield ox.Quad(subject, predicate, obj, g)
        st = _term(f"{doc.value}#st{i}")
        for cls in (ox.NamedNode(RDF + "Statement"), _k("Assertion")):
            yield ox.Quad(st, RDF_TYPE, cls, g)
        yield ox.Quad(st, ox.NamedNode(RDF + "subject"), subject, g)
        yield ox.Quad(st, ox.NamedNode(RDF + "predicate"), predicate, g)
        yield ox.Quad(st, ox.NamedNode(RDF + "object"), obj, g)
        yield from _evidence(st, doc, i * 200, rng)
    q = _term(f"{doc.value}#q0")
    yield ox.Quad(q, RDF_TYPE, _k("Quotation"), g)
    yield ox.Quad(q, _k("quoteText"), ox.Literal("We will keep talking as long as it takes."), g)
    yield ox.Quad(q, _k("speaker"), iri(people[0]), g)
    yield from _evidence(q, doc, 1000, rng)


def _evidence(node: ox.NamedNode, doc: ox.NamedNode, start: int, rng: random.Random) -> Iterator[ox.Quad]:
    yield ox.Quad(node, _k("startOffset"), _int(start), doc)
    yield ox.Quad(node, _k("endOffset"), _int(start + 120), doc)
    yield ox.Quad(node, _k("inDocument"), doc, doc)
    yield ox.Quad(node, _k("confidence"), ox.Literal(f"0.{rng.randint(50, 95)}", datatype=ox.NamedNode(XSD + "decimal")), doc)
    rule = _term(KGRULE["apposition-role"])
    yield ox.Quad(node, _k("extractedBy"), rule, doc)
    yield ox.Quad(rule, RDF_TYPE, _k("ExtractionRule"), doc)
    yield ox.Quad(node, _k("evidenceText"), ox.Literal("A sentence of the article that states the relation."), doc)


def entity_quads(pool: Pool) -> Iterator[ox.Quad]:
    """The entities graph: class, label and a short name of every entity."""
    g = _term(ENTITY_GRAPH)
    for entity in pool.all():
        e = iri(entity)
        yield ox.Quad(e, RDF_TYPE, _k(entity[2]), g)
        yield ox.Quad(e, RDFS_LABEL, ox.Literal(label(entity)), g)
        yield ox.Quad(e, SKOS_ALT, ox.Literal(label(entity).split()[-1]), g)


def kg_dataset(triples: int, seed: int = 3) -> list[ox.Quad]:
    """About `triples` quads of a kg store: documents' graphs and the entities graph."""
    rng = random.Random(seed)
    documents = max(1, triples // TRIPLES_PER_DOCUMENT)
    pool = Pool(documents, rng)
    quads = list(entity_quads(pool))
    n = 0
    while len(quads) < triples:
        quads.extend(document_quads(n, pool, rng))
        n += 1
    return quads
