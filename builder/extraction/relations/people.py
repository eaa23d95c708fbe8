"""Relations of people to organizations: employer, headOf, spokespersonFor and jobTitle
from titles, appositions, possessives and verbs; memberOf; metWith between people; the
place a person lives in."""

from collections.abc import Iterator

from spacy.tokens import Doc, Span, Token

from ..classify import person_noun
from ..lexicon import HEAD_TITLES, SPOKESPERSON_TITLES, regnal_number, verb_base
from ..records import Relation
from .common import (MentionIndex, after_brackets, as_objects, descriptions, is_title, mentions_of, modifiers, negated,
                     prep_objects, relation, with_conjuncts)
from .places import places_in


_EMPLOYMENT_PREPS = frozenset({"for", "at", "with"})


_HEAD_VERBS = frozenset({"lead", "head", "chair", "run", "direct", "manage"})
_LED_VERBS = _HEAD_VERBS - {"direct"}  # "directed by X" is a film's director
_SERVE_VERBS = frozenset({"serve", "work", "act"})  # "X served as chief executive of Y"
_WORK_VERBS = frozenset({"work", "teach", "lecture"})  # "X teaches at Y"
_LEAVE_VERBS = frozenset({"retire", "resign"})  # "X retired from Y": a former employer


# Nouns that make their subject a member of the organization named with them: "a member
# of Y", "Y bassist X".
_MEMBER_WORDS = frozenset(
    "member members bassist guitarist drummer keyboardist vocalist frontman frontwoman candidate nominee".split()
)


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
            elif child.tag_.startswith("NN") or is_title(child):
                tokens.extend(t for t in child.subtree
                              if index.at(t) is None and (t.tag_.startswith("NN") or is_title(t)))
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


# Appositions that say where a person is, not who employs them: "X, a student at Y".
_NOT_WORK = frozenset("student students graduate undergraduate alumnus alumna alumni visitor guest patient "
                      "inmate prisoner member fan".split())
_RANKS = frozenset("lt. lt col. col capt. capt sgt. sgt cpl. cpl gen. gen maj. maj dr. dr".split())
_DEPUTY_WORDS = frozenset({"vice", "deputy", "assistant", "associate", "under", "sub"})


def _heads(title: Token, words: list[Token] = ()) -> bool:
    """Whether a title noun (with the words before it, and those given) makes its holder the
    head: "chief executive", "chief executive officer", "president", not "vice president",
    "chief financial officer" or "assistant secretary"."""
    before = {t.lower_ for left in title.lefts for t in left.subtree} | {t.lower_ for t in words}
    head = (title.lower_ in HEAD_TITLES and title.lower_ != "executive") or \
        (title.lower_ == "officer" and {"chief", "executive"} <= before) or \
        (title.lower_ == "executive" and "chief" in before) or \
        (title.lower_ == "general" and bool(before & {"secretary", "director"}))  # "Secretary-General"
    # "a director of Y", "an executive of Y": one of several
    return head and _DEPUTY_WORDS.isdisjoint(before) and not any(
        c.dep_ == "det" and c.lower_ in {"a", "an"} for c in title.children)


def _title_relations(person: Span, title: Token, index: MentionIndex, rule: str) -> Iterator[Relation]:
    """jobTitle and the organization link a title noun states for a person."""
    text, modifiers = _title_phrase(title, index)
    yield relation("jobTitle", person, text, rule, title)
    targets: list[tuple[Span, str]] = [(m, "modifier") for m in modifiers]
    # "CEO and chairman of Y": the titles joined before a phrase share it
    shared = [c for c in title.conjuncts if c.i > title.i and is_title(c)]
    for prep in (p for t in (title, *shared) for p in t.children):
        if prep.dep_ == "prep" and prep.lower_ in {"of", "for", "at", "with"}:
            for pobj in (t for c in prep.children if c.dep_ == "pobj" for t in with_conjuncts(c)):  # "CEO of Y and Z"
                mention = index.at(pobj)
                if mention is not None:
                    targets.append((mention, prep.lower_))
                elif prep.lower_ == "of":  # "Professor of Computer Science at Y"
                    targets += [(m, "at") for m in prep_objects(pobj, index, "organization", frozenset({"at"}))]
    charge = _in_charge_of(title)
    if charge is not None and index.at(charge) is not None:
        target = index.at(charge)
        if index.kind(target) == "organization":
            yield relation("headOf", person, target, "in-charge-of", title)
    word = title.lower_
    heads = _heads(title)
    for target, how in targets:
        kind = index.kind(target)
        if word in SPOKESPERSON_TITLES and kind in {"organization", "person"}:
            yield relation("spokespersonFor", person, target, rule, title)
        elif kind != "organization":
            continue
        elif heads and (how in {"of", "modifier"} or (how == "at" and _chief(title))):
            yield relation("headOf", person, target, rule, title)
        elif how in {"at", "with", "for"} or not heads or word not in HEAD_TITLES | SPOKESPERSON_TITLES:
            yield relation("employer", person, target, rule, title)  # "a director at Y", "vice president of Y"


