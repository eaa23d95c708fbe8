"""Typing a mention: votes for ontology classes from its name, its context and the NER label."""

from collections import Counter

from spacy.tokens import Span, Token

from .gazetteer import Gazetteer
from .lexicon import (
    ADMIN_HEADS,
    AGENCY_WORDS,
    AGREEMENT_HEADS,
    CROSSING_HEADS,
    FACILITY_HEADS,
    GIVEN_NAMES,
    LANDMARK_HEADS,
    NATURAL_HEADS,
    NEWS_WORDS,
    ORG_WORDS,
    ORGANIZATIONS,
    KnownOrganization,
    PERSON_TITLES,
    PLACE_PREFIXES,
    POLITY_HEADS,
    ROAD_HEADS,
    SPEECH_VERBS,
    TRANSIT_WORDS,
    UNION_WORDS,
    WORK_NOUNS,
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
    "InternationalOrganization": "organization",
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
CLUB_WORDS = frozenset("fc f.c. afc a.f.c. cf c.f. ac".split())  # "Velmora FC", "AC Velmora"
# A company's legal form, in its name or right after it ("Velmora Holdings, LLC", "Tarvo SpA").
LEGAL_FORMS = frozenset(
    "inc inc. incorporated ltd ltd. limited corp corp. llc l.l.c. llp co. plc gmbh ag s.a. s.a sa n.v. "
    "spa s.p.a. srl s.r.l. sarl pty pvt bhd berhad oyj".split()
)
COMPANY_WORDS = LEGAL_FORMS | frozenset(
    "company "
    "media records software airlines airways motors industries holdings entertainment "
    "pictures studios systems technologies laboratories labs pharmaceuticals "
    "publishing publishers brewery bancorp".split()
)

# Nouns before "of" that make the name after it a place ("the town of Caryville", "west of Culbertson").
PLACE_OF = frozenset(
    "town village city hamlet suburb neighbourhood neighborhood capital area state island "
    "north south east west northeast northwest southeast southwest".split()
) | ADMIN_HEADS
# Verbs of authorship before "by" that make the name after it a person ("directed by Keshavrao Dhaiber").
AUTHOR_VERBS = frozenset("directed written penned composed sung painted illustrated narrated".split())

NAME_CUE = 3.0
CONTEXT_CUE = 3.0
GAZETTEER = 2.0
NER = 1.0
GIVEN_NAME = 1.5


def name_words(span: Span) -> list[str]:
    """Lower-cased words of a name, hyphenated parts split ("radio-canada" -> radio, canada)."""
    words: list[str] = []
    for token in span:
        words.extend(w for w in token.lower_.split("-") if w)
    return words


def name_head(words: list[str]) -> str:
    """The head word of a name: the last, or the one before "of" ("Bay of Biscay" -> bay)."""
    return words[words.index("of", 1) - 1] if "of" in words[1:-1] else words[-1]


def name_class(words: list[str]) -> str | None:
    """The class a name's own words imply ("Roxham Road" -> Road), or None.

    The head is the last word, or the word before "of" ("Bay of Biscay" -> bay).
    """
    if not words:
        return None
    last = words[-1]
    head = name_head(words)
    if last in CROSSING_HEADS or words[-2:] == ["port", "entry"] or words[-3:] == ["port", "of", "entry"]:
        return "BorderCrossing"
    if (last in ROAD_HEADS or (last.isdigit() and words[-2:-1] and words[-2] in ROAD_HEADS)) and len(words) > 1:
        return "Road"  # "Roxham Road", "Highway 15"
    if words[0] == "local" and len(words) == 2 and last.isdigit():
        return "LabourUnion"  # "Local 375", a union local
    if (last in AGREEMENT_HEADS or head in AGREEMENT_HEADS) and len(words) > 1:
        return "Agreement"
    bag = set(words)
    if len(words) > 1 and (last in NATURAL_HEADS or last in LANDMARK_HEADS):
        return "Facility" if last in LANDMARK_HEADS else "Place"
    if len(words) > 1 and not bag & ORG_WORDS:
        if head in ADMIN_HEADS:
            return "AdministrativeArea"
        if head in NATURAL_HEADS or head in POLITY_HEADS or words[0] in PLACE_PREFIXES:
            return "Place"
        if head in LANDMARK_HEADS:
            return "Facility"
    if len(words) > 1 and last == "station" and words[-2] in TRANSIT_WORDS:
        return "Facility"
    if bag & COMPANY_WORDS or bag & CLUB_WORDS or (len(words) > 1 and last == "united"):
        return "Organization"  # "Velmora Motors", "Leeds United", "Velmora FC"
    if bag & UNION_WORDS and (bag & _UNION_CONTEXT or "labour" in bag or len(words) > 3):
        return "LabourUnion"
    if bag & NEWS_WORDS:
        return "NewsOrganization"
    if bag & AGENCY_WORDS:
        return "GovernmentAgency"
    if bag & (ORG_WORDS - UNION_WORDS):
        return "Organization"
    if last in FACILITY_HEADS and len(words) > 1:
        return "Facility"
    return None


def known_organization(name: str) -> KnownOrganization | None:
    """The lexicon's entry for a well-known organization, by its short name as written
    ("RCMP") or its full name in any case, or None."""
    return ORGANIZATIONS.get(name) or _BY_FULL_NAME.get(name.casefold())


_BY_FULL_NAME = {k.full_name.casefold(): k for k in ORGANIZATIONS.values() if k.full_name}


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


def work_title(span: Span) -> bool:
    """True when the text calls the name a work: "the film X", "X, an album by", "X is a
    2009 song"."""
    doc = span.doc
    if span.start > 0 and doc[span.start - 1].lower_ in WORK_NOUNS:
        return True
    root = span.root
    if root.dep_ == "appos" and root.head.lower_ in WORK_NOUNS:
        return True
    return any(n.lower_ in WORK_NOUNS for n in _described(span, {"nsubj", "nsubjpass"}))


def _described(span: Span, subjects: set[str]) -> list[Token]:
    """The nouns the text puts beside a name to say what it is: its appositions ("X, an
    album"), and the attribute of "is" when the name is one of its `subjects` ("X is a 2009
    song"; the pipeline has no lemmatizer, so "is" is read through verb_base)."""
    root = span.root
    described = [c for c in root.children if c.dep_ == "appos"]
    if root.dep_ in subjects and verb_base(root.head.text) == "be":
        described += [c for c in root.head.children if c.dep_ == "attr"]
    return described


def context_place(span: Span) -> bool:
    """True when the text calls the name a place: "the town of Caryville", "west of Culbertson"."""
    doc = span.doc
    return span.start > 1 and doc[span.start - 1].lower_ == "of" and doc[span.start - 2].lower_ in PLACE_OF


# Verbs whose "at" or "for" names a place of work or study: "works at X", "taught at X".
_WORKPLACE_VERBS = frozenset({"work", "teach", "study", "lecture"})


# Nouns that say what kind of body a name is: "X, a Turkish defence company", "X is a band".
_BODY_NOUNS = frozenset(
    "company firm manufacturer maker developer publisher club team band party agency organization organisation "
    "bank airline newspaper label carrier conglomerate corporation subsidiary startup retailer broadcaster "
    "network university college charity foundation institute union league federation association orchestra "
    "insurer lender ministry department".split())


def described_as_body(span: Span) -> bool:
    """True when the text says what kind of body the name is: "X, a Turkish defence company",
    "X is an American band" (whatever NER thought of the name)."""
    return any(n.lower_ in _BODY_NOUNS for n in _described(span, {"nsubj"}))


# Nouns that say a name is a place, and its class: "X is a hamlet in Y", "X, a county in Y",
# "X is a river" (not "park": "X is a park" is said of a company's site or a theme park as
# often as of a place).
_SETTLEMENT_NOUNS = frozenset("town village city hamlet suburb settlement capital".split())
_PLACE_NOUNS = ({n: "Settlement" for n in _SETTLEMENT_NOUNS} | {n: "AdministrativeArea" for n in ADMIN_HEADS}
                | {n: "Place" for n in NATURAL_HEADS | {"neighbourhood", "neighborhood", "locality"} if n != "park"})


def described_place(span: Span) -> str | None:
    """The class of place the text says the name is ("X is a hamlet in Y": Settlement; "X, a
    county of Y": AdministrativeArea), whatever NER thought of it, or None."""
    for noun in _described(span, {"nsubj"}):
        if noun.tag_ == "NN" and noun.lower_ in _PLACE_NOUNS and not any(c.dep_ == "compound" for c in noun.children):
            return _PLACE_NOUNS[noun.lower_]
    return None


def context_organization(span: Span) -> bool:
    """True when the text calls the name a person's workplace: "a vice president at X", "a
    professor at X", "an analyst with X", "works at X", "worked for X", "taught at X"."""
    root = span.root
    prep = root.head
    if root.dep_ != "pobj" or prep.lower_ not in {"at", "with", "for"}:
        return False
    head = prep.head
    if head.tag_.startswith("VB"):
        return prep.lower_ != "with" and verb_base(head.text) in _WORKPLACE_VERBS  # "works with X" is a partner
    return prep.lower_ != "for" and head.tag_.startswith("NN") and _is_title(head)


# Titles whose "of" names a company or other body, never a polity or a person: "CEO of X",
# "chairman and chief executive of X", "co-founder of X", "managing director of X".
_BODY_TITLES = frozenset("ceo cfo coo cto chairman chairwoman chairperson founder co-founder cofounder".split())


def _body_title(token: Token) -> bool:
    word = token.lower_
    left = {t.lower_ for t in token.lefts}
    return word in _BODY_TITLES or (word in {"executive", "officer"} and "chief" in left) or \
        (word == "director" and bool(left & {"managing", "executive"}))


# Nouns whose "of" is a company or other body: "a subsidiary of X", "a division of X".
_PART_OF_BODY = frozenset("subsidiary subsidiaries division affiliate".split())
# Nouns whose "at" is a workplace: "his position at X".
_POSITION_NOUNS = frozenset("position job post tenure appointment career".split())


def context_body(span: Span) -> bool:
    """True when the text makes the name a company or other body by what is said of it: the
    "of" of a company title ("President and CEO of X") or of a subsidiary ("a subsidiary of
    X"), a headquarters ("X is headquartered in Y", "X, headquartered in Y"), a workplace
    ("his position at X"). `joined` is the like of it for "joined X", which needs the gazetteer."""
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "of":
        title = head.head
        if title.lower_ in _PART_OF_BODY or any(_body_title(t) for t in (title, *title.conjuncts)):
            return True
    if root.dep_ == "pobj" and head.lower_ == "at" and head.head.lower_ in _POSITION_NOUNS:
        return True
    if root.dep_ in {"nsubj", "nsubjpass"} and head.lower_ == "headquartered":
        return True
    return any(c.lower_ == "headquartered" and c.dep_ in {"acl", "amod", "relcl"} for c in root.children)


def joined(span: Span, gazetteer: Gazetteer) -> bool:
    """True for "X" in "joined X", "before joining X": the object of "join" where X is no
    place the gazetteer knows ("joined Liverpool" may be the club or the city)."""
    root = span.root
    return root.dep_ == "dobj" and verb_base(root.head.text) == "join" and gazetteer.lookup(_text(span)) is None


# Nouns for what a person is ("X is a Swiss psychiatrist", "X, a French mathematician"):
# these, and nouns in -ist or -ian ("novelist", "politician") that are no body.
_PERSON_NOUNS = frozenset(
    "singer songwriter writer footballer player actor actress composer painter sculptor photographer dancer "
    "rapper drummer lawyer banker teacher farmer soldier sailor pilot engineer architect designer businessman "
    "businesswoman entrepreneur executive politician statesman stateswoman diplomat author poet coach athlete "
    "cricketer golfer boxer wrestler swimmer skier runner jockey driver monk priest bishop nun rabbi imam "
    "scholar lecturer researcher surgeon doctor nurse philosopher astronaut explorer inventor "
    "filmmaker director broadcaster presenter commentator model officer professor senator congressman "
    "congresswoman judge attorney ambassador reporter correspondent mayor governor chairman chairwoman".split()) - _BODY_NOUNS


def person_noun(token: Token) -> bool:
    """True for a noun that says what a person is: "psychologist", "novelist", "footballer"."""
    word = token.lower_
    return token.tag_ == "NN" and (word in _PERSON_NOUNS or (len(word) > 5 and word.endswith(("ist", "ian"))))


# Verbs only a person is the subject of: "X grew up in Y", "X was raised in Y", "X lives in Y".
_PERSON_VERBS = frozenset("live reside marry graduate retire resign emigrate immigrate".split())
_PERSON_PASSIVES = frozenset({"raise", "bear"})


def person_verb_subject(span: Span) -> bool:
    """True when the name is the subject of a verb only a person is: "X grew up in Y", "X was
    raised in Y", "X lives in Y", "X married Y"."""
    root = span.root
    if root.dep_ not in {"nsubj", "nsubjpass"}:
        return False
    verb = root.head
    base = verb_base(verb.text)
    if root.dep_ == "nsubjpass":
        return base in _PERSON_PASSIVES
    return base in _PERSON_VERBS or (base == "grow" and any(c.lower_ == "up" and c.dep_ == "prt" for c in verb.children))


def described_as_person(span: Span) -> bool:
    """True when the text says the name is a person by what it calls it: "X is a French
    mathematician", "X, a Swiss psychiatrist"."""
    return any(person_noun(n) for n in _described(span, {"nsubj"}))


def life_dates(span: Span) -> bool:
    """True for "X (born 1 April 1947)", "X (April 13, 1881 – February 5, 1966)": a bracket
    right after the name that gives a birth or a span of years."""
    doc = span.doc
    if span.end >= len(doc) or doc[span.end].text != "(":
        return False
    inside = []
    for token in doc[span.end + 1 : span.end + 25]:
        if token.text == ")":
            break
        inside.append(token)
    if any(t.lower_ in {"born", "b."} for t in inside):
        return True
    years = [n for n, t in enumerate(inside) if t.like_num and len(t.text) == 4 and t.text[:1] in {"1", "2"}]
    return len(years) >= 2 and any(t.text in {"-", "–", "—"} for t in inside[years[0]:years[-1]])


def context_class(span: Span) -> str | None:
    """The class the words around a name give it ("a professor at X": Organization, "Mayor X":
    Person, "the town of X": Place), or None."""
    if context_organization(span) or described_as_body(span) or context_body(span):
        return "Organization"
    if context_person(span) or context_author(span):
        return "Person"
    return "Place" if context_place(span) else described_place(span)


def context_author(span: Span) -> bool:
    """True when the text calls the name an author ("directed by X"), gives its birth or life
    ("X (born", "X (1881 - 1966)"), calls it a person ("X is a Swiss psychiatrist") or makes it
    the subject of what only a person does ("X grew up in Y")."""
    doc = span.doc
    if span.start > 1 and doc[span.start - 1].lower_ == "by" and doc[span.start - 2].lower_ in AUTHOR_VERBS:
        return True
    return life_dates(span) or described_as_person(span) or person_verb_subject(span)


def speech_subject(span: Span) -> bool:
    """True when the name is the subject of a verb of speech ("Fortin said")."""
    root = span.root
    return root.dep_ == "nsubj" and verb_base(root.head.text) in SPEECH_VERBS


def mention_votes(span: Span, ner_label: str, gazetteer: Gazetteer) -> Counter[str]:
    """Weighted votes for the classes of one mention."""
    votes: Counter[str] = Counter()
    if ner_label in NER_CLASSES:
        votes[NER_CLASSES[ner_label]] += NER
    cls = name_cue(span)
    place = gazetteer.lookup(_text(span)) if cls in {None, "Place"} else None
    if cls == "Place" and place is not None and place.cls == "Country":
        cls = "Country"  # "United Kingdom", "Czech Republic": a polity's word, and the gazetteer's country
    if cls is not None:
        votes[cls] += NAME_CUE
    elif place is not None and place.cls in _REGIONS and _after_comma(span):
        votes[place.cls] += CONTEXT_CUE  # "Que." in "HEMMINGFORD, Que."
    elif place is not None and ner_label != "PERSON":
        votes[place.cls] += GAZETTEER
    if cls is None and (place is None or place.cls == "Settlement") and _before_region(span, gazetteer):
        votes["Settlement"] += CONTEXT_CUE
    if cls is None and place is None and ner_label in {"ORG", "GPE", "LOC", "FAC"} and _looks_personal(span):
        votes["Person"] += GIVEN_NAME
    if cls is None and place is None and ner_label != "PERSON" and _team(span, gazetteer):
        votes["Organization"] += NAME_CUE
    if cls is None and place is None and ner_label == "ORG" and _after_locative(span):
        votes["Place"] += CONTEXT_CUE / 2
    if cls is None and (context_person(span) or context_author(span)):
        votes["Person"] += CONTEXT_CUE
    if cls is None and ner_label != "PERSON" and context_place(span):
        votes["Place"] += CONTEXT_CUE
    elif cls is None and ner_label != "PERSON" and (described := described_place(span)) is not None:
        votes[described] += CONTEXT_CUE
    if cls is None and ((ner_label != "PERSON" and (context_organization(span) or joined(span, gazetteer)))
                        or described_as_body(span) or context_body(span)):
        votes["Organization"] += CONTEXT_CUE
    if cls is None and speech_subject(span) and not span.text.isupper():
        votes["Person"] += NER  # "Goodale said": a tie with NER's ORG goes to the person
    return votes


def _team(span: Span, gazetteer: Gazetteer) -> bool:
    """True for "San Antonio Spurs", "Kansas City Kings": a known place and a plural that is no
    kind of place ("Chicago Heights", "Cedar Rapids" are towns), not after a given name."""
    words = [t.text for t in span]
    last = words[-1]
    if len(words) < 2 or not last[:1].isupper() or not last.endswith("s") or last.endswith("ss") \
            or last.lower() in _PLACE_PLURALS or words[0] in GIVEN_NAMES:  # "Austin Roberts"
        return False
    return any(gazetteer.lookup(" ".join(words[:k])) is not None for k in range(1, len(words)))


_PLACE_PLURALS = NATURAL_HEADS | LANDMARK_HEADS | ADMIN_HEADS | frozenset(
    "springs falls rapids heights hills woods lakes islands isles keys plains oaks pines palms meadows gardens "
    "fields flats shores sands mills forks bluffs cliffs rocks wells acres parks harbors harbours bays glens "
    "dales narrows banks downs marshes moors highlands lowlands lands states territories provinces emirates "
    "regions districts counties villages towns cities estates crossings terraces commons".split())


def name_cue(span: Span) -> str | None:
    """The class a mention's name states itself: the lexicon's for a well-known organization,
    else its words' (`name_class`), else Organization when a legal form follows the name
    outside its span ("Bramble Drafting, LLC", "Kestrel Works Ltd" cut before "Ltd"), else None."""
    known = known_organization(_text(span))
    if known is not None:
        return known.cls
    cls = name_class(name_words(span))
    if cls is None and _legal_form_after(span):
        return "Organization"
    return cls


# Legal forms that also abbreviate a place or an office after a comma ("Adelaide, SA", "Orange
# Co.", "the AG") say nothing after a name.
_AMBIGUOUS_FORMS = frozenset({"sa", "s.a", "s.a.", "ag", "co."})


def _legal_form_after(span: Span) -> bool:
    doc = span.doc
    after = span.end + (span.end < len(doc) and doc[span.end].text == ",")
    return after < len(doc) and doc[after].lower_ in LEGAL_FORMS - _AMBIGUOUS_FORMS and doc[after].text[:1].isupper()


def _looks_personal(span: Span) -> bool:
    """True for "Celine Dion": two to four capitalized words, the first a given name."""
    words = [t.text for t in span if t.text != "-"]
    return 2 <= len(words) <= 4 and words[0] in GIVEN_NAMES and all(w[:1].isupper() for w in words)


_REGIONS = frozenset({"AdministrativeArea", "Country"})
_LOCATIVES = frozenset("in near outside around across within".split())


def _after_comma(span: Span) -> bool:
    """True for "Que." in "Lacolle, Que.": a name right after a capitalized word and a comma."""
    doc = span.doc
    return span.start > 1 and doc[span.start - 1].text == "," and doc[span.start - 2].text[:1].isupper()


def _after_locative(span: Span) -> bool:
    """True for "Sebnitz" in "born in Sebnitz": a bare name right after a preposition of place."""
    return span.start > 0 and span.doc[span.start - 1].lower_ in _LOCATIVES


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
    return place is not None and place.cls in _REGIONS


def decide(votes: Counter[str]) -> str:
    """The class of an entity from the summed votes of its mentions.

    The kind (person, organization, agreement, place) with the most weight wins; within it
    the most specific class with any weight beyond the generic one.
    """
    kinds: Counter[str] = Counter()
    for cls, weight in votes.items():
        kinds[KIND_OF_CLASS[cls]] += weight
    return class_within(votes, max(kinds, key=lambda k: (kinds[k], k)))


GENERIC_CLASS = {"person": "Person", "organization": "Organization", "agreement": "Agreement", "place": "Place"}


def class_within(votes: Counter[str], kind: str) -> str:
    """The most specific class of a kind the votes give weight to, else the kind's generic class."""
    specific = [(w, c) for c, w in votes.items() if KIND_OF_CLASS[c] == kind and c != GENERIC_CLASS[kind]]
    return max(specific)[1] if specific else GENERIC_CLASS[kind]


def _text(span: Span) -> str:
    return " ".join(span.text.split())
