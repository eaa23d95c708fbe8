"""Graphviz DOT, written by hand so kg needs no pydot or pygraphviz."""

from pathlib import Path
from typing import IO

import networkx as nx

from ._attrs import hex_color, scalar

SHAPES: dict[str, str] = {
    "Person": "ellipse",
    "Agreement": "note",
    "Document": "folder",
    "Quotation": "plaintext",
}
_PLACES = {"Place", "Country", "AdministrativeArea", "Settlement", "Facility", "Road", "BorderCrossing"}


def quote(value: object) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\r", "\n")
    return '"' + text.replace("\n", "\\n") + '"'


def shape(cls: str) -> str:
    """The Graphviz node shape of a class."""
    if cls in SHAPES:
        return SHAPES[cls]
    return "hexagon" if cls in _PLACES else "box"


def _attrs(pairs: dict[str, object]) -> str:
    return ", ".join(f"{k}={quote(v)}" for k, v in pairs.items() if v is not None)


def dot_lines(G: nx.MultiDiGraph) -> list[str]:
    """The DOT text of the entity view, one statement a line."""
    lines = ["digraph kg {", '  graph [overlap="false", charset="UTF-8"];',
             '  node [style="filled", fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize="10"];']
    for n, d in G.nodes(data=True):
        pairs = {"label": d["label"], "shape": shape(d["cls"]), "fillcolor": hex_color(d["cls"]),
                 "tooltip": n, "cls": d["cls"], "alt_labels": scalar(d["alt_labels"]),
                 "documents": d["documents"], "mentions": d["mentions"]}
        lines.append(f"  {quote(n)} [{_attrs(pairs)}];")
    for s, o, k, d in G.edges(keys=True, data=True):
        pairs = {"label": k, "key": k, "confidence": d.get("confidence"), "support": d.get("support"),
                 "tooltip": d.get("sentence") or k, "documents": scalar(d.get("documents", []))}
        lines.append(f"  {quote(s)} -> {quote(o)} [{_attrs(pairs)}];")
    lines.append("}")
    return lines


def write_dot(G: nx.MultiDiGraph, out: Path | IO[str]) -> None:
    """Write the entity view as Graphviz DOT (render with `dot -Tsvg graph.dot -o graph.svg`).

    Examples
    --------
    >>> write_dot(entity_view(store), Path("graph.dot"))  # doctest: +SKIP
    """
    text = "\n".join(dot_lines(G)) + "\n"
    if isinstance(out, Path):
        out.write_text(text, encoding="utf-8")
    else:
        out.write(text)
