"""The text behind the entity view, for a reader: each entity's mentions in their sentences,
every sentence that supports a relation, and the entities named together.

The store keeps no document text, only sentences as evidence (of relations, roles and
quotations) and each mention's offsets. A mention is shown in the stored sentence that holds
it; a mention outside every stored sentence is shown by its surface form alone.
"""

import bisect
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import networkx as nx

from ..rdf.namespace import ENTITY_GRAPH, KG, SCHEMA
from ..store import Store
from .entity_view import ENTITY_PROPERTIES, local_name

# At most this many sentences are kept per entity and per relation (the rest are counted).
ENTITY_SENTENCES = 12
RELATION_SENTENCES = 20
# At most this many co-mention pairs are kept (those in the most documents); past this many
# pairs of mentions to count, co-mentions are left out (queries/co-mentions.rq counts them).
CO_MENTIONS = 5000
PAIR_BUDGET = 5_000_000

_PREFIXES = f"""
PREFIX kg: <{KG._NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX schema: <{SCHEMA}>
"""

_MENTIONS = _PREFIXES + f"""
SELECT ?doc ?e ?start ?end ?form WHERE {{
  GRAPH ?doc {{ ?m a kg:Mention ; kg:refersTo ?e ; kg:startOffset ?start ; kg:endOffset ?end ; kg:surfaceForm ?form }}
  FILTER (?doc != <{ENTITY_GRAPH}>)
}}
"""

# Sentences stored as evidence: a relation's or a role's offsets are its sentence's.
_SENTENCES = _PREFIXES + f"""
SELECT DISTINCT ?doc ?start ?end ?text WHERE {{
  GRAPH ?doc {{ ?node kg:evidenceText ?text ; kg:startOffset ?start ; kg:endOffset ?end . ?node a ?type }}
  VALUES ?type {{ rdf:Statement kg:Role }}
  FILTER (?doc != <{ENTITY_GRAPH}>)
}}
"""

# A quotation's offsets are the quote's: its sentence starts where the quote sits in it.
_QUOTE_SENTENCES = _PREFIXES + f"""
SELECT DISTINCT ?doc ?start ?quote ?text WHERE {{
  GRAPH ?doc {{ ?q a kg:Quotation ; kg:quoteText ?quote ; kg:evidenceText ?text ; kg:startOffset ?start }}
  FILTER (?doc != <{ENTITY_GRAPH}>)
}}
"""

_STATEMENTS = _PREFIXES + """
SELECT ?doc ?s ?p ?o ?start ?text ?c ?rule WHERE {
  VALUES ?p { %s }
  GRAPH ?doc {
    ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:startOffset ?start ;
        kg:evidenceText ?text ; kg:confidence ?c ; kg:extractedBy ?rule .
  }
  FILTER (?doc != <%s>)
}
""" % (" ".join(f"kg:{p}" for p in ENTITY_PROPERTIES), ENTITY_GRAPH)

_DOCUMENTS = _PREFIXES + """
SELECT ?doc ?name ?e WHERE { GRAPH ?doc { ?doc a kg:Document ; kg:mentions ?e . OPTIONAL { ?doc schema:name ?name } } }
"""

# What `reading_data` reads of the store, in its order (`store.ahead`).
READING_QUERIES = (_DOCUMENTS, _SENTENCES, _QUOTE_SENTENCES, _MENTIONS, _STATEMENTS)


@dataclass(frozen=True)
class Sentence:
    """A sentence of a document with the spans to highlight (offsets into `text`); `stored` is
    False for a mention outside every stored sentence, whose `text` is then its surface form."""

    document: str
    text: str
    marks: tuple[tuple[int, int], ...]
    stored: bool = True
    start: int = 0
    confidence: float | None = None
    rule: str | None = None


