"""`kg train`: rebuild the relation model from the shared data, reproducibly.

Held-out discipline: training uses Re-DocRED dev documents 0-399, CoNLL04 train, KnowledgeNet
folds 1-2 and FewRel only. Calibration and the thresholds come from out-of-fold scores of
those same documents (FOLDS fits, each leaving one fold of documents out, split by a hash of
the document id), so that the final fit can use every training document. Re-DocRED
400-499, CoNLL04 dev and KnowledgeNet fold 3 are never read here.

The steps: parse each corpus (cached by text, spaCy pipeline and the paragraph-break
component), align the builder's own entities to the gold ones, featurize every candidate
pair with its gold class (`prepare`), fit, calibrate and choose thresholds (`fit_model`),
write the weights (`train`).
"""

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..components.entity_mapper import MENTIONS_KEY
from ..gazetteer import default_gazetteer
from ..linear import trained_with
from . import corpora
from .candidates import Candidate, candidates, doc_entities, model_mentions
from .component import (FUNCTIONAL, NAME, RelationModel, calibrate, contradicts_gazetteer, named_countries,
                        softmax_scores, stated_countries)
from .features import candidate_features, hash_features
from .labels import IGNORED, LABEL_MAP, LABELS, NONE, allowed, output_property, to_kg, training_label

SEED = 0
N_BITS = 18
VERSION = 8
WINDOW = 2  # sentences between the closest mentions of a candidate pair that share none
# (5 gained 0.01 F1 out of fold and lost tests/gold precision; any distance for a pair whose
# object is a country gained 0.01 on Re-DocRED and let a wrong citizenship into tests/gold)
# Classes the model may state between entities that share no sentence (the others need a
# sentence naming both). A thing's country across sentences reaches 0.6 precision out of fold
# with the document's countries as features (how many, which is named most and nearest, which
# one a name holds); a person's citizenship across sentences guesses wrong in news that names
# several countries (tests/gold: two Canadian ministers made American): left out.
CROSS_CLASSES: frozenset[str] = frozenset({"locatedIn", "country"})
# The precision a class's threshold keeps on the out-of-fold scores (model 7: 0.5 gained 0.004
# to 0.012 F1 on each training set over 0.55, which models 5 and 6 used; 0.6 lost 0.03), and the
# stricter one of a person's
# citizenship, which news seldom states outright ("X met Y in Tromso, Norway" is no
# citizenship), and of an organization's headquarters across sentences.
MIN_PRECISION = 0.5
STRICT: dict[str, float] = {"citizenOf": 0.9, "headquarters@cross": 0.85}
FOLDS = 3
# Corpora whose every fact of a modelled class is annotated: the model's predictions there
# can be judged right or wrong (FewRel gives one fact a sentence).
JUDGED = frozenset({"redocred", "conll04", "knowledgenet"})


def _fold(document: str, folds: int) -> int:
    return int(hashlib.sha1(document.encode()).hexdigest(), 16) % folds
KG_STEPS = ("kg_name_finder", "kg_entity_mapper", "kg_entity_linker", "kg_entity_typer", "kg_relation_extractor")


@dataclass(frozen=True, slots=True)
class Split:
    """A part of the training data: its name, its corpus and how to read it."""

    name: str
    corpus: str
    read: Callable[[Path], list[corpora.Example]]


TRAINING: tuple[Split, ...] = (
    Split("redocred-0-399", "redocred", lambda d: corpora.read_redocred(d / "redocred" / "dev_revised.json", 0, 400)),
    Split("conll04-train", "conll04", lambda d: corpora.read_conll04(d / "conll04" / "conll04_train.json")),
    Split("knowledgenet-1-2", "knowledgenet", lambda d: corpora.read_knowledgenet(
        [d / "knowledgenet" / "fold1.jsonl", d / "knowledgenet" / "fold2.jsonl"])),
    Split("fewrel", "fewrel", lambda d: corpora.read_fewrel(d / "fewrel" / "val_wiki_P361_P463.json")),
)


