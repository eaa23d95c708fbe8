"""Held-out relation scores, end to end: rules only, model only, rules + model.

Usage (from the repository root):
    .venv/bin/python bench/eval_relations.py [--data ../shared/data] [--cache .cache] [--threshold T]

The builder finds its own entities. The model runs with skip_linked off so that its own
predictions can be scored; "combined" is then what the pipeline writes: the rules' relations
plus the model's on pairs the rules did not link. Held-out sets only: Re-DocRED dev documents
400-499 (scored by builder.docred, relations by news type), CoNLL04 dev (Work_For, Live_In,
OrgBased_In, Located_In; an entity matches a gold one when one span contains the other; a
relation between two entities inside one gold entity, kg's Dunmore and Ohio in a gold
"Dunmore, Ohio", is not scored; a last row leaves out the background inferences, gazetteer
containment and the document's country, which CoNLL04 does not annotate, as `kg eval` does
on tests/gold) and
KnowledgeNet fold 3 (recall of the facts of the seven modelled relations whose ends are
names, not pronouns; precision can't be measured, the passages are annotated partially).
"""

import argparse
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.evaluation.docred import NEWS_TYPES, news_property_map, score  # noqa: E402
from builder.sources.corpora import load_docred  # noqa: E402
from builder.evaluation.gold import BACKGROUND_RULES, Score  # noqa: E402
from builder.extraction.extract import extraction_of  # noqa: E402
from builder.extraction.nlp import load_pipeline  # noqa: E402
from builder.extraction.records import Extraction  # noqa: E402
from builder.extraction.relation_model import corpora  # noqa: E402
from builder.extraction.relation_model.component import RULE  # noqa: E402
from builder.extraction.relation_model.labels import ACCEPTS  # noqa: E402
from builder.extraction.relation_model.train import parsed  # noqa: E402

VIEWS = ("rules", "model", "combined")
PRONOUNS = frozenset("i me my he him his she her hers it its they them their theirs we us our which who whom "
                     "whose that this you your".split())


def views(extraction: Extraction) -> dict[str, Extraction]:
    """The extraction as the rules alone, the model alone, and both (the model skipping pairs
    the rules linked) would give it."""
    rules = [r for r in extraction.relations if r.rule != RULE]
    model = [r for r in extraction.relations if r.rule == RULE]
    linked = {frozenset((r.subject, r.object)) for r in rules if not r.literal}
    combined = rules + [r for r in model if frozenset((r.subject, r.object)) not in linked]
    return {name: Extraction(extraction.entities, rels, extraction.quotes)
            for name, rels in zip(VIEWS, (rules, model, combined))}


def run(nlp, name: str, examples: list[corpora.Example], cache: Path | None) -> tuple[list, float]:
    """Each example's processed Doc through the whole kg pipeline; RETURNS docs and seconds
    the model took."""
    docs = parsed(nlp, name, [e.text for e in examples], cache)
    model = nlp.get_pipe("kg_relation_model")
    start = time.perf_counter()
    docs = [model(doc) for doc in docs]
    return docs, time.perf_counter() - start


def _total(scores) -> Score:
    total = Score()
    for s in scores:
        total += s
    return total


def table(title: str, rows: dict[str, dict[str, Score]], recall_only: bool = False) -> str:
    lines = [title, f"{'':30}" + "".join(f"{v:>22}" for v in VIEWS),
             f"{'':30}" + ("".join(f"{'gold':>7}{'R':>15}" for _ in VIEWS) if recall_only
                           else "".join(f"{'P':>8}{'R':>7}{'F1':>7}" for _ in VIEWS))]
    for key, by_view in rows.items():
        cells = ""
        for v in VIEWS:
            s = by_view[v]
            cells += f"{s.tp + s.fn:7}{s.recall:15.2f}" if recall_only else f"{s.precision:8.2f}{s.recall:7.2f}{s.f1:7.2f}"
        lines.append(f"{key:30}{cells}")
    total = next(iter(rows.values()))["combined"]  # the first row's counts, for figures near a target
    lines.append(f"combined, first row: {total.tp} of {total.tp + total.fn} found (recall {total.recall:.3f})"
                 if recall_only else f"combined, first row: {total.tp} right, {total.fp} wrong, {total.fn} missed "
                 f"(P {total.precision:.3f}, R {total.recall:.3f}, F1 {total.f1:.3f})")
    return "\n".join(lines)


def redocred(nlp, data: Path, cache: Path | None) -> str:
    path = data / "redocred" / "dev_revised.json"
    gold_docs = load_docred(path)[400:500]
    examples = corpora.read_redocred(path, 400, 500)
    docs, seconds = run(nlp, "heldout-redocred-400-499", examples, cache)
    property_map = news_property_map()
    totals = {v: None for v in VIEWS}
    for doc, gold in zip(docs, gold_docs):
        for v, extraction in views(extraction_of(doc)).items():
            s = score(extraction, gold, property_map)
            if totals[v] is None:
                totals[v] = s
            else:
                totals[v] += s
    rows = {"relations (news types)": {v: totals[v].relations for v in VIEWS}}
    rows.update({f"  {t}": {v: totals[v].by_news_type[t] for v in VIEWS} for t in NEWS_TYPES})
    return table(f"Re-DocRED dev 400-499 ({len(docs)} documents; model {seconds * 1000 / len(docs):.1f} ms a document)", rows)


