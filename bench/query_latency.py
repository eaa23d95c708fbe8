"""SPARQL latency on kg-shaped graphs: kg's query path against pyoxigraph and rdflib.

Usage (from the repository root):
    .venv/bin/python bench/query_latency.py [--sizes 100000 1000000] [--runs 5] [--cap 60] [--no-write]

For each size a synthetic kg store (`bench/kg_graphs.py`) is bulk-loaded on disk. Five
queries (a label lookup, a three-way join written plainly over the union of all graphs, the
same join with its classes matched in the entities graph as kg's named queries write it, a
GROUP BY aggregation, a `locatedIn+` path) run
- through kg's query path, `query.QueryRunner` (the child process that `kg query` starts,
  on the store opened read-only, kept for the next query; rows as strings, no row limit
  here), while no other process has the store open; and through `query.run_query`, which
  starts that process for one query, as each `kg query` command does ("cold");
- through `KgStore.query` (rdflib's API over the same Oxigraph store, rows as strings);
- in pyoxigraph directly (the store opened once, rows as strings);
- in rdflib's own engine over its in-memory Dataset, in a forked process stopped after
  `--cap` seconds ("> cap").
Every way returns every row, converted to strings. Figures are medians of `--runs` runs after
one warm-up. Prints them and rewrites the "SPARQL latency" section of bench/RESULTS.md.
"""

import argparse
import multiprocessing
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from builder.query.run import QueryRunner, run_query  # noqa: E402
from builder.store import KgStore  # noqa: E402
from kg_graphs import kg_dataset  # noqa: E402
from report import header, write_section  # noqa: E402

HEADING = "## SPARQL latency"
PREFIXES = """PREFIX kg: <https://w3id.org/newskg/ontology#>
PREFIX kggraph: <https://w3id.org/newskg/graph/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
"""
QUERIES = {
    "lookup": PREFIXES + 'SELECT DISTINCT ?e ?class WHERE { ?e rdfs:label "Person 17" ; a ?class }',
    "3-way join": PREFIXES + """SELECT DISTINCT ?person ?agency ?city WHERE {
  ?person a kg:Person ; kg:employer ?agency .
  ?agency a kg:GovernmentAgency ; kg:headquarters ?city .
  ?city a kg:Settlement .
}""",
    "3-way join, classes in the entities graph": PREFIXES + """SELECT DISTINCT ?person ?agency ?city WHERE {
  ?person kg:employer ?agency . ?agency kg:headquarters ?city .
  GRAPH kggraph:entities { ?person a kg:Person . ?agency a kg:GovernmentAgency . ?city a kg:Settlement }
}""",
    "aggregation": PREFIXES + """SELECT ?e (COUNT(?m) AS ?n) WHERE { ?m kg:refersTo ?e }
GROUP BY ?e ORDER BY DESC(?n) ?e LIMIT 20""",
    "property path": PREFIXES + """SELECT DISTINCT ?place ?area WHERE { ?place a kg:Settlement ; kg:locatedIn+ ?area }""",
}
Way = Callable[[str], int]


def timed(way: Way, sparql: str, runs: int) -> tuple[float, int]:
    """Median seconds of `runs` runs after a warm-up, and the row count."""
    rows = way(sparql)
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        way(sparql)
        times.append(time.perf_counter() - started)
    return statistics.median(times), rows


def rdflib_timed(dataset: Dataset, sparql: str, runs: int, cap: float) -> tuple[float | None, int | None]:
    """Like `timed` for rdflib's engine, each run in a forked child stopped after `cap` s."""
    times, rows = [], None
    for _ in range(runs):
        receive, send = multiprocessing.get_context("fork").Pipe(duplex=False)
        child = multiprocessing.get_context("fork").Process(target=_rdflib_child, args=(dataset, sparql, send))
        child.start()
        if not receive.poll(cap):
            child.kill()
            child.join()
            return None, None
        seconds, rows = receive.recv()
        child.join()
        times.append(seconds)
        if seconds > cap / 4:  # slow enough: more runs would not change the picture
            break
    return statistics.median(times), rows


def _rdflib_child(dataset: Dataset, sparql: str, send) -> None:
    started = time.perf_counter()
    rows = [[None if v is None else str(v) for v in row] for row in dataset.query(sparql)]
    send.send((time.perf_counter() - started, len(rows)))


