"""One entity across documents: names one document gives alone join the entity another
document names in full.

Each document is linked on its own (`kg_entity_linker`), so "Goodale" in one article and
"Ralph Goodale" in another first get two IRIs. After a build, `resolve_store` looks at every
entity the documents mention and links such short names to the one entity they can only
mean, rewriting the document graphs that used the short name's IRI. The mentions it moves
record why (`kg:linkedBy`):

- `link-surname-corpus`: a person named only by one word ("Goodale") joins the one person
  of the corpus with a fuller name ending in that word ("Ralph Goodale"), when the two share
  context: some document naming one and some document naming the other both mention a third
  entity that is not a place (a place such as "Canada" is shared by too many unrelated
  stories), or the user builds the corpus as one story (`kg build --one-story`). Two such
  people ("Ralph Goodale", "Mary Goodale"), or one without shared context (a "Moreau" of
  one story and a "Claire Moreau" of another), and the name stays on its own.
- `link-alias-corpus`: an entity whose every name is also a name of exactly one other
  entity of the same kind, that has more names ("CBSA" alone, where another document wrote
  "Canada Border Services Agency (CBSA)"), joins that entity, with shared context as
  above: a generic name ("National Assembly", "the House") of one story is not the body of
  that name another story names in full.

A merge is decided when the entity is resolved; a person who later becomes ambiguous (a
second "Goodale" arrives) stays merged until the document that named it is built again.
"""

from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING

from rdflib import RDF, RDFS, SKOS, URIRef

from ..rdf.iri import rule_iri
from ..rdf.namespace import ENTITY_GRAPH, KG, STALE_GRAPH

if TYPE_CHECKING:
    from .base import Store

SURNAME_CORPUS = "link-surname-corpus"
ALIAS_CORPUS = "link-alias-corpus"

_BATCH = 1000  # entities whose names are read by one query
_STALE = f"SELECT DISTINCT ?e WHERE {{ GRAPH <{STALE_GRAPH}> {{ ?e a <{KG.Entity}> }} }}"
# The names of every entity, from the entities graph (one row per name, not per mention).
_NAMES = f"""
SELECT ?entity ?name WHERE {{
  GRAPH <{ENTITY_GRAPH}> {{ ?entity <{RDFS.label}>|<{SKOS.altLabel}> ?name . }}
}}
"""


def kind_of(entity: URIRef) -> str:
    """The kind of an entity from its IRI (kgid:person/... -> person)."""
    return str(entity).rsplit("/", 2)[-2]


Context = Callable[[URIRef, URIRef], bool]  # (short name's entity, full name's entity) -> share context


def corpus_links(forms: Mapping[URIRef, set[str]],
                 context: Context | None = None) -> dict[URIRef, tuple[URIRef, str]]:
    """Which entities are another entity under a shorter name, and by which rule.

    forms: each entity IRI -> every name the documents give it (surface forms).
    context: whether the short name's entity and the fuller one's share context (None: the
        corpus is one story, they always do).
    RETURNS (dict): entity -> (the entity it is, rule name).
    """
    index = NameIndex()
    index.put(forms)
    return index.links(index.names, context)


