"""Storing document graphs in a thread of their own while the next documents are parsed.

Oxigraph releases the GIL while it writes (and a remote store waits on the network), so a
writer thread overlaps the store's work with spaCy's: on the benchmark corpus the store
costs about 14 µs a quad, 12% of a one-process build when done in line. Each document is
still one transaction; what the writer has not reached when the build fails or is killed is
simply not stored, and a rerun builds it.
"""

import queue
import threading
from collections.abc import Callable
from types import TracebackType

from .mapping import NamedGraph
from .store import Store

DEPTH = 16  # document graphs waiting for the writer at most


class GraphWriter:
    """A context manager that stores document graphs in order, in a background thread.

    `put` hands a graph over (waiting while `DEPTH` graphs are queued); `stored` returns the
    keys of the graphs stored since its last call, for the caller to report on its own
    thread. An error of the store is raised by the next `put` or at the end of the block.
    Leaving the block waits until every graph put is stored, also when an error (say, of the
    engine) leaves it; a KeyboardInterrupt or SystemExit waits only for the graph being written.
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
        while (item := self._queue.get()) is not None and not self._abandon.is_set():
            graph, key = item
            try:
                self._store.replace_graph(graph)
            except BaseException as e:  # handed to the caller's thread
                self._error = e
                self._abandon.set()
                return
            self._stored.put(key)

    def _raise(self) -> None:
        if self._error is not None:
            raise self._error
