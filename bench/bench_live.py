"""Live ingestion into a store of 100,000 documents: `POST /documents` to `kg serve`, `kg build`
of 20 new articles with default options, and the Python API against the command it replaces.

Usage (from the repository root):
    .venv/bin/python bench/bench_live.py [--cache /tmp/kg-bench-100k] [--posts 1000] [--no-write]

The store is `bench/big_store.py`'s (100,000 synthetic documents, about 12.9M quads), made
once into --cache and copied for each part. Articles are about 700 words, made from the
example articles (`bench/corpus.py`). Prints the figures and rewrites the "Live ingestion"
section of bench/RESULTS.md.
"""

import argparse
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil
import requests

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests"))

from big_store import big_store  # noqa: E402
from corpus import article  # noqa: E402
from report import header, write_section  # noqa: E402
from servers import stop  # noqa: E402

HEADING = "## Live ingestion into 100,000 documents"
BIN = Path(sys.executable).parent
WORDS = 700
BUILD_RUNS = 3


def news_article(rng: random.Random, words: int = WORDS) -> str:
    """An article of about `words` words: a generated article with more paragraphs until it has them."""
    paragraphs = 6
    while len((text := article(rng, paragraphs)).split()) < words:
        paragraphs += 2
    return text


def rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory of kg serve's front and of its Oxigraph server, in MB."""
    front = psutil.Process(pid)
    backend = sum(p.memory_info().rss for p in front.children())
    return front.memory_info().rss / 2**20, backend / 2**20


def bench_posts(store: Path, posts: int, rng: random.Random) -> dict:
    """Post `posts` new articles one after another; RETURNS the timings and memory marks."""
    process = subprocess.Popen([str(BIN / "kg"), "serve", "--store", str(store), "--bind", "127.0.0.1:0",
                                "--allow-update", "--token", "bench"], stdout=subprocess.PIPE,
                               stderr=subprocess.DEVNULL, text=True, env={**os.environ, "COLUMNS": "200"})
    try:
        url = next(m[1] for line in process.stdout if (m := re.search(r"query page: (http://[\d.:]+)/", line)))
        session = requests.Session()
        session.headers.update({"Authorization": "Bearer bench", "Content-Type": "text/plain; charset=utf-8"})

        def post(doc_id: str, text: str) -> tuple[float, dict]:
            started = time.perf_counter()
            response = session.post(url + "/documents", params={"id": doc_id}, data=text.encode(), timeout=120)
            seconds = time.perf_counter() - started
            if response.status_code != 201:
                raise RuntimeError(f"{response.status_code} {response.text}")
            return seconds, response.json()

        post("live/warm-up.txt", news_article(rng))  # waits for the pipeline, loaded as the server starts
        times, marks, words = [], {}, []
        started = time.perf_counter()
        for i in range(posts):
            text = news_article(rng)
            words.append(len(text.split()))
            seconds, answer = post(f"live/{i:05d}.txt", text)
            times.append(seconds)
            if i + 1 in (1, 100, posts):
                marks[i + 1] = rss_mb(process.pid)
            if (i + 1) % 100 == 0:
                recent = times[-100:]
                print(f"posts {i + 1}: median of the last 100 {statistics.median(recent):.3f} s, "
                      f"max {max(recent):.3f} s; memory front, Oxigraph (MB): "
                      f"{', '.join(f'{m:.0f}' for m in rss_mb(process.pid))}", flush=True)
            if i + 1 == 100:
                marks["first_100_seconds"] = time.perf_counter() - started
        return {"times": times, "marks": marks, "words": statistics.median(words), "last": answer}
    finally:
        stop(process)


def bench_build(store_cache: Path, work: Path, rng: random.Random) -> dict:
    """`kg build NEW --out DIR` of 20 new articles into a copy of the store, with default
    options, then the same through the API and `kg build --no-files`, each in a fresh process,
    the 20 documents removed between runs."""
    new = work / "new20"
    new.mkdir()
    for i in range(20):
        (new / f"article-{i:02d}.txt").write_text(news_article(rng), encoding="utf-8")
    out = work / "build"
    shutil.copytree(store_cache, out / "store")
    ids = [f"new20/article-{i:02d}.txt" for i in range(20)]
    api = ("import sys; from pathlib import Path; from builder import KnowledgeGraph\n"
           "with KnowledgeGraph(sys.argv[1]) as kg: assert kg.add(Path(sys.argv[2])).built == 20")
    commands = {
        "kg build NEW --out DIR (default options)": [str(BIN / "kg"), "build", str(new), "--out", str(out)],
        "kg build NEW --out DIR --no-files": [str(BIN / "kg"), "build", str(new), "--out", str(out), "--no-files"],
        "KnowledgeGraph(DIR/store).add(Path(NEW))": [sys.executable, "-c", api, str(out / "store"), str(new)],
    }
    results: dict[str, list[float]] = {name: [] for name in commands}
    lines = {}
    for _ in range(BUILD_RUNS):
        for name, command in commands.items():
            started = time.perf_counter()
            done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "COLUMNS": "300"})
            results[name].append(time.perf_counter() - started)
            if done.returncode != 0:
                raise RuntimeError(f"{name}: {done.stderr or done.stdout}")
            lines[name] = done.stdout
            subprocess.run([str(BIN / "kg"), "remove", *ids, "--store", str(out / "store")], check=True,
                           capture_output=True)
    deferred = next((line for line in lines["kg build NEW --out DIR (default options)"].splitlines()
                     if line.startswith("Graph files not rewritten")), "")
    return {"runs": results, "deferred": deferred}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cache", type=Path, default=Path(tempfile.gettempdir()) / "kg-bench-100k")
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--posts", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    cache = big_store(args.cache, args.docs)
    rng = random.Random(13)
    with tempfile.TemporaryDirectory(dir=args.cache.parent) as tmp:
        work = Path(tmp)
        built = bench_build(cache, work, rng)
        print(built, flush=True)
        shutil.rmtree(work / "build")
        shutil.copytree(cache, work / "served")
        posted = bench_posts(work / "served", args.posts, rng)
    times = posted["times"]
    first = times[:100]
    marks = posted["marks"]
    build_rows = [f"| {name} | {statistics.median(t):.1f} | {min(t):.1f} | {max(t):.1f} |"
                  for name, t in built["runs"].items()]
    lines = [
        *header(f"`bench/bench_live.py --posts {args.posts}` (store: {args.docs:,} synthetic documents of "
                "`bench/big_store.py`, about 12.9M quads, on disk, compacted)"),
        "",
        f"`POST /documents` to `kg serve --allow-update` (one article of {posted['words']:.0f} words a request, "
        "new ids, one after another; from sending the request to the `201`, entity refresh and cross-document "
        "linking included):",
        "",
        "| posts | median s | 90th percentile s | max s | all, s |",
        "|---|---|---|---|---|",
        f"| first 100 | {statistics.median(first):.3f} | {sorted(first)[89]:.3f} | {max(first):.3f} | "
        f"{marks['first_100_seconds']:.1f} |",
        f"| all {len(times)} | {statistics.median(times):.3f} | {sorted(times)[int(len(times) * 0.9) - 1]:.3f} | "
        f"{max(times):.3f} | {sum(times):.1f} |",
        "",
        "Resident memory (MB) of the front (aiohttp, spaCy pipeline) and of the Oxigraph server behind it:",
        "",
        "| after post | front | Oxigraph server |",
        "|---|---|---|",
        *[f"| {n} | {marks[n][0]:.0f} | {marks[n][1]:.0f} |" for n in (1, 100, len(times))],
        "",
        f"`kg build` of 20 new articles of about {WORDS} words into the same store, each in a fresh process "
        f"(loading the pipeline included), {BUILD_RUNS} runs, the 20 removed between runs:",
        "",
        "| command | median s | min s | max s |",
        "|---|---|---|---|",
        *build_rows,
        "",
        f"The default build says: \"{built['deferred']}\"",
    ]
    print("\n".join(lines))
    if not args.no_write:
        write_section(HEADING, lines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