@dataclass
class Reading:
    """What graph.html shows a reader besides the graph.

    mentions: entity -> its sentences (at most ENTITY_SENTENCES, sentences before sentence-less
        mentions), by document, then sentences by position, then sentence-less mentions.
    mention_counts: entity -> its sentences and sentence-less mentions in all.
    evidence: (subject, property, object) -> supporting sentences (at most RELATION_SENTENCES).
    evidence_counts: (subject, property, object) -> supporting sentences in all.
    co_mentions: (a, b, documents) with a < b, in the most documents first (at most CO_MENTIONS).
    co_mention_pairs: pairs in all (0 with `co_mentions_left_out`).
    sentence_co_mentions: (a, b, sentences) for the entities named in the same stored sentences.
    documents: document IRI -> its name; entity_documents: entity -> the documents naming it.
    """

    mentions: dict[str, list[Sentence]] = field(default_factory=dict)
    mention_counts: dict[str, int] = field(default_factory=dict)
    evidence: dict[tuple[str, str, str], list[Sentence]] = field(default_factory=dict)
    evidence_counts: dict[tuple[str, str, str], int] = field(default_factory=dict)
    co_mentions: list[tuple[str, str, int]] = field(default_factory=list)
    co_mention_pairs: int = 0
    co_mentions_left_out: bool = False
    sentence_co_mentions: list[tuple[str, str, int]] = field(default_factory=list)
    documents: dict[str, str] = field(default_factory=dict)
    entity_documents: dict[str, list[str]] = field(default_factory=dict)


def reading_data(store: Store, G: nx.MultiDiGraph) -> Reading:
    """The mentions, supporting sentences and co-mentions of the entities and relations of `G`.

    store (Store): The store `G` was read from.
    G (nx.MultiDiGraph): An entity view.
    RETURNS (Reading): What graph.html embeds besides the graph.
    """
    reading = Reading()
    for row in store.solutions(_DOCUMENTS):
        doc, e = row["doc"].value, row["e"].value
        if doc not in reading.documents:
            reading.documents[doc] = row["name"].value if row["name"] is not None else local_name(doc)
        if e in G:
            reading.entity_documents.setdefault(e, []).append(doc)
    for docs in reading.entity_documents.values():
        docs.sort()
    sentences = _stored_sentences(store)
    mentions: dict[str, list[tuple[str, int, int, str]]] = defaultdict(list)  # document -> mentions
    for row in store.solutions(_MENTIONS):
        e = row["e"].value
        if e in G:
            mentions[row["doc"].value].append((e, int(row["start"].value), int(row["end"].value), row["form"].value))
    _entity_sentences(reading, mentions, sentences)
    _relation_sentences(reading, store, G, mentions)
    _co_mentions(reading)
    return reading


def _stored_sentences(store: Store) -> dict[str, list[tuple[int, str]]]:
    """Document -> its stored sentences as (start offset, text), by start."""
    found: dict[str, set[tuple[int, str]]] = defaultdict(set)
    for row in store.solutions(_SENTENCES):
        found[row["doc"].value].add((int(row["start"].value), row["text"].value))
    for row in store.solutions(_QUOTE_SENTENCES):
        text, quote = row["text"].value, row["quote"].value
        at = text.find(quote)
        if at >= 0:
            found[row["doc"].value].add((int(row["start"].value) - at, text))
    return {doc: sorted(items) for doc, items in found.items()}


def _place(sentences: list[tuple[int, str]], start: int, end: int, form: str) -> tuple[int, tuple[int, int]] | None:
    """The index of the shortest stored sentence holding the mention at start..end, and the
    mention's offsets in it (found by its surface form: a stored sentence is stripped)."""
    best = None
    for i in range(bisect.bisect_right(sentences, (start, "\uffff")) - 1, -1, -1):
        at, text = sentences[i]
        if at + len(text) + 2 < start:
            if start - at > 10_000:
                break
            continue
        rel = start - at
        offset = rel if text[rel:rel + len(form)] == form else text.find(form, max(0, rel - 3))
        if offset < 0 or offset > rel:
            continue
        if best is None or len(text) < len(sentences[best[0]][1]):
            best = (i, (offset, offset + len(form)))
    return best


