"""A large store for the benchmarks: N synthetic documents (as `bench_rebuild.py` makes them),
bulk-loaded in chunks, with their entities graph, compacted; kept for the next run.

Usage (from the repository root):
    .venv/bin/python bench/big_store.py DIR [--docs 100000]

DIR/store is the store (`kg build NEW --out DIR` builds into it); DIR/.complete marks a
finished one, which later runs reuse as it is (copy it before changing it).
"""

import argparse
import itertools
import random
import sys
import time
from pathlib import Path

import pyoxigraph as ox

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_rebuild import POOL, synthetic_document  # noqa: E402
from builder.store import KgStore  # noqa: E402

CHUNK = 5_000  # documents a bulk load


def big_store(folder: Path, docs: int = 100_000, *, announce=print) -> Path:
    """The store DIR/store of `docs` synthetic documents, made unless DIR/.complete says it is there.

    RETURNS (Path): DIR/store.
    """
    path = folder / "store"
    done = folder / ".complete"
    if done.exists() and done.read_text().strip() == str(docs):
        return path
    if path.exists():
        import shutil

        shutil.rmtree(path)
    started = time.perf_counter()
    rng = random.Random(5)
    cum_weights = list(itertools.accumulate(1 / (rank + 1) for rank in range(POOL)))
    with KgStore(path) as store:
        for first in range(0, docs, CHUNK):
            lines = []
            for n in range(first, min(docs, first + CHUNK)):
                g = synthetic_document(f"synthetic/{n}.txt", rng, cum_weights)
                name = g.identifier.n3()
                lines.extend(f"{s.n3()} {p.n3()} {o.n3()} {name} .\n" for s, p, o in g)
            store.oxigraph.bulk_load("".join(lines).encode(), ox.RdfFormat.N_QUADS)
            announce(f"  {min(docs, first + CHUNK)} documents loaded ({time.perf_counter() - started:.0f} s)")
        store.refresh_entities(full=True)
        store.oxigraph.optimize()
        quads = store.quad_count()
    done.write_text(f"{docs}\n")
    announce(f"{docs} documents, {quads} quads, made in {time.perf_counter() - started:.0f} s")
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--docs", type=int, default=100_000)
    args = parser.parse_args(argv)
    print(big_store(args.folder, args.docs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
