"""Where a build's time goes beyond spaCy's parse: the build's own stages, timed in one run.

Usage (from the repository root):
    .venv/bin/python bench/build_phases.py [--words 150000] [--processes 1] [--no-write]

The corpus is the one `build_throughput.py` uses (`bench/corpus.py`). One `build()` runs
with timers wrapped around its stages. On the build's own thread: mapping records to RDF
(`document_quads`), handing each document to the writer (`GraphWriter.put`, which waits
only when the writer is behind), the entity refresh, cross-document merging, the summary,
and the files (from the end of the summary to the end of the build: the entity view and its
exports while the RDF files are written in other threads). What is left is reading the
inputs, the pipeline (spaCy and the kg components) and the loop itself. Work done in other
threads, at the same time as the above, is shown apart: storing the documents (the writer
thread) and writing the RDF files. Prints the table and rewrites the "Where the build time
goes" section of bench/RESULTS.md.
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
from builder.store.writer import GraphWriter  # noqa: E402
from corpus import write_corpus  # noqa: E402
from report import header, write_section  # noqa: E402

HEADING = "## Where the build time goes"
STAGES = {  # (owner, attribute): what it is; on the build's own thread
    (build_module, "document_quads"): "mapping records to RDF (`document_quads`)",
    (GraphWriter, "put"): "handing documents to the writer thread (`GraphWriter.put`, waits when it is behind)",
    (KgStore, "refresh_entities"): "entity refresh (`refresh_entities`)",
    (build_module, "resolve_store"): "cross-document merging (`resolve_store`)",
    (build_module, "_describe"): "summary counts",
}
FILES = "the files: entity view and its exports (GraphML, GEXF, Cytoscape JSON, HTML), RDF files finishing"
BACKGROUND = {  # in other threads, overlapping the stages above
    (KgStore, "replace_graphs"): "storing the documents in batches, bulk-loaded (`replace_graphs`, writer thread)",
    (KgStore, "dump"): "RDF files (graph.ttl, graph.trig, graph.jsonld, written side by side)",
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
    for owner, name in (*STAGES, *BACKGROUND):
        timer(owner, name, spent)
    marks: dict[str, float] = {}
    describe = build_module._describe

    def described(*args, **kwargs):
        describe(*args, **kwargs)
        marks["described"] = time.perf_counter()

    build_module._describe = described
    with tempfile.TemporaryDirectory() as tmp:
        documents, words = write_corpus(Path(tmp) / "corpus", words=args.words)
        started = time.perf_counter()
        summary = build_module.build([Path(tmp) / "corpus"], out=Path(tmp) / "out", processes=args.processes)
        finished = time.perf_counter()
    total = finished - started
    spent[FILES] = finished - marks["described"]
    rest = total - sum(spent[name] for _, name in STAGES) - spent[FILES]
    table = ["| stage | seconds | share |", "|---|---|---|"]
    for (_, name), what in STAGES.items():
        table.append(f"| {what} | {spent[name]:.2f} | {spent[name] / total:.0%} |")
    table.append(f"| {FILES} | {spent[FILES]:.2f} | {spent[FILES] / total:.0%} |")
    table.append(f"| the rest: reading inputs, the pipeline (spaCy and kg components), the loop | {rest:.2f} | "
                 f"{rest / total:.0%} |")
    table.append(f"| **whole build** ({documents} documents, {words:,} words, {summary.triples:,} triples) | "
                 f"{total:.2f} | 100% |")
    for (_, name), what in BACKGROUND.items():
        table.append(f"| in another thread, during the above: {what} | {spent[name]:.2f} | |")
    print("\n".join(table))
    if not args.no_write:
        write_section(HEADING, [
            *header(f"`bench/build_phases.py --words {args.words} --processes {args.processes}` (one run)"),
            "- Stages timed by wrapping the build's functions; storing (Oxigraph's bulk loader, batches of "
            "about 20,000 quads) and the RDF files run in other threads, at the same time as the rows "
            "above, and are not part of their sum",
            "", *table, "",
        ])
        print("wrote bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
