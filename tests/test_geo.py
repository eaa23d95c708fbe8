"""Places on the map and links into the web of data (issue 14), end to end with the real
pipeline: GeoNames links and coordinates of the seed article's and the examples' places, the
GeoJSON export read back by GIS libraries, every output read by three RDF parsers and the
SHACL shapes, and `kg build --link` with a user's authority file."""

import json
import shutil
from pathlib import Path

import geojson
import pyogrio
import pyoxigraph as ox
import pytest
import shapely.geometry as shapely_geometry
from typer.testing import CliRunner

from builder.cli import app
from builder.rdf.namespace import ENTITY_GRAPH, LINKS_GRAPH
from builder.store import KgStore

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
SEED = ROOT.parent / "shared" / "data" / "seed_article.txt"
PLACE = "https://w3id.org/newskg/id/place/"
GEONAMES = "https://sws.geonames.org/"
SAME_AS = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?e ?iri WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e owl:sameAs ?iri }} }}
"""
COORDINATES = f"""
PREFIX wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#>
SELECT ?e ?lat ?lon WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e wgs84:lat ?lat ; wgs84:long ?lon }} }}
"""

pytestmark = pytest.mark.model
runner = CliRunner()


def kg(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.output


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed")
    kg("build", str(SEED), "--out", str(out))
    return out


@pytest.fixture(scope="module")
def examples(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("examples")
    kg("build", str(EXAMPLES), "--out", str(out))
    return out


def rows(out: Path, query: str) -> list[dict[str, str]]:
    """A query's rows over the built store, as {variable: value} (unbound ones left out)."""
    store = ox.Store.read_only(str(out / "store"))
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: s[n].value for n in names if s[n] is not None} for s in solutions]


def same_as(out: Path, prefix: str = GEONAMES) -> dict[str, set[str]]:
    links: dict[str, set[str]] = {}
    for row in rows(out, SAME_AS):
        if row["iri"].startswith(prefix):
            links.setdefault(row["e"].removeprefix(PLACE), set()).add(row["iri"].removeprefix(prefix).strip("/"))
    return links


def test_the_seed_articles_places_are_linked_to_geonames_with_lacolles_coordinates(seed: Path):
    assert same_as(seed) == {"lacolle": {"6035592"}, "canada": {"6251999"}, "united-states": {"6252001"},
                             "quebec": {"6115047"}}
    (lacolle,) = [r for r in rows(seed, COORDINATES) if r["e"] == PLACE + "lacolle"]
    # Lacolle, Quebec: 45°05′N 73°22′W.
    assert abs(float(lacolle["lat"]) - 45.0833) < 0.05 and abs(float(lacolle["lon"]) - -73.3667) < 0.05
    assert {r["e"] for r in rows(seed, COORDINATES)} == {PLACE + "lacolle"}  # countries and divisions: no coordinates


# Checked by hand against GeoNames: each is the place the article means. Left unlinked: "Labrador"
# (a town in Australia or the Philippines; the article means the region), places the gazetteers
# do not hold (seas, rivers, coasts) and facilities and roads, which are never linked.
EXAMPLE_LINKS = {
    "bergen": "3161732",  # Bergen, Norway
    "brampton": "5907364",  # Brampton, Ontario
    "canada": "6251999",
    "champlain": "5112215",  # Champlain, New York (the U.S. Border Patrol's Champlain Station)
    "faroe-islands": "2622320",
    "greenland": "3425505",
    "hafnarfjordur": "3416706",  # Hafnarfjörður, Iceland
    "haiti": "3723988",
    "halifax": "6324729",  # Halifax, Nova Scotia (not Halifax, England)
    "hemmingford": "5973741",  # Hemmingford, Quebec
    "iceland": "2629691",
    "lacolle": "6035592",
    "montreal": "6077243",  # Montréal, Quebec (not Montreal, Wisconsin)
    "new-brunswick": "6087430",
    "new-york": "5128638",  # the state
    "new-york-city": "5128581",
    "newfoundland-and-labrador": "6354959",
    "norway": "3144096",
    "nova-scotia": "6091530",
    "ontario": "6093943",  # the province (not Ontario, California)
    "oslo": "3143244",
    "ottawa": "6094817",  # Ottawa, Ontario (not Ottawa, Illinois or Kansas)
    "plattsburgh": "5131692",  # Plattsburgh, New York
    "quebec": "6115047",  # the province (not Quebec City)
    "reykjavik": "3413829",
    "saint-john": "6138517",  # Saint John, New Brunswick (not Saint John, Indiana)
    "st-john-s": "6324733",  # St. John's, Newfoundland and Labrador
    "tromso": "3133895",
    "united-states": "6252001",
}


