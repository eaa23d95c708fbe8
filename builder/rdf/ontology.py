"""The kg ontology, its alignments and its SHACL shapes, as rdflib graphs."""

from rdflib import Graph, Namespace, URIRef
from rdflib.namespace import SKOS

from ..resources import ontology_dir
from .namespace import KG

WD = Namespace("http://www.wikidata.org/entity/")
ONTOLOGY_FILES = ("kg.ttl", "alignments.ttl")
SHAPES_FILE = "shapes.ttl"


def ontology_graph() -> Graph:
    """RETURNS (Graph): The ontology (kg.ttl) and its alignments (alignments.ttl) together."""
    graph = Graph()
    for name in ONTOLOGY_FILES:
        graph.parse(ontology_dir() / name, format="turtle")
    return graph


def shapes_graph() -> Graph:
    """RETURNS (Graph): The SHACL shapes (shapes.ttl)."""
    return Graph().parse(ontology_dir() / SHAPES_FILE, format="turtle")


def wikidata_properties() -> dict[URIRef, frozenset[str]]:
    """RETURNS (dict): Each kg property with a Wikidata counterpart -> its P ids ("P108")."""
    return _wikidata_ids("P")


def wikidata_classes() -> dict[URIRef, frozenset[str]]:
    """RETURNS (dict): Each kg class with a Wikidata counterpart -> its Q ids ("Q5")."""
    return _wikidata_ids("Q")


def _wikidata_ids(kind: str) -> dict[URIRef, frozenset[str]]:
    """Read the skos:exactMatch and skos:closeMatch links from kg terms to Wikidata.

    kind (str): "P" for properties, "Q" for items.
    RETURNS (dict): kg term -> Wikidata ids of that kind.
    """
    graph = ontology_graph()
    ids: dict[URIRef, set[str]] = {}
    for predicate in (SKOS.exactMatch, SKOS.closeMatch):
        for term, target in graph.subject_objects(predicate):
            if not (term in KG and str(target).startswith(WD)):
                continue
            wikidata_id = str(target).removeprefix(WD)
            if wikidata_id.startswith(kind):
                ids.setdefault(term, set()).add(wikidata_id)
    return {term: frozenset(found) for term, found in ids.items()}
