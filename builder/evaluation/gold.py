"""Scoring extractions against gold annotations of news articles (tests/gold/ format)."""

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..extraction.classify import KIND_OF_CLASS
from ..extraction.records import Extraction

SYMMETRIC = frozenset({"metWith", "near"})
# Rules that add background knowledge or inference rather than read the text; gold annotates
# the text only.
BACKGROUND_RULES = frozenset({"gazetteer-containment", "document-country", "located-in-transitive"})


@dataclass
class Score:
    """True positives, false positives and false negatives, with the usual ratios."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __iadd__(self, other: "Score") -> "Score":
        self.tp += other.tp
        self.fp += other.fp
        self.fn += other.fn
        return self


@dataclass
class Evaluation:
    """Scores of one or more documents."""

    entities: Score = field(default_factory=Score)  # name matches, one node per entity
    entity_classes: Score = field(default_factory=Score)  # name and exact class
    entity_kinds: Score = field(default_factory=Score)  # name and kind
    relations: Score = field(default_factory=Score)
    by_property: dict[str, Score] = field(default_factory=dict)
    quotations: Score = field(default_factory=Score)
    errors: list[str] = field(default_factory=list)

    def __iadd__(self, other: "Evaluation") -> "Evaluation":
        self.entities += other.entities
        self.entity_classes += other.entity_classes
        self.entity_kinds += other.entity_kinds
        self.relations += other.relations
        self.quotations += other.quotations
        for prop, score in other.by_property.items():
            self.by_property.setdefault(prop, Score())
            self.by_property[prop] += score
        self.errors.extend(other.errors)
        return self


def _norm(text: str) -> str:
    return " ".join(text.replace("’", "'").split()).casefold().strip(" .,'\"")


def load_gold(path: Path) -> dict:
    """Read a gold annotation file."""
    return json.loads(path.read_text(encoding="utf-8"))


def evaluate(extraction: Extraction, gold: dict) -> Evaluation:
    """Score one document's extraction against its gold annotation."""
    result = Evaluation()
    names: dict[str, str] = {}  # normalized form -> gold canonical name
    gold_class = {e["name"]: e["class"] for e in gold["entities"]}
    for entity in gold["entities"]:
        for form in (entity["name"], *entity.get("aliases", ())):
            names.setdefault(_norm(form), entity["name"])
    matched: dict[str, str] = {}  # predicted key -> gold name
    seen: set[str] = set()
    for entity in extraction.entities:
        forms = [entity.name, *(m.text for m in entity.mentions)]
        hit = next((names[_norm(f)] for f in forms if _norm(f) in names), None)
        if hit is None or hit in seen:
            result.entities.fp += 1
            result.entity_classes.fp += 1
            result.entity_kinds.fp += 1
            result.errors.append(f"entity FP: {entity.name} ({entity.cls})" + (" duplicate" if hit else ""))
            continue
        seen.add(hit)
        matched[entity.key] = hit
        result.entities.tp += 1
        exact = entity.cls == gold_class[hit]
        kind = KIND_OF_CLASS[entity.cls] == KIND_OF_CLASS[gold_class[hit]]
        result.entity_classes.tp += exact
        result.entity_classes.fp += not exact
        result.entity_kinds.tp += kind
        result.entity_kinds.fp += not kind
        if not exact:
            result.errors.append(f"entity class: {entity.name} {entity.cls} != {gold_class[hit]}")
    missed = [n for n in gold_class if n not in seen]
    result.entities.fn += len(missed)
    result.entity_classes.fn += len(missed) + result.entity_classes.fp - result.entities.fp
    result.entity_kinds.fn += len(missed) + result.entity_kinds.fp - result.entities.fp
    result.errors.extend(f"entity FN: {n}" for n in missed)

    def key(s: str, p: str, o: str) -> tuple[str, str, str]:
        if p == "jobTitle":
            return s, p, _norm(o)
        if p in SYMMETRIC and o < s:
            return o, p, s
        return s, p, o

    gold_rel = {key(r["subject"], r["property"], r["object"]) for r in gold["relations"] if not r.get("optional")}
    optional = {key(r["subject"], r["property"], r["object"]) for r in gold["relations"] if r.get("optional")}
    predicted: set[tuple[str, str, str]] = set()
    for r in extraction.relations:
        if r.rule in BACKGROUND_RULES:
            continue
        subject = matched.get(r.subject, r.subject)
        obj = r.object if r.literal else matched.get(r.object, r.object)
        predicted.add(key(subject, r.prop, obj))
    for triple in predicted - optional:
        score = result.by_property.setdefault(triple[1], Score())
        if triple in gold_rel:
            score.tp += 1
        else:
            score.fp += 1
            result.errors.append(f"relation FP: {triple}")
    for triple in gold_rel - predicted:
        result.by_property.setdefault(triple[1], Score()).fn += 1
        result.errors.append(f"relation FN: {triple}")
    for score in result.by_property.values():
        result.relations += score

    gold_quotes = [(q["speaker"], _norm(q["text_startswith"])) for q in gold["quotations"]]
    found: set[int] = set()
    for q in extraction.quotes:
        speaker = matched.get(q.speaker, q.speaker)
        text = _norm(q.text.text)
        hit = next((i for i, (s, t) in enumerate(gold_quotes)
                    if i not in found and s == speaker and text.startswith(t)), None)
        if hit is None:
            result.quotations.fp += 1
            result.errors.append(f"quote FP: {speaker}: {q.text.text[:50]}")
        else:
            found.add(hit)
            result.quotations.tp += 1
    result.quotations.fn += len(gold_quotes) - len(found)
    result.errors.extend(f"quote FN: {s}: {t[:50]}" for i, (s, t) in enumerate(gold_quotes) if i not in found)
    return result


def evaluate_gold_files(paths: list[Path], *, nlp, root: Path) -> Evaluation:
    """Run the pipeline on the documents of gold files and score them together.

    root: the folder the gold files' `document` paths are relative to.
    """
    from ..extraction.extract import extraction_of
    from ..sources import read_document

    total = Evaluation()
    for path in paths:
        gold = load_gold(path)
        source = read_document(root / gold["document"], gold["document"])
        total += evaluate(extraction_of(nlp(source.text)), gold)
    return total


def format_table(evaluation: Evaluation) -> str:
    """A plain-text table of the scores."""
    rows = [("entities (names)", evaluation.entities), ("entities (kind)", evaluation.entity_kinds),
            ("entities (class)", evaluation.entity_classes), ("relations", evaluation.relations)]
    rows += [(f"  {p}", s) for p, s in sorted(evaluation.by_property.items())]
    rows.append(("quotations", evaluation.quotations))
    lines = [f"{'':24} {'P':>5} {'R':>5} {'F1':>5} {'tp':>4} {'fp':>4} {'fn':>4}"]
    lines += [f"{name:24} {s.precision:5.2f} {s.recall:5.2f} {s.f1:5.2f} {s.tp:4} {s.fp:4} {s.fn:4}"
              for name, s in rows]
    return "\n".join(lines)


__all__ = ["Evaluation", "Score", "evaluate", "format_table", "load_gold"]
