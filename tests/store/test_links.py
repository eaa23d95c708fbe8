"""The user's own identifiers: link files read (and refused) line by line, entities matched,
links stored in kggraph:links and stated in the entities graph, kept across refreshes."""

from pathlib import Path

import pytest
from rdflib import URIRef

from builder.errors import InputError
from builder.rdf.mapping import NamedGraph, link_iri
from builder.rdf.namespace import ENTITY_GRAPH, KG, LINKS_GRAPH
from builder.store import KgStore
from builder.store.links import EntityNames, LinkEntry, link_store, match_links, read_links

PERSON = "https://w3id.org/newskg/id/person/"
ORG = "https://w3id.org/newskg/id/organization/"
PLACE = "https://w3id.org/newskg/id/place/"


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_csv_with_a_header_in_any_order(tmp_path: Path):
    path = write(tmp_path, "ids.csv", "IRI,Name,Alternative names,Class\n"
                 "https://example.org/p/1,Ralph Goodale,Goodale|R. Goodale,Person\n"
                 "https://example.org/o/1,Royal Canadian Mounted Police,RCMP;GRC,kg:GovernmentAgency\n")
    assert read_links(path) == [
        LinkEntry("https://example.org/p/1", "Ralph Goodale", "Person", ["Goodale", "R. Goodale"], 2),
        LinkEntry("https://example.org/o/1", "Royal Canadian Mounted Police", "GovernmentAgency", ["RCMP", "GRC"], 3),
    ]


def test_tsv_without_a_header_is_name_class_iri_alternatives(tmp_path: Path):
    path = write(tmp_path, "ids.tsv", "# my authority file\n\nLacolle\t\thttps://example.org/pl/7\n"
                 "Quebec\tAdministrativeArea\thttps://example.org/pl/8\tQue.|Québec\n")
    assert read_links(path) == [
        LinkEntry("https://example.org/pl/7", "Lacolle", None, [], 3),
        LinkEntry("https://example.org/pl/8", "Quebec", "AdministrativeArea", ["Que.", "Québec"], 4),
    ]


def test_rows_with_the_same_iri_merge(tmp_path: Path):
    path = write(tmp_path, "ids.csv", "Ralph Goodale,Person,https://example.org/p/1,\n"
                 "Goodale,,https://example.org/p/1,Ralph E. Goodale\n")
    (entry,) = read_links(path)
    assert entry.names == ["Ralph Goodale", "Goodale", "Ralph E. Goodale"]


def test_rdf_file_gives_labels_alternative_labels_and_known_classes(tmp_path: Path):
    path = write(tmp_path, "ids.ttl", """
        @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
        @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        @prefix schema: <https://schema.org/> .
        <https://example.org/p/1> a schema:Person ; rdfs:label "Ralph Goodale"@en ; skos:altLabel "Goodale" .
        <https://example.org/o/1> a <https://w3id.org/newskg/ontology#GovernmentAgency> ;
            skos:prefLabel "Royal Canadian Mounted Police" ; skos:altLabel "RCMP" .
        <https://example.org/x> a schema:Thing ; rdfs:label "Something" .
        <https://example.org/nolabel> a schema:Person .
    """)
    assert read_links(path) == [
        LinkEntry("https://example.org/o/1", "Royal Canadian Mounted Police", "GovernmentAgency", ["RCMP"]),
        LinkEntry("https://example.org/p/1", "Ralph Goodale", "Person", ["Goodale"]),
        LinkEntry("https://example.org/x", "Something", None, []),
    ]


