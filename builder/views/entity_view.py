"""The entity view of the stored RDF graph: a networkx graph of entities and their relations.

Nodes are the entities of the entities graph, edges the typed relations between them, with
their evidence summarised. Provenance (documents, quotations) is left out unless asked for.
"""

from collections.abc import Iterable

import networkx as nx
import pyoxigraph as ox

from ..errors import Errors, InputError
from ..rdf.namespace import ENTITY_GRAPH, KG, SCHEMA
from ..store import Store

# Object properties between two entities, in the order the data model lists them.
ENTITY_PROPERTIES: tuple[str, ...] = (
    "employer", "headOf", "memberOf", "spokespersonFor", "partOf", "partyTo", "citizenOf",
    "metWith", "locatedIn", "near", "country", "jurisdiction", "headquarters", "residence",
)

ENTITY_CLASSES: tuple[str, ...] = (
    "Entity", "Person", "Organization", "GovernmentAgency", "InternationalOrganization", "LabourUnion",
    "NewsOrganization",
    "Agreement", "Place", "Country", "AdministrativeArea", "Settlement", "Facility", "Road",
    "BorderCrossing",
)

_PREFIXES = f"""
PREFIX kg: <{KG._NS}>
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX schema: <{SCHEMA}>
"""

_NODES = _PREFIXES + f"""
SELECT ?e (SAMPLE(?class) AS ?cls) (SAMPLE(?label) AS ?lbl) WHERE {{
  GRAPH <{ENTITY_GRAPH}> {{ ?e a ?class . OPTIONAL {{ ?e rdfs:label ?label }} }}
}} GROUP BY ?e ORDER BY ?e
"""

_ALT_LABELS = _PREFIXES + f"""
SELECT ?e ?alt WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e skos:altLabel ?alt }} }} ORDER BY ?e ?alt
"""

_DOCUMENT_COUNTS = _PREFIXES + """
SELECT ?e (COUNT(DISTINCT ?doc) AS ?n) WHERE { GRAPH ?g { ?doc kg:mentions ?e } } GROUP BY ?e
"""

_MENTION_COUNTS = _PREFIXES + """
SELECT ?e (COUNT(DISTINCT ?m) AS ?n) WHERE { GRAPH ?g { ?m a kg:Mention ; kg:refersTo ?e } } GROUP BY ?e
"""

_VALUES = " ".join(f"kg:{p}" for p in ENTITY_PROPERTIES)

# Each relation between entities and the documents that state it.
_EDGES = _PREFIXES + """
SELECT ?s ?p ?o (GROUP_CONCAT(DISTINCT STR(?g); SEPARATOR=" ") AS ?docs) WHERE {
  VALUES ?p { %s }
  GRAPH ?g { ?s ?p ?o }
  FILTER (?g != <%s>)
} GROUP BY ?s ?p ?o ORDER BY ?s ?p ?o
""" % (_VALUES, ENTITY_GRAPH)

# Their evidence: statements with their confidence and sentence (the shapes require both).
# An inner join: Oxigraph evaluates the same join as an OPTIONAL about 6x slower.
_EVIDENCE = _PREFIXES + """
SELECT ?s ?p ?o (MAX(?c) AS ?confidence) (COUNT(DISTINCT ?st) AS ?support) (MIN(STR(?text)) AS ?sentence)
WHERE {
  VALUES ?p { %s }
  GRAPH ?g {
    ?st rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; a rdf:Statement ;
        kg:confidence ?c ; kg:evidenceText ?text .
    ?s ?p ?o .
  }
  FILTER (?g != <%s>)
} GROUP BY ?s ?p ?o
""" % (_VALUES, ENTITY_GRAPH)

_DOCUMENTS = _PREFIXES + """
SELECT ?doc ?name ?e WHERE {
  GRAPH ?doc { ?doc a kg:Document ; kg:mentions ?e . OPTIONAL { ?doc schema:name ?name } }
}
"""

_QUOTATIONS = _PREFIXES + """
SELECT ?q ?text ?speaker ?doc WHERE { GRAPH ?doc { ?q a kg:Quotation ; kg:quoteText ?text ; kg:speaker ?speaker } }
"""

# What `entity_view` reads of the store without provenance, in its order (`store.ahead`).
VIEW_QUERIES = (_DOCUMENT_COUNTS, _MENTION_COUNTS, _NODES, _ALT_LABELS, _EVIDENCE, _EDGES)


