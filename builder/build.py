"""Building the graph: documents in, named graphs into the store, files out."""

import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from spacy.language import Language

from . import __version__
from .entity_view import ENTITY_PROPERTIES
from .errors import Errors, KgError, StoreError
from .exports import default_path, export
from .extract import extraction_of
from .iri import document_iri
from .mapping import document_graph
from .namespace import ENTITY_GRAPH, KG
from .nlp import DEFAULT_MODEL, load_pipeline, pipeline_label
from .records import SourceDocument
from .sources import find_documents, read_document
from .store import KgStore

OUTPUT_FILES = ("graph.ttl", "graph.trig", "graph.jsonld")
VIEW_OUTPUTS = ("graphml", "gexf", "cyjs", "html")  # for yEd, Gephi, Cytoscape, a browser
RELATION_PROPERTIES = (*ENTITY_PROPERTIES, "jobTitle")


@dataclass
class BuildSummary:
    """What a build did and what the store now holds."""

    built: int = 0
    unchanged: int = 0
    failed: list[tuple[str, str]] = field(default_factory=list)
    documents: int = 0
    entities_by_class: Counter = field(default_factory=Counter)
    relations_by_property: Counter = field(default_factory=Counter)
    quotations: int = 0
    triples: int = 0
    seconds: float = 0.0
    outputs: list[Path] = field(default_factory=list)


def build(
    inputs: list[Path],
    *,
    out: Path,
    store_path: Path | None = None,
    model: str = DEFAULT_MODEL,
    nlp: Language | None = None,
    force: bool = False,
    on_document: Callable[[str, str], None] | None = None,
) -> BuildSummary:
    """Build documents into the store and write the graph files into `out`.

    inputs: files or folders of articles. Unreadable documents are reported in the
    summary and skipped; the rest are built. A document whose content is unchanged since
    it was stored is skipped unless `force`.
    on_document: called with (document id, "built" | "unchanged" | "failed").
    """
    started = time.perf_counter()
    summary = BuildSummary()
    _check_writable(out)
    nlp = nlp or load_pipeline(model)
    label = f"kg {__version__}; {pipeline_label(nlp)}"
    notify = on_document or (lambda doc_id, status: None)
    with KgStore(store_path or out / "store") as store:
        stored = store.content_hashes()

        def pending() -> Iterator[tuple[str, SourceDocument]]:
            for path, doc_id in find_documents(inputs):
                try:
                    source = read_document(path, doc_id)
                except KgError as e:
                    summary.failed.append((doc_id, str(e)))
                    notify(doc_id, "failed")
                    continue
                if not force and stored.get(str(document_iri(doc_id))) == source.content_hash:
                    summary.unchanged += 1
                    notify(doc_id, "unchanged")
                    continue
                yield source.text, source

        for doc, source in nlp.pipe(pending(), as_tuples=True, batch_size=32):
            graph = document_graph(source, extraction_of(doc), pipeline=label,
                                   processed_at=datetime.now(timezone.utc))
            store.replace_graph(graph)
            summary.built += 1
            notify(source.doc_id, "built")
        if summary.built or force:
            store.refresh_entities()
        _describe(store, summary)
        for name in OUTPUT_FILES:
            store.dump(out / name)
            summary.outputs.append(out / name)
        for fmt in VIEW_OUTPUTS:
            summary.outputs.extend(export(store, fmt, default_path(fmt, out)))
    summary.seconds = time.perf_counter() - started
    return summary


def _check_writable(out: Path) -> None:
    try:
        out.mkdir(parents=True, exist_ok=True)
        probe = out / ".kg-write-test"
        probe.write_bytes(b"")
        probe.unlink()
    except OSError as e:
        raise StoreError(Errors.E022.format(path=out, reason=e.strerror or e)) from e


def _describe(store: KgStore, summary: BuildSummary) -> None:
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
