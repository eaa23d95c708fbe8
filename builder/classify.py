"""Typing a mention: votes for ontology classes from its name, its context and the NER label."""

from collections import Counter

from spacy.tokens import Span, Token

from .gazetteer import Gazetteer
from .lexicon import (
    AGENCY_WORDS,
    AGREEMENT_HEADS,
    CROSSING_HEADS,
    FACILITY_HEADS,
    NEWS_WORDS,
    ORG_WORDS,
    PERSON_TITLES,
    ROAD_HEADS,
    SPEECH_VERBS,
    UNION_WORDS,
    verb_base,
)

# The class a spaCy NER label stands for, before any other evidence.
NER_CLASSES: dict[str, str] = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Facility",
    "LAW": "Agreement",
}

KIND_OF_CLASS: dict[str, str] = {
    "Person": "person",
    "Organization": "organization",
    "GovernmentAgency": "organization",
    "LabourUnion": "organization",
    "NewsOrganization": "organization",
    "Agreement": "agreement",
    "Place": "place",
    "Country": "place",
    "AdministrativeArea": "place",
    "Settlement": "place",
    "Facility": "place",
    "Road": "place",
    "BorderCrossing": "place",
}

_UNION_CONTEXT = frozenset(
    "workers employees officers labour labor teachers nurses trade public service "
    "longshore longshoremen local customs immigration auto steelworkers teamsters "
    "professional postal".split()
)
_COMPANY_WORDS = frozenset("inc inc. ltd ltd. corp corp. llc co. company plc".split())

NAME_CUE = 3.0
CONTEXT_CUE = 3.0
GAZETTEER = 2.0
NER = 1.0


def name_words(span: Span) -> list[str]:
    """Lower-cased words of a name, hyphenated parts split ("radio-canada" -> radio, canada)."""
    words: list[str] = []
    for token in span:
        words.extend(w for w in token.lower_.split("-") if w)
    return words


def name_class(words: list[str]) -> str | None:
    """The class a name's own words imply ("Roxham Road" -> Road), or None."""
    if not words:
        return None
    last = words[-1]
    if last in CROSSING_HEADS or words[-2:] == ["port", "entry"]:
        return "BorderCrossing"
    if last in ROAD_HEADS and len(words) > 1:
        return "Road"
    if last in AGREEMENT_HEADS and len(words) > 1:
        return "Agreement"
    bag = set(words)
    if bag & _COMPANY_WORDS:
        return "Organization"
    if bag & UNION_WORDS and (bag & _UNION_CONTEXT or "labour" in bag or len(words) > 3):
        return "LabourUnion"
    if bag & NEWS_WORDS:
        return "NewsOrganization"
    if bag & AGENCY_WORDS:
        return "GovernmentAgency"
    if bag & ORG_WORDS:
        return "Organization"
    if last in FACILITY_HEADS and len(words) > 1:
        return "Facility"
    return None


def _is_title(token: Token) -> bool:
    return token.lower_ in PERSON_TITLES or token.lower_.rstrip(".") in PERSON_TITLES


def context_person(span: Span) -> bool:
    """True when the text calls the name a person: a title before it or a person apposition."""
    doc = span.doc
    if span.start > 0 and _is_title(doc[span.start - 1]):
        return True
    root = span.root
    for child in root.children:
        if child.dep_ == "appos" and _is_title(child) and not child.ent_type_:
            return True
    if root.dep_ == "appos" and _is_title(root.head) and not root.head.ent_type_:
        return True
    return False


def speech_subject(span: Span) -> bool:
    """True when the name is the subject of a verb of speech ("Fortin said")."""
    root = span.root
    return root.dep_ == "nsubj" and verb_base(root.head.text) in SPEECH_VERBS


def mention_votes(span: Span, ner_label: str, gazetteer: Gazetteer) -> Counter[str]:
    """Weighted votes for the classes of one mention."""
    votes: Counter[str] = Counter()
    if ner_label in NER_CLASSES:
        votes[NER_CLASSES[ner_label]] += NER
    cls = name_class(name_words(span))
    place = gazetteer.lookup(_text(span)) if cls is None else None
    if cls is not None:
        votes[cls] += NAME_CUE
    elif place is not None and ner_label != "PERSON":
        votes[place.cls] += GAZETTEER
    if cls is None and (place is None or place.cls == "Settlement") and _before_region(span, gazetteer):
        votes["Settlement"] += CONTEXT_CUE
    if cls is None and context_person(span):
        votes["Person"] += CONTEXT_CUE
    if cls is None and speech_subject(span) and not span.text.isupper():
        votes["Person"] += NER / 2
    return votes


def _before_region(span: Span, gazetteer: Gazetteer) -> bool:
    """True for "Lacolle" in "Lacolle, Que.": a name followed by its province or country."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != ",":
        return False
    nxt = doc[span.end + 1]
    if not nxt.ent_type_:
        return False
    end = span.end + 2
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    place = gazetteer.lookup(doc[span.end + 1 : end].text)
    return place is not None and place.cls in {"AdministrativeArea", "Country"}


def decide(votes: Counter[str]) -> str:
    """The class of an entity from the summed votes of its mentions.

    The kind (person, organization, agreement, place) with the most weight wins; within it
    the most specific class with any weight beyond the generic one.
    """
    kinds: Counter[str] = Counter()
    for cls, weight in votes.items():
        kinds[KIND_OF_CLASS[cls]] += weight
    kind = max(kinds, key=lambda k: (kinds[k], k))
    generic = {"person": "Person", "organization": "Organization", "agreement": "Agreement",
               "place": "Place"}[kind]
    specific = [(w, c) for c, w in votes.items() if KIND_OF_CLASS[c] == kind and c != generic]
    if specific:
        return max(specific)[1]
    return generic


def _text(span: Span) -> str:
    return " ".join(span.text.split())
