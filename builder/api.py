"""The Python API: a knowledge graph in a store, built from and asked in Python.

`KnowledgeGraph` opens a store (a folder, or a SPARQL endpoint's URL) and does what the
`kg` commands do, by the same code: `add` builds articles into it (`build.ingest`, as
`kg build` does), `remove` takes documents out, `query` runs SPARQL with the timeout and
row limit of `kg query`, `entities` is `kg export`'s entity view (networkx), `export`
writes a file, `stats` counts; `dataset` is the store as an rdflib `Dataset` (oxrdflib).
The spaCy pipeline is loaded by the first `add` and kept, so each later article costs its
own parse only.

    >>> from builder import KnowledgeGraph
    >>> with KnowledgeGraph("output/store") as kg:
    ...     kg.add("Ann Lee, a spokesperson for the RCMP, spoke in Ottawa.", id="notes/lee")
    ...     rows = kg.query("SELECT ?name WHERE { ?p a kg:Person ; rdfs:label ?name }")
"""

import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import Errors, InputError, KgError
from .query.process import DEFAULT_LIMIT, DEFAULT_TIMEOUT
from .sources import DEFAULT_MAX_BYTES
from .sources.document import SourceDocument

if TYPE_CHECKING:
    import networkx as nx
    from rdflib import Dataset

    from .extraction.engines import Engine
    from .query.run import QueryRunner
    from .store import Store
    from .store.resolve import NameIndex
    from .views.stats import GraphStats

DEFAULT_STORE = Path("output") / "store"
Source = str | Path | dict | SourceDocument  # what `add` takes, alone or in an iterable
Progress = Callable[[str, str, str], None]  # (document id, "built" | "unchanged" | "failed", message)


@dataclass(frozen=True, slots=True)
class AddedDocument:
    """What `add` did with one document.

    document (str): Its id (as `kg build` names a file's: "news/a.txt"; or the id given).
    iri (str): Its IRI, the name of its graph.
    status (str): "built", "unchanged" (stored with the same content by the same pipeline) or "failed".
    entities, relations, quotations (int): What was extracted from it (0 unless built).
    message (str): Why it failed, in one line ("" otherwise).
    """

    document: str
    iri: str
    status: str
    entities: int = 0
    relations: int = 0
    quotations: int = 0
    message: str = ""


@dataclass
class Added:
    """What an `add` did: counts, each document, and the time it took."""

    built: int = 0
    unchanged: int = 0
    failed: int = 0
    seconds: float = 0.0
    documents: list[AddedDocument] = field(default_factory=list)


class Rows(list):
    """The answer of a query: a list of rows, each a dict of column -> value (the value's
    text, None where unbound; an ASK query gives one row {"ask": "true" | "false"}).

    columns (list[str]): The selected variables, in order.
    truncated (bool): The query returned more rows than the limit; these are the first ones.
    """

    def __init__(self, rows: Iterable[dict[str, str | None]], columns: list[str], truncated: bool = False) -> None:
        super().__init__(rows)
        self.columns = columns
        self.truncated = truncated


