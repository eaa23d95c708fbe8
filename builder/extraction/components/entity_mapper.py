"""`kg_entity_mapper`: NER entities to clean, typed mention spans."""

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..classify import LEGAL_FORMS, NER_CLASSES, decide, mention_votes, name_class, name_head, name_words, work_title
from ..gazetteer import Gazetteer, default_gazetteer
from ..lexicon import (
    ADMIN_HEADS,
    AGREEMENT_HEADS,
    CONNECTORS,
    DETERMINERS,
    EVENT_WORDS,
    HONORIFICS,
    INSTITUTIONS,
    LANDMARK_HEADS,
    NATURAL_HEADS,
    ORG_WORDS,
    PERSON_TITLES,
    ROAD_HEADS,
    ROLE_NOUNS,
    regnal_number,
)
from .name_finder import DATELINE

_GENERIC = ORG_WORDS | LEGAL_FORMS | PERSON_TITLES | HONORIFICS | ROAD_HEADS | AGREEMENT_HEADS
# One word that names a kind of place or body, never one of them alone: "the Valley", "the
# Kingdom", "Orchestra" tagged as a place or organization (as a person it may be a surname).
_GENERIC_PLACE = NATURAL_HEADS | LANDMARK_HEADS | ADMIN_HEADS | frozenset(
    "kingdom empire republic state city town village capital orchestra choir band".split())

MENTIONS_KEY = "kg_mentions"
# The rules that find mentions NER did not (kgrule: IRIs; a span's `id_`, "" for NER's own).
NAME_RUN = "mention-name-run"  # "Patrice Gendron" where NER tagged only "Gendron"
SURNAME_OCCURRENCE = "mention-surname"  # "Tremblay said", NER missed, after "Marie Tremblay"
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
        for ent in name_spans(doc, self.gazetteer):
            for part in split_glued(ent):
                span = clean_span(part, self.gazetteer)
                if span is None:
                    continue
                if ent.id_ == DATELINE and ent.label_ == "ORG":  # "XINHUA" is a town's name too
                    label = "NewsOrganization"
                else:
                    label = decide(mention_votes(span, ent.label_, self.gazetteer))
                spans.append(Span(doc, span.start, span.end, label=label, span_id=ent.id_))
        doc.spans[self.spans_key] = sorted(full_names_of_surnames(doc, spans), key=lambda s: s.start)
        return doc


def full_names_of_surnames(doc: Doc, spans: list[Span]) -> list[Span]:
    """Names of people NER cut short or missed, given a surname it found.

    "Patrice Gendron" where NER tagged only "Gendron", or not at all: a run of one or two
    capitalized proper nouns outside any mention, right before a one-word Person mention or
    another occurrence of its word, makes the full name. A proper noun outside any mention
    that is the surname of a person the document names in full ("Tremblay said", after
    "Marie Tremblay") is a mention of that surname. RETURNS the spans, all of them.
    """
    singles = {s.start: s for s in spans if s.label_ == "Person" and len(s) == 1}
    surnames = {s.text for s in singles.values()}
    full = {s[-1].text for s in spans if s.label_ == "Person" and len(s) > 1}
    covered = {i for s in spans for i in range(s.start, s.end)}
    result = [s for s in spans if s.start not in singles]
    for token in doc:
        own = singles.get(token.i)
        if own is None and (token.text not in surnames | full or token.i in covered):
            continue
        start = token.i
        while (start - 1 >= 0 and token.i - start < 2 and doc[start - 1].tag_ == "NNP"
               and doc[start - 1].text[:1].isupper() and start - 1 not in covered
               and doc[start - 1].lower_ not in _GENERIC):
            start -= 1
        if start < token.i or own is not None or (token.text in full and token.tag_.startswith("NN")):
            rule = NAME_RUN if start < token.i else ("" if own is not None else SURNAME_OCCURRENCE)
            result.append(Span(doc, start, token.i + 1, label="Person", span_id=rule))
            covered.update(range(start, token.i + 1))
    return result