class NameIndex:
    """Every entity's names (normalized: spaces collapsed, case folded) and the maps that
    `corpus_links` decides by, kept up to date entity by entity, so that a process that adds
    documents one after another (`KnowledgeGraph`, kg serve) reads every name once and then
    decides again only for the entities a change can concern (`affected`)."""

    def __init__(self) -> None:
        self.names: dict[URIRef, frozenset[str]] = {}
        self.by_name: dict[str, set[URIRef]] = {}
        self.surnames: dict[str, set[URIRef]] = {}  # last word of a person's name of several words
        self.loaded = False

    def load(self, store: "Store") -> None:
        """Read every entity's names from the store's entities graph."""
        self.names, self.by_name, self.surnames = {}, {}, {}
        self.put(_forms(store.solutions(_NAMES)))
        self.loaded = True

    def update(self, store: "Store", entities: Iterable[URIRef]) -> None:
        """Read again the names of these entities (those gone from the entities graph are dropped)."""
        entities = sorted(set(entities))
        for start in range(0, len(entities), _BATCH):
            batch = entities[start:start + _BATCH]
            values = "VALUES ?entity { " + " ".join(f"<{e}>" for e in batch) + " }"
            forms = _forms(store.solutions(_NAMES.replace("WHERE {", "WHERE { " + values, 1)))
            self.put({e: forms.get(e, set()) for e in batch})

    def put(self, forms: Mapping[URIRef, Iterable[str]]) -> None:
        """Give entities their names (no names: the entity is gone)."""
        for entity, fs in forms.items():
            self._drop(entity)
            normalized = frozenset(" ".join(f.split()).casefold() for f in fs)
            if not normalized:
                continue
            self.names[entity] = normalized
            person = kind_of(entity) == "person"
            for form in normalized:
                self.by_name.setdefault(form, set()).add(entity)
                words = form.split()
                if person and len(words) > 1:
                    self.surnames.setdefault(words[-1], set()).add(entity)

    def _drop(self, entity: URIRef) -> None:
        for form in self.names.pop(entity, ()):
            self.by_name[form].discard(entity)
            for surname in form.split()[-1:]:
                self.surnames.get(surname, set()).discard(entity)

    def neighbours(self, entities: Iterable[URIRef]) -> set[URIRef]:
        """The entities whose links the names of these can decide: those sharing a name with
        one, and the people named only by one's surname."""
        near: set[URIRef] = set()
        for entity in entities:
            for form in self.names.get(entity, ()):
                near |= self.by_name.get(form, set())
                for surname in form.split()[-1:]:
                    near |= self.by_name.get(surname, set())
        return near

    def links(self, entities: Iterable[URIRef],
              context: Context | None = None) -> dict[URIRef, tuple[URIRef, str]]:
        """`corpus_links` for these entities (each followed to its final target)."""
        links: dict[URIRef, tuple[URIRef, str]] = {}
        for entity in entities:
            fs = self.names.get(entity)
            if not fs:
                continue
            kind = kind_of(entity)
            if kind == "person" and len(fs) == 1 and len(next(iter(fs)).split()) == 1:
                people = self.surnames.get(next(iter(fs)), set()) - {entity}
                if len(people) == 1 and (context is None or context(entity, next(iter(people)))):
                    links[entity] = (next(iter(people)), SURNAME_CORPUS)
                continue
            if kind == "person":
                continue  # a fuller name is never another person's alias
            shared = set.intersection(*(self.by_name[f] for f in fs)) - {entity}
            wider = {o for o in shared if kind_of(o) == kind and len(self.names[o]) > len(fs)}
            if len(wider) == 1 and (context is None or context(entity, next(iter(wider)))):
                links[entity] = (wider.pop(), ALIAS_CORPUS)
        return {e: _final(e, links) for e in links}


def _forms(rows: Iterable) -> dict[URIRef, set[str]]:
    forms: dict[URIRef, set[str]] = {}
    for row in rows:
        forms.setdefault(URIRef(row["entity"].value), set()).add(row["name"].value)
    return forms


def _final(entity: URIRef, links: dict[URIRef, tuple[URIRef, str]]) -> tuple[URIRef, str]:
    """Follow links to the entity that is not itself linked (the first rule is kept)."""
    target, rule = links[entity]
    seen = {entity}
    while target in links and target not in seen:
        seen.add(target)
        target = links[target][0]
    return target, rule


def shared_context(store: "Store") -> Context:
    """Whether two entities share context in the store: a document naming one and a document
    naming the other mention a third entity that is not a place."""
    def ask(a: URIRef, b: URIRef) -> bool:
        query = f"""ASK {{
  GRAPH ?g1 {{ ?d1 <{KG.mentions}> <{a}>, ?x }}
  GRAPH ?g2 {{ ?d2 <{KG.mentions}> <{b}>, ?x }}
  FILTER(?x NOT IN (<{a}>, <{b}>) && !CONTAINS(STR(?x), "/place/"))
}}"""
        return bool(store.solutions(query))
    return ask


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


def resolve_store(store: "Store", *, index: NameIndex | None = None,
                  changed: Iterable[URIRef] | None = None, one_story: bool = False) -> int:
    """Link the short names of the store's document graphs to the entities they name, in
    one update request (`relink_update`). Reads the entities graph, so run it after a
    refresh, and refresh again after it.

    index: the names, kept by the caller between builds (read from the store when not yet
        loaded) [default: read now].
    changed: the entities the refresh recomputed (`stale_entities` before it): only the
        links these can decide are looked for, and only their names read again [default:
        every entity's].
    one_story: the corpus tells one story: a lone surname joins the one full name ending in
        it without shared context (`shared_context`).
    RETURNS (int): How many entities were merged into others.
    """
    index = index if index is not None else NameIndex()
    if changed is None or not index.loaded:
        index.load(store)
        candidates: Iterable[URIRef] = list(index.names)
    else:
        changed = set(changed)
        before = index.neighbours(changed)  # the names they had can decide links too
        index.update(store, changed)
        candidates = before | index.neighbours(changed) | changed
    links = index.links(candidates, None if one_story else shared_context(store))
    if links:
        store.update(relink_update(links))
        index.update(store, {e for pair in links.items() for e in (pair[0], pair[1][0])})
    return len(links)


def stale_entities(store: "Store") -> list[URIRef]:
    """The entities marked for the next `refresh_entities`."""
    return [URIRef(row["e"].value) for row in store.solutions(_STALE)]


__all__ = ["ALIAS_CORPUS", "SURNAME_CORPUS", "NameIndex", "corpus_links", "relink_update", "resolve_store",
           "shared_context", "stale_entities"]
