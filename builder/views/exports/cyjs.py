"""Cytoscape.js JSON (also opened by Cytoscape desktop: File > Import > Network from File)."""

import json
from pathlib import Path
from typing import IO

import networkx as nx

from ._attrs import hex_color
from ._text import clean_view


def edge_id(source: str, key: str, target: str) -> str:
    """The id of one relation: subject, property and object."""
    return f"{source} {key} {target}"


def cyjs_data(G: nx.MultiDiGraph) -> dict:
    """The entity view as Cytoscape.js elements: {"elements": {"nodes": [...], "edges": [...]}}.

    Also what `nx.cytoscape_graph` reads: "directed" and "multigraph" flags, node "value",
    edge "key". Texts hold only the characters XML 1.0 allows, as in every view export.
    """
    G = clean_view(G)
    nodes = [{"data": {"id": n, "value": n, "name": d["label"], **d, "color": hex_color(d["cls"])}}
             for n, d in G.nodes(data=True)]
    edges = [{"data": {"id": edge_id(s, k, o), "source": s, "target": o, "interaction": k, "key": k, **d}}
             for s, o, k, d in G.edges(keys=True, data=True)]
    return {"data": {"name": "kg entity view"}, "directed": True, "multigraph": True,
            "elements": {"nodes": nodes, "edges": edges}}


def write_cyjs(G: nx.MultiDiGraph, out: Path | IO[str]) -> None:
    """Write the entity view as Cytoscape.js JSON.

    Examples
    --------
    >>> write_cyjs(entity_view(store), Path("graph.cyjs"))  # doctest: +SKIP
    """
    _dump(cyjs_data(G), out)


def _dump(data: dict, out: Path | IO[str]) -> None:
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
    else:
        json.dump(data, out, ensure_ascii=False, indent=1)