def _entity_sentences(reading: Reading, mentions: dict[str, list[tuple[str, int, int, str]]],
                      sentences: dict[str, list[tuple[int, str]]]) -> None:
    shown: dict[str, dict[tuple[str, int], list[tuple[int, int]]]] = defaultdict(dict)
    formless: dict[str, list[Sentence]] = defaultdict(list)
    for doc in sorted(mentions):
        stored = sentences.get(doc, [])
        for e, start, end, form in sorted(mentions[doc], key=lambda m: m[1]):
            placed = _place(stored, start, end, form)
            if placed is None:
                formless[e].append(Sentence(doc, form, ((0, len(form)),), stored=False, start=start))
                continue
            i, mark = placed
            shown[e].setdefault((doc, i), []).append(mark)
    in_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    for e, places in shown.items():
        for place in places:
            in_sentence[place].add(e)
    pairs: Counter[tuple[str, str]] = Counter()
    for es in in_sentence.values():
        ordered = sorted(es)
        pairs.update((a, b) for i, a in enumerate(ordered) for b in ordered[i + 1:])
    reading.sentence_co_mentions = _ranked(pairs)
    for e in sorted(set(shown) | set(formless)):
        items = [Sentence(doc, sentences[doc][i][1], tuple(sorted(set(marks))), start=sentences[doc][i][0])
                 for (doc, i), marks in shown[e].items()]
        items += formless[e]
        order = sorted(items, key=lambda s: (not s.stored, s.document, s.start))[:ENTITY_SENTENCES]
        reading.mentions[e] = sorted(order, key=lambda s: (s.document, not s.stored, s.start))
        reading.mention_counts[e] = len(items)


def _relation_sentences(reading: Reading, store: Store, G: nx.MultiDiGraph,
                        mentions: dict[str, list[tuple[str, int, int, str]]]) -> None:
    found: dict[tuple[str, str, str], dict[tuple[str, int, str], Sentence]] = defaultdict(dict)
    for row in store.solutions(_STATEMENTS):
        s, p, o = row["s"].value, local_name(row["p"].value), row["o"].value
        if not G.has_edge(s, o, p):
            continue
        doc, start, text = row["doc"].value, int(row["start"].value), row["text"].value
        key = (doc, start, text)
        confidence = float(row["c"].value)
        known = found[(s, p, o)].get(key)
        if known is not None and (known.confidence or 0) >= confidence:
            continue
        marks = []
        for e, m_start, m_end, form in mentions.get(doc, ()):
            if e in (s, o) and start <= m_start and m_end <= start + len(text) + 2:
                placed = _place([(start, text)], m_start, m_end, form)
                if placed is not None:
                    marks.append(placed[1])
        found[(s, p, o)][key] = Sentence(doc, text, tuple(sorted(set(marks))), start=start,
                                         confidence=confidence, rule=local_name(row["rule"].value))
    for edge, by_sentence in found.items():
        items = sorted(by_sentence.values(), key=lambda x: (-(x.confidence or 0), x.document, x.start))
        reading.evidence[edge] = items[:RELATION_SENTENCES]
        reading.evidence_counts[edge] = len(items)


def _co_mentions(reading: Reading) -> None:
    """Pairs of entities named in the same documents, counted by documents as
    queries/co-mentions.rq counts them."""
    by_document: dict[str, list[str]] = defaultdict(list)
    for e, docs in reading.entity_documents.items():
        for doc in docs:
            by_document[doc].append(e)
    if sum(len(es) * (len(es) - 1) // 2 for es in by_document.values()) > PAIR_BUDGET:
        reading.co_mentions_left_out = True
        return
    pairs: Counter[tuple[str, str]] = Counter()
    for es in by_document.values():
        es.sort()
        for i, a in enumerate(es):
            for b in es[i + 1:]:
                pairs[(a, b)] += 1
    reading.co_mention_pairs = len(pairs)
    reading.co_mentions = _ranked(pairs)


def _ranked(pairs: Counter[tuple[str, str]]) -> list[tuple[str, str, int]]:
    """The CO_MENTIONS pairs with the highest counts, as (a, b, count)."""
    return [(a, b, n) for (a, b), n in sorted(pairs.items(), key=lambda item: (-item[1], item[0]))[:CO_MENTIONS]]
