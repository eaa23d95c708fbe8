"""graph.html in a real browser: Debian's headless Chromium driven by Playwright (no browser download).

Skipped when no Chromium binary is installed; `.ci/run` installs Debian's `chromium`.
"""

import shutil
from pathlib import Path

import pytest

from builder.views.entity_view import entity_view
from builder.views.exports import export
from builder.views.exports._text import xml_chars

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or next(
    (p for p in ("/usr/bin/chromium", "/usr/bin/chromium-browser") if Path(p).exists()), None)
if CHROMIUM is None:
    pytest.skip("no chromium binary (Debian package `chromium`; .ci/run installs it)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is in the `test` extra")

# How this machine runs Chromium: no sandbox as root, no GPU, and none of its background traffic.
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACT = Path(__file__).resolve().parents[2] / "output" / "test-artifacts" / "graph-html.png"
LOCAL = ("file:", "data:", "about:", "blob:")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    with sync_api.sync_playwright() as pw:
        # launch_persistent_context is the only way to hand Chromium a fresh --user-data-dir.
        context = pw.chromium.launch_persistent_context(
            str(tmp_path_factory.mktemp("chromium-profile")), executable_path=CHROMIUM, headless=True,
            args=FLAGS, viewport={"width": 1280, "height": 800}, offline=True)
        yield context
        context.close()


@pytest.fixture
def graph(small_store, tmp_path):
    [path] = export(small_store, "html", tmp_path / "graph.html")
    return path, entity_view(small_store)


# Records what the page does that it should not: CSP violations and dialogs (alert, confirm).
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation",
  e => window.__violations.push(e.violatedDirective + " " + e.blockedURI + " " + (e.sample || "")));
