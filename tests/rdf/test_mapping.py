from collections import Counter
from datetime import datetime, timezone

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from builder.rdf.mapping import document_graph, entity_graph, preferred_label
from builder.rdf.namespace import KG, SCHEMA
from builder.extraction.records import Entity, Extraction, Quote, Relation, Span
from builder.sources import SourceDocument

PREFIXES = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix person: <https://w3id.org/newskg/id/person/> .
@prefix org: <https://w3id.org/newskg/id/organization/> .
@prefix kgrule: <https://w3id.org/newskg/rule/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix d: <https://w3id.org/newskg/doc/news/a.txt#> .
"""

TEXT = 'Ann Lee, spokesperson for Acme Union, said "we are ready now."'


def assert_isomorphic(actual: Graph, expected_turtle: str) -> None:
    expected = Graph().parse(data=PREFIXES + expected_turtle, format="turtle")
    if not isomorphic(actual, expected):
        _, only_actual, only_expected = graph_diff(to_isomorphic(actual), to_isomorphic(expected))
        raise AssertionError(
            "graphs differ\nonly in actual:\n" + only_actual.serialize(format="nt")
            + "\nonly in expected:\n" + only_expected.serialize(format="nt")
        )


def test_document_graph_writes_mentions_relations_and_quotes_with_evidence():
    source = SourceDocument("news/a.txt", "a.txt", TEXT, "sha256:00")
    sentence = Span(0, len(TEXT), TEXT)
    extraction = Extraction(
        entities=[
            Entity("person/ann-lee", "Ann Lee", "Person", [Span(0, 7, "Ann Lee")]),
            Entity("organization/acme-union", "Acme Union", "LabourUnion", [Span(26, 36, "Acme Union")]),
        ],
        relations=[
            Relation("person/ann-lee", "spokespersonFor", "organization/acme-union", sentence,
                     "appos-title", 0.9, Span(0, 7, "Ann Lee"), Span(26, 36, "Acme Union")),
            Relation("person/ann-lee", "jobTitle", "spokesperson", sentence, "appos-title", 0.9,
                     Span(0, 7, "Ann Lee"), None, literal=True),
        ],
        quotes=[Quote(Span(44, 61, "we are ready now."), "person/ann-lee", sentence, "quote-named-speaker", 0.9)],
    )
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
    graph = document_graph(source, extraction, pipeline="test 1.0", processed_at=when)
    assert graph.identifier == URIRef("https://w3id.org/newskg/doc/news/a.txt")
    sentence_lit = '"Ann Lee, spokesperson for Acme Union, said \\"we are ready now.\\""'
    # The statement and role IRIs are written out: sha1 of what each states and where, so a
    # change to how they are minted shows here (stored graphs keep their IRIs across versions).
    assert_isomorphic(graph, f"""
<https://w3id.org/newskg/doc/news/a.txt> a kg:Document ; schema:name "a.txt" ;
    kg:contentHash "sha256:00" ; kg:pipeline "test 1.0" ;
    kg:processedAt "2026-01-02T03:04:05+00:00"^^xsd:dateTime ;
    kg:mentions person:ann-lee, org:acme-union .
person:ann-lee kg:spokespersonFor org:acme-union ;
    kg:jobTitle "spokesperson" .
d:m-0-7 a kg:Mention ; kg:refersTo person:ann-lee ; kg:entityClass kg:Person ; kg:surfaceForm "Ann Lee" ;
    kg:inDocument <https://w3id.org/newskg/doc/news/a.txt> ; kg:startOffset 0 ; kg:endOffset 7 .
d:m-26-36 a kg:Mention ; kg:refersTo org:acme-union ; kg:entityClass kg:LabourUnion ; kg:surfaceForm "Acme Union" ;
    kg:inDocument <https://w3id.org/newskg/doc/news/a.txt> ; kg:startOffset 26 ; kg:endOffset 36 .
d:r-2051894dddd10bdb a rdf:Statement, kg:Assertion ; rdf:subject person:ann-lee ;
    rdf:predicate kg:spokespersonFor ; rdf:object org:acme-union ;
    kg:inDocument <https://w3id.org/newskg/doc/news/a.txt> ; kg:evidenceText {sentence_lit} ;
    kg:startOffset 0 ; kg:endOffset 62 ; kg:confidence 0.90 ; kg:extractedBy kgrule:appos-title ;
    kg:subjectMention d:m-0-7 ; kg:objectMention d:m-26-36 .
