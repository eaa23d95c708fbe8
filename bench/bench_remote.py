"""Build time into the embedded store against a remote one: `oxigraph serve` and `kg serve
--allow-update` (the Oxigraph server behind kg's front), same folder, same loaded pipeline.

Usage (from the repository root):
    .venv/bin/python bench/bench_remote.py [--words 6000] [--repeat 3] [--no-write]

Each run builds the folder from scratch (a new store) and writes every graph file, as
`kg build` does. Prints the figures and rewrites the "Remote builds" section of
bench/RESULTS.md.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
sys.path.insert(0, str(ROOT / "bench"))

from corpus import write_corpus  # noqa: E402
from builder.build import build  # noqa: E402
from builder.extraction.nlp import load_pipeline  # noqa: E402
from servers import kg_serve, oxigraph_server  # noqa: E402

RESULTS = ROOT / "bench" / "RESULTS.md"
HEADING = "## Remote builds"


def timed_build(folder: Path, out: Path, nlp, **store) -> tuple[float, int]:
    started = time.perf_counter()
    summary = build([folder], out=out, nlp=nlp, **store)
    return time.perf_counter() - started, summary.triples


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--words", type=int, default=6000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    nlp = load_pipeline()
    times: dict[str, list[float]] = {"embedded store": [], "oxigraph serve": [], "kg serve --allow-update": []}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        docs, words = write_corpus(tmp / "news", words=args.words)
        for r in range(args.repeat):  # side by side in each round, so drift hits all alike
            seconds, triples = timed_build(tmp / "news", tmp / f"local{r}", nlp)
            times["embedded store"].append(seconds)
            with oxigraph_server(tmp / f"ox{r}") as url:
                seconds, remote_triples = timed_build(tmp / "news", tmp / f"ox-out{r}", nlp, store_path=url)
                times["oxigraph serve"].append(seconds)
            with kg_serve(tmp / f"kg{r}", "--allow-update", "--token", "bench") as (url, _):
                seconds, served_triples = timed_build(tmp / "news", tmp / f"kg-out{r}", nlp,
                                                      store_path=url, store_token="bench")
                times["kg serve --allow-update"].append(seconds)
            assert triples == remote_triples == served_triples
    base = statistics.median(times["embedded store"])
    table = ["| store | median s | runs | vs embedded |", "|---|---|---|---|"]
    for where, runs in times.items():
        table.append(f"| {where} | {statistics.median(runs):.2f} | {', '.join(f'{t:.2f}' for t in runs)} "
                     f"| {statistics.median(runs) / base:.2f}x |")
    print(f"{docs} documents, {words} words, {triples} triples\n" + "\n".join(table))
    if not args.no_write:
        machine = f"{os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.system()}"
        write_results("\n".join([
            HEADING, "",
            f"- Date: {date.today().isoformat()}; machine: {machine}; `bench/bench_remote.py`",
            f"- Folder: {docs} documents, {words} words (`bench/corpus.py`), {triples} triples; each run "
            "builds into a new store and writes every graph file (the files come from the store, "
            "so a remote build reads the whole dataset back over HTTP)", "",
            *table, "", "",
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
