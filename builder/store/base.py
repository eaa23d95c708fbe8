"""The Store interface: one named graph per document, written as SPARQL 1.1 Query and
Update so that it runs the same in the embedded store (`oxigraph.KgStore`) and on any
endpoint (`remote.RemoteStore`):

- a document is replaced by one update request (drop its graph, insert the new one), so it
  is either fully in or fully out, even when the writer is killed;
- the same request marks the entities the old and the new version mention as stale (in the
  graph `STALE_GRAPH`), and `refresh_entities` recomputes only those entities' descriptions
  in the entities graph, so rebuilding one document of a large store stays cheap and an
  interrupted build leaves the marks for the next one.
"""

import difflib
import errno
import os
from collections import Counter
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote

import pyoxigraph as ox
from rdflib import OWL, RDF, SKOS, Graph, URIRef
from rdflib.query import Result
from rdflib.term import Node

from ..errors import Errors, StoreError
from ..files import replacing
from ..rdf.iri import document_iri
from ..rdf.geonames import default_geonames, needs_context
from ..rdf.mapping import NamedGraph, entity_quads, place_names
from ..rdf.namespace import ENTITY_GRAPH, GEO, KG, KGDOC, KGID, LINKS_GRAPH, PREFIXES, STALE_GRAPH
from ..rdf.terms import ox_term

_RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
_REFERS_TO = ox.NamedNode(str(KG.refersTo))
# Entities recomputed per update request by an incremental refresh.
REFRESH_BATCH = 1000

_ENTITY_ROWS = f"""
SELECT ?entity ?class ?form (COUNT(?mention) AS ?n) WHERE {{
  %s
  GRAPH ?g {{ ?mention <{KG.refersTo}> ?entity ; <{KG.surfaceForm}> ?form ; <{KG.entityClass}> ?class . }}
}} GROUP BY ?entity ?class ?form
"""
# The documents that mention each place, and the places each document mentions: what
# `geonames.decide` reads of where a document is (two queries: their join would repeat each
# document's places once for every place it mentions).
_PLACE_DOCUMENTS = f"SELECT ?entity ?doc WHERE {{ %s GRAPH ?doc {{ ?doc <{KG.mentions}> ?entity }} }}"
_DOCUMENT_PLACES = (f"SELECT ?doc ?other WHERE {{ %s GRAPH ?doc {{ ?doc <{KG.mentions}> ?other }} "
                    f"FILTER(STRSTARTS(STR(?other), \"{KGID}place/\")) }}")
# The user's identifier and name for an entity (kg build --link).
_USER_LINKS = f"""
SELECT ?entity ?iri ?name WHERE {{
  %s
  GRAPH <{LINKS_GRAPH}> {{ ?link <{RDF.subject}> ?entity ; <{RDF.predicate}> <{OWL.sameAs}> ; <{RDF.object}> ?iri .
                          OPTIONAL {{ ?iri <{SKOS.prefLabel}> ?name }} }}
}}
"""
# The nodes an entity's description holds besides the entity: its geometry and its reified links.
_DELETE_NODES = (f"DELETE {{ GRAPH <{ENTITY_GRAPH}> {{ ?node ?p ?o }} }} WHERE {{ %s GRAPH <{ENTITY_GRAPH}> {{ "
                 f"{{ ?entity <{GEO.hasGeometry}> ?node }} UNION {{ ?node <{RDF.subject}> ?entity }} ?node ?p ?o }} }}")
_STALE = f"SELECT DISTINCT ?e WHERE {{ GRAPH <{STALE_GRAPH}> {{ ?e a <{KG.Entity}> }} }}"
# (OPTIONAL outside GRAPH: inside, Oxigraph reads every document's hash before it joins the VALUES, 1 s at 100k)
_BUILT = (f"SELECT ?doc ?hash ?pipeline WHERE {{ %s GRAPH ?doc {{ ?doc <{KG.contentHash}> ?hash }} "
          f"OPTIONAL {{ GRAPH ?doc {{ ?doc <{KG.pipeline}> ?pipeline }} }} }}")
