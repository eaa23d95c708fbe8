"""`kg_name_finder`: names NER missed, found in kg's bundled resources.

spaCy's small NER misses about one name in five in news text. This component, between NER
and the entity mapper, looks (case-sensitive, token by token on the text as written, through
an index of the names' words by their first word: it builds in 0.19 s, where a spaCy
`PhraseMatcher` of the 16,000 names took 0.49 s) for the names the bundled resources know:
the gazetteer's countries, provinces, states and cities, and the lexicon's well-known
organizations (and their full names). A
match becomes an entity of `doc.ents` where NER found nothing on any of its tokens, or where
it holds NER's entities whole and more words besides (NER cut "Fisheries and Oceans Canada"
in two: the known name replaces the pieces); a
one-word place only when the tagger calls it a proper noun and the text puts it where
places go: before a comma and its region ("Brandon, Manitoba"), or after a preposition of
place unless it is a given name ("from Lviv", not "to Florence"); a one-word country anywhere. (One-word city names are often words too: "Union", "Metro", "Best", "Police".) Each entity it adds names its rule as the
span's id (`kgrule:mention-gazetteer`, `kgrule:mention-lexicon`), which the mapper keeps as
the mention's `kg:foundBy`; the mapper then treats it as it treats NER's. A wire dateline
("Moscow INTERFAX in Russian") becomes its city and its source whatever NER found there
(`kgrule:mention-dateline`). A proper noun NER missed that the sentence makes a person, the
subject of what only a person does or is ("Coffey was raised in Y", "Milnor is a professor"),
becomes a person (`kgrule:mention-person-subject`), and so do the capitalized words NER missed
after "Mr.", "Ms." or "Dr." (`kgrule:mention-honorific`); a proper noun NER missed before what
a person is in a body, "a Fidesz politician", becomes that body (`kgrule:mention-role-modifier`).
"""

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from ..classify import described_as_person, person_verb_subject
from ..gazetteer import Gazetteer, Place, default_gazetteer
from ..lexicon import GIVEN_NAMES, ORGANIZATIONS

GAZETTEER_MATCH = "mention-gazetteer"  # "Brandon" where NER found nothing
LEXICON_MATCH = "mention-lexicon"  # "CBSA" where NER found nothing
DATELINE = "mention-dateline"  # "Moscow" and "INTERFAX" of a wire dateline, whatever NER found
PERSON_SUBJECT = "mention-person-subject"  # "Coffey was raised in Y" where NER found nothing
HONORIFIC = "mention-honorific"  # "Obi" of "Ms. Obi" where NER found nothing
_PERSONAL_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof"})  # not "Miss": "Little Miss Sure Shot"
ROLE_MODIFIER = "mention-role-modifier"  # "Fidesz" of "a Fidesz politician" where NER found nothing
# What a person is in a body, after the body's name: "a Fidesz politician", "Beatles member".
_ROLE_NOUNS = frozenset("politician politicians member members officer officers activist activists lawmaker "
                        "lawmakers legislator legislators candidate candidates spokesman spokeswoman "
                        "spokesperson".split())
_NER_LABEL = {"Agreement": "LAW"}  # a lexicon class -> the NER label the mapper reads (else ORG)


@Language.factory("kg_name_finder", requires=["token.tag", "doc.ents"], assigns=["doc.ents"])
def make_name_finder(nlp: Language, name: str) -> "NameFinder":
    """Create the name finder."""
    return NameFinder(nlp)


