"""Summary counts of the stored graph: entities by class, relations by property, hubs, documents."""

from collections import Counter
from dataclasses import dataclass, field

from ..rdf.namespace import KG
from ..store import Store
from .entity_view import entity_view

_DOCUMENTS = f"SELECT (COUNT(DISTINCT ?d) AS ?n) WHERE {{ GRAPH ?d {{ ?d a <{KG.Document}> }} }}"


@dataclass
class GraphStats:
    documents: int = 0
    entities_by_class: dict[str, int] = field(default_factory=dict)
    relations_by_property: dict[str, int] = field(default_factory=dict)
    most_connected: list[tuple[str, str, str, int]] = field(default_factory=list)  # (iri, label, class, degree)


def graph_stats(store: Store, *, top: int = 10) -> GraphStats:
    """Counts of the entity view and the documents of the store.

    top (int): How many of the most connected entities to list.
    RETURNS (GraphStats): The counts.
    """
    G = entity_view(store)
    documents = int(next(iter(store.solutions(_DOCUMENTS)))["n"].value)
    by_degree = sorted(G.degree(), key=lambda nd: (-nd[1], G.nodes[nd[0]]["label"]))[:top]
    return GraphStats(
        documents=documents,
        entities_by_class=dict(Counter(cls for _, cls in G.nodes(data="cls"))),
        relations_by_property=dict(Counter(k for _, _, k in G.edges(keys=True))),
        most_connected=[(n, G.nodes[n]["label"], G.nodes[n]["cls"], d) for n, d in by_degree if d],
    )
