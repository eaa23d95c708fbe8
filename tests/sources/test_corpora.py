"""The corpus readers: CoNLL04 and KnowledgeNet records read as DocRED documents."""

import json
from pathlib import Path

from builder.sources.corpora import load_conll04
from builder.sources.corpora.knowledgenet import load_knowledgenet

CONLL = [{
    "tokens": ["Mira", "Okafor", "works", "for", "Delta", "Mills", "in", "Tamworth", "."],
    "tags": ["B-Peop", "L-Peop", "O", "O", "B-Org", "L-Org", "O", "U-Loc", "O"],
    "relations": [{"head": 0, "tail": 1, "type": "Work_For"}, {"head": 1, "tail": 2, "type": "OrgBased_In"},
                  {"head": 0, "tail": 1, "type": "Kill"}],
    "orig_id": 7,
}]


def test_conll04_sentence_is_a_one_sentence_document(tmp_path: Path):
    path = tmp_path / "c.json"
    path.write_text(json.dumps(CONLL))
    (doc,) = load_conll04(path)
    assert doc.text == "Mira Okafor works for Delta Mills in Tamworth."
    assert [(c[0].name, c[0].type) for c in doc.vertex_set] == [
        ("Mira Okafor", "PER"), ("Delta Mills", "ORG"), ("Tamworth", "LOC")]
    assert [(l.r, l.h, l.t) for l in doc.labels] == [("P108", 0, 1), ("P159", 1, 2)]  # Kill is left out
    assert doc.title == "7"


def test_knowledgenet_passage_keeps_named_facts_of_kg_relations(tmp_path: Path):
    passage = "Ines Varga heads Harbor Analytics, a firm based in Lisbon. She lives in Porto."
    facts = [
        {"document": "9", "passage": passage, "relation": "CEO", "subject": [17, 33, "Harbor Analytics"],
         "object": [0, 10, "Ines Varga"]},
        {"document": "9", "passage": passage, "relation": "HEADQUARTERS", "subject": [17, 33, "Harbor Analytics"],
         "object": [51, 57, "Lisbon"]},
        {"document": "9", "passage": passage, "relation": "PLACE_OF_RESIDENCE", "subject": [59, 62, "She"],
         "object": [72, 77, "Porto"]},
        {"document": "9", "passage": passage, "relation": "SPOUSE", "subject": [0, 10, "Ines Varga"],
         "object": [59, 62, "She"]},
    ]
    path = tmp_path / "k.jsonl"
    path.write_text("\n".join(json.dumps(f) for f in facts) + "\n")
    (doc,) = load_knowledgenet([path])
    assert doc.text == passage
    assert [(c[0].name, c[0].type) for c in doc.vertex_set] == [
        ("Harbor Analytics", "ORG"), ("Ines Varga", "PER"), ("Lisbon", "LOC")]
    assert [(l.r, l.h, l.t) for l in doc.labels] == [("P169", 0, 1), ("P159", 0, 2)]  # "She" names no entity
