"""Party words ("Republican Sen. X", "X, a Democrat", "a Labour MP") as mentions of their
party, and the membership they state."""

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..keys import entity_key
from ..records import Entity, Relation
from .common import MentionIndex, descriptions, modifiers, relation, word_mentions

# The words news writes for a party's members, capitalized, and the party's name. Only
# parties whose word names one party in English news: "Liberal" or "Socialist" name a party
# of many countries.
PARTY_WORDS: dict[str, str] = {
    "Republican": "Republican Party", "Republicans": "Republican Party", "GOP": "Republican Party",
    "Democratic": "Democratic Party", "Democrat": "Democratic Party", "Democrats": "Democratic Party",
    "Tory": "Conservative Party", "Tories": "Conservative Party",
    "Labour": "Labour Party",
}
# Nouns of the people a party word describes ("a Republican senator", "Labour MPs"); offices
# of a government are left out ("Labour Secretary" heads a department, not a party).
_PARTY_ROLES = frozenset(
    "member members politician politicians lawmaker lawmakers legislator legislators senator senators "
    "sen. sen congressman congresswoman congressmen representative representatives rep. rep candidate "
    "candidates nominee leader leaders governor gov. gov mayor mp mps mep meps councillor councillors "
    "councilor councilman councilwoman assemblyman assemblywoman delegate delegates strategist "
    "strategists operative activist activists whip chairman chairwoman peer backbencher backbenchers "
    "incumbent challenger".split()
)
# The party letters of U.S. news after a legislator's name: "Sen. X (R-Ohio)", "Rep. Y, D-Calif.".
_PARTY_LETTERS: dict[str, str] = {"R": "Republican Party", "D": "Democratic Party"}
_PARTIES = {**PARTY_WORDS, **_PARTY_LETTERS}
PARTY_LINK = "link-party"  # "Republican" -> Republican Party: the word is a mention of the party


def party_mentions(entities: list[Entity], index: MentionIndex) -> list[Entity]:
    """The entities with each party word as a mention of its party, linked by `PARTY_LINK`
    (a new Organization entity when the document names the party only so). RETURNS all
    entities, in document order."""
    return word_mentions(entities, index.parties.values(), lambda span: _PARTIES[span.text], "Organization",
                         PARTY_LINK)


def party_words(doc: Doc, index: MentionIndex) -> dict[int, Span]:
    """The party words that describe people: before a noun of a party's people ("Republican
    lawmakers") or a title and a name ("Democratic Sen. X"), or the noun that says what a
    person is ("X, a Republican"); the party letter after a legislator's name. Each is an
    Organization span keyed like its party's entity; a word inside a name ("Republican
    National Committee") is not one. RETURNS token -> span."""
    return {token.i: Span(doc, token.i, token.i + 1, label="Organization",
                          kb_id=entity_key("organization", _PARTIES[token.text]))
            for token in doc if _is_party_word(token, index)}


def _is_party_word(token: Token, index: MentionIndex) -> bool:
    if token.text in PARTY_WORDS:
        return index.at(token) is None and _describes_people(token, index)
    return token.text in _PARTY_LETTERS and _follows_a_person(token, index)


def _follows_a_person(token: Token, index: MentionIndex) -> bool:
    """Whether a letter gives a person's party and state: "X (R-Ohio)", "X, D-Calif."."""
    doc = token.doc
    i = token.i
    if not (2 <= i and i + 2 < len(doc) and doc[i - 1].text in {"(", ","} and doc[i + 1].text == "-"
            and doc[i + 2].text[:1].isupper()):
        return False
    person = index.at(doc[i - 2])
    return person is not None and person.end == i - 1 and index.kind(person) == "person"


def _describes_people(token: Token, index: MentionIndex) -> bool:
    head = token.head
    if token.dep_ in {"amod", "compound", "nmod"}:
        mention = index.at(head)
        return head.lower_ in _PARTY_ROLES or (mention is not None and index.kind(mention) == "person")
    if token.dep_ in {"appos", "attr"}:
        subject = index.at(head) if token.dep_ == "appos" else next(
            filter(None, (index.at(c) for c in head.children if c.dep_ == "nsubj")), None)
        return subject is not None and index.kind(subject) == "person"
    return False


def affiliation(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Republican Sen. X", "X, a Democratic member of the House", "X is a Republican", "X,
    a Labour MP", "Sen. X (R-Ohio)": the person is a member of the party."""
    for noun in descriptions(person, index):
        words = [t for t in modifiers(noun) if not (person.start <= t.i < person.end)]
        if noun != person.root:
            words.append(noun)
        for party in dict.fromkeys(index.parties[t.i] for t in words if t.i in index.parties):
            yield relation("memberOf", person, party, "party-word", noun)
    letter = person.end + 1
    if letter in index.parties and person.doc[letter].text in _PARTY_LETTERS:
        yield relation("memberOf", person, index.parties[letter], "party-state", person.doc[letter])
