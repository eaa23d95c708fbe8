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

Relations are scored by news relation type, as issue 3 groups them (NEWS_TYPES): employer
(P108), member of (P463, P102), head of (P488, P1037), located in / country (P131, P17, and
P150 as their inverse), part of / parent organization (P361, P749), headquarters (P159),
citizenship (P27), residence (P551), and only between PER/ORG/LOC clusters. Each type has
kg's direction (person -> organization for head of, the contained place -> its container for
located in); a property stated the other way in Wikidata (P488, P1037 from the organization
to the person, P150 from the container) has its label's head and tail swapped. A gold item
is (head cluster, tail cluster, type) and counts once however many of the type's properties
label the pair: Re-DocRED states a town's country as both P17 and P131, and P131 again
mirrored as P150; that is one fact of type located in / country. A predicted kg relation
(not a literal) maps through the ontology's Wikidata alignments (`wikidata_properties()`,
skos:exactMatch / closeMatch, plus EXTRA_IDS) to P ids and so to the types they belong to;
it counts once per (head, type, tail), so kg:country and kg:locatedIn on one pair are one
prediction. It is a true positive when both ends match gold clusters and the gold item
exists; a false positive otherwise (ends that match no cluster too); it is left out
(`relations_out_of_scope`) when an end matches only a TIME / NUM / MISC cluster. A relation
whose property maps to no type is counted in `relations_unscored` (kg:jurisdiction, P1001, is
still scored per property).

