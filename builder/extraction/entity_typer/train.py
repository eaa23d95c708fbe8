"""Training the entity typer (part of `kg train`), reproducibly.

Data: the builder's own person, organization and place entities on Re-DocRED dev documents
0-399 and CoNLL04 train, each aligned to a gold entity (by name, by span) and labelled with
its gold type (PER / Peop -> person, ORG / Org -> organization, LOC / Loc -> place, MISC, TIME,
NUM, Other -> other); entities that align to no gold entity are left out (they are fragments
or names the annotators skipped, not evidence either way). The held-out sets are never read.

The thresholds come from out-of-fold scores (FOLDS fits by a hash of the document): for each
kind, the lowest probability at which overruling the votes fixes at least MIN_GAIN times as
many entities as it breaks; "other" (dropping an entity) needs DROP_PRECISION.
"""

import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from spacy.language import Language
from spacy.tokens import Doc

from ..linear import trained_with
from ..relation_model import corpora
from ..relation_model.features import hash_features
from ..relation_model.train import SEED, TRAINING, Split, _fold, built_entities, fit_with_folds, parsed
from .component import LABELS, NAME, TYPED, EntityTyper, by_entity, overruled, stated_kind

VERSION = 7
N_BITS = 16
FOLDS = 3
C = 1.0
MIN_GAIN = 2.0  # an overruling must fix twice as many entities as it breaks
DROP_PRECISION = 0.8
GOLD_KINDS = {"PER": "person", "Peop": "person", "ORG": "organization", "Org": "organization",
              "LOC": "place", "Loc": "place", "MISC": "other", "TIME": "other", "NUM": "other", "Other": "other"}
SPLITS = tuple(s for s in TRAINING if s.corpus in {"redocred", "conll04"})
STEPS = ("kg_name_finder", "kg_entity_mapper", "kg_entity_linker")


def rows_of(docs: list[Doc], examples: list[corpora.Example], name: str,
            typer: EntityTyper) -> tuple[list[np.ndarray], list[int], list[str], list[str]]:
    """Hashed features, gold label, the votes' kind and the document of each aligned entity
    (marked "!", "place!", where the name states it: the typer leaves those alone)."""
    indices, labels, kinds, documents = [], [], [], []
    for doc, example in zip(docs, examples):
        aligned = corpora.align(built_entities(doc), example)
        spans = by_entity(doc.spans[typer.spans_key])
        for entity in doc._.kg_entities or []:
            kind = entity.key.split("/", 1)[0]
            hits = aligned.get(entity.key)
            if kind not in TYPED or not hits or entity.key not in spans:
                continue
            gold = Counter(GOLD_KINDS.get(example.entities[i].type) for i in hits).most_common(1)[0][0]
            if gold is None:
                continue
            votes = typer.votes(spans[entity.key])
            feats = typer.features(entity, spans[entity.key], votes)
            indices.append(hash_features(feats, typer.cfg["n_bits"]))
            labels.append(LABELS.index(gold))
            kinds.append(kind + "!" if stated_kind(entity, spans[entity.key]) else kind)
            documents.append(f"{name}/{example.id}")
    return indices, labels, kinds, documents


def choose_thresholds(probs: np.ndarray, y: np.ndarray, kinds: list[str]) -> tuple[dict[str, float], dict]:
    """Per label, the lowest probability at which overruling the votes pays (MIN_GAIN, or
    DROP_PRECISION for "other"), from out-of-fold scores; 1.0 (never) where none does."""
    best = probs.argmax(axis=1)
    top = probs.max(axis=1)
    votes = np.array([LABELS.index(k.rstrip("!")) for k in kinds])
    free = np.array([not k.endswith("!") for k in kinds])
    thresholds, table = {}, {}
    for k, label in enumerate(LABELS):
        overrule = (best == k) & (votes != k) & free
        chosen = 1.0
        for t in np.arange(0.5, 1.0, 0.025):
            mask = overrule & (top >= t)
            fixed = int((y[mask] == k).sum())
            broken = int((y[mask] == votes[mask]).sum())
            ok = fixed / max(mask.sum(), 1) >= DROP_PRECISION if label == "other" else fixed >= MIN_GAIN * broken
            if mask.sum() >= 5 and ok:
                chosen = round(float(t), 3)
                table[label] = {"threshold": chosen, "overruled": int(mask.sum()), "fixed": fixed, "broken": broken}
                break
        thresholds[label] = chosen
    return thresholds, table


def train_typer(data: Path, out: Path, *, cache: Path | None = None, nlp: Language | None = None,
                splits: tuple[Split, ...] = SPLITS,
                progress: Callable[[str, int], Callable[[], None]] | None = None) -> dict:
    """Train the typer on the data folder (../shared/data) and write it to `out`.
    RETURNS (dict): its cfg, with the out-of-fold measures."""
    from ..nlp import load_pipeline

    start = time.perf_counter()
    nlp = nlp or load_pipeline(rules_only=True)
    typer = EntityTyper()
    typer.cfg = {"n_bits": N_BITS}
    indices: list[np.ndarray] = []
    y: list[int] = []
    kinds: list[str] = []
    documents: list[str] = []
    sources = {}
    for split in splits:
        examples = split.read(data)
        tick = progress(f"typer: parsing {split.name}", 1) if progress else None
        docs = parsed(nlp, split.name, [e.text for e in examples], cache, steps=STEPS)
        if tick:
            tick()
        part = rows_of(docs, examples, split.name, typer)
        sources[split.name] = {"documents": len(examples), "entities": len(part[1])}
        for whole, piece in zip((indices, y, kinds, documents), part):
            whole.extend(piece)
    labels = np.array(y)
    fold = np.array([_fold(d, FOLDS) for d in documents])
    tick = progress("typer: fitting", FOLDS + 1) if progress else None
    probs, weights, bias = fit_with_folds(indices, labels, fold, folds=FOLDS, n_bits=N_BITS, tick=tick,
                                          n_classes=len(LABELS), c=C)
    thresholds, table = choose_thresholds(probs, labels, kinds)
    votes = np.array([LABELS.index(k.rstrip("!")) for k in kinds])
    final = np.array([v if k.endswith("!") else LABELS.index(overruled(p, k, thresholds))
                      for p, v, k in zip(probs, votes, kinds)])
    typer.cfg = {
        "name": NAME, "version": VERSION, "labels": list(LABELS), "n_bits": N_BITS,
        "thresholds": thresholds,
        "training": {"seed": SEED, "C": C, "folds": FOLDS, "min_gain": MIN_GAIN, "drop_precision": DROP_PRECISION,
                     "data": sources, "seconds": round(time.perf_counter() - start, 1),
                     "versions": trained_with()},
        "out_of_fold": {"entities": int(len(labels)),
                        "kind accuracy of the votes": round(float((votes == labels).mean()), 4),
                        "kind accuracy of votes + typer": round(float((final == labels).mean()), 4),
                        "overruled": table},
    }
    typer.weights, typer.bias = weights, bias
    typer.to_disk(out)
    return typer.cfg

