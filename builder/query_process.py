"""The child process that runs one SPARQL request on the store, so `kg query` can stop it.

Oxigraph cannot cancel a query that is running, so `query.run_query` starts this module
(`python -m builder.query_process STORE MODE LIMIT`, the request on stdin) and kills it
when time is up. It imports only pyoxigraph, so it starts in a few tens of milliseconds.

MODE "query" opens the store read-only (nothing can change it) and runs a query over the
union of all graphs; MODE "update" opens it read-write and applies an update in one
transaction. The answer is JSON lines on stdout: one header object, then for a SELECT the
rows (lists of strings or null), at most LIMIT + 1 of them (0: no limit).
"""

import json
import sys
from itertools import islice

import pyoxigraph as ox

DEFAULT_TIMEOUT = 30.0  # seconds a query may run before it is stopped
DEFAULT_LIMIT = 10_000  # rows a query returns at most

def _emit(item: object) -> None:
    sys.stdout.write(json.dumps(item, ensure_ascii=False) + "\n")


def _value(term: object) -> str | None:
    return None if term is None else getattr(term, "value", str(term))


def main(store_path: str, mode: str, limit: int, request: str) -> None:
    """Run the request and write the answer (see the module docstring)."""
    try:
        if mode == "update":
            store = ox.Store(store_path)
            before = len(store)
            store.update(request)
            store.flush()
            _emit({"updated": True, "before": before, "after": len(store)})
            return
        result = ox.Store.read_only(store_path).query(request, use_default_graph_as_union=True)
        if isinstance(result, ox.QueryBoolean):
            _emit({"ask": bool(result)})
        elif isinstance(result, ox.QuerySolutions):
            _emit({"columns": [v.value for v in result.variables]})
            for row in islice(result, limit + 1 if limit else None):
                _emit([_value(term) for term in row])
        else:
            _emit({"graph": True})
    except SyntaxError as e:
        _emit({"error": "syntax", "message": str(e)})
    except OSError as e:
        _emit({"error": "store", "message": str(e)})


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.stdin.read())