"""


def open_page(browser, path: Path):
    """The page at `path`, loaded and laid out; `page.requests`, `page.errors` and `page.dialogs`
    record what it did.

    Waits are written as functions ("() => ..."): Playwright polls a bare expression with eval,
    which the page's Content-Security-Policy refuses.
    """
    page = browser.new_page()
    page.requests, page.errors, page.dialogs = [], [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    page.route(lambda url: not url.startswith(LOCAL), lambda route: route.abort())
    page.add_init_script(WATCH)
    page.goto(path.as_uri())
    page.wait_for_function("() => window.layoutDone === true", timeout=15_000)
    return page


@pytest.fixture
def page(browser, graph):
    page = open_page(browser, graph[0])
    yield page
    page.close()


def assert_offline(page):
    assert page.requests, "the page load itself should be recorded"
    assert [u for u in page.requests if not u.startswith(LOCAL)] == []
    assert page.errors == []
    assert page.dialogs == []
    assert page.evaluate("window.__violations") == []


def test_renders_every_node_and_edge_of_the_entity_view(page, graph):
    _, G = graph
    found = page.evaluate("""() => {
      const w = cy.width(), h = cy.height();
      const inside = p => Number.isFinite(p.x) && Number.isFinite(p.y) && p.x >= 0 && p.x <= w && p.y >= 0 && p.y <= h;
      return {
        nodes: cy.nodes().map(n => n.id()).sort(),
        edges: cy.edges().map(e => [e.source().id(), e.data("property"), e.target().id()]),
        hidden: cy.elements().filter(e => !e.visible()).map(e => e.id()),
        outside: cy.nodes().filter(n => !inside(n.renderedPosition())).map(n => n.id())
          .concat(cy.edges().filter(e => !inside(e.renderedMidpoint())).map(e => e.id())),
        size: [w, h],
        counts: document.getElementById("counts").textContent,
      };
    }""")
    assert len(found["nodes"]) == G.number_of_nodes()
    assert found["nodes"] == sorted(G.nodes)
    assert len(found["edges"]) == G.number_of_edges()
    assert sorted(map(tuple, found["edges"])) == sorted((s, k, o) for s, o, k in G.edges(keys=True))
    assert found["size"][0] > 0 and found["size"][1] > 0
    assert found["hidden"] == [] and found["outside"] == []
    assert found["counts"] == f"{G.number_of_nodes()} entities, {G.number_of_edges()} relations"
    legend = page.inner_text("#legend")
    for cls in {d["cls"] for _, d in G.nodes(data=True)}:
        assert cls in legend
    assert_offline(page)


@pytest.mark.parametrize("query", ["Tomas Eriksen", "holt"])
def test_searching_a_name_selects_its_node(page, graph, query):
    _, G = graph
    [expected] = [n for n, d in G.nodes(data=True)
                  if any(query.lower() in name.lower() for name in [d["label"], *d["alt_labels"]])]
    page.click("#search")
    page.keyboard.type(query)
    page.wait_for_function("() => cy.$(':selected').length > 0")
    assert page.evaluate("cy.$(':selected').map(e => e.id())") == [expected]
    assert page.evaluate("id => cy.getElementById(id).selected()", expected)
    page.fill("#search", "")
    page.wait_for_function("() => cy.$(':selected').length === 0")
    assert_offline(page)


def test_clicking_an_edge_shows_its_evidence(page, graph, tmp_path_factory):
    _, G = graph
    # The edge whose midpoint lies farthest from every node and every other edge's label, so that
    # a click there can only hit that edge.
    target = page.evaluate("""() => {
      const box = cy.container().getBoundingClientRect();
      const far = (p, e) => Math.min(
        ...cy.nodes().map(n => { const b = n.renderedBoundingBox();
          return Math.max(b.x1 - p.x, p.x - b.x2, b.y1 - p.y, p.y - b.y2); }),
        ...cy.edges().not(e).map(o => Math.hypot(o.renderedMidpoint().x - p.x, o.renderedMidpoint().y - p.y)));
      const best = cy.edges().map(e => ({ e, d: far(e.renderedMidpoint(), e) })).sort((a, b) => b.d - a.d)[0];
      const m = best.e.renderedMidpoint();
      return { id: best.e.id(), source: best.e.source().id(), key: best.e.data("property"),
               target: best.e.target().id(), x: box.left + m.x, y: box.top + m.y, clearance: best.d };
    }""")
    assert target["clearance"] > 5, target
    data = G.edges[target["source"], target["target"], target["key"]]
    page.mouse.click(target["x"], target["y"])
    details = page.inner_text("#details")
    source, dest = G.nodes[target["source"]]["label"], G.nodes[target["target"]]["label"]
    assert details.startswith(f"{source} {target['key']} {dest}")
    assert "Evidence: " + data["sentence"] in details
    for doc in data["documents"]:
        assert doc in details
    assert page.evaluate("id => cy.getElementById(id).selected()", target["id"])

    shot = tmp_path_factory.mktemp("artifacts") / "graph-html.png"
    page.screenshot(path=str(shot), full_page=True)
    assert shot.stat().st_size > 10_000
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(shot, ARTIFACT)
    assert_offline(page)


def test_runs_under_a_policy_that_blocks_injected_script(page):
    policy = page.get_attribute('meta[http-equiv="Content-Security-Policy"]', "content")
    assert "default-src 'none'" in policy and "unsafe" not in policy
    assert_offline(page)
    # The policy is enforced: a script added to the page does not run, and is reported.
    page.evaluate("""() => {
      const s = document.createElement("script");
      s.textContent = "window.__injected = true";
      document.body.append(s);
    }""")
    page.wait_for_function("() => window.__violations.length > 0")
    assert page.evaluate("window.__injected") is None
    assert page.evaluate("window.__violations")[0].startswith("script-src")


@pytest.fixture
def hostile(browser, hostile_store, tmp_path):
    """graph.html of the hostile article (tests/views/conftest.py), opened, and its entity view."""
    [path] = export(hostile_store, "html", tmp_path / "graph.html")
    page = open_page(browser, path)
    yield page, entity_view(hostile_store)
    page.close()


def test_hostile_names_and_sentences_run_nothing_and_show_as_written(hostile, hostile_store):
    page, G = hostile
    found = page.evaluate("""() => {
      const details = document.getElementById("details"), reading = document.getElementById("reading");
      const shown = els => els.map(el => {
        el.emit("tap");
        return [el.id(), details.textContent, details.childElementCount,
                [...reading.querySelectorAll("mark")].map(m => m.textContent),
                [...reading.querySelectorAll("*")].map(e => e.tagName), reading.textContent];
      });
      return {
        labels: cy.nodes().map(n => [n.id(), n.data("label")]),
        nodes: shown(cy.nodes()),
        edges: shown(cy.edges()),
        elements: document.querySelectorAll("script, img, svg, iframe, object, embed").length,
        counts: document.getElementById("counts").textContent,
      };
    }""")
    page.evaluate("() => new Promise(done => setTimeout(done, 300))")  # for image errors and the like
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert page.dialogs == []
    assert_offline(page)
    assert dict(found["labels"]) == {n: d["label"] for n, d in G.nodes(data=True)}
    assert found["counts"] == f"{G.number_of_nodes()} entities, {G.number_of_edges()} relations"
    assert found["elements"] == 2  # the page's own two scripts, nothing the text could add
    for node, text, children, *_ in found["nodes"]:
        assert children == 0 and text.startswith("Name: " + G.nodes[node]["label"] + "\n")
    sentences = {d["sentence"] for _, _, d in G.edges(data=True)}
    assert {t.split("Evidence: ", 1)[1].split("\n\nDocuments:")[0] for _, t, *_ in found["edges"]} == sentences
    assert all(children == 0 for _, _, children, *_ in found["edges"])
    # The reading panel: only the page's own elements, mentions and sentences as written.
    forms = {xml_chars(r["form"].value) for r in hostile_store.solutions(
        KG + "SELECT ?form WHERE { ?m a kg:Mention ; kg:surfaceForm ?form }")}
    for node, _, _, marks, tags, _ in found["nodes"]:
        assert set(tags) <= {"H3", "H4", "P", "MARK"}
        assert marks and set(marks) <= forms, node
    assert {m for _, _, _, marks, _, _ in found["nodes"] for m in marks} == forms
    for *_, tags, text in found["edges"]:
        assert set(tags) <= {"H3", "H4", "P", "MARK"}
        assert any(xml_chars(s) in text for s in sentences)


def test_searching_a_hostile_name_selects_its_node(hostile):
    page, G = hostile
    [expected] = [n for n, d in G.nodes(data=True) if d["label"].startswith("<img")]
    page.click("#search")
    page.keyboard.type("<img src=x onerror")
    page.wait_for_function("() => cy.$(':selected').length > 0")
    assert page.evaluate("cy.$(':selected').map(e => e.id())") == [expected]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert_offline(page)


# -- A reader's tool (issue 17): legible layout, co-mentions, filters, the text, PNG and SVG ----

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT.parent / "shared" / "data" / "seed_article.txt"
KG = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
"""
# Pairs of nodes whose boxes with labels intersect, and the boxes of each class's unlinked nodes.
LABEL_BOXES = """() => {
  const boxes = cy.nodes().map(n => [n.id(), n.boundingBox({ includeLabels: true })]);
  const hits = [];
  for (let i = 0; i < boxes.length; i++)
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, p] = boxes[i], [b, q] = boxes[j];
      if (p.x1 < q.x2 && q.x1 < p.x2 && p.y1 < q.y2 && q.y1 < p.y2) hits.push([a, b]);
    }
  const groups = {};
  for (const n of cy.nodes().filter(n => n.connectedEdges().length === 0)) {
    const b = n.boundingBox({ includeLabels: true }), g = groups[n.data("cls")];
    groups[n.data("cls")] = g ? { x1: Math.min(g.x1, b.x1), y1: Math.min(g.y1, b.y1), x2: Math.max(g.x2, b.x2),
                                  y2: Math.max(g.y2, b.y2) } : b;
  }
  return { hits, groups, multiline: cy.nodes().filter(n => n.data("text").includes("\\n")).map(n => n.data("label")) };
}"""


