"""Build throughput against spaCy's own `nlp.pipe`: same corpus, same pipeline, same processes.

Usage (from the repository root):
    .venv/bin/python bench/build_throughput.py [--words 150000] [--rounds 3] [--no-write]

The corpus is generated (`bench/corpus.py`). Every run is a fresh Python process that loads
the pipeline (`nlp.load_pipeline`, the kg components included) and goes through the whole
corpus: the baseline with `nlp.pipe(texts, n_process=N, batch_size=64)`, kg with
`build(corpus, processes=N)` (reading, extraction, mapping, one store transaction per
document, the entity refresh and the graph files). Runs are interleaved, round by round, so
that load from other programs hits all of them alike; the figures are medians. Prints them
and rewrites the "Build throughput" section of bench/RESULTS.md.
"""

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from spacy.language import Language

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from builder.build import build  # noqa: E402
from builder.extraction.nlp import load_pipeline  # noqa: E402
from corpus import write_corpus  # noqa: E402
from report import header, write_section  # noqa: E402

HEADING = "## Build throughput"


@Language.component("bench_forget_records")
def forget_records(doc):
    """Drop the kg records from a Doc: spaCy's worker processes can only send Docs back without them."""
    doc.user_data.clear()
    return doc


def run_baseline(corpus: Path, processes: int) -> dict:
    texts = [p.read_text(encoding="utf-8") for p in sorted(corpus.rglob("*")) if p.suffix in {".txt", ".md"}]
    started = time.perf_counter()
    nlp = load_pipeline()
    nlp.add_pipe("bench_forget_records")
    loaded = time.perf_counter()
    for _ in nlp.pipe(texts, n_process=processes, batch_size=64):
        pass
    done = time.perf_counter()
    return {"seconds": done - started, "loop": done - loaded, "documents": len(texts)}


def run_build(corpus: Path, processes: int) -> dict:
    with tempfile.TemporaryDirectory() as out:
        marks: dict[str, float] = {}
        started = time.perf_counter()
        summary = build([corpus], out=Path(out), processes=processes,
                        on_start=lambda total, label: marks.setdefault("start", time.perf_counter()),
                        on_document=lambda doc_id, status, message: marks.__setitem__("last", time.perf_counter()))
        done = time.perf_counter()
    return {"seconds": done - started, "loop": marks["last"] - marks["start"], "documents": summary.built}


def measure(kind: str, corpus: Path, processes: int) -> dict:
    """One run in a fresh interpreter."""
    command = [sys.executable, __file__, "--run", kind, "--processes", str(processes), "--corpus", str(corpus)]
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=150_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    parser.add_argument("--run", choices=("baseline", "build"), help=argparse.SUPPRESS)
    parser.add_argument("--processes", type=int, default=1, help=argparse.SUPPRESS)
    parser.add_argument("--corpus", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.run:
        print(json.dumps((run_baseline if args.run == "baseline" else run_build)(args.corpus, args.processes)))
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        documents, words = write_corpus(corpus, words=args.words)
        print(f"corpus: {documents} documents, {words} words")
        runs: dict[tuple[str, int], list[dict]] = {}
        for round_ in range(args.rounds):
            for processes in (1, 2):
                for kind in ("baseline", "build"):
                    result = measure(kind, corpus, processes)
                    assert result["documents"] == documents, result
                    runs.setdefault((kind, processes), []).append(result)
                    print(f"round {round_ + 1}: {kind} x{processes}: {result['seconds']:.1f} s "
                          f"({words / result['seconds']:,.0f} words/s; loop {result['loop']:.1f} s)", flush=True)

    def rate(kind: str, processes: int, key: str = "seconds") -> float:
        return words / statistics.median(r[key] for r in runs[(kind, processes)])

    table = ["| processes | spaCy `nlp.pipe` words/s | `kg build` words/s | kg / spaCy | "
             "loop only: spaCy | loop only: kg | loop kg / spaCy |", "|---|---|---|---|---|---|---|"]
    for p in (1, 2):
        table.append(f"| {p} | {rate('baseline', p):,.0f} | {rate('build', p):,.0f} | "
                     f"{rate('build', p) / rate('baseline', p):.2f} | {rate('baseline', p, 'loop'):,.0f} | "
                     f"{rate('build', p, 'loop'):,.0f} | {rate('build', p, 'loop') / rate('baseline', p, 'loop'):.2f} |")
    scaling = (f"2 processes / 1: kg build {rate('build', 2) / rate('build', 1):.2f}x, "
               f"spaCy {rate('baseline', 2) / rate('baseline', 1):.2f}x.")
    print("\n".join(table) + "\n" + scaling)
    if not args.no_write:
        write_section(HEADING, [
            *header(f"`bench/build_throughput.py --words {args.words} --rounds {args.rounds}` "
                    f"(medians of {args.rounds} interleaved runs, each a fresh process)"),
            f"- Corpus: {documents} generated news articles, {words:,} words (`bench/corpus.py`: the example "
            "articles' paragraphs recombined, people renamed)",
            "- Pipeline: `load_pipeline()` (en_core_web_sm without lemmatizer and attribute_ruler, plus the kg "
            "components) for both; spaCy with `batch_size=64`",
            "- Whole run: model loading to the end (kg: also the entity refresh, summary and graph files). "
            "Loop only: spaCy's `nlp.pipe`; kg from the first to the last document stored.",
            "", *table, "", scaling,
        ])
        print("wrote bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
