"""The entity typer: features and decisions on hand-built Docs, the thresholds it chooses from
out-of-fold scores, a tiny training run (scikit-learn), and (marked `model`) the shipped
weights."""

from collections import Counter

import numpy as np
import pytest
from builder.extraction.components.entity_mapper import MENTIONS_KEY
from builder.extraction.classify import class_within as specific_class
from builder.extraction.entity_typer.component import DEFAULT_WEIGHTS, LABELS, EntityTyper
from builder.extraction.entity_typer.features import entity_features
from builder.extraction.entity_typer.train import choose_thresholds
from builder.extraction.gazetteer import default_gazetteer
from builder.extraction.relation_model.component import softmax_scores
from builder.extraction.relation_model.features import hash_features
from builder.extraction.relation_model.train import fit, matrix
from handmade import mention_doc

def make_doc(words, mentions):
    """A Doc with kg mentions and entities: mentions are (start, end, class, key) token spans."""
    return mention_doc(words, mentions)


def typer_voting(label: str, *, threshold: float = 0.6, n_bits: int = 8) -> EntityTyper:
    """A typer whose every answer is `label` at probability ~0.9."""
    typer = EntityTyper()
    typer.cfg = {"n_bits": n_bits, "labels": list(LABELS), "version": 9,
                 "thresholds": {name: threshold for name in LABELS}}
    typer.weights = np.zeros((1 << n_bits, len(LABELS)), dtype=np.float32)
    typer.bias = np.zeros(len(LABELS), dtype=np.float32)
    typer.bias[LABELS.index(label)] = 3.3  # e^3.3 / (e^3.3 + 3) = 0.9
    return typer


WORDS = "Kestrel Dynamics hired Anna Velk in Velmora .".split()
MENTIONS = [(0, 2, "Person", "person/kestrel-dynamics"), (3, 5, "Person", "person/anna-velk"),
            (6, 7, "Place", "place/velmora")]


def test_an_overruled_entity_changes_kind_key_class_and_mention_labels():
    doc = typer_voting("organization")(make_doc(WORDS, MENTIONS))
    assert [(e.key, e.name, e.cls) for e in doc._.kg_entities] == [
        ("organization/kestrel-dynamics", "Kestrel Dynamics", "Organization"),
        ("organization/anna-velk", "Anna Velk", "Organization"),
        ("organization/velmora", "Velmora", "Organization")]
    assert [(s.text, s.label_, s.kb_id_) for s in doc.spans[MENTIONS_KEY]] == [
        ("Kestrel Dynamics", "Organization", "organization/kestrel-dynamics"),
        ("Anna Velk", "Organization", "organization/anna-velk"),
        ("Velmora", "Organization", "organization/velmora")]


def test_the_votes_stand_below_the_threshold_and_agreements_are_left_alone():
    doc = make_doc("The Velmora Accord bound Velmora .".split(),
                   [(1, 3, "Agreement", "agreement/velmora-accord"), (4, 5, "Place", "place/velmora")])
    doc = typer_voting("person", threshold=0.95)(doc)
    assert [e.key for e in doc._.kg_entities] == ["agreement/velmora-accord", "place/velmora"]
    doc = typer_voting("person")(doc)
    assert [e.key for e in doc._.kg_entities] == ["agreement/velmora-accord", "person/velmora"]


def test_the_kind_the_context_states_is_not_overruled():
    # "a vice president at Velmora": the words around it say Velmora is an organization
    words = "a vice president at Velmora and Kestrel .".split()
    doc = mention_doc(words, [(4, 5, "Organization", "organization/velmora"), (6, 7, "Place", "place/kestrel")],
                      heads=[2, 2, 2, 2, 3, 4, 4, 2], deps=["det", "amod", "ROOT", "prep", "pobj", "cc", "conj", "punct"])
    for token, tag in zip(doc, ["DT", "NN", "NN", "IN", "NNP", "CC", "NNP", "."]):
        token.tag_ = tag
    doc = typer_voting("person")(doc)
    assert [e.key for e in doc._.kg_entities] == ["organization/velmora", "person/kestrel"]


