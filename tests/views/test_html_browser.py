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


def test_hostile_names_and_sentences_run_nothing_and_show_as_written(hostile):
    page, G = hostile
    found = page.evaluate("""() => {
      const details = document.getElementById("details");
      const shown = els => els.map(el => {
        el.emit("tap");
        return [el.id(), details.textContent, details.childElementCount];
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
    for node, text, children in found["nodes"]:
        assert children == 0 and text.startswith("Name: " + G.nodes[node]["label"] + "\n")
    sentences = {d["sentence"] for _, _, d in G.edges(data=True)}
    assert {t.split("Evidence: ", 1)[1].split("\n\nDocuments:")[0] for _, t, _ in found["edges"]} == sentences
    assert all(children == 0 for _, _, children in found["edges"])


def test_searching_a_hostile_name_selects_its_node(hostile):
    page, G = hostile
    [expected] = [n for n, d in G.nodes(data=True) if d["label"].startswith("<img")]
    page.click("#search")
    page.keyboard.type("<img src=x onerror")
    page.wait_for_function("() => cy.$(':selected').length > 0")
    assert page.evaluate("cy.$(':selected').map(e => e.id())") == [expected]
    assert page.evaluate("typeof window.__pwned") == "undefined"
    assert_offline(page)