def parse_key(nlp: Language) -> str:
    """What the cached parses depend on: the spaCy pipeline (name, version, components) and
    the source of the one kg component that runs inside its parse (paragraph breaks); kg's
    other components run on the cached Docs, so changing them keeps the cache."""
    spacy_steps = [n for n in nlp.pipe_names if not n.startswith("kg_") or n == "kg_paragraph_breaks"]
    digest = hashlib.sha1(f"{nlp.meta.get('name')} {nlp.meta.get('version')} {spacy_steps}".encode())
    digest.update((Path(__file__).resolve().parent.parent / "components" / "paragraphs.py").read_bytes())
    return digest.hexdigest()[:12]


def parsed(nlp: Language, name: str, texts: list[str], cache: Path | None,
           steps: tuple[str, ...] | None = None) -> list[Doc]:
    """The texts through spaCy's own components (cached as a DocBin), then kg's entity
    components (the typer where the pipeline has it) and rule relation components (`steps`)."""
    key = hashlib.sha1((parse_key(nlp) + chr(0) + chr(0).join(texts)).encode()).hexdigest()[:12]
    path = cache / f"{name}-{key}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        kg = [n for n in nlp.pipe_names if n.startswith("kg_") and n != "kg_paragraph_breaks"]
        docs = list(nlp.pipe(texts, disable=kg, batch_size=64))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs, store_user_data=False).to_disk(path)
    if steps is None:
        steps = tuple(s for s in KG_STEPS if s in nlp.pipe_names)
    for doc in docs:
        for step in steps:
            doc = nlp.get_pipe(step)(doc)
    return docs


def built_entities(doc: Doc) -> list[corpora.BuiltEntity]:
    """The builder's entities of a processed Doc (with the countries the rules named by
    their adjective), with their mention spans."""
    return [corpora.BuiltEntity(e.key, e.name, tuple((m.start, m.end, m.text) for m in e.mentions))
            for e in doc._.kg_entities or []]


def gold_pairs(doc: Doc, example: corpora.Example) -> tuple[dict[tuple[str, str], set[str]], set[tuple[str, str]]]:
    """Builder entity pairs -> the kg properties gold gives them, and the pairs to leave out
    of training: a label kg does not model, or two entities inside one gold entity (a gold
    "Dunmore, Ohio" is kg's Dunmore and Ohio: their link is no negative)."""
    aligned = corpora.align(built_entities(doc), example)
    by_gold: dict[int, list[str]] = {}
    for key, hits in aligned.items():
        for i in hits:
            by_gold.setdefault(i, []).append(key)
    props: dict[tuple[str, str], set[str]] = {}
    skip = {(s, o) for keys in by_gold.values() for s in keys for o in keys if s != o}
    ignored = IGNORED.get(example.corpus, frozenset())
    for h, t, label in example.relations:
        mapping = to_kg(example.corpus, label)
        for s in by_gold.get(h, ()):
            for o in by_gold.get(t, ()):
                if s == o:
                    continue
                if mapping is None:
                    if label in ignored or example.corpus == "redocred":
                        skip.add((s, o))
                        skip.add((o, s))
                    continue
                pair = (o, s) if mapping.reverse else (s, o)
                props.setdefault(pair, set()).add(mapping.prop)
    return props, skip


def label_of(candidate: Candidate, props: set[str]) -> str:
    """The training class of a candidate: its gold property kg's ontology allows, else NONE."""
    kept = {p for p in props if allowed(p, candidate.subject.kind, candidate.object.kind, candidate.object.cls)}
    return training_label(kept)


