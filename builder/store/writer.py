"""Storing document graphs in a thread of their own while the next documents are parsed.

Oxigraph releases the GIL while it writes (and a remote store waits on the network), so a
writer thread overlaps the store's work with spaCy's. Graphs are stored in batches of about
`BATCH_QUADS` quads (`Store.replace_graphs`): the embedded store bulk-loads a batch of new
documents in one atomic step, several times cheaper a quad than a transaction per document.
Every document is still either fully in or fully out; what the writer has not stored when the
build fails or is killed is simply not there, and a rerun builds it.
"""

import queue
import threading
from types import TracebackType

from ..rdf.mapping import NamedGraph
from .base import Store

DEPTH = 16  # document graphs waiting for the writer at most
BATCH_QUADS = 20_000  # quads stored together (bulk loads of about this size cost least a quad)


class GraphWriter:
    """A context manager that stores document graphs in order, in a background thread.

    `put` hands a graph over (waiting while `DEPTH` graphs are queued); the writer stores
    graphs in batches of at least `BATCH_QUADS` quads, or what it holds at the end. `stored`
    returns the keys of the graphs stored since its last call, for the caller to report on
    its own thread. An error of the store is raised by the next `put` or at the end of the
    block. Leaving the block waits until every graph put is stored, also when an error (say,
    of the engine) leaves it; a KeyboardInterrupt or SystemExit waits only for the batch
    being written.
    """

    def __init__(self, store: Store, *, depth: int | None = None) -> None:
        self._store = store
        self._queue: queue.Queue[tuple[NamedGraph, object] | None] = queue.Queue(depth or DEPTH)
        self._stored: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._error: BaseException | None = None
        self._abandon = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kg-graph-writer", daemon=True)

    def __enter__(self) -> "GraphWriter":
        self._thread.start()
        return self

    def put(self, graph: NamedGraph, key: object) -> None:
        """Store `graph` after those put before; `key` comes back from `stored` once it is."""
        self._raise()
        while True:
            try:
                self._queue.put((graph, key), timeout=0.1)
                return
            except queue.Full:
                self._raise()

    def stored(self) -> list[object]:
        """The keys of the graphs stored since the last call, in order."""
        keys = []
        while not self._stored.empty():
            keys.append(self._stored.get())
        return keys

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is not None and not issubclass(kind, Exception):
            self._abandon.set()
        while self._thread.is_alive():  # the end mark, unless the writer stopped on an error
            try:
                self._queue.put(None, timeout=0.1)
                break
            except queue.Full:
                pass
        self._thread.join()
        if kind is None:
            self._raise()

    def _run(self) -> None:
        batch: list[tuple[NamedGraph, object]] = []
        quads = 0
        while (item := self._queue.get()) is not None and not self._abandon.is_set():
            batch.append(item)
            quads += len(item[0])
            if quads >= BATCH_QUADS:
                self._write(batch)
                batch, quads = [], 0
        if batch and not self._abandon.is_set():
            self._write(batch)

    def _write(self, batch: list[tuple[NamedGraph, object]]) -> None:
        try:
            self._store.replace_graphs([graph for graph, _ in batch])
        except BaseException as e:  # handed to the caller's thread
            self._error = e
            self._abandon.set()
            return
        for _, key in batch:
            self._stored.put(key)

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error
