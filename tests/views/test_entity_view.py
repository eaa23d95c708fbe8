"""The entity view of tests/fixtures/small.trig, checked against the hand-written fixture."""

import pytest

from builder.views.entity_view import entity_view
from builder.errors import InputError

from fixture_iris import ACCORD, AGENCY, DOC_A, DOC_B, ERIKSEN, HOLT, NORLAND, PORT_ALDER, UNION, WESTMARK


def test_nodes_are_the_entities_with_names_class_and_counts(small_store):
    G = entity_view(small_store)
    assert set(G) == {HOLT, ERIKSEN, AGENCY, UNION, ACCORD, NORLAND, WESTMARK, PORT_ALDER}
    assert G.nodes[HOLT] == {"label": "Maren Holt", "cls": "Person", "alt_labels": ["Holt"],
                             "documents": 1, "mentions": 2}
    # a.txt types the union as Organization; the entities graph decides.
    assert G.nodes[UNION]["cls"] == "LabourUnion"
    assert G.nodes[UNION]["documents"] == 2
    assert G.nodes[UNION]["mentions"] == 4


def test_edges_are_typed_relations_with_their_evidence(small_store):
    G = entity_view(small_store)
    assert G.number_of_edges() == 10
    assert set(G[ERIKSEN][UNION]) == {"spokespersonFor", "employer"}
    head = G.edges[HOLT, AGENCY, "headOf"]
    assert head["property"] == "headOf"
    assert head["confidence"] == 0.9
    assert head["support"] == 1
    assert head["sentence"].startswith("Maren Holt, commissioner of the Norland Border Services Agency")
    assert head["documents"] == [DOC_A]
    # Both documents say Westmark is in Norland: one edge, two statements, best confidence.
    located = G.edges[WESTMARK, NORLAND, "locatedIn"]
    assert located["support"] == 2
    assert located["confidence"] == 0.8
    assert located["documents"] == [DOC_A, DOC_B]
    # Datatype properties (jobTitle) are not edges.
    assert all(k != "jobTitle" for _, _, k in G.edges(keys=True))


def test_class_filter_keeps_subclasses(small_store):
    G = entity_view(small_store, classes=["Organization"])
    assert set(G) == {AGENCY, UNION}
    G = entity_view(small_store, classes=["Person", "Place"])
    assert set(G) == {HOLT, ERIKSEN, NORLAND, WESTMARK, PORT_ALDER}
    assert G.number_of_edges() == 2


def test_property_and_confidence_filters(small_store):
    G = entity_view(small_store, properties=["locatedIn"])
    assert {k for _, _, k in G.edges(keys=True)} == {"locatedIn"}
    assert G.number_of_edges() == 2
    G = entity_view(small_store, min_confidence=0.85)
    assert sorted(G.edges(keys=True)) == sorted([(HOLT, AGENCY, "headOf"), (ERIKSEN, UNION, "spokespersonFor")])


def test_min_mentions_drops_rare_entities(small_store):
    G = entity_view(small_store, min_mentions=3)
    assert set(G) == {ERIKSEN, UNION, ACCORD, NORLAND, WESTMARK}


def test_around_takes_the_neighbourhood_by_label_or_alternative_name(small_store):
    assert set(entity_view(small_store, around="Eriksen")) == {ERIKSEN, UNION}
    G = entity_view(small_store, around="maren  holt", depth=2)
    assert set(G) == {HOLT, AGENCY, NORLAND, ACCORD}
    # Direction is ignored: Norland has only incoming edges.
    assert set(entity_view(small_store, around="Norland")) == {NORLAND, WESTMARK, AGENCY}


@pytest.mark.parametrize("kwargs", [{"around": "Nobody"}, {"classes": ["Persn"]}, {"properties": ["jobTitle"]}])
def test_bad_filters_are_input_errors(small_store, kwargs):
    with pytest.raises(InputError):
        entity_view(small_store, **kwargs)


def test_provenance_adds_documents_and_quotations(small_store):
    G = entity_view(small_store, include_provenance=True)
    assert G.nodes[DOC_A]["cls"] == "Document"
    assert G.nodes[DOC_A]["label"] == "a.txt"
    assert G.has_edge(DOC_B, ERIKSEN, "mentions")
    quotations = [n for n, cls in G.nodes(data="cls") if cls == "Quotation"]
    assert len(quotations) == 2
    assert {next(iter(G[q])) for q in quotations} == {HOLT, ERIKSEN}
    assert entity_view(small_store).number_of_nodes() == 8