@pytest.mark.parametrize(("name", "text", "message"), [
    ("ids.csv", "Ralph Goodale,Person,,\n",
     "ids.csv, line 1: no IRI (column 3). Give name, class, IRI and alternative names on each line; "
     "class and alternative names may be empty."),
    ("ids.csv", "name,class,iri\n,Person,https://example.org/p/1\n",
     "ids.csv, line 2: no name (column 1). Give name, class, IRI and alternative names on each line; "
     "class and alternative names may be empty."),
    ("ids.csv", "Ralph Goodale,Person,people/1,\n",
     "ids.csv, line 1: 'people/1' is not an absolute IRI. Write the full identifier (https://...), without "
     "spaces or any of <>\"{}|\\^`."),
    ("ids.csv", "Ralph Goodale,Person,https://example.org/a b,\n",
     "ids.csv, line 1: 'https://example.org/a b' is not an absolute IRI. Write the full identifier "
     "(https://...), without spaces or any of <>\"{}|\\^`."),
    ("ids.csv", "Ralph Goodale,Politician,https://example.org/p/1,\n",
     "ids.csv, line 1: unknown class 'Politician'. Use one of AdministrativeArea, Agreement, BorderCrossing, "
     "Country, Entity, Facility, GovernmentAgency, InternationalOrganization, LabourUnion, NewsOrganization, "
     "Organization, Person, Place, Road, Settlement, or leave the class empty."),
    ("ids.csv", "\n# nothing\n",
     "ids.csv: the link file holds no identifiers. Give one per line: name, class, IRI, alternative names "
     "(CSV or TSV), or IRIs with an rdfs:label (RDF)."),
    ("ids.ttl", "<https://example.org/p/1> <http://www.w3.org/2000/01/rdf-schema#label> \"Ralph\n",
     None),
])
def test_a_bad_link_file_is_one_line_naming_the_file_and_what_to_do(tmp_path: Path, name: str, text: str,
                                                                      message: str | None):
    path = write(tmp_path, name, text)
    with pytest.raises(InputError) as error:
        read_links(path)
    line = str(error.value)
    assert "\n" not in line and line.startswith(str(path))
    if message is None:
        assert line.startswith(f"{path}: can't read the file as turtle (") and line.endswith(
            "Fix it, or give the identifiers as CSV or TSV (name, class, IRI, alternative names).")
    else:
        assert line == f"{tmp_path}/{message}"


def test_a_missing_link_file_and_one_that_is_not_utf8(tmp_path: Path):
    with pytest.raises(InputError, match=r"ids\.csv: no such link file\. Give --link a CSV, TSV or RDF file"):
        read_links(tmp_path / "ids.csv")
    (tmp_path / "latin.csv").write_bytes("Québec,,https://example.org/q,\n".encode("latin-1"))
    with pytest.raises(InputError, match=r"latin\.csv: can't decode the text: not UTF-8 at byte 2\. Save it as UTF-8\."):
        read_links(tmp_path / "latin.csv")


ENTITIES = {
    URIRef(PERSON + "ralph-goodale"): EntityNames("Person", "Ralph Goodale", frozenset({"Goodale"})),
    URIRef(ORG + "royal-canadian-mounted-police"): EntityNames("GovernmentAgency", "Royal Canadian Mounted Police",
                                                               frozenset({"RCMP"})),
    URIRef(PLACE + "quebec"): EntityNames("AdministrativeArea", "Quebec", frozenset({"Que."})),
    URIRef(PERSON + "marie-tremblay"): EntityNames("Person", "Marie Tremblay", frozenset({"Tremblay"})),
    URIRef(PERSON + "luc-tremblay"): EntityNames("Person", "Luc Tremblay", frozenset({"Tremblay"})),
}


def test_an_entity_matches_by_name_and_class_case_and_accents_aside():
    entries = [LinkEntry("https://example.org/p/1", "ralph goodale", "Person"),
               LinkEntry("https://example.org/o/1", "RCMP", "Organization"),  # a GovernmentAgency is an Organization
               LinkEntry("https://example.org/pl/1", "Québec", "Person")]  # not a person
    links, ambiguous = match_links(ENTITIES, entries)
    assert {e: entry.iri for e, entry in links.items()} == {
        URIRef(PERSON + "ralph-goodale"): "https://example.org/p/1",
        URIRef(ORG + "royal-canadian-mounted-police"): "https://example.org/o/1",
    }
    assert ambiguous == []


def test_ambiguous_matches_are_left_alone_and_listed():
    entries = [LinkEntry("https://example.org/t", "Tremblay"),  # two people of the store are "Tremblay"
               LinkEntry("https://example.org/q1", "Quebec"),
               LinkEntry("https://example.org/q2", "Province of Quebec", None, ["Quebec"])]
    links, ambiguous = match_links(ENTITIES, entries)
    assert links == {}
    assert ambiguous == [
        "Quebec (https://w3id.org/newskg/id/place/quebec) matches 2 identifiers: https://example.org/q1, "
        "https://example.org/q2",
        "https://example.org/t matches 2 entities: Luc Tremblay (https://w3id.org/newskg/id/person/luc-tremblay), "
        "Marie Tremblay (https://w3id.org/newskg/id/person/marie-tremblay)",
    ]


