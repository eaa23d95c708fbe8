"""nodes.csv and edges.csv, the two tables of Gephi's spreadsheet import."""

import csv
from pathlib import Path

import networkx as nx

from ._attrs import scalar

NODE_COLUMNS = ["Id", "Label", "Class", "AltLabels", "Documents", "Mentions"]
EDGE_COLUMNS = ["Source", "Target", "Type", "Label", "Property", "Confidence", "Support", "Sentence", "Documents"]


def write_csv(G: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write nodes.csv and edges.csv into `folder`; RETURNS their paths.

    Examples
    --------
    >>> write_csv(entity_view(store), Path("output"))  # doctest: +SKIP
    """
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    with nodes.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(NODE_COLUMNS)
        for n, d in G.nodes(data=True):
            writer.writerow([n, d["label"], d["cls"], scalar(d["alt_labels"]), d["documents"], d["mentions"]])
    with edges.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(EDGE_COLUMNS)
        for s, o, k, d in G.edges(keys=True, data=True):
            confidence = d.get("confidence")
            writer.writerow([s, o, "Directed", k, d.get("property", k), "" if confidence is None else confidence,
                             d.get("support", 0), d.get("sentence", ""), scalar(d.get("documents", []))])
    return [nodes, edges]