class NameFinder:
    """Adds the gazetteer's and the lexicon's names NER missed to `doc.ents`."""

    def __init__(self, nlp: Language, gazetteer: Gazetteer | None = None) -> None:
        self.gazetteer = gazetteer or default_gazetteer()
        self.names, self.places, self.organizations = _names(nlp, self.gazetteer)

    def __call__(self, doc: Doc) -> Doc:
        entity_at = {t.i: e for e in doc.ents for t in e}
        found = list(self._datelines(doc))
        replaced = {entity_at[t.i] for span in found for t in span if t.i in entity_at}
        dated = {t.i for span in found for t in span}
        taken = set(entity_at) | dated
        for rule, start, end in self._matches(doc):  # names of several words
            hit = {entity_at[i] for i in range(start, end) if i in entity_at}
            if (hit and not covers(start, end, hit)) or not dated.isdisjoint(range(start, end)):
                continue
            found.append(Span(doc, start, end, label=self._label(doc[start:end].text, rule), span_id=rule))
            replaced |= hit
        for token in doc:  # names of one word
            if token.i in taken:
                continue
            if token.text in self.organizations:
                found.append(Span(doc, token.i, token.i + 1, label=self._label(token.text, LEXICON_MATCH),
                                  span_id=LEXICON_MATCH))
            elif token.text in self.places and self._place_word(token):
                found.append(Span(doc, token.i, token.i + 1, label="GPE", span_id=GAZETTEER_MATCH))
        found += self._after_honorifics(doc, taken | {t.i for span in found for t in span})
        found += self._role_modifiers(doc, taken | {t.i for span in found for t in span})
        found += self._person_subjects(doc, taken | {t.i for span in found for t in span})
        if replaced:
            found = filter_spans(found)
            kept = {e for e in replaced if not any(f.start < e.end and e.start < f.end for f in found)}
            doc.ents = sorted([e for e in doc.ents if e not in replaced or e in kept] + found, key=lambda e: e.start)
        elif found:
            doc.set_ents(filter_spans(found), default="unmodified")
        return doc

    def _datelines(self, doc: Doc) -> Iterator[Span]:
        """The city and the source of each wire dateline ("Moscow INTERFAX", "LD0506194194 Paris
        Radio France International in French 1830 GMT"): at a sentence's start or after a
        wire service's number, a known city, then a source in capitals or a radio or television
        station's name, then the end of the sentence, "in" and a language, or a number."""
        for sent in doc.sents:
            starts = [sent.start] + [t.i + 1 for t in sent if _WIRE_NUMBER.match(t.text)]
            for start in starts:
                city = next((n for n in (3, 2, 1) if start + n <= sent.end and self._city(doc[start:start + n])), 0)
                if not city:
                    continue
                end = start + city
                while end < sent.end and (_source_word(doc[end]) or (  # "ITAR - TASS": a hyphen inside
                        doc[end].text == "-" and end > start + city and end + 1 < sent.end
                        and _source_word(doc[end + 1]) and not doc[end].whitespace_)):
                    end += 1
                source = doc[start + city:end]
                after = doc[end] if end < sent.end else None
                if not source or not any(len(t) > 2 and t.text.isupper() or t.text in _STATION_WORDS for t in source):
                    continue
                if after is None or after.like_num or any(c.isdigit() for c in after.text) or (
                        after.lower_ == "in" and end + 1 < sent.end and doc[end + 1].text[:1].isupper()):
                    yield Span(doc, start, start + city, label="GPE", span_id=DATELINE)
                    yield Span(doc, start + city, end, label="ORG", span_id=DATELINE)

    def _after_honorifics(self, doc: Doc, taken: set[int]) -> list[Span]:
        """The capitalized proper nouns NER missed right after "Mr.", "Ms.", "Dr." ("Ms. Obi
        worked for Y"): a person's name."""
        found = []
        for token in doc:
            if token.lower_.rstrip(".") not in _PERSONAL_HONORIFICS or token.i + 1 >= len(doc):
                continue
            end = token.i + 1
            while end < len(doc) and end - token.i <= 3 and end not in taken and doc[end].tag_ == "NNP" \
                    and doc[end].text[:1].isupper() and not doc[end].text.isupper() and doc[end].text.isalpha():
                end += 1
            if end > token.i + 1:
                found.append(Span(doc, token.i + 1, end, label="PERSON", span_id=HONORIFIC))
        return found

    def _role_modifiers(self, doc: Doc, taken: set[int]) -> list[Span]:
        """Proper nouns NER missed before what a person is in a body: "a Fidesz politician", "a
        German Gestapo officer", "Beatles member X": the body (not a known place: "a Texas
        politician")."""
        found = []
        for head in doc:
            if head.lower_ not in _ROLE_NOUNS or head.tag_ not in {"NN", "NNS"}:
                continue
            end = head.i
            start = end
            while start - 1 >= 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].tag_ in {"NNP", "NNPS"} \
                    and start - 1 not in taken and doc[start - 1].text[:1].isupper():
                start -= 1
            if start == end:
                continue
            span = Span(doc, start, end, label="ORG", span_id=ROLE_MODIFIER)
            if self.gazetteer.lookup(span.text) is None and not (len(span) == 1 and span.text in GIVEN_NAMES):
                found.append(span)
        return found

    def _person_subjects(self, doc: Doc, taken: set[int]) -> list[Span]:
        """Proper nouns NER missed that the sentence makes a person: the subject of what only a
        person does ("Coffey was raised in Y", "Brennan lives in Y") or of "is" with what only a
        person is ("Milnor is a professor at Y"); not a name the gazetteer or the lexicon knows."""
        found = []
        for token in doc:
            if token.i in taken or token.dep_ not in {"nsubj", "nsubjpass"} or token.tag_ not in {"NNP", "NNPS"} \
                    or not token.text[:1].isupper() or token.text.isupper():
                continue
            start = token.i
            while start - 1 >= 0 and doc[start - 1].dep_ == "compound" and doc[start - 1].head.i == token.i \
                    and doc[start - 1].tag_ == "NNP" and start - 1 not in taken and doc[start - 1].text[:1].isupper():
                start -= 1
            span = Span(doc, start, token.i + 1, label="PERSON", span_id=PERSON_SUBJECT)
            if self.gazetteer.lookup(span.text) is None and span.text not in self.organizations \
                    and (person_verb_subject(span) or described_as_person(span)):
                found.append(span)
        return found

    def _city(self, words: Span) -> bool:
        place = self.gazetteer.lookup(words.text)
        return place is not None and place.cls == "Settlement" and all(t.text[:1].isupper() for t in words) \
            and not words.text.isupper()

    def _matches(self, doc: Doc) -> Iterator[tuple[str, int, int]]:
        """(rule, start, end) of each known name of several words, by start then end."""
        words = [t.text for t in doc]
        for start, word in enumerate(words):
            for length, names in self.names.get(word, ()):
                rule = names.get(tuple(words[start:start + length]))
                if rule is not None:
                    yield rule, start, start + length

    @staticmethod
    def _label(name: str, rule: str) -> str:
        if rule != LEXICON_MATCH:
            return "GPE"
        known = ORGANIZATIONS.get(name) or _FULL_NAMES.get(name)
        return _NER_LABEL.get(known.cls, "ORG") if known else "ORG"

    def _place_word(self, token: Token) -> bool:
        """A one-word place name used as one (see the module's docstring)."""
        if token.tag_ not in {"NNP", "NNPS"}:
            return False
        place = self.gazetteer.lookup(token.text)
        if place is not None and place.cls == "Country":
            return True
        doc = token.doc
        if token.i + 2 < len(doc) and doc[token.i + 1].text == "," and (
                self.gazetteer.lookup(doc[token.i + 2].text) or _NO_PLACE).cls in {"Country", "AdministrativeArea"}:
            return True
        return token.i > 0 and doc[token.i - 1].lower_ in _LOCATIVES and token.text not in GIVEN_NAMES


