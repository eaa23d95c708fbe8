"""Relations of organizations: headquarters ("based in"), units of another
organization and parent organizations (partOf)."""

from collections.abc import Iterator

from spacy.tokens import Span

from ..components.name_finder import DATELINE
from ..lexicon import verb_base
from ..records import Relation
from .common import MentionIndex, as_objects, descriptions, mentions_of, negated, prep_objects, relation
from .places import places_in


_BASED_WORDS = frozenset({"based", "headquartered"})


def based_in(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X, based in Montreal", "X is headquartered in Montreal", "X is a company based in
    Montreal, Canada", "a bank founded in 1986 and headquartered in Montreal", "Headquartered
    in Montreal, X ...", "the Montreal-based X": where an organization is based, its
    headquarters (its country when the place is one); a country that contains that place in
    the text ("Montreal, Canada") is the organization's country (based-in-chain)."""
    doc = org.doc
    root = org.root
    described = [n for n in descriptions(org, index) if n != root]
    # "a manufacturer of airships based in Y": the parser hangs "based" on the "of" phrase
    of_phrases = [p for n in described for prep in n.children if prep.dep_ == "prep" and prep.lower_ == "of"
                  for p in prep.children if p.dep_ == "pobj" and index.at(p) is None]
    heads = [root, *described, *of_phrases]
    clauses = [c for h in heads for c in h.children if c.dep_ in {"acl", "amod", "advcl", "appos", "relcl"}]
    if root.dep_ in {"nsubj", "nsubjpass"}:
        if root.head.lower_ in _BASED_WORDS:
            clauses.append(root.head)
        # "Headquartered in Y, X has ..."
        clauses += [c for c in root.head.children if c.dep_ == "advcl" and c.i < org.start]
    # "a bank founded in 1986 and headquartered in Y": a based word joined to the clause
    triggers = [t for c in clauses for t in (c, *c.conjuncts) if t.lower_ in _BASED_WORDS]
    for token in dict.fromkeys(triggers):
        if negated(token):
            continue
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "at"}:
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                places = places_in(pobj, index)
                if not places:
                    continue
                prop = "country" if places[0].label_ == "Country" else "headquarters"
                yield relation(prop, org, places[0], "based-in", token)
                for container in places[1:]:
                    if container.label_ == "Country":
                        yield relation("country", org, container, "based-in-chain", token)
    start = org.start
    if start >= 2 and doc[start - 1].lower_ == "based" and doc[start - 2].text == "-":
        place = index.at(doc[start - 3]) if start >= 3 else None
        if place is not None and index.kind(place) == "place":
            yield relation("headquarters", org, place, "x-based", doc[start - 1])
    for token in org:
        if token.lower_ == "based" and token.i >= 2 and doc[token.i - 1].text == "-":
            place = index.at(doc[token.i - 2])
            if place is not None and place is not org and index.kind(place) == "place":
                yield relation("headquarters", org, place, "x-based", token)


def dateline_source(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Moscow INTERFAX", "Paris Radio France International in French": the source of a wire
    dateline (the name finder's DATELINE mentions) is based in the city before it."""
    i = org.start - 1
    while i > 0 and org.doc[i].lower_ == "the":  # "Bangkok THE NATION"
        i -= 1
    if org.id_ != DATELINE or i < 0:
        return
    city = index.at(org.doc[i])
    if city is not None and city.id_ == DATELINE and index.kind(city) == "place":
        yield relation("headquarters", org, city, "dateline-source", org.root)


def place_possessive(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"China's Great Wall", "Ohio's Velmora Bank": the organization is in the place, its
    country when the place is one."""
    doc = org.doc
    i = org.start - 1
    if i >= 1 and doc[i].lower_ in {"'s", "’s"} and org.label_ != "InternationalOrganization":  # "Finland's EU"
        place = index.at(doc[i - 1])
        if place is not None and index.kind(place) == "place":
            prop = "country" if place.label_ == "Country" else "locatedIn"
            yield relation(prop, org, place, "place-possessive", doc[i])


def units_of(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"the Champlain Station of the Swanton Sector", "the Swanton Sector's Champlain Station"."""
    doc = org.doc
    for prep in org.root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for parent in mentions_of([c for c in prep.children if c.dep_ == "pobj"], index,
                                       frozenset({"organization"})):
                yield relation("partOf", org, parent, "org-of-org", prep)
    i = org.start - 1
    if i >= 1 and doc[i].lower_ in {"'s", "’s"}:
        owner = index.at(doc[i - 1])
        if owner is not None and index.kind(owner) == "organization":
            yield relation("partOf", org, owner, "org-possessive-org", doc[i])


def parent_of(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Y, the parent of X", "Y is the parent company of X": X is part of the organization Y."""
    for noun in descriptions(org, index):
        if noun == org.root or not (noun.lower_ == "parent" or (
                noun.lower_ in {"company", "organization", "organisation"}
                and any(c.lower_ == "parent" for c in noun.lefts))):
            continue
        for child in prep_objects(noun, index, "organization", _PARENT_PREPS):
            if child.kb_id_ != org.kb_id_:
                yield relation("partOf", child, org, "parent-of", noun)


_PARENT_PREPS = frozenset({"of", "for", "to"})  # "the parent company for X"
_UNIT_NOUNS = frozenset("unit subsidiary division affiliate arm branch wing".split())


def unit_of(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X, a unit of Y", "X is a subsidiary of Y", "X is a daughter company of Y", "X operates
    as a subsidiary of Y", "A subsidiary of Y, X ...", "X is a company that ... is a subsidiary
    of Y": X is part of the organization Y."""
    root = org.root
    nouns = list(descriptions(org, index))
    if root.dep_ == "nsubj" and verb_base(root.head.text) in {"operate", "serve", "function"}:
        nouns += as_objects(root.head)
    if root.dep_ == "nsubj":  # "A regional subsidiary of Y, X supplies ..."
        nouns += [c for c in root.head.children if c.dep_ == "nsubj" and c.i < org.start]
    # "X is a company that owns Z and is a subsidiary of Y": what a relative clause on X's noun says it is
    for noun in list(nouns):
        for clause in (c for c in noun.children if c.dep_ == "relcl"):
            for verb in (clause, *clause.conjuncts):
                if verb_base(verb.text) == "be":
                    nouns += [c for c in verb.children if c.dep_ == "attr"]
    for noun in nouns:
        unit = noun.lower_ in _UNIT_NOUNS or (
            noun.lower_ == "company" and any(c.lower_ in {"subsidiary", "daughter"} for c in noun.lefts))
        if noun == root or not unit or negated(noun):
            continue
        for parent in prep_objects(noun, index, "organization"):
            if parent.kb_id_ != org.kb_id_:
                yield relation("partOf", org, parent, "unit-of", noun)