def artifact(page, name: str) -> Path:
    """A screenshot of the page in output/test-artifacts/."""
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    path = ARTIFACT.parent / name
    page.screenshot(path=str(path))
    assert path.stat().st_size > 10_000
    return path


@pytest.fixture(scope="module")
def articles(tmp_path_factory):
    """graph.html built by kg from the seed article and from examples/, by name."""
    from typer.testing import CliRunner

    from builder.cli import app

    built = {}
    for name, source in [("seed", SEED), ("examples", ROOT / "examples")]:
        if not source.exists():
            continue
        out = tmp_path_factory.mktemp(name)
        result = CliRunner().invoke(app, ["build", str(source), "--out", str(out)])
        assert result.exit_code == 0, result.output
        built[name] = out / "graph.html"
    return built


@pytest.mark.model
@pytest.mark.parametrize("name", ["seed", "examples"])
def test_no_two_labels_overlap_and_unlinked_entities_are_grouped_by_class(browser, articles, name):
    if name not in articles:
        pytest.skip("shared/data is not beside the repository")
    page = open_page(browser, articles[name])
    found = page.evaluate(LABEL_BOXES)
    assert found["hits"] == []
    assert found["multiline"], "long names are wrapped"
    groups = list(found["groups"].items())
    assert len(groups) > 1
    for i, (cls, p) in enumerate(groups):
        for other, q in groups[i + 1:]:
            assert not (p["x1"] < q["x2"] and q["x1"] < p["x2"] and p["y1"] < q["y2"] and q["y1"] < p["y2"]), (cls, other)
    artifact(page, f"graph-html-{name}.png")
    assert_offline(page)
    page.close()


