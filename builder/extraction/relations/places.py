"""Where places and organizations lie: locatedIn and country from comma chains ("Lacolle,
Que."), "located in" phrases, the gazetteer, containment in steps, and the one country a
document names."""

from collections.abc import Iterator
from itertools import chain

from spacy.tokens import Doc, Span, Token

from ..gazetteer import Gazetteer
from ..keys import entity_key
from ..lexicon import verb_base
from ..records import Relation
from .common import MentionIndex, RULES, negated, relation


_CONTAINER_CLASSES = {"Country": {"AdministrativeArea", "Settlement", "Place", "Facility",
                                  "Road", "BorderCrossing"},
                      "AdministrativeArea": {"Settlement", "Place", "Facility", "Road",
                                             "BorderCrossing"}}


# The last words of names of administrative units inside a province or state.
_SUBDIVISION_WORDS = frozenset(
    "county district region parish municipality township borough prefecture department "
    "oblast governorate province raion commune canton".split()
)


_LOCATED_WORDS = frozenset("located situated lies lying lie sits".split())
_PLACE_PREPS = frozenset("in from at near of".split())


# Place nouns whose "of" names the containing place too: "a suburb of Sydney".
# Nouns for a part of a place: "in the southwestern part of Y", "in the heart of Y".
_REGION_PARTS = frozenset("part parts portion heart centre center".split())
_PART_NOUNS = frozenset(
    "suburb village town city municipality commune neighbourhood neighborhood district county "
    "community hamlet capital borough".split()
)


# Nouns of places that "the Canadian province of Alberta" puts in a country.
PLACE_NOUNS = frozenset(
    "province state county city town village region prefecture department district "
    "municipality island islands territory capital commune oblast canton suburb "
    "neighborhood neighbourhood port parish borough hamlet township".split()
)