# Titles whose "at" is the body they head ("chief executive at Y"); a director or a head at Y
# is one of several.
_CHIEF_TITLES = frozenset("president chairman chairwoman chairperson ceo".split())


def _chief(title: Token) -> bool:
    return title.lower_ in _CHIEF_TITLES or (title.lower_ in {"officer", "executive"} and "chief" in
                                             {t.lower_ for t in title.lefts})


def appositions(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X, the spokesperson for Y", "X, president of Y" and "X, an ecologist at Y" (any
    occupation at an organization, not a student's or a visitor's)."""
    root = person.root
    for child in root.children:
        if child.dep_ != "appos" or index.at(child) is not None or negated(child):
            continue
        if is_title(child):
            yield from _title_relations(person, child, index, "appos-title")
        elif child.tag_ in {"NN", "NNS"} and child.lower_ not in _NOT_WORK:
            for noun in (child, *(c for c in child.conjuncts if c.i > child.i)):
                for org in prep_objects(noun, index, "organization", frozenset({"at"})):
                    yield relation("employer", person, org, "occupation-at", noun)


def named_in_apposition(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Y's chief executive, X, said": the person is named in apposition to the title."""
    root = person.root
    title = root.head
    if root.dep_ == "appos" and is_title(title) and index.at(title) is None and not negated(title):
        yield from _title_relations(person, title, index, "title-appos-name")


