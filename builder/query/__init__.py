"""Asking the graph: SPARQL queries and updates (`run`, answered by a kept child process,
`process`), the named queries of `queries/` (`named`), the SPARQL endpoint (`serve`) and
SHACL validation (`validate`)."""

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from .named import bind, named_queries, resolve
    from .run import QueryResult, QueryRunner, run_query, run_update
    from .serve import serve
    from .validate import ValidationReport, validate

_NAMES = {
    "bind": ".named", "named_queries": ".named", "resolve": ".named",
    "QueryResult": ".run", "QueryRunner": ".run", "run_query": ".run", "run_update": ".run",
    "serve": ".serve", "ValidationReport": ".validate", "validate": ".validate",
}
__all__ = sorted(_NAMES)
__getattr__ = lazy_names(__name__, _NAMES)