def _matches(extraction: Extraction, example: corpora.Example) -> dict[str, set[int]]:
    built = [corpora.BuiltEntity(e.key, e.name, tuple((m.start, m.end, m.text) for m in e.mentions))
             for e in extraction.entities]
    return {k: set(v) for k, v in corpora.align(built, example).items()}


def conll04(nlp, data: Path, cache: Path | None) -> str:
    examples = corpora.read_conll04(data / "conll04" / "conll04_dev.json")
    docs, seconds = run(nlp, "heldout-conll04-dev", examples, cache)
    accepts = ACCEPTS["conll04"]
    scores = {t: {v: Score() for v in VIEWS} for t in accepts}
    stated = {v: Score() for v in VIEWS}  # the background inferences left out, as for tests/gold
    for doc, example in zip(docs, examples):
        for v, extraction in views(extraction_of(doc)).items():
            match = _matches(extraction, example)
            gold = {(h, t, label) for h, t, label in example.relations if label in accepts}
            kinds = {e.key: e.key.split("/", 1)[0] for e in extraction.entities}
            for background, total in ((None, None), (BACKGROUND_RULES, stated[v])):
                predicted = set()
                for r in extraction.relations:
                    if r.literal or (background and r.rule in background):
                        continue
                    label = _conll_type(r.prop, kinds.get(r.subject, ""))
                    if label is not None:
                        predicted.add((r.subject, r.object, label))
                hit = set()
                for s, o, label in predicted:
                    found = {(h, t, label) for h in match.get(s, ()) for t in match.get(o, ())} & gold
                    if not found and match.get(s, set()) & match.get(o, set()):
                        continue  # both ends inside one gold entity ("Kinderhook, N.Y."): not scored
                    hit |= found
                    score = total if total is not None else scores[label][v]
                    score.tp += bool(found)
                    score.fp += not found
                for _, _, label in gold - hit:
                    (total if total is not None else scores[label][v]).fn += 1
    rows = {"relations (4 types)": {v: _total(scores[t][v] for t in accepts) for v in VIEWS}}
    rows.update({f"  {t}": scores[t] for t in accepts})
    rows["  stated (background rules out)"] = stated
    return table(f"CoNLL04 dev ({len(docs)} sentences; model {seconds * 1000 / len(docs):.2f} ms a sentence)", rows)


def _conll_type(prop: str, subject_kind: str) -> str | None:
    if prop in {"employer", "headOf", "spokespersonFor", "memberOf"}:
        return "Work_For"
    if prop in {"residence", "citizenOf"}:
        return "Live_In"
    if prop == "headquarters" or (prop in {"locatedIn", "country"} and subject_kind == "organization"):
        return "OrgBased_In"
    if prop in {"locatedIn", "country"}:
        return "Located_In"
    return None


def knowledgenet(nlp, data: Path, cache: Path | None) -> str:
    examples = corpora.read_knowledgenet([data / "knowledgenet" / "fold3.jsonl"])
    docs, seconds = run(nlp, "heldout-knowledgenet-3", examples, cache)
    accepts = ACCEPTS["knowledgenet"]
    scores = {t: {v: Score() for v in VIEWS} for t in accepts}
    skipped = Counter()
    for doc, example in zip(docs, examples):
        for v, extraction in views(extraction_of(doc)).items():
            match = _matches(extraction, example)
            found = set()
            for r in extraction.relations:
                if not r.literal:
                    for h in match.get(r.subject, ()):
                        for t in match.get(r.object, ()):
                            found.add((h, t, r.prop))
                            found.add((t, h, r.prop))  # CEO is stated on the organization
            for h, t, label in example.relations:
                if label not in accepts:
                    continue
                names = [example.entities[i].names[0] for i in (h, t)]
                if any(n.casefold() in PRONOUNS or not n[:1].isupper() for n in names):
                    skipped[label] += v == "rules"
                    continue
                hit = any((h, t, p) in found for p in accepts[label])
                scores[label][v].tp += hit
                scores[label][v].fn += not hit
    rows = {"facts (7 relations)": {v: _total(scores[t][v] for t in accepts) for v in VIEWS}}
    rows.update({f"  {t}": scores[t] for t in accepts})
    note = f"facts left out (an end is a pronoun or lower case): {sum(skipped.values())}"
    return table(f"KnowledgeNet fold 3 ({len(docs)} passages; model {seconds * 1000 / len(docs):.2f} ms a passage), "
                 f"recall", rows, recall_only=True) + "\n" + note


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--cache", type=Path, default=ROOT / ".cache", help="parsed Docs (DocBin) folder")
    parser.add_argument("--threshold", type=float, default=None, help="override the model's threshold")
    parser.add_argument("--weights", default="", help="a model folder (default: the shipped one)")
    args = parser.parse_args(argv)
    nlp = load_pipeline()
    nlp.replace_pipe("kg_relation_model", "kg_relation_model",
                     config={"skip_linked": False, "threshold": args.threshold, "weights": args.weights})
    print(f"model: {nlp.get_pipe('kg_relation_model').version}, thresholds {nlp.get_pipe('kg_relation_model').cfg.get('thresholds')}")
    for part in (redocred, conll04, knowledgenet):
        print()
        print(part(nlp, args.data, args.cache), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
