"""`kg train`: rebuild the relation model from the shared data, reproducibly.

Held-out discipline: training uses Re-DocRED dev documents 0-399, CoNLL04 train, KnowledgeNet
folds 1-2 and FewRel only. The calibration and threshold split is carved from them
(CARVED): Re-DocRED 350-399, the last fifth of CoNLL04 train, a third of fold 2's documents.
Re-DocRED 400-499, CoNLL04 dev and KnowledgeNet fold 3 are never read here.
"""

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc, DocBin

from ..components.entity_mapper import MENTIONS_KEY
from . import corpora
from .candidates import Candidate, candidates, doc_entities
from .features import candidate_features, hash_features
from .labels import IGNORED, LABEL_MAP, LABELS, NONE, allowed, to_kg, training_label

SEED = 0
N_BITS = 18
KG_STEPS = ("kg_entity_mapper", "kg_entity_linker", "kg_relation_extractor")


@dataclass(frozen=True, slots=True)
class Split:
    """Where each part of the data goes: train (fit), carved (calibrate, threshold)."""

    name: str
    corpus: str
    read: Callable[[Path], list[corpora.Example]]
    carved: Callable[[corpora.Example, int], bool]  # (example, its position) -> in the carved split


def _kn_carved(example: corpora.Example, _: int) -> bool:
    fold, document, _ = example.id.split("/", 2)
    return fold == "2" and int(hashlib.sha1(document.encode()).hexdigest(), 16) % 3 == 0


TRAINING: tuple[Split, ...] = (
    Split("redocred-0-399", "redocred", lambda d: corpora.read_redocred(d / "redocred" / "dev_revised.json", 0, 400),
          lambda e, i: int(e.id) >= 350),
    Split("conll04-train", "conll04", lambda d: corpora.read_conll04(d / "conll04" / "conll04_train.json"),
          lambda e, i: i >= 738),
    Split("knowledgenet-1-2", "knowledgenet", lambda d: corpora.read_knowledgenet(
        [d / "knowledgenet" / "fold1.jsonl", d / "knowledgenet" / "fold2.jsonl"]), _kn_carved),
    Split("fewrel", "fewrel", lambda d: corpora.read_fewrel(d / "fewrel" / "val_wiki_P361_P463.json"), lambda e, i: False),
)


def parsed(nlp: Language, name: str, texts: list[str], cache: Path | None) -> list[Doc]:
    """The texts through spaCy's own components (cached as a DocBin), then kg's entity and
    rule relation components."""
    path = cache / f"{name}-{hashlib.sha1(chr(0).join(texts).encode()).hexdigest()[:12]}.spacy" if cache else None
    if path is not None and path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        kg = [n for n in nlp.pipe_names if n.startswith("kg_") and n != "kg_paragraph_breaks"]
        docs = list(nlp.pipe(texts, disable=kg, batch_size=64))
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            DocBin(docs=docs, store_user_data=False).to_disk(path)
    for doc in docs:
        for step in KG_STEPS:
            doc = nlp.get_pipe(step)(doc)
    return docs


def built_entities(doc: Doc) -> list[corpora.BuiltEntity]:
    """The builder's entities of a processed Doc (with the countries the rules named by
    their adjective), with their mention spans."""
    return [corpora.BuiltEntity(e.key, e.name, tuple((m.start, m.end, m.text) for m in e.mentions))
            for e in doc._.kg_entities or []]


def gold_pairs(doc: Doc, example: corpora.Example) -> tuple[dict[tuple[str, str], set[str]], set[tuple[str, str]]]:
    """Builder entity pairs -> the kg properties gold gives them, and the pairs to leave out
    of training (a label kg does not model)."""
    aligned = corpora.align(built_entities(doc), example)
    by_gold: dict[int, list[str]] = {}
    for key, hits in aligned.items():
        for i in hits:
            by_gold.setdefault(i, []).append(key)
    props: dict[tuple[str, str], set[str]] = {}
    skip: set[tuple[str, str]] = set()
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
    carved: list[bool] = field(default_factory=list)
    pairs: list[tuple[str, str, str]] = field(default_factory=list)  # (document, subject, object)
    ends: list[tuple[str, str, str]] = field(default_factory=list)  # subject kind, object kind, object class
    gold: set[tuple[str, str, str, str]] = field(default_factory=set)
    rules: set[tuple[str, str, str, str]] = field(default_factory=set)
    linked: set[tuple[str, frozenset]] = field(default_factory=set)
    carved_docs: set[str] = field(default_factory=set)

    def extend(self, other: "Rows") -> None:
        for name in ("indices", "labels", "carved", "pairs", "ends"):
            getattr(self, name).extend(getattr(other, name))
        for name in ("gold", "rules", "linked", "carved_docs"):
            getattr(self, name).update(getattr(other, name))


