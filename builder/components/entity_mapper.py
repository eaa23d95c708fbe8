"""`kg_entity_mapper`: NER entities to clean, typed mention spans."""

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..classify import NER_CLASSES, decide, mention_votes, name_words
from ..gazetteer import Gazetteer, default_gazetteer
from ..lexicon import AGREEMENT_HEADS, DETERMINERS, EVENT_WORDS, ORG_WORDS, PERSON_TITLES, ROAD_HEADS

_GENERIC = ORG_WORDS | PERSON_TITLES | ROAD_HEADS | AGREEMENT_HEADS

MENTIONS_KEY = "kg_mentions"
_EDGE_PUNCT = set("\"'“”‘’«»()[]{}<>,.;:!?-–—/\\|*")


@Language.factory(
    "kg_entity_mapper",
    requires=["doc.ents"],
    assigns=["doc.spans"],
    default_config={"spans_key": MENTIONS_KEY},
)
def make_entity_mapper(nlp: Language, name: str, spans_key: str) -> "EntityMapper":
    """Create the entity mapper."""
    return EntityMapper(spans_key=spans_key)


class EntityMapper:
    """Turns the NER entities of the kinds kg models into clean mention spans.

    Names lose leading articles, trailing possessives and edge punctuation; two names glued
    by a slash ("Ryan Remiorz/Canadian Press") become two mentions. Each span's label is the
    ontology class its own evidence votes for; the entity linker decides over all mentions.
    """

    def __init__(self, *, spans_key: str = MENTIONS_KEY, gazetteer: Gazetteer | None = None) -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer or default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        for ent in doc.ents:
            if ent.label_ not in NER_CLASSES:
                continue
            for part in split_glued(ent):
                span = clean_span(part)
                if span is None:
                    continue
                votes = mention_votes(span, ent.label_, self.gazetteer)
                spans.append(Span(doc, span.start, span.end, label=decide(votes)))
        doc.spans[self.spans_key] = sorted(full_names_of_surnames(doc, spans), key=lambda s: s.start)
        return doc


def full_names_of_surnames(doc: Doc, spans: list[Span]) -> list[Span]:
    """Full names NER cut short or missed, given a surname it found.

    "Patrice Gendron" where NER tagged only "Gendron", or not at all: a run of one or two
    capitalized proper nouns outside any mention, right before a one-word Person mention or
    another occurrence of its word, makes the full name. RETURNS the spans, all of them.
    """
    singles = {s.start: s for s in spans if s.label_ == "Person" and len(s) == 1}
    surnames = {s.text for s in singles.values()}
    covered = {i for s in spans for i in range(s.start, s.end)}
    result = [s for s in spans if s.start not in singles]
    for token in doc:
        own = singles.get(token.i)
        if own is None and (token.text not in surnames or token.i in covered):
            continue
        start = token.i
        while (start - 1 >= 0 and token.i - start < 2 and doc[start - 1].tag_ == "NNP"
               and doc[start - 1].text[:1].isupper() and start - 1 not in covered
               and doc[start - 1].lower_ not in _GENERIC):
            start -= 1
        if start < token.i or own is not None:
            result.append(Span(doc, start, token.i + 1, label="Person"))
            covered.update(range(start, token.i + 1))
    return result


def split_glued(span: Span) -> list[Span]:
    """Split a span at slash tokens: "A/B" names two things."""
    parts: list[Span] = []
    start = span.start
    for token in span:
        if token.text in {"/", "\\", "|"}:
            parts.append(span.doc[start : token.i])
            start = token.i + 1
    parts.append(span.doc[start : span.end])
    return [p for p in parts if len(p)]


def clean_span(span: Span) -> Span | None:
    """The span without leading articles, possessive endings and edge punctuation.

    RETURNS (Span | None): the cleaned span, or None if nothing name-like is left.
    """
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in DETERMINERS or _edge(doc[start].text)):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in {"'s", "’s", "'"}
                           or _edge(doc[end - 1].text)):
        end -= 1
    if start >= end:
        return None
    cleaned = doc[start:end]
    if not any(ch.isalpha() for ch in cleaned.text) or not any(t.text[:1].isupper() for t in cleaned):
        return None
    words = name_words(cleaned)
    if all(w in _GENERIC for w in words):
        return None  # a common noun such as "Border" or "Police", not a name
    if EVENT_WORDS.intersection(words):
        return None  # an event, prize or work ("the Stanley Cup", "the Gulf War")
    return cleaned


def _edge(text: str) -> bool:
    return all(ch in _EDGE_PUNCT for ch in text)
