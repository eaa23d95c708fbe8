"""`kg_relation_model`: a trained relation classifier that adds what the rules miss.

Scores every candidate pair of entities (candidates.py) for kg's properties with a
multinomial logistic regression over hashed features (features.py). Its weights are data: a
folder with `cfg.json` (labels, hashing size, calibration, threshold, version) and
`weights.npy` / `bias.npy`. A pair the rules already linked, in either direction, is left to
them. Each relation it adds names the model and its version as its rule and carries a
calibrated confidence (Platt scaling per class, fitted on a split carved from the training
data); those below the threshold are dropped.
"""

from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from ..components.entity_mapper import MENTIONS_KEY
from ..linear import load_linear, save_linear
from ..gazetteer import Gazetteer, default_gazetteer
from ..keys import entity_key
from ..records import Relation
from ..records import Span as TextSpan
from .candidates import Candidate, DocEntities, candidates, doc_entities, model_mentions
from .features import candidate_features, hash_features
from .labels import LABELS, NONE, allowed, output_property

NAME = "kg-relation-model"
RULE = "relation-model"  # the rule each relation of the model names: kgrule:relation-model
# Properties an entity has one value of in a news story (one citizenship, one country, one
# headquarters): the model states one, its most confident, and none when the rules state it.
FUNCTIONAL = frozenset({"citizenOf", "country", "headquarters"})
DEFAULT_WEIGHTS = Path(__file__).parent / "weights"

if not Doc.has_extension("kg_relations"):
    Doc.set_extension("kg_relations", default=None)


class ModelError(ValueError):
    """The weights folder is missing or does not fit this code."""


@Language.factory(
    "kg_relation_model",
    requires=["doc.spans", "token.dep", "doc._.kg_relations"],
    assigns=["doc._.kg_relations"],
    default_config={"spans_key": MENTIONS_KEY, "weights": "", "threshold": None, "skip_linked": True},
)
def make_relation_model(nlp: Language, name: str, spans_key: str, weights: str, threshold: float | None,
                        skip_linked: bool) -> "RelationModel":
    """Create the relation model; `weights` "" loads the shipped model, a path another one."""
    model = RelationModel(spans_key=spans_key, threshold=threshold, skip_linked=skip_linked)
    path = Path(weights) if weights else DEFAULT_WEIGHTS
    if (path / "cfg.json").exists():
        model.from_disk(path)
    return model


