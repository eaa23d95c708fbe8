"""The ontology files: they parse, agree with builder.rdf.namespace.KG, and map to Wikidata."""

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import OWL, RDF, RDFS, Graph, Namespace, URIRef
from rdflib.namespace import DCTERMS, SKOS

from builder import resources
from builder.errors import ResourceMissing
from builder.rdf.namespace import KG
from builder.rdf.ontology import ontology_graph, wikidata_classes, wikidata_properties
from builder.resources import ontology_dir, queries_dir

ONTOLOGY = URIRef("https://w3id.org/newskg/ontology")
ALIGNMENTS = URIRef("https://w3id.org/newskg/ontology/alignments")
VANN = Namespace("http://purl.org/vocab/vann/")
SCHEMA = Namespace("https://schema.org/")
ORG = Namespace("http://www.w3.org/ns/org#")
FOAF = Namespace("http://xmlns.com/foaf/0.1/")
PROV = Namespace("http://www.w3.org/ns/prov#")
WD = Namespace("http://www.wikidata.org/entity/")
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
TURTLE_FILES = sorted(ontology_dir().glob("*.ttl")) + sorted(ontology_dir().glob("examples/*.ttl"))


@pytest.fixture(scope="module")
def kg_ttl() -> Graph:
    return Graph().parse(ontology_dir() / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return ontology_graph()


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda path: path.name)
def test_turtle_parses_with_rdflib_and_oxigraph(path: Path):
    graph = Graph().parse(path, format="turtle")
    triples = list(pyoxigraph.parse(path=path, format=pyoxigraph.RdfFormat.TURTLE))
    assert len(graph) == len(triples) > 0


def test_terms_defined_are_exactly_the_namespace(kg_ttl: Graph):
    defined = {
        term
        for kind in TERM_TYPES
        for term in kg_ttl.subjects(RDF.type, kind)
        if str(term).startswith(KG._NS)
    }
    assert defined == set(dir(KG))


def test_every_kg_iri_in_the_files_is_a_term():
    for path in TURTLE_FILES:
        graph = Graph().parse(path, format="turtle")
        nodes = {node for triple in graph for node in triple if isinstance(node, URIRef)}
        unknown = {node for node in nodes if node.startswith(KG._NS)} - set(dir(KG))
        assert not unknown, f"{path.name}: {sorted(unknown)}"


@pytest.mark.parametrize("term", sorted(dir(KG)), ids=lambda term: term.fragment)
def test_term_is_documented(kg_ttl: Graph, term: URIRef):
    kinds = [kind for kind in TERM_TYPES if (term, RDF.type, kind) in kg_ttl]
    labels = [label for label in kg_ttl.objects(term, RDFS.label) if label.language == "en"]
    definitions = [text for text in kg_ttl.objects(term, SKOS.definition) if text.language == "en"]
    assert len(kinds) == 1
    assert len(labels) == 1
    assert len(definitions) == 1
    assert set(kg_ttl.objects(term, RDFS.isDefinedBy)) == {ONTOLOGY}


def test_datatype_properties_have_xsd_ranges(kg_ttl: Graph):
    for prop in kg_ttl.subjects(RDF.type, OWL.DatatypeProperty):
        (range_,) = kg_ttl.objects(prop, RDFS.range)
        assert range_.startswith(XSD), prop
    assert (KG.startOffset, RDFS.range, XSD.integer) in kg_ttl
    assert (KG.confidence, RDFS.range, XSD.decimal) in kg_ttl
    assert (KG.processedAt, RDFS.range, XSD.dateTime) in kg_ttl


def test_ontology_header(kg_ttl: Graph):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in kg_ttl
    assert (ONTOLOGY, OWL.versionIRI, URIRef(f"{ONTOLOGY}/0.1.0")) in kg_ttl
    assert str(kg_ttl.value(ONTOLOGY, OWL.versionInfo)) == "0.1.0"
    assert kg_ttl.value(ONTOLOGY, DCTERMS.license) == URIRef("https://opensource.org/licenses/MIT")
    assert str(kg_ttl.value(ONTOLOGY, VANN.preferredNamespacePrefix)) == "kg"
    assert str(kg_ttl.value(ONTOLOGY, VANN.preferredNamespaceUri)) == str(KG._NS)
    for annotation in (DCTERMS.title, DCTERMS.description):
        assert kg_ttl.value(ONTOLOGY, annotation).language == "en"


def test_alignments_import_the_ontology(ontology: Graph):
    assert (ALIGNMENTS, OWL.imports, ONTOLOGY) in ontology


