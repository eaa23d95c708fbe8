"""`kg_entity_linker`: one entity per real entity within a document."""

from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from ..classify import KIND_OF_CLASS, NER, context_person, decide, mention_votes, speech_subject
from ..gazetteer import Gazetteer, default_gazetteer
from ..iri import entity_key
from ..records import Entity
from ..records import Span as TextSpan
from .entity_mapper import MENTIONS_KEY

if not Doc.has_extension("kg_entities"):
    Doc.set_extension("kg_entities", default=None)

_ACRONYM_SKIP = frozenset("of the and for de du des la le et & on in".split())


@Language.factory(
    "kg_entity_linker",
    requires=["doc.spans"],
    assigns=["doc._.kg_entities"],
    default_config={"spans_key": MENTIONS_KEY},
)
def make_entity_linker(nlp: Language, name: str, spans_key: str) -> "EntityLinker":
    """Create the within-document entity linker."""
    return EntityLinker(spans_key=spans_key)


@dataclass
class _Cluster:
    spans: list[Span] = field(default_factory=list)
    votes: Counter = field(default_factory=Counter)
    place_name: str | None = None

    @property
    def longest(self) -> Span:
        return max(self.spans, key=lambda s: (len(s), -s.start))


class EntityLinker:
    """Groups mentions into entities and decides each entity's class and canonical name.

    Short forms join their full name ("Fortin" -> "Jean-Pierre Fortin"), acronyms their
    expansion ("RCMP" -> "Royal Canadian Mounted Police"), country aliases one another
    ("U.S." -> "United States"). Fragments (a lone one-word "person" with no title) are
    dropped. Each kept mention span gets the entity's class as label and its key as kb_id;
    `doc._.kg_entities` lists the entities as records.
    """

    def __init__(self, *, spans_key: str = MENTIONS_KEY, gazetteer: Gazetteer | None = None) -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer or default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        clusters: list[_Cluster] = []
        mentions = sorted(doc.spans[self.spans_key], key=lambda s: (-len(s), s.start))
        for span in mentions:
            votes = mention_votes(span, doc[span.start].ent_type_, self.gazetteer)
            if not votes:  # a mention the mapper found without NER: trust its label
                votes[span.label_] += NER
            cluster = self._find(span, votes, clusters)
            if cluster is None:
                cluster = _Cluster()
                clusters.append(cluster)
            cluster.spans.append(span)
            cluster.votes.update(votes)
            if cluster.place_name is None and KIND_OF_CLASS[decide(votes)] == "place":
                place = self.gazetteer.lookup(name_of(span))
                cluster.place_name = place.name if place else None
        kept: list[Span] = []
        entities: dict[str, Entity] = {}
        for cluster in clusters:
            if _is_fragment(cluster):
                continue
            cls = decide(cluster.votes)
            kind = KIND_OF_CLASS[cls]
            name = cluster.place_name if kind == "place" and cluster.place_name else canonical_name(cluster)
            key = entity_key(kind, name)
            entity = entities.setdefault(key, Entity(key=key, name=name, cls=cls))
            for span in cluster.spans:
                kept.append(Span(doc, span.start, span.end, label=cls, kb_id=key))
                entity.mentions.append(TextSpan(span.start_char, span.end_char, span.text))
        for entity in entities.values():
            entity.mentions.sort(key=lambda m: m.start)
        doc.spans[self.spans_key] = sorted(kept, key=lambda s: s.start)
        doc._.kg_entities = sorted(entities.values(), key=lambda e: e.mentions[0].start)
        return doc

    def _find(self, span: Span, votes: Counter, clusters: list[_Cluster]) -> _Cluster | None:
        name = name_of(span).casefold()
        kind = KIND_OF_CLASS[decide(votes)] if votes else None
        place = self.gazetteer.lookup(name_of(span)) if kind == "place" else None
        for cluster in clusters:
            if place is not None and cluster.place_name == place.name:
                return cluster
            if any(name_of(s).casefold() == name for s in cluster.spans):
                return cluster
        for cluster in clusters:
            if _is_acronym_of(span, cluster.longest) or _is_short_form(span, cluster):
                return cluster
        return None


def name_of(span: Span) -> str:
    """The name a span spells, with white space normalized."""
    return " ".join(span.text.split())


def canonical_name(cluster: _Cluster) -> str:
    """The fullest name of a cluster: most words, then most frequent, then first seen."""
    counts = Counter(name_of(s) for s in cluster.spans)
    best = max(cluster.spans, key=lambda s: (len(s) if not s.text.isupper() else 0,
                                             counts[name_of(s)], -s.start))
    return name_of(best)


def _initials(span: Span) -> str:
    return "".join(t.text[0] for t in span if t.lower_ not in _ACRONYM_SKIP and t.text[0].isalpha())


def _is_acronym_of(short: Span, long: Span) -> bool:
    text = short.text.replace(".", "")
    return (
        len(short) == 1
        and len(long) > 1
        and text.isupper()
        and len(text) >= 2
        and _initials(long).upper() == text
    )


def _is_short_form(span: Span, cluster: _Cluster) -> bool:
    """A person's surname or a name that drops a leading qualifier ("Border Patrol")."""
    long = cluster.longest
    if len(span) >= len(long):
        return False
    tail = [t.lower_ for t in long[len(long) - len(span):]]
    if tail != [t.lower_ for t in span]:
        return False
    cluster_kind = KIND_OF_CLASS[decide(cluster.votes)]
    if cluster_kind == "person":
        return True
    if cluster_kind == "organization":
        return len(span) >= 2
    return False


def _is_fragment(cluster: _Cluster) -> bool:
    """A lone one-word "person" that nothing else supports, such as "[Border] officers"."""
    if KIND_OF_CLASS[decide(cluster.votes)] != "person":
        return False
    if any(len(s) > 1 for s in cluster.spans):
        return False
    return not any(context_person(s) or speech_subject(s) for s in cluster.spans)

