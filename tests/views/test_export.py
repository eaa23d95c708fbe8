"""Every export of tests/fixtures/small.trig, read back by the consuming side's reader."""

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import igraph
import networkx as nx
import pyoxigraph as ox
import pytest
import rdflib
from typer.testing import CliRunner

from builder.cli import app
from builder.views.entity_view import entity_view
from builder.errors import InputError
from builder.views.exports import FORMATS, RDF_FORMATS, default_path, export
from builder.views.exports.dot import write_dot
from builder.views.exports.graphml import write_graphml
from builder.store import KgStore

HOLT = "https://w3id.org/newskg/id/person/maren-holt"
AGENCY = "https://w3id.org/newskg/id/organization/norland-border-services-agency"
SCALAR_EDGE_ATTRS = ("property", "confidence", "support", "sentence")


@pytest.fixture
def view(small_store) -> nx.MultiDiGraph:
    return entity_view(small_store)


def _joined(G: nx.MultiDiGraph) -> tuple[dict, dict]:
    """Nodes and edges of the view with lists joined as the scalar formats write them."""
    nodes = {n: {**d, "alt_labels": "|".join(d["alt_labels"])} for n, d in G.nodes(data=True)}
    edges = {(s, o, k): {**d, "documents": "|".join(d["documents"])} for s, o, k, d in G.edges(keys=True, data=True)}
    return nodes, edges


def test_graphml_reads_back_in_networkx(small_store, view, tmp_path):
    [path] = export(small_store, "graphml", tmp_path / "graph.graphml")
    H = nx.read_graphml(path, force_multigraph=True)
    nodes, edges = _joined(view)
    assert dict(H.nodes(data=True)) == nodes
    assert {(s, o, k): d for s, o, k, d in H.edges(keys=True, data=True)} == edges


def test_graphml_reads_back_in_igraph(small_store, view, tmp_path):
    [path] = export(small_store, "graphml", tmp_path / "graph.graphml")
    g = igraph.Graph.Read_GraphML(str(path))
    assert g.is_directed()
    assert (g.vcount(), g.ecount()) == (view.number_of_nodes(), view.number_of_edges())
    nodes, edges = _joined(view)
    for v in g.vs:
        expected = nodes[v["id"]]
        assert (v["label"], v["cls"], v["alt_labels"]) == (expected["label"], expected["cls"], expected["alt_labels"])
        assert (v["documents"], v["mentions"]) == (expected["documents"], expected["mentions"])
    read = {}
    for e in g.es:
        key = (g.vs[e.source]["id"], g.vs[e.target]["id"], e["property"])
        read[key] = {a: e[a] for a in (*SCALAR_EDGE_ATTRS, "documents")}
    assert read == {k: {a: d[a] for a in (*SCALAR_EDGE_ATTRS, "documents")} for k, d in edges.items()}


def test_graphml_keeps_awkward_text(tmp_path):
    G = nx.MultiDiGraph()
    text = 'Say "hi" & <b>bye</b> \\ é'
    G.add_node("a", label=text, cls="Person", alt_labels=["x|y", "z"], documents=0, mentions=0)
    G.add_node("b", label="b", cls="Place", alt_labels=[], documents=0, mentions=0)
    G.add_edge("a", "b", key="near", property="near", confidence=None, support=0, sentence=text, documents=[])
    write_graphml(G, tmp_path / "g.graphml")
    H = nx.read_graphml(tmp_path / "g.graphml", force_multigraph=True)
    assert H.nodes["a"]["label"] == text
    assert H.edges["a", "b", "near"]["sentence"] == text
    assert "confidence" not in H.edges["a", "b", "near"]
    assert igraph.Graph.Read_GraphML(str(tmp_path / "g.graphml")).vs[0]["label"] == text


def test_gexf_reads_back_in_networkx_with_colors_by_class(small_store, view, tmp_path):
    [path] = export(small_store, "gexf", tmp_path / "graph.gexf")
    H = nx.read_gexf(path)
    assert H.is_directed() and H.is_multigraph()
    nodes, edges = _joined(view)
    colors = {}
    for n, d in H.nodes(data=True):
        viz = d.pop("viz")
        colors.setdefault(d["cls"], set()).add(tuple(viz["color"][c] for c in "rgb"))
        assert d == nodes[n]
    assert all(len(c) == 1 for c in colors.values())
    assert colors["Person"] != colors["Country"]
    read = {(s, o, k): {a: d[a] for a in (*SCALAR_EDGE_ATTRS, "documents")} for s, o, k, d in H.edges(keys=True, data=True)}
    assert read == {k: {a: d[a] for a in (*SCALAR_EDGE_ATTRS, "documents")} for k, d in edges.items()}
    assert H.edges[HOLT, AGENCY, "headOf"]["label"] == "headOf"


