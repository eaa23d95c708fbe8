"""d3 node-link JSON."""

from pathlib import Path
from typing import IO

import networkx as nx

from ._text import clean_view
from .cyjs import _dump


def write_node_link(G: nx.MultiDiGraph, out: Path | IO[str]) -> None:
    """Write the entity view as node-link JSON (`nx.node_link_data(G, edges="edges")`), with only
    the characters XML 1.0 allows, as in every view export.

    Examples
    --------
    >>> write_node_link(entity_view(store), Path("graph.json"))  # doctest: +SKIP
    """
    _dump(nx.node_link_data(clean_view(G), edges="edges"), out)