@dataclass
class Rows:
    """Featurized candidates (hashed indices, classes, ends) and, per document, the gold and
    rule facts as (document, subject key, object key, class)."""

    indices: list[np.ndarray] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (document, subject, object)
    ends: list[tuple[str, str, str]] = field(default_factory=list)  # subject kind, object kind, object class
    cross: list[bool] = field(default_factory=list)  # the entities share no sentence
    veto: list[bool] = field(default_factory=list)  # the gazetteer rules out locatedIn
    gold: set[tuple[str, str, str, str]] = field(default_factory=set)
    gold_all: set[tuple[str, str, str, str]] = field(default_factory=set)  # every allowed gold property
    rules: set[tuple[str, str, str, str]] = field(default_factory=set)
    stated: set[tuple[str, str, str]] = field(default_factory=set)  # (document, subject, property) of the rules
    steps: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)  # document -> the rules' containment
    linked: set[tuple[str, frozenset]] = field(default_factory=set)

    def extend(self, other: "Rows") -> None:
        for name in ("indices", "labels", "pairs", "ends", "cross", "veto"):
            getattr(self, name).extend(getattr(other, name))
        for name in ("gold", "gold_all", "rules", "stated", "linked", "steps"):
            getattr(self, name).update(getattr(other, name))


def featurize(docs: list[Doc], examples: list[corpora.Example], name: str, *,
              n_bits: int = N_BITS, window: int = WINDOW, progress: Callable[[], None] | None = None) -> Rows:
    """Candidates of each document with their classes and hashed features, and the gold and
    rule facts of each document."""
    rows = Rows()
    gazetteer = default_gazetteer()
    for doc, example in zip(docs, examples):
        doc_id = f"{name}/{example.id}"
        props, skip = gold_pairs(doc, example)
        ents = doc_entities(doc, model_mentions(doc, MENTIONS_KEY))
        names = {e.key: e.name for e in doc._.kg_entities or []}
        ents.named_countries = named_countries(ents, names, gazetteer)
        countries = stated_countries(doc._.kg_relations or [], names, gazetteer)
        kinds = {e.key: (e.key.split("/", 1)[0], e.cls) for e in doc._.kg_entities or []}
        for (s, o), ps in props.items():
            if s in kinds and o in kinds:
                kept = {p for p in ps if allowed(p, kinds[s][0], kinds[o][0], kinds[o][1])}
                rows.gold_all.update((doc_id, s, o, p) for p in kept)
                label = training_label(kept)
                if label != NONE:
                    rows.gold.add((doc_id, s, o, label))
        for r in doc._.kg_relations or []:
            if r.literal:
                continue
            rows.linked.add((doc_id, frozenset((r.subject, r.object))))
            rows.stated.add((doc_id, r.subject, r.prop))
            if r.prop in {"locatedIn", "country"} and r.rule != "document-country":
                rows.steps.setdefault(doc_id, []).append((r.subject, r.object, r.prop))
            prop = "locatedIn" if r.prop == "country" else r.prop
            if prop in LABELS:
                rows.rules.add((doc_id, r.subject, r.object, prop))
        for c in candidates(ents, window=window):
            pair = (c.subject.key, c.object.key)
            label = label_of(c, props.get(pair, set()))
            if label == NONE and pair in skip:
                continue
            rows.indices.append(hash_features(candidate_features(c, ents), n_bits))
            rows.labels.append(LABELS.index(label))
            rows.pairs.append((doc_id, *pair))
            rows.ends.append((c.subject.kind, c.object.kind, c.object.cls))
            rows.cross.append(c.distance > 0)
            rows.veto.append(contradicts_gazetteer(c, names, gazetteer, countries))
        if progress is not None:
            progress()
    return rows

def matrix(indices: list[np.ndarray], n_bits: int = N_BITS):
    """Hashed feature indices as a binary sparse matrix (scipy CSR)."""
    from scipy.sparse import csr_matrix

    indptr = np.zeros(len(indices) + 1, dtype=np.int64)
    np.cumsum([len(i) for i in indices], out=indptr[1:])
    cols = np.concatenate(indices) if indices else np.zeros(0, dtype=np.int64)
    m = csr_matrix((np.ones(len(cols), dtype=np.float32), cols, indptr), shape=(len(indices), 1 << n_bits))
    m.sum_duplicates()
    m.data[:] = 1.0
    return m


