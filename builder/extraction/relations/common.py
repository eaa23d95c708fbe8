"""What the relation rules share: the mention index, the confidence of each rule, how a
relation is made from two mentions, and the tests for titles, negation and descriptions."""

from collections.abc import Callable, Iterable, Iterator

from spacy.tokens import Doc, Span, Token

from ..classify import KIND_OF_CLASS
from ..lexicon import HEDGES, PERSON_TITLES, verb_base
from ..records import Entity, Relation
from ..records import Span as TextSpan


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
    "place-possessive": 0.75,
    "gazetteer-containment": 0.9,
    "nationality-citizen": 0.85,
    "citizen-of": 0.9,
    "nationality-country": 0.8,
    "nationality-place-of": 0.85,
    "document-country": 0.55,
    "member-of": 0.75,
    "located-in": 0.65,
    "located-in-chain": 0.8,
    "verb-lives-in": 0.7,
    "age-of-place": 0.6,
    "resident-of": 0.7,
    "unit-of": 0.8,
    "name-country": 0.75,
    "name-place": 0.75,
    "place-in-brackets": 0.75,
    "place-comma-place": 0.7,
    "dateline-source": 0.8,
    "organization-of-place": 0.75,
    "person-of": 0.7,
    "party-politician": 0.85,
    "person-of-place": 0.6,
    "verb-moved-to": 0.65,
    "verb-led-by": 0.85,
    "served-as-title": 0.85,
    "occupation-at": 0.75,
    "org-occupation-before-name": 0.75,
    "person-at": 0.6,
    "verb-retired-from": 0.75,
    "party-word": 0.8,
    "party-state": 0.9,
    "verb-hired": 0.8,
}


class MentionIndex:
    """Which linked mention, if any, covers each token."""

    def __init__(self, doc: Doc, mentions: list[Span]) -> None:
        self.mentions = list(mentions)
        self.adjectives: dict[int, Span] = {}  # token -> nationality adjective as a Country span
        self.parties: dict[int, Span] = {}  # token -> party word ("Republican") as an Organization span
        self.described: dict[tuple[int, int], list[Token]] = {}  # mention (start, end) -> its descriptions
        self.verbs: dict[tuple[int, int], list[tuple[Token, bool]]] = {}  # person (start, end) -> its verbs
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


def relation(prop: str, subject: Span, obj: Span | str, rule: str, anchor: Token) -> Relation:
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


def is_title(token: Token) -> bool:
    return token.lower_ in PERSON_TITLES or token.lower_.rstrip(".") in PERSON_TITLES


def negated(token: Token) -> bool:
    """True if the token or a verb governing it is negated or hedged."""
    for t in (token, *token.ancestors):
        if any(c.dep_ == "neg" or c.lower_ in HEDGES for c in t.children):
            return True
        if t.dep_ in {"ROOT", "ccomp", "advcl", "relcl"} and t.tag_.startswith("VB"):
            break
    return False


def with_conjuncts(token: Token) -> list[Token]:
    return [token, *token.conjuncts]


def mentions_of(tokens: list[Token], index: MentionIndex, kinds: frozenset[str]) -> list[Span]:
    found: list[Span] = []
    for token in tokens:
        mention = index.at(token)
        if mention is not None and index.kind(mention) in kinds and mention not in found:
            found.append(mention)
    return found


_MODIFIER_DEPS = frozenset(
    {"amod", "compound", "nmod", "npadvmod", "advmod", "nummod", "conj", "cc", "punct"}
)


def as_objects(verb: Token) -> list[Token]:
    """The words a verb's "as" names: "hired X as chief executive", "operates as a subsidiary"."""
    return [c for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "as"
            for c in prep.children if c.dep_ == "pobj"]


