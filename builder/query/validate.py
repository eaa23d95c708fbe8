"""Check kg data against the SHACL shapes, with the ontology's class hierarchy."""

from dataclasses import dataclass
from functools import cache

import pyshacl
from rdflib import ConjunctiveGraph, Graph

from ..rdf.ontology import ontology_graph, shapes_graph


@dataclass(frozen=True)
class ValidationReport:
    """What pyshacl found.

    conforms (bool): Whether the data meets every shape.
    text (str): The report for people.
    graph (Graph): The report as a SHACL validation report graph.
    """

    conforms: bool
    text: str
    graph: Graph


def validate(data: Graph) -> ValidationReport:
    """Validate data against shapes.ttl, with kg.ttl and alignments.ttl mixed in and RDFS inference.

    data (Graph): The data. A Dataset is checked as the union of its graphs, the way kg
        queries it; pyshacl alone would check each named graph apart.
    RETURNS (ValidationReport): The outcome.
    """
    if isinstance(data, ConjunctiveGraph):
        union = Graph()
        union += ((s, p, o) for s, p, o, _ in data.quads())
        data = union
    shapes, ontology = _parsed()
    conforms, graph, text = pyshacl.validate(
        data,
        shacl_graph=_copy(shapes),  # pyshacl adds to the shapes graph it is given
        ont_graph=ontology,
        inference="rdfs",
        advanced=True,
    )
    return ValidationReport(conforms=conforms, text=text, graph=graph)


@cache
def _parsed() -> tuple[Graph, Graph]:
    """RETURNS (tuple): The shapes and the ontology, parsed once a process."""
    return shapes_graph(), ontology_graph()


def _copy(graph: Graph) -> Graph:
    """RETURNS (Graph): A new graph with graph's triples."""
    copy = Graph()
    copy += graph
    return copy
