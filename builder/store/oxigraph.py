"""The embedded store: Oxigraph on disk (or in memory).

`KgStore` adds new documents without SPARQL: one at a time in a transaction
(`replace_graph`), or a batch of them bulk-loaded in one atomic step (`replace_graphs`),
with the same stale marks as `Store`.
"""

from pathlib import Path

import pyoxigraph as ox
from rdflib import Dataset, Graph
from rdflib.query import Result

from ..errors import Errors, StoreError
from ..rdf.mapping import NamedGraph
from ..rdf.namespace import PREFIXES
from .base import Store, disk_full, with_stale_marks, write_error

FLUSH_EVERY = 200_000  # quads written between flushes (about 1M per 600 MB of memory unflushed)


class KgStore(Store):
    """An Oxigraph store on disk (or in memory), seen by rdflib as a Dataset.

    Queries run in Oxigraph over the union of all named graphs.
    """

    def __init__(self, path: Path | None = None) -> None:
        self.path = path
        self.location = str(path) if path is not None else "memory"
        self.dataset = Dataset(store="Oxigraph", default_union=True)
        if path is not None:
            try:
                path.mkdir(parents=True, exist_ok=True)
                self.dataset.open(str(path))
            except OSError as e:
                raise StoreError(Errors.E074.format(path=path) if disk_full(e)
                                 else Errors.E009.format(path=path, reason=e)) from e
        for prefix, namespace in PREFIXES.items():
            self.dataset.bind(prefix, namespace)
        self._unflushed = 0  # quads written since the last flush

    @property
    def oxigraph(self) -> ox.Store:
        """The underlying pyoxigraph store."""
        return self.dataset.store._inner

    def close(self) -> None:
        """Flush and release the store."""
        try:
            self.oxigraph.flush()
        except OSError as e:  # what was not flushed stays in the write-ahead log
            raise StoreError(write_error(self.location, e)) from e
        finally:
            self.dataset.close()

    def solutions(self, sparql: str) -> ox.QuerySolutions | ox.QueryBoolean:
        return self.oxigraph.query(sparql, use_default_graph_as_union=True)

    def replace_graph(self, graph: Graph | NamedGraph) -> None:
        """As `Store.replace_graph`; a graph the store does not hold yet is added in one
        transaction (`extend`), with no SPARQL text to write and parse."""
        named = NamedGraph.of(graph)
        if self.oxigraph.contains_named_graph(named.name):
            super().replace_graph(named)
            self._written(len(named))
            return
        quads = with_stale_marks([named])
        try:
            self.oxigraph.extend(quads)
        except OSError as e:  # e.g. a full disk: nothing of the graph is stored
            raise StoreError(write_error(self.location, e)) from e
        self._written(len(quads))

    def replace_graphs(self, graphs: list[NamedGraph]) -> None:
        """As `Store.replace_graphs`; the graphs the store does not hold yet are bulk-loaded
        together, the others replaced one by one.

        Oxigraph's bulk loader writes SST files aside and ingests them in one step (RocksDB's
        IngestExternalFiles, atomic across column families) for each chunk of up to a million
        quads; a batch is far smaller, so it is stored whole or not at all (the SIGKILL test
        checks it). It costs a third of a transaction a quad, and loading from N-Quads bytes
        releases the GIL, where `bulk_extend` holds it while it loads.
        """
        held = [self.oxigraph.contains_named_graph(g.name) for g in graphs]
        for graph in (g for g, stored in zip(graphs, held) if stored):
            self.replace_graph(graph)
        new = [g for g, stored in zip(graphs, held) if not stored]
        if not new:
            return
        try:
            quads = ox.serialize(with_stale_marks(new), format=ox.RdfFormat.N_QUADS)
            self.oxigraph.bulk_load(quads, ox.RdfFormat.N_QUADS)
        except OSError as e:  # e.g. a full disk: none of these graphs is stored
            raise StoreError(write_error(self.location, e)) from e

    def _written(self, quads: int) -> None:
        """Flush to disk every `FLUSH_EVERY` quads: Oxigraph keeps what it wrote in memory
        until a flush, so a long build would otherwise grow with the corpus."""
        self._unflushed += quads
        if self.path is not None and self._unflushed >= FLUSH_EVERY:
            try:
                self.oxigraph.flush()
            except OSError as e:
                raise StoreError(write_error(self.location, e)) from e
            self._unflushed = 0

    def update(self, sparql: str) -> None:
        try:
            self.oxigraph.update(sparql)
        except OSError as e:  # e.g. a full disk: the update is not applied, what was stored stays
            raise StoreError(write_error(self.location, e)) from e

    def query(self, sparql: str) -> Result:
        return self.dataset.query(sparql)

    def quad_count(self) -> int:
        return len(self.oxigraph)

    def quad_store(self) -> ox.Store:
        return self.oxigraph
