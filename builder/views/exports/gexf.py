"""GEXF, for Gephi, with node colours by class."""

from pathlib import Path
from typing import IO

import networkx as nx

from ._attrs import color, scalar_graph


def write_gexf(G: nx.MultiDiGraph, out: Path | IO[bytes]) -> None:
    """Write the entity view as GEXF 1.2 with a viz colour per class (lists joined with '|').

    Examples
    --------
    >>> write_gexf(entity_view(store), Path("graph.gexf"))  # doctest: +SKIP
    """
    H = scalar_graph(G)
    for _, data in H.nodes(data=True):
        r, g, b = color(data.get("cls", ""))
        data["viz"] = {"color": {"r": r, "g": g, "b": b, "a": 1.0}}
    for s, o, key, data in H.edges(keys=True, data=True):
        data["id"] = f"{s} {key} {o}"
        data["label"] = key
    nx.write_gexf(H, out, encoding="utf-8", prettyprint=True)
