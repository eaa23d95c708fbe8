"""graph.html in a real browser: Debian's headless Chromium driven by Playwright (no browser download).

Skipped when no Chromium binary is installed; `.ci/run` installs Debian's `chromium`.
"""

import shutil
from pathlib import Path

import pytest

from builder.views.entity_view import entity_view
from builder.views.exports import export

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


@pytest.fixture
def page(browser, graph):
    """The exported page, loaded and laid out; `page.requests` and `page.errors` record what it did."""
    path, _ = graph
    page = browser.new_page()
    page.requests, page.errors = [], []
    page.on("request", lambda r: page.requests.append(r.url))
    page.on("pageerror", lambda e: page.errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and page.errors.append(m.text))
    page.route(lambda url: not url.startswith(LOCAL), lambda route: route.abort())
    page.goto(path.as_uri())
    page.wait_for_function("window.layoutDone === true", timeout=15_000)
    yield page
    page.close()


def assert_offline(page):
    assert page.requests, "the page load itself should be recorded"
    assert [u for u in page.requests if not u.startswith(LOCAL)] == []
    assert page.errors == []


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
    page.wait_for_function("cy.$(':selected').length > 0")
    assert page.evaluate("cy.$(':selected').map(e => e.id())") == [expected]
    assert page.evaluate("id => cy.getElementById(id).selected()", expected)
    page.fill("#search", "")
    page.wait_for_function("cy.$(':selected').length === 0")
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
