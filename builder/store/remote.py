"""A store behind a SPARQL 1.1 endpoint (Oxigraph server, Apache Jena Fuseki, GraphDB, kg serve).

Reads are SPARQL 1.1 Protocol queries, writes are SPARQL 1.1 Update requests: each
document is replaced by one request (drop its graph, insert the new one), which the
endpoint applies as one transaction, so a document is fully in or out.
"""

import io

import pyoxigraph as ox
import requests
from requests.adapters import HTTPAdapter
from rdflib.query import Result
from urllib3.exceptions import HTTPError
from urllib3.util.retry import Retry

from ..errors import Errors, StoreError
from .base import ALL_QUADS, Store, quads_to_store

_JSON = "application/sparql-results+json"
# Oxigraph reads the default graph as the union of all graphs when asked; others ignore it
# (Fuseki: unionDefaultGraph in the dataset config; GraphDB's default graph is the union).
_UNION = {"union-default-graph": ""}


def endpoints(url: str) -> tuple[str, str]:
    """The query and update URLs of an endpoint given by its base or query URL.

    http://host:7878 (Oxigraph) and http://host:3030/ds (Fuseki) -> BASE/query, BASE/update;
    .../sparql -> that URL for both; .../repositories/NAME (GraphDB, RDF4J) -> it and
    .../repositories/NAME/statements; .../query -> it and .../update.
    """
    url = url.rstrip("/")
    base, _, last = url.rpartition("/")
    if last == "sparql":
        return url, url
    if last == "query":
        return url, base + "/update"
    if base.endswith("/repositories"):
        return url, url + "/statements"
    return url + "/query", url + "/update"


class RemoteStore(Store):
    """A kg store on a SPARQL 1.1 endpoint.

    url (str): The endpoint's base or query URL (see `endpoints`).
    token (str): Sent as `Authorization: Bearer TOKEN` (kg serve --allow-update needs it).
    timeout (float): Seconds to wait for an answer.
    """

    def __init__(self, url: str, *, token: str | None = None, timeout: float = 600.0) -> None:
        self.location = url
        self.query_url, self.update_url = endpoints(url)
        self.timeout = (10.0, timeout)
        self.session = requests.Session()
        retry = Retry(total=2, connect=2, read=0, status=0, backoff_factor=0.1, allowed_methods=None)
        self.session.mount("http://", HTTPAdapter(max_retries=retry))
        self.session.mount("https://", HTTPAdapter(max_retries=retry))
        if token:
            self.session.headers["Authorization"] = f"Bearer {token}"
        self.solutions("ASK {}")

    def close(self) -> None:
        self.session.close()

    def solutions(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean:
        response = self._post(self.query_url, data={"query": sparql}, params=_UNION,
                              headers={"Accept": _JSON})
        return ox.parse_query_results(response.content, ox.QueryResultsFormat.JSON)

    def query(self, sparql: str) -> Result:
        response = self._post(self.query_url, data={"query": sparql}, params=_UNION,
                              headers={"Accept": _JSON})
        return Result.parse(io.BytesIO(response.content), format="json")

    def update(self, sparql: str) -> None:
        self._post(self.update_url, data=sparql.encode("utf-8"),
                   headers={"Content-Type": "application/sparql-update; charset=utf-8"})

    def quad_store(self) -> ox.Store:
        response = self._post(self.query_url, data={"query": ALL_QUADS}, headers={"Accept": _JSON}, stream=True)
        with response:
            response.raw.decode_content = True
            try:
                return quads_to_store(ox.parse_query_results(response.raw, ox.QueryResultsFormat.JSON))
            except (HTTPError, OSError, SyntaxError) as e:  # the connection or the answer broke off
                raise StoreError(Errors.E040.format(url=self.query_url, reason=_reason(e))) from e

    def _post(self, url: str, *, stream: bool = False, **kwargs) -> requests.Response:
        try:
            response = self.session.post(url, timeout=self.timeout, stream=stream, **kwargs)
        except requests.RequestException as e:
            raise StoreError(Errors.E040.format(url=url, reason=_reason(e))) from e
        if response.status_code in (401, 403):
            raise StoreError(Errors.E041.format(url=url, status=response.status_code, detail=_detail(response)))
        if response.status_code >= 300:
            raise StoreError(Errors.E042.format(url=url, status=response.status_code, detail=_detail(response)))
        return response


def _reason(e: BaseException) -> str:
    """The innermost operating-system reason of a failed request ("Connection refused")."""
    seen: set[int] = set()
    todo: list[object] = [e]
    while todo:
        cause = todo.pop()
        if not isinstance(cause, BaseException) or id(cause) in seen:
            continue
        seen.add(id(cause))
        if isinstance(cause, OSError) and cause.strerror:
            return cause.strerror
        todo.extend([cause.__cause__, cause.__context__, getattr(cause, "reason", None), *cause.args])
    return " ".join(str(e).split())[:200]


def _detail(response: requests.Response) -> str:
    return " ".join(response.text.split())[:300] or response.reason
