"""One entity across documents: names one document gives alone join the entity another
document names in full.

Each document is linked on its own (`kg_entity_linker`), so "Goodale" in one article and
"Ralph Goodale" in another first get two IRIs. After a build, `resolve_store` looks at every
entity the documents mention and links such short names to the one entity they can only
mean, rewriting the document graphs that used the short name's IRI. The mentions it moves
record why (`kg:linkedBy`):

- `link-surname-corpus`: a person named only by one word ("Goodale") joins the one person
  of the corpus with a fuller name ending in that word ("Ralph Goodale"). Two such people
  ("Ralph Goodale", "Mary Goodale") and the name stays on its own.
- `link-alias-corpus`: an entity whose every name is also a name of exactly one other
  entity of the same kind, that has more names ("CBSA" alone, where another document wrote
  "Canada Border Services Agency (CBSA)"), joins that entity.

A merge is decided when the entity is resolved; a person who later becomes ambiguous (a
second "Goodale" arrives) stays merged until the document that named it is built again.
"""

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, SKOS, URIRef

from ..rdf.iri import rule_iri
from ..rdf.namespace import ENTITY_GRAPH, KG, STALE_GRAPH

if TYPE_CHECKING:
    from .base import Store

SURNAME_CORPUS = "link-surname-corpus"
ALIAS_CORPUS = "link-alias-corpus"

# The names of every entity, from the entities graph (one row per name, not per mention).
_NAMES = f"""
SELECT ?entity ?name WHERE {{
  GRAPH <{ENTITY_GRAPH}> {{ ?entity <{RDFS.label}>|<{SKOS.altLabel}> ?name . }}
}}
"""


def kind_of(entity: URIRef) -> str:
    """The kind of an entity from its IRI (kgid:person/... -> person)."""
    return str(entity).rsplit("/", 2)[-2]


def corpus_links(forms: Mapping[URIRef, set[str]]) -> dict[URIRef, tuple[URIRef, str]]:
    """Which entities are another entity under a shorter name, and by which rule.

    forms: each entity IRI -> every name the documents give it (surface forms).
    RETURNS (dict): entity -> (the entity it is, rule name).
    """
    names = {e: {" ".join(f.split()).casefold() for f in fs} for e, fs in forms.items()}
    surnames: dict[str, set[URIRef]] = {}
    by_name: dict[str, set[URIRef]] = {}
    for entity, fs in names.items():
        for form in fs:
            by_name.setdefault(form, set()).add(entity)
            words = form.split()
            if kind_of(entity) == "person" and len(words) > 1:
                surnames.setdefault(words[-1], set()).add(entity)
    links: dict[URIRef, tuple[URIRef, str]] = {}
    for entity, fs in names.items():
        kind = kind_of(entity)
        if kind == "person" and len(fs) == 1 and len(next(iter(fs)).split()) == 1:
            people = surnames.get(next(iter(fs)), set()) - {entity}
            if len(people) == 1:
                links[entity] = (people.pop(), SURNAME_CORPUS)
            continue
        if kind == "person":
            continue  # a fuller name is never another person's alias
        shared = set.intersection(*(by_name[f] for f in fs)) - {entity}
        wider = {o for o in shared if kind_of(o) == kind and len(names[o]) > len(fs)}
        if len(wider) == 1:
            links[entity] = (wider.pop(), ALIAS_CORPUS)
    return {e: _final(e, links) for e in links}


def _final(entity: URIRef, links: dict[URIRef, tuple[URIRef, str]]) -> tuple[URIRef, str]:
    """Follow links to the entity that is not itself linked (the first rule is kept)."""
    target, rule = links[entity]
    seen = {entity}
    while target in links and target not in seen:
        seen.add(target)
        target = links[target][0]
    return target, rule


def relink_update(links: Mapping[URIRef, tuple[URIRef, str]]) -> str:
    """The SPARQL Update that rewrites the document graphs: each linked entity's IRI becomes
    its target's wherever it stands, the mentions that named it record the rule
    (`kg:linkedBy`) instead of any rule they had, and both entities are marked for the next
    `refresh_entities`. The entities graph itself is left to that refresh."""
    rows = " ".join(f"(<{old}> <{new}> <{rule_iri(rule)}>)" for old, (new, rule) in sorted(links.items()))
    values = f"VALUES (?old ?new ?rule) {{ {rows} }}"
    documents = f"FILTER(?g NOT IN (<{ENTITY_GRAPH}>, <{STALE_GRAPH}>))"
    mark = f"<{RDF.type}> <{KG.Entity}>"
    return " ;\n".join([
        f"INSERT {{ GRAPH <{STALE_GRAPH}> {{ ?old {mark} . ?new {mark} }} }} WHERE {{ {values} }}",
        f"DELETE {{ GRAPH ?g {{ ?m <{KG.linkedBy}> ?any }} }} "
        f"WHERE {{ {values} GRAPH ?g {{ ?m <{KG.refersTo}> ?old ; <{KG.linkedBy}> ?any }} {documents} }}",
        f"INSERT {{ GRAPH ?g {{ ?m <{KG.linkedBy}> ?rule . ?rule <{RDF.type}> <{KG.ExtractionRule}> }} }} "
        f"WHERE {{ {values} GRAPH ?g {{ ?m <{KG.refersTo}> ?old }} {documents} }}",
        f"DELETE {{ GRAPH ?g {{ ?old ?p ?o }} }} INSERT {{ GRAPH ?g {{ ?new ?p ?o }} }} "
        f"WHERE {{ {values} GRAPH ?g {{ ?old ?p ?o }} {documents} }}",
        f"DELETE {{ GRAPH ?g {{ ?s ?p ?old }} }} INSERT {{ GRAPH ?g {{ ?s ?p ?new }} }} "
        f"WHERE {{ {values} GRAPH ?g {{ ?s ?p ?old }} {documents} }}",
    ])


def resolve_store(store: "Store") -> int:
    """Link the short names of the store's document graphs to the entities they name, in
    one update request (`relink_update`). Reads the entities graph, so run it after a
    refresh, and refresh again after it.

    RETURNS (int): How many entities were merged into others.
    """
    forms: dict[URIRef, set[str]] = {}
    for row in store.solutions(_NAMES):
        forms.setdefault(URIRef(row["entity"].value), set()).add(row["name"].value)
    links = corpus_links(forms)
    if links:
        store.update(relink_update(links))
    return len(links)


__all__ = ["ALIAS_CORPUS", "SURNAME_CORPUS", "corpus_links", "relink_update", "resolve_store"]
