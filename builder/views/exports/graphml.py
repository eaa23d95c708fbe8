"""GraphML, for yEd, Cytoscape and Gephi."""

from pathlib import Path
from typing import IO

import networkx as nx

from ._attrs import scalar_graph


def write_graphml(G: nx.MultiDiGraph, out: Path | IO[bytes]) -> None:
    """Write the entity view as GraphML (lists joined with '|').

    Examples
    --------
    >>> write_graphml(entity_view(store), Path("graph.graphml"))  # doctest: +SKIP
    """
    H = scalar_graph(G)
    for _, data in H.nodes(data=True):
        data.setdefault("alt_labels", "")
    nx.write_graphml(H, out, encoding="utf-8", prettyprint=True, named_key_ids=False)
