from concurrent.futures import ThreadPoolExecutor

import pyoxigraph as ox

from builder.store import KgStore
from builder.store.ahead import QueriesAhead

NAMES = "SELECT ?s ?name WHERE { GRAPH ?g { ?s <https://w3id.org/newskg/ontology#name> ?name } } ORDER BY ?s"


def test_queries_read_ahead_give_the_store_rows():
    store = KgStore(None)
    name = ox.NamedNode("https://w3id.org/newskg/doc/1.txt")
    store.oxigraph.add(ox.Quad(name, ox.NamedNode("https://w3id.org/newskg/ontology#name"), ox.Literal("one"), name))
    with ThreadPoolExecutor(1) as pool:
        ahead = QueriesAhead(store, [NAMES], pool)
        rows = ahead.solutions(NAMES)
        assert [(r["s"], r["name"]) for r in rows] == [(name, ox.Literal("one"))]
        assert [(r["s"], r["name"]) for r in ahead.solutions(NAMES)] == [(name, ox.Literal("one"))]  # asked again
        assert ahead.quad_count() == 1  # a query not read ahead goes to the store
