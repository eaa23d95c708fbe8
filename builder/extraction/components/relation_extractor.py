"""`kg_relation_extractor`: typed relations between entities from dependency patterns."""

from collections.abc import Iterable, Iterator
from itertools import chain

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..classify import KIND_OF_CLASS
from ..gazetteer import Gazetteer, default_gazetteer
from ..iri import entity_key
from ..lexicon import HEAD_TITLES, HEDGES, ORG_WORDS, PERSON_TITLES, SPOKESPERSON_TITLES, verb_base
from ..records import Entity, Relation
from ..records import Span as TextSpan
from .entity_mapper import MENTIONS_KEY

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)

# Confidence of each rule, measured against the gold annotations (see bench/).
RULES: dict[str, float] = {
    "appos-title": 0.9,
    "copula-title": 0.85,
    "title-before-name": 0.85,
    "org-title-before-name": 0.8,
    "possessive-affiliation": 0.7,
    "verb-works-for": 0.85,
    "verb-employed-by": 0.85,
    "verb-heads": 0.85,
    "in-charge-of": 0.85,
    "verb-joined": 0.75,
    "city-region": 0.9,
    "agreement-between": 0.85,
    "verb-signed": 0.8,
    "x-based": 0.85,
    "based-in": 0.85,
    "based-in-chain": 0.8,
    "title-appos-name": 0.8,
    "parent-of": 0.8,
    "located-in-transitive": 0.8,
    "verb-met-with": 0.8,
    "org-of-org": 0.75,
    "org-possessive-org": 0.75,
    "gazetteer-containment": 0.9,
    "nationality-citizen": 0.85,
    "citizen-of": 0.9,
    "nationality-country": 0.8,
    "nationality-place-of": 0.85,
    "document-country": 0.55,
    "member-of": 0.75,
    "located-in": 0.65,
    "located-in-chain": 0.8,
}
_EMPLOYMENT_PREPS = frozenset({"for", "at", "with"})
_HEAD_VERBS = frozenset({"lead", "head", "chair", "run", "direct", "manage"})
_CONTAINER_CLASSES = {"Country": {"AdministrativeArea", "Settlement", "Place", "Facility",
                                  "Road", "BorderCrossing"},
                      "AdministrativeArea": {"Settlement", "Place", "Facility", "Road",
                                             "BorderCrossing"}}


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
    read (evaluate.BACKGROUND_RULES): gazetteer-containment, document-country and
    located-in-transitive. A country that a relation names only by its adjective ("a
    Canadian politician") becomes a Country entity whose mentions are the adjectives.
    """

    def __init__(self, *, spans_key: str = MENTIONS_KEY, gazetteer: Gazetteer | None = None) -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer or default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        entities = list(doc._.kg_entities or [])
        index = MentionIndex(doc, doc.spans[self.spans_key])
        index.adjectives = country_adjectives(doc, index, self.gazetteer, {e.key: e.cls for e in entities})
        found: dict[tuple, Relation] = {}
        relations = chain(self._relations(doc, index), _containment(doc, index, self.gazetteer),
                          _document_country(doc, index, self.gazetteer))
        for relation in relations:
            if relation.subject == relation.object:
                continue
            key = (relation.subject, relation.prop, relation.object, relation.sentence.start)
            if key not in found or found[key].confidence < relation.confidence:
                found[key] = relation
        stated = {(r.subject, r.prop, r.object) for r in found.values()}
        for relation in _transitive(list(found.values())):
            if (relation.subject, relation.prop, relation.object) not in stated:
                found[(relation.subject, relation.prop, relation.object, relation.sentence.start)] = relation
        doc._.kg_relations = list(found.values())
        doc._.kg_entities = entities + _adjective_countries(
            found.values(), index, {e.key for e in entities}, self.gazetteer)
        return doc

    def _relations(self, doc: Doc, index: "MentionIndex") -> Iterator[Relation]:
        for mention in index.mentions:
            kind = KIND_OF_CLASS[mention.label_]
            yield from _nationality(mention, index)
            if kind == "person":
                yield from _appositions(mention, index)
                yield from _named_in_apposition(mention, index)
                yield from _titles_before(mention, index)
                yield from _possessive(mention, index)
                yield from _verbs(mention, index)
                yield from _met_with(mention, index)
                yield from _membership(mention, index)
            elif kind == "place":
                yield from _located(mention, index)
                yield from _city_region(mention, index)
                yield from _place_of(mention, index)
            elif kind == "agreement":
                yield from _agreement_between(mention, index)
                yield from _signed(mention, index)
            elif kind == "organization":
                yield from _located(mention, index)
                yield from _based(mention, index)
                yield from _units(mention, index)
                yield from _parent(mention, index)
                yield from _membership(mention, index)


class MentionIndex:
    """Which linked mention, if any, covers each token."""

    def __init__(self, doc: Doc, mentions: list[Span]) -> None:
        self.mentions = list(mentions)
        self.adjectives: dict[int, Span] = {}  # token -> nationality adjective as a Country span
        self._by_token: dict[int, Span] = {}
        for span in self.mentions:
            for i in range(span.start, span.end):
                self._by_token[i] = span

    def at(self, token: Token) -> Span | None:
        """The mention covering a token."""
        return self._by_token.get(token.i)

    def kind(self, span: Span) -> str:
        """The kind (person, organization, agreement, place) of a mention."""
        return KIND_OF_CLASS[span.label_]


def _relation(prop: str, subject: Span, obj: Span | str, rule: str, anchor: Token) -> Relation:
    sent = anchor.sent
    literal = isinstance(obj, str)
    return Relation(
        subject=subject.kb_id_,
        prop=prop,
        object=obj if literal else obj.kb_id_,
        sentence=TextSpan(sent.start_char, sent.end_char, sent.text),
        rule=rule,
        confidence=RULES[rule],
        subject_mention=TextSpan(subject.start_char, subject.end_char, subject.text),
        object_mention=None if literal else TextSpan(obj.start_char, obj.end_char, obj.text),
        literal=literal,
    )


def _is_title(token: Token) -> bool:
    return token.lower_ in PERSON_TITLES or token.lower_.rstrip(".") in PERSON_TITLES


def _negated(token: Token) -> bool:
    """True if the token or a verb governing it is negated or hedged."""
    for t in (token, *token.ancestors):
        if any(c.dep_ == "neg" or c.lower_ in HEDGES for c in t.children):
            return True
        if t.dep_ in {"ROOT", "ccomp", "advcl", "relcl"} and t.tag_.startswith("VB"):
            break
    return False


def _title_phrase(title: Token, index: MentionIndex) -> tuple[str, list[Span]]:
    """The title as written ("patrol officer in charge") and the mentions among its modifiers."""
    tokens = [title]
    orgs: list[Span] = []
    for child in title.lefts:
        if child.dep_ in {"compound", "nmod", "amod", "poss"}:
            mention = index.at(child)
            if mention is not None:
                if mention not in orgs:
                    orgs.append(mention)
            elif child.tag_.startswith("NN") or _is_title(child):
                tokens.extend(t for t in child.subtree
                              if index.at(t) is None and (t.tag_.startswith("NN") or _is_title(t)))
    tokens.sort(key=lambda t: t.i)
    words = [t.text for t in tokens]
    if _in_charge_of(title) is not None:
        words += ["in", "charge"]
    return " ".join(words), orgs


def _in_charge_of(token: Token) -> Token | None:
    """The object Y of "... in charge of Y" attached to a token, if any."""
    for prep in token.children:
        if prep.dep_ == "prep" and prep.lower_ == "in":
            for charge in prep.children:
                if charge.lower_ == "charge":
                    for of in charge.children:
                        if of.dep_ == "prep" and of.lower_ == "of":
                            return next((c for c in of.children if c.dep_ == "pobj"), None)
    return None


def _title_relations(person: Span, title: Token, index: MentionIndex, rule: str) -> Iterator[Relation]:
    """jobTitle and the organization link a title noun states for a person."""
    text, modifiers = _title_phrase(title, index)
    yield _relation("jobTitle", person, text, rule, title)
    targets: list[tuple[Span, str]] = [(m, "modifier") for m in modifiers]
    for prep in title.children:
        if prep.dep_ == "prep" and prep.lower_ in {"of", "for", "at", "with"}:
            for pobj in prep.children:
                mention = index.at(pobj) if pobj.dep_ == "pobj" else None
                if mention is not None:
                    targets.append((mention, prep.lower_))
    charge = _in_charge_of(title)
    if charge is not None and index.at(charge) is not None:
        target = index.at(charge)
        if index.kind(target) == "organization":
            yield _relation("headOf", person, target, "in-charge-of", title)
    word = title.lower_
    for target, how in targets:
        kind = index.kind(target)
        if word in SPOKESPERSON_TITLES and kind in {"organization", "person"}:
            yield _relation("spokespersonFor", person, target, rule, title)
        elif kind != "organization":
            continue
        elif word in HEAD_TITLES and how in {"of", "modifier"}:
            yield _relation("headOf", person, target, rule, title)
        elif word not in HEAD_TITLES and word not in SPOKESPERSON_TITLES:
            yield _relation("employer", person, target, rule, title)


def _appositions(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X, the spokesperson for Y" and "X, president of Y"."""
    root = person.root
    for child in root.children:
        if child.dep_ == "appos" and _is_title(child) and index.at(child) is None and not _negated(child):
            yield from _title_relations(person, child, index, "appos-title")


def _named_in_apposition(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Y's chief executive, X, said": the person is named in apposition to the title."""
    root = person.root
    title = root.head
    if root.dep_ == "appos" and _is_title(title) and index.at(title) is None and not _negated(title):
        yield from _title_relations(person, title, index, "title-appos-name")


def _titles_before(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"union president X", "Homeland Security Secretary X", "RCMP spokesperson X", "Y's
    chief executive X"."""
    doc = person.doc
    i = person.start - 1
    if i < 0 or not _is_title(doc[i]) or index.at(doc[i]) is not None:
        return
    title = doc[i]
    start = i
    while start - 1 >= 0:
        prev = doc[start - 1]
        if index.at(prev) is not None or not (prev.tag_ in {"NN", "NNP", "NNS", "NNPS"} or _is_title(prev)):
            break
        start -= 1
    words = [t.text for t in doc[start : i + 1]]
    yield _relation("jobTitle", person, " ".join(words), "title-before-name", title)
    if start > 1 and doc[start - 1].lower_ in {"'s", "’s", "'"}:
        start -= 1
    before = index.at(doc[start - 1]) if start > 0 else None
    if before is None or index.kind(before) != "organization":
        return
    word = title.lower_
    if word in SPOKESPERSON_TITLES:
        yield _relation("spokespersonFor", person, before, "org-title-before-name", title)
    elif word in HEAD_TITLES:
        yield _relation("headOf", person, before, "org-title-before-name", title)
    else:
        yield _relation("employer", person, before, "org-title-before-name", title)


def _possessive(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Radio-Canada's Catherine Kovacs": the organization employs the person."""
    doc = person.doc
    i = person.start - 1
    if i < 1 or doc[i].lower_ not in {"'s", "’s"}:
        return
    owner = index.at(doc[i - 1])
    if owner is not None and index.kind(owner) == "organization":
        yield _relation("employer", person, owner, "possessive-affiliation", doc[i])


def _subject_verbs(person: Span) -> Iterator[tuple[Token, bool]]:
    """The verbs a person is the subject of (passive flagged), including conjoined verbs."""
    root = person.root
    if root.dep_ not in {"nsubj", "nsubjpass"}:
        return
    verb = root.head
    yield verb, root.dep_ == "nsubjpass"
    for conj in verb.conjuncts:
        if conj.i > verb.i and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children):
            yield conj, any(c.dep_ == "auxpass" for c in conj.children)


def _verbs(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X works for Y", "X is employed by Y", "X heads Y", "X is in charge of Y", "X is the president of Y"."""
    for verb, passive in _subject_verbs(person):
        if _negated(verb):
            continue
        base = verb_base(verb.text)
        for child in verb.children:
            if child.dep_ == "prep":
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                target = index.at(pobj) if pobj is not None else None
                if target is None or index.kind(target) != "organization":
                    continue
                if base == "work" and child.lower_ in _EMPLOYMENT_PREPS:
                    yield _relation("employer", person, target, "verb-works-for", verb)
                elif base == "employ" and passive and child.lower_ == "by":
                    yield _relation("employer", person, target, "verb-employed-by", verb)
            elif child.dep_ == "dobj" and base in _HEAD_VERBS | {"join"}:
                target = index.at(child)
                if target is None or index.kind(target) != "organization":
                    continue
                if base == "join":
                    prop = "memberOf" if target.label_ in {"LabourUnion", "Organization"} else "employer"
                    yield _relation(prop, person, target, "verb-joined", verb)
                else:
                    yield _relation("headOf", person, target, "verb-heads", verb)
            elif child.dep_ == "attr" and base == "be" and _is_title(child) and index.at(child) is None:
                yield from _title_relations(person, child, index, "copula-title")
        charge = _in_charge_of(verb)
        target = index.at(charge) if charge is not None else None
        if target is not None and index.kind(target) == "organization":
            yield _relation("headOf", person, target, "in-charge-of", verb)


def _city_region(place: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Lacolle, Que.": a place followed by a comma and the province (locatedIn) or country
    (country) it lies in. Along a chain ("Brigden, Lambton County, Ontario, Canada") each
    place also lies in the country that ends it."""
    chain = _comma_chain(place, index)
    if len(chain) < 2:
        return
    doc = place.doc
    yield _relation(_spatial(chain[1]), place, chain[1], "city-region", doc[place.end])
    if chain[-1].label_ == "Country" and len(chain) > 2:
        yield _relation("country", place, chain[-1], "city-region", doc[place.end])


# The last words of names of administrative units inside a province or state.
_SUBDIVISION_WORDS = frozenset(
    "county district region parish municipality township borough prefecture department "
    "oblast governorate province raion commune canton".split()
)


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


_LOCATED_WORDS = frozenset("located situated lies lying lie sits".split())
# Place nouns whose "of" names the containing place too: "a suburb of Sydney".
_PART_NOUNS = frozenset(
    "suburb village town city municipality commune neighbourhood neighborhood district county "
    "community hamlet capital borough".split()
)


def _located(subject: Span, index: MentionIndex) -> Iterator[Relation]:
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
    for head in heads:
        if _negated(head):
            continue
        for prep in head.children:
            if prep.dep_ != "prep" or not (prep.lower_ in {"in", "within"} or (
                    prep.lower_ == "of" and head.lower_ in _PART_NOUNS)):
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                places = [p for p in _places_in(pobj, index) if p.kb_id_ != subject.kb_id_]
                for n, place in enumerate(places):
                    rule = "located-in" if n == 0 else "located-in-chain"
                    yield _relation(_spatial(place), subject, place, rule, prep)
                    if n > 0:
                        yield _relation(_spatial(place), places[n - 1], place, "located-in-chain", prep)


def _spatial(container: Span) -> str:
    """The property that puts something in a place: country for a country, else locatedIn."""
    return "country" if container.label_ == "Country" else "locatedIn"  # Wikidata P17 vs P131


def _places_in(token: Token, index: MentionIndex) -> list[Span]:
    """The places a prepositional object names, innermost first: "Y" and what contains it
    in "Y, Z", "the city of Y", "Y in the state of Z"."""
    place = index.at(token)
    if place is None and token.lower_ in _PLACE_NOUNS:
        place = next((index.at(c) for of in token.children if of.dep_ == "prep" and of.lower_ == "of"
                      for c in of.children if c.dep_ == "pobj" and index.at(c) is not None), None)
    if place is None or index.kind(place) != "place":
        return []
    places = _comma_chain(place, index)
    for head in dict.fromkeys((token, place.root)):
        for prep in head.children:
            if prep.dep_ == "prep" and prep.lower_ in {"in", "within"} and prep.i >= places[-1].end:
                for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                    places += [p for p in _places_in(pobj, index)
                               if p not in places and _contains(p, places[-1])]
    return places


# Nouns that make their subject a member of the organization named with them: "a member
# of Y", "Y bassist X".
_MEMBER_WORDS = frozenset(
    "member members bassist guitarist drummer keyboardist vocalist frontman frontwoman".split()
)


def _membership(subject: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X is a member of Y", "X, a member of Y", "Y bassist X": X is a member of Y."""
    root = subject.root
    nouns = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ == "nsubj" and verb_base(root.head.text) in {"be", "become", "remain"}:
        nouns += [c for c in root.head.children if c.dep_ == "attr"]
    for noun in nouns:
        if noun.lower_ not in _MEMBER_WORDS or index.at(noun) is not None or _negated(noun):
            continue
        for prep in noun.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                objects = [t for c in prep.children if c.dep_ == "pobj" for t in _with_conjuncts(c)]
                for org in _mentions_of(objects, index, frozenset({"organization"})):
                    yield _relation("memberOf", subject, org, "member-of", noun)
    doc = subject.doc
    i = subject.start - 1
    while i >= 0 and doc[i].text in {",", "former", "founding", "original", "lead", "bass", "rhythm"}:
        i -= 1
    if i >= 1 and doc[i].lower_ in _MEMBER_WORDS and index.at(doc[i]) is None:
        j = i - 1
        while j >= 0 and doc[j].lower_ in {"former", "founding", "original", "lead", "bass", "rhythm"}:
            j -= 1
        org = index.at(doc[j]) if j >= 0 else None
        if org is not None and index.kind(org) == "organization" and not _negated(doc[i]):
            yield _relation("memberOf", subject, org, "member-of", doc[i])


_AGREEMENT_NOUNS = frozenset("agreement treaty pact accord accords convention deal arrangement protocol".split())
_PARTY_KINDS = frozenset({"organization", "place"})


def _with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def _mentions_of(tokens: list[Token], index: MentionIndex, kinds: frozenset[str]) -> list[Span]:
    found: list[Span] = []
    for token in tokens:
        mention = index.at(token)
        if mention is not None and index.kind(mention) in kinds and mention not in found:
            found.append(mention)
    return found


def _agreement_between(agreement: Span, index: MentionIndex) -> Iterator[Relation]:
    """"the X Agreement, the pact between Canada and the United States": both are parties."""
    root = agreement.root
    nouns = [root] + [c for c in root.children if c.dep_ == "appos" and c.lower_ in _AGREEMENT_NOUNS]
    for noun in nouns:
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ != "between" or _negated(noun):
                continue
            pobjs = [c for c in prep.children if c.dep_ == "pobj"]
            for party in _mentions_of([t for p in pobjs for t in _with_conjuncts(p)], index, _PARTY_KINDS):
                yield _relation("partyTo", party, agreement, "agreement-between", prep)


def _signed(agreement: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Canada, Iceland and Norway signed the X Accord": the subjects are parties."""
    root = agreement.root
    if root.dep_ not in {"dobj", "nsubjpass"}:
        return
    verb = root.head
    if verb_base(verb.text) not in {"sign", "ratify"} or _negated(verb):
        return
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] if root.dep_ == "dobj" else [
        p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    tokens = [t for s in subjects for t in _with_conjuncts(s)]
    for party in _mentions_of(tokens, index, _PARTY_KINDS):
        yield _relation("partyTo", party, agreement, "verb-signed", verb)


_BASED_WORDS = frozenset({"based", "headquartered"})


def _based(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X, based in Montreal", "X is headquartered in Montreal", "X is a company based in
    Montreal, Canada", "the Montreal-based X": where an organization is based, its
    headquarters (its country when the place is one); a country that contains that place in
    the text ("Montreal, Canada") is the organization's country (based-in-chain)."""
    doc = org.doc
    root = org.root
    heads = [root, *(n for n in _descriptions(org, index) if n != root)]
    triggers = [c for h in heads for c in h.children
                if c.lower_ in _BASED_WORDS and c.dep_ in {"acl", "amod", "advcl", "appos", "relcl"}]
    if root.dep_ in {"nsubj", "nsubjpass"} and root.head.lower_ in _BASED_WORDS:
        triggers.append(root.head)
    for token in triggers:
        if _negated(token):
            continue
        for prep in token.children:
            if prep.dep_ != "prep" or prep.lower_ not in {"in", "at"}:
                continue
            for pobj in (c for c in prep.children if c.dep_ == "pobj"):
                places = _places_in(pobj, index)
                if not places:
                    continue
                prop = "country" if places[0].label_ == "Country" else "headquarters"
                yield _relation(prop, org, places[0], "based-in", token)
                for container in places[1:]:
                    if container.label_ == "Country":
                        yield _relation("country", org, container, "based-in-chain", token)
    start = org.start
    if start >= 2 and doc[start - 1].lower_ == "based" and doc[start - 2].text == "-":
        place = index.at(doc[start - 3]) if start >= 3 else None
        if place is not None and index.kind(place) == "place":
            yield _relation("headquarters", org, place, "x-based", doc[start - 1])
    for token in org:
        if token.lower_ == "based" and token.i >= 2 and doc[token.i - 1].text == "-":
            place = index.at(doc[token.i - 2])
            if place is not None and place is not org and index.kind(place) == "place":
                yield _relation("headquarters", org, place, "x-based", token)


def _units(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"the Champlain Station of the Swanton Sector", "the Swanton Sector's Champlain Station"."""
    doc = org.doc
    for prep in org.root.children:
        if prep.dep_ == "prep" and prep.lower_ == "of":
            for parent in _mentions_of([c for c in prep.children if c.dep_ == "pobj"], index,
                                       frozenset({"organization"})):
                yield _relation("partOf", org, parent, "org-of-org", prep)
    i = org.start - 1
    if i >= 1 and doc[i].lower_ in {"'s", "’s"}:
        owner = index.at(doc[i - 1])
        if owner is not None and index.kind(owner) == "organization":
            yield _relation("partOf", org, owner, "org-possessive-org", doc[i])


def _parent(org: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Y, the parent of X", "Y is the parent company of X": X is part of the organization Y."""
    for noun in _descriptions(org, index):
        if noun == org.root or not (noun.lower_ == "parent" or (
                noun.lower_ in {"company", "organization", "organisation"}
                and any(c.lower_ == "parent" for c in noun.lefts))):
            continue
        for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
            objects = [t for c in prep.children if c.dep_ == "pobj" for t in _with_conjuncts(c)]
            for child in _mentions_of(objects, index, frozenset({"organization"})):
                if child.kb_id_ != org.kb_id_:
                    yield _relation("partOf", child, org, "parent-of", noun)


def _met_with(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X met with Y", "X met Y and Z": people who met."""
    for verb, _ in _subject_verbs(person):
        if verb_base(verb.text) != "meet" or _negated(verb):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "with"
                    for p in prep.children if p.dep_ == "pobj"]
        tokens = [t for o in objects for t in _with_conjuncts(o)]
        for other in _mentions_of(tokens, index, frozenset({"person"})):
            if other.kb_id_ != person.kb_id_:
                yield _relation("metWith", person, other, "verb-met-with", verb)


# Offices of a government: "Norwegian Fisheries Minister X" says which government X serves,
# not X's citizenship.
_OFFICES = frozenset(
    "minister ministers ambassador envoy consul diplomat official officials president premier "
    "chancellor secretary senator governor mayor spokesperson spokesman spokeswoman delegate "
    "negotiator commissioner attache attaché representative".split()
)
# Nouns of places that "the Canadian province of Alberta" puts in a country.
_PLACE_NOUNS = frozenset(
    "province state county city town village region prefecture department district "
    "municipality island islands territory capital commune oblast canton suburb "
    "neighborhood neighbourhood port parish borough hamlet township".split()
)
# Nouns that say an organization is one ("a Japanese company", "the English band X").
_ORGANIZATION_NOUNS = ORG_WORDS | frozenset(
    "band label airline team firm manufacturer brand carrier publisher studio studios "
    "orchestra choir ensemble franchise retailer chain conglomerate channel magazine "
    "newspaper agency subsidiary operator group organisation organization".split()
)
_MODIFIER_DEPS = frozenset(
    {"amod", "compound", "nmod", "npadvmod", "advmod", "nummod", "conj", "cc", "punct"}
)


def country_adjectives(doc: Doc, index: MentionIndex, gazetteer: Gazetteer,
                       classes: dict[str, str]) -> dict[int, Span]:
    """Nationality adjectives ("a Canadian politician"), each as a Country span keyed like the
    country's entity; one inside a longer mention ("Royal Canadian Navy") is not one, one that
    NER took for a name of its own is. A prefix of a hyphenated word
    ("French-born", "German-American") is left out, and so is an adjective whose country
    key belongs to an entity of another class (Georgia the state). RETURNS token -> span."""
    found: dict[int, Span] = {}
    i = 0
    while i < len(doc):
        for n in (3, 2, 1):
            words = doc[i : i + n]
            covering = {index.at(t) for t in words} - {None}
            if (i + n > len(doc) or not words[0].text[:1].isupper()
                    or any(m.start != i or m.end != i + n for m in covering)):
                continue
            name = gazetteer.country_of_adjective(words.text)
            if name is None:
                continue
            key = entity_key("place", name)
            if classes.get(key, "Country") == "Country" and not (i + n < len(doc) and doc[i + n].text == "-"):
                span = Span(doc, i, i + n, label="Country", kb_id=key)
                found.update((t.i, span) for t in words)
            i += n - 1
            break
        i += 1
    return found


def _modifiers(token: Token) -> Iterator[Token]:
    """The words before a noun that modify it ("a German skeleton racer": German, skeleton)."""
    for child in token.lefts:
        if child.dep_ in _MODIFIER_DEPS:
            yield child
            yield from _modifiers(child)


def _descriptions(mention: Span, index: MentionIndex) -> Iterator[Token]:
    """Nouns that say what a mention is: "X, a Canadian politician", "X is a Japanese
    company", "X became a ..." (and their conjuncts), and the mention's own root for the
    words before the name ("the American actor X")."""
    root = mention.root
    nouns = [c for c in root.children if c.dep_ == "appos" and index.at(c) is None]
    if root.dep_ == "nsubj" and verb_base(root.head.text) in {"be", "become"}:
        nouns += [c for c in root.head.children if c.dep_ == "attr" and index.at(c) is None]
    for noun in nouns:
        if noun.tag_.startswith("NN") and not _negated(noun):
            yield noun
            yield from (c for c in noun.conjuncts if c.i > noun.i and index.at(c) is None)
    if not _negated(root):
        yield root


def _nationality(mention: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X is a Canadian politician", "X, a Japanese company", "the American band X", "X, a
    citizen of Haiti": a person's citizenship, an organization's or a place's country. A
    government office
    ("the Norwegian fisheries minister X") says nothing of the person's citizenship."""
    kind = index.kind(mention)
    if kind == "agreement" or mention.label_ == "Country":
        return
    for noun in _descriptions(mention, index):
        words = [t for t in _modifiers(noun) if not (mention.start <= t.i < mention.end)]
        if noun != mention.root:
            words.append(noun)
        if kind == "person" and any(t.lower_ in _OFFICES for t in words):
            continue
        nouns = _PLACE_NOUNS if kind == "place" else _ORGANIZATION_NOUNS
        if kind != "person" and not any(t.lower_ in nouns for t in words):
            continue
        for country in dict.fromkeys(index.adjectives[t.i] for t in words if t.i in index.adjectives):
            if kind == "person":
                yield _relation("citizenOf", mention, country, "nationality-citizen", noun)
            else:
                yield _relation("country", mention, country, "nationality-country", noun)
        if kind == "person" and noun.lower_ in {"citizen", "national"}:
            for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
                for country in _mentions_of([c for c in prep.children if c.dep_ == "pobj"], index,
                                            frozenset({"place"})):
                    if country.label_ == "Country":
                        yield _relation("citizenOf", mention, country, "citizen-of", noun)


def _place_of(place: Span, index: MentionIndex) -> Iterator[Relation]:
    """"the Canadian province of Alberta", "the German city of Bonn": the country of a place."""
    root = place.root
    if place.label_ == "Country" or root.dep_ != "pobj" or root.head.lower_ != "of":
        return
    noun = root.head.head
    if noun.lower_ not in _PLACE_NOUNS or _negated(noun):
        return
    for token in _modifiers(noun):
        country = index.adjectives.get(token.i)
        if country is not None:
            yield _relation("country", place, country, "nationality-place-of", noun)


def _adjective_countries(relations: Iterable[Relation], index: MentionIndex, known: set[str],
                         gazetteer: Gazetteer) -> list[Entity]:
    """The countries that relations name only by a nationality adjective, as entities whose
    mentions are those adjectives."""
    spans: dict[str, list[Span]] = {}
    for span in dict.fromkeys(index.adjectives.values()):
        spans.setdefault(span.kb_id_, []).append(span)
    needed = dict.fromkeys(r.object for r in relations
                           if not r.literal and r.object not in known and r.object in spans)
    return [Entity(key=key, name=gazetteer.country_of_adjective(spans[key][0].text) or key,
                   cls="Country", mentions=[TextSpan(s.start_char, s.end_char, s.text) for s in spans[key]])
            for key in needed]


def _containment(doc: Doc, index: MentionIndex, gazetteer: Gazetteer) -> Iterator[Relation]:
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
                yield _relation(prop, span, target, "gazetteer-containment", span.root)
            elif prop == "country" and entity_key("place", container) in adjectives:
                yield _relation(prop, span, adjectives[entity_key("place", container)],
                                "gazetteer-containment", span.root)


def _transitive(relations: list[Relation]) -> Iterator[Relation]:
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


def _document_country(doc: Doc, index: MentionIndex, gazetteer: Gazetteer) -> Iterator[Relation]:
    """A document that names one country, by name or adjective, and no other: each place the
    gazetteer does not know (a known place has its own country) and each government agency
    it mentions is in that country. Background inference with the first mention as
    evidence. Measured on Re-DocRED dev documents 0-249: places 0.67 precise, government
    agencies 0.70; other organizations, 0.51, are left out."""
    countries: dict[str, Span] = {}
    for span in chain(index.mentions, index.adjectives.values()):
        if span.label_ == "Country":
            countries.setdefault(span.kb_id_, span)
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
            yield _relation("country", span, country, "document-country", span.root)


def _names_another_country(org: Span, key: str, gazetteer: Gazetteer) -> bool:
    """Whether an organization's name holds a country other than the one keyed, by name or
    adjective: "Bank of Japan", "the Royal Canadian Navy"."""
    doc = org.doc
    for i in range(org.start, org.end):
        for n in (3, 2, 1):
            words = doc[i : min(i + n, org.end)]
            if not words.text[:1].isupper():
                continue
            country = gazetteer.country_of_adjective(words.text)
            if country is None:
                place = gazetteer.lookup(words.text)
                country = place.name if place is not None and place.cls == "Country" else None
            if country and entity_key("place", country) != key:
                return True
    return False
