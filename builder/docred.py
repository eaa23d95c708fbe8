"""End-to-end scoring on Re-DocRED (DocRED JSON): the builder reads the detokenized text and
finds its own entities and relations, which are then matched to the gold clusters by name.

Entities: gold entities are the vertexSet clusters of type PER, ORG or LOC. A predicted
person / organization / place (kind from the key prefix, "person/...") matches a cluster when
one of its names (canonical name or a mention's text) equals one of the cluster's mention
names, both normalized (casefold, whitespace collapsed, punctuation stripped at the ends).
Agreements are not scored as entities. Each cluster is matched at most once; a second
predicted entity on the same cluster is a false positive (a duplicate node). A predicted
entity whose name matches only a TIME / NUM / MISC cluster is a false positive too (counted
separately as `entity_other_type`).

Relations: only the Wikidata properties of NEWS_PROPERTIES are scored, and only between
PER/ORG/LOC clusters. A predicted kg relation (not a literal) maps through the ontology's
Wikidata alignments (`wikidata_properties()`, skos:exactMatch / closeMatch) to P ids; where
Wikidata states the property in the other direction (INVERSE) the gold head and tail are
swapped. A prediction is a true positive when both ends match gold clusters and a gold label
(h, t, r) has one of those ids; a false positive when it does not (ends that match no
cluster count as false positives too); it is left out (`relations_out_of_scope`) when an end
matches only a TIME / NUM / MISC cluster. Predictions are counted once per (head cluster,
kg property, tail cluster). Gold labels not matched by any true positive are false negatives.
Predicted relations whose property maps to no news property are not scored and are counted
in `relations_unscored`.

Re-DocRED states many facts both ways (P131 located in and P150 contains on the same pair);
a P150 (h, t) label whose mirror P131 (t, h) is also gold is the same fact and is dropped
from the gold set (MIRRORED), so one prediction is not asked for twice. Likewise Re-DocRED
states the country of a place or organization twice, as P17 country and as P131 located in
(99% of its P17 labels on a place or organization have a P131 twin on the same pair); kg
states that fact once, as kg:country (kg:locatedIn is for the province, county or city, not
the country), so a P131 label whose P17 twin is also gold is dropped (TWINS). Both counts are
reported; `score(..., twins=False)` keeps the twins for the strict figure.
"""

import json
import string
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from .evaluate import Score
from .extract import extraction_of
from .namespace import KG
from .ontology import wikidata_properties
from .records import Extraction

# Wikidata properties that matter for a news graph of people, organizations and places.
NEWS_PROPERTIES: dict[str, str] = {
    "P108": "employer",
    "P463": "member of",
    "P488": "chairperson",
    "P6": "head of government",
    "P35": "head of state",
    "P131": "located in",
    "P17": "country",
    "P361": "part of",
    "P749": "parent organization",
    "P159": "headquarters location",
    "P27": "country of citizenship",
    "P551": "residence",
    "P150": "contains",
    "P1001": "applies to jurisdiction",
    "P102": "member of political party",
    "P937": "work location",
}

# (kg property, Wikidata property) pairs where Wikidata states the relation in the other
# direction, as the rdfs:comment in ontology/alignments.ttl says: P488 chairperson and P1037
# director / manager point from the organization to the person (kg:headOf points from the
# person), P1891 signatory from the agreement to the party (kg:partyTo from the party).
# kg:locatedIn(a, b) is also the Wikidata P150 contains (b, a): P150 is not aligned in the
# ontology, it is the exact inverse of P131 and added here.
INVERSE: frozenset[tuple[str, str]] = frozenset({
    ("headOf", "P488"),
    ("headOf", "P1037"),
    ("partyTo", "P1891"),
    ("locatedIn", "P150"),
})
# Extra Wikidata ids a kg property is scored against, beyond its alignments (see INVERSE).
EXTRA_IDS: dict[str, frozenset[str]] = {"locatedIn": frozenset({"P150"})}
# Wikidata property pairs that are each other's inverse: a label of the first whose mirror
# label of the second is also gold is dropped as a duplicate of that fact.
MIRRORED: dict[str, str] = {"P150": "P131"}
# Wikidata properties a label of the first is a duplicate of when the second is gold on the
# same (head, tail): the P131 twin of a P17 country label.
TWINS: dict[str, str] = {"P131": "P17"}

GOLD_TYPES: dict[str, str] = {"PER": "person", "ORG": "organization", "LOC": "place"}
SCORED_KINDS = frozenset(GOLD_TYPES.values())