def fit(x, y: np.ndarray, *, c: float = 1.0, class_weight: str | None = None, seed: int = SEED,
        max_iter: int = 300, n_classes: int = len(LABELS)) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression (scikit-learn, L-BFGS; deterministic for the same
    data). RETURNS (weights (features x classes), bias (classes)) as float32 arrays, with a
    zero column for any class the data lacks."""
    from sklearn.linear_model import LogisticRegression

    weights = None
    if class_weight is not None:
        counts = np.bincount(y, minlength=n_classes).astype(float)
        present = counts > 0
        w = np.ones(n_classes)
        w[present] = counts[present].sum() / (present.sum() * counts[present])
        if class_weight == "sqrt":
            w = np.sqrt(w)
        w = w / w[0]
        weights = {k: float(w[k]) for k in range(n_classes) if present[k]}
    model = LogisticRegression(C=c, max_iter=max_iter, class_weight=weights, random_state=seed, tol=1e-4)
    model.fit(x, y)
    coef = np.zeros((x.shape[1], n_classes), dtype=np.float32)
    bias = np.full(n_classes, -30.0, dtype=np.float32)
    if len(model.classes_) == 2:  # one weight vector: the second class against the first
        first, second = model.classes_
        bias[first] = 0.0
        coef[:, second], bias[second] = model.coef_[0], model.intercept_[0]
    else:
        for column, k in enumerate(model.classes_):
            coef[:, k] = model.coef_[column]
            bias[k] = model.intercept_[column]
    return coef, bias



def fit_with_folds(indices: list[np.ndarray], y: np.ndarray, fold: np.ndarray, *, folds: int, n_bits: int,
                   tick: Callable[[], None] | None = None, n_classes: int = len(LABELS),
                   **options) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Out-of-fold probabilities (`folds` fits, each leaving out the rows of one fold and
    scoring them), then the fit on every row. `options` go to `fit`; `tick` is called after
    each fit. RETURNS (probabilities, weights, bias)."""
    probs = np.zeros((len(y), n_classes), dtype=np.float32)
    for f in range(folds):
        held = np.where(fold == f)[0]
        w, b = fit(matrix([indices[i] for i in np.where(fold != f)[0]], n_bits), y[fold != f],
                   n_classes=n_classes, **options)
        probs[held] = softmax_scores(w, b, [indices[i] for i in held])
        if tick:
            tick()
    weights, bias = fit(matrix(indices, n_bits), y, n_classes=n_classes, **options)
    if tick:
        tick()
    return probs, weights, bias


def best_allowed(p: np.ndarray, ends: tuple[str, str, str]) -> tuple[int, float]:
    """The most probable class kg's ontology allows for the pair (0 if none), and its probability."""
    for j in np.argsort(-p):
        if j != 0 and allowed(LABELS[j], *ends):
            return int(j), float(p[j])
    return 0, 0.0


def fit_calibration(pred: np.ndarray, prob: np.ndarray, correct: np.ndarray, *, min_count: int = 20) -> dict:
    """Platt scaling per predicted class (pooled "*" for classes with few examples):
    RETURNS {class: (a, b)} with confidence = sigmoid(a * logit(p) + b)."""
    from sklearn.linear_model import LogisticRegression

    def platt(p: np.ndarray, y: np.ndarray) -> tuple[float, float]:
        if len(set(y.tolist())) < 2:
            return 1.0, 0.0
        x = np.log(np.clip(p, 1e-6, 1 - 1e-6) / (1 - np.clip(p, 1e-6, 1 - 1e-6)))
        m = LogisticRegression(C=100.0).fit(x[:, None], y)
        return float(m.coef_[0, 0]), float(m.intercept_[0])

    keep = pred > 0
    result = {"*": platt(prob[keep], correct[keep])}
    for k in range(1, len(LABELS)):
        mask = pred == k
        if correct[mask].sum() >= min_count and (~correct[mask]).sum() >= min_count:
            result[LABELS[k]] = platt(prob[mask], correct[mask])
    return result


