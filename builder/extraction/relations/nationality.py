"""Nationality adjectives ("a Canadian politician") as mentions of their country, and
the citizenship or country they state."""

from collections.abc import Iterator

from spacy.tokens import Doc, Span

from ..gazetteer import Gazetteer
from ..keys import entity_key
from ..lexicon import ORG_WORDS
from ..records import Entity, Relation
from .common import MentionIndex, descriptions, mentions_of, modifiers, negated, relation, word_mentions
from .places import PLACE_NOUNS


# Offices of a government: "Norwegian Fisheries Minister X" says which government X serves,
# not X's citizenship.
_OFFICES = frozenset(
    "minister ministers ambassador envoy consul official officials president premier "
    "chancellor secretary senator governor mayor spokesperson spokesman spokeswoman delegate "
    "negotiator commissioner attache attaché representative".split()
)


# Nouns that say an organization is one ("a Japanese company", "the English band X").
_ORGANIZATION_NOUNS = ORG_WORDS | frozenset(
    "band label airline team firm manufacturer brand carrier publisher studio studios "
    "orchestra choir ensemble franchise retailer chain conglomerate channel magazine "
    "newspaper agency subsidiary operator group organisation organization".split()
)


def country_adjectives(doc: Doc, index: MentionIndex, gazetteer: Gazetteer,
                       classes: dict[str, str]) -> dict[int, Span]:
    """Nationality adjectives ("a Canadian politician"), each as a Country span keyed like the
    country's entity; one inside a longer mention ("Royal Canadian Navy") is not one, one that
    NER took for a name of its own is, unless NER calls it a language. A prefix of a hyphenated word
    ("French-born", "German-American") is left out, and so is an adjective whose country
    key belongs to an entity of another class (Georgia the state). RETURNS token -> span."""
    found: dict[int, Span] = {}
    i = 0
    while i < len(doc):
        if not doc[i].text[:1].isupper():  # every adjective starts with a capital: a quick skip
            i += 1
            continue
        for n in (3, 2, 1):
            words = doc[i : i + n]
            covering = {index.at(t) for t in words} - {None}
            if (i + n > len(doc) or not words[0].text[:1].isupper()
                    or any(m.start != i or m.end != i + n for m in covering)):
                continue
            name = gazetteer.country_of_adjective(words.text)
            if name is None or words[0].ent_type_ == "LANGUAGE" or _language_after_in(doc, i, i + n):
                continue  # a language ("written in English", "in German 1900 GMT") is no mention of a country
            key = entity_key("place", name)
            if classes.get(key, "Country") == "Country" and not (i + n < len(doc) and doc[i + n].text == "-"):
                span = Span(doc, i, i + n, label="Country", kb_id=key)
                found.update((t.i, span) for t in words)
            i += n - 1
            break
        i += 1
    return found


def _language_after_in(doc: Doc, start: int, end: int) -> bool:
    """Whether the adjective at [start, end) is a language: after "in" and before no noun or
    adjective it describes ("in German", not "in German hands")."""
    return start > 0 and doc[start - 1].lower_ == "in" and (
        end == len(doc) or not doc[end].tag_.startswith(("NN", "JJ")))


def nationality(mention: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X is a Canadian politician", "X, a Japanese company", "the American band X", "X, a
    citizen of Haiti": a person's citizenship, an organization's or a place's country. A
    government office
    ("the Norwegian fisheries minister X") says nothing of the person's citizenship."""
    kind = index.kind(mention)
    if kind == "agreement" or mention.label_ == "Country":
        return
    for noun in descriptions(mention, index):
        words = [t for t in modifiers(noun) if not (mention.start <= t.i < mention.end)]
        if noun != mention.root:
            words.append(noun)
        if kind == "person" and any(t.lower_ in _OFFICES for t in words):
            continue
        nouns = PLACE_NOUNS if kind == "place" else _ORGANIZATION_NOUNS
        if kind != "person" and not any(t.lower_ in nouns for t in words):
            continue
        for country in dict.fromkeys(index.adjectives[t.i] for t in words if t.i in index.adjectives):
            if kind == "person":
                yield relation("citizenOf", mention, country, "nationality-citizen", noun)
            else:
                yield relation("country", mention, country, "nationality-country", noun)
        if kind == "person" and noun.lower_ in {"citizen", "national"}:
            for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
                for country in mentions_of([c for c in prep.children if c.dep_ == "pobj"], index,
                                            frozenset({"place"})):
                    if country.label_ == "Country":
                        yield relation("citizenOf", mention, country, "citizen-of", noun)


def place_of(place: Span, index: MentionIndex) -> Iterator[Relation]:
    """"the Canadian province of Alberta", "the German city of Bonn": the country of a place."""
    root = place.root
    if place.label_ == "Country" or root.dep_ != "pobj" or root.head.lower_ != "of":
        return
    noun = root.head.head
    if noun.lower_ not in PLACE_NOUNS or negated(noun):
        return
    for token in modifiers(noun):
        country = index.adjectives.get(token.i)
        if country is not None:
            yield relation("country", place, country, "nationality-place-of", noun)


DEMONYM = "link-demonym"  # "Brazilian" -> Brazil: the adjective is a mention of the country


def demonym_mentions(entities: list[Entity], index: MentionIndex, gazetteer: Gazetteer) -> list[Entity]:
    """The entities with each nationality adjective as a mention of its country ("the
    Brazilian deputy minister" mentions Brazil): added to the country's entity, or to a new
    Country entity when the document names the country only by its adjective. Each such
    mention is linked by the rule `DEMONYM`. RETURNS all entities, in document order."""
    return word_mentions(entities, index.adjectives.values(),
                         lambda span: gazetteer.country_of_adjective(span.text) or span.kb_id_, "Country", DEMONYM)
