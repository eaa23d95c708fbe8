"""graph.html: one offline page showing the entity view with Cytoscape.js and its fCoSE layout
(embedded, with their licenses), the text behind each entity and relation, co-mentions,
filters, and PNG and SVG copies of the view.

Names and sentences come from articles, so the page treats them as data only: the graph and
its text are JSON in a script with `<`, `>`, `&`, U+2028 and U+2029 escaped, the page shows
every text with `textContent`, and a Content-Security-Policy allows only the page's own
scripts and styles (by their SHA-256 hashes) and no loads at all.
"""

import base64
import hashlib
import json
import re
from pathlib import Path

import networkx as nx

from ..reading import ENTITY_SENTENCES, RELATION_SENTENCES, Reading, Sentence
from ._attrs import CLASS_COLORS, hex_color
from ._text import xml_chars
from .cyjs import cyjs_data, edge_id

STATIC = Path(__file__).resolve().parent / "_static"
CYTOSCAPE_VERSION = "3.34.4"
# The layout and its two libraries, by their file in _static (see README.md there).
LAYOUT_LIBRARIES = {"layoutbase": ("layout-base", "2.0.1"), "cosebase": ("cose-base", "2.2.0"),
                    "fcose": ("cytoscape-fcose", "2.2.0")}
# The stylesheet Cytoscape.js adds to the page when it starts; the policy allows it by hash.
CYTOSCAPE_STYLE = ".__________cytoscape_container { position: relative; }"
SHAPES: dict[str, str] = {"Person": "ellipse", "Agreement": "diamond", "Document": "rectangle", "Quotation": "tag"}
_PLACES = {"Place", "Country", "AdministrativeArea", "Settlement", "Facility", "Road", "BorderCrossing"}
_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}
_PLACEHOLDER = re.compile(r"__([A-Z]+)__")

_STYLE = """
 body { margin: 0; font: 14px Helvetica, Arial, sans-serif; display: flex; height: 100vh; }
 #cy { flex: 1; }
 #side { width: 340px; padding: 8px; border-left: 1px solid #ccc; overflow: auto; }
 #search { width: 95%; }
 #legend span { display: inline-block; width: 10px; height: 10px; margin-right: 4px; }
 #details { white-space: pre-wrap; }
 #side label { display: block; margin: 2px 0; }
 #side h3 { margin: 12px 0 4px; }
 #reading h4 { margin: 10px 0 2px; font-size: 13px; }
 #reading p { margin: 2px 0 6px; }
 mark { background: #ffe066; }
 .note { color: #555; font-size: 12px; }
"""

_LIBRARY = """
/* Cytoscape.js __VERSION__, https://js.cytoscape.org. License:
__LICENSE__ */
__CYTOSCAPE__
/* layout-base __LAYOUTBASEVERSION__ (iVis@Bilkent), https://github.com/iVis-at-Bilkent/layout-base. License:
__LAYOUTBASELICENSE__ */
__LAYOUTBASE__
/* cose-base __COSEBASEVERSION__ (iVis@Bilkent), https://github.com/iVis-at-Bilkent/cose-base. License:
__COSEBASELICENSE__ */
__COSEBASE__
/* cytoscape-fcose __FCOSEVERSION__ (iVis@Bilkent), https://github.com/iVis-at-Bilkent/cytoscape.js-fcose. License:
__FCOSELICENSE__ */
__FCOSE__
"""

