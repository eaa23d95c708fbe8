"""`kg_relation_extractor`: typed relations between entities from dependency patterns."""

from collections.abc import Iterator
from itertools import chain

from spacy.language import Language
from spacy.tokens import Doc

from ..classify import KIND_OF_CLASS
from ..gazetteer import Gazetteer, default_gazetteer
from ..records import Relation
from ..relations.agreements import agreement_between, signed
from ..relations.common import MentionIndex
from ..relations.nationality import country_adjectives, demonym_mentions, nationality, place_of
from ..relations.organizations import based_in, dateline_source, parent_of, place_possessive, unit_of, units_of
from ..relations.parties import affiliation, party_mentions, party_words
from ..relations.people import (appositions, at_organization, hired, led_by, membership, met_with, named_in_apposition,
                                occupation_before, party_politician, person_of, possessive, residence, titles_before,
                                verbs)
from ..relations.places import (city_region, containment, document_country, located_in, name_country, name_place,
                                place_in_brackets, transitive)
from .entity_mapper import MENTIONS_KEY

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)


@Language.factory(
    "kg_relation_extractor",
    requires=["doc.spans", "token.dep"],
    assigns=["doc._.kg_relations"],
    default_config={"spans_key": MENTIONS_KEY},
)
def make_relation_extractor(nlp: Language, name: str, spans_key: str) -> "RelationExtractor":
    """Create the relation extractor."""
    return RelationExtractor(spans_key=spans_key)


class RelationExtractor:
    """Finds employer, headOf, memberOf, spokespersonFor, jobTitle, citizenOf, locatedIn,
    country, headquarters, partOf, partyTo and metWith links.

    Every rule is a dependency or surface pattern with a fixed confidence; negated or hedged
    statements ("does not work for", "may join") yield nothing. Three rules infer rather than
    read (evaluation.gold.BACKGROUND_RULES): gazetteer-containment, document-country and
    located-in-transitive. A nationality adjective ("a Canadian politician") is a mention of
    its country, linked by `nationality.DEMONYM`; a country named only by adjectives becomes a
    Country entity whose mentions are the adjectives. A party word that describes people
    ("Republican Sen. X", "X (D-Ohio)") is likewise a mention of its party, linked by
    `parties.PARTY_LINK`.
    """

    def __init__(self, *, spans_key: str = MENTIONS_KEY, gazetteer: Gazetteer | None = None) -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer or default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        entities = list(doc._.kg_entities or [])
        index = MentionIndex(doc, doc.spans[self.spans_key])
        index.adjectives = country_adjectives(doc, index, self.gazetteer, {e.key: e.cls for e in entities})
        index.parties = party_words(doc, index)
        found: dict[tuple, Relation] = {}
        relations = chain(self._relations(doc, index), containment(doc, index, self.gazetteer),
                          document_country(doc, index, self.gazetteer), name_country(doc, index, self.gazetteer),
                          name_place(doc, index, self.gazetteer))
        for relation in relations:
            if relation.subject == relation.object:
                continue
            key = (relation.subject, relation.prop, relation.object, relation.sentence.start)
            if key not in found or found[key].confidence < relation.confidence:
                found[key] = relation
        stated = {(r.subject, r.prop, r.object) for r in found.values()}
        for relation in transitive(list(found.values())):
            if (relation.subject, relation.prop, relation.object) not in stated:
                found[(relation.subject, relation.prop, relation.object, relation.sentence.start)] = relation
        doc._.kg_relations = list(found.values())
        doc._.kg_entities = party_mentions(demonym_mentions(entities, index, self.gazetteer), index)
        return doc

    def _relations(self, doc: Doc, index: "MentionIndex") -> Iterator[Relation]:
        for mention in index.mentions:
            kind = KIND_OF_CLASS[mention.label_]
            yield from nationality(mention, index)
            if kind == "person":
                yield from appositions(mention, index)
                yield from named_in_apposition(mention, index)
                yield from titles_before(mention, index)
                yield from occupation_before(mention, index)
                yield from at_organization(mention, index)
                yield from possessive(mention, index)
                yield from verbs(mention, index)
                yield from met_with(mention, index)
                yield from membership(mention, index)
                yield from residence(mention, index)
                yield from affiliation(mention, index)
                yield from hired(mention, index)
                yield from person_of(mention, index)
                yield from led_by(mention, index)
                yield from party_politician(mention, index)
            elif kind == "place":
                yield from located_in(mention, index)
                yield from city_region(mention, index)
                yield from place_of(mention, index)
            elif kind == "agreement":
                yield from agreement_between(mention, index)
                yield from signed(mention, index)
            elif kind == "organization":
                yield from located_in(mention, index)
                yield from based_in(mention, index)
                yield from dateline_source(mention, index)
                yield from place_in_brackets(mention, index)
                yield from units_of(mention, index)
                yield from place_possessive(mention, index)
                yield from parent_of(mention, index)
                yield from unit_of(mention, index)
                yield from membership(mention, index)
