"""The gazetteer: first-level divisions of the world, and its compiled copy in the cache folder."""

import json

import pytest

from builder.extraction import gazetteer as gz
from builder.extraction.gazetteer import Gazetteer, Place, default_gazetteer
from builder.resources import compiled


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    return Gazetteer()


def test_divisions_of_any_country_are_administrative_areas(built):
    assert built.lookup("Scotland") == Place("Scotland", "AdministrativeArea", "United Kingdom")
    assert built.lookup("Queensland") == Place("Queensland", "AdministrativeArea", "Australia")
    # an English alias finds the division under its GeoNames name
    assert built.lookup("Bavaria") == built.lookup("Bayern") == Place("Bayern", "AdministrativeArea", "Germany")
    # "Guangdong Sheng": the shortest name that begins it is the canonical one
    assert built.lookup("Guangdong").name == "Guangdong"


def test_cities_lie_in_their_division(built):
    assert built.lookup("Brisbane").region == "Queensland"
    assert built.lookup("Munich").region == "Bayern"
    assert built.lookup("Toronto").region == "Ontario"  # Canada's provinces as before


def test_a_country_by_its_long_names(built):
    assert built.lookup("People's Republic of China") == Place("China", "Country", None)
    assert built.lookup("Kingdom of Thailand") == built.lookup("Thailand")
    assert built.lookup("Republic of China") == built.lookup("Taiwan")  # not China
    assert built.lookup("State of Eritrea") == built.lookup("Eritrea")  # written "the State of Eritrea"
    assert built.lookup("PRC") is None  # an acronym, not a long name


def test_names_divisions_cannot_keep(built):
    # two divisions share it (India's and Pakistan's Punjab)
    assert built.lookup("Punjab") is None
    # a city of the name wins: Berlin the city, not the Land
    assert built.lookup("Berlin").cls == "Settlement"
    # generic words alone
    assert built.lookup("Northern Territory") is None
    # a country's name or alias stays the country's
    assert built.lookup("England") == Place("United Kingdom", "Country", None)


def test_usable_names():
    assert gz._usable_name("Western Australia")
    assert gz._usable_name("Île-de-France")
    assert not gz._usable_name("Northern Territory")  # generic words only
    assert not gz._usable_name("ACT")  # an abbreviation
    assert not gz._usable_name("Murcia, Región de")  # inverted
    assert not gz._usable_name("Москва")  # not the Latin script


def test_json_round_trip(built):
    copy = Gazetteer.from_json(built.to_json())
    for name in ("Canada", "Que.", "Scotland", "Brisbane", "U.S."):
        assert copy.lookup(name) == built.lookup(name)
    assert copy.names() == built.names()
    assert copy.country_of_adjective("Canadian") == "Canada"


def test_default_gazetteer_is_compiled_once_into_the_cache_folder(tmp_path, monkeypatch, built):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    default_gazetteer.cache_clear()
    try:
        first = default_gazetteer()
        (path,) = (tmp_path / "kg").glob("gazetteer-*.json")
        assert first.lookup("Queensland") == built.lookup("Queensland")
        default_gazetteer.cache_clear()
        state = json.loads(path.read_text())
        state["index"]["kweensland"] = state["index"]["queensland"]
        path.write_text(json.dumps(state))
        assert default_gazetteer().lookup("Kweensland") is not None  # read from the file, not rebuilt
    finally:
        default_gazetteer.cache_clear()


def test_a_cache_folder_that_cannot_be_written_builds_in_memory(tmp_path, monkeypatch, built):
    blocked = tmp_path / "file"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))  # a file where the folder would be
    default_gazetteer.cache_clear()
    try:
        assert default_gazetteer().lookup("Scotland") == built.lookup("Scotland")
    finally:
        default_gazetteer.cache_clear()


def test_compiled_file_is_whole_or_absent(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))

    def fails(part):
        part.write_text("half")
        raise OSError("disk full")

    assert compiled("x.json", fails) is None
    assert list((tmp_path / "kg").iterdir()) == []
    path = compiled("x.json", lambda part: part.write_text("whole"))
    assert path == tmp_path / "kg" / "x.json" and path.read_text() == "whole"
    assert compiled("x.json", fails) == path  # there already: not written again


@pytest.mark.parametrize("name, countries", [
    ("Royal Canadian Navy", ["Canada"]),
    ("Bank of Japan", ["Japan"]),
    ("Canada Border Services Agency", ["Canada"]),
    ("South Korean Government", ["South Korea"]),
    ("Latin American School of Medicine", []),  # a region's people, not the United States
    ("Arab American Journal", []),
    ("Institute of Japanese Studies", []),  # the subject it studies
    ("Museum of American Art", []),
    ("Tromso Fisheries Institute", []),
])
def test_countries_a_name_holds(built, name, countries):
    assert built.countries_in(name) == countries
