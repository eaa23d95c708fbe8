"""What running `kg query` in a child process costs: a small named query on the test fixture,
side by side with running it in-process (the store opened through rdflib, as before, and
through pyoxigraph read-only). Prints medians; run: python bench/query_process.py [RUNS]."""

import statistics
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from builder.query.named import resolve
from builder.query.run import run_query
from builder.store import KgStore

FIXTURE = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "small.trig"


def in_process_rdflib(store_path: Path, sparql: str) -> int:
    with KgStore(store_path) as store:
        return len([[None if v is None else str(v) for v in row] for row in store.query(sparql)])


def in_process_read_only(store_path: Path, sparql: str) -> int:
    result = ox.Store.read_only(str(store_path)).query(sparql, use_default_graph_as_union=True)
    return len([[None if t is None else t.value for t in row] for row in result])


def child_process(store_path: Path, sparql: str) -> int:
    return len(run_query(store_path, sparql).rows)


def main(runs: int) -> None:
    sparql = resolve("people-organizations")
    with tempfile.TemporaryDirectory() as tmp:
        store_path = Path(tmp) / "store"
        store = ox.Store(str(store_path))
        store.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
        store.flush()
        del store
        ways = {"in-process, rdflib (before)": in_process_rdflib,
                "in-process, pyoxigraph read-only": in_process_read_only,
                "child process (run_query)": child_process}
        times: dict[str, list[float]] = {name: [] for name in ways}
        for _ in range(runs):  # interleaved, so load on the machine hits every way alike
            for name, way in ways.items():
                started = time.perf_counter()
                assert way(store_path, sparql) == 3
                times[name].append(time.perf_counter() - started)
    for name, samples in times.items():
        print(f"{name:34} median {statistics.median(samples) * 1000:6.1f} ms over {runs} runs")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
