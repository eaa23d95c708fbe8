"""Queries read ahead: a store's known queries run on a thread before they are asked for, so
that their reader (the entity view and its exports, all Python) does not wait on Oxigraph,
which releases the GIL while it evaluates."""

from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor

import pyoxigraph as ox

from .base import Store


class QueriesAhead(Store):
    """`store`, whose `solutions` of each of `queries` (asked once, in this order) are the rows
    read on the thread of `pool` since the object was made; everything else goes to `store`."""

    def __init__(self, store: Store, queries: Iterable[str], pool: ThreadPoolExecutor) -> None:
        self.store = store
        self.location = store.location
        self._ahead: dict[str, Future[list[ox.QuerySolution]]] = {
            sparql: pool.submit(_rows, store, sparql) for sparql in dict.fromkeys(queries)}

    def solutions(self, sparql: str) -> list[ox.QuerySolution] | ox.QuerySolutions | ox.QueryBoolean:
        ahead = self._ahead.pop(sparql, None)
        return ahead.result() if ahead is not None else self.store.solutions(sparql)

    def quad_store(self) -> ox.Store:
        return self.store.quad_store()


def _rows(store: Store, sparql: str) -> list[ox.QuerySolution]:
    """Every solution of a SELECT query, read on the calling thread (pyoxigraph's results
    iterator stays on the thread that made it; its rows may leave it)."""
    return list(store.solutions(sparql))
