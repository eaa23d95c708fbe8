"""`kg_entity_typer`: a trained second opinion on each entity's kind.

The entity linker's votes (NER label, name words, lexicon, gazetteer, a few context cues)
decide a class per entity; they are precise where a cue fires and guess NER's label where
none does, and NER's label is the weak point on names from other countries and on companies,
clubs and bands. The typer scores each person, organization or place entity for person /
organization / place / other (a work, product or event, not a kg entity) with a multinomial
logistic regression over hashed features (features.py), trained by `kg train` on Re-DocRED
dev 0-399 and CoNLL04 train. It changes an entity's kind only when it disagrees with the
votes at a probability above the threshold chosen on out-of-fold scores (`cfg["thresholds"]`),
and drops an entity as "other" only above a stricter one; it never overrules the kind a name
states itself (its words, "Champlain Station", "Velmora Corp.", or the lexicon of
organizations) or the words around it state ("a vice president at Velmora", "Mayor X", "the
town of X"). A retyped entity keeps its name and
its mentions and takes the most specific class of its new kind the votes gave (else the
generic one); two entities that then share a key become one. Agreements are left alone.
"""

from collections import Counter
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, Span

from ..classify import KIND_OF_CLASS, NER, class_within, context_class, mention_votes, name_cue
from ..components.entity_mapper import MENTIONS_KEY
from ..linear import load_linear, save_linear
from ..gazetteer import Gazetteer, default_gazetteer
from ..records import Entity
from ..relation_model.component import softmax_scores
from ..relation_model.features import hash_features
from .features import entity_features

NAME = "kg-entity-typer"
RULE = "entity-typer"
LABELS = ("person", "organization", "place", "other")
TYPED = frozenset(LABELS[:3])
DEFAULT_WEIGHTS = Path(__file__).parent / "weights"


class TyperError(ValueError):
    """The weights folder is missing or does not fit this code."""


@Language.factory(
    "kg_entity_typer",
    requires=["doc.spans", "doc._.kg_entities"],
    assigns=["doc.spans", "doc._.kg_entities"],
    default_config={"spans_key": MENTIONS_KEY, "weights": ""},
)
def make_entity_typer(nlp: Language, name: str, spans_key: str, weights: str) -> "EntityTyper":
    """Create the entity typer; `weights` "" loads the shipped model, a path another one."""
    typer = EntityTyper(spans_key=spans_key)
    path = Path(weights) if weights else DEFAULT_WEIGHTS
    if (path / "cfg.json").exists():
        typer.from_disk(path)
    return typer


class EntityTyper:
    """Re-decides the kind of each entity where the trained model is confident the votes
    are wrong."""

    def __init__(self, *, spans_key: str = MENTIONS_KEY, gazetteer: Gazetteer | None = None) -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer or default_gazetteer()
        self.cfg: dict = {}
        self.weights: np.ndarray | None = None
        self.bias: np.ndarray | None = None

    @property
    def version(self) -> str:
        """The model's name and version, as the pipeline label gives it: "entity-typer 1"."""
        return f"{RULE} {self.cfg.get('version', 0)}"

    def __call__(self, doc: Doc) -> Doc:
        if self.weights is None or not doc._.kg_entities:
            return doc
        spans = by_entity(doc.spans[self.spans_key])
        entities = [e for e in doc._.kg_entities if e.key in spans]
        typed = [e for e in entities if e.key.split("/", 1)[0] in TYPED]
        if not typed:
            return doc
        votes = {e.key: self.votes(spans[e.key]) for e in typed}
        probs = self.scores(typed, spans, votes)
        new_kind = {e.key: self.decide(e, p) for e, p in zip(typed, probs) if not stated_kind(e, spans[e.key])}
        retyped: dict[str, Entity] = {}
        renamed: dict[str, tuple[str, str]] = {}  # old key -> (new key, class)
        for entity in entities:
            kind = new_kind.get(entity.key, entity.key.split("/", 1)[0])
            if kind == "other":
                continue
            key, cls = entity.key, entity.cls
            if kind != key.split("/", 1)[0]:
                key = kind + key[key.index("/"):]
                cls = class_within(votes[entity.key], kind)
            renamed[entity.key] = (key, cls)
            if key in retyped:
                merged = retyped[key]
                merged.mentions = sorted(merged.mentions + entity.mentions, key=lambda m: m.start)
                merged.links.update(entity.links)
                merged.found.update(entity.found)
            else:
                retyped[key] = Entity(key=key, name=entity.name, cls=cls, mentions=list(entity.mentions),
                                      links=dict(entity.links), found=dict(entity.found))
        doc.spans[self.spans_key] = [Span(doc, s.start, s.end, label=renamed[s.kb_id_][1], kb_id=renamed[s.kb_id_][0],
                                          span_id=s.id_)
                                     for s in doc.spans[self.spans_key] if s.kb_id_ in renamed]
        doc._.kg_entities = sorted(retyped.values(), key=lambda e: e.mentions[0].start)
        return doc

    def votes(self, spans: list[Span]) -> Counter:
        """The summed class votes of an entity's mentions, as the linker counts them."""
        total: Counter = Counter()
        for span in spans:
            votes = mention_votes(span, span[0].ent_type_, self.gazetteer)
            total.update(votes or {span.label_: NER})
        return total

    def features(self, entity: Entity, spans: list[Span], votes: Counter) -> list[str]:
        return entity_features(spans, entity.name, entity.cls, votes, self.gazetteer)

    def scores(self, entities: list[Entity], spans: dict[str, list[Span]], votes: dict[str, Counter]) -> np.ndarray:
        """Probabilities of LABELS for each entity."""
        n_bits = self.cfg["n_bits"]
        return softmax_scores(self.weights, self.bias, [
            hash_features(self.features(e, spans[e.key], votes[e.key]), n_bits) for e in entities])

    def decide(self, entity: Entity, p: np.ndarray) -> str:
        """The entity's kind: the model's when it disagrees above its threshold, else the votes'."""
        return overruled(p, entity.key.split("/", 1)[0], self.cfg["thresholds"])

    def to_disk(self, path, *, exclude=tuple()) -> None:
        save_linear(path, self.cfg, self.weights, self.bias)

    def from_disk(self, path, *, exclude=tuple()) -> "EntityTyper":
        self.cfg, self.weights, self.bias = load_linear(path, LABELS, "the entity typer", TyperError)
        return self


def overruled(p: np.ndarray, kind: str, thresholds: dict[str, float]) -> str:
    """The kind the model gives (probabilities `p` of LABELS) where it disagrees with the votes'
    `kind` at least at its label's threshold, else `kind`."""
    best = LABELS[int(np.argmax(p))]
    return best if best != kind and float(p.max()) >= float(thresholds[best]) else kind


def stated_kind(entity: Entity, spans: list[Span]) -> bool:
    """True when a mention's own words, the lexicon or the words around it give the entity's
    kind ("Velmora Corp.", "a vice president at Velmora")."""
    kind = entity.key.split("/", 1)[0]
    return any((cls := name_cue(span) or context_class(span)) is not None and KIND_OF_CLASS[cls] == kind
               for span in spans)


def by_entity(spans) -> dict[str, list[Span]]:
    """Mention spans grouped by their entity key (kb_id)."""
    result: dict[str, list[Span]] = {}
    for span in spans:
        result.setdefault(span.kb_id_, []).append(span)
    return result