_PUNCT = string.punctuation + "“”‘’«»–—…\u00a0 "
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", ")", "]", "}", "!", "?", "%", "'", "'s", "’s", "n't",
                              "'re", "'m", "'ll", "'ve", "'d", "”", "’"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "“", "‘", "$", "£", "€"})


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    type: str
    sent_id: int
    pos: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Label:
    r: str
    h: int
    t: int
    evidence: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DocredDoc:
    """One Re-DocRED document."""

    title: str
    sents: tuple[tuple[str, ...], ...]
    vertex_set: tuple[tuple[Mention, ...], ...]
    labels: tuple[Label, ...]

    @property
    def text(self) -> str:
        return " ".join(detokenize(self.sents))

    def cluster_type(self, index: int) -> str:
        """The most common mention type of a cluster (the first on a tie)."""
        return Counter(m.type for m in self.vertex_set[index]).most_common(1)[0][0]

    def cluster_names(self, index: int) -> list[str]:
        """Every name of a cluster: the `name` fields and the detokenized mention spans."""
        names = []
        for m in self.vertex_set[index]:
            names.append(m.name)
            if 0 <= m.sent_id < len(self.sents):
                names.append(_join(self.sents[m.sent_id][m.pos[0]:m.pos[1]]))
        return names


def load_docred(path: Path, limit: int | None = None) -> list[DocredDoc]:
    """Read a DocRED-format JSON file (e.g. Re-DocRED dev_revised.json)."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if limit is not None:
        raw = raw[:limit]
    return [_doc(d) for d in raw]


def _doc(d: dict) -> DocredDoc:
    return DocredDoc(
        title=d.get("title", ""),
        sents=tuple(tuple(s) for s in d["sents"]),
        vertex_set=tuple(tuple(Mention(m["name"], m["type"], m["sent_id"], tuple(m["pos"])) for m in c)
                         for c in d["vertexSet"]),
        labels=tuple(Label(l["r"], l["h"], l["t"], tuple(l.get("evidence", ()))) for l in d.get("labels", ())),
    )


def detokenize(sents: Iterable[Sequence[str]]) -> tuple[str, ...]:
    """Each sentence's text from its tokens, spaced as prose: no space before , . ; : ) ] ! ? %
    ' 's n't (and the other clitics), none after ( [ and currency signs. Straight double
    quotes alternate: the first in a sentence opens (no space after), the next closes (no
    space before). Whitespace-only tokens are dropped. Join the sentences with a space for the
    document text."""
    return tuple(_join(s) for s in sents)


def _join(tokens: Sequence[str]) -> str:
    out: list[str] = []
    glue = True  # no space before the next token
    quote_open = False
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        if token == '"':
            if quote_open:
                out.append(token)
                glue = False
            else:
                if not glue:
                    out.append(" ")
                out.append(token)
                glue = True
            quote_open = not quote_open
            continue
        if not glue and token not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(token)
        glue = token in _NO_SPACE_AFTER
    return "".join(out)


def normalize(name: str) -> str:
    """Compare names: casefolded, whitespace collapsed, punctuation and a leading "the"
    stripped ("the United States" names the United States; kg drops leading articles)."""
    form = " ".join(name.replace("’", "'").split()).casefold().strip(_PUNCT)
    return form[4:].strip(_PUNCT) if form.startswith("the ") else form


def news_property_map() -> dict[str, frozenset[str]]:
    """kg property local name -> Wikidata P ids it is scored against (alignments + EXTRA_IDS)."""
    result: dict[str, frozenset[str]] = {}
    for iri, ids in wikidata_properties().items():
        local = str(iri).removeprefix(str(KG))
        result[local] = frozenset(ids) | EXTRA_IDS.get(local, frozenset())
    return result


@dataclass(frozen=True, slots=True)
class RelationError:
    """A false positive or false negative, for error analysis."""

    title: str
    head: str
    prop: str  # kg property (FP) or Wikidata id (FN)
    tail: str
    evidence: str
    rule: str = ""


@dataclass
class DocredScore:
    """Scores of one or more Re-DocRED documents."""

    docs: int = 0
    entities: Score = field(default_factory=Score)  # name matches, any type
    entities_typed: Score = field(default_factory=Score)  # name and kind
    by_type: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in GOLD_TYPES})
    entity_other_type: int = 0  # predicted entities matching only a TIME/NUM/MISC cluster
    relations: Score = field(default_factory=Score)
    by_property: dict[str, Score] = field(default_factory=dict)
    relations_unscored: int = 0  # predicted relations with no news property
    relations_out_of_scope: int = 0  # an end matches only a TIME/NUM/MISC cluster
    mirrored_dropped: int = 0  # gold P150 labels dropped as mirrors of a P131 label
    twins_dropped: int = 0  # gold P131 labels dropped as twins of a P17 label
    false_positives: list[RelationError] = field(default_factory=list)
    false_negatives: list[RelationError] = field(default_factory=list)

    def __iadd__(self, other: "DocredScore") -> "DocredScore":
        self.docs += other.docs
        self.entities += other.entities
        self.entities_typed += other.entities_typed
        for t, s in other.by_type.items():
            self.by_type.setdefault(t, Score())
            self.by_type[t] += s
        self.entity_other_type += other.entity_other_type
        self.relations += other.relations
        for p, s in other.by_property.items():
            self.by_property.setdefault(p, Score())
            self.by_property[p] += s
        self.relations_unscored += other.relations_unscored
        self.relations_out_of_scope += other.relations_out_of_scope
        self.mirrored_dropped += other.mirrored_dropped
        self.twins_dropped += other.twins_dropped
        self.false_positives.extend(other.false_positives)
        self.false_negatives.extend(other.false_negatives)
        return self


def _kind(key: str) -> str:
    return key.split("/", 1)[0]


def score(extraction: Extraction, doc: DocredDoc, property_map: dict[str, frozenset[str]], *,
          twins: bool = True) -> DocredScore:
    """Score one document's extraction against its Re-DocRED annotation.

    property_map: kg property local name -> Wikidata P ids (see news_property_map()).
    twins: drop the P131 labels that repeat a P17 label (TWINS); False keeps them (strict).
    """
    result = DocredScore(docs=1)
    n = len(doc.vertex_set)
    types = [doc.cluster_type(i) for i in range(n)]
    scored = [t in GOLD_TYPES for t in types]
    index: dict[str, list[int]] = {}
    for i in range(n):
        for name in doc.cluster_names(i):
            form = normalize(name)
            if form and i not in index.setdefault(form, []):
                index[form].append(i)

    # Each predicted entity -> the gold cluster it names (for relations, any kind and type).
    cluster_of: dict[str, int] = {}
    for entity in extraction.entities:
        kind = _kind(entity.key)
        hits: list[int] = []
        for form in (entity.name, *(m.text for m in entity.mentions)):
            for i in index.get(normalize(form), ()):
                if i not in hits:
                    hits.append(i)
        if hits:
            # A cluster of the corresponding type first, then any scored one, then the rest.
            cluster_of[entity.key] = min(hits, key=lambda i: (GOLD_TYPES.get(types[i]) != kind, not scored[i]))

    # Entities: one-to-one, in document order.
    named: set[int] = set()
    typed: set[int] = set()
    for entity in extraction.entities:
        kind = _kind(entity.key)
        if kind not in SCORED_KINDS:
            continue
        gold_type = next((t for t, k in GOLD_TYPES.items() if k == kind))
        i = cluster_of.get(entity.key)
        if i is None or not scored[i] or i in named:
            result.entities.fp += 1
            result.entities_typed.fp += 1
            result.by_type[gold_type].fp += 1
            result.entity_other_type += i is not None and not scored[i]
            continue
        named.add(i)
        result.entities.tp += 1
        if GOLD_TYPES[types[i]] == kind:
            typed.add(i)
            result.entities_typed.tp += 1
            result.by_type[gold_type].tp += 1
        else:
            result.entities_typed.fp += 1
            result.by_type[gold_type].fp += 1
    gold_clusters = [i for i in range(n) if scored[i]]
    result.entities.fn += sum(i not in named for i in gold_clusters)
    result.entities_typed.fn += sum(i not in typed for i in gold_clusters)
    for i in gold_clusters:
        result.by_type[types[i]].fn += i not in typed

    # Gold relations: news properties between PER/ORG/LOC clusters.
    labels = {(l.h, l.t, l.r): l for l in doc.labels}
    gold: dict[tuple[int, int, str], Label] = {}
    for (h, t, r), label in labels.items():
        if r not in NEWS_PROPERTIES or not (0 <= h < n and 0 <= t < n and scored[h] and scored[t]):
            continue
        if r in MIRRORED and (t, h, MIRRORED[r]) in labels:
            result.mirrored_dropped += 1
            continue
        if twins and r in TWINS and (h, t, TWINS[r]) in labels:
            result.twins_dropped += 1
            continue
        gold[(h, t, r)] = label

    names = {e.key: e.name for e in extraction.entities}
    matched: set[tuple[int, int, str]] = set()
    seen: set[tuple] = set()
    for rel in extraction.relations:
        if rel.literal:
            continue
        ids = property_map.get(rel.prop, frozenset()) & NEWS_PROPERTIES.keys()
        if not ids:
            result.relations_unscored += 1
            continue
        h, t = cluster_of.get(rel.subject), cluster_of.get(rel.object)
        if (h is not None and not scored[h]) or (t is not None and not scored[t]):
            result.relations_out_of_scope += 1
            continue
        fact = (h if h is not None else rel.subject, rel.prop, t if t is not None else rel.object)
        if fact in seen:
            continue
        seen.add(fact)
        hits = []
        if h is not None and t is not None:
            candidates = [((t, h, p) if (rel.prop, p) in INVERSE else (h, t, p))
                          for p in sorted(ids, key=lambda p: ((rel.prop, p) in INVERSE, int(p[1:])))]
            hits = [c for c in candidates if c in gold]
        if hits:
            matched.update(hits)
            result.by_property.setdefault(hits[0][2], Score()).tp += 1
        else:
            primary = min(ids, key=lambda p: ((rel.prop, p) in INVERSE, int(p[1:])))
            result.by_property.setdefault(primary, Score()).fp += 1
            result.false_positives.append(RelationError(
                doc.title, names.get(rel.subject, rel.subject), rel.prop, names.get(rel.object, rel.object),
                rel.sentence.text.strip(), rel.rule))
    sentences = detokenize(doc.sents)
    for (h, t, r), label in gold.items():
        if (h, t, r) in matched:
            continue
        result.by_property.setdefault(r, Score()).fn += 1
        evidence = " ".join(sentences[s] for s in label.evidence if 0 <= s < len(sentences))
        result.false_negatives.append(RelationError(
            doc.title, doc.vertex_set[h][0].name, r, doc.vertex_set[t][0].name, evidence))
    for s in result.by_property.values():
        result.relations += s
    return result


@dataclass
class DocredReport:
    """The scores over a file, with how they were obtained."""

    data: str
    model: str
    seconds: float
    score: DocredScore
    strict: Score = field(default_factory=Score)  # relations with the P131 twins of P17 kept
    documents: list[tuple[DocredScore, Score]] = field(default_factory=list)  # per document

    def part(self, start: int, stop: int) -> "DocredReport":
        """The scores of documents [start, stop) alone."""
        total, strict = DocredScore(), Score()
        for one, one_strict in self.documents[start:stop]:
            total += one
            strict += one_strict
        return DocredReport(self.data, self.model, self.seconds, total, strict)


def evaluate_docred(path: Path, *, nlp: Language, limit: int | None = None, model: str = "") -> DocredReport:
    """Run the pipeline on each document's text and score it end to end."""
    start = time.perf_counter()
    docs = load_docred(path, limit)
    property_map = news_property_map()
    documents = []
    for doc, processed in zip(docs, nlp.pipe((d.text for d in docs), batch_size=32)):
        extraction = extraction_of(processed)
        documents.append((score(extraction, doc, property_map),
                          score(extraction, doc, property_map, twins=False).relations))
    label = model or f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}".strip()
    report = DocredReport(data=str(path), model=label, seconds=0.0, score=DocredScore(), documents=documents)
    whole = report.part(0, len(documents))
    report.score, report.strict = whole.score, whole.strict
    report.seconds = time.perf_counter() - start
    return report


