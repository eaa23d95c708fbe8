"""From extraction records to RDF: the vocabulary (`namespace`, generated terms checked
against `ontology/kg.ttl`), IRIs (`iri`), the mapping of one document's records to quads
and of the entities' mentions to the entities graph (`mapping`), and the ontology files
(`ontology`)."""

from .iri import document_iri, entity_iri
from .mapping import NamedGraph, document_quads, entity_graph
from .namespace import ENTITY_GRAPH, KG, PREFIXES, SCHEMA
from .ontology import ontology_graph, shapes_graph

__all__ = ["ENTITY_GRAPH", "KG", "NamedGraph", "PREFIXES", "SCHEMA", "document_iri", "document_quads",
           "entity_graph", "entity_iri", "ontology_graph", "shapes_graph"]
