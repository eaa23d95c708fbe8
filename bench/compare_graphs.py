"""Whether two `kg build` output folders hold the same graph: every named graph of
graph.trig and graph.ttl isomorphic, leaving out kg:processedAt (the build's clock).

    python bench/compare_graphs.py BEFORE_DIR AFTER_DIR

Run it around a change that must not change behaviour (a refactoring): build the
examples and the seed article before and after, then compare. Exits 1 on a difference.
"""

import sys
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

PROCESSED_AT = URIRef("https://w3id.org/newskg/ontology#processedAt")


def _without_clock(graph: Graph) -> Graph:
    kept = Graph()
    for triple in graph:
        if triple[1] != PROCESSED_AT:
            kept.add(triple)
    return kept


def named_graphs(folder: Path) -> dict[URIRef, Graph]:
    dataset = Dataset()
    dataset.parse(folder / "graph.trig", format="trig")
    return {g.identifier: _without_clock(g) for g in dataset.graphs() if len(g)}


def compare(before: Path, after: Path) -> list[str]:
    """RETURNS (list[str]): One line per difference; empty when the graphs are the same."""
    problems = []
    a, b = named_graphs(before), named_graphs(after)
    for name in sorted(set(a) | set(b)):
        if name not in a or name not in b:
            problems.append(f"{name}: only {'after' if name in b else 'before'}")
        elif not isomorphic(a[name], b[name]):
            _, gone, new = graph_diff(to_isomorphic(a[name]), to_isomorphic(b[name]))
            problems.append(f"{name}: {len(gone)} triples gone, {len(new)} new")
    ttl_a = _without_clock(Graph().parse(before / "graph.ttl"))
    ttl_b = _without_clock(Graph().parse(after / "graph.ttl"))
    if not isomorphic(ttl_a, ttl_b):
        problems.append("graph.ttl differs")
    print(f"{len(a)} named graphs, {sum(len(g) for g in a.values())} quads before, "
          f"{sum(len(g) for g in b.values())} after; graph.ttl {len(ttl_a)} / {len(ttl_b)} triples")
    return problems


if __name__ == "__main__":
    differences = compare(Path(sys.argv[1]), Path(sys.argv[2]))
    print("\n".join(differences) or "isomorphic")
    sys.exit(1 if differences else 0)
