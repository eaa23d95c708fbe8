"""The kg vocabulary and the namespaces of the data it describes."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

BASE = "https://w3id.org/newskg/"


class KG(DefinedNamespace):
    """Terms of the kg ontology (`ontology/kg.ttl`); a typo is an error."""

    _NS = Namespace(BASE + "ontology#")
    _fail = True

    # Classes
    Entity: URIRef
    Person: URIRef
    Organization: URIRef
    GovernmentAgency: URIRef
    LabourUnion: URIRef
    NewsOrganization: URIRef
    InternationalOrganization: URIRef
    Agreement: URIRef
    Place: URIRef
    Country: URIRef
    AdministrativeArea: URIRef
    Settlement: URIRef
    Facility: URIRef
    Road: URIRef
    BorderCrossing: URIRef
    Document: URIRef
    Quotation: URIRef
    Mention: URIRef
    Assertion: URIRef
    ExtractionRule: URIRef
    Role: URIRef

    # Relations between entities
    affiliatedWith: URIRef
    employer: URIRef
    headOf: URIRef
    memberOf: URIRef
    spokespersonFor: URIRef
    partOf: URIRef
    partyTo: URIRef
    citizenOf: URIRef
    metWith: URIRef
    spatialRelation: URIRef
    locatedIn: URIRef
    near: URIRef
    country: URIRef
    jurisdiction: URIRef
    headquarters: URIRef
    residence: URIRef

    # Documents, mentions, evidence
    mentions: URIRef
    refersTo: URIRef
    entityClass: URIRef
    inDocument: URIRef
    speaker: URIRef
    subjectMention: URIRef
    objectMention: URIRef
    extractedBy: URIRef
    linkedBy: URIRef
    foundBy: URIRef
    roleHolder: URIRef
    roleOrganization: URIRef

    # Datatype properties
    jobTitle: URIRef
    roleTitle: URIRef
    surfaceForm: URIRef
    startOffset: URIRef
    endOffset: URIRef
    evidenceText: URIRef
    confidence: URIRef
    quoteText: URIRef
    contentHash: URIRef
    processedAt: URIRef
    pipeline: URIRef


KGID = Namespace(BASE + "id/")
KGDOC = Namespace(BASE + "doc/")
KGRULE = Namespace(BASE + "rule/")
KGGRAPH = Namespace(BASE + "graph/")
SCHEMA = Namespace("https://schema.org/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")  # GeoSPARQL: geo:hasGeometry, geo:asWKT
WGS84 = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")  # W3C Basic Geo: lat, long
PROV = Namespace("http://www.w3.org/ns/prov#")

ENTITY_GRAPH = KGGRAPH["entities"]
STALE_GRAPH = KGGRAPH["stale-entities"]  # entities to describe again (see store.base.Store.refresh_entities)
LINKS_GRAPH = KGGRAPH["links"]  # the user's own identifiers (kg build --link; see store.links)

PREFIXES: dict[str, str] = {
    "kg": str(KG._NS),
    "kgid": str(KGID),
    "kgdoc": str(KGDOC),
    "kgrule": str(KGRULE),
    "kggraph": str(KGGRAPH),
    "schema": str(SCHEMA),
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "prov": "http://www.w3.org/ns/prov#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "geo": str(GEO),
    "wgs84": str(WGS84),
}