def city_region(place: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Lacolle, Que.": a place followed by a comma and the province (locatedIn) or country
    (country) it lies in. Along a chain ("Brigden, Lambton County, Ontario, Canada") each
    place also lies in the country that ends it."""
    chain = _comma_chain(place, index)
    if len(chain) < 2:
        yield from _place_comma_place(place, index)
        return
    doc = place.doc
    yield relation(_spatial(chain[1]), place, chain[1], "city-region", doc[place.end])
    if chain[-1].label_ == "Country" and len(chain) > 2:
        yield relation("country", place, chain[-1], "city-region", doc[place.end])


_LOOSE_INNER = frozenset({"Place", "Settlement", "Facility"})
_LOOSE_OUTER = frozenset({"Place", "Settlement", "AdministrativeArea"})


def _place_comma_place(place: Span, index: MentionIndex) -> Iterator[Relation]:
    """"born in Medias, Transylvania", "a club from Fyllingsdalen, Bergen": after a preposition
    of place, a place the gazetteer can't check followed by a comma and another that ends the
    phrase lies in it (two towns, "in Ottawa, Toronto and Leeds", are a list)."""
    doc = place.doc
    end = place.end
    if place.start == 0 or doc[place.start - 1].lower_ not in _PLACE_PREPS or end + 1 >= len(doc) \
            or doc[end].text != ",":
        return
    after = index.at(doc[end + 1])
    if after is None or after.start != end + 1 or index.kind(after) != "place" or place.label_ not in _LOOSE_INNER \
            or after.label_ not in _LOOSE_OUTER or place.label_ == after.label_ == "Settlement":
        return
    rest = [t.lower_ for t in doc[after.end:after.end + 2]]
    if rest[:1] in (["and"], ["or"], ["&"]) or rest in ([",", "and"], [",", "or"]):
        return
    yield relation("locatedIn", place, after, "place-comma-place", doc[end])


def _contains(container: Span, place: Span) -> bool:
    """Whether a place of the container's class can lie in it: a country holds places, a
    province or state holds settlements, facilities and counties ("Lambton County, Ontario"),
    never another province ("Ontario, Quebec" is a list)."""
    if place.label_ == "Country":
        return False
    if container.label_ == "Country":
        return True
    if place.label_ == "AdministrativeArea":
        return (container.label_ == "AdministrativeArea" and place[-1].lower_ in _SUBDIVISION_WORDS
                and container[-1].lower_ not in _SUBDIVISION_WORDS)
    return place.label_ in _CONTAINER_CLASSES.get(container.label_, ())


def _comma_chain(place: Span, index: MentionIndex) -> list[Span]:
    """The place and the places after it, comma by comma, each inside the next: "Brigden,
    Lambton County, Ontario, Canada"."""
    doc = place.doc
    chain = [place]
    while chain[-1].end + 1 < len(doc) and doc[chain[-1].end].text == ",":
        after = index.at(doc[chain[-1].end + 1])
        if after is None or after.start != chain[-1].end + 1 or not _contains(after, chain[-1]):
            break
        chain.append(after)
    return chain


def located_in(subject: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X is a town in Y", "X, a lake located in Y County in the U.S. state of Z", "X is
    located in Y, Z": the places a place or an organization lies in (locatedIn, or country
    for a country). The first place named gets rule located-in, the ones that contain it
    (a comma chain, a nested "in") located-in-chain."""
    if subject.label_ == "Country":
        return
    root = subject.root
    heads = [c for c in root.children if c.dep_ == "appos" and index.at(c) is None]
    verb = root.head
    if root.dep_ in {"nsubj", "nsubjpass"} and (verb.lower_ in _LOCATED_WORDS or verb_base(verb.text) == "be"):
        heads.append(verb)
        heads += [c for c in verb.children if c.dep_ == "attr" and index.at(c) is None]
    heads += [c for h in list(heads) + [root] for c in h.children
              if c.dep_ in {"acl", "relcl"} and c.lower_ in _LOCATED_WORDS]
    heads.append(root)  # "the Wembley Arena in London"
    organization = index.kind(subject) == "organization"
    for head in heads:
        if negated(head):
            continue
        for prep in head.children:
            # "Pacific Harbour Inc. of Halifax": an organization of a place is there
            of_place = prep.lower_ == "of" and head is root and organization
            if prep.dep_ != "prep" or not (prep.lower_ in {"in", "within"} or of_place or (
                    prep.lower_ == "of" and head.lower_ in _PART_NOUNS)):
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                places = [p for p in places_in(pobj, index) if p.kb_id_ != subject.kb_id_]
                for n, place in enumerate(places):
                    rule = "located-in-chain" if n else "organization-of-place" if of_place else "located-in"
                    yield relation(_spatial(place), subject, place, rule, prep)
                    if n > 0:
                        yield relation(_spatial(place), places[n - 1], place, "located-in-chain", prep)


def _spatial(container: Span) -> str:
    """The property that puts something in a place: country for a country, else locatedIn."""
    return "country" if container.label_ == "Country" else "locatedIn"  # Wikidata P17 vs P131


def places_in(token: Token, index: MentionIndex) -> list[Span]:
    """The places a prepositional object names, innermost first: "Y" and what contains it
    in "Y, Z", "the city of Y", "Y in the state of Z"."""
    place = index.at(token)
    if place is None and token.lower_ in _REGION_PARTS:  # "in the southwestern part of Y", "in the heart of Y"
        return next((places_in(c, index) for of in token.children if of.dep_ == "prep" and of.lower_ == "of"
                     for c in of.children if c.dep_ == "pobj"), [])
    if place is None and token.lower_ in PLACE_NOUNS:
        place = next((index.at(c) for of in token.children if of.dep_ == "prep" and of.lower_ == "of"
                      for c in of.children if c.dep_ == "pobj" and index.at(c) is not None), None)
    if place is None or index.kind(place) != "place":
        return []
    places = _comma_chain(place, index)
    for head in dict.fromkeys((token, place.root)):
        for prep in head.children:
            # "Y in Z"; "the Kunene Province of southern Angola": a named division of Z
            of_region = prep.lower_ == "of" and place[-1].lower_ in PLACE_NOUNS and head == place.root
            if prep.dep_ == "prep" and (prep.lower_ in {"in", "within"} or of_region) and prep.i >= places[-1].end:
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    places += [p for p in places_in(pobj, index)
                               if p not in places and _contains(p, places[-1])]
    return places


def containment(doc: Doc, index: MentionIndex, gazetteer: Gazetteer) -> Iterator[Relation]:
    """What the gazetteer knows of the places a document mentions together: "Montreal" and
    "Quebec" in one article give Montreal locatedIn Quebec, with the gazetteer as the rule and
    the sentence of the first mention of the contained place as evidence."""
    first: dict[str, Span] = {}
    for span in index.mentions:
        if index.kind(span) == "place":
            first.setdefault(span.kb_id_, span)
    names = {e.key: e.name for e in doc._.kg_entities or [] if e.key in first}
    adjectives: dict[str, Span] = {}
    for span in index.adjectives.values():
        if span.kb_id_ not in first:
            adjectives.setdefault(span.kb_id_, span)
    for key, span in first.items():
        place = gazetteer.lookup(names.get(key, span.text))
        if place is None or place.cls == "Country" or entity_key("place", place.name) != key:
            continue
        for prop, container in (("locatedIn", place.region), ("country", place.country)):
            if container is None:
                continue
            target = first.get(entity_key("place", container))
            if target is not None and target.kb_id_ != key:
                yield relation(prop, span, target, "gazetteer-containment", span.root)
            elif prop == "country" and entity_key("place", container) in adjectives:
                yield relation(prop, span, adjectives[entity_key("place", container)],
                                "gazetteer-containment", span.root)


def transitive(relations: list[Relation]) -> Iterator[Relation]:
    """Containment stated in steps: "Tempe, Arizona" in the text and Arizona in the United
    States (in the text or the gazetteer) put Tempe in the United States; an organization is
    in the places that contain its headquarters. Each step is a locatedIn or country relation
    (a headquarters one for the first), never a document-country inference; the property is
    the last step's, the evidence the first step's sentence. Facts already stated are left
    to the caller."""
    steps: dict[str, list[Relation]] = {}
    first: dict[str, list[Relation]] = {}
    for r in relations:
        if r.literal or r.rule == "document-country" or r.prop not in {"locatedIn", "country", "headquarters"}:
            continue
        first.setdefault(r.subject, []).append(r)
        if r.prop != "headquarters":
            steps.setdefault(r.subject, []).append(r)
    for subject, starts in first.items():
        reached = {subject, *(r.object for r in starts)}
        frontier = [(r, r) for r in starts]  # (first step, last step)
        while frontier:
            start, last = frontier.pop()
            for step in steps.get(last.object, ()):
                if step.object in reached:
                    continue
                reached.add(step.object)
                frontier.append((start, step))
                yield Relation(subject=subject, prop=step.prop, object=step.object, sentence=start.sentence,
                               rule="located-in-transitive", confidence=RULES["located-in-transitive"],
                               subject_mention=start.subject_mention, object_mention=step.object_mention)


def document_country(doc: Doc, index: MentionIndex, gazetteer: Gazetteer) -> Iterator[Relation]:
    """A document that names one country, by name or adjective, and no other: each place the
    gazetteer does not know (a known place has its own country) and each government agency
    it mentions is in that country. Background inference with the first mention as
    evidence. Measured on Re-DocRED dev documents 0-249: places 0.67 precise, government
    agencies 0.70; other organizations, 0.51, are left out. A text of one sentence is no
    document to infer from (on CoNLL04 train sentences the inference was 0.25 precise)."""
    if not _has_two_sentences(doc):
        return
    countries = _countries(index)
    if len(countries) != 1:
        return
    ((key, country),) = countries.items()
    seen: set[str] = set()
    for span in index.mentions:
        kind = index.kind(span)
        if span.kb_id_ in seen or span.label_ == "Country":
            continue
        seen.add(span.kb_id_)
        if (kind == "place" and gazetteer.lookup(span.text) is None) or (
                span.label_ == "GovernmentAgency" and not _names_another_country(span, key, gazetteer)):
            yield relation("country", span, country, "document-country", span.root)


def place_in_brackets(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Mitsubishi Electric (Japan)", "Velmora Freight (Halifax)": an organization with a place
    alone in brackets after its name lies there. Capitals in brackets are more often an
    acronym ("Utrecht University (UU)", "(PRC)") than a place."""
    doc = org.doc
    if org.end + 2 >= len(doc) or doc[org.end].text != "(":
        return
    place = index.at(doc[org.end + 1])
    if place is not None and place.start == org.end + 1 and index.kind(place) == "place" \
            and place.end < len(doc) and doc[place.end].text == ")" and not place.text.isupper():
        yield relation(_spatial(place), org, place, "place-in-brackets", doc[org.end])


def name_country(doc: Doc, index: MentionIndex, gazetteer: Gazetteer) -> Iterator[Relation]:
    """"the Norwegian Coastal Administration", "Bank of Canada": an organization whose name
    holds one country, by name or adjective, lies in it, where the document names that
    country too (by name, or by adjective outside the name). A name that is the country's
    own or its adjective alone ("Canada" for its team) says nothing."""
    countries = _countries(index)
    if not countries:
        return
    for org in _first_mentions(index, "organization").values():
        words = _words(org)
        held = {entity_key("place", c) for c in gazetteer.countries_in(words)}
        itself = gazetteer.lookup(words)
        if len(held) != 1 or gazetteer.country_of_adjective(words) or (itself and itself.cls == "Country"):
            continue
        country = countries.get(next(iter(held)))
        if country is not None:
            yield relation("country", org, country, "name-country", org.root)


def name_place(doc: Doc, index: MentionIndex, gazetteer: Gazetteer) -> Iterator[Relation]:
    """"the University of Chicago", "Cape Town Supreme Court", "Ohio State University": an
    organization whose name begins with a known city or region, or ends in "of" and one, lies
    in it, where the document names that place on its own too. Countries are name_country's."""
    places = _first_mentions(index, "place")
    if not places:
        return
    for org in _first_mentions(index, "organization").values():
        for part in _place_parts([t.text for t in org if t.text.casefold() != "the" or t.i != org.start]):
            place = gazetteer.lookup(part)
            if place is None or place.cls == "Country":
                continue
            target = places.get(entity_key("place", place.name))
            if target is not None:
                yield relation("locatedIn", org, target, "name-place", org.root)
                break


def _first_mentions(index: MentionIndex, kind: str) -> dict[str, Span]:
    """The first mention of each entity of a kind: key -> mention, in document order."""
    first: dict[str, Span] = {}
    for span in index.mentions:
        if index.kind(span) == kind:
            first.setdefault(span.kb_id_, span)
    return first


def _place_parts(words: list[str]) -> Iterator[str]:
    """The parts of a name that may name where it is: its first three, two or one words (never
    the whole name), and what follows its last "of"."""
    for n in (3, 2, 1):
        if n < len(words) and words[0][:1].isupper():
            yield " ".join(words[:n])
    if "of" in words[1:-1]:
        rest = words[len(words) - words[::-1].index("of"):]
        if rest[0][:1].isupper():
            yield " ".join(rest)


def _countries(index: MentionIndex) -> dict[str, Span]:
    """The countries a document names, by name or adjective: key -> first mention."""
    countries: dict[str, Span] = {}
    for span in chain(index.mentions, index.adjectives.values()):
        if span.label_ == "Country":
            countries.setdefault(span.kb_id_, span)
    return countries


def _has_two_sentences(doc: Doc) -> bool:
    sentences = iter(doc.sents)
    return next(sentences, None) is not None and next(sentences, None) is not None


def _names_another_country(org: Span, key: str, gazetteer: Gazetteer) -> bool:
    """Whether an organization's name holds a country other than the one keyed, by name or
    adjective: "Bank of Japan", "the Royal Canadian Navy"."""
    return any(entity_key("place", c) != key for c in gazetteer.countries_in(_words(org)))


def _words(span: Span) -> str:
    """A span's tokens joined by single spaces ("U.S. - based" for "U.S.-based")."""
    return " ".join(t.text for t in span)
