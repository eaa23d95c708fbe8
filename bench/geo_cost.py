"""What linking places to GeoNames costs a build (issue 14): the same corpus built with the
links and with them switched off, and the entity refresh alone, both ways.

    python bench/geo_cost.py [--words 150000]

The links add no per-document work: the refresh looks up each stale place in the compiled
SQLite index and reads the countries and divisions of the documents that mention it.
"""

import argparse
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from corpus import write_corpus  # noqa: E402

import builder.rdf.mapping as mapping  # noqa: E402
import builder.store.base as base  # noqa: E402
from builder.build import build  # noqa: E402
from builder.extraction.nlp import load_pipeline  # noqa: E402
from builder.rdf.geonames import default_geonames  # noqa: E402
from builder.store import KgStore  # noqa: E402


@contextmanager
def without_geonames():
    """Places described as before issue 14: no lookups, no document contexts, no links."""
    saved = base.needs_context, mapping.decide
    base.needs_context, mapping.decide = (lambda names, index: False), (lambda *args, **kwargs: None)
    try:
        yield
    finally:
        base.needs_context, mapping.decide = saved


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--words", type=int, default=150_000)
    args = parser.parse_args()
    nlp = load_pipeline()
    default_geonames()  # compiled once a machine; not part of a build
    with tempfile.TemporaryDirectory() as tmp:
        corpus = Path(tmp) / "corpus"
        documents, words = write_corpus(corpus, words=args.words)
        print(f"{documents} documents, {words:,} words")
        for label, context in (("without links", without_geonames), ("with links", None)):
            out = Path(tmp) / label.replace(" ", "-")
            started = time.perf_counter()
            if context:
                with context():
                    build([corpus], out=out, nlp=nlp, files=False)
            else:
                build([corpus], out=out, nlp=nlp, files=False)
            print(f"build {label}: {time.perf_counter() - started:.1f} s")
        with KgStore(Path(tmp) / "with-links" / "store") as store:
            for label in ("without links", "with links"):
                started = time.perf_counter()
                if label == "without links":
                    with without_geonames():
                        n = store.refresh_entities(full=True)
                else:
                    n = store.refresh_entities(full=True)
                print(f"full entity refresh {label}: {n} entities, {time.perf_counter() - started:.2f} s")
            linked = next(iter(store.solutions(
                "SELECT (COUNT(DISTINCT ?e) AS ?n) WHERE { GRAPH <https://w3id.org/newskg/graph/entities> "
                "{ ?e <http://www.w3.org/2002/07/owl#sameAs> ?x } }")))["n"].value
            print(f"entities linked to GeoNames: {linked}")


if __name__ == "__main__":
    main()