def featurize(docs: list[Doc], examples: list[corpora.Example], carved: list[bool], name: str, *,
              n_bits: int = N_BITS, window: int = 2, progress: Callable[[], None] | None = None) -> Rows:
    """Candidates of each document with their classes and hashed features, and the gold and
    rule facts of each document."""
    rows = Rows()
    for doc, example, is_carved in zip(docs, examples, carved):
        doc_id = f"{name}/{example.id}"
        props, skip = gold_pairs(doc, example)
        ents = doc_entities(doc, list(doc.spans[MENTIONS_KEY]))
        kinds = {e.key: (e.key.split("/", 1)[0], e.cls) for e in doc._.kg_entities or []}
        for (s, o), ps in props.items():
            if s in kinds and o in kinds:
                label = training_label({p for p in ps if allowed(p, kinds[s][0], kinds[o][0], kinds[o][1])})
                if label != NONE:
                    rows.gold.add((doc_id, s, o, label))
        for r in doc._.kg_relations or []:
            if r.literal:
                continue
            rows.linked.add((doc_id, frozenset((r.subject, r.object))))
            prop = "locatedIn" if r.prop == "country" else r.prop
            if prop in LABELS:
                rows.rules.add((doc_id, r.subject, r.object, prop))
        if is_carved:
            rows.carved_docs.add(doc_id)
        for c in candidates(ents, window=window):
            pair = (c.subject.key, c.object.key)
            label = label_of(c, props.get(pair, set()))
            if label == NONE and pair in skip:
                continue
            rows.indices.append(hash_features(candidate_features(c, ents), n_bits))
            rows.labels.append(LABELS.index(label))
            rows.carved.append(is_carved)
            rows.pairs.append((doc_id, *pair))
            rows.ends.append((c.subject.kind, c.object.kind, c.object.cls))
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
        max_iter: int = 300) -> tuple[np.ndarray, np.ndarray]:
    """Multinomial logistic regression (scikit-learn, L-BFGS; deterministic for the same
    data). RETURNS (weights (features x classes), bias (classes)) as float32 arrays, with a
    zero column for any class the data lacks."""
    from sklearn.linear_model import LogisticRegression

    weights = None
    if class_weight is not None:
        counts = np.bincount(y, minlength=len(LABELS)).astype(float)
        present = counts > 0
        w = np.ones(len(LABELS))
        w[present] = counts[present].sum() / (present.sum() * counts[present])
        if class_weight == "sqrt":
            w = np.sqrt(w)
        w = w / w[0]
        weights = {k: float(w[k]) for k in range(len(LABELS)) if present[k]}
    model = LogisticRegression(C=c, max_iter=max_iter, class_weight=weights, random_state=seed, tol=1e-4)
    model.fit(x, y)
    coef = np.zeros((x.shape[1], len(LABELS)), dtype=np.float32)
    bias = np.full(len(LABELS), -30.0, dtype=np.float32)
    for column, k in enumerate(model.classes_):
        coef[:, k] = model.coef_[column]
        bias[k] = model.intercept_[column]
    return coef, bias



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


def choose_threshold(rows: Rows, carved: np.ndarray, pred: np.ndarray, conf: np.ndarray,
                     corpora_of: dict[str, str], *, min_precision: float = 0.6) -> tuple[float, list[list[float]]]:
    """The threshold on calibrated confidence with the best mean combined F1 over the carved
    parts of the corpora (each scored on the classes it annotates), among those that keep
    the first corpus's (Re-DocRED's) combined precision at min_precision or more.
    RETURNS it and the curve (t, then P, R, F1 per corpus)."""
    rows_idx = np.where(carved)[0]
    curve = []
    for t in np.round(np.arange(0.2, 0.951, 0.05), 2):
        predicted = {(*rows.pairs[i], LABELS[pred[n]]) for n, i in enumerate(rows_idx) if pred[n] > 0 and conf[n] >= t}
        point = [float(t)]
        for split, corpus in corpora_of.items():
            docs = {d for d in rows.carved_docs if d.startswith(split + "/")}
            if docs:
                point += combined_score(rows, predicted, docs, annotated(corpus))
        curve.append(point)
    ok = [c for c in curve if c[1] >= min_precision] or curve  # the first corpus is Re-DocRED
    return max(ok, key=lambda c: (np.mean(c[3::3]), c[0]))[0], curve


