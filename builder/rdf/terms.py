"""RDF terms between rdflib and pyoxigraph: kg maps and stores with pyoxigraph terms and
hands rdflib terms to its API users and tests."""

import pyoxigraph as ox
from rdflib import XSD, BNode, Literal, URIRef
from rdflib.term import Node

OxTerm = ox.NamedNode | ox.BlankNode | ox.Literal
_XSD_STRING = str(XSD.string)


def ox_term(term: Node) -> OxTerm:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, Literal):
        datatype = ox.NamedNode(term.datatype) if term.datatype else None
        return ox.Literal(str(term), language=term.language, datatype=datatype)
    if isinstance(term, URIRef):
        return ox.NamedNode(term)
    return ox.BlankNode(str(term))


def rdflib_term(term: OxTerm) -> Node:
    """A pyoxigraph term as an rdflib term (a plain literal for xsd:string, as rdflib reads one)."""
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        datatype = term.datatype.value
        return Literal(term.value, datatype=None if datatype == _XSD_STRING else datatype)
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    return BNode(term.value)
