"""Extraction on a Dask distributed cluster.

Each worker loads the spaCy pipeline once (a worker plugin) and turns batches of texts
into extraction records; the client keeps a bounded number of batches in flight, takes
results as they complete and writes them into the store.
"""

import logging
import signal
import threading
from contextlib import contextmanager, suppress
from collections.abc import Iterable, Iterator
from itertools import islice

from distributed import Client, LocalCluster, WorkerPlugin, as_completed

from ...errors import EngineError, Errors, KgError
from ...sources.document import SourceDocument
from ..nlp import load_pipeline, pipeline_label
from ..records import Extraction
from . import Engine, Extracted, batches, extract_texts

TASK = 32  # documents per task
IN_FLIGHT = 2  # tasks per worker thread queued or running
_PIPELINE_LOCK = threading.Lock()  # one pipeline per worker process, used by one thread at a time


class PipelineLoader(WorkerPlugin):
    """Loads the pipeline when a worker starts, so that every task on it reuses it.

    A pipeline that cannot be loaded is reported by the first task, as one clear error
    on the client rather than a traceback in each worker's log.
    """

    idempotent = True

    def __init__(self, model: str, rules_only: bool = False) -> None:
        self.model = model
        self.rules_only = rules_only

    def setup(self, worker: object) -> None:
        with suppress(KgError):
            load_pipeline(self.model, rules_only=self.rules_only)


class DaskEngine(Engine):
    """The pipeline on the workers of the Dask scheduler at `scheduler`.

    Without a scheduler, a local cluster of `workers` processes (one thread each) on
    127.0.0.1 is started and stopped with the engine. timeout: seconds to wait for the
    scheduler to answer.
    """

    def __init__(self, model: str, *, rules_only: bool = False, scheduler: str | None = None, workers: int = 1,
                 timeout: float = 10) -> None:
        self._model = model
        self._rules_only = rules_only
        self._cluster = None
        try:
            if scheduler is None:
                with _sigint_ignored():  # the workers inherit it: Ctrl-C is for the build to handle
                    self._cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                                 host="127.0.0.1", dashboard_address=None,
                                                 silence_logs=logging.CRITICAL)  # the client reports failures
            self._client = Client(self._cluster or scheduler, timeout=f"{timeout}s")
        except (OSError, TimeoutError) as e:
            self.close()
            raise EngineError(Errors.E050.format(address=scheduler or "a local cluster", reason=e)) from e
        try:
            self._client.register_plugin(PipelineLoader(model, rules_only),
                                         name=f"kg-pipeline-{model}{'-rules-only' if rules_only else ''}")
            self.label = self._client.submit(_label, model, rules_only, pure=False).result()
            self._window = IN_FLIGHT * max(1, sum(self._client.nthreads().values()))
        except BaseException:
            self.close()
            raise

    def extract(self, sources: Iterable[SourceDocument]) -> Iterator[Extracted]:
        pending = batches(sources, TASK)
        running = as_completed()
        inputs: dict[str, list[SourceDocument]] = {}

        def submit(batch: list[SourceDocument]) -> None:
            future = self._client.submit(_extract, self._model, self._rules_only, [s.text for s in batch], pure=False)
            inputs[future.key] = batch
            running.add(future)

        for batch in islice(pending, self._window):
            submit(batch)
        for future in running:
            extractions = future.result()
            batch = inputs.pop(future.key)
            future.release()
            for more in islice(pending, 1):
                submit(more)
            yield from zip(batch, extractions)

    def close(self) -> None:
        if getattr(self, "_client", None) is not None:
            self._client.close()
        if self._cluster is not None:
            self._cluster.close()


@contextmanager
def _sigint_ignored() -> Iterator[None]:
    """Ignore Ctrl-C (SIGINT) while open, in the main thread; processes started then ignore it too."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _label(model: str, rules_only: bool) -> str:
    return pipeline_label(load_pipeline(model, rules_only=rules_only))


def _extract(model: str, rules_only: bool, texts: list[str]) -> list[Extraction]:
    with _PIPELINE_LOCK:
        return list(extract_texts(load_pipeline(model, rules_only=rules_only), texts, batch_size=len(texts)))