def measure(size: int, runs: int, cap: float, tmp: Path) -> tuple[int, list[tuple]]:
    quads = kg_dataset(size)
    path = tmp / f"store-{size}"
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store
    nquads = tmp / f"kg-{size}.nq"
    ox.serialize(quads, str(nquads), ox.RdfFormat.N_QUADS)
    del quads
    memory = Dataset(default_union=True)
    started = time.perf_counter()
    memory.parse(str(nquads), format="nquads")
    print(f"{size}: rdflib parsed {len(memory)} quads in {time.perf_counter() - started:.0f} s", flush=True)
    figures: dict[str, dict[str, tuple]] = {name: {} for name in QUERIES}
    with QueryRunner(path) as runner:  # first, with no other process holding the store
        for name, sparql in QUERIES.items():
            figures[name]["kg"] = timed(lambda q: len(runner.query(q, timeout=0, limit=0).rows), sparql, runs)
            figures[name]["cold"] = timed(lambda q: len(run_query(path, q, timeout=0, limit=0).rows), sparql, runs)
    with KgStore(path) as kg_store:
        direct = kg_store.oxigraph
        ways: dict[str, Way] = {
            "KgStore.query": lambda q: len([[None if v is None else str(v) for v in row]
                                            for row in kg_store.query(q)]),
            "pyoxigraph": lambda q: len([[None if t is None else t.value for t in row]
                                         for row in direct.query(q, use_default_graph_as_union=True)]),
        }
        for name, sparql in QUERIES.items():
            figures[name].update({way: timed(fn, sparql, runs) for way, fn in ways.items()})
    results = []
    for name, sparql in QUERIES.items():
        figures[name]["rdflib memory"] = rdflib_timed(memory, sparql, runs, cap)
        counts = {rows for _, rows in figures[name].values() if rows is not None}
        results.append((name, figures[name], counts))
        print(size, name, {w: (None if t is None else round(t, 4), r) for w, (t, r) in figures[name].items()},
              flush=True)
    return size, results


def cell(seconds: float | None, cap: float) -> str:
    if seconds is None:
        return f"> {cap:g} s"
    if seconds < 0.001:
        return f"{seconds * 1000:.2f} ms"
    return f"{seconds * 1000:.1f} ms" if seconds < 1 else f"{seconds:.2f} s"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--cap", type=float, default=60.0, help="seconds before an rdflib query is stopped")
    parser.add_argument("--no-write", action="store_true", help="do not update bench/RESULTS.md")
    args = parser.parse_args(argv)
    table = ["| triples | query | rows | kg (`QueryRunner`) | kg cold (`run_query`) | `KgStore.query` (rdflib API) | "
             "pyoxigraph direct | rdflib memory | kg / pyoxigraph | rdflib / kg |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            _, results = measure(size, args.runs, args.cap, Path(tmp))
            for name, figures, counts in results:
                kg, direct, rdflib_ = figures["kg"][0], figures["pyoxigraph"][0], figures["rdflib memory"][0]
                slower = f"{rdflib_ / kg:.1f}x" if rdflib_ is not None else f"> {args.cap / kg:.0f}x"
                rows = "/".join(str(c) for c in sorted(counts))
                table.append(f"| {size:,} | {name} | {rows} | {cell(kg, args.cap)} | {cell(figures['cold'][0], args.cap)} | "
                             f"{cell(figures['KgStore.query'][0], args.cap)} | {cell(direct, args.cap)} | "
                             f"{cell(rdflib_, args.cap)} | {kg / direct:.2f} | {slower} |")
    print("\n".join(table))
    if not args.no_write:
        write_section(HEADING, [
            *header(f"`bench/query_latency.py --runs {args.runs} --cap {args.cap:g}` (medians after a warm-up)"),
            "- Data: synthetic kg stores (`bench/kg_graphs.py`: documents' graphs with mentions, relations "
            "with `rdf:Statement` evidence and quotations, plus the entities graph), bulk-loaded on disk; "
            "rdflib's in-memory `Dataset(default_union=True)` parsed from the same N-Quads",
            "- Every way returns all rows as strings; rdflib runs in a forked process stopped after the cap",
            "", *table, "",
            "Over the union of all graphs Oxigraph keeps every copy of a triple (rdflib merges them). kg "
            "states an entity's class once, in `kggraph:entities` (documents give their mentions' class with "
            "`kg:entityClass`), so a join that matches classes over the union finds one copy of each; when "
            "documents also typed their entities, the same join took 1.8 s at 100k triples and 144 s at 1M in "
            "Oxigraph. rdflib's engine orders the `?x a Class` patterns first and joins them as a cartesian "
            "product, hence its times on the joins written that way.", "",
        ])
        print("wrote bench/RESULTS.md")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