d:r-953c124fd9fb4d6a a rdf:Statement, kg:Assertion ; rdf:subject person:ann-lee ;
    rdf:predicate kg:jobTitle ; rdf:object "spokesperson" ;
    kg:inDocument <https://w3id.org/newskg/doc/news/a.txt> ; kg:evidenceText {sentence_lit} ;
    kg:startOffset 0 ; kg:endOffset 62 ; kg:confidence 0.90 ; kg:extractedBy kgrule:appos-title ;
    kg:subjectMention d:m-0-7 .
d:role-a13e87570eeb2889 a kg:Role ; kg:roleHolder person:ann-lee ; kg:roleTitle "spokesperson" ;
    kg:roleOrganization org:acme-union ;
    kg:inDocument <https://w3id.org/newskg/doc/news/a.txt> ; kg:evidenceText {sentence_lit} ;
    kg:startOffset 0 ; kg:endOffset 62 ; kg:confidence 0.90 ; kg:extractedBy kgrule:appos-title .
d:q-44-61 a kg:Quotation ; kg:quoteText "we are ready now." ; kg:speaker person:ann-lee ;
    kg:inDocument <https://w3id.org/newskg/doc/news/a.txt> ; kg:evidenceText {sentence_lit} ;
    kg:startOffset 44 ; kg:endOffset 61 ; kg:confidence 0.90 ; kg:extractedBy kgrule:quote-named-speaker .
kgrule:appos-title a kg:ExtractionRule .
kgrule:quote-named-speaker a kg:ExtractionRule .
""")


def test_entity_graph_picks_class_label_and_alt_labels():
    goodale = URIRef("https://w3id.org/newskg/id/person/ralph-goodale")
    rcmp = URIRef("https://w3id.org/newskg/id/organization/royal-canadian-mounted-police")
    graph = entity_graph([
        (goodale, KG.Person, "Ralph Goodale", 2),
        (goodale, KG.Person, "Goodale", 3),
        (rcmp, KG.Organization, "RCMP", 4),
        (rcmp, KG.GovernmentAgency, "Royal Canadian Mounted Police", 4),
    ])
    assert_isomorphic(graph, """
person:ralph-goodale a kg:Person ; rdfs:label "Ralph Goodale" ; skos:altLabel "Goodale" .
org:royal-canadian-mounted-police a kg:GovernmentAgency ;
    rdfs:label "Royal Canadian Mounted Police" ; skos:altLabel "RCMP" .
""")


def test_preferred_label_prefers_the_form_the_iri_was_minted_from():
    entity = URIRef("https://w3id.org/newskg/id/place/united-states")
    assert preferred_label(entity, Counter({"U.S.": 9, "United States": 1})) == "United States"


@pytest.mark.parametrize("iri,forms,label", [
    ("place/united-states", {"U.S.": 3}, "United States"),
    ("organization/royal-canadian-mounted-police", {"RCMP": 4}, "Royal Canadian Mounted Police"),
    ("organization/rcmp", {"RCMP": 4}, "RCMP"),  # not keyed by the lexicon: the form itself
    ("person/ralph-goodale", {"Goodale": 5, "Ralph Goodale": 1}, "Ralph Goodale"),
])
def test_preferred_label_of_a_short_form_is_the_full_name_the_iri_was_minted_from(iri, forms, label):
    assert preferred_label(URIRef(f"https://w3id.org/newskg/id/{iri}"), Counter(forms)) == label


def test_text_that_rdf_xml_cannot_hold_is_replaced_one_for_one():
    text = "Ann\x00Lee\r\nsaid \x0bhi\ud800."
    source = SourceDocument("news/\udcff.txt", "\udcff.txt", text, "sha256:00")
    extraction = Extraction(
        entities=[Entity("person/ann-lee", "Ann Lee", "Person", [Span(0, 7, text[0:7])])],
        quotes=[Quote(Span(14, 18, text[14:18]), "person/ann-lee", Span(0, len(text), text), "quote-named-speaker", 0.9)],
    )
    graph = document_graph(source, extraction, pipeline="p", processed_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    doc = URIRef("https://w3id.org/newskg/doc/news/%FF.txt")
    mention = URIRef(f"{doc}#m-0-7")
    quotation = URIRef(f"{doc}#q-14-18")
    assert str(graph.value(doc, SCHEMA.name)) == "\ufffd.txt"
    assert str(graph.value(mention, KG.surfaceForm)) == "Ann\ufffdLee"
    assert str(graph.value(quotation, KG.quoteText)) == "\ufffdhi\ufffd"
    assert str(graph.value(quotation, KG.evidenceText)) == "Ann\ufffdLee\n\nsaid \ufffdhi\ufffd."
    assert len(str(graph.value(quotation, KG.evidenceText))) == len(text)
    assert (graph.value(quotation, KG.startOffset).toPython(), graph.value(quotation, KG.endOffset).toPython()) == (14, 18)
