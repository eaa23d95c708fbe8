"""kg eval on corpus files: format detection, short names, and the three views of relations."""

import json
from pathlib import Path

from builder.evaluation.corpus import corpus_format, property_map_for, views, with_short_names
from builder.extraction.records import Entity, Extraction, Relation, Span
from builder.sources.corpora.docred import DocredDoc, Mention


def test_formats_are_told_apart_by_their_first_record(tmp_path: Path):
    docred = tmp_path / "d.json"
    docred.write_text(json.dumps([{"title": "T", "sents": [["A"]], "vertexSet": [], "labels": []}]))
    conll = tmp_path / "c.json"
    conll.write_text(json.dumps([{"tokens": ["A"], "tags": ["O"], "relations": []}]))
    kn = tmp_path / "k.jsonl"
    kn.write_text(json.dumps({"document": "1", "passage": "A.", "relation": "CEO"}) + "\n")
    gold = tmp_path / "g.json"
    gold.write_text(json.dumps({"document": "a.txt", "entities": []}))
    assert [corpus_format(p) for p in (docred, conll, kn, gold)] == ["docred", "conll04", "knowledgenet", None]


def test_conll04_names_also_go_without_titles_and_regions():
    doc = DocredDoc("1", (("x",),), ((Mention("President Ada Lorne", "PER", 0, (0, 3)),),
                                     (Mention("Tamworth, N.H.", "LOC", 0, (3, 6)),)), ())
    short = with_short_names(doc)
    assert short.cluster_names(0)[::2] == ["President Ada Lorne", "Ada Lorne"]
    assert short.cluster_names(1)[::2] == ["Tamworth, N.H.", "Tamworth"]


def test_knowledgenet_member_and_ceo_are_scored_as_kg_properties():
    kn, base = property_map_for("knowledgenet"), property_map_for("docred")
    assert kn["memberOf"] - base["memberOf"] == {"P108"}
    assert kn["headOf"] - base["headOf"] == {"P169"}


def test_views_split_model_relations_from_the_rules():
    sentence = Span(0, 10, "x")
    rule = Relation("person/a", "employer", "organization/b", sentence, "appos-title", 0.9)
    same_pair = Relation("organization/b", "headquarters", "person/a", sentence, "relation-model", 0.7)
    new_pair = Relation("person/a", "residence", "place/c", sentence, "relation-model", 0.8)
    extraction = Extraction(entities=[Entity("person/a", "A", "Person")], relations=[rule, same_pair, new_pair])
    split = views(extraction, "relation-model")
    assert split["rules"].relations == [rule]
    assert split["model"].relations == [same_pair, new_pair]
    assert split["combined"].relations == [rule, new_pair]  # the rules' pair stays theirs