def titles_before(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"union president X", "Homeland Security Secretary X", "RCMP spokesperson X", "Y's
    chief executive X", "Velmora Party (VP) leader X"."""
    doc = person.doc
    i = person.start - 1
    rank = 2 if i > 0 and doc[i].text == "." and doc[i - 1].lower_ in _RANKS else int(i >= 0 and doc[i].lower_ in _RANKS)
    if rank and i - rank >= 0 and is_title(doc[i - rank]):
        i -= rank  # "Coast Guard spokesman Lt. X": the rank between the title and the name
    if i < 0 or not is_title(doc[i]) or index.at(doc[i]) is not None:
        return
    title = doc[i]
    start = i
    while start - 1 >= 0:
        prev = doc[start - 1]
        if prev.lower_ in {"and", "&"} and start >= 2 and is_title(doc[start - 2]):  # "President and CEO X"
            start -= 1
            continue
        if index.at(prev) is not None or not (prev.tag_ in {"NN", "NNP", "NNS", "NNPS"} or is_title(prev)):
            break
        start -= 1
    words = [t.text for t in doc[start : i + 1]]
    yield relation("jobTitle", person, " ".join(words), "title-before-name", title)
    if start > 1 and doc[start - 1].lower_ in {"'s", "’s", "'"}:
        start -= 1
    else:
        start = _before_brackets(doc, start)  # "Velmora Party (VP) leader X"
    before = index.at(doc[start - 1]) if start > 0 else None
    if before is None or index.kind(before) != "organization":
        return
    word = title.lower_
    if word in SPOKESPERSON_TITLES:
        yield relation("spokespersonFor", person, before, "org-title-before-name", title)
    elif _heads(title, doc[start : i + 1]):
        yield relation("headOf", person, before, "org-title-before-name", title)
    else:
        yield relation("employer", person, before, "org-title-before-name", title)


def occupation_before(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Yale University psychologist X", "Velmora Corp. engineer X": the organization named
    right before what the person is (a politician's party is party_politician's)."""
    doc = person.doc
    i = person.start - 1
    if i < 1 or not person_noun(doc[i]) or doc[i].lower_ in _POLITICIAN_NOUNS | _MEMBER_WORDS or not doc[i].is_lower \
            or is_title(doc[i]) or negated(doc[i]):
        return
    before = index.at(doc[i - 1])
    if before is not None and index.kind(before) == "organization":
        yield relation("employer", person, before, "org-occupation-before-name", doc[i])


def at_organization(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X at Y" with "at" on the name itself ("studied by Ana Silva at Velto College"): X works
    or studies at the organization Y."""
    for org in prep_objects(person.root, index, "organization", frozenset({"at"})):
        if not negated(person.root):
            yield relation("employer", person, org, "person-at", person.root)


def _before_brackets(doc: Doc, start: int) -> int:
    """Where a bracketed aside that ends just before `start` begins ("(PT)" in "Labour Party
    (PT) candidate"; at most 8 words), else `start`."""
    if start < 3 or doc[start - 1].text != ")":
        return start
    return next((k for k in range(start - 2, max(start - 10, 0), -1) if doc[k].text == "("), start)


def possessive(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Radio-Canada's Catherine Kovacs": the organization employs the person."""
    doc = person.doc
    i = person.start - 1
    if i < 1 or doc[i].lower_ not in {"'s", "’s"}:
        return
    owner = index.at(doc[i - 1])
    if owner is not None and index.kind(owner) == "organization":
        yield relation("employer", person, owner, "possessive-affiliation", doc[i])


def _subject_verbs(person: Span, index: MentionIndex) -> list[tuple[Token, bool]]:
    """The verbs a person is the subject of (passive flagged), including conjoined verbs and
    the verbs of conjoined subjects ("Tom and Ana live in Y"). Found once per mention."""
    key = (person.start, person.end)
    if key not in index.verbs:
        index.verbs[key] = list(_find_subject_verbs(person))
    return index.verbs[key]


def _find_subject_verbs(person: Span) -> Iterator[tuple[Token, bool]]:
    root = _first_conjunct(person.root)
    heads = [root, *(c for c in root.children if c.dep_ == "appos")]
    if root.dep_ in {"nsubj", "nsubjpass"}:
        verb = root.head
        yield verb, root.dep_ == "nsubjpass"
        yield from _conjoined_verbs(verb)
        if verb_base(verb.text) == "be":
            heads += [c for c in verb.children if c.dep_ == "attr"]
    # "X, who lives in Y", "X is an executive who served as CEO of Y": relative clauses on the
    # name, its apposition or what it is
    for head in heads:
        for clause in head.children:
            subject = next((c for c in clause.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
            if clause.dep_ == "relcl" and subject is not None and subject.lower_ in _RELATIVES:
                yield clause, subject.dep_ == "nsubjpass"
                yield from _conjoined_verbs(clause)
    # "Raised in Y, X ...", "X, born and raised in Y, ...": participles before the subject or on the name
    participles = [c for c in root.head.children if c.dep_ == "advcl" and c.i < person.start] \
        if root.dep_ in {"nsubj", "nsubjpass"} else []
    participles += [c for c in root.children if c.dep_ == "acl"]
    for clause in participles:
        if clause.tag_ == "VBN":
            yield clause, True
            yield from ((c, c.tag_ == "VBN") for c in clause.conjuncts if c.i > clause.i)
    after = after_brackets(person)  # "X (born 1950) works for Y", however the parser hung the bracket
    subject_of_after = root.dep_ in {"nsubj", "nsubjpass"} and after == root.head
    if after is not None and after.tag_.startswith("VB") and not subject_of_after:
        yield after, any(c.dep_ == "auxpass" for c in after.children)
        yield from _conjoined_verbs(after)


def _conjoined_verbs(verb: Token) -> Iterator[tuple[Token, bool]]:
    """The verbs joined to a verb that share its subject (passive flagged)."""
    for conj in verb.conjuncts:
        if conj.i > verb.i and not any(c.dep_ in {"nsubj", "nsubjpass"} for c in conj.children):
            yield conj, any(c.dep_ == "auxpass" for c in conj.children)


def _first_conjunct(token: Token) -> Token:
    """The first of the conjoined nouns a token is one of ("Ana" in "Tom and Ana"), else the token."""
    while token.dep_ == "conj" and token.head.i < token.i:
        token = token.head
    return token


def verbs(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X works for Y", "X taught at Y", "X retired from Y", "X is employed by Y", "X heads Y", "X is in
    charge of Y", "X is the president of Y", "X served as president of Y"."""
    for verb, passive in _subject_verbs(person, index):
        if negated(verb):
            continue
        base = verb_base(verb.text)
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ == "as" and base in _SERVE_VERBS:
                for title in (c for c in child.children if c.dep_ == "pobj"):
                    if is_title(title) and index.at(title) is None:
                        yield from _title_relations(person, title, index, "served-as-title")
            elif child.dep_ in {"prep", "agent"}:  # spaCy's "employed by": agent
                pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
                target = index.at(pobj) if pobj is not None else None
                if target is None or index.kind(target) != "organization":
                    continue
                if base in _WORK_VERBS and child.lower_ in _EMPLOYMENT_PREPS:
                    yield relation("employer", person, target, "verb-works-for", verb)
                elif base in _LEAVE_VERBS and child.lower_ == "from" and not passive:
                    yield relation("employer", person, target, "verb-retired-from", verb)
                elif base == "employ" and passive and child.lower_ == "by":
                    yield relation("employer", person, target, "verb-employed-by", verb)
            elif child.dep_ == "dobj" and base in _HEAD_VERBS | {"join"}:
                target = index.at(child)
                if target is None or index.kind(target) != "organization":
                    continue
                if base == "join":
                    yield relation(_joined_property(target), person, target, "verb-joined", verb)
                else:
                    yield relation("headOf", person, target, "verb-heads", verb)
            elif child.dep_ == "attr" and base == "be":
                # "X is president of Y", "X is a businessman and the chief executive of Y", "X is a
                # businessman, chairman of Y and former CEO of Z"
                nouns = [child, *(c for c in child.conjuncts if c.i > child.i)]
                groups = [nouns, *(with_conjuncts(c) for n in nouns for c in n.children if c.dep_ == "appos")]
                for group in groups:  # the first title of each group: the titles joined after it share its phrase
                    title = next((n for n in group if is_title(n) and index.at(n) is None), None)
                    if title is not None:
                        yield from _title_relations(person, title, index, "copula-title")
        charge = _in_charge_of(verb)
        target = index.at(charge) if charge is not None else None
        if target is not None and index.kind(target) == "organization":
            yield relation("headOf", person, target, "in-charge-of", verb)
        yield from _joined_before(person, verb, index)


def _joined_property(body: Span) -> str:
    """What joining a body makes one: a member of a union or of a body of the generic
    Organization class (a party, a club, most companies), an employee of the more specific
    ones (a government agency, a news organization)."""
    return "memberOf" if body.label_ in {"LabourUnion", "Organization"} else "employer"


def _joined_before(person: Span, verb: Token, index: MentionIndex) -> Iterator[Relation]:
    """"Before joining Y, X worked ...", "Prior to joining Y, X was ...", "After joining Y, X
    ...": a gerund of "join" in a phrase of the person's verb."""
    preps = [c for c in verb.children if c.dep_ == "prep"]
    preps += [p for a in verb.children if a.dep_ == "advmod" for p in a.children if p.dep_ == "prep"]  # "Prior to"
    for prep in preps:
        for gerund in (c for c in prep.children if c.dep_ == "pcomp" and c.tag_ == "VBG"):
            if verb_base(gerund.text) != "join" or negated(gerund):
                continue
            for target in mentions_of([c for c in gerund.children if c.dep_ == "dobj"], index,
                                      frozenset({"organization"})):
                yield relation(_joined_property(target), person, target, "verb-joined", gerund)


_HIRE_VERBS = frozenset({"hire", "appoint"})


def hired(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Y hired X", "X was appointed by Y": Y employs X; "... as chief executive" (a title that
    heads) makes X head of Y."""
    root = person.root
    verb = root.head
    if verb_base(verb.text) not in _HIRE_VERBS or negated(verb):
        return
    if root.dep_ == "dobj":
        agents = [c for c in verb.children if c.dep_ == "nsubj"]
    elif root.dep_ == "nsubjpass":
        agents = [c for prep in verb.children if prep.dep_ == "agent" for c in prep.children if c.dep_ == "pobj"]
    else:
        return
    titles = as_objects(verb)
    prop = "headOf" if any(t.lower_ in HEAD_TITLES for t in titles) else "employer"
    for org in mentions_of(agents, index, frozenset({"organization"})):
        yield relation(prop, person, org, "verb-hired", verb)


def person_of(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Mathematician X of Y", "X of the Y union said": the person speaks from, works for (or,
    of a union or party, belongs to) Y."""
    if not _plain_name(person):
        return
    for org in prep_objects(person.root, index, "organization"):
        if index.at(person.root.head) is org:
            continue
        words = {t.lower_ for t in org}
        member = org.label_ == "LabourUnion" or not words.isdisjoint({"party", "union", "caucus"})
        yield relation("memberOf" if member else "employer", person, org, "person-of", person.root)


_STYLES = frozenset("king queen prince princess duke duchess archduke emperor empress pope saint st lord lady earl "
                    "count countess baron sultan tsar czar".split())


def _plain_name(person: Span) -> bool:
    """Whether a person's name is one of today's, whose "of Y" says where they work or live:
    not one word ("Albert of Y"), a style ("King James III", "St Anthony") or a regnal number."""
    return len(person) > 1 and not any(
        t.lower_.rstrip(".") in _STYLES or regnal_number(t.text) for t in person)


def led_by(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Y is led by X", "Y, headed by chief executive X and Z,": X heads Y."""
    root = person.root
    while root.dep_ == "conj" and root.head.i < root.i:
        root = root.head
    by = root.head
    if root.dep_ != "pobj" or by.dep_ != "agent":
        return
    verb = by.head
    if verb_base(verb.text) not in _LED_VERBS or negated(verb):
        return
    if verb.dep_ == "acl":
        orgs = mentions_of([verb.head], index, frozenset({"organization"}))
    else:
        orgs = mentions_of([c for c in verb.children if c.dep_ == "nsubjpass"], index, frozenset({"organization"}))
    for org in orgs:
        yield relation("headOf", person, org, "verb-led-by", verb)


def membership(subject: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X is a member of Y", "X, a member of Y", "X was a physician, member of Y", "X is a Y
    member", "Y bassist X": X is a member of Y."""
    nouns = [n for n in descriptions(subject, index) if n != subject.root]
    nouns += [c for noun in nouns for c in noun.children if c.dep_ == "appos"]  # "a physician, member of Y"
    for noun in nouns:
        if noun.lower_ not in _MEMBER_WORDS or index.at(noun) is not None or negated(noun):
            continue
        compounds = mentions_of([c for c in noun.children if c.dep_ == "compound"], index, frozenset({"organization"}))
        for org in dict.fromkeys(prep_objects(noun, index, "organization") + compounds):
            yield relation("memberOf", subject, org, "member-of", noun)
    doc = subject.doc
    i = subject.start - 1
    while i >= 0 and doc[i].text in {",", "former", "founding", "original", "lead", "bass", "rhythm"}:
        i -= 1
    if i >= 1 and doc[i].lower_ in _MEMBER_WORDS and index.at(doc[i]) is None:
        j = i - 1
        while j >= 0 and doc[j].lower_ in {"former", "founding", "original", "lead", "bass", "rhythm"}:
            j -= 1
        j = _before_brackets(doc, j + 1) - 1  # "Velmora Party (VP) candidate X"
        org = index.at(doc[j]) if j >= 0 else None
        if org is not None and index.kind(org) == "organization" and not negated(doc[i]):
            yield relation("memberOf", subject, org, "member-of", doc[i])


_POLITICIAN_NOUNS = frozenset("politician politicians legislator lawmaker parliamentarian".split())
_POLITICIAN_PREPS = frozenset({"of", "for", "with"})


def party_politician(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X is a Fine Gael politician", "X, a Norwegian politician for the Liberal Party", "a
    trade unionist and politician with the Y Party", "a politician representing the Progress
    Party": X is a member of the party."""
    for noun in descriptions(person, index):
        if noun.lower_ not in _POLITICIAN_NOUNS or noun == person.root:
            continue
        parties = mentions_of(list(modifiers(noun)), index, frozenset({"organization"}))
        parties += prep_objects(noun, index, "organization", _POLITICIAN_PREPS)
        if noun.dep_ == "conj":  # "a trade unionist and politician for Y": the "for" hangs on "unionist"
            first = _first_conjunct(noun)
            parties += [p for p in prep_objects(first, index, "organization", _POLITICIAN_PREPS) if p.start > noun.i]
        parties += mentions_of([c for acl in noun.children if acl.dep_ == "acl" and verb_base(acl.text) == "represent"
                                for c in acl.children if c.dep_ == "dobj"], index, frozenset({"organization"}))
        for party in dict.fromkeys(parties):
            yield relation("memberOf", person, party, "party-politician", noun)


_LIVE_VERBS = frozenset({"live", "reside"})
_LIVE_PREPS = frozenset({"in", "on", "at"})
# (verb, passive) -> the prepositions of the place that became a home: "X moved to Y", "X
# settled in Y", "X grew up in Y", "X was raised in Y", "X emigrated to Y".
_HOME_VERBS = {("move", False): frozenset({"to"}), ("relocate", False): frozenset({"to"}),
               ("settle", False): frozenset({"in"}), ("grow", False): frozenset({"in"}),
               ("raise", True): frozenset({"in"}), ("emigrate", False): frozenset({"to"}),
               ("immigrate", False): frozenset({"to"}), ("migrate", False): frozenset({"to"})}
_RELATIVES = frozenset({"who", "that"})


def _homes(verb: Token, index: MentionIndex, preps: frozenset[str]) -> list[Span]:
    """The places a verb of home names with one of `preps`, each with the places that contain
    it in the text ("lives in Marion, Ohio": Marion, Ohio); a verb with no such phrase takes
    that of the verb joined after it ("lives and works in London")."""
    for candidate in (verb, *(c for c in verb.conjuncts if c.i > verb.i)):
        pobjs = [t for prep in candidate.children if prep.dep_ == "prep" and prep.lower_ in preps
                 for c in prep.children if c.dep_ == "pobj" for t in with_conjuncts(c)]
        if pobjs:
            return list(dict.fromkeys(p for pobj in pobjs for p in places_in(pobj, index)))
    return []


def residence(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X lives in Y", "X, who resides in Y", "X, a farmer who lives on Y" (verb-lives-in);
    "X, 42, of Y", the age and home town news gives after a name (age-of-place); "X, a
    resident of Y" (resident-of); "Ana Silva of Y" (person-of-place, a city or region, not a
    country); "X moved to Y", "X grew up in Y", "X was raised in Y" (verb-moved-to): X lives,
    or lived, in the place Y."""
    for verb, passive in _subject_verbs(person, index):
        if passive or verb_base(verb.text) not in _LIVE_VERBS or negated(verb):
            continue
        for place in _homes(verb, index, _LIVE_PREPS):
            yield relation("residence", person, place, "verb-lives-in", verb)
    for verb, passive in _subject_verbs(person, index):
        base = verb_base(verb.text)
        preps = _HOME_VERBS.get((base, passive))
        if preps is None or negated(verb) or (base == "grow" and not any(c.lower_ == "up" for c in verb.children)):
            continue
        for place in _homes(verb, index, preps):
            yield relation("residence", person, place, "verb-moved-to", verb)
    doc, end = person.doc, person.end
    if end + 4 < len(doc) and doc[end].text == "," and doc[end + 1].like_num and doc[end + 2].text == "," \
            and doc[end + 3].lower_ in {"of", "from"}:
        place = index.at(doc[end + 4])
        if place is not None and index.kind(place) == "place" and place.start == end + 4:
            yield relation("residence", person, place, "age-of-place", doc[end + 3])
    root = person.root
    fronted = [c for c in root.head.children if c.dep_ == "nsubj" and c.i < person.start] \
        if root.dep_ == "nsubj" else []
    for noun in (*descriptions(person, index), *fronted):  # "X is a resident of Y"; "A resident of Y, X said"
        if noun.lower_ != "resident" or negated(noun):
            continue
        for place in prep_objects(noun, index, "place"):
            yield relation("residence", person, place, "resident-of", noun)
    if _plain_name(person):  # "actress Jean Hackett of New York City"; not "King James III of Y"
        for place in prep_objects(person.root, index, "place"):
            if place.label_ != "Country":
                yield relation("residence", person, place, "person-of-place", person.root)


def met_with(person: Span, index: MentionIndex) -> Iterator[Relation]:
    """"X met with Y", "X met Y and Z": people who met."""
    for verb, _ in _subject_verbs(person, index):
        if verb_base(verb.text) != "meet" or negated(verb):
            continue
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        objects += [p for prep in verb.children if prep.dep_ == "prep" and prep.lower_ == "with"
                    for p in prep.children if p.dep_ == "pobj"]
        tokens = [t for o in objects for t in with_conjuncts(o)]
        for other in mentions_of(tokens, index, frozenset({"person"})):
            if other.kb_id_ != person.kb_id_:
                yield relation("metWith", person, other, "verb-met-with", verb)