class KnowledgeGraph:
    """A kg store opened from Python: use it as a context manager, or call `close`.

    store: A store folder (made by the first `add` when it holds none) or a SPARQL
        endpoint's URL (`kg serve --allow-update`, an Oxigraph server, Fuseki, GraphDB).
    token: Bearer token for an endpoint's updates (or None).
    model, rules_only, min_confidence: the pipeline and the relation filter, as `kg build` takes them.
    nlp: an already loaded pipeline (`extraction.load_pipeline`), used instead of loading `model`.
    processes: worker processes that parse for `add` (1: this process).

    A folder store is opened on first use and held until `close` (RocksDB's lock: no other
    program writes it meanwhile, as during `kg build`); queries run in a kept child process
    on it, read-only, so that a runaway one is stopped at its timeout.
    """

    def __init__(self, store: str | Path = DEFAULT_STORE, *, token: str | None = None, model: str | None = None,
                 rules_only: bool = False, min_confidence: float = 0.0, nlp: Any = None, processes: int = 1) -> None:
        self.location = str(store)
        self.token = token
        self.model = model
        self.rules_only = rules_only
        self.min_confidence = min_confidence
        self.processes = processes
        self._nlp = nlp
        self._store: "Store | None" = None
        self._engine: "Engine | None" = None
        self._runner: "QueryRunner | None" = None
        self._names: "NameIndex | None" = None  # entity names for cross-document linking, kept between adds

    @property
    def is_endpoint(self) -> bool:
        """Whether the store is a SPARQL endpoint rather than a folder."""
        return self.location.startswith(("http://", "https://"))

    def __enter__(self) -> "KnowledgeGraph":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"KnowledgeGraph({self.location!r})"

    def close(self) -> None:
        """Stop the query process and the pipeline's workers, flush and release the store."""
        runner, engine, store = self._runner, self._engine, self._store
        self._runner = self._engine = self._store = None
        try:
            if runner is not None:
                runner.close()
            if engine is not None:
                engine.close()
        finally:
            if store is not None:
                store.close()

    # -- writing

    def add(self, source: Source | Iterable[Source], *, id: str | None = None, title: str | None = None,
            date: str | None = None, url: str | None = None, force: bool = False,
            max_bytes: int = DEFAULT_MAX_BYTES, progress: Progress | None = None) -> Added:
        """Build articles into the store: stored, their entities refreshed and linked across
        documents, as `kg build` does (a document stored with the same content by the same
        pipeline is left alone unless `force`; the same id with other content replaces it).

        source: One article's text (a str; give its `id`), a file or folder (a Path; ids as
            `kg build` gives them, or `id` for one file), a dict with the fields of a JSON
            Lines record ({"id", "text", "title", "url", "date"}), or an iterable of these or
            of (id, text or Path) pairs, read lazily.
        id, title, date, url: the id and metadata of a single text (date: "2024-05-17" or
            an ISO 8601 time; url: absolute http(s)).
        max_bytes: the largest file or record to read; larger ones fail.
        progress: called with (document id, status, message) as each document is done.
        RETURNS (Added): counts and each document's outcome. A document that cannot be read
            is "failed" with its one-line message; the others are built.
        RAISES KgError: When the store or the pipeline cannot be used (nothing is half-stored).
        """
        from .build import ingest
        from .rdf.iri import document_iri

        started = time.perf_counter()
        added = Added()
        extracted: dict[str, tuple[int, int, int]] = {}

        def on_document(doc_id: str, status: str, message: str) -> None:
            counts = extracted.pop(doc_id, (0, 0, 0)) if status == "built" else (0, 0, 0)
            added.documents.append(AddedDocument(doc_id, str(document_iri(doc_id)), status, *counts, message))
            if progress:
                progress(doc_id, status, message)

        items = _items(source, id=id, title=title, date=date, url=url, max_bytes=max_bytes)
        if isinstance(source, (str, bytes, dict, SourceDocument)) or id is not None:
            items = list(items)  # one document: a mistake is raised before the pipeline loads
        if self._names is None:
            from .store.resolve import NameIndex

            self._names = NameIndex()
        summary = ingest(items, self._opened(create=True), self._extractor(), force=force, min_confidence=self.min_confidence,
                         names=self._names,
                         on_document=on_document, on_extracted=lambda s, e: extracted.__setitem__(
                             s.doc_id, (len(e.entities), len(e.relations), len(e.quotes))))
        added.built, added.unchanged, added.failed = summary.built, summary.unchanged, summary.failed
        added.seconds = time.perf_counter() - started
        return added

    def remove(self, *documents: str) -> list[str]:
        """Remove documents (ids as `kg build` names them, or IRIs) and the entities no other
        document mentions; all of them or, if one is not stored, none.

        RETURNS (list[str]): The IRIs of the removed documents.
        RAISES StoreError: If a document is not in the store (the message names close ids).
        """
        removed = self._opened(create=False).remove_documents(documents)
        self._names = None  # read whole again by the next add
        return removed

    # -- reading

    def documents(self) -> list[str]:
        """The ids of the stored documents (as `kg build` names them), sorted."""
        from .rdf.namespace import KG
        from .store.base import document_id

        rows = self._opened(create=False).solutions(f"SELECT ?doc WHERE {{ GRAPH ?doc {{ ?doc a <{KG.Document}> }} }}")
        return sorted(document_id(row["doc"].value) for row in rows)

    def query(self, query: str, params: dict[str, str] | None = None, *, timeout: float = DEFAULT_TIMEOUT,
              limit: int = DEFAULT_LIMIT) -> Rows:
        """Run a SELECT or ASK query over the union of all graphs, as `kg query` does.

        query: SPARQL text (kg's prefixes need no PREFIX lines only in named queries: write
            your own), a .rq file, or the name of a query in `queries/` ("entity").
        params: values of the query's parameters (its `VALUES ?name` clauses), as `--param`.
        timeout: seconds before the query is stopped (0: no limit).
        limit: most rows returned (0: no limit); `Rows.truncated` says when more were left out.
        RAISES QueryError: If the query is malformed, an update, federated, a CONSTRUCT or
            DESCRIBE, or runs past its timeout.
        """
        from .query.named import bind, resolve
        from .query.run import QueryRunner, run_query

        text = resolve(query)
        if params:
            text = bind(text, params)
        if self.is_endpoint:
            result = run_query(self.location, text, timeout=timeout, limit=limit)
        else:
            if self._runner is None:
                self._runner = QueryRunner(Path(self.location))
            result = self._runner.query(text, timeout=timeout, limit=limit)
        return Rows((dict(zip(result.columns, row)) for row in result.rows), result.columns, result.truncated)

    def dataset(self) -> "Dataset":
        """The store as an rdflib `Dataset` (Oxigraph through oxrdflib; its default graph is
        the union of all graphs), for rdflib code. Read it; change the store with `add` and
        `remove`, which keep the entities graph in step. On an endpoint: a copy in memory."""
        store = self._opened(create=False)
        if hasattr(store, "dataset"):
            return store.dataset
        from oxrdflib import OxigraphStore
        from rdflib import Dataset

        from .rdf.namespace import PREFIXES

        dataset = Dataset(store=OxigraphStore(store=store.quad_store()), default_union=True)
        for prefix, namespace in PREFIXES.items():
            dataset.bind(prefix, namespace)
        return dataset

    def entities(self, *, classes: Iterable[str] | None = None, properties: Iterable[str] | None = None,
                 min_confidence: float = 0.0, min_mentions: int = 0, around: str | None = None, depth: int = 1,
                 provenance: bool = False) -> "nx.MultiDiGraph":
        """The entity view, with the filters of `kg export`: entities as nodes (id: IRI;
        label, cls, names, mentions), typed relations as edges (key: the property; confidence,
        support, an example sentence).

        classes: keep entities of these classes and their subclasses ("Person", "Organization").
        properties: keep relations with these properties ("headOf", "employer").
        around, depth: keep the neighbourhood of the entity with this name.
        provenance: add the documents and quotations.
        """
        from .views.entity_view import entity_view

        return entity_view(self._opened(create=False), classes=classes, properties=properties,
                           min_confidence=min_confidence, min_mentions=min_mentions, around=around, depth=depth,
                           include_provenance=provenance)

    def export(self, format: str, path: str | Path, **filters: Any) -> list[Path]:
        """Write the graph in a format (as `kg export --format`): the entity view as graphml,
        gexf, cyjs, json, dot, csv (a folder) or html, with the filters of `entities`; or the
        whole store as ttl, nt, nq, trig, jsonld or xml. Files are written whole.

        RETURNS (list[Path]): The files written.
        """
        from .views.exports import FORMATS, export

        fmt = format.lower()
        if fmt not in FORMATS:
            raise InputError(Errors.E031.format(fmt=fmt, formats=", ".join(FORMATS)))
        if "provenance" in filters:
            filters["include_provenance"] = filters.pop("provenance")
        return export(self._opened(create=False), fmt, Path(path), **filters)

    def stats(self) -> "GraphStats":
        """Documents, entities by class, relations by property, the most connected entities."""
        from .views.stats import graph_stats

        return graph_stats(self._opened(create=False))

    def triples(self) -> int:
        """How many triples the store holds (over all graphs: quads)."""
        return self._opened(create=False).quad_count()

    def load_pipeline(self) -> None:
        """Load the spaCy pipeline now (else the first `add` loads it)."""
        self._extractor()

    # -- the store and the pipeline, opened once

    def _opened(self, *, create: bool) -> "Store":
        if self._store is None:
            from .store import open_store

            self._store = open_store(self.location, token=self.token, create=create)
        return self._store

    def _extractor(self) -> "Engine":
        if self._engine is None:
            from .extraction.engines import open_engine
            from .extraction.nlp import DEFAULT_MODEL

            self._engine = open_engine("local", model=self.model or DEFAULT_MODEL, rules_only=self.rules_only,
                                       nlp=self._nlp, processes=self.processes)
        return self._engine