Per Wikidata property (`by_property`, `strict`): the stricter, older view. Every gold label
of NEWS_PROPERTIES between PER/ORG/LOC clusters counts on its own, except a P150 label whose
P131 mirror is also gold (MIRRORED: the same statement read backwards, matched by the same
prediction). A prediction is a true positive for the first of its P ids with a gold label on
the pair (a kg:country prediction does not satisfy the P131 label on the same pair), counted
once per (head, kg property, tail). `by_rule` gives each extraction rule's true and false
positives by type, the precision its confidence should reflect.
"""

import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from spacy.language import Language

from ..extraction.extract import extraction_of
from ..extraction.records import Entity, Extraction
from ..sources.corpora.docred import DocredDoc, Label, detokenize, load_docred, normalize
from ..rdf.namespace import KG
from ..rdf.ontology import wikidata_properties
from .gold import Score

# Wikidata properties that matter for a news graph of people, organizations and places.
NEWS_PROPERTIES: dict[str, str] = {
    "P108": "employer",
    "P463": "member of",
    "P488": "chairperson",
    "P1037": "director / manager",
    "P169": "chief executive officer",
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

# The relation types a news graph cares about (issue 3), each with its Wikidata properties
# and, for each, whether its labels point the other way from kg's (P488 chairperson and P1037
# director from the organization to the person, P150 contains from the container). P6 head
# of government and P35 head of state are not aligned to kg:headOf and stay out of head of.
NEWS_TYPES: dict[str, dict[str, bool]] = {
    "employer": {"P108": False},
    "member of": {"P463": False, "P102": False},
    "head of": {"P488": True, "P1037": True, "P169": True},
    "located in / country": {"P131": False, "P17": False, "P150": True},
    "part of / parent organization": {"P361": False, "P749": False},
    "headquarters": {"P159": False},
    "citizenship": {"P27": False},
    "residence": {"P551": False},
}
# Wikidata property -> (type, its labels point the other way).
TYPE_OF: dict[str, tuple[str, bool]] = {p: (t, swap) for t, ps in NEWS_TYPES.items() for p, swap in ps.items()}

# (kg property, Wikidata property) pairs where Wikidata states the relation in the other
# direction, as the rdfs:comment in ontology/alignments.ttl says: P488 chairperson and P1037
# director / manager point from the organization to the person (kg:headOf points from the
# person), P1891 signatory from the agreement to the party (kg:partyTo from the party).
# kg:locatedIn(a, b) is also the Wikidata P150 contains (b, a): P150 is not aligned in the
# ontology, it is the exact inverse of P131 and added here.
INVERSE: frozenset[tuple[str, str]] = frozenset({
    ("headOf", "P488"),
    ("headOf", "P1037"),
    ("headOf", "P169"),
    ("partyTo", "P1891"),
    ("locatedIn", "P150"),
})
# Extra Wikidata ids a kg property is scored against, beyond its alignments (see INVERSE).
EXTRA_IDS: dict[str, frozenset[str]] = {"locatedIn": frozenset({"P150"})}
# Wikidata property pairs that are each other's inverse: in the per-property view, a label of
# the first whose mirror label of the second is also gold is dropped as a duplicate of it.
MIRRORED: dict[str, str] = {"P150": "P131"}

GOLD_TYPES: dict[str, str] = {"PER": "person", "ORG": "organization", "LOC": "place"}
SCORED_KINDS = frozenset(GOLD_TYPES.values())

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
    prop: str  # the kg property (FP) or Wikidata ids (FN), then the news type: "headOf (head of)"
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
    entity_fp_rules: Counter = field(default_factory=Counter)  # (gold type, rule that found it) -> false positives
    relations: Score = field(default_factory=Score)  # by news type, micro-averaged
    by_news_type: dict[str, Score] = field(default_factory=lambda: {t: Score() for t in NEWS_TYPES})
    by_rule: dict[str, Score] = field(default_factory=dict)  # tp / fp of each rule, by news type
    strict: Score = field(default_factory=Score)  # per Wikidata property, micro-averaged
    by_property: dict[str, Score] = field(default_factory=dict)
    relations_unscored: int = 0  # predicted relations whose property maps to no news type
    relations_out_of_scope: int = 0  # of a news property, an end on a TIME/NUM/MISC cluster
    mirrored_dropped: int = 0  # per-property view: gold P150 labels mirroring a P131 label
    false_positives: list[RelationError] = field(default_factory=list)  # by news type
    false_negatives: list[RelationError] = field(default_factory=list)  # by news type

    def __iadd__(self, other: "DocredScore") -> "DocredScore":
        self.docs += other.docs
        self.entities += other.entities
        self.entities_typed += other.entities_typed
        self.entity_other_type += other.entity_other_type
        self.entity_fp_rules += other.entity_fp_rules
        self.relations += other.relations
        self.strict += other.strict
        for mine, theirs in ((self.by_type, other.by_type), (self.by_news_type, other.by_news_type),
                             (self.by_rule, other.by_rule), (self.by_property, other.by_property)):
            for key, s in theirs.items():
                mine.setdefault(key, Score())
                mine[key] += s
        self.relations_unscored += other.relations_unscored
        self.relations_out_of_scope += other.relations_out_of_scope
        self.mirrored_dropped += other.mirrored_dropped
        self.false_positives.extend(other.false_positives)
        self.false_negatives.extend(other.false_negatives)
        return self


def entity_rule(entity: Entity) -> str:
    """The rule that found an entity: the first rule that found one of its mentions NER did
    not, else the rule that linked its first mention when all of them are linked (a country
    named only by adjectives: link-demonym), else "ner"."""
    for mention in entity.mentions:
        if mention in entity.found:
            return entity.found[mention]
    if entity.mentions and all(m in entity.links for m in entity.mentions):
        return entity.links[entity.mentions[0]]
    return "ner"


def _kind(key: str) -> str:
    return key.split("/", 1)[0]


def _typed(h: int, t: int, r: str) -> tuple[int, int, str] | None:
    """A gold or predicted Wikidata label (h, t, r) as (head, tail, news type) in kg's
    direction, or None when r belongs to no type."""
    if r not in TYPE_OF:
        return None
    news_type, swap = TYPE_OF[r]
    return (t, h, news_type) if swap else (h, t, news_type)


def score(extraction: Extraction, doc: DocredDoc, property_map: dict[str, frozenset[str]]) -> DocredScore:
    """Score one document's extraction against its Re-DocRED annotation.

    property_map: kg property local name -> Wikidata P ids (see news_property_map()).
    """
    result = DocredScore(docs=1)
    n = len(doc.vertex_set)
    types = [doc.cluster_type(i) for i in range(n)]
    scored = [t in GOLD_TYPES for t in types]
    cluster_of = _score_entities(extraction, doc, types, scored, result)

    labels = {(l.h, l.t, l.r): l for l in doc.labels
              if l.r in NEWS_PROPERTIES and 0 <= l.h < n and 0 <= l.t < n and scored[l.h] and scored[l.t]}
    gold: dict[tuple[int, int, str], list[Label]] = {}  # (head, tail, news type) -> its labels
    for (h, t, r), label in labels.items():
        item = _typed(h, t, r)
        if item is not None:
            gold.setdefault(item, []).append(label)
    strict_gold = {key for key in labels if not (key[2] in MIRRORED and (key[1], key[0], MIRRORED[key[2]]) in labels)}
    result.mirrored_dropped = len(labels) - len(strict_gold)

    names = {e.key: e.name for e in extraction.entities}
    matched: set[tuple[int, int, str]] = set()
    strict_matched: set[tuple[int, int, str]] = set()
    seen: set[tuple] = set()
    strict_seen: set[tuple] = set()
    rule_seen: set[tuple] = set()
    for rel in extraction.relations:
        if rel.literal:
            continue
        ids = property_map.get(rel.prop, frozenset()) & NEWS_PROPERTIES.keys()
        if not ids & TYPE_OF.keys():
            result.relations_unscored += 1
        h, t = cluster_of.get(rel.subject), cluster_of.get(rel.object)
        if (h is not None and not scored[h]) or (t is not None and not scored[t]):
            result.relations_out_of_scope += bool(ids)
            continue
        head = h if h is not None else rel.subject
        tail = t if t is not None else rel.object
        # Each P id as the gold label it would be: (head, tail, p), swapped for an inverse alignment.
        as_labels = [((tail, head, p) if (rel.prop, p) in INVERSE else (head, tail, p))
                     for p in sorted(ids, key=lambda p: ((rel.prop, p) in INVERSE, int(p[1:])))]
        items = list(dict.fromkeys(i for i in (_typed(*x) for x in as_labels) if i is not None))
        for item in items:
            hit = item in gold
            if (rel.rule, item) not in rule_seen:
                rule_seen.add((rel.rule, item))
                rule = result.by_rule.setdefault(rel.rule, Score())
                rule.tp += hit
                rule.fp += not hit
            if item in seen:
                continue
            seen.add(item)
            if hit:
                matched.add(item)
                result.by_news_type[item[2]].tp += 1
            else:
                result.by_news_type[item[2]].fp += 1
                result.false_positives.append(RelationError(
                    doc.title, names.get(rel.subject, rel.subject), f"{rel.prop} ({item[2]})",
                    names.get(rel.object, rel.object), rel.sentence.text.strip(), rel.rule))
        if not as_labels or (head, rel.prop, tail) in strict_seen:
            continue
        strict_seen.add((head, rel.prop, tail))
        hits = [x for x in as_labels if x in strict_gold]
        strict_matched.update(hits)
        by_id = result.by_property.setdefault((hits or as_labels)[0][2], Score())
        by_id.tp += bool(hits)
        by_id.fp += not hits

    sentences = detokenize(doc.sents)
    for item, item_labels in gold.items():
        if item in matched:
            continue
        result.by_news_type[item[2]].fn += 1
        evidence = sorted({s for label in item_labels for s in label.evidence if 0 <= s < len(sentences)})
        ids = ", ".join(sorted({label.r for label in item_labels}, key=lambda p: int(p[1:])))
        result.false_negatives.append(RelationError(
            doc.title, doc.vertex_set[item[0]][0].name, f"{item[2]} ({ids})", doc.vertex_set[item[1]][0].name,
            " ".join(sentences[s] for s in evidence)))
    for key in strict_gold - strict_matched:
        result.by_property.setdefault(key[2], Score()).fn += 1
    for s in result.by_news_type.values():
        result.relations += s
    for s in result.by_property.values():
        result.strict += s
    return result


def _score_entities(extraction: Extraction, doc: DocredDoc, types: list[str], scored: list[bool],
                    result: DocredScore) -> dict[str, int]:
    """Score the predicted entities into result; RETURNS entity key -> the gold cluster it names."""
    n = len(doc.vertex_set)
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
            result.entity_fp_rules[(gold_type, entity_rule(entity))] += 1
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
            result.entity_fp_rules[(gold_type, entity_rule(entity))] += 1
    gold_clusters = [i for i in range(n) if scored[i]]
    result.entities.fn += sum(i not in named for i in gold_clusters)
    result.entities_typed.fn += sum(i not in typed for i in gold_clusters)
    for i in gold_clusters:
        result.by_type[types[i]].fn += i not in typed
    return cluster_of


@dataclass
class DocredReport:
    """The scores over a file, with how they were obtained."""

    data: str
    model: str
    seconds: float
    score: DocredScore
    documents: list[DocredScore] = field(default_factory=list)  # per document

    def part(self, start: int, stop: int) -> "DocredReport":
        """The scores of documents [start, stop) alone."""
        total = DocredScore()
        for one in self.documents[start:stop]:
            total += one
        return DocredReport(self.data, self.model, self.seconds, total)


def evaluate_docred(path: Path, *, nlp: Language, limit: int | None = None, model: str = "") -> DocredReport:
    """Run the pipeline on each document's text and score it end to end."""
    return evaluate_documents(load_docred(path, limit), nlp=nlp, data=str(path), model=model)