@pytest.mark.parametrize(
    ("subject", "predicate", "object_"),
    [
        (KG.Person, RDFS.subClassOf, KG.Entity),
        (KG.Organization, RDFS.subClassOf, KG.Entity),
        (KG.Agreement, RDFS.subClassOf, KG.Entity),
        (KG.Place, RDFS.subClassOf, KG.Entity),
        (KG.GovernmentAgency, RDFS.subClassOf, KG.Organization),
        (KG.LabourUnion, RDFS.subClassOf, KG.Organization),
        (KG.NewsOrganization, RDFS.subClassOf, KG.Organization),
        (KG.Country, RDFS.subClassOf, KG.Place),
        (KG.AdministrativeArea, RDFS.subClassOf, KG.Place),
        (KG.Settlement, RDFS.subClassOf, KG.Place),
        (KG.Facility, RDFS.subClassOf, KG.Place),
        (KG.Road, RDFS.subClassOf, KG.Facility),
        (KG.BorderCrossing, RDFS.subClassOf, KG.Facility),
        (KG.Assertion, RDFS.subClassOf, RDF.Statement),
        (KG.Assertion, RDFS.subClassOf, PROV.Entity),
        (KG.Document, RDFS.subClassOf, PROV.Entity),
        (KG.ExtractionRule, RDFS.subClassOf, PROV.SoftwareAgent),
        (KG.locatedIn, RDF.type, OWL.TransitiveProperty),
        (KG.near, RDF.type, OWL.SymmetricProperty),
        (KG.metWith, RDF.type, OWL.SymmetricProperty),
        (KG.employer, RDFS.domain, KG.Person),
        (KG.employer, RDFS.range, KG.Organization),
        (KG.partyTo, RDFS.range, KG.Agreement),
        (KG.country, RDFS.range, KG.Country),
        (KG.mentions, RDFS.range, KG.Entity),
        (KG.InternationalOrganization, RDFS.subClassOf, KG.Organization),
        (KG.Role, RDFS.subClassOf, PROV.Entity),
        (KG.linkedBy, RDFS.domain, KG.Mention),
        (KG.linkedBy, RDFS.range, KG.ExtractionRule),
        (KG.roleHolder, RDFS.domain, KG.Role),
        (KG.roleHolder, RDFS.range, KG.Person),
        (KG.roleOrganization, RDFS.range, KG.Organization),
        (KG.roleTitle, RDFS.range, XSD.string),
    ],
)
def test_axiom(kg_ttl: Graph, subject: URIRef, predicate: URIRef, object_: URIRef):
    assert (subject, predicate, object_) in kg_ttl


@pytest.mark.parametrize(
    ("parent", "children"),
    [
        (KG.affiliatedWith, "employer headOf memberOf spokespersonFor partOf partyTo citizenOf metWith"),
        (KG.spatialRelation, "locatedIn near country jurisdiction headquarters residence"),
    ],
)
def test_property_hierarchy(kg_ttl: Graph, parent: URIRef, children: str):
    assert set(kg_ttl.subjects(RDFS.subPropertyOf, parent)) == {KG[name] for name in children.split()}


def test_kinds_are_disjoint(kg_ttl: Graph):
    member_lists = [
        set(kg_ttl.items(kg_ttl.value(axiom, OWL.members)))
        for axiom in kg_ttl.subjects(RDF.type, OWL.AllDisjointClasses)
    ]
    assert {KG.Person, KG.Organization, KG.Agreement, KG.Place} in member_lists


def test_memberof_domain_is_person_or_organization(kg_ttl: Graph):
    domain = kg_ttl.value(KG.memberOf, RDFS.domain)
    assert list(kg_ttl.items(kg_ttl.value(domain, OWL.unionOf))) == [KG.Person, KG.Organization]


