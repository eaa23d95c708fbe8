"""Cue words that type names and signal roles. Lower-case; matched on token text or lemma."""

# The last word of a name that makes it a place, an agreement or an organization.
ROAD_HEADS = frozenset(
    "road street avenue highway route boulevard lane drive way trail chemin rang "
    "crescent parkway expressway".split()
)
CROSSING_HEADS = frozenset("crossing crossings".split())
FACILITY_HEADS = frozenset("airport port bridge terminal harbour harbor".split())
AGREEMENT_HEADS = frozenset(
    "agreement agreements treaty act accord accords convention protocol pact charter "
    "law bill code directive regulation regulations deal compact".split()
)
AGENCY_WORDS = frozenset(
    "agency police patrol department ministry bureau commission administration authority "
    "service services office immigration customs border security guard army navy "
    "military forces force parliament senate congress court government council "
    "secretariat directorate inspectorate sector division detachment".split()
)
UNION_WORDS = frozenset("union unions federation syndicate teamsters longshoremen".split())
NEWS_WORDS = frozenset(
    "press news times post herald tribune gazette journal radio television tv "
    "broadcasting broadcaster reuters newspaper magazine daily telegraph".split()
)
ORG_WORDS = AGENCY_WORDS | UNION_WORDS | NEWS_WORDS | frozenset(
    "association company corporation corp inc ltd llc group institute university "
    "college school bank party committee board foundation organization organisation "
    "network station club league alliance coalition council centre center society "
    "chamber fund trust".split()
)

# Words that make a name an event, prize or work, none of the kinds kg models.
EVENT_WORDS = frozenset(
    "cup championship championships olympics olympic games festival award awards prize "
    "war battle tournament season election elections album film tour expo exposition "
    "grand prix marathon derby trophy medal".split()
)

# Words that, before a name or as the head of its apposition, say the name is a person.
PERSON_TITLES = frozenset(
    "president minister secretary spokesperson spokesman spokeswoman officer chief "
    "director chair chairman chairwoman chairperson ceo executive commissioner "
    "superintendent inspector sergeant sgt constable cpl corporal lieutenant captain "
    "general colonel premier mayor governor senator sen. rep. representative "
    "ambassador judge justice lawyer attorney agent head leader founder manager "
    "editor reporter correspondent professor dr. mr. mrs. ms. prof. gov. sen "
    "councillor councilor deputy mp mpp mla official economist analyst "
    "negotiator mediator coordinator adviser advisor counsel prosecutor vice".split()
)

# The title noun of a role and the property it implies toward the organization named.
HEAD_TITLES = frozenset(
    "president chair chairman chairwoman chairperson ceo chief head leader director "
    "commissioner superintendent secretary minister premier mayor governor "
    "founder executive".split()
)
SPOKESPERSON_TITLES = frozenset("spokesperson spokesman spokeswoman".split())

# Verbs of speech that attribute a quotation.
SPEECH_VERBS = frozenset(
    "say add tell state explain note point write argue claim insist warn ask reply "
    "continue conclude acknowledge admit announce declare remark respond suggest "
    "recall stress emphasize emphasise".split()
)

# Modal or hedging words that keep a statement from being a fact.
HEDGES = frozenset(
    "may might could would should reportedly allegedly possibly perhaps maybe "
    "rumoured rumored considering".split()
)

DETERMINERS = frozenset("the a an this that these those".split())

_IRREGULAR: dict[str, str] = {
    "said": "say", "told": "tell", "wrote": "write", "written": "write", "led": "lead",
    "ran": "run", "met": "meet", "held": "hold", "became": "become", "spoke": "speak",
    "spoken": "speak", "is": "be", "was": "be", "are": "be", "were": "be", "been": "be",
}
VERBS = SPEECH_VERBS | frozenset(
    "work employ join lead head chair run direct manage meet hold sign become speak be "
    "serve represent".split()
)


def _forms(verb: str) -> set[str]:
    forms = {verb, verb + "s", verb + "es", verb + "ing", verb + "ed", verb + "d"}
    if verb.endswith("y"):
        forms |= {verb[:-1] + "ies", verb[:-1] + "ied"}
    if verb.endswith("e"):
        forms.add(verb[:-1] + "ing")
    if len(verb) > 2 and verb[-1] not in "aeiouwxy" and verb[-2] in "aeiou" and verb[-3] not in "aeiou":
        forms |= {verb + verb[-1] + "ed", verb + verb[-1] + "ing"}
    return forms


_BASE: dict[str, str] = {form: verb for verb in sorted(VERBS) for form in _forms(verb)}
_BASE.update(_IRREGULAR)


def verb_base(word: str) -> str:
    """The base form of a verb kg knows ("added" -> "add"); other words come back lower-cased."""
    w = word.lower()
    return _BASE.get(w, w)
