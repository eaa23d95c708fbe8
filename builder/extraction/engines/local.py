"""Extraction on this machine: in this process, or in worker processes of its own.

spaCy's `nlp.pipe(n_process=N)` cannot carry kg's results back (it serializes Docs with
msgpack, which refuses the extraction records), so the workers here return records.
"""

import multiprocessing
import signal
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from spacy.language import Language

from ...errors import EngineError, Errors
from ...sources.document import SourceDocument
from ..nlp import load_pipeline, pipeline_label
from ..records import Extraction
from . import Engine, Extracted, batches, extract_texts

BATCH = 64  # documents per nlp.pipe batch in this process
ZONE = 512  # documents per memory zone in this process (the parse runs a batch ahead within one)
TASK = 16  # documents per task sent to a worker process
IN_FLIGHT = 2  # tasks per worker queued or running, so no worker waits for the next


class InlineEngine(Engine):
    """The pipeline in this process, over batches of documents: spaCy parses the next batch
    in a thread of its own while the kg components read the last (`extract_texts(overlap=True)`)."""

    def __init__(self, model: str, *, rules_only: bool = False, nlp: Language | None = None) -> None:
        self.nlp = nlp or load_pipeline(model, rules_only=rules_only)
        self.label = pipeline_label(self.nlp)

    def extract(self, sources: Iterable[SourceDocument]) -> Iterator[Extracted]:
        for zone in batches(sources, ZONE):
            yield from zip(zone, extract_texts(self.nlp, [s.text for s in zone], batch_size=BATCH, overlap=True),
                           strict=True)


class ProcessEngine(Engine):
    """The pipeline in `processes` worker processes.

    The pipeline is loaded here first and the workers are forked from this process, so
    they start at once and share its memory (as spaCy's own `n_process` does); the build
    opens its store only after that. Workers ignore Ctrl-C: the build decides when to
    stop. Results come back in input order.
    """

    def __init__(self, model: str, *, processes: int, rules_only: bool = False) -> None:
        self.label = pipeline_label(load_pipeline(model, rules_only=rules_only))
        self._model = model
        self._rules_only = rules_only
        self._window = IN_FLIGHT * processes
        self._pool = ProcessPoolExecutor(processes, mp_context=multiprocessing.get_context("fork"),
                                         initializer=_ignore_sigint)

    def extract(self, sources: Iterable[SourceDocument]) -> Iterator[Extracted]:
        in_flight: deque[tuple[list[SourceDocument], Future]] = deque()
        try:
            for batch in batches(sources, TASK):
                in_flight.append((batch, self._pool.submit(_extract, self._model, self._rules_only, [s.text for s in batch])))
                if len(in_flight) >= self._window:
                    batch, future = in_flight.popleft()
                    yield from zip(batch, future.result())
            while in_flight:
                batch, future = in_flight.popleft()
                yield from zip(batch, future.result())
        except BrokenProcessPool as e:
            raise EngineError(Errors.E054.format(reason=e)) from e

    def close(self) -> None:
        """Drop the documents not yet started; wait for the tasks running (a few seconds)."""
        self._pool.shutdown(wait=True, cancel_futures=True)


def _ignore_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _extract(model: str, rules_only: bool, texts: list[str]) -> list[Extraction]:
    return list(extract_texts(load_pipeline(model, rules_only=rules_only), texts, batch_size=len(texts)))