def test_a_label_match_comes_before_an_alternative_name():
    entries = [LinkEntry("https://example.org/q1", "Quebec"), LinkEntry("https://example.org/q2", "Que.")]
    links, ambiguous = match_links({URIRef(PLACE + "quebec"): ENTITIES[URIRef(PLACE + "quebec")]}, entries)
    assert ambiguous == [] and links[URIRef(PLACE + "quebec")].iri == "https://example.org/q1"


def document(doc: str, *mentions: tuple[str, str, str]) -> NamedGraph:
    """A minimal document graph: mentions (entity IRI, class, surface form)."""
    from rdflib import RDF, Graph, Literal

    iri = URIRef(f"https://w3id.org/newskg/doc/{doc}")
    g = Graph(identifier=iri)
    g.add((iri, RDF.type, KG.Document))
    for n, (entity, cls, form) in enumerate(mentions):
        m = URIRef(f"{iri}#m-{n}-{n + 1}")
        g.add((iri, KG.mentions, URIRef(entity)))
        g.add((m, RDF.type, KG.Mention))
        g.add((m, KG.refersTo, URIRef(entity)))
        g.add((m, KG.entityClass, KG[cls]))
        g.add((m, KG.surfaceForm, Literal(form)))
    return NamedGraph.of(g)


def entity_rows(store: KgStore, entity: str) -> set[tuple[str, str]]:
    return {(r["p"].value, r["o"].value) for r in store.solutions(
        f"SELECT ?p ?o WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ <{entity}> ?p ?o }} }}")}


OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ALT = "http://www.w3.org/2004/02/skos/core#altLabel"


def test_link_store_states_the_links_and_keeps_them_across_refreshes():
    store = KgStore(None)
    goodale = PERSON + "ralph-goodale"
    store.replace_graph(document("a.txt", (goodale, "Person", "Ralph Goodale"), (goodale, "Person", "Goodale"),
                                 (PLACE + "quebec", "AdministrativeArea", "Quebec")))
    store.refresh_entities()
    report = link_store(store, [LinkEntry("https://example.org/p/1", "Goodale, Ralph", "Person", ["Ralph Goodale"])],
                        source="ids.csv")
    assert (report.linked, report.ambiguous) == (1, [])
    rows = entity_rows(store, goodale)
    assert {(LABEL, "Goodale, Ralph"), (ALT, "Ralph Goodale"), (ALT, "Goodale"),
            (OWL_SAME_AS, "https://example.org/p/1"), ("https://schema.org/sameAs", "https://example.org/p/1")} <= rows
    link = link_iri(URIRef(goodale), URIRef("https://example.org/p/1"))
    links_graph = {(r["s"].value, r["p"].value, r["o"].value) for r in store.solutions(
        f"SELECT ?s ?p ?o WHERE {{ GRAPH <{LINKS_GRAPH}> {{ ?s ?p ?o }} }}")}
    assert (str(link), "http://www.w3.org/1999/02/22-rdf-syntax-ns#subject", goodale) in links_graph
    assert (str(link), str(KG.extractedBy), "https://w3id.org/newskg/rule/link-authority") in links_graph
    # Another document mentions him: his description is recomputed and keeps the user's link and name.
    store.replace_graph(document("b.txt", (goodale, "Person", "Goodale")))
    store.refresh_entities()
    assert entity_rows(store, goodale) == rows
    store.refresh_entities(full=True)
    assert entity_rows(store, goodale) == rows
    # A later --link replaces the links: he is no longer linked, his label is kg's again.
    link_store(store, [LinkEntry("https://example.org/pl/1", "Quebec")])
    assert OWL_SAME_AS not in {p for p, _ in entity_rows(store, goodale)}
    assert (LABEL, "Ralph Goodale") in entity_rows(store, goodale)
    assert (OWL_SAME_AS, "https://example.org/pl/1") in entity_rows(store, PLACE + "quebec")


def test_incremental_refresh_equals_a_full_one_with_places_and_links():
    store = KgStore(None)
    store.replace_graph(document("a.txt", (PLACE + "lacolle", "Settlement", "Lacolle"),
                                 (PLACE + "canada", "Country", "Canada")))
    store.replace_graph(document("b.txt", (PLACE + "paris", "Settlement", "Paris"),
                                 (PLACE + "texas", "AdministrativeArea", "Texas")))
    store.replace_graph(document("c.txt", (PLACE + "paris", "Settlement", "Paris")))
    store.refresh_entities()
    link_store(store, [LinkEntry("https://example.org/pl/1", "Canada", "Country")])

    def entities() -> set[tuple[str, str, str]]:
        return {(r["s"].value, r["p"].value, r["o"].value) for r in store.solutions(
            f"SELECT ?s ?p ?o WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} }}")}

    incremental = entities()
    store.refresh_entities(full=True)
    assert entities() == incremental
    same_as = {(s, o) for s, p, o in incremental if p == OWL_SAME_AS}
    assert same_as == {(PLACE + "lacolle", "https://sws.geonames.org/6035592/"),
                       (PLACE + "canada", "https://sws.geonames.org/6251999/"),
                       (PLACE + "canada", "https://example.org/pl/1"),
                       (PLACE + "texas", "https://sws.geonames.org/4736286/"),
                       (PLACE + "paris", "https://sws.geonames.org/4717560/")}  # b.txt names Texas, c.txt no place
    # A document that puts Paris in Canada (Paris, Ontario) disagrees: Paris is left unlinked.
    store.replace_graph(document("d.txt", (PLACE + "paris", "Settlement", "Paris"), (PLACE + "canada", "Country", "Canada")))
    store.refresh_entities()
    assert (PLACE + "paris", "https://sws.geonames.org/4717560/") not in {(s, o) for s, p, o in entities()}
    store.remove_documents(["d.txt"])
    assert (PLACE + "paris", "https://sws.geonames.org/4717560/") in {(s, o) for s, p, o in entities()}
    # Removing the document that decided Paris leaves it unlinked; its geometry and link go with it.
    store.remove_documents(["b.txt"])
    assert {(s, o) for s, p, o in entities() if p == OWL_SAME_AS} == {
        (PLACE + "lacolle", "https://sws.geonames.org/6035592/"), (PLACE + "canada", "https://sws.geonames.org/6251999/"),
        (PLACE + "canada", "https://example.org/pl/1")}
    assert not any(s.startswith(PLACE + "paris#") or s.startswith(PLACE + "texas") for s, _, _ in entities())


def test_links_follow_an_entity_that_cross_document_resolution_merges():
    """"Que." alone in one document is the Quebec another names in full (link-alias-corpus): the
    entity it joins keeps its GeoNames link and the user's; the short one leaves nothing behind.
    (The two documents share no context but a place: built as one story.)"""
    from builder.store.resolve import resolve_store

    store = KgStore(None)
    quebec, que = PLACE + "quebec", PLACE + "que"
    store.replace_graph(document("a.txt", (quebec, "AdministrativeArea", "Quebec"), (quebec, "AdministrativeArea", "Que."),
                                 (PLACE + "canada", "Country", "Canada")))
    store.replace_graph(document("b.txt", (que, "AdministrativeArea", "Que.")))
    store.refresh_entities()
    link_store(store, [LinkEntry("https://example.org/pl/qc", "Quebec", "AdministrativeArea")])
    assert resolve_store(store) == 0
    assert resolve_store(store, one_story=True) == 1
    store.refresh_entities()
    rows = entity_rows(store, quebec)
    assert (OWL_SAME_AS, "https://sws.geonames.org/6115047/") in rows
    assert (OWL_SAME_AS, "https://example.org/pl/qc") in rows
    leftovers = {r["s"].value for r in store.solutions(
        f"SELECT ?s WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?s ?p ?o }} "
        f"FILTER(?s = <{que}> || STRSTARTS(STR(?s), '{que}#')) }}")}
    assert leftovers == set()