def train(data: Path, out: Path, *, cache: Path | None = None, nlp: Language | None = None,
          splits: tuple[Split, ...] = TRAINING, c: float = 0.3, class_weight: str | None = None,
          window: int = 2, n_bits: int = N_BITS, version: int = 1,
          progress: Callable[[str, int], Callable[[], None]] | None = None) -> dict:
    """Rebuild the relation model from the data folder (../shared/data) into `out`.

    progress(description, total) returns a function to call after each step.
    RETURNS (dict): the model's cfg, with the carved-split measures.
    """
    from ..nlp import load_pipeline
    from .component import RelationModel, calibrate, softmax_scores

    start = time.perf_counter()
    nlp = nlp or load_pipeline()
    rows = Rows()
    sources = {}
    for split in splits:
        examples = split.read(data)
        tick = progress(f"parsing {split.name}", 1) if progress else None
        docs = parsed(nlp, split.name, [e.text for e in examples], cache)
        if tick:
            tick()
        carved = [split.carved(e, i) for i, e in enumerate(examples)]
        tick = progress(f"features {split.name}", len(docs)) if progress else None
        part = featurize(docs, examples, carved, split.name, n_bits=n_bits, window=window, progress=tick)
        sources[split.name] = {"documents": len(examples), "carved documents": sum(carved),
                               "candidates": len(part.labels), "positives": int(sum(l > 0 for l in part.labels))}
        rows.extend(part)
    y = np.array(rows.labels)
    carved = np.array(rows.carved)
    tick = progress("fitting", 1) if progress else None
    train_idx = np.where(~carved)[0]
    weights, bias = fit(matrix([rows.indices[i] for i in train_idx], n_bits), y[train_idx], c=c,
                        class_weight=class_weight)
    if tick:
        tick()
    carved_idx = np.where(carved)[0]
    probs = softmax_scores(weights, bias, [rows.indices[i] for i in carved_idx])
    decided = [best_allowed(p, rows.ends[i]) for p, i in zip(probs, carved_idx)]
    pred = np.array([k for k, _ in decided])
    prob = np.array([p for _, p in decided])
    correct = pred == y[carved_idx]
    calibration = fit_calibration(pred, prob, correct)
    conf = np.array([calibrate(calibration, LABELS[k], p) if k else 0.0 for k, p in zip(pred, prob)])
    threshold, curve = choose_threshold(rows, carved, pred, conf, {s.name: s.corpus for s in splits})
    reliability = []
    for lo in np.arange(0.0, 1.0, 0.1):
        mask = (pred > 0) & (conf >= lo) & (conf < lo + 0.1)
        if mask.any():
            reliability.append((round(float(lo), 1), int(mask.sum()), round(float(correct[mask].mean()), 3),
                                round(float(conf[mask].mean()), 3)))
    cfg = {
        "name": "kg-relation-model", "version": version, "labels": list(LABELS), "n_bits": n_bits,
        "window": window, "threshold": threshold, "calibration": calibration,
        "training": {"seed": SEED, "C": c, "class_weight": class_weight, "solver": "lbfgs multinomial",
                     "data": sources, "carved": "Re-DocRED 350-399, CoNLL04 train 738-921, a third of "
                     "KnowledgeNet fold 2's documents (sha1(document) % 3 == 0)",
                     "seconds": round(time.perf_counter() - start, 1)},
        "carved": {"threshold_curve (t, then P, R, F1 of rules + model per corpus)": [[round(x, 3) for x in c] for c in curve],
                   "reliability (bin, n, accuracy, mean confidence)": reliability},
    }
    model = RelationModel()
    model.cfg, model.weights, model.bias = cfg, weights, bias
    model.to_disk(out)
    return cfg