def test_the_co_mention_toggle_adds_the_co_mentions_of_the_store(page, small_store):
    query = (ROOT / "queries" / "co-mentions.rq").read_text(encoding="utf-8").replace("LIMIT 50", "")  # every pair
    expected = {(r["a"].value, r["b"].value): int(r["documents"].value) for r in small_store.solutions(query)}
    page.check("#co")
    found = page.evaluate("""() => cy.edges(".co").map(e => [e.source().id(), e.target().id(), e.data("count"),
                                                              e.style("line-style")])""")
    assert {(a, b): n for a, b, n, _ in found} == expected and len(found) == len(expected)
    assert {style for *_, style in found} == {"dashed"}
    entities, relations = page.evaluate("() => [cy.nodes().length, cy.edges('.rel').length]")
    assert page.inner_text("#counts") == f"{entities} entities, {relations} relations, {len(expected)} co-mention pairs"
    page.select_option("#co-by", "sentence")
    by_sentence = page.evaluate("() => cy.edges('.co').map(e => [e.source().id(), e.target().id(), e.data('count')])")
    assert by_sentence and {(a, b) for a, b, _ in by_sentence} <= set(expected)
    page.uncheck("#co")
    assert page.evaluate("() => cy.edges('.co').length") == 0
    assert page.inner_text("#counts") == f"{entities} entities, {relations} relations"
    assert_offline(page)


NEXT_FRAME = "() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))"
ENTITIES = "GRAPH <https://w3id.org/newskg/graph/entities> { ?e a ?class }"
RELATIONS = """SELECT (COUNT(*) AS ?n) WHERE { SELECT DISTINCT ?s ?p ?o WHERE {
  GRAPH ?g { ?s ?p ?o } FILTER (?g != <https://w3id.org/newskg/graph/entities>) %s
  VALUES ?p { kg:employer kg:headOf kg:memberOf kg:spokespersonFor kg:partOf kg:partyTo kg:citizenOf kg:metWith
              kg:locatedIn kg:near kg:country kg:jurisdiction kg:headquarters kg:residence }
  GRAPH <https://w3id.org/newskg/graph/entities> { ?s a ?sc . ?o a ?oc } } }"""
