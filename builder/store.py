"""The persistent Oxigraph store, used through rdflib, one named graph per document."""

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.query import Result

from .errors import Errors, StoreError
from .namespace import ENTITY_GRAPH, KG, PREFIXES

_ENTITY_ROWS = """
PREFIX kg: <%s>
SELECT ?entity ?class ?form (COUNT(?mention) AS ?n) WHERE {
  GRAPH ?g { ?mention kg:refersTo ?entity ; kg:surfaceForm ?form . ?entity a ?class . }
} GROUP BY ?entity ?class ?form
""" % KG._NS

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


class KgStore:
    """An Oxigraph store on disk (or in memory), seen by rdflib as a Dataset.

    Queries run in Oxigraph over the union of all named graphs.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.dataset = Dataset(store="Oxigraph", default_union=True)
        if path is not None:
            try:
                path.mkdir(parents=True, exist_ok=True)
                self.dataset.open(str(path))
            except OSError as e:
                raise StoreError(Errors.E009.format(path=path, reason=e)) from e
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        return self.dataset.store._inner

    def close(self) -> None:
        """Flush and release the store."""
        self.oxigraph.flush()
        self.dataset.close()

    def __enter__(self) -> "KgStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def replace_graph(self, graph: Graph) -> None:
        """Replace the named graph `graph.identifier` by `graph`, in one transaction."""
        name = graph.identifier
        triples = " .\n".join(f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in graph)
        update = f"DROP SILENT GRAPH {name.n3()} ;\nINSERT DATA {{ GRAPH {name.n3()} {{\n{triples} }} }}"
        self.oxigraph.update(update)

    def content_hashes(self) -> dict[str, str]:
        """The content hash recorded for each stored document, by document IRI."""
        rows = self.oxigraph.query(
            f"SELECT ?doc ?hash WHERE {{ GRAPH ?doc {{ ?doc <{KG.contentHash}> ?hash }} }}"
        )
        return {row["doc"].value: row["hash"].value for row in rows}

    def refresh_entities(self) -> int:
        """Recompute the entities graph from every document graph; returns the entity count."""
        from .mapping import entity_graph

        rows = self.dataset.query(_ENTITY_ROWS)
        graph = entity_graph((r.entity, r["class"], str(r.form), int(r.n)) for r in rows)
        self.replace_graph(graph)
        return len(set(graph.subjects()))

    def query(self, sparql: str) -> Result:
        """Run a SPARQL query in Oxigraph over the union of all graphs."""
        return self.dataset.query(sparql)

    def quad_count(self) -> int:
        """Number of quads in the store."""
        return len(self.oxigraph)

    def dump(self, path: Path) -> None:
        """Write the store to a file, in the format its suffix names.

        Formats with named graphs (TriG, N-Quads, JSON-LD) keep one graph per document;
        the others get the union of all graphs.
        """
        fmt = FORMATS.get(path.suffix.lower())
        if fmt is None:
            raise StoreError(Errors.E020.format(path=path, formats=", ".join(FORMATS)))
        prefixes = dict(PREFIXES) if fmt not in {ox.RdfFormat.N_TRIPLES, ox.RdfFormat.N_QUADS} else None
        try:
            if fmt in _QUADS_FORMATS:
                self.oxigraph.dump(str(path), fmt, prefixes=prefixes) if prefixes else self.oxigraph.dump(str(path), fmt)
                return
            merged = ox.Store()
            merged.extend(
                ox.Quad(q.subject, q.predicate, q.object, ox.DefaultGraph())
                for q in self.oxigraph.quads_for_pattern(None, None, None, None)
            )
            if prefixes:
                merged.dump(str(path), fmt, from_graph=ox.DefaultGraph(), prefixes=prefixes)
            else:
                merged.dump(str(path), fmt, from_graph=ox.DefaultGraph())
        except OSError as e:
            raise StoreError(Errors.E021.format(path=path, reason=e)) from e