class RelationModel:
    """Scores candidate entity pairs and adds the confident ones as kg relations."""

    def __init__(self, *, spans_key: str = MENTIONS_KEY, threshold: float | None = None,
                 skip_linked: bool = True) -> None:
        self.spans_key = spans_key
        self.skip_linked = skip_linked
        self._threshold = threshold
        self.cfg: dict = {}
        self.weights: np.ndarray | None = None
        self.bias: np.ndarray | None = None

    @property
    def threshold(self) -> float:
        return self._threshold if self._threshold is not None else float(self.cfg.get("threshold", 0.5))

    def threshold_for(self, prop: str, cross: bool) -> float:
        """The confidence a relation needs: the threshold given to the component, else the
        one of the property it writes (`cfg["thresholds"]`: "country" for entities that
        share a sentence, "country@cross" for those that don't), else the model's."""
        if self._threshold is not None:
            return self._threshold
        return float(self.cfg.get("thresholds", {}).get(prop + ("@cross" if cross else ""), self.threshold))

    @property
    def rule(self) -> str:
        """The rule recorded on each relation the model adds: "relation-model"."""
        return RULE

    @property
    def version(self) -> str:
        """The model's name and version, as the pipeline label gives it: "relation-model 3"."""
        return f"{RULE} {self.cfg.get('version', 0)}"

    def __call__(self, doc: Doc) -> Doc:
        if self.weights is None:
            return doc
        relations = list(doc._.kg_relations or [])
        linked = {frozenset((r.subject, r.object)) for r in relations if not r.literal}
        doc._.kg_relations = relations + [r for r in self.predict(doc)
                                          if not (self.skip_linked and frozenset((r.subject, r.object)) in linked)]
        return doc

    def predict(self, doc: Doc) -> list[Relation]:
        """The relations the model finds at or above its threshold, the better direction of
        each pair only."""
        ents = doc_entities(doc, model_mentions(doc, self.spans_key))
        cands = [c for c in candidates(ents, window=self.cfg["window"]) if c.distance == 0 or self._may_cross(c)]
        if not cands:
            return []
        names = {e.key: e.name for e in doc._.kg_entities or []}
        gazetteer = default_gazetteer()
        ents.named_countries = named_countries(ents, names, gazetteer)
        probs = self.scores([hash_features(candidate_features(c, ents), self.cfg["n_bits"]) for c in cands])
        stated = {(r.subject, r.prop) for r in doc._.kg_relations or [] if r.prop in FUNCTIONAL}
        countries = stated_countries(doc._.kg_relations or [], names, gazetteer)
        best: dict[frozenset, tuple[float, Candidate, str]] = {}
        for c, p in zip(cands, probs):
            k, confidence = self.decide(c, p)
            if k is None or confidence < self.threshold_for(output_property(LABELS[k], c.object.cls), c.distance > 0):
                continue
            if LABELS[k] == "locatedIn" and contradicts_gazetteer(c, names, gazetteer, countries):
                continue
            pair = frozenset((c.subject.key, c.object.key))
            if pair not in best or best[pair][0] < confidence:
                best[pair] = (confidence, c, LABELS[k])
        found = one_per_subject([self._relation(c, label, confidence) for confidence, c, label in best.values()],
                                stated)
        if self.cfg.get("chain"):
            found += chained(found, doc._.kg_relations or [], stated)
        return found

    def _may_cross(self, c: Candidate) -> bool:
        """Whether some class the pair allows may be stated across sentences (else the
        candidate is not scored at all)."""
        return any(allowed(label, c.subject.kind, c.object.kind, c.object.cls)
                   and self.threshold_for(output_property(label, c.object.cls), True) < 1.0 for label in LABELS[1:])

    def scores(self, indices: list[np.ndarray]) -> np.ndarray:
        """Class probabilities of hashed candidates."""
        return softmax_scores(self.weights, self.bias, indices)

    def decide(self, c: Candidate, p: np.ndarray) -> tuple[int | None, float]:
        """The best class kg's ontology allows for the pair, and its calibrated confidence."""
        k = None
        for j in np.argsort(-p):
            label = LABELS[j]
            if label == NONE:
                continue
            if allowed(label, c.subject.kind, c.object.kind, c.object.cls):
                k = int(j)
                break
        if k is None:
            return None, 0.0
        return k, calibrate(self.cfg["calibration"], LABELS[k], float(p[k]))

    def _relation(self, c: Candidate, label: str, confidence: float) -> Relation:
        ms, mo = c.pairs[0] if c.pairs else c.nearest
        first, last = sorted((ms, mo), key=lambda s: s.start)
        sentence = ms.doc[first.sent.start : last.sent.end]  # its text, not Doc.text (which joins every token)
        return Relation(
            subject=c.subject.key,
            prop=output_property(label, c.object.cls),
            object=c.object.key,
            sentence=TextSpan(sentence.start_char, sentence.end_char, sentence.text),
            rule=self.rule,
            confidence=round(confidence, 3),
            subject_mention=TextSpan(ms.start_char, ms.end_char, ms.text),
            object_mention=TextSpan(mo.start_char, mo.end_char, mo.text),
        )

    def to_disk(self, path, *, exclude=tuple()) -> None:
        save_linear(path, self.cfg, self.weights, self.bias)

    def from_disk(self, path, *, exclude=tuple()) -> "RelationModel":
        self.cfg, self.weights, self.bias = load_linear(path, LABELS, "the relation model", ModelError)
        return self


def softmax_scores(weights: np.ndarray, bias: np.ndarray, indices: list[np.ndarray]) -> np.ndarray:
    """Class probabilities of each candidate: softmax of its features' summed weights."""
    if not indices:
        return np.zeros((0, len(bias)), dtype=np.float32)
    flat = np.concatenate(indices)
    starts = np.zeros(len(indices), dtype=np.int64)
    np.cumsum([len(i) for i in indices[:-1]], out=starts[1:])
    logits = np.add.reduceat(weights[flat], starts, axis=0) + bias
    logits -= logits.max(axis=1, keepdims=True)
    e = np.exp(logits)
    return e / e.sum(axis=1, keepdims=True)


def calibrate(calibration: dict, label: str, p: float) -> float:
    """Platt scaling of a class probability: sigmoid(a * logit(p) + b), per class or pooled."""
    a, b = calibration.get(label, calibration["*"])
    p = min(max(p, 1e-6), 1 - 1e-6)
    return float(1.0 / (1.0 + np.exp(-(a * np.log(p / (1 - p)) + b))))