def test_no_wrong_link_on_the_example_articles(examples: Path):
    assert same_as(examples) == {place: {geonameid} for place, geonameid in EXAMPLE_LINKS.items()}


def test_the_geojson_export_validates_and_reads_back_in_gis_libraries(examples: Path, tmp_path: Path):
    path = examples / "graph.geojson"  # written by kg build
    out = tmp_path / "places.geojson"
    kg("export", "--format", "geojson", "--out", str(out), "--store", str(examples / "store"))
    assert out.read_bytes() == path.read_bytes()
    data = json.loads(path.read_text(encoding="utf-8"))
    parsed = geojson.loads(path.read_text(encoding="utf-8"))
    assert parsed.is_valid, parsed.errors()
    assert parsed["type"] == "FeatureCollection" and "crs" not in data  # RFC 7946: WGS84 only, no crs member
    coordinates = {r["e"]: (float(r["lon"]), float(r["lat"])) for r in rows(examples, COORDINATES)}
    assert len(data["features"]) == len(coordinates) == 16  # the cities of EXAMPLE_LINKS
    for feature in data["features"]:
        point = shapely_geometry.shape(feature["geometry"])
        assert (point.geom_type, (point.x, point.y)) == ("Point", coordinates[feature["id"]])  # [lon, lat]
        assert feature["properties"]["geonames"] == GEONAMES + EXAMPLE_LINKS[feature["id"].removeprefix(PLACE)] + "/"
    info = pyogrio.read_info(path)
    assert info["features"] == len(coordinates) and info["geometry_type"] == "Point"
    assert info["crs"] == "EPSG:4326"
    meta, _, geometries, fields = pyogrio.raw.read(path)
    labels = dict(zip(meta["fields"], fields))["label"]
    assert sorted(labels) == sorted(f["properties"]["label"] for f in data["features"])
    assert len(geometries) == len(coordinates)


def test_a_geojson_feature_carries_the_entities_tied_to_its_place(examples: Path):
    data = json.loads((examples / "graph.geojson").read_text(encoding="utf-8"))
    features = {f["id"].removeprefix(PLACE): f["properties"] for f in data["features"]}
    lacolle = features["lacolle"]
    assert lacolle["label"] == "Lacolle" and lacolle["class"] == "Settlement" and lacolle["documents"] == 1
    related = {(e["label"], e["relation"]) for e in features["montreal"]["entities"]}
    assert related, features["montreal"]
    assert all(e["relation"] in {"locatedIn", "headquarters", "residence", "country", "jurisdiction", "near"}
               for f in features.values() for e in f["entities"])


def test_every_output_parses_in_rdflib_oxigraph_and_rapper_and_the_shapes_hold(examples: Path, tmp_path: Path):
    if shutil.which("rapper") is None:
        pytest.skip("rapper (Debian raptor2-utils) is not installed")
    from test_hostile import assert_every_serialization_round_trips

    copy = tmp_path / "store"
    shutil.copytree(examples / "store", copy)
    with KgStore(copy) as store:
        assert_every_serialization_round_trips(store)
    assert "conforms" in kg("validate", "--store", str(examples / "store"))
    assert kg("query", "place-hierarchy", "--store", str(examples / "store"))


