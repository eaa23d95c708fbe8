"""Running SPARQL against the store and reading the stored graph back."""

from pathlib import Path

from rdflib import Graph

from .errors import Errors, QueryError, StoreError
from .mapping import bind_prefixes
from .store import KgStore


def open_store(store_path: Path) -> KgStore:
    """Open an existing store; a folder that holds none is an error that says how to make one."""
    if not (store_path / "CURRENT").exists():
        raise StoreError(Errors.E024.format(path=store_path))
    return KgStore(store_path)


def run_query(store_path: Path, sparql: str) -> tuple[list[str], list[list[str | None]]]:
    """Run a SELECT or ASK query; RETURNS the column names and the rows as strings."""
    with open_store(store_path) as store:
        try:
            result = store.query(sparql)
        except SyntaxError as e:
            raise QueryError(Errors.E023.format(reason=" ".join(str(e).split()))) from e
        if result.type == "ASK":
            return ["ask"], [[str(bool(result.askAnswer)).lower()]]
        if result.type != "SELECT":
            raise QueryError(Errors.E025)
        columns = [str(v) for v in result.vars]
        rows = [[None if v is None else str(v) for v in row] for row in result]
    return columns, rows


def load_union_graph(store_path: Path) -> Graph:
    """Every triple of every graph in the store, as one in-memory rdflib Graph."""
    graph = bind_prefixes(Graph())
    with open_store(store_path) as store:
        for s, p, o, _ in store.dataset.quads((None, None, None, None)):
            graph.add((s, p, o))
    return graph
