"""graph.html: one offline page showing the entity view with Cytoscape.js (embedded, with its license)."""

import json
from pathlib import Path

import networkx as nx

from ._attrs import CLASS_COLORS, hex_color
from .cyjs import cyjs_data

STATIC = Path(__file__).resolve().parent / "_static"
SHAPES: dict[str, str] = {"Person": "ellipse", "Agreement": "diamond", "Document": "rectangle", "Quotation": "tag"}
_PLACES = {"Place", "Country", "AdministrativeArea", "Settlement", "Facility", "Road", "BorderCrossing"}

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<title>kg entity graph</title>
<style>
 body { margin: 0; font: 14px Helvetica, Arial, sans-serif; display: flex; height: 100vh; }
 #cy { flex: 1; }
 #side { width: 320px; padding: 8px; border-left: 1px solid #ccc; overflow: auto; }
 #legend span { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
 #details { white-space: pre-wrap; }
</style></head>
<body>
<div id="cy"></div>
<div id="side">
 <input id="search" type="search" placeholder="Search a name" style="width: 95%">
 <p id="counts"></p>
 <div id="legend"></div>
 <h3>Details</h3>
 <div id="details">Click a node or an edge.</div>
 <h3>Map</h3>
 <p id="map">No map here: a map needs tiles, which one offline page cannot hold. The places with coordinates are
 in <a href="graph.geojson">graph.geojson</a> beside this page (kg build writes it, as does kg export --format
 geojson): open it in geojson.io, QGIS or kepler.gl.</p>
</div>
<script>
/* Cytoscape.js __VERSION__, https://js.cytoscape.org. __LICENSE__ */
__CYTOSCAPE__
</script>
<script>
const GRAPH = __DATA__;
const STYLE = __STYLE__;
const big = GRAPH.elements.nodes.length > 500;
const cy = window.cy = cytoscape({
  container: document.getElementById("cy"),
  elements: GRAPH.elements,
  style: [
    { selector: "node", style: { "label": "data(label)", "background-color": "data(color)", "font-size": 10,
      "shape": "data(shape)" } },
    { selector: "edge", style: { "label": "data(property)", "curve-style": "bezier", "target-arrow-shape": "triangle",
      "font-size": 8, "width": 1, "line-color": "#999", "target-arrow-color": "#999", "text-rotation": "autorotate",
      "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
    { selector: ":selected", style: { "border-width": 3, "border-color": "#d00", "line-color": "#d00" } },
  ],
  layout: big ? { name: "concentric", concentric: n => n.degree(), animate: false }
              : { name: "cose", animate: false, randomize: false },
  textureOnViewport: big, hideEdgesOnViewport: big,
});
window.layoutDone = false;
cy.ready(() => { window.layoutDone = true; });
document.getElementById("counts").textContent =
  cy.nodes().length + " entities, " + cy.edges().length + " relations";
const legend = document.getElementById("legend");
for (const [cls, color] of Object.entries(STYLE.colors)) {
  if (cy.nodes().some(n => n.data("cls") === cls)) {
    const row = document.createElement("div");
    const box = document.createElement("span");
    box.style.background = color;
    row.append(box, cls + " (" + STYLE.shapes[cls] + ")");
    legend.append(row);
  }
}
const details = document.getElementById("details");
function show(lines) { details.textContent = lines.filter(l => l !== null).join("\\n"); }
cy.on("tap", "node", ev => {
  const d = ev.target.data();
  const rel = ev.target.connectedEdges().map(e => e.source().data("label") + " " + e.data("property") + " "
                                             + e.target().data("label"));
  show(["Name: " + d.label, "Also: " + (d.alt_labels || []).join(", "), "Class: " + d.cls,
        "Documents: " + d.documents + ", mentions: " + d.mentions, "IRI: " + d.id, "", "Relations:", ...rel]);
});
cy.on("tap", "edge", ev => {
  const d = ev.target.data();
  show([ev.target.source().data("label") + " " + d.property + " " + ev.target.target().data("label"),
        "Confidence: " + d.confidence + ", supporting sentences: " + d.support, "", "Evidence: " + d.sentence,
        "", "Documents:", ...(d.documents || [])]);
});
document.getElementById("search").addEventListener("input", ev => {
  const q = ev.target.value.trim().toLowerCase();
  cy.elements().unselect();
  if (!q) return;
  const hits = cy.nodes().filter(n => n.data("label").toLowerCase().includes(q)
    || (n.data("alt_labels") || []).some(a => a.toLowerCase().includes(q)));
  hits.select();
  if (hits.length) cy.animate({ fit: { eles: hits, padding: 80 } }, { duration: 300 });
});
</script>
</body></html>
"""


def shape(cls: str) -> str:
    """The Cytoscape.js node shape of a class."""
    return SHAPES.get(cls, "hexagon" if cls in _PLACES else "round-rectangle")


def _script_json(data: object) -> str:
    return json.dumps(data, ensure_ascii=False).replace("</", "<\\/")


def html_page(G: nx.MultiDiGraph) -> str:
    """The text of the self-contained page."""
    data = cyjs_data(G)
    for node in data["elements"]["nodes"]:
        node["data"]["shape"] = shape(node["data"]["cls"])
    classes = sorted({d["cls"] for _, d in G.nodes(data=True)} | set(CLASS_COLORS))
    style = {"colors": {c: hex_color(c) for c in classes}, "shapes": {c: shape(c) for c in classes}}
    library = (STATIC / "cytoscape.min.js").read_text(encoding="utf-8")
    license_text = (STATIC / "cytoscape.LICENSE").read_text(encoding="utf-8").replace("*/", "* /")
    page = _PAGE.replace("__VERSION__", "3.34.4").replace("__LICENSE__", "License:\n" + license_text)
    page = page.replace("__DATA__", _script_json(data)).replace("__STYLE__", _script_json(style))
    return page.replace("__CYTOSCAPE__", library)


def write_html(G: nx.MultiDiGraph, out: Path) -> None:
    """Write the entity view as one offline HTML page.

    Examples
    --------
    >>> write_html(entity_view(store), Path("graph.html"))  # doctest: +SKIP
    """
    out.write_text(html_page(G), encoding="utf-8")
