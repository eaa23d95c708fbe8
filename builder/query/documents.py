"""Live ingestion in kg serve: `POST /documents?id=ID` builds one article (or an NDJSON body
of several) into the served store, `DELETE /documents?id=ID` removes one.

A body is read as `kg build` reads a file of its type (`sources.document_from_bytes`,
`sources.jsonl.read_jsonl`), so a bad one gets the one-line message `kg build` would
print (400). The articles are built by a `KnowledgeGraph` on the Oxigraph server behind
the front (`build.ingest`: parsed by the pipeline it keeps loaded, stored by SPARQL Update,
entities refreshed and linked), in one worker thread: documents are built one request at a
time, in the order they came, while the event loop goes on passing queries.
"""

import asyncio
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from ..errors import Errors, InputError, KgError, StoreError
from ..sources import document_from_bytes
from ..sources.document import SourceDocument
from ..sources.jsonl import read_jsonl

if TYPE_CHECKING:
    from aiohttp import web

MAX_BODY_BYTES = 10_000_000  # the largest article body POST /documents takes, by default
# The media types a body may have, and the file suffix kg build would read it by.
MEDIA_TYPES = {"text/plain": ".txt", "text/markdown": ".md", "text/html": ".html",
               "application/xhtml+xml": ".html", "application/x-ndjson": ".ndjson",
               "application/jsonl": ".jsonl"}


class Graph(Protocol):
    """What the endpoint needs of a knowledge graph (`api.KnowledgeGraph`)."""

    location: str

    def add(self, source: object, **options: object) -> object: ...

    def remove(self, *documents: str) -> list[str]: ...

    def load_pipeline(self) -> object: ...

    def close(self) -> None: ...


def read_body(body: bytes, doc_id: str, media_type: str, *, max_bytes: int) -> list[SourceDocument]:
    """The documents of a request body, read as `kg build` reads a file of its media type.

    RAISES InputError: The message `kg build` prints for such a file, naming `doc_id`; for
        NDJSON, that of the first bad line (then nothing of the body is built).
    """
    suffix = MEDIA_TYPES[media_type]
    if suffix in (".ndjson", ".jsonl"):
        documents = []
        for _, item in read_jsonl(Path(doc_id), doc_id, max_bytes=max_bytes, data=body):
            if isinstance(item, KgError):
                raise item
            documents.append(item)
        return documents
    return [document_from_bytes(body, doc_id, name=doc_id.rsplit("/", 1)[-1], suffix=suffix, where=doc_id)]


class Documents:
    """The `/documents` endpoint over a knowledge graph; a context manager that loads the
    pipeline in the background on entry (so that the first article does not wait for it)
    and closes the graph on exit."""

    def __init__(self, graph: Graph, *, max_bytes: int | None = None, name: str = "") -> None:
        self.graph = graph
        self.name = name  # the served store, named in messages instead of the private server's URL
        self.max_bytes = max_bytes or MAX_BODY_BYTES
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="kg-documents")

    def __enter__(self) -> "Documents":
        self._loading = self._worker.submit(self.graph.load_pipeline)
        return self

    def __exit__(self, *exc: object) -> None:
        self._worker.shutdown(wait=True, cancel_futures=True)
        self.graph.close()

    def route(self, app: "web.Application", gate: object, refusal: Callable[..., "web.Response"]) -> None:
        """Add `POST` and `DELETE /documents` to the front's application."""
        from aiohttp import web

        def document_id(request: web.Request) -> tuple[str, web.Response | None]:
            """The request's document id, or the refusal of a request without a token or an id."""
            refused = gate.check(request.headers.get("Authorization", ""))
            if refused:
                return "", refusal(*refused)
            doc_id = request.query.get("id", "").strip()
            if not doc_id:
                return "", refusal(400, f"Give the document's id: {request.method} /documents?id=ID.")
            return doc_id, None

        async def post(request: web.Request) -> web.StreamResponse:
            started = time.perf_counter()
            doc_id, refused = document_id(request)
            if refused:
                return refused
            media_type = request.headers.get("Content-Type", "").split(";")[0].strip().lower()
            if media_type not in MEDIA_TYPES:
                return refusal(415, f"{doc_id}: send the article as text/plain, text/markdown, text/html or "
                                    "application/x-ndjson (one JSON object a line), with that Content-Type.")
            if request.headers.get("Content-Encoding", "identity").lower() != "identity":
                return refusal(415, "Compressed request bodies are not accepted; send the article as is.")
            try:
                body = await request.clone(client_max_size=self.max_bytes + 1).read()
            except web.HTTPRequestEntityTooLarge:
                return refusal(413, Errors.E062.format(path=doc_id, what="the body", size=request.content_length
                                                       or self.max_bytes + 1, limit=self.max_bytes)
                               .replace("--max-bytes", "kg serve --max-bytes"), close=True)
            try:
                sources = read_body(body, doc_id, media_type, max_bytes=self.max_bytes)
            except InputError as e:
                return refusal(400, str(e))
            try:
                added = await self._run(self.graph.add, sources)
            except KgError as e:
                return refusal(502 if isinstance(e, StoreError) else 500, str(e))
            return web.json_response(_answer(added, doc_id, media_type, time.perf_counter() - started),
                                     status=201 if added.built else 200)

        async def delete(request: web.Request) -> web.StreamResponse:
            started = time.perf_counter()
            doc_id, refused = document_id(request)
            if refused:
                return refused
            try:
                removed = await self._run(self.graph.remove, doc_id)
            except StoreError as e:
                message = str(e).replace(self.graph.location, self.name or self.graph.location)
                return refusal(404 if "No document" in message else 502, message)
            except KgError as e:
                return refusal(500, str(e))
            return web.json_response({"document": doc_id, "removed": removed,
                                      "seconds": round(time.perf_counter() - started, 3)})

        async def other(request: web.Request) -> web.StreamResponse:
            return refusal(405, "/documents takes POST (add or replace an article) and DELETE (remove one).",
                           {"Allow": "POST, DELETE"})

        app.router.add_route("POST", "/documents", post)
        app.router.add_route("DELETE", "/documents", delete)
        app.router.add_route("*", "/documents", other)

    async def _run(self, function: Callable, *args: object) -> object:
        """Run on the worker thread (one request at a time) and wait without blocking the loop."""
        return await asyncio.get_running_loop().run_in_executor(self._worker, function, *args)


def _answer(added: object, doc_id: str, media_type: str, seconds: float) -> dict:
    """The JSON answer to a POST: the document and what was extracted (for NDJSON, each document)."""
    documents = [{"document": d.document, "iri": d.iri, "status": d.status, "entities": d.entities,
                  "relations": d.relations, "quotations": d.quotations} for d in added.documents]
    if MEDIA_TYPES[media_type] in (".ndjson", ".jsonl"):
        return {"document": doc_id, "documents": documents, "entities": sum(d["entities"] for d in documents),
                "relations": sum(d["relations"] for d in documents), "seconds": round(seconds, 3)}
    return {**documents[0], "seconds": round(seconds, 3)}
