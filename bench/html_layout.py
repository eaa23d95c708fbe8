"""graph.html on a big entity view: load and layout time in headless Chromium.

Usage (from the repository root):
    .venv/bin/python bench/html_layout.py [--nodes 3000] [--edges 6000] [--runs 3] [--page FILE]

A synthetic entity view (seeded: names of two or three words, kg's classes, relations with
confidence, a sentence and documents; a tenth of the nodes with no relation) is written as
graph.html with the reading data the page embeds (mentions with their sentences, every
supporting sentence, co-mentions), opened in Debian's headless Chromium (Playwright, as
tests/views/test_html_browser.py does) and timed from navigation until the page says its
layout is done (`window.layoutDone`). Prints the page size and the median of `--runs` runs.
`--page` times a page written before instead (the same synthetic view from an earlier kg).
"""

import argparse
import inspect
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.views.exports import html  # noqa: E402

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# Pairs of nodes whose boxes with labels intersect.
OVERLAPS = """() => {
  const b = cy.nodes().map(n => n.boundingBox({ includeLabels: true })).sort((p, q) => p.x1 - q.x1);
  let found = 0;
  for (let i = 0; i < b.length; i++)
    for (let j = i + 1; j < b.length && b[j].x1 < b[i].x2; j++)
      if (b[i].y1 < b[j].y2 && b[j].y1 < b[i].y2) found++;
  return found;
}"""
CLASSES = ["Person", "Person", "Person", "GovernmentAgency", "Organization", "Settlement", "Country",
           "Agreement", "LabourUnion"]
PROPERTIES = ["employer", "headOf", "memberOf", "locatedIn", "partOf", "citizenOf", "metWith"]
WORDS = ["North", "Border", "Public", "Safety", "Agency", "River", "Council", "Union", "Marie", "Daniel",
         "Okafor", "Tremblay", "Commission", "Ministry", "Accord", "Saint", "Lake", "Workers", "Federal"]


def synthetic_view(nodes: int, edges: int, seed: int = 0) -> nx.MultiDiGraph:
    """An entity view of `nodes` entities and `edges` relations among nine tenths of them."""
    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(nodes):
        label = " ".join(rng.choice(WORDS) for _ in range(rng.choice((2, 2, 3)))) + f" {i}"
        G.add_node(f"https://w3id.org/newskg/id/e/{i}", label=label, cls=rng.choice(CLASSES), alt_labels=[],
                   documents=rng.randint(1, 5), mentions=rng.randint(1, 20))
    ids = list(G)
    linked = ids[: nodes * 9 // 10]
    while G.number_of_edges() < edges:
        s, o = rng.sample(linked, 2)
        prop = rng.choice(PROPERTIES)
        if not G.has_edge(s, o, prop):
            G.add_edge(s, o, key=prop, property=prop, confidence=round(rng.uniform(0.4, 1.0), 2),
                       support=1, sentence=f"{G.nodes[s]['label']} and {G.nodes[o]['label']} in a sentence.",
                       documents=[f"https://w3id.org/newskg/doc/d{rng.randint(0, 499)}.txt"])
    return G


def synthetic_reading(G: nx.MultiDiGraph, seed: int = 0) -> dict:
    """Reading data shaped as `reading.reading_data` returns it: two sentences a node, the
    edges' own sentence, co-mentions of entities sharing a document."""
    from builder.views.reading import Reading, Sentence

    rng = random.Random(seed)
    reading = Reading()
    docs: dict[str, list[str]] = {}
    for n, d in G.nodes(data=True):
        for k in range(2):
            doc = f"https://w3id.org/newskg/doc/d{rng.randint(0, 499)}.txt"
            docs.setdefault(doc, []).append(n)
            text = f"In sentence {k}, {d['label']} was named."
            start = text.index(d["label"])
            reading.mentions.setdefault(n, []).append(Sentence(doc, text, ((start, start + len(d["label"])),)))
            reading.mention_counts[n] = 2
    for s, o, k, d in G.edges(keys=True, data=True):
        reading.evidence[(s, k, o)] = [Sentence(d["documents"][0], d["sentence"], ())]
        reading.evidence_counts[(s, k, o)] = 1
    pairs: dict[tuple[str, str], int] = {}
    for members in docs.values():
        for i, a in enumerate(sorted(set(members))):
            for b in sorted(set(members))[i + 1:]:
                pairs[(a, b)] = pairs.get((a, b), 0) + 1
    reading.co_mentions = sorted(((a, b, n) for (a, b), n in pairs.items()), key=lambda t: (-t[2], t[0], t[1]))
    reading.co_mention_pairs = len(pairs)
    reading.documents = {doc: doc.rsplit("/", 1)[-1] for doc in docs}
    return reading


def page_text(G: nx.MultiDiGraph) -> str:
    if "reading" in inspect.signature(html.html_page).parameters:
        return html.html_page(G, reading=synthetic_reading(G))
    return html.html_page(G)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=3000)
    parser.add_argument("--edges", type=int, default=6000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--page", type=Path, help="time this page instead (e.g. one an earlier kg wrote)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    G = synthetic_view(args.nodes, args.edges)
    with tempfile.TemporaryDirectory() as tmp:
        path = args.page.resolve() if args.page else Path(tmp) / "graph.html"
        if not args.page:
            path.write_text(page_text(G), encoding="utf-8")
            print(f"{args.nodes} nodes, {G.number_of_edges()} edges: ", end="")
        print(f"page {path.stat().st_size / 1e6:.2f} MB")
        times = []
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"), executable_path=chromium, headless=True, args=FLAGS,
                viewport={"width": 1280, "height": 800}, offline=True)
            for run in range(args.runs):
                page = context.new_page()
                start = time.perf_counter()
                page.goto(path.as_uri())
                page.wait_for_function("() => window.layoutDone === true", timeout=120_000, polling=20)
                times.append(time.perf_counter() - start)
                overlaps = page.evaluate(OVERLAPS)
                print(f"run {run + 1}: {times[-1]:.2f} s (label boxes overlapping: {overlaps})")
                page.close()
            context.close()
    print(f"median {statistics.median(times):.2f} s, min {min(times):.2f} s, max {max(times):.2f} s")


if __name__ == "__main__":
    main()