def _items(source: Source | Iterable[Source], *, id: str | None, title: str | None, date: str | None,
           url: str | None, max_bytes: int) -> Iterator[tuple[str, SourceDocument | KgError]]:
    """(document id, document or error) for each article `add` was given, lazily."""
    if isinstance(source, (str, bytes, Path, dict, SourceDocument)):
        if id is not None or title is not None or date is not None or url is not None:
            yield from _single(source, id=id, title=title, date=date, url=url, max_bytes=max_bytes)
            return
        source = [source]
    elif any(v is not None for v in (id, title, date, url)):
        raise InputError(Errors.E079)
    for item in source:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], (str, Path)):
            yield from _single(item[1], id=str(item[0]), title=None, date=None, url=None, max_bytes=max_bytes)
        else:
            yield from _single(item, id=None, title=None, date=None, url=None, max_bytes=max_bytes)


def _single(source: Source, *, id: str | None, title: str | None, date: str | None, url: str | None,
            max_bytes: int) -> Iterator[tuple[str, SourceDocument | KgError]]:
    from .sources import read_file, read_inputs
    from .sources.jsonl import record_document

    if isinstance(source, SourceDocument):
        yield source.doc_id, source
    elif isinstance(source, Path):
        if id is None:
            yield from read_inputs([source], max_bytes=max_bytes)
        else:
            yield from read_file(source, id, max_bytes=max_bytes)
    elif isinstance(source, str):
        if id is None:
            raise InputError(Errors.E080)
        record = {"id": id, "text": source, "title": title, "date": date, "url": url}
        plain = title is None and date is None and url is None  # hashed as the same text in a file would be
        content = source.encode("utf-8", "surrogateescape") if plain else None
        yield id, _checked(lambda: record_document(record, where=id, max_bytes=max_bytes, content=content))
    elif isinstance(source, dict):
        record = {**source, "id": id if id is not None else source.get("id")}
        where = str(record["id"]) if record["id"] is not None else "the record"
        yield where, _checked(lambda: record_document(record, where=where, max_bytes=max_bytes))
    else:
        raise InputError(Errors.E081.format(kind=type(source).__name__))


def _checked(make: Callable[[], SourceDocument]) -> SourceDocument | KgError:
    try:
        return make()
    except InputError as e:
        return e


__all__ = ["Added", "AddedDocument", "KnowledgeGraph", "Rows"]