@pytest.mark.parametrize(
    ("term", "predicate", "target"),
    [
        (KG.employer, SKOS.exactMatch, WD.P108),
        (KG.employer, RDFS.subPropertyOf, SCHEMA.worksFor),
        (KG.locatedIn, SKOS.exactMatch, WD.P131),
        (KG.locatedIn, SKOS.closeMatch, SCHEMA.containedInPlace),
        (KG.headquarters, SKOS.exactMatch, WD.P159),
        (KG.country, SKOS.exactMatch, WD.P17),
        (KG.citizenOf, SKOS.exactMatch, WD.P27),
        (KG.memberOf, SKOS.exactMatch, WD.P463),
        (KG.memberOf, RDFS.subPropertyOf, ORG.memberOf),
        (KG.memberOf, RDFS.subPropertyOf, SCHEMA.memberOf),
        (KG.partOf, SKOS.exactMatch, WD.P361),
        (KG.partOf, SKOS.closeMatch, WD.P749),
        (KG.partOf, RDFS.subPropertyOf, ORG.subOrganizationOf),
        (KG.headOf, RDFS.subPropertyOf, ORG.headOf),
        (KG.headOf, SKOS.closeMatch, WD.P488),
        (KG.residence, SKOS.exactMatch, WD.P551),
        (KG.jurisdiction, SKOS.exactMatch, WD.P1001),
        (KG.partyTo, SKOS.closeMatch, WD.P1891),
        (KG.mentions, RDFS.subPropertyOf, SCHEMA.mentions),
        (KG.jobTitle, RDFS.subPropertyOf, SCHEMA.jobTitle),
        (KG.speaker, RDFS.subPropertyOf, SCHEMA.spokenByCharacter),
        (KG.quoteText, RDFS.subPropertyOf, SCHEMA.text),
        (KG.Person, RDFS.subClassOf, SCHEMA.Person),
        (KG.Person, RDFS.subClassOf, FOAF.Person),
        (KG.Person, SKOS.exactMatch, WD.Q5),
        (KG.Organization, RDFS.subClassOf, ORG.Organization),
        (KG.Organization, RDFS.subClassOf, SCHEMA.Organization),
        (KG.Organization, RDFS.subClassOf, FOAF.Organization),
        (KG.Organization, SKOS.exactMatch, WD.Q43229),
        (KG.GovernmentAgency, RDFS.subClassOf, SCHEMA.GovernmentOrganization),
        (KG.GovernmentAgency, SKOS.exactMatch, WD.Q327333),
        (KG.LabourUnion, OWL.equivalentClass, SCHEMA.WorkersUnion),
        (KG.LabourUnion, SKOS.exactMatch, WD.Q178790),
        (KG.NewsOrganization, OWL.equivalentClass, SCHEMA.NewsMediaOrganization),
        (KG.NewsOrganization, SKOS.closeMatch, WD.Q1193236),
        (KG.Country, OWL.equivalentClass, SCHEMA.Country),
        (KG.Country, SKOS.exactMatch, WD.Q6256),
        (KG.AdministrativeArea, RDFS.subClassOf, SCHEMA.AdministrativeArea),
        (KG.Settlement, SKOS.exactMatch, WD.Q486972),
        (KG.Agreement, SKOS.closeMatch, WD.Q321839),
        (KG.Place, RDFS.subClassOf, SCHEMA.Place),
        (KG.Document, RDFS.subClassOf, FOAF.Document),
        (KG.Document, SKOS.closeMatch, SCHEMA.NewsArticle),
        (KG.Quotation, RDFS.subClassOf, SCHEMA.Quotation),
        (KG.InternationalOrganization, SKOS.exactMatch, WD.Q245065),
        (KG.linkedBy, RDFS.subPropertyOf, PROV.wasAttributedTo),
        (KG.Role, RDFS.subClassOf, ORG.Membership),
        (KG.roleHolder, RDFS.subPropertyOf, ORG.member),
        (KG.roleOrganization, RDFS.subPropertyOf, ORG.organization),
        (KG.roleTitle, SKOS.closeMatch, ORG.role),
    ],
)
def test_alignment(ontology: Graph, term: URIRef, predicate: URIRef, target: URIRef):
    assert (term, predicate, target) in ontology


def test_wikidata_properties():
    mapping = wikidata_properties()
    assert mapping[KG.employer] == {"P108"}
    assert mapping[KG.partOf] == {"P361", "P749"}
    assert {"P488"} <= mapping[KG.headOf]
    for ids in mapping.values():
        assert isinstance(ids, frozenset)
        assert all(id_.startswith("P") and id_[1:].isdigit() for id_ in ids)


def test_entity_relations_without_wikidata_property(kg_ttl: Graph):
    relations = {KG.affiliatedWith, KG.spatialRelation, KG.jobTitle}
    relations |= set(kg_ttl.subjects(RDFS.subPropertyOf, KG.affiliatedWith))
    relations |= set(kg_ttl.subjects(RDFS.subPropertyOf, KG.spatialRelation))
    unmapped = relations - wikidata_properties().keys()
    assert unmapped == {KG.spokespersonFor, KG.metWith, KG.near, KG.spatialRelation}


def test_wikidata_classes():
    mapping = wikidata_classes()
    assert mapping[KG.Person] == {"Q5"}
    assert mapping[KG.Country] == {"Q6256"}
    assert KG.Mention not in mapping
    for ids in mapping.values():
        assert all(id_.startswith("Q") and id_[1:].isdigit() for id_ in ids)


def test_resources_are_found_in_the_repository():
    root = Path(__file__).parents[2]
    assert ontology_dir() == root / "ontology"
    assert queries_dir() == root / "queries"


def test_resources_prefer_the_packaged_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    package = tmp_path / "builder"
    (package / "_data" / "ontology").mkdir(parents=True)
    (tmp_path / "ontology").mkdir()
    monkeypatch.setattr(resources, "PACKAGE_DIR", package)
    assert ontology_dir() == package / "_data" / "ontology"


def test_missing_resources_raise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(resources, "PACKAGE_DIR", tmp_path / "builder")
    with pytest.raises(ResourceMissing, match="Can't find the queries folder"):
        queries_dir()