def prep_objects(token: Token, index: MentionIndex, kind: str, preps: frozenset[str] = frozenset({"of"})) -> list[Span]:
    """The mentions of a kind that a word's prepositional phrases name (its "of" phrase
    unless other prepositions are given): "a member of Y and Z" -> Y, Z."""
    objects = [t for prep in token.children if prep.dep_ == "prep" and prep.lower_ in preps
               for c in prep.children if c.dep_ == "pobj" for t in with_conjuncts(c)]
    return mentions_of(objects, index, frozenset({kind}))


def modifiers(token: Token) -> Iterator[Token]:
    """The words before a noun that modify it ("a German skeleton racer": German, skeleton)."""
    for child in token.lefts:
        if child.dep_ in _MODIFIER_DEPS:
            yield child
            yield from modifiers(child)


def descriptions(mention: Span, index: MentionIndex) -> list[Token]:
    """Nouns that say what a mention is: "X, a Canadian politician", "X is a Japanese
    company", "X became a ..." (and their conjuncts), and the mention's own root for the
    words before the name ("the American actor X"). Found once per mention: many rules ask."""
    key = (mention.start, mention.end)
    if key not in index.described:
        index.described[key] = list(_descriptions(mention, index))
    return index.described[key]


def _descriptions(mention: Span, index: MentionIndex) -> Iterator[Token]:
    root = mention.root
    nouns = [c for c in root.children if c.dep_ == "appos" and index.at(c) is None]
    if root.dep_ == "nsubj":  # "X is a ...", and "X (born 1922, died 2012) was a ...", where "was" joins "died"
        verb = root.head
        copulas = [v for v in (verb, *(c for c in verb.conjuncts if c.i > verb.i and not any(
            d.dep_ in {"nsubj", "nsubjpass"} for d in c.children))) if verb_base(v.text) in _COPULAS]
        nouns += [c for v in copulas for c in v.children if c.dep_ == "attr" and index.at(c) is None]
    after = after_brackets(mention)  # "X (born 1922, died 2012) was a ...", however the parser hung the bracket
    if after is not None and verb_base(after.text) in _COPULAS and after.tag_.startswith("VB"):
        nouns += [c for c in after.children if c.dep_ == "attr" and index.at(c) is None and c not in nouns]
    for noun in nouns:
        if noun.tag_.startswith("NN") and not negated(noun):
            yield noun
            yield from (c for c in noun.conjuncts if c.i > noun.i and index.at(c) is None)
    if not negated(root):
        yield root


_COPULAS = frozenset({"be", "become", "remain"})


def after_brackets(mention: Span) -> Token | None:
    """The word right after a bracket that follows a mention ("X (born 1922) was": "was"), or None."""
    doc = mention.doc
    if mention.end >= len(doc) or doc[mention.end].text != "(":
        return None
    for token in doc[mention.end + 1 : mention.end + 40]:
        if token.text == "(":
            return None
        if token.text == ")":
            return doc[token.i + 1] if token.i + 1 < len(doc) else None
    return None


def word_mentions(entities: list[Entity], spans: Iterable[Span], name: Callable[[Span], str], cls: str,
                  link: str) -> list[Entity]:
    """The entities with each word that stands for one ("Brazilian" for Brazil, "Republican"
    for the Republican Party) as a mention of it, linked by the rule `link`: added to the
    entity of the span's key, or to a new entity (`name` of the span, class `cls`) when the
    document names it only by such words. RETURNS all entities, in document order."""
    by_key = {e.key: e for e in entities}
    for span in dict.fromkeys(spans):
        entity = by_key.get(span.kb_id_)
        if entity is None:
            entity = by_key[span.kb_id_] = Entity(key=span.kb_id_, name=name(span), cls=cls)
        mention = TextSpan(span.start_char, span.end_char, span.text)
        if mention not in entity.mentions:
            entity.mentions.append(mention)
            entity.links[mention] = link
    for entity in by_key.values():
        entity.mentions.sort(key=lambda m: m.start)
    return sorted(by_key.values(), key=lambda e: e.mentions[0].start)