def test_cyjs_is_cytoscape_json(small_store, view, tmp_path):
    [path] = export(small_store, "cyjs", tmp_path / "graph.cyjs")
    data = json.loads(path.read_text(encoding="utf-8"))
    nodes, edges = data["elements"]["nodes"], data["elements"]["edges"]
    assert len(nodes) == view.number_of_nodes() and len(edges) == view.number_of_edges()
    ids = [n["data"]["id"] for n in nodes]
    assert len(set(ids)) == len(ids) and set(ids) == set(view)
    assert len({e["data"]["id"] for e in edges}) == len(edges)
    assert all(e["data"]["source"] in view and e["data"]["target"] in view for e in edges)
    holt = next(n["data"] for n in nodes if n["data"]["id"] == HOLT)
    assert (holt["name"], holt["cls"], holt["alt_labels"]) == ("Maren Holt", "Person", ["Holt"])
    assert holt["color"].startswith("#")
    # networkx's own Cytoscape JSON reader gets the same graph back.
    H = nx.cytoscape_graph(data)
    assert set(H.edges(keys=True)) == set(view.edges(keys=True))
    assert H.edges[HOLT, AGENCY, "headOf"]["confidence"] == 0.9


def test_json_is_node_link_data(small_store, view, tmp_path):
    [path] = export(small_store, "json", tmp_path / "graph.json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert "edges" in data and "links" not in data
    H = nx.node_link_graph(data, edges="edges")
    assert dict(H.nodes(data=True)) == dict(view.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(view.edges(keys=True, data=True))


def test_csv_pair_for_gephi(small_store, view, tmp_path):
    paths = export(small_store, "csv", tmp_path / "tables")
    assert [p.name for p in paths] == ["nodes.csv", "edges.csv"]
    with paths[0].open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:2] == ["Id", "Label"]
    assert {r["Id"]: (r["Label"], r["Class"], r["AltLabels"], int(r["Documents"]), int(r["Mentions"])) for r in rows} == {
        n: (d["label"], d["cls"], "|".join(d["alt_labels"]), d["documents"], d["mentions"]) for n, d in view.nodes(data=True)}
    with paths[1].open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert list(rows[0])[:4] == ["Source", "Target", "Type", "Label"]
    assert {(r["Source"], r["Target"], r["Label"]): (r["Type"], float(r["Confidence"]), int(r["Support"]), r["Sentence"])
            for r in rows} == {
        (s, o, k): ("Directed", d["confidence"], d["support"], d["sentence"]) for s, o, k, d in view.edges(keys=True, data=True)}


needs_dot = pytest.mark.skipif(shutil.which("dot") is None, reason="Graphviz (dot) is not installed")


def _svg(path: Path) -> str:
    result = subprocess.run(["dot", "-Tsvg", str(path)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert "Warning" not in result.stderr and "Error" not in result.stderr, result.stderr
    return result.stdout


@needs_dot
def test_dot_renders_in_graphviz(small_store, view, tmp_path):
    [path] = export(small_store, "dot", tmp_path / "graph.dot")
    svg = _svg(path)
    assert len(re.findall(r'class="node"', svg)) == view.number_of_nodes()
    assert len(re.findall(r'class="edge"', svg)) == view.number_of_edges()
    assert ">Maren Holt<" in svg and ">headOf<" in svg


@needs_dot
def test_dot_quotes_awkward_ids_and_labels(tmp_path):
    G = nx.MultiDiGraph()
    awkward = 'a "quoted" name\\ with -> arrows; {braces} [and]\nnew line é'
    G.add_node(awkward, label=awkward, cls="Person", alt_labels=["x"], documents=1, mentions=1)
    G.add_node("node", label="strict graph", cls="Place", alt_labels=[], documents=0, mentions=0)
    G.add_edge(awkward, "node", key="near", property="near", confidence=0.5, support=1, sentence='"', documents=[])
    write_dot(G, tmp_path / "g.dot")
    svg = _svg(tmp_path / "g.dot")
    assert len(re.findall(r'class="node"', svg)) == 2
    assert len(re.findall(r'class="edge"', svg)) == 1
    assert "&quot;quoted&quot; name\\ with" in svg


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_rdf_formats_read_back_in_rdflib_and_oxigraph(small_store, tmp_path, fmt):
    [path] = export(small_store, fmt, tmp_path / f"graph.{fmt}")
    assert path.suffix == RDF_FORMATS[fmt]
    quads = {q for q in small_store.oxigraph}
    triples = {(q.subject, q.predicate, q.object) for q in quads}
    ox_format = ox.RdfFormat.from_extension(path.suffix[1:]) if fmt != "xml" else ox.RdfFormat.RDF_XML
    parsed = list(ox.parse(path=str(path), format=ox_format))
    with_graphs = fmt in {"nq", "trig", "jsonld"}
    if with_graphs:
        assert len(set(parsed)) == len(quads)
    else:
        assert {(q.subject, q.predicate, q.object) for q in parsed} == triples
    rdflib_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "xml": "xml"}[fmt]
    if with_graphs:
        ds = rdflib.Dataset()
        ds.parse(path, format=rdflib_format)
        assert len({(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}) == len(triples)
    else:
        g = rdflib.Graph()
        g.parse(path, format=rdflib_format)
        assert len(g) == len(triples)


def test_rdf_formats_refuse_view_filters(small_store, tmp_path):
    with pytest.raises(InputError):
        export(small_store, "ttl", tmp_path / "graph.ttl", classes=["Person"])


def test_unknown_format_is_an_input_error(small_store, tmp_path):
    with pytest.raises(InputError):
        export(small_store, "svg", tmp_path / "graph.svg")


def test_filters_reach_the_export(small_store, tmp_path):
    [path] = export(small_store, "graphml", tmp_path / "g.graphml", around="Holt", depth=1)
    assert set(nx.read_graphml(path)) == {HOLT, AGENCY}


def test_default_paths():
    assert default_path("graphml", Path("out")) == Path("out/graph.graphml")
    assert default_path("csv", Path("out")) == Path("out")
    assert default_path("xml", Path("out")) == Path("out/graph.xml")
    assert set(FORMATS) >= {"graphml", "gexf", "cyjs", "json", "dot", "csv", "ttl", "nt", "nq", "trig", "jsonld", "xml"}


@pytest.fixture
def disk_store(tmp_path) -> Path:
    path = tmp_path / "store"
    with KgStore(path) as store:
        store.oxigraph.load(path=str(Path(__file__).parents[1] / "fixtures" / "small.trig"), format=ox.RdfFormat.TRIG)
    return path


runner = CliRunner()


def test_cli_export_with_filters(disk_store, tmp_path):
    out = tmp_path / "people.graphml"
    result = runner.invoke(app, ["export", "--format", "graphml", "--store", str(disk_store), "--out", str(out),
                                 "--class", "Person", "--class", "Organization", "--min-confidence", "0.85"])
    assert result.exit_code == 0, result.output
    H = nx.read_graphml(out, force_multigraph=True)
    assert {d["cls"] for _, d in H.nodes(data=True)} == {"Person", "GovernmentAgency", "LabourUnion"}
    assert H.number_of_edges() == 2


def test_cli_export_errors_are_one_line(disk_store, tmp_path):
    result = runner.invoke(app, ["export", "--format", "pdf", "--store", str(disk_store), "--out", str(tmp_path / "x")])
    assert result.exit_code == 1
    assert "Unknown export format 'pdf'" in result.output
    result = runner.invoke(app, ["export", "-f", "dot", "--store", str(disk_store), "--around", "Nobody"])
    assert result.exit_code == 1
    assert "No entity is named 'Nobody'" in result.output
    result = runner.invoke(app, ["export", "-f", "dot", "--store", str(tmp_path / "none")])
    assert result.exit_code == 1
    assert "is not a kg store" in result.output


def test_cli_stats(disk_store):
    result = runner.invoke(app, ["stats", "--store", str(disk_store)])
    assert result.exit_code == 0, result.output
    assert "2 document(s), 8 entities, 10 relations." in result.output
    assert "locatedIn" in result.output and "Northern Transit Workers Union" in result.output


def _scripts(page: str) -> list[str]:
    return re.findall(r"<script>(.*?)</script>", page, flags=re.S)


def test_html_is_one_offline_page_with_the_graph_and_the_license(small_store, view, tmp_path):
    [path] = export(small_store, "html", tmp_path / "graph.html")
    page = path.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)\s*=\s*["']?(https?:)?//""", page)
    assert "The Cytoscape Consortium" in page and "Permission is hereby granted" in page
    library, app_script = _scripts(page)
    assert "cytoscape" in library and len(library) > 100_000
    data = json.loads(re.search(r"const GRAPH = (.*?);\n", app_script).group(1))
    assert len(data["elements"]["nodes"]) == view.number_of_nodes()
    assert len(data["elements"]["edges"]) == view.number_of_edges()
    holt = next(n["data"] for n in data["elements"]["nodes"] if n["data"]["id"] == HOLT)
    assert (holt["label"], holt["shape"], holt["alt_labels"]) == ("Maren Holt", "ellipse", ["Holt"])


@pytest.mark.skipif(shutil.which("node") is None, reason="Node.js is not installed")
def test_html_scripts_are_valid_javascript(small_store, tmp_path):
    [path] = export(small_store, "html", tmp_path / "graph.html")
    for i, script in enumerate(_scripts(path.read_text(encoding="utf-8"))):
        js = tmp_path / f"script{i}.js"
        js.write_text(script, encoding="utf-8")
        result = subprocess.run(["node", "--check", str(js)], capture_output=True, text=True, check=False)
        assert result.returncode == 0, result.stderr


def test_html_escapes_script_breaking_text(tmp_path):
    from builder.views.exports.html import write_html

    G = nx.MultiDiGraph()
    G.add_node("a", label="</script><b>x</b>", cls="Person", alt_labels=[], documents=0, mentions=0)
    write_html(G, tmp_path / "g.html")
    page = (tmp_path / "g.html").read_text(encoding="utf-8")
    assert len(_scripts(page)) == 2
    assert "\\u003c/script\\u003e\\u003cb\\u003ex\\u003c/b\\u003e" in page
