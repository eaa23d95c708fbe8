"""The child process that runs SPARQL requests on the store, so a runaway query can be stopped.

Oxigraph cannot cancel a query that is running, so `query.QueryRunner` starts this module
(`python -m builder.query.process STORE`) and kills it when time is up. It imports only
pyoxigraph, so it starts in a few tens of milliseconds, and it serves requests until stdin
closes, so a program that asks many questions pays that start once.

A request is one JSON line: {"mode": "query" | "update", "limit": N, "request": SPARQL}.
MODE "query" runs a query over the union of all graphs on the store opened read-only
(nothing can change it), reopened when the store's files have changed since, so that every
query sees what was last written; MODE "update" opens the store read-write and applies an
update in one transaction. The answer is JSON lines on stdout: one header object, then for a
SELECT the rows (lists of strings or null) in lines of up to `CHUNK` rows each, at most
LIMIT + 1 rows in all (0: no limit), then the line `END`.
"""

import json
import os
import sys
import time
from itertools import islice

import pyoxigraph as ox

DEFAULT_TIMEOUT = 30.0  # seconds a query may run before it is stopped
DEFAULT_LIMIT = 10_000  # rows a query returns at most
END = "null"  # the line that closes an answer (no header or chunk of rows is null)
CHUNK = 1000  # rows per line of an answer
RETRIES = 5  # opens of the store a query tries while a writer compacts its files


class _ReadOnly:
    """The store opened read-only, opened again when its files change."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.state: tuple | None = None
        self.store: ox.Store | None = None
        self._logs: list[str] = []

    def get(self) -> ox.Store:
        state = self._state()
        if self.store is None or state != self.state:
            self.store, self.state = None, state
            self.store = ox.Store.read_only(self.path)
        return self.store

    def run(self, sparql: str) -> object:
        """Run a query; if the writer compacted the files away meanwhile (RocksDB then reports
        a missing file as corruption), open the store again and retry, a few times."""
        attempt = 1
        while True:
            try:
                return self.get().query(sparql, use_default_graph_as_union=True)
            except (OSError, RuntimeError) as e:
                if attempt == RETRIES or not _vanished(e):
                    raise
            self.store = None
            time.sleep(0.05 * attempt)
            attempt += 1

    def _state(self) -> tuple:
        """What changes when anything is written: the folder (files come and go) and the
        write-ahead logs (every write appends to one)."""
        folder = os.stat(self.path).st_mtime_ns
        if self.state is None or self.state[0] != folder:
            with os.scandir(self.path) as entries:
                self._logs = sorted(e.path for e in entries if e.name.endswith(".log"))
        logs = []
        for log in self._logs:
            try:
                status = os.stat(log)
            except FileNotFoundError:  # removed since the folder was listed
                return (None,)
            logs.append((status.st_size, status.st_mtime_ns))
        return (folder, *logs)


def _vanished(error: Exception) -> bool:
    """Whether an error is a file of the store removed by the writer while it was opened."""
    return "No such file or directory" in str(error)


def _emit(item: object) -> None:
    sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


def _value(term: object) -> str | None:
    return None if term is None else getattr(term, "value", str(term))


def answer(store: _ReadOnly, mode: str, limit: int, request: str) -> None:
    """Run one request and write its answer, but for the END line (see the module docstring)."""
    try:
        if mode == "update":
            store.store = None  # let go of the read-only handle while writing
            writable = ox.Store(store.path)
            before = len(writable)
            writable.update(request)
            writable.flush()
            _emit({"updated": True, "before": before, "after": len(writable)})
            return
        result = store.run(request)
        if isinstance(result, ox.QueryBoolean):
            _emit({"ask": bool(result)})
        elif isinstance(result, ox.QuerySolutions):
            _emit({"columns": [v.value for v in result.variables]})
            rows = islice(result, limit + 1 if limit else None)
            while chunk := [[_value(term) for term in row] for row in islice(rows, CHUNK)]:
                _emit(chunk)
        else:
            _emit({"graph": True})
    except SyntaxError as e:
        _emit({"error": "syntax", "message": str(e)})
    except OSError as e:
        _emit({"error": "store", "message": str(e)})


def main(store_path: str) -> None:
    """Answer each request line of stdin until it closes."""
    store = _ReadOnly(store_path)
    for line in sys.stdin:
        request = json.loads(line)
        answer(store, request["mode"], request["limit"], request["request"])
        sys.stdout.write(END + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1])