def local_name(iri: str) -> str:
    """The part of an IRI after its last '#' or '/'."""
    return iri.rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def entity_view(
    store: Store,
    *,
    classes: Iterable[str] | None = None,
    properties: Iterable[str] | None = None,
    min_confidence: float = 0.0,
    min_mentions: int = 0,
    around: str | None = None,
    depth: int = 1,
    include_provenance: bool = False,
) -> nx.MultiDiGraph:
    """The entities of the store and the typed relations between them.

    store (Store): The store to read.
    classes: Class local names to keep (with their subclasses), e.g. ["Person", "Organization"].
    properties: Relation local names to keep, e.g. ["headOf", "employer"].
    min_confidence (float): Drop relations whose best confidence is lower.
    min_mentions (int): Drop entities with fewer mentions.
    around (str): Keep only the neighbourhood of the entities with this name or alternative name.
    depth (int): Hops of that neighbourhood, ignoring edge direction.
    include_provenance (bool): Add Document and Quotation nodes and their edges.
    RETURNS (nx.MultiDiGraph): Node id = entity IRI; edge key = relation local name.
    """
    G = nx.MultiDiGraph()
    documents = {_value(r["e"]): int(r["n"].value) for r in store.solutions(_DOCUMENT_COUNTS)}
    mentions = {_value(r["e"]): int(r["n"].value) for r in store.solutions(_MENTION_COUNTS)}
    for row in store.solutions(_NODES):
        iri = _value(row["e"])
        G.add_node(
            iri,
            label=_value(row["lbl"]) if row["lbl"] is not None else local_name(iri),
            cls=local_name(_value(row["cls"])),
            alt_labels=[],
            documents=documents.get(iri, 0),
            mentions=mentions.get(iri, 0),
        )
    for row in store.solutions(_ALT_LABELS):
        iri = _value(row["e"])
        if iri in G:
            G.nodes[iri]["alt_labels"].append(row["alt"].value)
    evidence = {(_value(r["s"]), _value(r["p"]), _value(r["o"])): r for r in store.solutions(_EVIDENCE)}
    for row in store.solutions(_EDGES):
        s, p, o = _value(row["s"]), _value(row["p"]), _value(row["o"])
        if s not in G or o not in G:
            continue
        prop = local_name(p)
        stated = evidence.get((s, p, o))
        G.add_edge(
            s, o, key=prop,
            property=prop,
            confidence=float(stated["confidence"].value) if stated else None,
            support=int(stated["support"].value) if stated else 0,
            sentence=stated["sentence"].value if stated else "",
            documents=sorted(row["docs"].value.split()),
        )
    _filter(G, classes=classes, properties=properties, min_confidence=min_confidence,
            min_mentions=min_mentions)
    if around is not None:
        G = _neighbourhood(G, around, depth)
    if include_provenance:
        _add_provenance(store, G)
    return G


def _value(term: ox.NamedNode | ox.Literal | ox.BlankNode) -> str:
    return term.value


def _filter(G: nx.MultiDiGraph, *, classes, properties, min_confidence: float, min_mentions: int) -> None:
    for cls in classes or ():
        if cls not in ENTITY_CLASSES:
            raise InputError(Errors.E033.format(name=cls, known=", ".join(ENTITY_CLASSES)))
    for prop in properties or ():
        if prop not in ENTITY_PROPERTIES:
            raise InputError(Errors.E034.format(name=prop, known=", ".join(ENTITY_PROPERTIES)))
    if classes:
        keep = _with_subclasses(classes)
        G.remove_nodes_from([n for n, cls in G.nodes(data="cls") if cls not in keep])
    if min_mentions:
        G.remove_nodes_from([n for n, m in G.nodes(data="mentions") if m < min_mentions])
    if properties:
        wanted = set(properties)
        G.remove_edges_from([(s, o, k) for s, o, k in G.edges(keys=True) if k not in wanted])
    if min_confidence:
        G.remove_edges_from([(s, o, k) for s, o, k, c in G.edges(keys=True, data="confidence")
                             if c is None or c < min_confidence])


def _with_subclasses(classes: Iterable[str]) -> set[str]:
    """Local names of the classes and of all their subclasses in the ontology."""
    from rdflib import RDFS

    from ..rdf.ontology import ontology_graph

    onto = ontology_graph()
    names = set()
    for cls in classes:
        names.add(cls)
        for sub in onto.transitive_subjects(RDFS.subClassOf, KG._NS[cls]):
            names.add(local_name(str(sub)))
    return names


def _neighbourhood(G: nx.MultiDiGraph, name: str, depth: int) -> nx.MultiDiGraph:
    wanted = " ".join(name.split()).casefold()
    centres = [n for n, data in G.nodes(data=True)
               if wanted in {data["label"].casefold(), *(a.casefold() for a in data["alt_labels"])}]
    if not centres:
        raise InputError(Errors.E030.format(name=name))
    undirected = G.to_undirected(as_view=True)
    keep: set[str] = set()
    for centre in centres:
        keep.update(nx.ego_graph(undirected, centre, radius=depth))
    return G.subgraph(keep).copy()


def _add_provenance(store: Store, G: nx.MultiDiGraph) -> None:
    entities = set(G)
    for row in store.solutions(_DOCUMENTS):
        doc, e = _value(row["doc"]), _value(row["e"])
        if e not in entities:
            continue
        if doc not in G:
            name = _value(row["name"]) if row["name"] is not None else local_name(doc)
            G.add_node(doc, label=name, cls="Document", alt_labels=[], documents=1, mentions=0)
        G.add_edge(doc, e, key="mentions", property="mentions", confidence=None, support=0,
                   sentence="", documents=[doc])
    for row in store.solutions(_QUOTATIONS):
        q, speaker, doc = _value(row["q"]), _value(row["speaker"]), _value(row["doc"])
        if speaker not in entities:
            continue
        G.add_node(q, label=row["text"].value, cls="Quotation", alt_labels=[], documents=1, mentions=0)
        G.add_edge(q, speaker, key="speaker", property="speaker", confidence=None, support=0,
                   sentence=row["text"].value, documents=[doc])