def format_report(report: DocredReport | DocredScore) -> str:
    """A plain-text table of the scores."""
    s = report.score if isinstance(report, DocredReport) else report
    rows: list[tuple[str, Score]] = [("entities (names)", s.entities), ("entities (typed)", s.entities_typed)]
    rows += [(f"  {t} ({GOLD_TYPES[t]})", s.by_type[t]) for t in GOLD_TYPES if t in s.by_type]
    rows.append(("relations", s.relations))
    rows += [(f"  {p} {NEWS_PROPERTIES.get(p, '')}", s.by_property[p])
             for p in sorted(s.by_property, key=lambda p: int(p[1:]))]
    lines = [f"{'':34} {'gold':>5} {'P':>5} {'R':>5} {'F1':>5} {'tp':>5} {'fp':>5} {'fn':>5}"]
    lines += [f"{name:34} {x.tp + x.fn:5} {x.precision:5.2f} {x.recall:5.2f} {x.f1:5.2f} {x.tp:5} {x.fp:5} {x.fn:5}"
              for name, x in rows]
    lines.append("")
    lines.append(f"documents: {s.docs}; predicted entities matching only a TIME/NUM/MISC cluster (fp): "
                 f"{s.entity_other_type}")
    lines.append(f"predicted relations not scored: {s.relations_unscored} with no news property, "
                 f"{s.relations_out_of_scope} with an end on a TIME/NUM/MISC cluster; "
                 f"gold P150 mirrors of P131 dropped: {s.mirrored_dropped}, P131 twins of P17 dropped: "
                 f"{s.twins_dropped}")
    if isinstance(report, DocredReport):
        x = report.strict
        lines.append(f"relations with the P131 twins kept (strict): P {x.precision:.2f} R {x.recall:.2f} "
                     f"F1 {x.f1:.2f} (tp {x.tp}, fp {x.fp}, fn {x.fn})")
        lines.append(f"model: {report.model}; {report.seconds:.1f} s")
    return "\n".join(lines)


__all__ = ["DocredDoc", "DocredReport", "DocredScore", "INVERSE", "NEWS_PROPERTIES", "TWINS", "detokenize",
           "evaluate_docred", "format_report", "load_docred", "news_property_map", "normalize", "score"]
