"""Where a build's extraction runs: in this process, in worker processes, or on Dask.

An engine turns source documents into extraction records (spaCy, then `extract`); the
build maps the records to RDF and writes them into the store. Records, not graphs, cross
process boundaries: on the example articles they pickle to a sixth of the size of the
document's rdflib graph and unpickle twenty times faster (0.5 ms against 11 ms), faster
even than mapping them again in the build (7 ms).
"""

import queue
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from itertools import islice
from typing import TypeVar

from spacy.language import Language

from ...errors import EngineError, Errors
from ...sources.document import SourceDocument
from ..chunking import finish_doc, parse_texts
from ..extract import extraction_of
from ..records import Extraction

Extracted = tuple[SourceDocument, Extraction]
ENGINES = ("local", "dask")
T = TypeVar("T")


class Engine:
    """Runs the pipeline over documents; a context manager that releases its workers."""

    label: str  # the pipeline's name and version, as recorded on each Document

    def extract(self, sources: Iterable[SourceDocument]) -> Iterator[Extracted]:
        """Each document with what was extracted from it, as soon as it is done.

        Reads `sources` lazily and holds a bounded number of documents in flight.
        """
        raise NotImplementedError

    def close(self) -> None:
        """Stop the workers; documents still in flight are dropped."""

    def __enter__(self) -> "Engine":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_engine(
    name: str = "local",
    *,
    model: str,
    rules_only: bool = False,
    nlp: Language | None = None,
    processes: int = 1,
    scheduler: str | None = None,
) -> Engine:
    """The engine for `kg build --engine NAME --processes N [--scheduler ADDRESS]`.

    name: "local" (this process, or `processes` worker processes) or "dask" (the Dask
        cluster at `scheduler`, or a local cluster of `processes` workers without one).
    rules_only: leave the trained relation model out (`nlp.load_pipeline`).
    nlp: an already loaded pipeline, used when extraction runs in this process.
    """
    if name not in ENGINES:
        raise EngineError(Errors.E052.format(name=name, known=", ".join(ENGINES)))
    if processes < 1:
        raise EngineError(Errors.E051.format(processes=processes))
    if scheduler is not None and name != "dask":
        raise EngineError(Errors.E053.format(name=name))
    if name == "dask":
        from .cluster import DaskEngine

        return DaskEngine(model, rules_only=rules_only, scheduler=scheduler, workers=processes)
    if processes > 1:
        from .local import ProcessEngine

        return ProcessEngine(model, processes=processes, rules_only=rules_only)
    from .local import InlineEngine

    return InlineEngine(model, rules_only=rules_only, nlp=nlp)


def extract_texts(nlp: Language, texts: Iterable[str], *, batch_size: int,
                  overlap: bool = False) -> Iterator[Extraction]:
    """The extraction of each text, in order; spaCy's strings for the texts are freed after.

    A memory zone keeps the vocabulary from growing with every new word of a long corpus;
    nothing of a Doc outlives it (the records hold plain Python values).
    overlap: parse in a thread of its own, a batch ahead of the kg components reading the
        Docs parsed before: spaCy's matrix products release the GIL, so the two share the
        CPUs (the same Docs either way; for a process that has a CPU to spare).
    """
    with nlp.memory_zone(), ahead(parse_texts(nlp, texts, batch_size=batch_size),
                                  depth=batch_size if overlap else 0) as docs:
        for doc in docs:
            yield extraction_of(finish_doc(nlp, doc))


@contextmanager
def ahead(items: Iterable[T], *, depth: int) -> Iterator[Iterator[T]]:
    """`items`, computed in a thread of their own up to `depth` items ahead of the reader
    (depth 0: read in the reader's thread, as they are). An error of the thread is raised
    to the reader; leaving the block stops the thread after its current item and waits for it.
    """
    if depth == 0:
        yield iter(items)
        return
    handed: queue.Queue[tuple[bool, object]] = queue.Queue(depth)
    stop = threading.Event()

    def run() -> None:
        try:
            for item in items:
                if stop.is_set():
                    return
                handed.put((True, item))
        except BaseException as e:  # handed to the reader's thread
            handed.put((False, e))
        handed.put((False, None))

    def read() -> Iterator[T]:
        while (entry := handed.get())[0]:
            yield entry[1]
        if entry[1] is not None:
            raise entry[1]

    thread = threading.Thread(target=run, name="kg-ahead", daemon=True)
    thread.start()
    try:
        yield read()
    finally:
        stop.set()
        while thread.is_alive():  # make room for the item being computed
            with suppress(queue.Empty):
                handed.get(timeout=0.1)
        thread.join()


def batches(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of `size` items (the last may be shorter)."""
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch
