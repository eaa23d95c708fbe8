"""Building the graph: documents in, named graphs into the store, files out."""

import signal
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from spacy.language import Language

from . import __version__
from .errors import Errors, KgError, StoreError
from .extraction.engines import Engine, batches, open_engine
from .extraction.nlp import DEFAULT_MODEL
from .extraction.records import Extraction
from .rdf.iri import document_iri
from .rdf.mapping import document_quads
from .rdf.namespace import ENTITY_GRAPH, KG
from .sources import DEFAULT_MAX_BYTES, count_inputs, read_inputs
from .sources.document import SourceDocument
from .store import Store, open_store
from .store.ahead import QueriesAhead
from .store.links import LinkReport, link_store, read_links
from .store.resolve import NameIndex, resolve_store, stale_entities
from .store.writer import GraphWriter
from .views.entity_view import ENTITY_PROPERTIES, VIEW_QUERIES, entity_view
from .views.exports import export_queries, export_views

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.jsonld")
VIEW_OUTPUTS = ("graphml", "gexf", "cyjs", "html", "geojson")  # for yEd, Gephi, Cytoscape, a browser, a GIS
RELATION_PROPERTIES = (*ENTITY_PROPERTIES, "jobTitle")
LOOKUP_BATCH = 256  # documents whose stored hashes are looked up together
# build(files=None) leaves the graph files to kg export when the store holds more triples than
# this (writing them takes about 12 s a million) and the build changed under 1/SHARE of its documents.
FILES_AUTO_TRIPLES = 1_000_000
FILES_AUTO_SHARE = 10


@dataclass
class BuildSummary:
    """What a build did and what the store now holds: counts only, whatever the corpus size."""

    built: int = 0
    unchanged: int = 0
    failed: int = 0
    left: int = 0  # documents not reached when the build was stopped
    interrupted: bool = False
    documents: int = 0
    entities_by_class: Counter = field(default_factory=Counter)
    relations_by_property: Counter = field(default_factory=Counter)
    quotations: int = 0
    triples: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)
    files_deferred: str = ""  # why the graph files were left to kg export (build(files=None))
    links: LinkReport | None = None  # what build(links=FILE) linked to the user's identifiers


def build(
    inputs: list[Path],
    *,
    out: Path,
    store_path: Path | str | None = None,
    store_token: str | None = None,
    model: str = DEFAULT_MODEL,
    rules_only: bool = False,
    min_confidence: float = 0.0,
    one_story: bool = False,
    links: Path | None = None,
    nlp: Language | None = None,
    force: bool = False,
    files: bool | None = True,
    max_bytes: int = DEFAULT_MAX_BYTES,
    engine: str = "local",
    processes: int = 1,
    scheduler: str | None = None,
    processed_at: datetime | None = None,
    on_start: Callable[[int, str], None] | None = None,
    on_document: Callable[[str, str, str], None] | None = None,
    stop: Callable[[], bool] | None = None,
) -> BuildSummary:
    """Build documents into the store and write the graph files into `out`.

    inputs: files or folders of articles, streamed: memory does not grow with their number.
        Unreadable documents are counted as failed and skipped; the rest are built. A
        document stored with the same content by the same pipeline (kg's version and the
        model) is skipped unless `force`.
    files: write the graph files (`OUTPUT_FILES`, `VIEW_OUTPUTS`) after building; they hold
        the whole store, so on a large one they take far longer than rebuilding a document.
        None: write them unless the store holds over `FILES_AUTO_TRIPLES` triples and the
        build changed under 1/`FILES_AUTO_SHARE` of its documents (`summary.files_deferred`
        then says so, and `kg export` writes any of them).
    rules_only: leave kg's trained relation model out; relations come from the rules alone.
    min_confidence: store only the relations at least this confident (quotations are all kept).
    one_story: the store's documents tell one story: a person named by surname alone joins the
        one full name of the corpus ending in it without other shared context (`store.resolve`).
    links: a file of the user's identifiers (`store.links.read_links`, read before anything is
        built): matching entities get owl:sameAs them and the user's names as labels, replacing
        the links of an earlier build; ambiguous matches are left alone (`summary.links`).
    max_bytes: the largest file or JSON Lines record to read; larger ones fail (`sources.read_inputs`).
    store_path, store_token: the store, a folder or a SPARQL endpoint URL (`store.open_store`) [default: OUT/store].
    engine, processes, scheduler: where extraction runs (see `engines.open_engine`).
    processed_at: the processing time recorded on every Document [default: when each is built].
    on_start: called once ready to build, with the number of documents and the engine's label.
    on_document: called with (document id, "built" | "unchanged" | "failed", error message).
    stop: polled after each document; once true, the build reads no more documents, stores
        those already parsed, refreshes the entities of what it built and writes no graph
        files (`summary.interrupted`).
    """
    started = time.perf_counter()
    summary = BuildSummary()
    _check_writable(out)
    entries = read_links(links) if links is not None else None
    total = count_inputs(inputs)
    with open_engine(engine, model=model, rules_only=rules_only, nlp=nlp, processes=processes,
                     scheduler=scheduler) as extractor, \
            open_store(store_path or out / "store", token=store_token) as store:
        if on_start:
            on_start(total, extractor.label)
        ingest(read_inputs(inputs, max_bytes=max_bytes), store, extractor, summary=summary, force=force,
               min_confidence=min_confidence, one_story=one_story, processed_at=processed_at,
               on_document=on_document, stop=stop)
        if entries is not None and not summary.interrupted:
            summary.links = link_store(store, entries, source=str(links))
        summary.left = total - summary.built - summary.unchanged - summary.failed
        _describe(store, summary)
        if files is None and not summary.interrupted:
            summary.files_deferred = _files_deferred(summary)
        if (files or (files is None and not summary.files_deferred)) and not summary.interrupted:
            with ThreadPoolExecutor(2) as pool:  # the RDF files are written while the views' queries
                dumped = pool.submit(store.dump, *(out / name for name in OUTPUT_FILES))  # are read ahead
                ahead = QueriesAhead(store, [*VIEW_QUERIES, *export_queries(VIEW_OUTPUTS)], pool)
                summary.outputs.extend(export_views(ahead, VIEW_OUTPUTS, out, entity_view(ahead)))
                dumped.result()
            summary.outputs[:0] = [out / name for name in OUTPUT_FILES]
    summary.seconds = time.perf_counter() - started
    return summary


def ingest(
    items: Iterable[tuple[str, SourceDocument | KgError]],
    store: Store,
    extractor: Engine,
    *,
    summary: BuildSummary | None = None,
    force: bool = False,
    min_confidence: float = 0.0,
    one_story: bool = False,
    processed_at: datetime | None = None,
    on_document: Callable[[str, str, str], None] | None = None,
    on_extracted: Callable[[SourceDocument, Extraction], None] | None = None,
    stop: Callable[[], bool] | None = None,
    names: NameIndex | None = None,
) -> BuildSummary:
    """Build documents into an open store with an open engine, then refresh the entities
    they mention and link names across documents: what `build`, the Python API
    (`KnowledgeGraph.add`), `kg serve`'s `POST /documents` and `kg watch` share.

    items: (document id, document or the error that kept it from being read), streamed.
    summary: where to count what was built [default: a new one]; `documents`, `triples`
        and the other store-wide counts are left as they are.
    on_extracted: called with each document and its extraction (relations under
        `min_confidence` left out) once it is handed to the store.
    names: the entities' names for cross-document linking, kept by a caller that ingests
        again and again (read whole the first time, then only the changed entities') [default:
        read whole now].
    Others: as `build` has them.
    RETURNS (BuildSummary): `summary`.
    """
    summary = summary if summary is not None else BuildSummary()
    notify = on_document or (lambda doc_id, status, message: None)
    stopped = stop or (lambda: False)
    label = f"kg {__version__}; {extractor.label}"  # a document built by another pipeline is built again
    if min_confidence > 0:
        label += f"; min confidence {min_confidence:g}"

    def pending() -> Iterator[SourceDocument]:
        for chunk in batches(items, LOOKUP_BATCH):
            sources = [source for _, source in chunk if isinstance(source, SourceDocument)]
            stored = {} if force or not sources else store.built_with(str(document_iri(s.doc_id)) for s in sources)
            for doc_id, source in chunk:
                if stopped():
                    return
                if isinstance(source, KgError):
                    summary.failed += 1
                    notify(doc_id, "failed", str(source))
                elif stored.get(str(document_iri(doc_id))) == (source.content_hash, label):
                    summary.unchanged += 1
                    notify(doc_id, "unchanged", "")
                else:
                    yield source

    def report(doc_ids: list[str]) -> None:
        for doc_id in doc_ids:
            summary.built += 1
            notify(doc_id, "built", "")

    with GraphWriter(store) as writer:  # stores while the next documents are parsed
        for source, extraction in extractor.extract(pending()):
            if min_confidence > 0:
                extraction.relations = [r for r in extraction.relations if r.confidence >= min_confidence]
            writer.put(document_quads(source, extraction, pipeline=label,
                                      processed_at=processed_at or datetime.now(timezone.utc)), source.doc_id)
            if on_extracted:
                on_extracted(source, extraction)
            report(writer.stored())
            if stopped():
                break
    report(writer.stored())
    summary.interrupted = stopped()
    changed = stale_entities(store)
    store.refresh_entities()  # also what an interrupted build left stale
    if resolve_store(store, index=names, changed=changed, one_story=one_story):  # one entity across documents
        store.refresh_entities()
    return summary


def _files_deferred(summary: BuildSummary) -> str:
    """Why the graph files are not rewritten after this build, or "" when they are: they hold
    the whole store, so a small change to a large store leaves them to `kg export`."""
    if summary.triples <= FILES_AUTO_TRIPLES or summary.built * FILES_AUTO_SHARE >= summary.documents:
        return ""
    return (f"the store holds {summary.triples:,} triples and this build changed {summary.built:,} of its "
            f"{summary.documents:,} documents")


@contextmanager
def sigint_stops(on_request: Callable[[], None] | None = None) -> Iterator[Callable[[], bool]]:
    """While open, a first Ctrl-C (SIGINT) asks the build to stop reading documents (those
    already parsed are stored) and a second one stops at once (KeyboardInterrupt). Yields
    what to pass as `build(stop=...)`.

    on_request: called on the first Ctrl-C, e.g. to say that the build is stopping.
    """
    requested = threading.Event()

    def handle(signum: int, frame: object) -> None:
        if requested.is_set():
            raise KeyboardInterrupt
        requested.set()
        if on_request:
            on_request()

    previous = signal.signal(signal.SIGINT, handle)
    try:
        yield requested.is_set
    finally:
        signal.signal(signal.SIGINT, previous)


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".kg-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise StoreError(Errors.E022.format(path=out, reason=e.strerror or e)) from e


def _describe(store: Store, summary: BuildSummary) -> None:
    """Fill the store-wide counts of a summary."""
    kg = str(KG._NS)
    for row in store.query(f"SELECT (COUNT(?d) AS ?n) WHERE {{ ?d a <{kg}Document> }}"):
        summary.documents = int(row.n)
    for row in store.query(
        f"SELECT ?c (COUNT(?e) AS ?n) WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e a ?c }} }} GROUP BY ?c"
    ):
        summary.entities_by_class[str(row.c).removeprefix(kg)] = int(row.n)
    values = " ".join(f"<{kg}{p}>" for p in RELATION_PROPERTIES)
    for row in store.query(
        f"SELECT ?p (COUNT(*) AS ?n) WHERE {{ SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?p {{ {values} }} ?s ?p ?o }} }} GROUP BY ?p"
    ):
        summary.relations_by_property[str(row.p).removeprefix(kg)] = int(row.n)
    for row in store.query(f"SELECT (COUNT(?q) AS ?n) WHERE {{ ?q a <{kg}Quotation> }}"):
        summary.quotations = int(row.n)
    summary.triples = store.quad_count()
