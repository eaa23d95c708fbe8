"""Candidate pairs of entities for the relation model, from a Doc and its kg mentions.

An ordered pair of the document's entities (the linked mention spans, grouped by `kb_id`) is
a candidate when kg's ontology allows some modelled property between their kinds and either
(a) a mention of each shares a sentence, or (b) their closest mentions are at most `window`
sentences apart and the document's entity clusters make the link plausible: one of the two
is mentioned more than once, the subject is the document's first entity (its topic), or the
object is a country.
"""

from bisect import bisect_right
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from .labels import KIND_PAIRS

MAX_PAIRS = 3  # same-sentence mention pairs kept per candidate, closest first


@dataclass(slots=True)
class EntityInfo:
    """One entity of the document as the candidates see it."""

    key: str
    kind: str
    cls: str
    mentions: list[Span]
    sentences: list[int]  # sentence index of each mention
    order: int  # rank of its first mention in the document


@dataclass(slots=True)
class Candidate:
    """An ordered pair of entities that may be related."""

    subject: EntityInfo
    object: EntityInfo
    distance: int  # sentences between their closest mentions (0: they share one)
    nearest: tuple[Span, Span]  # that closest pair of mentions (subject's, object's)
    pairs: list[tuple[Span, Span]] = field(default_factory=list)  # same-sentence pairs, closest first
    shared: int = 0  # sentences mentioning both


@dataclass(slots=True)
class DocEntities:
    """The entities of a Doc, with the counts the features use."""

    entities: list[EntityInfo]
    sentence_starts: list[int]
    class_counts: dict[str, int]  # entities per class
    top_of_class: dict[str, str]  # class -> key of its most mentioned entity
    country_rank: dict[str, int] = field(default_factory=dict)  # country key -> rank by mentions, then order
    country_mentions: list[Span] = field(default_factory=list)  # every mention of a country, in order
    # entity key -> keys of the countries its name holds (set by the caller: it needs the gazetteer)
    named_countries: dict[str, frozenset[str]] = field(default_factory=dict)


def model_mentions(doc: Doc, spans_key: str) -> list[Span]:
    """The linked mention spans of a Doc, and the mentions of its entities that are not in
    them: a nationality adjective is a mention of its country's entity ("link-demonym")
    without being a name in `doc.spans`, so that the model can score "a Canadian minister"."""
    spans = list(doc.spans[spans_key]) if spans_key in doc.spans else []
    seen = {(s.start_char, s.end_char) for s in spans}
    for entity in doc._.kg_entities or []:
        for m in entity.mentions:
            if (m.start, m.end) in seen:
                continue
            span = doc.char_span(m.start, m.end, label=entity.cls, kb_id=entity.key)
            if span is not None:
                seen.add((m.start, m.end))
                spans.append(span)
    return spans


def doc_entities(doc: Doc, mentions: list[Span]) -> DocEntities:
    """Group the linked mention spans (label = class, kb_id = entity key) into entities."""
    starts = [s.start for s in doc.sents]
    grouped: dict[str, list[Span]] = {}
    for span in sorted(mentions, key=lambda s: s.start):
        if span.kb_id_:
            grouped.setdefault(span.kb_id_, []).append(span)
    entities = []
    for order, (key, spans) in enumerate(grouped.items()):
        entities.append(EntityInfo(key=key, kind=key.split("/", 1)[0], cls=spans[0].label_, mentions=spans,
                                   sentences=[bisect_right(starts, s.start) - 1 for s in spans], order=order))
    class_counts: dict[str, int] = {}
    top: dict[str, EntityInfo] = {}
    for e in entities:
        class_counts[e.cls] = class_counts.get(e.cls, 0) + 1
        if e.cls not in top or len(e.mentions) > len(top[e.cls].mentions):
            top[e.cls] = e
    countries = sorted((e for e in entities if e.cls == "Country"), key=lambda e: (-len(e.mentions), e.order))
    return DocEntities(entities, starts, class_counts, {c: e.key for c, e in top.items()},
                       {e.key: rank for rank, e in enumerate(countries)},
                       sorted((m for e in countries for m in e.mentions), key=lambda m: m.start))


def nearest_country(ents: DocEntities, mentions: list[Span]) -> str | None:
    """The key of the country with a mention nearest (in tokens) to any of these mentions."""
    best: tuple[int, str] | None = None
    for m in mentions:
        for c in ents.country_mentions:
            gap = max(m.start, c.start) - min(m.end, c.end)
            if gap >= 0 and (best is None or gap < best[0]):
                best = (gap, c.kb_id_)
    return best[1] if best else None


def candidates(ents: DocEntities, *, window: int = 2, cross: bool = True) -> list[Candidate]:
    """The candidate pairs of a document's entities (see the module docstring)."""
    result = []
    for s in ents.entities:
        for o in ents.entities:
            if s is o or (s.kind, o.kind) not in KIND_PAIRS:
                continue
            candidate = _pair(s, o)
            if candidate is None:
                continue
            if candidate.distance > 0 and not (cross and candidate.distance <= window and (
                    len(s.mentions) > 1 or len(o.mentions) > 1 or s.order == 0 or o.cls == "Country")):
                continue
            result.append(candidate)
    return result


def _pair(s: EntityInfo, o: EntityInfo) -> Candidate | None:
    best: tuple[int, int] | None = None
    nearest = None
    pairs = []
    shared = set(s.sentences) & set(o.sentences)
    for ms, ss in zip(s.mentions, s.sentences):
        for mo, so in zip(o.mentions, o.sentences):
            if ms.start < mo.end and mo.start < ms.end:
                continue  # overlapping mentions
            gap = max(ms.start, mo.start) - min(ms.end, mo.end)
            rank = (abs(ss - so), gap)
            if best is None or rank < best:
                best, nearest = rank, (ms, mo)
            if ss == so:
                pairs.append((gap, ms, mo))
    if best is None:
        return None
    pairs.sort(key=lambda p: (p[0], p[1].start))
    return Candidate(s, o, best[0], nearest, [(ms, mo) for _, ms, mo in pairs[:MAX_PAIRS]], len(shared))
