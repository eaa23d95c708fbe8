"""Running SPARQL against the store and reading the stored graph back.

`kg query` loads neither rdflib nor the store: the query runs in a child process
(`process`), so this module imports them only where the store is opened here.
"""

import json
import os
import re
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import Errors, QueryError, StoreError
from .named import UPDATE_KEYWORDS, request_keyword
from .process import DEFAULT_LIMIT, DEFAULT_TIMEOUT, END

if TYPE_CHECKING:
    from rdflib import Graph

    from ..store import Store

_POSITION = re.compile(r"^error at (?P<line>\d+):(?P<column>\d+):\s*(?P<reason>.*)$", re.DOTALL)
_MAX_REASON = 160
# Only a query holding one of these can name another endpoint (SERVICE, maybe \u-escaped).
_MAY_CALL_OUT = re.compile(r"service|\\u", re.IGNORECASE)
_END_LINE = END.encode("ascii")  # the line that closes an answer


@dataclass(frozen=True, slots=True)
class QueryResult:
    """What a query returned.

    columns (list[str]): The selected variables ("ask" for an ASK query).
    rows (list[list[str | None]]): Each row's values as strings (None where unbound).
    truncated (bool): The query returned more rows than the limit; `rows` holds the first ones.
    """

    columns: list[str]
    rows: list[list[str | None]] = field(default_factory=list)
    truncated: bool = False


def open_store(spec: Path | str) -> "Store":
    """Open an existing store: a folder (one that holds none is an error that says how to
    make one) or a SPARQL endpoint's URL."""
    from ..store import KgStore, open_store as open_any

    if is_endpoint(spec):
        return open_any(str(spec), create=False)
    _check_store(Path(spec))
    return KgStore(Path(spec))


def is_endpoint(spec: Path | str) -> bool:
    """Whether a store is given by a SPARQL endpoint's URL rather than a folder."""
    return str(spec).startswith(("http://", "https://"))


def run_query(store_path: Path | str, sparql: str, *, timeout: float = DEFAULT_TIMEOUT,
              limit: int = DEFAULT_LIMIT) -> QueryResult:
    """Run a SELECT or ASK query over the union of all graphs, read-only.

    The query runs in a child process on the store opened read-only, which is killed when
    the time is up, so a runaway query is stopped, not left running.
    timeout (float): Seconds before the query is stopped (0: no limit).
    limit (int): Most rows to return (0: no limit); more make `truncated` true.
    RAISES QueryError: If the query is malformed, an update, federated (SERVICE), a CONSTRUCT
        or DESCRIBE, or too slow.
    """
    if is_endpoint(store_path):
        _check_query(sparql)
        return _result(*_run_remote(str(store_path), sparql, timeout=timeout, limit=limit), limit=limit)
    with QueryRunner(store_path) as runner:
        return runner.query(sparql, timeout=timeout, limit=limit)


def _check_query(sparql: str) -> None:
    """Refuse an update or a federated query before it runs."""
    keyword = request_keyword(sparql)
    if keyword in UPDATE_KEYWORDS:
        raise QueryError(Errors.E071.format(keyword=keyword))
    if _MAY_CALL_OUT.search(sparql):
        from .serve import federated  # the check kg serve makes, loaded only when it may be needed

        if federated(sparql):
            raise QueryError(Errors.E078)


def _result(header: dict, rows: list[list[str | None]], *, limit: int) -> QueryResult:
    if "ask" in header:
        return QueryResult(["ask"], [[str(header["ask"]).lower()]])
    if "columns" not in header:
        raise QueryError(Errors.E025)
    truncated = bool(limit) and len(rows) > limit
    return QueryResult(header["columns"], rows[:limit] if truncated else rows, truncated)


def run_update(store_path: Path | str, sparql: str, *, timeout: float = DEFAULT_TIMEOUT,
               token: str | None = None) -> tuple[int, int]:
    """Apply a SPARQL Update to the store in one transaction (all of it or, if it fails or
    is stopped, none of it).

    token (str): Bearer token for an endpoint's updates (kg serve --allow-update).
    RETURNS (tuple[int, int]): The number of quads before and after.
    """
    if is_endpoint(store_path):
        from ..store.remote import RemoteStore

        with RemoteStore(str(store_path), token=token, timeout=timeout or 600.0) as store:
            before = store.quad_count()
            store.update(sparql)
            return before, store.quad_count()
    with QueryRunner(store_path) as runner:
        header, _ = runner.request("update", sparql, timeout=timeout, limit=0)
    return header["before"], header["after"]


def _run_remote(url: str, sparql: str, *, timeout: float,
                limit: int) -> tuple[dict, list[list[str | None]]]:
    """Run a query on a SPARQL endpoint; RETURNS a header and rows as `process` gives them."""
    import pyoxigraph as ox

    from ..store.remote import RemoteStore

    with RemoteStore(url, timeout=timeout or 600.0) as store:
        try:
            results = store.solutions(sparql)
        except StoreError as e:
            if "timed out" in str(e).lower():
                raise QueryError(Errors.E070.format(seconds=f"{timeout:g}")) from e
            raise
    if isinstance(results, ox.QueryBoolean):
        return {"ask": bool(results)}, []
    if not isinstance(results, ox.QuerySolutions):
        raise QueryError(Errors.E025)
    columns = [v.value for v in results.variables]
    rows = []
    for solution in results:
        rows.append([None if solution[c] is None else solution[c].value for c in columns])
        if limit and len(rows) > limit:
            break
    return {"columns": columns}, rows