def evaluate_documents(docs: list[DocredDoc], *, nlp: Language, data: str, model: str = "",
                       property_map: dict[str, frozenset[str]] | None = None) -> DocredReport:
    """Run the pipeline on each document's text and score it end to end.

    data (str): What the documents are, as the report names them.
    property_map (dict): kg property -> the Wikidata ids it is scored against [default:
        `news_property_map()`].
    """
    start = time.perf_counter()
    property_map = property_map or news_property_map()
    documents = [score(extraction_of(processed), doc, property_map)
                 for doc, processed in zip(docs, nlp.pipe((d.text for d in docs), batch_size=32))]
    label = model or f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', '')} {nlp.meta.get('version', '')}".strip()
    report = DocredReport(data=data, model=label, seconds=0.0, score=DocredScore(), documents=documents)
    report.score = report.part(0, len(documents)).score
    report.seconds = time.perf_counter() - start
    return report


def _rows(rows: list[tuple[str, Score]], width: int = 34) -> list[str]:
    return [f"{name:{width}} {x.tp + x.fn:5} {x.precision:5.2f} {x.recall:5.2f} {x.f1:5.2f} {x.tp:5} {x.fp:5} {x.fn:5}"
            for name, x in rows]


def format_report(report: DocredReport | DocredScore) -> str:
    """A plain-text table of the scores: entities, relations by news type (the headline),
    relations per Wikidata property (strict), and the precision of each rule."""
    s = report.score if isinstance(report, DocredReport) else report
    header = f"{'':34} {'gold':>5} {'P':>5} {'R':>5} {'F1':>5} {'tp':>5} {'fp':>5} {'fn':>5}"
    entities = [("entities (names)", s.entities), ("entities (typed)", s.entities_typed)]
    entities += [(f"  {t} ({GOLD_TYPES[t]})", s.by_type[t]) for t in GOLD_TYPES if t in s.by_type]
    lines = [header, *_rows(entities), ""]
    lines += [header.replace(" " * 34, f"{'relations by news type':34}", 1),
              *_rows([("relations", s.relations)] + [(f"  {t}", s.by_news_type[t]) for t in NEWS_TYPES]), ""]
    properties = [(f"  {p} {NEWS_PROPERTIES.get(p, '')}", s.by_property[p])
                  for p in sorted(s.by_property, key=lambda p: int(p[1:]))]
    lines += [header.replace(" " * 34, f"{'per Wikidata property (strict)':34}", 1),
              *_rows([("relations", s.strict)] + properties), ""]
    lines.append(f"{'rule (facts by news type)':34} {'P':>5} {'tp':>5} {'fp':>5}")
    lines += [f"  {rule:32} {x.precision:5.2f} {x.tp:5} {x.fp:5}"
              for rule, x in sorted(s.by_rule.items(), key=lambda kv: -(kv[1].tp + kv[1].fp))]
    lines.append("")
    lines.append(f"documents: {s.docs}; predicted entities matching only a TIME/NUM/MISC cluster (fp): "
                 f"{s.entity_other_type}")
    lines.append(f"predicted relations not scored: {s.relations_unscored} of no news type, "
                 f"{s.relations_out_of_scope} with an end on a TIME/NUM/MISC cluster; "
                 f"per property, gold P150 mirrors of P131 dropped: {s.mirrored_dropped}")
    if isinstance(report, DocredReport):
        lines.append(f"model: {report.model}; {report.seconds:.1f} s")
    return "\n".join(lines)


__all__ = ["DocredReport", "DocredScore", "INVERSE", "NEWS_PROPERTIES", "NEWS_TYPES", "evaluate_docred",
           "evaluate_documents", "format_report", "news_property_map", "score"]
