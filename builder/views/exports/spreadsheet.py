"""nodes.csv and edges.csv, the two tables of Gephi's spreadsheet import.

A spreadsheet (Excel, LibreOffice, Google Sheets) reads a cell that starts with `=`, `+`, `-`,
`@`, a tab or a carriage return as a formula (CSV injection). Such a text gets a leading
apostrophe, as OWASP recommends, so the spreadsheet shows it as text; `restore_cell` removes
it. A text that is a plain number ("-2", "+3.5") stays as written, and numbers stay numbers.
"""

import csv
import re
import unicodedata
from pathlib import Path

import networkx as nx

from ._attrs import scalar
from ._text import clean_view

NODE_COLUMNS = ["Id", "Label", "Class", "AltLabels", "Documents", "Mentions"]
EDGE_COLUMNS = ["Source", "Target", "Type", "Label", "Property", "Confidence", "Support", "Sentence", "Documents"]

NEUTRALIZER = "'"
# What starts a formula (with the full-width forms some spreadsheets also read), and the
# whitespace characters that OWASP lists as dangerous starts themselves.
FORMULA_STARTS = frozenset("=+-@\uff1d\uff0b\uff0d\uff20")
CONTROL_STARTS = frozenset("\t\r\n")
_NUMBER = re.compile(r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?")
# Characters a spreadsheet may skip before the one it looks at: spaces, controls, format marks.
_INVISIBLE = {"Zs", "Zl", "Zp", "Cc", "Cf"}


def formula_like(text: str) -> bool:
    """Whether a spreadsheet could read the text (past any leading apostrophes) as a formula.

    True when it starts with a tab, carriage return or line feed, or when its first visible
    character starts a formula, unless it is a plain number.
    """
    core = text.lstrip(NEUTRALIZER)
    if not core or _NUMBER.fullmatch(core):
        return False
    if core[0] in CONTROL_STARTS:
        return True
    visible = next((c for c in core if unicodedata.category(c) not in _INVISIBLE), "")
    return visible in FORMULA_STARTS


def spreadsheet_cell(value: object) -> object:
    """A CSV cell no spreadsheet reads as a formula: numbers as they are, None as "", a
    formula-like text with a leading apostrophe.

    Also for text that starts with apostrophes before a formula, so that `restore_cell`
    gives back every text exactly.
    """
    if value is None:
        return ""
    if not isinstance(value, str):
        return value
    return NEUTRALIZER + value if formula_like(value) else value


def restore_cell(cell: str) -> str:
    """The text `spreadsheet_cell` was given, from the cell it wrote."""
    return cell[len(NEUTRALIZER):] if formula_like(cell) and cell.startswith(NEUTRALIZER) else cell


def write_csv(G: nx.MultiDiGraph, folder: Path) -> list[Path]:
    """Write nodes.csv and edges.csv into `folder`; RETURNS their paths.

    Examples
    --------
    >>> write_csv(entity_view(store), Path("output"))  # doctest: +SKIP
    """
    G = clean_view(G)
    folder.mkdir(parents=True, exist_ok=True)
    nodes, edges = folder / "nodes.csv", folder / "edges.csv"
    with nodes.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(NODE_COLUMNS)
        for n, d in G.nodes(data=True):
            row = [n, d["label"], d["cls"], scalar(d["alt_labels"]), d["documents"], d["mentions"]]
            writer.writerow([spreadsheet_cell(v) for v in row])
    with edges.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(EDGE_COLUMNS)
        for s, o, k, d in G.edges(keys=True, data=True):
            row = [s, o, "Directed", k, d.get("property", k), d.get("confidence"), d.get("support", 0),
                   d.get("sentence", ""), scalar(d.get("documents", []))]
            writer.writerow([spreadsheet_cell(v) for v in row])
    return [nodes, edges]