_APP = """
const GRAPH = __GRAPH__;
const STYLE = __LEGEND__;
const READING = __READING__;
const big = GRAPH.elements.nodes.length > 500;
const $ = id => document.getElementById(id);
const GAP = 4;

// A label on lines of about `width` characters; a longer word is cut.
function wrap(label, width) {
  const lines = [];
  let line = "";
  for (let word of label.split(/\\s+/).filter(w => w)) {
    while (word.length > width + 4) {
      if (line) { lines.push(line); line = ""; }
      lines.push(word.slice(0, width));
      word = word.slice(width);
    }
    if (!line) line = word;
    else if (line.length + 1 + word.length <= width) line += " " + word;
    else { lines.push(line); line = word; }
  }
  if (line) lines.push(line);
  return lines.join("\\n");
}
GRAPH.elements.nodes.forEach((n, i) => {
  n.data.text = wrap(n.data.label, 18);
  n.position = { x: (i % 100) * 150, y: Math.floor(i / 100) * 60 };
});
for (const e of GRAPH.elements.edges) e.classes = "rel";

cytoscape.use(cytoscapeFcose);
const cy = window.cy = cytoscape({
  container: $("cy"),
  elements: GRAPH.elements,
  style: [
    { selector: "node", style: { "label": "data(text)", "background-color": "data(color)", "font-size": 10,
      "shape": "data(shape)", "width": 22, "height": 22, "text-wrap": "wrap", "text-max-width": "1000px",
      "text-valign": "bottom", "text-margin-y": 3, "min-zoomed-font-size": big ? 7 : 0 } },
    { selector: "edge", style: { "label": "data(property)", "curve-style": "bezier", "target-arrow-shape": "triangle",
      "font-size": 8, "min-zoomed-font-size": big ? 7 : 0, "width": 1, "line-color": "#999", "target-arrow-color": "#999", "text-rotation": "autorotate",
      "text-background-color": "#fff", "text-background-opacity": 0.8, "text-background-padding": 1 } },
    { selector: "edge.co", style: { "label": "data(count)", "line-style": "dashed", "line-color": "#c4c4c4",
      "target-arrow-shape": "none", "curve-style": "straight", "color": "#777", "font-size": 7, "line-opacity": 0.7 } },
    { selector: ".hidden", style: { "display": "none" } },
    { selector: ":selected", style: { "border-width": 3, "border-color": "#d00", "line-color": "#d00" } },
  ],
  layout: { name: "preset" },
  textureOnViewport: big, hideEdgesOnViewport: big,
});

// A seeded Math.random for the layout, so the same graph is laid out the same way each time.
function seeded(seed) {
  return () => {
    seed = (seed + 0x6D2B79F5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
// Each node's box with its label, as offsets from its position.
function boxes(nodes) {
  return nodes.map(n => {
    const p = n.position(), b = n.boundingBox({ includeLabels: true });
    return { n, x: p.x, y: p.y, l: b.x1 - p.x, r: b.x2 - p.x, t: b.y1 - p.y, b: b.y2 - p.y };
  });
}
function overlap(a, c) {
  return [Math.min(a.x + a.r, c.x + c.r) - Math.max(a.x + a.l, c.x + c.l) + GAP,
          Math.min(a.y + a.b, c.y + c.b) - Math.max(a.y + a.t, c.y + c.t) + GAP];
}
// Moves boxes apart until no two overlap: spread out first when they cover more than a third of
// their extent, then pairs pushed apart along their smaller overlap, then, for what is left,
// a left-to-right pass that always ends.
function separate(items) {
  if (items.length < 2) return;
  const e = extent(items), cx = (e.x1 + e.x2) / 2, cy_ = (e.y1 + e.y2) / 2;
  const need = 3 * items.reduce((sum, it) => sum + (it.r - it.l + GAP) * (it.b - it.t + GAP), 0);
  const have = Math.max(1, (e.x2 - e.x1) * (e.y2 - e.y1));
  if (have < need) {
    const k = Math.sqrt(need / have);
    for (const it of items) { it.x = cx + (it.x - cx) * k; it.y = cy_ + (it.y - cy_) * k; }
  }
  for (let round = 0; round < 50; round++) {
    let moved = false;
    items.sort((a, c) => (a.x + a.l) - (c.x + c.l) || a.y - c.y);
    for (let i = 0; i < items.length; i++) {
      const a = items[i];
      for (let j = i + 1; j < items.length; j++) {
        const c = items[j];
        if (c.x + c.l > a.x + a.r + GAP) break;
        const [ox, oy] = overlap(a, c);
        if (ox <= 0 || oy <= 0) continue;
        moved = true;
        if (ox < oy) { const d = (a.x <= c.x ? 1 : -1) * (ox / 2 + 0.01); a.x -= d; c.x += d; }
        else { const d = (a.y <= c.y ? 1 : -1) * (oy / 2 + 0.01); a.y -= d; c.y += d; }
      }
    }
    if (!moved) return;
  }
  // Each box in turn, moved right past the placed boxes it meets (found through a grid).
  const size = Math.max(...items.map(it => Math.max(it.r - it.l, it.b - it.t))) + GAP;
  const grid = new Map();
  const cells = (it, visit) => {
    for (let i = Math.floor((it.x + it.l) / size); i <= Math.floor((it.x + it.r) / size); i++)
      for (let j = Math.floor((it.y + it.t) / size); j <= Math.floor((it.y + it.b) / size); j++) visit(i + "," + j);
  };
  items.sort((a, c) => (a.x + a.l) - (c.x + c.l) || a.y - c.y);
  for (const a of items) {
    for (let again = true; again;) {
      again = false;
      cells(a, key => {
        for (const c of grid.get(key) || []) {
          const [ox, oy] = overlap(a, c);
          if (ox > 0 && oy > 0) { a.x = c.x + c.r - a.l + GAP + 0.5; again = true; }
        }
      });
    }
    cells(a, key => { if (!grid.has(key)) grid.set(key, []); grid.get(key).push(a); });
  }
}
function extent(items) {
  if (!items.length) return { x1: 0, y1: 0, x2: 0, y2: 0 };
  return { x1: Math.min(...items.map(i => i.x + i.l)), x2: Math.max(...items.map(i => i.x + i.r)),
           y1: Math.min(...items.map(i => i.y + i.t)), y2: Math.max(...items.map(i => i.y + i.b)) };
}
// Blocks (groups of boxes) in rows of about `width`, left to right, from `top`: each moved whole.
function pack(blocks, left, top, width, gap) {
  let x = left, y = top, height = 0;
  for (const block of blocks) {
    const e = extent(block), w = e.x2 - e.x1;
    if (x > left && x + w > left + width) { x = left; y += height + gap; height = 0; }
    for (const it of block) { it.x += x - e.x1; it.y += y - e.y1; }
    x += w + gap;
    height = Math.max(height, e.y2 - e.y1);
  }
  return y + height;
}
// Entities no relation links, one block a class, each block in rows of a few names.
function classBlocks(items) {
  const order = STYLE.order, rank = c => order.includes(c) ? order.indexOf(c) : order.length;
  const byClass = new Map();
  for (const it of items) {
    const cls = it.n.data("cls");
    if (!byClass.has(cls)) byClass.set(cls, []);
    byClass.get(cls).push(it);
  }
  const classes = [...byClass.keys()].sort((a, c) => rank(a) - rank(c) || a.localeCompare(c));
  return classes.map(cls => {
    const block = byClass.get(cls).sort((a, c) => a.n.data("label").localeCompare(c.n.data("label")));
    const width = Math.max(240, Math.sqrt(block.length) * 110);
    let x = 0, y = 0, height = 0;
    for (const it of block) {
      const w = it.r - it.l;
      if (x > 0 && x + w > width) { x = 0; y += height + 2 * GAP; height = 0; }
      it.x = x - it.l;
      it.y = y - it.t;
      x += w + 12;
      height = Math.max(height, it.b - it.t);
    }
    return block;
  });
}
// The ids of each connected group of `nodes` through `edges` (union-find: quicker than
// Cytoscape.js's components() on thousands of nodes).
function components(nodes, edges) {
  const parent = new Map(nodes.map(n => [n.id(), n.id()]));
  const root = id => { while (parent.get(id) !== id) { parent.set(id, parent.get(parent.get(id))); id = parent.get(id); } return id; };
  edges.forEach(e => parent.set(root(e.source().id()), root(e.target().id())));
  const groups = new Map();
  for (const id of parent.keys()) {
    const r = root(id);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r).push(id);
  }
  return [...groups.values()];
}
function arrange() {
  const started = performance.now();
  const shown = cy.nodes().not(".hidden");
  const rels = cy.edges(".rel").not(".hidden");
  const linked = rels.connectedNodes();
  if (linked.length > 1) {
    const random = Math.random;
    Math.random = seeded(17);
    try {
      linked.union(rels).layout({ name: "fcose", quality: big ? "draft" : "default", randomize: true, animate: false,
        fit: false, nodeDimensionsIncludeLabels: true, nodeSeparation: 60, idealEdgeLength: () => 70,
        nodeRepulsion: () => 6000, packComponents: false }).run();
    } finally { Math.random = random; }
  }
  const items = boxes(shown);
  const byId = new Map(items.map(it => [it.n.id(), it]));
  // Each group of linked entities laid out and freed of overlaps, then the groups packed, largest first.
  const groups = components(linked, rels).map(ids => ids.map(id => byId.get(id))).sort((a, c) => c.length - a.length);
  groups.forEach(separate);
  const area = groups.reduce((sum, g) => { const e = extent(g); return sum + (e.x2 - e.x1 + 40) * (e.y2 - e.y1 + 40); }, 0);
  const width = Math.max(600, Math.sqrt(area) * 1.4, ...groups.map(g => { const e = extent(g); return e.x2 - e.x1; }));
  const bottom = pack(groups, 0, 0, width, 40);
  const ids = new Set(linked.map(n => n.id()));
  pack(classBlocks(items.filter(it => !ids.has(it.n.id()))), 0, groups.length ? bottom + 60 : 0, width, 50);
  separate(items);
  cy.batch(() => { for (const it of items) it.n.position({ x: it.x, y: it.y }); });
  cy.fit(shown, 30);
  window.layoutMs = performance.now() - started;
}
// Filters: class, property, minimum confidence, document.
const DOCS = READING.docs;
const docIndex = new Map(DOCS.map(([iri], i) => [iri, i]));
const filters = { classes: new Set(cy.nodes().map(n => n.data("cls"))),
                  properties: new Set(cy.edges().map(e => e.data("property"))), confidence: 0, doc: -1 };
function filtered() {
  return filters.classes.size < new Set(cy.nodes().map(n => n.data("cls"))).size
    || filters.properties.size < new Set(cy.edges(".rel").map(e => e.data("property"))).size
    || filters.confidence > 0 || filters.doc >= 0;
}
function applyFilters() {
  cy.batch(() => {
    cy.nodes().forEach(n => n.toggleClass("hidden", !filters.classes.has(n.data("cls"))
      || (filters.doc >= 0 && !(READING.nodeDocs[n.id()] || []).includes(filters.doc))));
    cy.edges(".rel").forEach(e => {
      const c = e.data("confidence");
      e.toggleClass("hidden", !filters.properties.has(e.data("property"))
        || (filters.confidence > 0 && (c === null || c === undefined || c < filters.confidence))
        || (filters.doc >= 0 && !(e.data("documents") || []).some(d => docIndex.get(d) === filters.doc))
        || e.source().hasClass("hidden") || e.target().hasClass("hidden"));
    });
    cy.edges(".co").forEach(e => e.toggleClass("hidden", e.source().hasClass("hidden") || e.target().hasClass("hidden")));
  });
  count();
}
function count() {
  let text = cy.nodes().not(".hidden").length + " entities, " + cy.edges(".rel").not(".hidden").length + " relations";
  if ($("co").checked) text += ", " + cy.edges(".co").not(".hidden").length + " co-mention pairs";
  if (filtered()) text += " (of " + cy.nodes().length + " and " + cy.edges(".rel").length + ")";
  $("counts").textContent = text;
}
function checkbox(parent, value, set, ...label) {
  const row = document.createElement("label");
  const box = document.createElement("input");
  box.type = "checkbox";
  box.checked = true;
  box.value = value;
  box.addEventListener("change", () => { if (box.checked) set.add(value); else set.delete(value); applyFilters(); });
  row.append(box, ...label);
  parent.append(row);
}
for (const [cls, color] of Object.entries(STYLE.colors)) {
  const n = cy.nodes().filter(n => n.data("cls") === cls).length;
  if (n) {
    const box = document.createElement("span");
    box.style.background = color;
    checkbox($("legend"), cls, filters.classes, box, cls + " (" + STYLE.shapes[cls] + ", " + n + ")");
  }
}
for (const prop of [...filters.properties].sort())
  checkbox($("properties"), prop, filters.properties, prop + " (" + cy.edges().filter(e => e.data("property") === prop).length + ")");
$("confidence").addEventListener("input", ev => { filters.confidence = Number(ev.target.value) || 0; applyFilters(); });
for (const [i, [, name]] of DOCS.map((d, i) => [i, d]).sort((a, b) => a[1][1].localeCompare(b[1][1]))) {
  const option = document.createElement("option");
  option.value = String(i);
  option.textContent = name;
  $("document").append(option);
}
$("document").addEventListener("change", ev => { filters.doc = ev.target.value === "" ? -1 : Number(ev.target.value); applyFilters(); });

// Co-mentions: entities named in the same documents, as dashed edges with the number of documents.
const CO = READING.co;
if (CO.leftOut) {
  $("co-by").value = "sentence";
  $("co-by").options[0].disabled = true;
  $("co-note").textContent = "By documents: too many pairs for one page; kg query co-mentions lists them.";
} else if (CO.total > CO.pairs.length) {
  $("co-note").textContent = "The " + CO.pairs.length + " pairs named together in the most documents, of " + CO.total + ".";
}
function coMentions() {
  cy.remove(".co");
  const bySentence = $("co-by").value === "sentence";
  if ($("co").checked)
    cy.add((bySentence ? CO.sentences : CO.pairs).map(([a, b, n], i) => ({ group: "edges", classes: "co",
      data: { id: "co-mention " + i, source: a, target: b, count: n, unit: bySentence ? "stored sentence" : "document" } })));
  applyFilters();
}
$("co").addEventListener("change", coMentions);
$("co-by").addEventListener("change", coMentions);

// Details and the text behind them.
const details = $("details"), reading = $("reading");
function show(lines) { details.textContent = lines.filter(l => l !== null).join("\\n"); }
function element(tag, text, cls) {
  const el = document.createElement(tag);
  if (text !== undefined) el.textContent = text;
  if (cls) el.className = cls;
  return el;
}
// A sentence with its spans [start, end) marked.
function sentence(text, marks) {
  const p = element("p");
  let at = 0;
  for (const [a, b] of marks) {
    if (a < at) continue;
    p.append(text.slice(at, a), element("mark", text.slice(a, b)));
    at = b;
  }
  p.append(text.slice(at));
  return p;
}
function more(shown, total, what) {
  if (total > shown) reading.append(element("p", "+" + (total - shown) + " more " + what + " (this page keeps "
    + shown + "; kg query evidence or kg query entity lists them all).", "note"));
}
function readEntity(id) {
  reading.replaceChildren();
  const m = READING.mentions[id];
  if (!m) { reading.append(element("p", "No mention of this entity is stored.", "note")); return; }
  reading.append(element("h3", "Mentions"));
  let doc = null, forms = null;
  const formless = () => {
    if (!forms || !forms.size) return;
    const p = element("p", "Named where kg stores no sentence: ", "forms");
    [...forms].forEach(([form, k], i) => p.append(i ? ", " : "", element("mark", form), k > 1 ? " \u00d7" + k : ""));
    reading.append(p);
  };
  for (const [d, text, marks, stored] of m.s) {
    if (d !== doc) { formless(); doc = d; forms = new Map(); reading.append(element("h4", DOCS[d][1])); }
    if (stored) reading.append(sentence(text, marks));
    else forms.set(text, (forms.get(text) || 0) + 1);
  }
  formless();
  more(m.s.length, m.n, "sentences or mentions");
}
function readEdge(id) {
  reading.replaceChildren();
  const ev = READING.evidence[id];
  if (!ev) return;
  reading.append(element("h3", "Supporting sentences"));
  let doc = null;
  for (const [d, text, marks, confidence, rule] of ev.s) {
    if (d !== doc) { doc = d; reading.append(element("h4", DOCS[d][1])); }
    reading.append(sentence(text, marks), element("p", "confidence " + confidence + ", rule " + rule, "note"));
  }
  more(ev.s.length, ev.n, "sentences");
}
cy.on("tap", "node", ev => {
  const d = ev.target.data();
  const rel = ev.target.connectedEdges(".rel").map(e => e.source().data("label") + " " + e.data("property") + " "
                                                  + e.target().data("label"));
  show(["Name: " + d.label, "Also: " + (d.alt_labels || []).join(", "), "Class: " + d.cls,
        "Documents: " + d.documents + ", mentions: " + d.mentions, "IRI: " + d.id, "", "Relations:",
        ...(rel.length ? rel : ["none: shown with the unlinked entities of its class, below the graph"])]);
  readEntity(d.id);
  $("details-heading").scrollIntoView();
});
cy.on("tap", "edge.rel", ev => {
  const d = ev.target.data();
  show([ev.target.source().data("label") + " " + d.property + " " + ev.target.target().data("label"),
        "Confidence: " + d.confidence + ", supporting sentences: " + d.support, "", "Evidence: " + d.sentence,
        "", "Documents:", ...(d.documents || [])]);
  readEdge(d.id);
  $("details-heading").scrollIntoView();
});
cy.on("tap", "edge.co", ev => {
  const a = ev.target.source(), b = ev.target.target();
  const both = (READING.nodeDocs[a.id()] || []).filter(d => (READING.nodeDocs[b.id()] || []).includes(d));
  show([a.data("label") + " and " + b.data("label") + " are named together in " + ev.target.data("count") + " "
        + ev.target.data("unit") + "(s), in:", ...both.map(d => DOCS[d][1])]);
  reading.replaceChildren();
});
$("search").addEventListener("input", ev => {
  const q = ev.target.value.trim().toLowerCase();
  cy.elements().unselect();
  if (!q) return;
  const hits = cy.nodes().not(".hidden").filter(n => n.data("label").toLowerCase().includes(q)
    || (n.data("alt_labels") || []).some(a => a.toLowerCase().includes(q)));
  hits.select();
  if (hits.length) cy.animate({ fit: { eles: hits, padding: 80 } }, { duration: 300 });
});

// Saving the view: PNG by Cytoscape.js, SVG drawn here from the laid-out elements.
function download(blob, name) {
  const a = element("a");
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 60000);
}
const XML = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const esc = s => String(s).replace(/[&<>"']/g, c => XML[c]);
const num = x => Math.round(x * 100) / 100;
function shapePath(shape, x, y, w, h, fill) {
  const poly = pts => '<polygon points="' + pts.map(([a, b]) => num(x + a * w / 2) + "," + num(y + b * h / 2)).join(" ")
    + '" fill="' + fill + '"/>';
  if (shape === "ellipse") return '<ellipse cx="' + num(x) + '" cy="' + num(y) + '" rx="' + w / 2 + '" ry="' + h / 2 + '" fill="' + fill + '"/>';
  if (shape === "diamond") return poly([[0, -1], [1, 0], [0, 1], [-1, 0]]);
  if (shape === "hexagon") return poly([[-1, 0], [-0.5, -1], [0.5, -1], [1, 0], [0.5, 1], [-0.5, 1]]);
  if (shape === "tag") return poly([[-1, -1], [0.5, -1], [1, 0], [0.5, 1], [-1, 1]]);
  return '<rect x="' + num(x - w / 2) + '" y="' + num(y - h / 2) + '" width="' + w + '" height="' + h + '"'
    + (shape === "rectangle" ? "" : ' rx="4"') + ' fill="' + fill + '"/>';
}
function svgText() {
  const shown = cy.elements().not(".hidden");
  const bb = shown.boundingBox({ includeLabels: true }), pad = 20;
  const out = ['<svg xmlns="http://www.w3.org/2000/svg" version="1.1" viewBox="' + [num(bb.x1 - pad), num(bb.y1 - pad),
    num(bb.w + 2 * pad), num(bb.h + 2 * pad)].join(" ") + '" width="' + num(bb.w + 2 * pad) + '" height="'
    + num(bb.h + 2 * pad) + '" font-family="Helvetica, Arial, sans-serif">',
    '<rect x="' + num(bb.x1 - pad) + '" y="' + num(bb.y1 - pad) + '" width="' + num(bb.w + 2 * pad) + '" height="'
    + num(bb.h + 2 * pad) + '" fill="#ffffff"/>'];
  for (const e of shown.edges()) {
    const s = e.sourceEndpoint(), t = e.targetEndpoint(), cp = e.controlPoints(), co = e.hasClass("co");
    const via = cp && cp.length ? cp[0] : s;
    out.push('<path d="M' + num(s.x) + "," + num(s.y) + (cp && cp.length ? " Q" + num(via.x) + "," + num(via.y) + " " : " L")
      + num(t.x) + "," + num(t.y) + '" fill="none" stroke="' + (co ? "#c4c4c4" : "#999999") + '" stroke-width="1"'
      + (co ? ' stroke-dasharray="4 3"' : "") + "/>");
    if (!co) {
      const len = Math.hypot(t.x - via.x, t.y - via.y) || 1, ux = (t.x - via.x) / len, uy = (t.y - via.y) / len;
      out.push('<polygon points="' + [[t.x, t.y], [t.x - 7 * ux - 3.5 * uy, t.y - 7 * uy + 3.5 * ux],
        [t.x - 7 * ux + 3.5 * uy, t.y - 7 * uy - 3.5 * ux]].map(p => num(p[0]) + "," + num(p[1])).join(" ") + '" fill="#999999"/>');
    }
    const m = e.midpoint();
    let angle = Math.atan2(t.y - s.y, t.x - s.x) * 180 / Math.PI;
    if (angle > 90) angle -= 180; else if (angle < -90) angle += 180;
    out.push('<text x="' + num(m.x) + '" y="' + num(m.y) + '" font-size="' + (co ? 7 : 8) + '" fill="' + (co ? "#777777" : "#000000")
      + '" text-anchor="middle" dominant-baseline="middle" transform="rotate(' + num(angle) + " " + num(m.x) + " " + num(m.y)
      + ')">' + esc(co ? e.data("count") : e.data("property")) + "</text>");
  }
  for (const n of shown.nodes()) {
    const p = n.position(), w = n.width(), h = n.height();
    out.push(shapePath(n.data("shape"), p.x, p.y, w, h, n.data("color")));
    n.data("text").split("\\n").forEach((line, i) => out.push('<text x="' + num(p.x) + '" y="' + num(p.y + h / 2 + 3 + 10 + i * 12)
      + '" font-size="10" text-anchor="middle">' + esc(line) + "</text>"));
  }
  out.push("</svg>");
  return out.join("\\n");
}
$("png").addEventListener("click", () => download(cy.png({ output: "blob", full: true, scale: 2, bg: "#ffffff",
                                                            maxWidth: 8000, maxHeight: 8000 }), "graph.png"));
$("svg").addEventListener("click", () => download(new Blob([svgText()], { type: "image/svg+xml" }), "graph.svg"));
$("relayout").addEventListener("click", arrange);

window.layoutDone = false;
cy.ready(() => {
  arrange();
  count();
  window.layoutDone = true;
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
 <p><button id="relayout">Lay out again</button> <button id="png">Save PNG</button> <button id="svg">Save SVG</button></p>
 <p class="note">Entities no relation links are below the graph, one block a class.</p>
 <h3>Filters</h3>
 <div id="legend"></div>
 <div id="properties"></div>
 <label>Minimum confidence <input id="confidence" type="number" min="0" max="1" step="0.05" value="0"></label>
 <label>Document <select id="document"><option value="">All documents</option></select></label>
 <label><input id="co" type="checkbox"> Co-mentions: entities named together (dashed, with a count), by
 <select id="co-by"><option value="document">documents</option><option value="sentence">stored sentences</option></select></label>
 <p id="co-note" class="note"></p>
 <h3 id="details-heading">Details</h3>
 <div id="details">Click a node or an edge.</div>
 <div id="reading"></div>
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


def html_page(G: nx.MultiDiGraph, *, reading: Reading | None = None) -> str:
    """The text of the self-contained page.

    G (nx.MultiDiGraph): The entity view.
    reading (Reading): Its mentions, supporting sentences and co-mentions (`reading.reading_data`);
        without it the page shows the graph and each relation's one sentence.
    """
    data = cyjs_data(G)
    for node in data["elements"]["nodes"]:
        node["data"]["shape"] = shape(node["data"]["cls"])
    classes = sorted({node["data"]["cls"] for node in data["elements"]["nodes"]} | set(CLASS_COLORS))
    legend = {"colors": {c: hex_color(c) for c in classes}, "shapes": {c: shape(c) for c in classes},
              "order": list(CLASS_COLORS)}
    library = _fill(_LIBRARY, version=CYTOSCAPE_VERSION, license=_license("cytoscape"),
                    cytoscape=(STATIC / "cytoscape.min.js").read_text(encoding="utf-8"),
                    **{part: (STATIC / f"{name}.min.js").read_text(encoding="utf-8")
                       for part, (name, _) in LAYOUT_LIBRARIES.items()},
                    **{part + "version": version for part, (_, version) in LAYOUT_LIBRARIES.items()},
                    **{part + "license": _license(name) for part, (name, _) in LAYOUT_LIBRARIES.items()})
    app = _fill(_APP, graph=script_json(data), legend=script_json(legend),
                reading=script_json(reading_json(reading or Reading(), G)))
    policy = content_security_policy([library, app], [_STYLE, CYTOSCAPE_STYLE])
    return _fill(_PAGE, policy=policy, css=_STYLE, library=library, app=app)


def _license(name: str) -> str:
    return (STATIC / f"{name}.LICENSE").read_text(encoding="utf-8").replace("*/", "* /")


def reading_json(reading: Reading, G: nx.MultiDiGraph) -> dict:
    """What the page reads besides the graph, keyed by the ids `cyjs_data` gives (texts hold
    the characters XML allows, offsets count UTF-16 code units as JavaScript does).

    RETURNS (dict): {"docs": [[iri, name]], "nodeDocs": {node: [doc index]}, "mentions": {node:
        {"n": count, "s": [[doc index, text, marks, stored]]}}, "evidence": {edge id: {"n": count,
        "s": [[doc index, text, marks, confidence, rule]]}}, "co": {"pairs": [[a, b, documents]],
        "total": pairs, "leftOut": bool, "sentences": [[a, b, sentences]]}, "limits": {...}}.
    """
    docs = sorted({*reading.documents, *(d for ds in reading.entity_documents.values() for d in ds),
                   *(s.document for ss in (*reading.mentions.values(), *reading.evidence.values()) for s in ss)})
    index = {doc: i for i, doc in enumerate(docs)}

    def sentence(s: Sentence) -> list:
        text = xml_chars(s.text)
        return [index[s.document], text, [[_utf16(text, a), _utf16(text, b)] for a, b in s.marks]]

    return {
        "docs": [[xml_chars(d), xml_chars(reading.documents.get(d, d.rsplit("/", 1)[-1]))] for d in docs],
        "nodeDocs": {xml_chars(e): [index[d] for d in ds] for e, ds in reading.entity_documents.items() if e in G},
        "mentions": {xml_chars(e): {"n": reading.mention_counts.get(e, len(ss)),
                                    "s": [[*sentence(s), 1 if s.stored else 0] for s in ss]}
                     for e, ss in reading.mentions.items() if e in G},
        "evidence": {edge_id(xml_chars(s), xml_chars(p), xml_chars(o)): {
                         "n": reading.evidence_counts.get((s, p, o), len(ss)),
                         "s": [[*sentence(x), x.confidence, x.rule] for x in ss]}
                     for (s, p, o), ss in reading.evidence.items() if G.has_edge(s, o, p)},
        "co": {"pairs": [[xml_chars(a), xml_chars(b), n] for a, b, n in reading.co_mentions if a in G and b in G],
               "total": reading.co_mention_pairs, "leftOut": reading.co_mentions_left_out,
               "sentences": [[xml_chars(a), xml_chars(b), n] for a, b, n in reading.sentence_co_mentions
                             if a in G and b in G]},
        "limits": {"entity": ENTITY_SENTENCES, "relation": RELATION_SENTENCES},
    }


def _utf16(text: str, i: int) -> int:
    """The offset in UTF-16 code units of the character at `i`."""
    return i if text.isascii() else len(text[:i].encode("utf-16-le", "surrogatepass")) // 2


def _fill(template: str, **parts: str) -> str:
    """The template with each __NAME__ replaced by parts["name"], in one pass (a part that holds
    __NAME__ text stays as it is)."""
    return _PLACEHOLDER.sub(lambda m: parts[m[1].lower()], template)


def write_html(G: nx.MultiDiGraph, out: Path, *, reading: Reading | None = None) -> None:
    """Write the entity view as one offline HTML page, with the text behind it if given.

    Examples
    --------
    >>> write_html(G := entity_view(store), Path("graph.html"), reading=reading_data(store, G))  # doctest: +SKIP
    """
    out.write_text(html_page(G, reading=reading), encoding="utf-8")
