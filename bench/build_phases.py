"""Where a build's time goes beyond spaCy's parse: the build's own stages, timed in one run.

Usage (from the repository root):
    .venv/bin/python bench/build_phases.py [--words 150000] [--processes 1] [--no-write]

The corpus is the one `build_throughput.py` uses (`bench/corpus.py`). One `build()` runs
with timers wrapped around its stages: mapping records to RDF (`document_graph`), storing
each document (`replace_graph`), the entity refresh, cross-document merging, the summary,
the RDF files and the entity view with its exports. What is left is reading the inputs,
the pipeline (spaCy and the kg components) and the loop itself. Prints the table and
rewrites the "Where the build time goes" section of bench/RESULTS.md.
"""

import argparse
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import builder.build as build_module  # noqa: E402
from builder.store import KgStore  # noqa: E402
from corpus import write_corpus  # noqa: E402
from report import header, write_section  # noqa: E402

HEADING = "## Where the build time goes"
STAGES = {  # (owner, attribute): what it is
    (build_module, "document_graph"): "mapping records to RDF (`document_graph`)",
    (KgStore, "replace_graph"): "storing each document, one transaction (`replace_graph`)",
    (KgStore, "refresh_entities"): "entity refresh (`refresh_entities`)",
    (build_module, "resolve_store"): "cross-document merging (`resolve_store`)",
    (build_module, "_describe"): "summary counts",
    (KgStore, "dump"): "RDF files (graph.ttl, graph.trig, graph.jsonld)",
    (build_module, "entity_view"): "entity view (networkx)",
    (build_module, "export"): "view exports (GraphML, GEXF, Cytoscape JSON, HTML)",
}


def timer(owner: object, name: str, spent: Counter) -> None:
    """Wrap `owner.name` so that its calls add their seconds to `spent[name]`."""
    inner: Callable = getattr(owner, name)

    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return inner(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    setattr(owner, name, timed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=150_000)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    spent: Counter = Counter()
    for owner, name in STAGES:
        timer(owner, name, spent)
    with tempfile.TemporaryDirectory() as tmp:
        documents, words = write_corpus(Path(tmp) / "corpus", words=args.words)
        started = time.perf_counter()
        summary = build_module.build([Path(tmp) / "corpus"], out=Path(tmp) / "out", processes=args.processes)
        total = time.perf_counter() - started
    rest = total - sum(spent.values())
    table = ["| stage | seconds | share |", "|---|---|---|"]
    for (_, name), what in STAGES.items():
        table.append(f"| {what} | {spent[name]:.2f} | {spent[name] / total:.0%} |")
    table.append(f"| the rest: reading inputs, the pipeline (spaCy and kg components), the loop | {rest:.2f} | "
                 f"{rest / total:.0%} |")
    table.append(f"| **whole build** ({documents} documents, {words:,} words, {summary.triples:,} triples) | "
                 f"{total:.2f} | 100% |")
    print("\n".join(table))
    if not args.no_write:
        write_section(HEADING, [
            *header(f"`bench/build_phases.py --words {args.words} --processes {args.processes}` (one run)"),
            "- Stages timed by wrapping the build's functions; the storing row includes the RocksDB write of "
            "every quad (Oxigraph on disk), which alone costs about 14 µs a quad here",
            "", *table, "",
        ])
        print("wrote bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