def name_spans(doc: Doc, gazetteer: Gazetteer) -> list[Span]:
    """The NER entities of the kinds kg models, with better edges.

    An entity that NER cut off after a connector ("Bay of" | "Biscay", "Circuit Court of"
    | "Cook County") takes in the capitalized words that follow it. Titles before a name
    ("King", "Rear Admiral"), a title and "of" before a place or organization ("Emperor of
    Japan") and lower-case words before a name ("state Commission") are not part of it. An
    organization NER began after "X and" takes them in ("Marine and" | "Freshwater Research
    Institute"). A person's name NER ran on into "of" and a known place ("Tony Day of Cape
    Town") is the person and the place.
    """
    result: list[Span] = []
    absorbed = -1
    for ent in doc.ents:
        if ent.start < absorbed or ent.label_ not in NER_CLASSES:
            continue
        end = _continued(doc, ent.end) if doc[ent.end - 1].lower_ in CONNECTORS else ent.end
        end = _crossing_end(doc, end)
        absorbed = end
        start = _name_start(doc, ent.start, end, ent.label_)
        if ent.label_ == "ORG":
            start = _coordinated_start(doc, start, end)
        if ent.label_ != "PERSON":
            end = _name_end(doc, start, end)
        elif (cut := _of_place(doc, start, end, gazetteer)) is not None:  # "Tony Day of Cape Town"
            result += [Span(doc, start, cut, label="PERSON", span_id=ent.id_),
                       Span(doc, cut + 1, end, label="GPE", span_id=ent.id_)]
            continue
        if ent.label_ in {"GPE", "LOC"} and (parts := _place_list(doc, start, end, gazetteer)):
            result += [Span(doc, a, b, label=ent.label_, span_id=ent.id_) for a, b in parts]  # "Chihuahua and Sonora"
            continue
        result.append(Span(doc, start, end, label=ent.label_, span_id=ent.id_))  # id: the rule of kg_name_finder
    return result


