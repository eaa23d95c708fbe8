"""`kg eval` on an annotated corpus: Re-DocRED (DocRED JSON), CoNLL04 (SpERT JSON) or
KnowledgeNet (JSON Lines), end to end, with rules only, the relation model only and both
side by side.

One pass of the pipeline gives the three: the relation model scores every pair (its pipe's
`skip_linked` is turned off), then its relations are set apart from the rules' by their
rule. Combined is what `kg build` stores: the rules' relations and the model's for pairs the
rules left unlinked.
"""

import json
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from spacy.language import Language

from ..errors import Errors, InputError
from ..extraction.extract import extraction_of
from ..extraction.lexicon import HONORIFICS, PERSON_TITLES
from ..extraction.nlp import RELATION_MODEL
from ..extraction.records import Extraction
from ..sources.corpora.conll04 import load_conll04
from ..sources.corpora.docred import DocredDoc, load_docred
from ..sources.corpora.knowledgenet import load_knowledgenet
from .docred import GOLD_TYPES, NEWS_TYPES, DocredScore, news_property_map, score
from .gold import Score

FORMATS = ("docred", "conll04", "knowledgenet")
VIEWS = ("rules", "model", "combined")


def corpus_format(path: Path) -> str | None:
    """The corpus format of a file, from its first record; None for anything else (a kg gold file)."""
    with open(path, encoding="utf-8") as f:
        head = f.read(4096).lstrip()
    if head.startswith("{") and '"passage"' in head.split("\n", 1)[0]:
        return "knowledgenet"
    if not head.startswith("["):
        return None
    if '"vertexSet"' not in head and '"tokens"' in head and '"tags"' in head:
        return "conll04"
    return "docred"


def load_corpus(path: Path, fmt: str, limit: int | None = None) -> list[DocredDoc]:
    """The documents of a corpus file, as DocRED documents."""
    if fmt == "docred":
        return load_docred(path, limit)
    if fmt == "conll04":
        return [with_short_names(doc) for doc in load_conll04(path, limit)]
    if fmt == "knowledgenet":
        return load_knowledgenet([path], limit)
    raise InputError(Errors.E004.format(path=path))


def with_short_names(doc: DocredDoc) -> DocredDoc:
    """A CoNLL04 document whose entities also go by the names kg gives them: CoNLL04 spans
    take in titles ("President Kennedy", "Ms. Toth") and a place's region ("Staunton, Va.");
    kg names the person without the title and the place and its region apart. Each such
    shorter name is added to its entity's names (one-to-one matching still counts one
    prediction per gold entity)."""
    clusters = []
    for cluster in doc.vertex_set:
        names = list(cluster)
        for m in cluster:
            words = m.name.split()
            i = 0
            while i < len(words) - 1 and (words[i].lower().rstrip(".") in _TITLE_WORDS or words[i].lower() in _TITLE_WORDS):
                i += 1
            if i:
                names.append(replace(m, name=" ".join(words[i:]), sent_id=-1))
            if m.type == "LOC" and "," in m.name:
                names.append(replace(m, name=m.name.split(",")[0].strip(), sent_id=-1))
        clusters.append(tuple(names))
    return replace(doc, vertex_set=tuple(clusters))


_TITLE_WORDS = frozenset(w.rstrip(".") for w in HONORIFICS | PERSON_TITLES)


def property_map_for(fmt: str) -> dict[str, frozenset[str]]:
    """kg property -> the Wikidata ids it is scored against in a corpus. KnowledgeNet's
    EMPLOYEE_OR_MEMBER_OF (P108) is either of kg:employer and kg:memberOf, and its CEO
    (P169, from the organization) is kg:headOf."""
    base = news_property_map()
    if fmt != "knowledgenet":
        return base
    extra = {"memberOf": {"P108"}, "headOf": {"P169"}}
    return {p: frozenset(ids | extra.get(p, set())) for p, ids in base.items()}


@dataclass
class Comparison:
    """The scores of one corpus, each view of the relations apart."""

    data: str
    fmt: str
    model: str
    seconds: float = 0.0
    docs: int = 0
    scores: dict[str, DocredScore] = field(default_factory=lambda: {v: DocredScore() for v in VIEWS})


