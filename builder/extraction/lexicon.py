"""Cue words that type names and signal roles. Lower-case; matched on token text or lemma.

The lists of well-known organizations and of given names are data, in lexicons/.
"""

from dataclasses import dataclass
from pathlib import Path

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
# One-word (or two-word) names of a country's institutions: capitalized, "Congress", "the
# Navy" and "the Supreme Court" name one real body, which the document's country decides.
INSTITUTIONS = frozenset({
    "congress", "senate", "parliament", "navy", "army", "air force", "marines", "marine corps",
    "coast guard", "supreme court", "legislature", "national assembly", "house of commons",
    "house of representatives", "house of lords", "cabinet", "knesset", "duma", "bundestag",
})
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
    "grand prix marathon derby trophy medal uprising rebellion revolution invasion "
    "campaign incident massacre crisis summit contest fair fest chart charts".split()
)
# Nouns for what a person does that NER takes for names ("Head Coach", "Top Scorer").
ROLE_NOUNS = frozenset(
    "champion champions actor actress singer producer producers writer coach scorer "
    "player players dean prophet emperor bishop pope priest".split()
)

# Nouns that, before a name ("the film X"), in its apposition ("X, an album") or after
# "X is a", say the name is the title of a work, which kg does not model.
WORK_NOUNS = frozenset(
    "album albums single song songs film films movie novel book books series sitcom "
    "episode documentary opera musical play poem painting sculpture video game games "
    "ep track soundtrack anthology comic manga anime".split()
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
    "negotiator mediator coordinator adviser advisor counsel prosecutor vice publisher owner "
    "partner cfo coo cto cio treasurer provost rector curator trustee".split()
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
    "spoken": "speak", "taught": "teach", "grew": "grow", "grown": "grow", "born": "bear",
    "is": "be", "was": "be", "are": "be", "were": "be", "been": "be",
}
VERBS = SPEECH_VERBS | frozenset(
    "work employ join lead head chair run direct manage meet hold sign become speak be "
    "serve represent live reside hire appoint teach study lecture retire resign act operate function move "
    "relocate settle grow raise emigrate immigrate migrate marry graduate".split()
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


def regnal_number(word: str) -> bool:
    """Whether a word is a ruler's number in Roman numerals ("III" of "James III")."""
    return word.isupper() and set(word) <= set("IVX")


def verb_base(word: str) -> str:
    """The base form of a verb kg knows ("added" -> "add"); other words come back lower-cased."""
    w = word.lower()
    return _BASE.get(w, w)


# Words that make a name a place when they end it ("Wyre Forest", "Big Muddy Creek") or,
# for PLACE_PREFIXES, when they start it ("Mount Tyree", "Lake Placid").
NATURAL_HEADS = frozenset(
    "river rivers creek brook stream lake lakes pond reservoir lagoon bay gulf sea ocean "
    "strait channel canal sound fjord glacier mountain mountains hill hills ridge "
    "range peak volcano valley canyon gorge plateau plain plains desert forest woods "
    "swamp marsh wetland island islands isle peninsula cape coast beach falls waterfall "
    "park reservation wilderness".split()
)
LANDMARK_HEADS = frozenset(
    "square plaza palace castle cathedral basilica monastery abbey mosque temple shrine "
    "mausoleum monument memorial cemetery stadium arena tower dam hospital".split()
)
ADMIN_HEADS = frozenset(
    "county province district region municipality prefecture voivodeship governorate "
    "oblast territory township parish borough canton commune".split()
)
PLACE_PREFIXES = frozenset("mount mt mt. lake cape isle fort".split())
# Heads of the names of states that the gazetteer may not list ("Holy Roman Empire").
POLITY_HEADS = frozenset("kingdom republic empire duchy principality sultanate emirate caliphate khanate".split())
# Words before "station" that make it a place of transport rather than a police station.
TRANSIT_WORDS = frozenset("railway rail train bus metro subway underground tube power".split())

# Titles of rank or nobility that stand before a name but are not part of it ("King
# Prajadhipok", "Rear Admiral Wilkes"); the name is what follows.
HONORIFICS = frozenset(
    "king queen prince princess emperor empress tsar czar sultan shah lord lady duke "
    "duchess earl count countess baron baroness sir dame madame monsieur admiral "
    "rear vice midshipman commander major private president minister senator governor "
    "mayor premier chancellor secretary judge mr mr. mrs mrs. ms ms. dr dr. prof prof. "
    "gen. gen col. lt. capt. sgt. cpl. rep. sen. gov.".split()
)

# Words that cannot end a name: a span that ends with one was cut short or ran on.
CONNECTORS = frozenset("of for and the de du des del della di da la le von van der y".split())


@dataclass(frozen=True, slots=True)
class KnownOrganization:
    """A row of lexicons/organizations.tsv: a well-known name, its class and expansion."""

    name: str
    cls: str
    full_name: str  # empty when the name itself is the one in use


def _rows(filename: str) -> list[list[str]]:
    """The data rows of a lexicon TSV file: no comment lines, no header."""
    lines = (LEXICON_DIR / filename).read_text(encoding="utf-8").splitlines()
    rows = [line.split("\t") for line in lines if line.strip() and not line.startswith("#")]
    return rows[1:]


LEXICON_DIR = Path(__file__).parent / "lexicons"
# Acronyms and short names of well-known organizations, by the name as written.
ORGANIZATIONS: dict[str, KnownOrganization] = {
    row[0]: KnownOrganization(row[0], row[1], row[2] if len(row) > 2 else "")
    for row in _rows("organizations.tsv")
}
# Given names ("Celine", "Walt"), to tell a person's name NER took for an organization's.
GIVEN_NAMES: frozenset[str] = frozenset(
    line.strip() for line in (LEXICON_DIR / "given_names.txt").read_text(encoding="utf-8").splitlines()
    if line.strip() and not line.startswith("#")
)