def _place_list(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> list[tuple[int, int]]:
    """The places of a list NER took for one ("Chihuahua and Sonora", "Fife, Angus and Perth"):
    each part between "and" and commas a place the gazetteer knows, the whole none
    ("Trinidad and Tobago" is one country). RETURNS the parts' token spans, or []."""
    cuts = [i for i in range(start, end) if doc[i].lower_ in {"and", ","}]
    if not cuts or gazetteer.lookup(doc[start:end].text) is not None:
        return []
    parts = [(a + 1, b) for a, b in zip([start - 1, *cuts], [*cuts, end]) if b > a + 1]
    if len(parts) < 2 or any(gazetteer.lookup(doc[a:b].text) is None for a, b in parts):
        return []
    return parts


def _of_place(doc: Doc, start: int, end: int, gazetteer: Gazetteer) -> int | None:
    """Where a person's name NER ran on into "of" and a known place ends ("Tony Day of Cape
    Town"): at "of"; None for a name of one word or a styled one ("Philip V of Spain",
    "Princess Helen of Greece"), where the place is part of the name."""
    for k in range(start + 2, end - 1):
        if doc[k].lower_ == "of":
            name = doc[start:k]
            styled = any(t.lower_.rstrip(".") in HONORIFICS or regnal_number(t.text) for t in name)
            if not styled and gazetteer.lookup(doc[k + 1:end].text) is not None:
                return k
            return None
    return None


def _crossing_end(doc: Doc, end: int) -> int:
    """Where a place name ends when the text calls it a crossing in lower case ("the Lacolle
    border crossing", "the St-Bernard-de-Lacolle port of entry"): after those words."""
    for words in _CROSSING_WORDS:
        if [t.text for t in doc[end : end + len(words)]] == words:
            return end + len(words)
    return end


_CROSSING_WORDS = (["border", "crossing"], ["port", "of", "entry"], ["crossing"])


def _name_start(doc: Doc, start: int, end: int, label: str) -> int:
    """Where the name in doc[start:end] starts, past titles and lower-case words."""
    if label == "PERSON":
        while start < end - 1 and doc[start].lower_ in HONORIFICS:
            start += 1
        return start
    i = start
    while i < end - 2 and (doc[i].lower_ in HONORIFICS or doc[i].lower_ in _ROLES):
        i += 1
    if i > start and doc[i].lower_ == "of":
        return i + 1  # "Bishop of Pittsburgh": the place, not the title
    while start < end - 1 and doc[start].is_lower and doc[start].lower_ not in CONNECTORS:
        start += 1
    if label == "ORG" and doc[start].lower_ in HONORIFICS and end - start <= 3:
        rest = doc[start + 1 : end]
        if name_class(name_words(rest)) is None and all(t.text[:1].isupper() for t in rest):
            return start + 1  # "Admiral Dufek": a person after a title
    return start


def _name_end(doc: Doc, start: int, end: int) -> int:
    """Where a name that is not a person's ends before a rank or title NER took into it:
    "Army" of "Army Col." (the colonel's name follows)."""
    while end - start > 1 and doc[end - 1].text[:1].isupper() and _rank(doc, end - 1):
        end -= 1
    return end


def _rank(doc: Doc, i: int) -> bool:
    """A title or rank word at i: "Col." or "Col" before its period (the tokenizer may split it)."""
    word = doc[i].lower_
    return word in HONORIFICS or (i + 1 < len(doc) and doc[i + 1].text == "." and word + "." in HONORIFICS)


def _coordinated_start(doc: Doc, start: int, end: int) -> int:
    """Where an organization name of two or more words starts when NER left out its first
    word and "and" ("Marine and" | "Freshwater Research Institute"): at that word, when it
    is one capitalized word, not the sentence's first, outside any other name (or a lone word
    NER took for a nationality, NORP) and after no other capitalized word or name (two names
    in a list, "Talbot Mills and Velmora Corp.", stay two)."""
    if end - start < 2 or start < 2 or doc[start - 1].lower_ != "and":
        return start
    word = doc[start - 2]
    if not (word.is_alpha and word.is_title) or word.is_sent_start:
        return start
    if word.ent_iob_ != "O" and not (word.ent_type_ == "NORP" and doc[start - 1].ent_iob_ == "O"):
        return start
    before = doc[start - 3] if start >= 3 else None
    if before is not None and not before.is_sent_start and (before.text[:1].isupper() or before.ent_iob_ != "O"):
        return start
    return start - 2


def _continued(doc: Doc, end: int) -> int:
    """Where a name cut off after a connector really ends: after the entity that follows
    it, or else after the run of capitalized words (and connectors between them) there."""
    if end < len(doc) and doc[end].ent_iob_ == "B":
        i = end + 1
        while i < len(doc) and doc[i].ent_iob_ == "I":
            i += 1
        return i
    i = last = end
    while i < len(doc) and i - end < 8 and not (i > end and doc[i].ent_iob_ == "B"):
        if doc[i].text[:1].isupper():
            last = i + 1
        elif doc[i].lower_ not in CONNECTORS:
            break
        i += 1
    return last


def split_glued(span: Span) -> list[Span]:
    """Split a span at slash tokens and parentheses: "A/B" and "A (B" name two things."""
    parts: list[Span] = []
    start = span.start
    for token in span:
        if token.text in {"/", "\\", "|", "(", ")"}:
            parts.append(Span(span.doc, start, token.i, label=span.label_, span_id=span.id_))
            start = token.i + 1
    parts.append(Span(span.doc, start, span.end, label=span.label_, span_id=span.id_))
    return [p for p in parts if len(p)]


def clean_span(span: Span, gazetteer: Gazetteer) -> Span | None:
    """The span without leading articles, possessive endings and edge punctuation.

    RETURNS (Span | None): the cleaned span, or None if nothing name-like is left.
    """
    doc = span.doc
    start, end = span.start, span.end
    while start < end and (doc[start].lower_ in DETERMINERS or _edge(doc[start].text)):
        start += 1
    while end > start and (doc[end - 1].tag_ == "POS" or doc[end - 1].lower_ in {"'s", "’s", "'"}
                           or doc[end - 1].lower_ in CONNECTORS or _edge(doc[end - 1].text)):
        if doc[end - 1].lower_ in {"'s", "’s"} and gazetteer.lookup(doc[start:end].text) is not None:
            break  # "St. John's" is the city's name
        end -= 1
    if start >= end:
        return None
    cleaned = doc[start:end]
    if not any(ch.isalpha() for ch in cleaned.text) or not any(t.text[:1].isupper() for t in cleaned):
        return None
    words = name_words(cleaned)
    if all(w in _GENERIC for w in words) and not is_institution(cleaned):
        return None  # a common noun such as "Border" or "Police", not a name
    if len(words) == 1 and words[0] in _GENERIC_PLACE and span.label_ != "PERSON":
        return None
    if EVENT_WORDS.intersection(words) and name_head(words) not in ORG_WORDS:
        # an event, prize or work ("the Stanley Cup", "the Gulf War"); a body named for one
        # keeps its name ("the British Film Institute", "the Election Commission")
        return None
    if name_class(words) is None and work_title(cleaned):
        return None  # the title of a work ("the album Unknown Pleasures")
    if name_class(words) is None and _is_role(cleaned, words):
        return None  # a role, not a name ("World Chess Champion", "Minister of Finance")
    return cleaned


def is_institution(span: Span) -> bool:
    """A country's institution named by its generic name, capitalized: "Congress", "the
    Supreme Court" (not "the navy")."""
    return " ".join(t.lower_ for t in span) in INSTITUTIONS and all(
        t.text[:1].isupper() for t in span if t.lower_ != "of")


def _is_role(span: Span, words: list[str]) -> bool:
    """True for a title or role that NER took for a name: its head is a role noun, and for
    a person's name the first word is one too or an adjective ("Head Coach", "Top Scorer";
    not "James Dean")."""
    if name_head(words) not in _ROLES:
        return False
    first = span[0]
    return first.ent_type_ != "PERSON" or len(span) == 1 or (
        first.lower_ in _ROLES or first.lower_ in HONORIFICS or first.pos_ == "ADJ")


_ROLES = PERSON_TITLES | ROLE_NOUNS


def _edge(text: str) -> bool:
    return all(ch in _EDGE_PUNCT for ch in text)
