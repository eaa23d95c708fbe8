"""kg export --format geojson without the model: a store made by hand, its places with
coordinates as an RFC 7946 FeatureCollection that GIS libraries read back."""

import json
from pathlib import Path

import geojson
import pyogrio
import pytest
import shapely.geometry as shapely_geometry
from rdflib import RDF, Graph, Literal, URIRef

from builder.rdf.mapping import NamedGraph
from builder.rdf.namespace import KG
from builder.store import KgStore
from builder.views.exports import export

PLACE = "https://w3id.org/newskg/id/place/"
ORG = "https://w3id.org/newskg/id/organization/"
DOC = URIRef("https://w3id.org/newskg/doc/border.txt")


@pytest.fixture(scope="module")
def store() -> KgStore:
    """Lacolle and Hemmingford (cities: coordinates), Quebec and Canada (no coordinates), Roxham
    Road (never linked), and a border agency headquartered in Lacolle."""
    g = Graph(identifier=DOC)
    g.add((DOC, RDF.type, KG.Document))
    mentions = [(PLACE + "lacolle", "Settlement", "Lacolle"), (PLACE + "hemmingford", "Settlement", "Hemmingford"),
                (PLACE + "quebec", "AdministrativeArea", "Quebec"), (PLACE + "canada", "Country", "Canada"),
                (PLACE + "roxham-road", "Road", "Roxham Road"), (ORG + "lacolle-border-office", "GovernmentAgency",
                                                               "Lacolle Border Office")]
    for n, (entity, cls, form) in enumerate(mentions):
        m = URIRef(f"{DOC}#m-{n}-{n + 1}")
        g.add((DOC, KG.mentions, URIRef(entity)))
        for p, o in ((RDF.type, KG.Mention), (KG.refersTo, URIRef(entity)), (KG.entityClass, KG[cls]),
                     (KG.surfaceForm, Literal(form))):
            g.add((m, p, o))
    g.add((URIRef(ORG + "lacolle-border-office"), KG.headquarters, URIRef(PLACE + "lacolle")))
    g.add((URIRef(PLACE + "hemmingford"), KG.locatedIn, URIRef(PLACE + "quebec")))
    kg_store = KgStore(None)
    kg_store.replace_graph(NamedGraph.of(g))
    kg_store.refresh_entities()
    return kg_store


def test_geojson_has_one_point_per_place_with_coordinates(store: KgStore, tmp_path: Path):
    (path,) = export(store, "geojson", tmp_path / "places.geojson")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert geojson.loads(path.read_text(encoding="utf-8")).is_valid
    with_coordinates = {r["e"].value for r in store.solutions(
        "SELECT ?e WHERE { GRAPH <https://w3id.org/newskg/graph/entities> "
        "{ ?e <http://www.w3.org/2003/01/geo/wgs84_pos#lat> ?lat } }")}
    assert {f["id"] for f in data["features"]} == with_coordinates == {PLACE + "lacolle", PLACE + "hemmingford"}
    lacolle = next(f for f in data["features"] if f["id"] == PLACE + "lacolle")
    assert lacolle["geometry"] == {"type": "Point", "coordinates": [-73.36585, 45.08338]}
    assert shapely_geometry.shape(lacolle["geometry"]).x == -73.36585
    assert lacolle["properties"] == {
        "iri": PLACE + "lacolle", "label": "Lacolle", "class": "Settlement",
        "geonames": "https://sws.geonames.org/6035592/", "same_as": ["https://sws.geonames.org/6035592/"],
        "documents": 1, "mentions": 1, "linked_entities": 1, "linked_names": "Lacolle Border Office",
        "entities": [{"iri": ORG + "lacolle-border-office", "label": "Lacolle Border Office",
                      "class": "GovernmentAgency", "relation": "headquarters"}],
    }


def test_geojson_reads_back_in_gdal_and_follows_the_class_filter(store: KgStore, tmp_path: Path):
    (path,) = export(store, "geojson", tmp_path / "cities.geojson", classes=["Settlement"])
    info = pyogrio.read_info(path)
    assert (info["features"], info["geometry_type"], info["crs"]) == (2, "Point", "EPSG:4326")
    (none,) = export(store, "geojson", tmp_path / "none.geojson", classes=["Country"])
    assert json.loads(none.read_text(encoding="utf-8")) == {"type": "FeatureCollection", "features": []}