def test_named_queries_same_as_and_near_place_on_the_examples(examples: Path):
    lines = kg("query", "same-as", "--format", "csv", "--store", str(examples / "store")).splitlines()
    assert lines[0] == "entity,label,class,sameAs,rule,lat,long"
    assert len(lines) - 1 == len(EXAMPLE_LINKS)
    assert any(line.startswith(PLACE + "lacolle,Lacolle,") and "link-geonames,45.08338,-73.36585" in line
               for line in lines)
    near = json.loads(kg("query", "near-place", "--param", "place=Quebec", "--format", "json",
                         "--store", str(examples / "store")))
    sites = {row["siteLabel"] for row in near}
    assert {"Quebec", "Lacolle", "Hemmingford"} <= sites
    assert all(row["sentence"] for row in near if row["property"].endswith("locatedIn"))


# The user's own identifiers

AUTHORITY = """name,class,IRI,alternative names
Goodale, Ralph,Person,https://example.org/people/goodale,Ralph Goodale|Goodale
Royal Canadian Mounted Police,GovernmentAgency,https://example.org/org/rcmp,RCMP|GRC
Quebec,,https://example.org/place/qc-1,
Province de Québec,,https://example.org/place/qc-2,Quebec
"""


def test_kg_build_link_links_the_users_identifiers_and_lists_the_ambiguous(tmp_path: Path):
    link = tmp_path / "authority.csv"
    link.write_text(AUTHORITY.replace("Goodale, Ralph", '"Goodale, Ralph"'), encoding="utf-8")
    out = tmp_path / "out"
    output = kg("build", str(SEED), "--out", str(out), "--link", str(link))
    assert f"Linked 2 entities to the identifiers in {link}." in " ".join(output.split())
    assert ("left alone, ambiguous: Quebec (https://w3id.org/newskg/id/place/quebec) matches 2 identifiers: "
            "https://example.org/place/qc-1, https://example.org/place/qc-2") in " ".join(output.split())
    links = same_as(out, "https://example.org/")
    assert links == {"https://w3id.org/newskg/id/person/ralph-goodale": {"people/goodale"},
                     "https://w3id.org/newskg/id/organization/royal-canadian-mounted-police": {"org/rcmp"}}
    label = json.loads(kg("query", "entity", "--param", "name=Goodale, Ralph", "--format", "json",
                          "--store", str(out / "store")))
    assert label and label[0]["label"] == "Goodale, Ralph"
    # A later build without --link keeps the links (the store holds them), even rebuilding every document.
    kg("build", str(SEED), "--out", str(out), "--force")
    assert same_as(out, "https://example.org/") == links
    assert "conforms" in kg("validate", "--store", str(out / "store"))
    store = ox.Store.read_only(str(out / "store"))
    assert len(list(store.quads_for_pattern(None, None, None, ox.NamedNode(str(LINKS_GRAPH))))) == 2 * 5 + 1
    del store


@pytest.mark.parametrize(("name", "text", "expected"), [
    ("missing.csv", None, "missing.csv: no such link file. Give --link a CSV, TSV or RDF file of your identifiers."),
    ("bad.csv", "Ralph Goodale,Person,goodale,\n", "bad.csv, line 1: 'goodale' is not an absolute IRI."),
    ("bad.ttl", "<https://example.org/a> <http://www.w3.org/2000/01/rdf-schema#label> .\n",
     "bad.ttl: can't read the file as turtle ("),
])
def test_a_bad_link_file_stops_the_build_with_one_line(tmp_path: Path, name: str, text: str | None, expected: str):
    link = tmp_path / name
    if text is not None:
        link.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["build", str(SEED), "--out", str(tmp_path / "out"), "--link", str(link)])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "store").exists()  # read before anything is built