_DOCUMENTS = f"SELECT ?doc WHERE {{ GRAPH ?doc {{ ?doc a <{KG.Document}> }} }}"
ALL_QUADS = "SELECT ?s ?p ?o ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
_QUAD_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"

# Output formats kg writes from the store, by file suffix.
FORMATS: dict[str, ox.RdfFormat] = {
    ".ttl": ox.RdfFormat.TURTLE,
    ".trig": ox.RdfFormat.TRIG,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".nq": ox.RdfFormat.N_QUADS,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
}
_QUADS_FORMATS = {ox.RdfFormat.TRIG, ox.RdfFormat.N_QUADS, ox.RdfFormat.JSON_LD}


class Store:
    """The operations kg needs from a store, over the primitives a backend provides:
    `solutions` and `query` (a SPARQL query, pyoxigraph or rdflib results), `update` (one
    SPARQL update request, applied atomically) and `quad_store` (every quad, for writing files).

    One writer at a time: the embedded store is locked by the program that opens it; on an
    endpoint, run one build (or remove) at a time.
    """

    location: str  # the folder or URL, for messages

    def solutions(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean:
        """Run a SPARQL query over the union of all graphs; RETURNS pyoxigraph results."""
        raise NotImplementedError

    def update(self, sparql: str) -> None:
        """Apply one SPARQL update request in one transaction."""
        raise NotImplementedError

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query over the union of all graphs; RETURNS an rdflib result."""
        raise NotImplementedError

    def close(self) -> None:
        """Release the store."""

    def quad_store(self) -> ox.Store:
        """Every quad of the store, as a pyoxigraph store (the store itself when local)."""
        raise NotImplementedError

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def built_with(self, iris: Iterable[str] | None = None) -> dict[str, tuple[str, str | None]]:
        """The content hash and the pipeline (`kg:pipeline`: kg's version and the spaCy
        model) recorded for each stored document, by document IRI.

        iris: only these documents (those stored), looked up by name: a few documents of a
            large store cost a few lookups, not a read of every document [default: all].
        """
        values = "" if iris is None else "VALUES ?doc { " + " ".join(f"<{iri}>" for iri in iris) + " }"
        return {row["doc"].value: (row["hash"].value, row["pipeline"].value if row["pipeline"] else None)
                for row in self.solutions(_BUILT % values)}

    def replace_graph(self, graph: Graph | NamedGraph) -> None:
        """Replace the named graph of the same name by `graph`, in one update request.

        The entities the old and the new graph mention are marked stale for `refresh_entities`.
        """
        named = NamedGraph.of(graph)
        name = str(named.name)
        self.update(
            f"{_mark_stale_of(name)} ;\nDROP SILENT GRAPH {name} ;\n"
            f"INSERT DATA {{ GRAPH {name} {{\n{_triples(named)} }}\n{_stale_data(e.value for e in _mentioned(named))} }}"
        )

    def replace_graphs(self, graphs: list[NamedGraph]) -> None:
        """Replace several named graphs: each as `replace_graph` does, or (a backend that can)
        all in one transaction, so that each graph is still either fully in or fully out."""
        for graph in graphs:
            self.replace_graph(graph)

    def remove_documents(self, docs: Iterable[str]) -> list[str]:
        """Delete the graphs of documents, given by id (as kg build names them) or IRI, in one
        update request, and the entities no document mentions any more.

        RETURNS (list[str]): The IRIs of the removed documents.
        RAISES StoreError: If a document is not in the store; nothing is removed then.
        """
        wanted = {doc: document_ref(doc) for doc in docs}
        stored = {row["doc"].value for row in self.solutions(_DOCUMENTS)}
        unknown = [doc for doc, iri in wanted.items() if str(iri) not in stored]
        if unknown:
            raise StoreError(Errors.E043.format(docs=", ".join(unknown), store=self.location,
                                                hint=_known_documents_hint(unknown, stored)))
        iris = sorted(set(wanted.values()))
        if not iris:
            return []
        self.update(" ;\n".join(f"{_mark_stale_of(_nt(iri))} ;\nDROP SILENT GRAPH {_nt(iri)}" for iri in iris))
        self.refresh_entities()
        return [str(iri) for iri in iris]

    def refresh_entities(self, *, full: bool = False) -> int:
        """Recompute the entities graph where documents changed since the last refresh.

        Each stale entity's class, label and alternative labels are computed again from every
        document that mentions it (`mapping.entity_quads`); an entity no document mentions
        any more disappears. The result equals a full recompute.
        full (bool): Recompute every entity instead (what older stores need once).
        RETURNS (int): How many entities were recomputed.
        """
        if full:
            graph = self._describe_entities("")
            self.update(f"DROP SILENT GRAPH <{ENTITY_GRAPH}> ;\nDROP SILENT GRAPH <{STALE_GRAPH}> ;\n"
                        f"INSERT DATA {{ GRAPH <{ENTITY_GRAPH}> {{\n{_triples(graph)} }} }}")
            return len({q.subject for q in graph.quads if q.predicate == _RDF_TYPE})
        stale = sorted(row["e"].value for row in self.solutions(_STALE))
        written: Future[None] | None = None
        with ThreadPoolExecutor(1) as pool:  # a batch is written while the next one is described
            for start in range(0, len(stale), REFRESH_BATCH):
                batch = [URIRef(e) for e in stale[start:start + REFRESH_BATCH]]
                values = "VALUES ?entity { " + " ".join(_nt(e) for e in batch) + " }"
                graph = self._describe_entities(values)  # reads no graph a batch writes
                if written is not None:
                    written.result()
                written = pool.submit(self.update, _refresh_update(values, batch, graph))
            if written is not None:
                written.result()
        return len(stale)

    def _describe_entities(self, values: str) -> NamedGraph:
        """The entities graph of the entities a VALUES clause names ("": every entity): their
        descriptions (`mapping.entity_quads`) with the countries and divisions the documents
        that mention each place name, and the user's links (`LINKS_GRAPH`)."""
        rows = list(_entity_rows(self.solutions(_ENTITY_ROWS % values)))
        index = default_geonames()
        forms: dict[URIRef, Counter] = {}
        for entity, _, form, count in rows:
            if "/place/" in str(entity):
                forms.setdefault(entity, Counter())[" ".join(form.split())] += count
        places = [e for e, f in forms.items() if needs_context(place_names(e, f), index)]
        documents: dict[str, list[str]] = {}
        for start in range(0, len(places), REFRESH_BATCH):
            batch = "VALUES ?entity { " + " ".join(_nt(e) for e in places[start:start + REFRESH_BATCH]) + " }"
            for row in self.solutions(_PLACE_DOCUMENTS % batch):
                documents.setdefault(row["entity"].value, []).append(row["doc"].value)
        mentioned: dict[str, set[str]] = {}
        wanted = sorted({doc for docs in documents.values() for doc in docs})
        for start in range(0, len(wanted), REFRESH_BATCH):
            batch = "VALUES ?doc { " + " ".join(f"<{doc}>" for doc in wanted[start:start + REFRESH_BATCH]) + " }"
            for row in self.solutions(_DOCUMENT_PLACES % batch):
                mentioned.setdefault(row["doc"].value, set()).add(row["other"].value)
        contexts = {URIRef(entity): [index.context(other.rsplit("/", 1)[-1] for other in mentioned.get(doc, ())
                                                   if other != entity) for doc in sorted(docs)]
                    for entity, docs in documents.items()}
        links = {URIRef(r["entity"].value): (URIRef(r["iri"].value), r["name"].value if r["name"] else None)
                 for r in self.solutions(_USER_LINKS % values)}
        return entity_quads(rows, contexts=contexts, links=links, geonames=index)

    def quad_count(self) -> int:
        """Number of quads in the store."""
        return int(next(iter(self.solutions(_QUAD_COUNT)))["n"].value)

    def dump(self, *paths: Path) -> None:
        """Write the store to files, each in the format its suffix names.

        Formats with named graphs (TriG, N-Quads, JSON-LD) keep one graph per document;
        the others get the union of all graphs. Reading the store is most of the time, so
        the store is read once for all the formats with named graphs (the first is written
        from the store, the others from that file) and once for each union, and these are
        written side by side (Oxigraph's readers and writers release the GIL).
        """
        formats = []
        for path in paths:
            fmt = FORMATS.get(path.suffix.lower())
            if fmt is None:
                raise StoreError(Errors.E020.format(path=path, formats=", ".join(FORMATS)))
            formats.append((path, fmt))
        dataset = self.quad_store()
        datasets = [(path, fmt) for path, fmt in formats if fmt in _QUADS_FORMATS]
        unions = [(path, fmt) for path, fmt in formats if fmt not in _QUADS_FORMATS]

        def write_datasets() -> None:
            (first, first_fmt), *others = datasets
            write_dataset(dataset, first, first_fmt)
            for path, fmt in others:
                convert(first, first_fmt, path, fmt)

        with ThreadPoolExecutor(max(len(unions) + 1, 1)) as pool:
            tasks = [pool.submit(write_datasets)] if datasets else []
            tasks += [pool.submit(write_dataset, dataset, path, fmt) for path, fmt in unions]
            for task in tasks:
                task.result()


def document_ref(doc: str) -> URIRef:
    """A document's IRI from its id (`examples/border-crossings.txt`) or from its IRI."""
    return URIRef(doc) if doc.startswith(("http://", "https://")) else document_iri(doc)


def document_id(iri: str) -> str:
    """The id kg build gave a document, from its IRI (the inverse of `document_iri`)."""
    return unquote(iri.removeprefix(str(KGDOC)), errors="surrogateescape")


def write_dataset(dataset: ox.Store, path: Path, fmt: ox.RdfFormat) -> None:
    """Serialize every quad of `dataset` with Oxigraph; triple formats get the union of graphs."""
    with _file_written(path) as part:
        if fmt in _QUADS_FORMATS:
            dataset.dump(str(part), fmt, **_prefixes(fmt))
            return
        union = dataset.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", use_default_graph_as_union=True)
        try:
            ox.serialize(union, str(part), fmt, **_prefixes(fmt))  # Oxigraph's CONSTRUCT gives each triple once
        finally:
            del union  # on the thread that made it (pyoxigraph's results may not leave it), even on an error


def convert(source: Path, source_fmt: ox.RdfFormat, path: Path, fmt: ox.RdfFormat) -> None:
    """Write the quads of an RDF file kg wrote into another format with named graphs, streamed."""
    with _file_written(path) as part:
        quads = ox.parse(path=str(source), format=source_fmt)
        try:
            ox.serialize(quads, str(part), fmt, **_prefixes(fmt))
        finally:
            del quads  # on this thread, as in write_dataset


@contextmanager
def _file_written(path: Path) -> Iterator[Path]:
    """The temporary file that becomes `path` when the block ends (`files.replacing`); a
    failed write is a StoreError that says whether the disk is full."""
    try:
        with replacing(path) as part:
            yield part
    except OSError as e:
        raise StoreError(file_write_error(path, e)) from e


def _prefixes(fmt: ox.RdfFormat) -> dict[str, dict[str, str]]:
    """The serializer option that binds kg's prefixes, for the formats that have prefixes."""
    return {} if fmt in {ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS} else {"prefixes": dict(PREFIXES)}


# Writes that fail (issue 6: full disk). Oxigraph's storage errors carry the system's message, not errno.
def disk_full(error: OSError) -> bool:
    """Whether an error says the disk (or the user's quota) is full."""
    return error.errno in {errno.ENOSPC, errno.EDQUOT} or any(
        os.strerror(code) in str(error) for code in (errno.ENOSPC, errno.EDQUOT))


def file_write_error(path: Path, error: OSError) -> str:
    """The message for an output file that could not be written."""
    return Errors.E077.format(path=path) if disk_full(error) else Errors.E021.format(path=path, reason=error)


def write_error(location: str, error: OSError) -> str:
    return Errors.E074.format(path=location) if disk_full(error) else Errors.E076.format(path=location, reason=error)


def quads_to_store(rows: Iterable[ox.QuerySolution]) -> ox.Store:
    """An in-memory pyoxigraph store of the rows of `SELECT ?s ?p ?o ?g`."""
    store = ox.Store()
    store.bulk_extend(ox.Quad(r["s"], r["p"], r["o"], r["g"]) for r in rows)
    return store


def _triples(graph: Graph | NamedGraph) -> str:
    return " .\n".join(f"{q.subject} {q.predicate} {q.object}" for q in NamedGraph.of(graph).quads)


def with_stale_marks(graphs: list[NamedGraph]) -> list[ox.Quad]:
    """The quads of new document graphs and the stale marks of the entities they mention."""
    stale, entity = ox.NamedNode(str(STALE_GRAPH)), ox.NamedNode(str(KG.Entity))
    mentioned = set().union(*map(_mentioned, graphs))
    return [q for g in graphs for q in g.quads] + [ox.Quad(e, _RDF_TYPE, entity, stale) for e in mentioned]


def _mentioned(graph: NamedGraph) -> set[ox.NamedNode]:
    """The entities a document graph's mentions refer to (to mark stale when it changes)."""
    return {q.object for q in graph.quads if q.predicate == _REFERS_TO and isinstance(q.object, ox.NamedNode)}


def _nt(term: Node) -> str:
    """A term in N-Triples syntax as Oxigraph writes it, which SPARQL reads. (rdflib's n3()
    writes a literal that holds a newline and ends in a backslash and a quote unreadably.)"""
    return str(ox_term(term))


def _refresh_update(values: str, batch: list[URIRef], graph: NamedGraph) -> str:
    """The update that replaces the descriptions of the entities a VALUES clause names (`batch`)
    by `graph` and clears their stale marks."""
    return (f"{_DELETE_NODES % values} ;\n"
            f"DELETE {{ GRAPH <{ENTITY_GRAPH}> {{ ?entity ?p ?o }} }} WHERE {{ {values} "
            f"GRAPH <{ENTITY_GRAPH}> {{ ?entity ?p ?o }} }} ;\n"
            f"DELETE DATA {{ {_stale_data(map(str, batch))} }} ;\n"
            f"INSERT DATA {{ GRAPH <{ENTITY_GRAPH}> {{\n{_triples(graph)} }} }}")


def _mark_stale_of(graph_name: str) -> str:
    """The update operation that marks stale every entity a stored graph mentions."""
    return (f"INSERT {{ GRAPH <{STALE_GRAPH}> {{ ?e a <{KG.Entity}> }} }} "
            f"WHERE {{ GRAPH {graph_name} {{ ?m <{KG.refersTo}> ?e }} }}")


def _stale_data(entities: Iterable[str]) -> str:
    """Stale marks of entities given by IRI, as INSERT or DELETE DATA reads them."""
    marks = " .\n".join(f"<{e}> a <{KG.Entity}>" for e in sorted(entities))
    return f"GRAPH <{STALE_GRAPH}> {{ {marks} }}" if marks else ""


def _entity_rows(rows: Iterable[ox.QuerySolution]) -> Iterator[tuple[URIRef, URIRef, str, int]]:
    for r in rows:
        yield URIRef(r["entity"].value), URIRef(r["class"].value), r["form"].value, int(r["n"].value)


def _known_documents_hint(unknown: list[str], stored: set[str]) -> str:
    """Close matches among the stored document ids, or a few of them."""
    ids = sorted(document_id(iri) for iri in stored)
    close = sorted({m for doc in unknown for m in difflib.get_close_matches(doc, ids, n=3)})
    if close:
        return "Did you mean " + ", ".join(close) + "?"
    shown = ", ".join(ids[:5]) + (", ..." if len(ids) > 5 else "")
    return f"It holds {len(ids)} document(s){': ' + shown if ids else ''}."
