"""Time to rebuild one changed document in a large store: incremental entity refresh against a
full recompute of the entities graph, in the embedded store and through an Oxigraph server.

Usage (from the repository root):
    .venv/bin/python bench/bench_rebuild.py [--docs 10000] [--repeat 5] [--no-write]

The store is filled with synthetic document graphs made by the real mapping
(`mapping.document_graph`): each mentions 8 entities drawn from a pool with a Zipf-like
popularity (a few entities, like a country, appear in thousands of documents). Prints the
figures and rewrites the "Rebuilding one document" section of bench/RESULTS.md.
"""

import argparse
import itertools
import os
import platform
import random
import re
import statistics
import sys
import tempfile
import time
from datetime import date, datetime, timezone
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from builder.rdf.mapping import document_graph  # noqa: E402
from builder.extraction.records import Entity, Extraction, Relation, Span  # noqa: E402
from builder.sources import SourceDocument  # noqa: E402
from builder.store.remote import RemoteStore  # noqa: E402
from builder.store import KgStore, Store  # noqa: E402
from servers import oxigraph_server  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Rebuilding one document"
POOL = 20_000
KINDS = (("person", "Person"), ("organization", "GovernmentAgency"), ("place", "Settlement"))
WHEN = datetime(2026, 1, 1, tzinfo=timezone.utc)


def synthetic_document(doc_id: str, rng: random.Random, cum_weights: list[float], version: int = 0):
    """A document graph mentioning 8 entities of the pool, 1-2 mentions each, 3 relations."""
    picks = sorted(set(rng.choices(range(POOL), cum_weights=cum_weights, k=8)))
    entities, text, start = [], [], 0
    for i in picks:
        kind, cls = KINDS[i % 3]
        name = f"Name{i} Surname{i}"
        forms = [name, f"Surname{i}"][: 1 + (i + version) % 2]
        spans = []
        for form in forms:
            spans.append(Span(start, start + len(form), form))
            text.append(form)
            start += len(form) + 1
        entities.append(Entity(f"{kind}/name{i}-surname{i}", name, cls, spans))
    body = " ".join(text)
    whole = Span(0, len(body), body)
    relations = [Relation(a.key, "employer", b.key, whole, "synthetic", 0.7)
                 for a, b in zip(entities[:3], entities[1:4])]
    source = SourceDocument(doc_id, doc_id, body, f"sha256:{doc_id}-{version}")
    return document_graph(source, Extraction(entities, relations), pipeline="bench", processed_at=WHEN)


def fill(path: Path, docs: int, rng: random.Random, cum_weights: list[float]) -> tuple[int, float]:
    """Bulk-load `docs` document graphs and compute the entities graph; RETURNS (quads, seconds)."""
    started = time.perf_counter()
    lines = []
    for n in range(docs):
        g = synthetic_document(f"synthetic/{n}.txt", rng, cum_weights)
        name = g.identifier.n3()
        lines.extend(f"{s.n3()} {p.n3()} {o.n3()} {name} .\n" for s, p, o in g)
    with KgStore(path) as store:
        store.oxigraph.bulk_load("".join(lines).encode(), ox.RdfFormat.N_QUADS)
        store.refresh_entities(full=True)
        store.oxigraph.optimize()  # compacted, as a store is after its first hours of life
        quads = store.quad_count()
    return quads, time.perf_counter() - started


def changed_documents(rng: random.Random, cum_weights: list[float], docs: int, repeat: int) -> list:
    """`repeat` stored documents with new content (other entities, other forms)."""
    return [synthetic_document(f"synthetic/{rng.randrange(docs)}.txt", rng, cum_weights, version=r + 1)
            for r in range(repeat)]


def rebuild_times(store: Store, changed: list, *, full: bool) -> list[float]:
    """Seconds to replace each changed document and refresh the entities graph (after an
    untimed first one, which warms the caches)."""
    times = []
    for graph in changed[:1] + changed:
        started = time.perf_counter()
        store.replace_graph(graph)
        store.refresh_entities(full=full)
        times.append(time.perf_counter() - started)
    return times[1:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    rng = random.Random(5)
    cum_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(POOL)))
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "store"
        quads, seconds = fill(path, args.docs, rng, cum_weights)
        print(f"{args.docs} documents, {quads} quads, loaded in {seconds:.1f} s")
        changed = changed_documents(rng, cum_weights, args.docs, args.repeat)  # the same for every variant
        with KgStore(path) as store:
            for full in (False, True):
                rows.append(("embedded (KgStore)", "full recompute" if full else "incremental",
                             rebuild_times(store, changed, full=full)))
        with oxigraph_server(path) as url, RemoteStore(url) as store:
            for full in (False, True):
                rows.append(("oxigraph serve (RemoteStore)", "full recompute" if full else "incremental",
                             rebuild_times(store, changed, full=full)))
    table = ["| store | entity refresh | median s | min s | max s |", "|---|---|---|---|---|"]
    for where, how, times in rows:
        table.append(f"| {where} | {how} | {statistics.median(times):.3f} | {min(times):.3f} | {max(times):.3f} |")
    ratios = [statistics.median(rows[i + 1][2]) / statistics.median(rows[i][2]) for i in (0, 2)]
    summary = (f"Full recompute / incremental: {ratios[0]:.0f}x embedded, {ratios[1]:.0f}x through the server.")
    print("\n".join(table) + "\n" + summary)
    if not args.no_write:
        machine = f"{os.cpu_count()} CPUs, Python {platform.python_version()}, pyoxigraph {ox.__version__}, {platform.system()}"
        write_results("\n".join([
            HEADING, "",
            f"- Date: {date.today().isoformat()}; machine: {machine}",
            f"- Store: {args.docs} synthetic documents ({quads} quads; 8 entities each from a pool of {POOL} "
            "with Zipf-like popularity), on disk; `bench/bench_rebuild.py`",
            f"- Time to replace one changed document and refresh the entities graph ({args.repeat} runs):", "",
            *table, "", summary, "", "",
        ]))
        print(f"wrote {RESULTS.relative_to(ROOT)}")
    return 0


def write_results(text: str) -> None:
    old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else "# Benchmark results\n\n"
    pattern = re.compile(rf"^{re.escape(HEADING)}\n.*?(?=^## |\Z)", re.S | re.M)
    new = pattern.sub(lambda _: text, old) if pattern.search(old) else old.rstrip("\n") + "\n\n" + text
    RESULTS.write_text(new, encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