def combined_score(rows: Rows, predicted: set[tuple[str, str, str, str]], docs: set[str],
                   classes: frozenset[str] | None = None) -> tuple[float, float, float]:
    """Precision, recall and F1 of the rules plus the model's predictions on pairs the rules
    did not link, over the given documents' aligned gold facts of the given classes."""
    def keep(fact: tuple[str, str, str, str]) -> bool:
        return fact[0] in docs and (classes is None or fact[3] in classes)

    gold = {g for g in rows.gold if keep(g)}
    rules = {r for r in rows.rules if keep(r)}
    model = {m for m in predicted if keep(m) and (m[0], frozenset(m[1:3])) not in rows.linked}
    found = rules | model
    tp = len(found & gold)
    p = tp / len(found) if found else 0.0
    r = tp / len(gold) if gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def annotated(corpus: str) -> frozenset[str]:
    """The classes a corpus annotates (its other classes' predictions can't be judged)."""
    return frozenset(m.prop for m in LABEL_MAP[corpus].values())


def class_key(label: str, object_class: str, cross: bool) -> str:
    """The key of a class's threshold: the property it writes ("country" for locatedIn in a
    Country), "@cross" added for entities that share no sentence ("citizenOf@cross")."""
    return output_property(label, object_class) + ("@cross" if cross else "")


THRESHOLD_KEYS = tuple(class_key(label, cls, cross) for label in LABELS[1:]
                       for cls in (("Country", "") if label == "locatedIn" else ("",)) for cross in (False, True))


def model_facts(rows: Rows, idx: np.ndarray, pred: np.ndarray, conf: np.ndarray) -> list[tuple[str, float, tuple]]:
    """What the component would add for the scored rows at threshold 0: (threshold key,
    confidence, (document, subject, object, class)) on pairs the rules left unlinked, not
    vetoed by the gazetteer, one value per subject of a FUNCTIONAL property not stated by
    the rules."""
    facts = []
    best: dict[tuple[str, str, str], int] = {}
    for n, i in enumerate(idx):
        k = int(pred[n])
        if k == 0:
            continue
        label = LABELS[k]
        doc, s, o = rows.pairs[i]
        prop = output_property(label, rows.ends[i][2])
        if (doc, frozenset((s, o))) in rows.linked or (label == "locatedIn" and rows.veto[i]):
            continue
        if prop in FUNCTIONAL:
            if (doc, s, prop) in rows.stated:
                continue
            if (doc, s, prop) in best:
                if facts[best[(doc, s, prop)]][1] >= conf[n]:
                    continue
                facts[best[(doc, s, prop)]] = None
            best[(doc, s, prop)] = len(facts)
        facts.append((class_key(label, rows.ends[i][2], rows.cross[i]), float(conf[n]), (doc, s, o, label)))
    return [f for f in facts if f is not None]


def choose_thresholds(rows: Rows, scored: np.ndarray, pred: np.ndarray, conf: np.ndarray,
                      corpus_of: dict[str, str], *, min_precision: float = 0.75,
                      strict: dict[str, float] | None = None, min_count: int = 5,
                      grid: tuple[float, ...] = tuple(np.round(np.arange(0.3, 0.951, 0.05), 2))) -> tuple[dict, dict]:
    """Each class's threshold (same sentence and across sentences apart): the lowest of the
    grid at which the model's out-of-fold predictions of the class, on pairs the rules left
    unlinked and judged only in the corpora that annotate the class, are at least
    min_precision right (the key's own in `strict`, else its property's), with min_count of
    them or more; a class with no such threshold is off (1.0). RETURNS ({key: threshold}, {key: [judged, right at the threshold, precision]})."""
    judged: dict[str, list[tuple[float, bool]]] = {}
    for key, confidence, (doc, s, o, label) in model_facts(rows, scored, pred, conf):
        if label in annotated(corpus_of[doc.split("/", 1)[0]]):
            judged.setdefault(key, []).append((confidence, (doc, s, o, label) in rows.gold_all))
    thresholds, table = {}, {}
    for key in sorted(THRESHOLD_KEYS):
        points = judged.get(key, [])
        thresholds[key], table[key] = 1.0, [len(points), 0, 0.0]
        for t in grid:
            kept = [right for c, right in points if c >= t]
            floor = (strict or {}).get(key, (strict or {}).get(key.removesuffix("@cross"), min_precision))
            if len(kept) >= min_count and sum(kept) / len(kept) >= floor:
                thresholds[key] = float(t)
                table[key] = [len(points), int(sum(kept)), round(sum(kept) / len(kept), 3)]
                break
    return thresholds, table