def one_per_subject(relations: list[Relation], stated: set[tuple[str, str]]) -> list[Relation]:
    """The relations, with of each FUNCTIONAL property only the most confident of a subject,
    and none of a subject whose (subject, property) the rules state."""
    best: dict[tuple[str, str], Relation] = {}
    kept = []
    for r in relations:
        if r.prop not in FUNCTIONAL:
            kept.append(r)
        elif (r.subject, r.prop) not in stated:
            if (r.subject, r.prop) not in best or best[(r.subject, r.prop)].confidence < r.confidence:
                best[(r.subject, r.prop)] = r
    return kept + [r for r in relations if best.get((r.subject, r.prop)) is r]


def stated_countries(relations: list[Relation], names: dict[str, str], gazetteer: Gazetteer) -> dict[str, set[str]]:
    """Entity key -> the countries the rules put it in: by kg:country, or by kg:locatedIn a
    place the gazetteer knows."""
    result: dict[str, set[str]] = {}
    for r in relations:
        if r.literal or r.prop not in {"country", "locatedIn"}:
            continue
        place = gazetteer.lookup(names.get(r.object, ""))
        if place is not None:
            result.setdefault(r.subject, set()).add(place.country or place.name)
    return result


def chained(found: list[Relation], rules: list[Relation], stated: set[tuple[str, str]]) -> list[Relation]:
    """Containment one step further, as the rules' located-in-transitive does for theirs: the
    model's X locatedIn Y (or X headquarters Y) and Y locatedIn / country Z (the rules' or the
    model's, not a document-country guess) give X locatedIn / country Z, with the first
    step's evidence and the product of the two confidences; not for a pair the rules
    linked, nor a country where the rules state one."""
    steps: dict[str, list[Relation]] = {}
    for r in [*rules, *found]:
        if not r.literal and r.prop in {"locatedIn", "country"} and r.rule != "document-country":
            steps.setdefault(r.subject, []).append(r)
    linked = {frozenset((r.subject, r.object)) for r in [*rules, *found] if not r.literal}
    result: dict[tuple[str, str], Relation] = {}
    for r in found:
        if r.prop not in {"locatedIn", "headquarters"}:
            continue
        for step in steps.get(r.object, ()):
            if step.object == r.subject or frozenset((r.subject, step.object)) in linked or (
                    step.prop in FUNCTIONAL and (r.subject, step.prop) in stated):
                continue
            confidence = round(r.confidence * step.confidence, 3)
            key = (r.subject, step.object)
            if key not in result or result[key].confidence < confidence:
                result[key] = Relation(subject=r.subject, prop=step.prop, object=step.object, sentence=r.sentence,
                                       rule=r.rule, confidence=confidence, subject_mention=r.subject_mention,
                                       object_mention=step.object_mention)
    return one_per_subject(list(result.values()), stated)


def contradicts_gazetteer(c: Candidate, names: dict[str, str], gazetteer: Gazetteer,
                          countries: dict[str, set[str]] | None = None) -> bool:
    """Whether the gazetteer rules out "subject located in object": a country is in no
    place; a place it knows is only in its own region and country (when it knows the object
    too: the rules already state what it knows); an organization whose name holds a country
    ("Bank of Japan") is not in another country; nothing is in a place of another country
    than the ones the rules put it in (`stated_countries`)."""
    subject = c.subject
    target = gazetteer.lookup(names.get(c.object.key, c.object.mentions[0].text))
    stated = (countries or {}).get(subject.key)
    if stated and target is not None and (target.country or target.name) not in stated:
        return True
    if subject.kind == "place":
        if subject.cls == "Country":
            return True
        place = gazetteer.lookup(names.get(subject.key, subject.mentions[0].text))
        if place is None or place.cls == "Country":
            return place is not None
        return target is not None and target.name not in {place.country, place.region}
    if c.object.cls == "Country":
        for country in gazetteer.countries_in(subject.mentions[0].text):
            if entity_key("place", country) != c.object.key:
                return True
    return False


def named_countries(ents: DocEntities, names: dict[str, str], gazetteer: Gazetteer) -> dict[str, frozenset[str]]:
    """Entity key -> the keys of the countries its name holds, for the organizations of a
    document whose name holds one ("Canada Border Services Agency": Canada)."""
    result = {}
    for e in ents.entities:
        if e.kind == "organization":
            held = gazetteer.countries_in(names.get(e.key, e.mentions[0].text))
            if held:
                result[e.key] = frozenset(entity_key("place", c) for c in held)
    return result
