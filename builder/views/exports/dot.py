"""Graphviz DOT, written by hand so kg needs no pydot or pygraphviz.

Every value is a double-quoted string, never an HTML-like label, so `<` and `>` are text.
Graphviz reads escapes (\\N, \\l, ...) and HTML entities in the texts it shows, labels and
tooltips: those get their backslashes doubled and `&` written as `&amp;`, so each shows as
written. Graphviz versions read tooltip escapes differently, so a tooltip shows a backslash
as U+29F5 (⧵).
"""

from pathlib import Path
from typing import IO

import networkx as nx

from ._attrs import hex_color, scalar
from ._text import clean_view

SHAPES: dict[str, str] = {
    "Person": "ellipse",
    "Agreement": "note",
    "Document": "folder",
    "Quotation": "plaintext",
}
_PLACES = {"Place", "Country", "AdministrativeArea", "Settlement", "Facility", "Road", "BorderCrossing"}
_SHOWN = {"label", "tooltip"}
TOOLTIP_BACKSLASH = "\u29f5"


def quote(value: object) -> str:
    """A DOT double-quoted string: backslashes and quotes escaped, line breaks as \\n."""
    text = str(value).replace("\\", "\\\\").replace('"', '\\"').replace("\r\n", "\n").replace("\r", "\n")
    return '"' + text.replace("\n", "\\n") + '"'


def shown_quote(value: object, *, tooltip: bool = False) -> str:
    """A DOT string for a text Graphviz shows (label or tooltip): `quote` with `&` as `&amp;`."""
    text = str(value).replace("&", "&amp;")
    return quote(text.replace("\\", TOOLTIP_BACKSLASH) if tooltip else text)


def shape(cls: str) -> str:
    """The Graphviz node shape of a class."""
    if cls in SHAPES:
        return SHAPES[cls]
    return "hexagon" if cls in _PLACES else "box"


def _attrs(pairs: dict[str, object]) -> str:
    quoted = {k: shown_quote(v, tooltip=k == "tooltip") if k in _SHOWN else quote(v)
              for k, v in pairs.items() if v is not None}
    return ", ".join(f"{k}={v}" for k, v in quoted.items())


def dot_lines(G: nx.MultiDiGraph) -> list[str]:
    """The DOT text of the entity view, one statement a line."""
    G = clean_view(G)
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