def views(extraction: Extraction, model_rule: str | None) -> dict[str, Extraction]:
    """The extraction as rules only, model only and combined (see the module's docstring)."""
    rules = [r for r in extraction.relations if r.rule != model_rule]
    model = [r for r in extraction.relations if r.rule == model_rule]
    linked = {frozenset((r.subject, r.object)) for r in rules if not r.literal}
    combined = rules + [r for r in model if frozenset((r.subject, r.object)) not in linked]
    return {name: Extraction(entities=extraction.entities, relations=relations, quotes=extraction.quotes)
            for name, relations in (("rules", rules), ("model", model), ("combined", combined))}


def compare(path: Path, *, nlp: Language, limit: int | None = None, model: str = "") -> Comparison:
    """Run the pipeline on a corpus file and score its three views end to end."""
    start = time.perf_counter()
    fmt = corpus_format(path)
    if fmt is None:
        raise InputError(Errors.E004.format(path=path))
    docs = load_corpus(path, fmt, limit)
    property_map = property_map_for(fmt)
    model_rule = None
    if RELATION_MODEL in nlp.pipe_names:
        pipe = nlp.get_pipe(RELATION_MODEL)
        model_rule = pipe.rule
        pipe.skip_linked = False
    result = Comparison(data=str(path), fmt=fmt, model=model, docs=len(docs))
    try:
        for doc, processed in zip(docs, nlp.pipe((d.text for d in docs), batch_size=32)):
            for name, extraction in views(extraction_of(processed), model_rule).items():
                result.scores[name] += score(extraction, doc, property_map)
    finally:
        if model_rule is not None:
            pipe.skip_linked = True
    result.seconds = time.perf_counter() - start
    return result


def format_comparison(result: Comparison) -> str:
    """Entities per class (with the rules behind the false positives) and relations per news
    type, rules only / model only / combined side by side."""
    s = result.scores["combined"]
    lines = [f"{result.data} ({result.fmt}, {result.docs} documents, end to end)",
             f"{'entities':30} {'gold':>5} {'P':>5} {'R':>5} {'F1':>5} {'tp':>5} {'fp':>5} {'fn':>5}  false positives by rule"]
    rows = [("names", s.entities, None), ("typed", s.entities_typed, None)]
    rows += [(f"  {t} ({GOLD_TYPES[t]})", s.by_type[t], t) for t in GOLD_TYPES]
    for name, x, t in rows:
        rules = ", ".join(f"{rule} {n}" for (gt, rule), n in s.entity_fp_rules.most_common() if gt == t) if t else ""
        lines.append(f"{name:30} {x.tp + x.fn:5} {x.precision:5.2f} {x.recall:5.2f} {x.f1:5.2f} "
                     f"{x.tp:5} {x.fp:5} {x.fn:5}  {rules}".rstrip())
    lines.append(f"predicted entities matching only a TIME/NUM/MISC entity (not counted): {s.entity_other_type}")
    if result.fmt == "knowledgenet":
        lines.append("KnowledgeNet annotates only the ends of its facts: entity precision says little; "
                     "relation recall is the measure.")
    lines.append("")
    header = f"{'relations by news type':30} {'gold':>5}" + "".join(f" | {v:^17}" for v in VIEWS)
    lines += [header, f"{'':30} {'':5}" + " |   P     R    F1 " * len(VIEWS)]

    def row(name: str, scores: list[Score]) -> str:
        gold = scores[-1].tp + scores[-1].fn
        return f"{name:30} {gold:5}" + "".join(f" | {x.precision:5.2f} {x.recall:5.2f} {x.f1:5.2f}" for x in scores)

    lines.append(row("all", [result.scores[v].relations for v in VIEWS]))
    for news_type in NEWS_TYPES:
        scores = [result.scores[v].by_news_type[news_type] for v in VIEWS]
        if scores[-1].tp + scores[-1].fn + sum(x.fp for x in scores):
            lines.append(row(f"  {news_type}", scores))
    lines.append(f"model: {result.model}; {result.seconds:.1f} s")
    return "\n".join(lines)


__all__ = ["FORMATS", "Comparison", "compare", "corpus_format", "format_comparison", "load_corpus", "views"]