def combined_scores(rows: Rows, scored: np.ndarray, pred: np.ndarray, conf: np.ndarray, thresholds: dict,
                    corpus_of: dict[str, str], *, chain: bool = False) -> dict:
    """Precision, recall and F1 of the rules alone and of rules + model at these thresholds,
    per corpus, on the out-of-fold scores (with the model's containment chained one step
    through the rules' when `chain`, as `component.chained` does)."""
    predicted = {fact for key, confidence, fact in model_facts(rows, scored, pred, conf)
                 if confidence >= thresholds[key]}
    if chain:
        predicted |= chained_facts(rows, predicted)
    result = {}
    for split, corpus in corpus_of.items():
        docs = {pair[0] for pair in rows.pairs if pair[0].startswith(split + "/")}
        if docs and corpus in JUDGED:
            result[split] = {view: [round(x, 3) for x in combined_score(rows, p, docs, annotated(corpus))]
                             for view, p in (("rules", set()), ("combined", predicted))}
    return result


def chained_facts(rows: Rows, predicted: set[tuple[str, str, str, str]]) -> set[tuple[str, str, str, str]]:
    """`component.chained` on facts: (document, subject, object, class)."""
    found = set()
    for doc, s, o, label in predicted:
        if label not in {"locatedIn", "headquarters"}:
            continue
        for subject, z, prop in rows.steps.get(doc, ()):
            if subject == o and z != s and (doc, frozenset((s, z))) not in rows.linked and not (
                    prop == "country" and (doc, s, "country") in rows.stated):
                found.add((doc, s, z, "locatedIn"))
    return found


def prepare(data: Path, *, cache: Path | None = None, nlp: Language | None = None,
            splits: tuple[Split, ...] = TRAINING, window: int = WINDOW, n_bits: int = N_BITS,
            progress: Callable[[str, int], Callable[[], None]] | None = None) -> tuple[Rows, dict]:
    """Parse and featurize the training splits. RETURNS the rows and counts per split."""
    from ..nlp import load_pipeline

    nlp = nlp or load_pipeline()
    rows = Rows()
    sources = {}
    for split in splits:
        examples = split.read(data)
        tick = progress(f"parsing {split.name}", 1) if progress else None
        docs = parsed(nlp, split.name, [e.text for e in examples], cache)
        if tick:
            tick()
        tick = progress(f"features {split.name}", len(docs)) if progress else None
        part = featurize(docs, examples, split.name, n_bits=n_bits, window=window, progress=tick)
        sources[split.name] = {"documents": len(examples),
                               "candidates": len(part.labels), "positives": int(sum(l > 0 for l in part.labels))}
        rows.extend(part)
    return rows, sources