def test_other_drops_the_entity_and_its_mentions():
    doc = typer_voting("other")(make_doc(WORDS, MENTIONS))
    assert doc._.kg_entities == [] and list(doc.spans[MENTIONS_KEY]) == []


def test_two_entities_that_come_to_share_a_key_become_one():
    doc = make_doc("Velmora said Velmora grew .".split(),
                   [(0, 1, "Person", "person/velmora"), (2, 3, "Place", "place/velmora")])
    doc = typer_voting("place")(doc)
    assert [(e.key, [m.start for m in e.mentions]) for e in doc._.kg_entities] == [("place/velmora", [0, 13])]
    assert {s.kb_id_ for s in doc.spans[MENTIONS_KEY]} == {"place/velmora"}


def test_a_retyped_entity_takes_the_most_specific_class_of_its_new_kind():
    votes = Counter({"Person": 1.0, "GovernmentAgency": 3.0, "Organization": 1.0, "Settlement": 2.0})
    assert specific_class(votes, "organization") == "GovernmentAgency"
    assert specific_class(votes, "place") == "Settlement"
    assert specific_class(Counter({"Person": 1.0}), "place") == "Place"


def test_features_read_the_name_the_context_and_the_votes():
    doc = make_doc(WORDS, MENTIONS)
    spans = [doc.spans[MENTIONS_KEY][0]]
    feats = entity_features(spans, "Kestrel Dynamics", "Person", Counter({"Person": 1.0, "Organization": 3.0}),
                            default_gazetteer())
    assert {"kind:person", "cls:Person", "v:person:0.25", "v:organization:0.75", "head:dynamics",
            "first:kestrel", "w:kestrel", "w:dynamics", "s4:mics", "p1:^", "n1:hired", "nw:2"} <= set(feats)
    assert len(feats) == len(set(feats))


def test_thresholds_overrule_the_votes_only_where_that_pays():
    # 20 entities the votes call places: the model says person; right from 0.801 up, wrong below.
    probs, y, kinds = [], [], []
    for n in range(20):
        p = 0.561 + n * 0.02
        probs.append([p, 0.0, 1 - p, 0.0])
        y.append(0 if n >= 12 else 2)
        kinds.append("place")
    thresholds, table = choose_thresholds(np.array(probs), np.array(y), kinds)
    # from 0.725 up: 11 overruled, 8 fixed, 3 broken (at least twice as many fixed as broken);
    # from 0.7 up, 8 fixed against 5 broken would not pay
    assert thresholds["person"] == 0.725
    assert table["person"] == {"threshold": 0.725, "overruled": 11, "fixed": 8, "broken": 3}
    assert thresholds["organization"] == thresholds["other"] == 1.0  # never proposed: never overrule


def test_a_tiny_fit_learns_a_name_word():
    def feats(word: str) -> np.ndarray:
        return hash_features(["bias", "head:" + word], 10)

    rows = [feats("corp")] * 10 + [feats("river")] * 10
    y = np.array([1] * 10 + [2] * 10)
    w, b = fit(matrix(rows, 10), y, c=10.0, n_classes=len(LABELS))
    probs = softmax_scores(w, b, [feats("corp"), feats("river")])
    assert LABELS[int(probs[0].argmax())] == "organization" and LABELS[int(probs[1].argmax())] == "place"


@pytest.mark.model
def test_shipped_typer_loads_and_knows_its_labels():
    typer = EntityTyper().from_disk(DEFAULT_WEIGHTS)
    assert typer.cfg["labels"] == list(LABELS) and typer.version == f"entity-typer {typer.cfg['version']}"
    assert typer.weights.shape == (1 << typer.cfg["n_bits"], len(LABELS))
    oof = typer.cfg["out_of_fold"]
    assert oof["kind accuracy of votes + typer"] > oof["kind accuracy of the votes"]
