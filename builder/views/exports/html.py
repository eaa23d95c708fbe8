"""graph.html: one offline page showing the entity view with Cytoscape.js (embedded, with its license).

Names and sentences come from articles, so the page treats them as data only: the graph is
JSON in a script with `<`, `>`, `&`, U+2028 and U+2029 escaped, the page shows every text with
`textContent`, and a Content-Security-Policy allows only the page's own scripts and styles
(by their SHA-256 hashes) and no loads at all.
"""

import base64
import hashlib
import json
import re
from pathlib import Path

import networkx as nx

from ._attrs import CLASS_COLORS, hex_color
from .cyjs import cyjs_data

STATIC = Path(__file__).resolve().parent / "_static"
CYTOSCAPE_VERSION = "3.34.4"
# The stylesheet Cytoscape.js adds to the page when it starts; the policy allows it by hash.
CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"
SHAPES: dict[str, str] = {"Person": "ellipse", "Agreement": "diamond", "Document": "rectangle", "Quotation": "tag"}
_PLACES = {"Place", "Country", "AdministrativeArea", "Settlement", "Facility", "Road", "BorderCrossing"}
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_PLACEHOLDER = re.compile(r"__([A-Z]+)__")

_STYLE = """
 body { margin: 0; font: 14px Helvetica, Arial, sans-serif; display: flex; height: 100vh; }
 #cy { flex: 1; }
 #side { width: 320px; padding: 8px; border-left: 1px solid #ccc; overflow: auto; }
 #search { width: 95%; }
 #legend span { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
 #details { white-space: pre-wrap; }
"""

_LIBRARY = """
/* Cytoscape.js __VERSION__, https://js.cytoscape.org. License:
__LICENSE__ */
__CYTOSCAPE__
"""

_APP = """
const GRAPH = __GRAPH__;
const STYLE = __LEGEND__;
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
"""

_PAGE = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="__POLICY__">
<title>kg entity graph</title>
<style>__CSS__</style></head>
<body>
<div id="cy"></div>
<div id="side">
 <input id="search" type="search" placeholder="Search a name">
 <p id="counts"></p>
 <div id="legend"></div>
 <h3>Details</h3>
 <div id="details">Click a node or an edge.</div>
 <h3>Map</h3>
 <p id="map">No map here: a map needs tiles, which one offline page cannot hold. The places with coordinates are
 in <a href="graph.geojson">graph.geojson</a> beside this page (kg build writes it, as does kg export --format
 geojson): open it in geojson.io, QGIS or kepler.gl.</p>
</div>
<script>__LIBRARY__</script>
<script>__APP__</script>
</body></html>
"""


def shape(cls: str) -> str:
    """The Cytoscape.js node shape of a class."""
    return SHAPES.get(cls, "hexagon" if cls in _PLACES else "round-rectangle")


def script_json(data: object) -> str:
    """JSON to embed in a <script>: `<`, `>`, `&`, U+2028 and U+2029 as \\u escapes, so no text
    can end the script, open a comment or another script, or end a line of JavaScript."""
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m[0]], json.dumps(data, ensure_ascii=False))


def source_hash(text: str) -> str:
    """The CSP source that allows one inline script or style: 'sha256-<base64 of its digest>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts: list[str], styles: list[str]) -> str:
    """A policy that runs these inline scripts and styles only and loads nothing."""
    return (f"default-src 'none'; script-src {' '.join(map(source_hash, scripts))}; "
            f"style-src {' '.join(map(source_hash, styles))}; base-uri 'none'; form-action 'none'")


def html_page(G: nx.MultiDiGraph) -> str:
    """The text of the self-contained page."""
    data = cyjs_data(G)
    for node in data["elements"]["nodes"]:
        node["data"]["shape"] = shape(node["data"]["cls"])
    classes = sorted({node["data"]["cls"] for node in data["elements"]["nodes"]} | set(CLASS_COLORS))
    legend = {"colors": {c: hex_color(c) for c in classes}, "shapes": {c: shape(c) for c in classes}}
    license_text = (STATIC / "cytoscape.LICENSE").read_text(encoding="utf-8").replace("*/", "* /")
    library = _fill(_LIBRARY, version=CYTOSCAPE_VERSION, license=license_text,
                    cytoscape=(STATIC / "cytoscape.min.js").read_text(encoding="utf-8"))
    app = _fill(_APP, graph=script_json(data), legend=script_json(legend))
    policy = content_security_policy([library, app], [_STYLE, CYTOSCAPE_STYLE])
    return _fill(_PAGE, policy=policy, css=_STYLE, library=library, app=app)


def _fill(template: str, **parts: str) -> str:
    """The template with each __NAME__ replaced by parts["name"], in one pass (a part that holds
    __NAME__ text stays as it is)."""
    return _PLACEHOLDER.sub(lambda m: parts[m[1].lower()], template)


def write_html(G: nx.MultiDiGraph, out: Path) -> None:
    """Write the entity view as one offline HTML page.

    Examples
    --------
    >>> write_html(entity_view(store), Path("graph.html"))  # doctest: +SKIP
    """
    out.write_text(html_page(G), encoding="utf-8")