DOC_A = "https://w3id.org/newskg/doc/fixture/a.txt"
# What each filter keeps, in SPARQL: entities, then relations between them.
FILTERS = {
    "class": ("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { %s FILTER (?class = kg:Person) }" % ENTITIES,
              RELATIONS % "FILTER (?sc = kg:Person && ?oc = kg:Person)"),
    "property": ("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { %s }" % ENTITIES, RELATIONS % "FILTER (?p = kg:employer)"),
    "confidence": ("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { %s }" % ENTITIES, RELATIONS % """
      FILTER EXISTS { GRAPH ?h { ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:confidence ?c }
                      FILTER (?c >= 0.9) }"""),
    "document": ("SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <%s> { ?d kg:mentions ?e } }" % DOC_A,
                 RELATIONS % f"FILTER (?g = <{DOC_A}>)"),
}


@pytest.mark.parametrize("kind", FILTERS)
def test_each_filter_gives_the_counts_a_sparql_query_gives(page, small_store, kind):
    entities, relations = (int(next(iter(small_store.solutions(KG + q)))["n"].value) for q in FILTERS[kind])
    total = page.evaluate("() => [cy.nodes().length, cy.edges().length]")
    if kind == "class":
        for box in page.query_selector_all("#legend input"):
            if box.get_attribute("value") != "Person":
                box.uncheck()
    elif kind == "property":
        for box in page.query_selector_all("#properties input"):
            if box.get_attribute("value") != "employer":
                box.uncheck()
    elif kind == "confidence":
        page.fill("#confidence", "0.9")
    else:
        page.select_option("#document", label="a.txt")
    assert (entities, relations) != tuple(total)
    page.evaluate(NEXT_FRAME)  # Cytoscape.js restyles on the next frame
    shown = page.evaluate("""() => [cy.nodes().filter(n => n.visible()).length,
                                    cy.edges().filter(e => e.visible()).length]""")
    assert shown == [entities, relations]
    assert page.inner_text("#counts") == f"{entities} entities, {relations} relations (of {total[0]} and {total[1]})"
    assert_offline(page)


def test_clicking_a_node_shows_its_mentions_marked_in_their_sentences(page, small_store):
    holt = "https://w3id.org/newskg/id/person/maren-holt"
    rows = small_store.solutions(KG + """SELECT DISTINCT ?t WHERE { GRAPH ?g {
      ?m kg:refersTo <%s> ; kg:startOffset ?ms ; kg:endOffset ?me .
      ?x kg:evidenceText ?t ; kg:startOffset ?s ; kg:endOffset ?e ; a rdf:Statement . FILTER (?s <= ?ms && ?me <= ?e) } }""" % holt)
    expected = {r["t"].value for r in rows}
    assert expected
    box = page.evaluate("""id => { const p = cy.getElementById(id).renderedPosition(),
                                         c = cy.container().getBoundingClientRect();
                                   return [c.left + p.x, c.top + p.y]; }""", holt)
    page.mouse.click(*box)
    assert page.inner_text("#details").startswith("Name: Maren Holt\n")
    shown = page.evaluate("""() => [...document.querySelectorAll("#reading p")].filter(p => p.querySelector("mark"))
      .map(p => [p.textContent, [...p.querySelectorAll("mark")].map(m => m.textContent)])""")
    assert {text for text, _ in shown} >= expected
    for text, marks in shown:
        if text in expected:
            assert marks and all(m in ("Maren Holt", "Holt") for m in marks)
    assert page.inner_text("#reading h4") == "a.txt"
    artifact(page, "graph-html-mentions.png")
    assert_offline(page)


def test_clicking_an_edge_lists_every_supporting_sentence(page, small_store):
    rows = small_store.solutions(KG + """SELECT ?s ?p ?o (COUNT(DISTINCT ?t) AS ?n) (GROUP_CONCAT(?t; SEPARATOR="\\n") AS ?ts)
      WHERE { GRAPH ?g { ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidenceText ?t } }
      GROUP BY ?s ?p ?o ORDER BY DESC(?n) LIMIT 1""")
    [row] = list(rows)
    assert int(row["n"].value) > 1
    edge = f'{row["s"].value} {row["p"].value.rsplit("#", 1)[1]} {row["o"].value}'
    page.evaluate("id => cy.getElementById(id).emit('tap')", edge)
    shown = page.evaluate("""() => [...document.querySelectorAll("#reading p")].filter(p => p.querySelector("mark"))
                                 .map(p => p.textContent)""")
    assert sorted(shown) == sorted(set(row["ts"].value.split("\n")))
    assert page.inner_text("#reading").count("confidence ") == len(shown)
    assert_offline(page)


