import threading

import pyoxigraph as ox
import pytest

from builder.errors import StoreError
from builder.rdf.mapping import NamedGraph
from builder.store import KgStore
from builder.store import writer
from builder.store.writer import GraphWriter

NAME = ox.NamedNode("https://w3id.org/newskg/ontology#name")


def graph(n: int) -> NamedGraph:
    name = ox.NamedNode(f"https://w3id.org/newskg/doc/{n}.txt")
    return NamedGraph(name, [ox.Quad(name, NAME, ox.Literal(f"doc {n}"), name)])


class FailingStore(KgStore):
    """Refuses a batch with the graph of document `fail`; waits for `gate` before each write
    when given; records the size of each batch."""

    def __init__(self, fail: int | None = None, gate: threading.Event | None = None) -> None:
        super().__init__(None)
        self.fail, self.gate, self.batches = fail, gate, []

    def replace_graphs(self, graphs: list[NamedGraph]) -> None:
        if self.gate is not None:
            self.gate.wait(10)
        if any(graph.name.value.endswith(f"/{self.fail}.txt") for graph in graphs):
            raise StoreError("E076 the disk said no")
        self.batches.append(len(graphs))
        super().replace_graphs(graphs)


@pytest.fixture
def one_graph_a_batch(monkeypatch):
    monkeypatch.setattr(writer, "BATCH_QUADS", 1)


def stored_names(store: KgStore) -> set[str]:
    return {q.graph_name.value.rsplit("/", 1)[-1] for q in store.oxigraph if q.predicate == NAME}


def test_every_graph_put_is_stored_and_reported_in_order(monkeypatch):
    monkeypatch.setattr(writer, "BATCH_QUADS", 3)  # a graph here is one quad
    store = FailingStore()
    reported = []
    with GraphWriter(store, depth=2) as graphs:
        for n in range(10):
            graphs.put(graph(n), n)
            reported += graphs.stored()
    reported += graphs.stored()
    assert reported == list(range(10))
    assert store.batches == [3, 3, 3, 1]
    assert stored_names(store) == {f"{n}.txt" for n in range(10)}


def test_a_small_build_is_one_batch():
    store = FailingStore()
    with GraphWriter(store) as graphs:
        for n in range(10):
            graphs.put(graph(n), n)
    assert graphs.stored() == list(range(10))
    assert store.batches == [10]


def test_a_store_error_reaches_the_caller_and_nothing_after_it_is_stored(one_graph_a_batch):
    store = FailingStore(fail=3)
    with pytest.raises(StoreError, match="the disk said no"):
        with GraphWriter(store, depth=1) as graphs:
            for n in range(10):
                graphs.put(graph(n), n)
    assert graphs.stored() == [0, 1, 2]
    assert stored_names(store) == {"0.txt", "1.txt", "2.txt"}


def test_ctrl_c_in_the_block_stops_the_writer_after_the_graph_it_is_writing(one_graph_a_batch):
    gate = threading.Event()
    store = FailingStore(gate=gate)
    with pytest.raises(KeyboardInterrupt):
        with GraphWriter(store, depth=4) as graphs:
            for n in range(4):
                graphs.put(graph(n), n)
            threading.Timer(0.2, gate.set).start()  # the writer waits with graph 0, once the block is left
            raise KeyboardInterrupt
    assert len(graphs.stored()) <= 1
    assert stored_names(store) <= {"0.txt"}


def test_an_error_in_the_block_still_stores_every_graph_put_before_it():
    store = KgStore(None)
    with pytest.raises(ValueError, match="the engine broke"):
        with GraphWriter(store, depth=4) as graphs:
            for n in range(4):
                graphs.put(graph(n), n)
            raise ValueError("the engine broke")
    assert graphs.stored() == [0, 1, 2, 3]
    assert stored_names(store) == {f"{n}.txt" for n in range(4)}