def train(data: Path, out: Path, *, cache: Path | None = None, nlp: Language | None = None,
          splits: tuple[Split, ...] = TRAINING, window: int = WINDOW, n_bits: int = N_BITS,
          progress: Callable[[str, int], Callable[[], None]] | None = None, **options) -> dict:
    """Rebuild the relation model from the data folder (../shared/data) into `out`.

    progress(description, total) returns a function to call after each step; options go to
    `fit_model`. RETURNS (dict): the model's cfg, with the out-of-fold measures.
    """
    start = time.perf_counter()
    rows, sources = prepare(data, cache=cache, nlp=nlp, splits=splits, window=window, n_bits=n_bits,
                            progress=progress)
    model = fit_model(rows, {s.name: s.corpus for s in splits}, window=window, n_bits=n_bits,
                      progress=progress, **options)
    model.cfg["training"]["data"] = sources
    model.cfg["training"]["seconds"] = round(time.perf_counter() - start, 1)
    model.cfg["training"]["versions"] = trained_with()
    model.to_disk(out)
    return model.cfg


def fit_model(rows: Rows, corpus_of: dict[str, str], *, c: float = 0.3, class_weight: str | None = None,
              window: int = WINDOW, n_bits: int = N_BITS, version: int = VERSION, min_precision: float = MIN_PRECISION,
              strict: dict[str, float] | None = STRICT, cross_classes: frozenset[str] = CROSS_CLASSES,
              folds: int = FOLDS, chain: bool = True,
              progress: Callable[[str, int], Callable[[], None]] | None = None):
    """Fit the classifier on every row; calibrate it and choose each class's threshold on
    out-of-fold scores (`folds` fits, each on the documents outside one fold, scoring that
    fold), judged in the corpora whose annotation is exhaustive (JUDGED). RETURNS
    (RelationModel)."""
    y = np.array(rows.labels)
    fold = np.array([_fold(pair[0], folds) for pair in rows.pairs])
    tick = progress("fitting", folds + 1) if progress else None
    probs, weights, bias = fit_with_folds(rows.indices, y, fold, folds=folds, n_bits=n_bits, tick=tick, c=c,
                                          class_weight=class_weight)  # out-of-fold: calibration, thresholds
    scored = np.array([i for i, pair in enumerate(rows.pairs) if corpus_of[pair[0].split("/", 1)[0]] in JUDGED])
    decided = [best_allowed(probs[i], rows.ends[i]) for i in scored]
    pred = np.array([k for k, _ in decided])
    prob = np.array([p for _, p in decided])
    correct = pred == y[scored]
    calibration = fit_calibration(pred, prob, correct)
    conf = np.array([calibrate(calibration, LABELS[k], p) if k else 0.0 for k, p in zip(pred, prob)])
    thresholds, table = choose_thresholds(rows, scored, pred, conf, corpus_of, min_precision=min_precision,
                                          strict=strict)
    for key in thresholds:
        if key.endswith("@cross") and key.removesuffix("@cross") not in cross_classes:
            thresholds[key] = 1.0
    reliability = []
    for lo in np.arange(0.0, 1.0, 0.1):
        mask = (pred > 0) & (conf >= lo) & (conf < lo + 0.1)
        if mask.any():
            reliability.append((round(float(lo), 1), int(mask.sum()), round(float(correct[mask].mean()), 3),
                                round(float(conf[mask].mean()), 3)))
    combined = combined_scores(rows, scored, pred, conf, thresholds, corpus_of, chain=chain)
    cfg = {
        "name": NAME, "version": version, "labels": list(LABELS), "n_bits": n_bits, "window": window,
        "threshold": 1.0, "thresholds": thresholds, "calibration": calibration, "chain": chain,
        "training": {"seed": SEED, "C": c, "class_weight": class_weight, "solver": "lbfgs multinomial",
                     "min_precision": min_precision, "strict": strict or {}, "cross_classes": sorted(cross_classes),
                     "calibration": f"out-of-fold scores, {folds} folds by sha1(document) (FewRel not judged)"},
        "out_of_fold": {"classes (judged, right at the threshold, precision)": table,
                   "P, R, F1 of rules and rules + model": combined,
                   "reliability (bin, n, accuracy, mean confidence)": reliability},
    }
    model = RelationModel()
    model.cfg, model.weights, model.bias = cfg, weights, bias
    return model