def png_pixels(data: bytes) -> tuple[int, int]:
    """Width and height of a PNG, after checking each chunk's CRC and inflating its pixels."""
    import struct
    import zlib

    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, chunks = 8, []
    while at < len(data):
        (length,), kind = struct.unpack(">I", data[at:at + 4]), data[at + 4:at + 8]
        body = data[at + 8:at + 8 + length]
        assert struct.unpack(">I", data[at + 8 + length:at + 12 + length])[0] == zlib.crc32(kind + body)
        chunks.append((kind, body))
        at += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", chunks[0][1][:10])
    channels = {0: 1, 2: 3, 4: 2, 6: 4}[color]
    pixels = zlib.decompress(b"".join(body for kind, body in chunks if kind == b"IDAT"))
    assert len(pixels) == height * (1 + width * channels * depth // 8)
    return width, height


def test_the_view_saves_as_png_and_svg_that_decoders_open(page, browser, tmp_path):
    import base64
    import xml.etree.ElementTree as ET

    files = {}
    for button in ("png", "svg"):
        with page.expect_download() as download:
            page.click(f"#{button}")
        files[button] = tmp_path / download.value.suggested_filename
        download.value.save_as(files[button])
    assert sorted(p.name for p in files.values()) == ["graph.png", "graph.svg"]
    width, height = png_pixels(files["png"].read_bytes())
    assert width > 200 and height > 200
    svg = ET.parse(files["svg"]).getroot()
    assert svg.tag == "{http://www.w3.org/2000/svg}svg"
    texts = {t.text for t in svg.iter("{http://www.w3.org/2000/svg}text")}
    labels = page.evaluate("() => cy.nodes().map(n => n.data('text').split('\\n')).flat()")
    assert set(labels) <= texts and "employer" in texts
    # Chromium's own decoders draw both.
    viewer = browser.new_page()
    for name, kind in (("png", "image/png"), ("svg", "image/svg+xml")):
        url = f"data:{kind};base64," + base64.b64encode(files[name].read_bytes()).decode()
        size = viewer.evaluate("""url => new Promise((done, fail) => { const img = new Image();
          img.onload = () => { const c = document.createElement("canvas"); c.width = img.naturalWidth; c.height = img.naturalHeight;
            const g = c.getContext("2d"); g.drawImage(img, 0, 0);
            const px = g.getImageData(0, 0, c.width, c.height).data; let ink = 0;
            for (let i = 0; i < px.length; i += 4) if (px[i] < 200) ink++;
            done([img.naturalWidth, img.naturalHeight, ink]); };
          img.onerror = () => fail(new Error("not decoded")); img.src = url; })""", url)
        assert size[0] > 100 and size[1] > 100 and size[2] > 100, (name, size)
    viewer.close()
    assert_offline(page)


def test_a_big_view_lays_out_without_overlapping_labels(browser, tmp_path):
    """Over 500 nodes the page takes fCoSE's draft layout, dense enough to need every step of
    the overlap pass."""
    import random

    import networkx as nx

    from builder.views.exports.html import write_html

    rng = random.Random(1)
    G = nx.MultiDiGraph()
    for i in range(900):
        G.add_node(f"n{i}", label=f"Entity number {i} of the view", cls=rng.choice(["Person", "Settlement"]),
                   alt_labels=[], documents=1, mentions=1)
    for _ in range(1800):
        s, o = rng.sample(range(800), 2)
        G.add_edge(f"n{s}", f"n{o}", key="metWith", property="metWith", confidence=0.5, support=1, sentence="",
                   documents=[])
    write_html(G, tmp_path / "graph.html")
    page = open_page(browser, tmp_path / "graph.html")
    assert page.evaluate(LABEL_BOXES)["hits"] == []
    assert page.evaluate("() => cy.nodes().length") == 900
    assert_offline(page)
    page.close()