class QueryRunner:
    """Runs SPARQL requests on a store folder in a child process (`process`) that it
    keeps for the next request, and kills when a request runs out of time.

    A program that asks many questions pays the child's start once; every query still sees
    what was last written to the store. Use it as a context manager, or call `close`.
    """

    def __init__(self, store_path: Path | str) -> None:
        self.store_path = Path(store_path)
        self._child: subprocess.Popen | None = None
        self._buffer = b""

    def __enter__(self) -> "QueryRunner":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Stop the child process, if any."""
        child, self._child, self._buffer = self._child, None, b""
        if child is not None:
            child.kill()
            child.wait()
            child.stdin.close()
            child.stdout.close()
            child.stderr.close()

    def query(self, sparql: str, *, timeout: float = DEFAULT_TIMEOUT, limit: int = DEFAULT_LIMIT) -> QueryResult:
        """Like `run_query` (see there), on this runner's child process."""
        _check_query(sparql)
        return _result(*self.request("query", sparql, timeout=timeout, limit=limit), limit=limit)

    def request(self, mode: str, sparql: str, *, timeout: float,
                limit: int) -> tuple[dict, list[list[str | None]]]:
        """Send one request; RETURNS the header and rows of its answer."""
        _check_store(self.store_path)
        try:
            sparql.encode("utf-8")
        except UnicodeEncodeError as e:
            raise QueryError(Errors.E023.format(where=f" at character {e.start + 1}", reason="not valid Unicode")) from e
        if self._child is None or self._child.poll() is not None:
            self.close()
            self._child = self._start()
        line = json.dumps({"mode": mode, "limit": limit, "request": sparql}) + "\n"
        deadline = time.monotonic() + timeout if timeout else None
        try:
            self._child.stdin.write(line.encode("ascii"))
            self._child.stdin.flush()
            lines = self._read_answer(deadline, timeout)
        except BrokenPipeError:
            lines = None
        if lines is None:
            raise QueryError(Errors.E072.format(reason=self._failure()))
        header = json.loads(lines[0])
        if header.get("error") == "syntax":
            raise QueryError(_syntax_error(header["message"], sparql))
        if header.get("error") == "store":
            raise StoreError(Errors.E009.format(path=self.store_path, reason=header["message"]))
        return header, [row for chunk in lines[1:] for row in json.loads(chunk)]

    def _failure(self) -> str:
        """Why the child ended (the last line it wrote to stderr), and forget it."""
        child = self._child
        child.wait()
        stderr = child.stderr.read().decode("utf-8", "replace").strip().splitlines()
        self.close()
        return stderr[-1] if stderr else f"exit code {child.returncode}"

    def _start(self) -> subprocess.Popen:
        package_root = str(Path(__file__).resolve().parents[2])
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [package_root, os.environ.get("PYTHONPATH")]))}
        command = [sys.executable, "-m", "builder.query.process", str(self.store_path)]
        return subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)

    def _read_answer(self, deadline: float | None, timeout: float) -> list[bytes] | None:
        """The lines of one answer, up to END; None if the child ended first.
        RAISES QueryError: When the deadline passes (the child is killed)."""
        stdout = self._child.stdout.fileno()
        lines: list[bytes] = []
        while True:
            *complete, self._buffer = self._buffer.split(b"\n")
            for line in complete:
                if line == _END_LINE:
                    return lines
                lines.append(line)
            remaining = None if deadline is None else deadline - time.monotonic()
            if remaining is not None and (remaining <= 0 or not select.select([stdout], [], [], remaining)[0]):
                self.close()
                raise QueryError(Errors.E070.format(seconds=f"{timeout:g}"))
            chunk = os.read(stdout, 1 << 20)
            if not chunk:
                return None
            self._buffer += chunk


def _syntax_error(message: str, sparql: str) -> str:
    """The parser's message in one line: where (line, column, the text before) and what it expected."""
    match = _POSITION.match(message)
    reason = " ".join((match["reason"] if match else message).split())
    if len(reason) > _MAX_REASON:
        reason = reason[:_MAX_REASON].rsplit(", ", 1)[0] + " and more"
    if not match:
        return Errors.E023.format(where="", reason=reason)
    line, column = int(match["line"]), int(match["column"])
    lines = sparql.splitlines() or [""]
    before = " ".join(lines[min(line, len(lines)) - 1][:column - 1].split()[-4:])
    where = f" at line {line}, column {column}" + (f" (after '{before}')" if before else "")
    return Errors.E023.format(where=where, reason=reason)


def _check_store(store_path: Path) -> None:
    if not (store_path / "CURRENT").exists():
        raise StoreError(Errors.E024.format(path=store_path))


def load_union_graph(store_path: Path | str) -> "Graph":
    """Every triple of every graph in the store, as one in-memory rdflib Graph."""
    import pyoxigraph as ox
    from rdflib import Graph

    from ..rdf.mapping import bind_prefixes

    with open_store(store_path) as store:
        dataset = store.quad_store()
    triples = (ox.Triple(q.subject, q.predicate, q.object) for q in dataset)
    return bind_prefixes(Graph()).parse(data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt")
