"""The SHACL shapes against their examples: valid ones conform, each invalid one breaks its shape."""

import re
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, SH, Dataset, Graph, Literal, Namespace, URIRef

from builder.rdf.namespace import ENTITY_GRAPH, KG, KGDOC, KGID
from builder.rdf.ontology import shapes_graph
from builder.resources import ontology_dir
from builder.query.validate import validate

KGSH = Namespace("https://w3id.org/newskg/shapes#")
EXAMPLE_NAME = re.compile(r"\w+Shape-(?:valid|invalid-\d\d)\.ttl")
EXAMPLES = sorted((ontology_dir() / "examples").glob("*.ttl"))
VALID = [path for path in EXAMPLES if path.name.endswith("-valid.ttl")]
INVALID = [path for path in EXAMPLES if "-invalid-" in path.name]


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return shapes_graph()


def shape_of(path: Path) -> URIRef:
    """The shape an example file is named for: PersonShape-invalid-01.ttl -> kgsh:PersonShape."""
    return KGSH[path.name.split("-")[0]]


def test_examples_are_named_for_shapes(shapes: Graph):
    for path in EXAMPLES:
        assert EXAMPLE_NAME.fullmatch(path.name), path.name
        assert (shape_of(path), RDF.type, SH.NodeShape) in shapes, path.name


def test_every_targeted_shape_has_valid_and_invalid_examples(shapes: Graph):
    targets = (SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.targetNode, SH.target)
    targeted = {shape for target in targets for shape in shapes.subjects(target, None)}
    assert targeted == {shape_of(path) for path in VALID} == {shape_of(path) for path in INVALID}


@pytest.mark.parametrize("path", VALID, ids=lambda path: path.stem)
def test_valid_example_conforms(path: Path):
    report = validate(Graph().parse(path, format="turtle"))
    assert report.conforms, report.text


@pytest.mark.parametrize("path", INVALID, ids=lambda path: path.stem)
def test_invalid_example_breaks_its_shape(shapes: Graph, path: Path):
    report = validate(Graph().parse(path, format="turtle"))
    results = report.graph.objects(None, SH.result)
    found = {str(report.graph.value(result, SH.resultMessage)) for result in results}
    ours = {str(message) for message in shapes.objects(None, SH.message)}
    assert not report.conforms
    assert found & messages_of(shapes, shape_of(path)), report.text
    assert found <= ours, f"results without a message of ours: {found - ours}"


def messages_of(shapes: Graph, shape: URIRef) -> set[str]:
    """The messages of a shape, of its property shapes and of its SPARQL constraints."""
    parts = [shape, *shapes.objects(shape, SH.property), *shapes.objects(shape, SH.sparql)]
    return {str(message) for part in parts for message in shapes.objects(part, SH.message)}


def test_messages_tell_the_shapes_apart(shapes: Graph):
    messages = [str(message) for message in shapes.objects(None, SH.message)]
    assert len(messages) == len(set(messages))


def test_a_dataset_is_validated_as_the_union_of_its_graphs():
    person = KGID["person/ralph-goodale"]
    dataset = Dataset()
    dataset.graph(KGDOC["examples/border.txt"]).add((person, RDF.type, KG.Person))
    dataset.graph(ENTITY_GRAPH).add((person, RDFS.label, Literal("Ralph Goodale")))
    assert validate(dataset).conforms