def covers(start: int, end: int, entities: set[Span]) -> bool:
    """Whether a known name at [start, end) holds NER's entities on its tokens whole and more
    words besides: NER cut it in pieces ("Fisheries" and "Oceans Canada" of "Fisheries and
    Oceans Canada") or took part of it ("John" of "Saint John"), and the name replaces them."""
    return all(start <= e.start and e.end <= end for e in entities) and sum(map(len, entities)) < end - start


def _source_word(token: Token) -> bool:
    """A word of a dateline's source: in capitals ("ITAR-TASS", "N-TV") or capitalized."""
    return token.text[:1].isupper() and token.text.replace("-", "").isalpha()


_WIRE_NUMBER = re.compile(r"[A-Z]{2}\d{10}$")  # a monitoring service's item number, "LD0506194194"
_STATION_WORDS = frozenset({"Radio", "Television", "TV"})
_FULL_NAMES = {k.full_name: k for k in ORGANIZATIONS.values() if k.full_name}
_LOCATIVES = frozenset("in at near from to outside into across toward towards around via".split())
_NO_PLACE = Place("", "", None)


# First word -> (length, {the name's words: rule}) for each length of the names it begins,
# shortest first.
NameIndex = dict[str, list[tuple[int, dict[tuple[str, ...], str]]]]


def _names(nlp: Language, gazetteer: Gazetteer) -> tuple[NameIndex, frozenset[str], frozenset[str]]:
    """The index of the names of several words (as the tokenizer splits them), and the sets
    of one-word place and organization names. A name in both resources is the gazetteer's."""
    places = [p for p in gazetteer.names() if p[:1].isupper()]
    organizations = [*ORGANIZATIONS, *_FULL_NAMES]
    by_words: dict[tuple[str, ...], str] = {}
    one_word: dict[str, set[str]] = {GAZETTEER_MATCH: set(), LEXICON_MATCH: set()}
    special = nlp.tokenizer.rules or {}
    for rule, names in ((GAZETTEER_MATCH, places), (LEXICON_MATCH, organizations)):
        simple = {n for n in names if n.isalpha()}  # one token for sure: no need to tokenize
        one_word[rule].update(simple)
        # Words of letters between single spaces are the tokens the tokenizer would make
        # (unless a special case splits one): split directly, far faster than tokenizing.
        spaced = {n for n in set(names) - simple if all(w.isalpha() and w not in special for w in n.split(" "))}
        longer = [tuple(n.split(" ")) for n in spaced]
        for doc in nlp.tokenizer.pipe(sorted(set(names) - simple - spaced)):
            if len(doc) == 1:
                one_word[rule].add(doc.text)
            else:
                longer.append(tuple(t.text for t in doc))
        for words in longer:
            by_words.setdefault(words, rule)
    index: dict[str, dict[int, dict[tuple[str, ...], str]]] = {}
    for words, rule in by_words.items():
        index.setdefault(words[0], {}).setdefault(len(words), {})[words] = rule
    return ({first: sorted(by_length.items()) for first, by_length in index.items()},
            frozenset(one_word[GAZETTEER_MATCH]), frozenset(one_word[LEXICON_MATCH]))
