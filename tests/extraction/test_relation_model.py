"""The relation model: label table, candidates and features on hand-built Docs, a tiny
synthetic training run (seconds; scikit-learn needed for the fit), and (marked `model`) the
shipped weights on a fixed slice of held-out data."""

import time
from pathlib import Path

import numpy as np
import pytest
import spacy
from spacy.tokens import Doc, Span
from typer.testing import CliRunner

from builder.cli import app
from handmade import VOCAB, mention_doc
from builder.extraction.components.entity_mapper import MENTIONS_KEY
from builder.extraction.records import Entity, Relation
from builder.extraction.records import Span as TextSpan
from builder.extraction.relation_model import corpora, labels
from builder.extraction.relation_model.candidates import candidates, doc_entities, model_mentions
from builder.extraction.relation_model.component import (DEFAULT_WEIGHTS, RULE, RelationModel, chained,
                                                         contradicts_gazetteer, named_countries, one_per_subject)
from builder.extraction.relation_model.features import candidate_features, dependency_path, hash_features
from builder.extraction.relation_model.train import (choose_thresholds, featurize, fit, gold_pairs, matrix,
                                                     parse_key)
from builder.extraction.gazetteer import default_gazetteer

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"



def make_doc(words, heads, deps, mentions, *, relations=()):
    """A parsed Doc with kg mentions: mentions are (start, end, class, key) token spans."""
    return mention_doc(words, mentions, heads=heads, deps=deps, relations=relations)


def entity_of(key, cls, name, *spans):
    entity = Entity(key=key, name=name, cls=cls)
    entity.mentions.extend(spans)
    return entity


def works_for(person, org):
    """'<person> works for <org> .' with two-word names."""
    words = [*person.split(), "works", "for", *org.split(), "."]
    heads = [1, 2, 2, 2, 5, 3, 2]
    deps = ["compound", "nsubj", "ROOT", "prep", "compound", "pobj", "punct"]
    mentions = [(0, 2, "Person", "person/" + person.lower().replace(" ", "-")),
                (4, 6, "Organization", "organization/" + org.lower().replace(" ", "-"))]
    return words, heads, deps, mentions


def visited(person, place):
    """'<person> visited <place> .'"""
    words = [*person.split(), "visited", place, "."]
    heads = [1, 2, 2, 2, 2]
    deps = ["compound", "nsubj", "ROOT", "dobj", "punct"]
    mentions = [(0, 2, "Person", "person/" + person.lower().replace(" ", "-")),
                (3, 4, "Settlement", "place/" + place.lower())]
    return words, heads, deps, mentions


def two_sentences():
    """'Ana Ruiz works for Velto Mills . Velto Mills is based in Ardmore .'"""
    words = ["Ana", "Ruiz", "works", "for", "Velto", "Mills", ".", "Velto", "Mills", "is", "based", "in",
             "Ardmore", "."]
    heads = [1, 2, 2, 2, 5, 3, 2, 8, 10, 10, 10, 10, 11, 10]
    deps = ["compound", "nsubj", "ROOT", "prep", "compound", "pobj", "punct",
            "compound", "nsubjpass", "auxpass", "ROOT", "prep", "pobj", "punct"]
    mentions = [(0, 2, "Person", "person/ana-ruiz"), (4, 6, "Organization", "organization/velto-mills"),
                (7, 9, "Organization", "organization/velto-mills"), (12, 13, "Settlement", "place/velmora")]
    return make_doc(words, heads, deps, mentions)


def test_label_table_maps_directions():
    assert labels.to_kg("redocred", "P108") == labels.Mapping("employer")
    assert labels.to_kg("redocred", "P488") == labels.Mapping("headOf", reverse=True)
    assert labels.to_kg("knowledgenet", "CEO").reverse
    assert labels.to_kg("conll04", "Kill") is None
    assert labels.to_kg("redocred", "P569") is None
    assert all(m.prop in labels.LABELS for table in labels.LABEL_MAP.values() for m in table.values())


def test_training_label_priority_and_ontology():
    assert labels.training_label(set()) == labels.NONE
    assert labels.training_label({"employer", "headOf"}) == "headOf"
    assert labels.allowed("employer", "person", "organization")
    assert not labels.allowed("employer", "organization", "person")
    assert not labels.allowed("citizenOf", "person", "place", "Settlement")
    assert labels.output_property("locatedIn", "Country") == "country"
    assert labels.output_property("locatedIn", "Settlement") == "locatedIn"


def test_candidates_same_and_neighbouring_sentences():
    doc = two_sentences()
    ents = doc_entities(doc, list(doc.spans[MENTIONS_KEY]))
    pairs = {(c.subject.key, c.object.key): c for c in candidates(ents)}
    assert pairs[("person/ana-ruiz", "organization/velto-mills")].distance == 0
    assert pairs[("organization/velto-mills", "place/velmora")].distance == 0
    # The person is the document's first entity: its pair with the next sentence's place counts.
    assert pairs[("person/ana-ruiz", "place/velmora")].distance == 1
    assert ("place/ardmore", "person/ana-ruiz") not in pairs  # no property goes that way
    assert ("organization/velto-mills", "person/ana-ruiz") not in pairs
    assert ("person/ana-ruiz", "place/velmora") not in {
        (c.subject.key, c.object.key) for c in candidates(ents, cross=False)}


def test_features_follow_the_dependency_path():
    doc = two_sentences()
    labelled, plain = dependency_path(doc[1], doc[5])
    assert labelled == ["nsubj<", "works", "for", ">prep", ">pobj"]
    assert plain == ["nsubj<", ">prep", ">pobj"]
    ents = doc_entities(doc, list(doc.spans[MENTIONS_KEY]))
    c = next(c for c in candidates(ents) if c.object.key == "organization/velto-mills")
    feats = candidate_features(c, ents)
    assert "bw:works" in feats and "kp:person>organization" in feats
    hashed = hash_features(feats, 12)
    assert hashed.max() < 4096 and np.array_equal(hashed, hash_features(feats, 12))


def test_span_alignment_is_containment():
    example = corpora.Example("conll04", "x", "Ana Ruiz works for Velto Mills.",
                              [corpora.GoldEntity("Peop", [(0, 8)]), corpora.GoldEntity("Org", [(19, 30)])], [])
    built = [corpora.BuiltEntity("person/ana-ruiz", "Ana Ruiz", ((0, 8, "Ana Ruiz"),)),
             corpora.BuiltEntity("organization/mills", "Mills", ((25, 30, "Mills"),)),
             corpora.BuiltEntity("place/x", "X", ((9, 14, "works"),))]
    assert corpora.align(built, example) == {"person/ana-ruiz": [0], "organization/mills": [1]}


def test_two_entities_inside_one_gold_entity_are_no_negative():
    # gold "Dunmore, Ohio" is one place; kg makes Dunmore and Ohio, and Ana Ruiz lives there
    text = "Ana Ruiz lives in Dunmore, Ohio."
    example = corpora.Example("conll04", "x", text, [corpora.GoldEntity("Peop", [(0, 8)]),
                                                     corpora.GoldEntity("Loc", [(18, 31)])], [(0, 1, "Live_In")])
    doc = spacy.blank("en")(text)
    doc._.kg_entities = [entity_of("person/ana-ruiz", "Person", "Ana Ruiz", TextSpan(0, 8, "Ana Ruiz")),
                         entity_of("place/dunmore", "Settlement", "Dunmore", TextSpan(18, 25, "Dunmore")),
                         entity_of("place/ohio", "AdministrativeArea", "Ohio", TextSpan(27, 31, "Ohio"))]
    props, skip = gold_pairs(doc, example)
    assert props == {("person/ana-ruiz", "place/dunmore"): {"residence"}, ("person/ana-ruiz", "place/ohio"): {"residence"}}
    assert skip == {("place/dunmore", "place/ohio"), ("place/ohio", "place/dunmore")}


def test_join_tokens_gives_offsets():
    text, offsets = corpora.join_tokens(["Velto", "Mills", "(", "Ardmore", ")", "said", ",", "``", "fine", "''"])
    assert text == "Velto Mills (Ardmore) said, “fine”"
    assert [text[s:e] for s, e in offsets[:5]] == ["Velto", "Mills", "(", "Ardmore", ")"]


PEOPLE = ["Ana Ruiz", "Tomas Berg", "Lena Okafor", "Ivo Marsh", "Rita Vance", "Omar Lund", "Kai Novak", "Mia Holt"]
ORGS = ["Velto Mills", "Corin Labs", "Brask Foods", "Umber Rail", "Tessel Bank", "Quill Press"]
PLACES = ["Ardmore", "Pelham", "Kestrel", "Dunmore", "Yarrow"]


def synthetic(n):
    """Hand-built docs and their examples: works-for pairs are Work_For, visits are nothing."""
    docs, examples = [], []
    for i in range(n):
        person = PEOPLE[i % len(PEOPLE)]
        if i % 2:
            words, heads, deps, mentions = works_for(person, ORGS[i % len(ORGS)])
            relations = [(0, 1, "Work_For")]
        else:
            words, heads, deps, mentions = visited(person, PLACES[i % len(PLACES)])
            relations = []
        doc = make_doc(words, heads, deps, mentions)
        gold = [corpora.GoldEntity("", [(doc[s:e].start_char, doc[s:e].end_char)]) for s, e, _, _ in mentions]
        docs.append(doc)
        examples.append(corpora.Example("conll04", str(i), doc.text, gold, relations))
    return docs, examples


def test_tiny_training_run_learns_and_round_trips(tmp_path):
    pytest.importorskip("sklearn")
    docs, examples = synthetic(40)
    rows = featurize(docs, examples, "synthetic", n_bits=12)
    assert labels.LABELS[1] == "employer" and rows.labels.count(1) == 20
    y = np.array(rows.labels)
    weights, bias = fit(matrix(rows.indices, 12), y)
    again, _ = fit(matrix(rows.indices, 12), y)
    assert np.array_equal(weights, again)  # same data, same weights
    model = RelationModel()
    model.cfg = {"name": "kg-relation-model", "version": 0, "labels": list(labels.LABELS), "n_bits": 12,
                 "window": 2, "threshold": 0.5, "calibration": {"*": [1.0, 0.0]}}
    model.weights, model.bias = weights, bias
    model.to_disk(tmp_path / "model")
    loaded = RelationModel().from_disk(tmp_path / "model")
    assert not list((tmp_path / "model").glob("*.pkl"))
    doc = make_doc(*works_for("Nia Sorel", "Harrow Glass"))
    found = loaded(doc)._.kg_relations
    assert [(r.subject, r.prop, r.object, r.rule) for r in found] == [
        ("person/nia-sorel", "employer", "organization/harrow-glass", RULE)]
    assert 0.5 <= found[0].confidence <= 1.0
    assert loaded(make_doc(*visited("Nia Sorel", "Pelham")))._.kg_relations == []


def test_pairs_the_rules_linked_are_left_to_them(tmp_path):
    pytest.importorskip("sklearn")
    docs, examples = synthetic(40)
    rows = featurize(docs, examples, "synthetic", n_bits=12)
    model = RelationModel()
    model.cfg = {"name": "kg-relation-model", "version": 0, "labels": list(labels.LABELS), "n_bits": 12,
                 "window": 2, "threshold": 0.5, "calibration": {"*": [1.0, 0.0]}}
    model.weights, model.bias = fit(matrix(rows.indices, 12), np.array(rows.labels))
    words, heads, deps, mentions = works_for("Nia Sorel", "Harrow Glass")
    rule = Relation("person/nia-sorel", "headOf", "organization/harrow-glass", TextSpan(0, 1, "N"), "verb-heads", 0.85)
    doc = model(make_doc(words, heads, deps, mentions, relations=[rule]))
    assert doc._.kg_relations == [rule]


def test_nationality_adjectives_are_mentions_of_their_country():
    """'Canadian minister Ana Ruiz spoke .': the adjective is no kg mention, but a mention
    of Canada's entity (link-demonym), so the person and Canada make a candidate."""
    words = ["Canadian", "minister", "Ana", "Ruiz", "spoke", "."]
    doc = Doc(VOCAB, words=words, heads=[1, 3, 3, 4, 4, 4], deps=["amod", "compound", "compound", "nsubj", "ROOT", "punct"])
    doc.spans[MENTIONS_KEY] = [Span(doc, 2, 4, label="Person", kb_id="person/ana-ruiz")]
    doc._.kg_entities = [entity_of("person/ana-ruiz", "Person", "Ana Ruiz", TextSpan(18, 26, "Ana Ruiz")),
                         entity_of("place/canada", "Country", "Canada", TextSpan(0, 8, "Canadian"))]
    doc._.kg_relations = []
    spans = model_mentions(doc, MENTIONS_KEY)
    assert [(s.text, s.label_, s.kb_id_) for s in spans] == [("Ana Ruiz", "Person", "person/ana-ruiz"),
                                                          ("Canadian", "Country", "place/canada")]
    ents = doc_entities(doc, spans)
    assert ("person/ana-ruiz", "place/canada") in {(c.subject.key, c.object.key) for c in candidates(ents)}


def test_country_features_describe_the_documents_countries():
    """'Canada Border Agency met Norway and Canada .': two countries, Norway first and
    nearest the agency, whose name holds Canada."""
    words = ["Canada", "Border", "Agency", "met", "Norway", "and", "Canada", "."]
    mentions = [(0, 3, "GovernmentAgency", "organization/canada-border-agency"), (4, 5, "Country", "place/norway"),
                (6, 7, "Country", "place/canada")]
    doc = make_doc(words, [2, 2, 3, 3, 3, 4, 4, 3], ["compound", "compound", "nsubj", "ROOT", "dobj", "cc", "conj",
                                                     "punct"], mentions)
    ents = doc_entities(doc, list(doc.spans[MENTIONS_KEY]))
    names = {e.key: e.name for e in doc._.kg_entities}
    ents.named_countries = named_countries(ents, names, default_gazetteer())
    assert ents.named_countries == {"organization/canada-border-agency": frozenset({"place/canada"})}
    pairs = {(c.subject.key, c.object.key): c for c in candidates(ents)}
    canada = candidate_features(pairs[("organization/canada-border-agency", "place/canada")], ents)
    norway = candidate_features(pairs[("organization/canada-border-agency", "place/norway")], ents)
    assert {"cn:2", "cr:1", "cs:2", "cnear:far", "c|named:organization>place|this"} <= set(canada)
    assert {"cn:2", "cr:0", "cnear:near", "c|named:organization>place|other"} <= set(norway)


def test_the_gazetteer_vetoes_contradicting_containment():
    words = ["Ottawa", "and", "Quebec", "and", "Velmora", "and", "Canada", "and", "Ohio", "."]
    doc = Doc(VOCAB, words=words, sent_starts=[True] + [False] * (len(words) - 1))
    mentions = [(0, 1, "Settlement", "place/ottawa"), (2, 3, "AdministrativeArea", "place/quebec"),
                (4, 5, "Settlement", "place/velmora"), (6, 7, "Country", "place/canada"),
                (8, 9, "AdministrativeArea", "place/ohio")]
    doc.spans[MENTIONS_KEY] = [Span(doc, s, e, label=c, kb_id=k) for s, e, c, k in mentions]
    ents = doc_entities(doc, list(doc.spans[MENTIONS_KEY]))
    pairs = {(c.subject.key, c.object.key): c for c in candidates(ents, window=5)}
    names = {k: doc[s:e].text for s, e, _, k in mentions}
    gazetteer = default_gazetteer()
    assert not contradicts_gazetteer(pairs[("place/ottawa", "place/canada")], names, gazetteer)
    assert contradicts_gazetteer(pairs[("place/ottawa", "place/ohio")], names, gazetteer)
    assert contradicts_gazetteer(pairs[("place/quebec", "place/ottawa")], names, gazetteer)
    assert contradicts_gazetteer(pairs[("place/canada", "place/ohio")], names, gazetteer)  # a country is in no place
    assert gazetteer.lookup("Velmora") is None  # unknown to the gazetteer: the model decides
    assert not contradicts_gazetteer(pairs[("place/velmora", "place/ohio")], names, gazetteer)


def test_one_value_per_subject_of_functional_properties():
    def rel(s, p, o, confidence):
        return Relation(s, p, o, TextSpan(0, 1, "x"), RULE, confidence)

    found = [rel("person/a", "citizenOf", "place/x", 0.7), rel("person/a", "citizenOf", "place/y", 0.8),
             rel("person/b", "citizenOf", "place/x", 0.9), rel("person/a", "employer", "organization/o", 0.6),
             rel("person/a", "employer", "organization/p", 0.6)]
    kept = one_per_subject(found, {("person/b", "citizenOf")})
    assert [(r.subject, r.object) for r in kept] == [
        ("person/a", "organization/o"), ("person/a", "organization/p"), ("person/a", "place/y")]


def test_containment_chains_through_the_rules():
    def rel(s, p, o, confidence, rule=RULE):
        return Relation(s, p, o, TextSpan(0, 1, "x"), rule, confidence)

    found = [rel("place/velmora", "locatedIn", "place/ohio", 0.8),
             rel("organization/corin-labs", "headquarters", "place/velmora", 0.9)]
    rules = [rel("place/ohio", "country", "place/united-states", 0.9, "gazetteer-containment"),
             rel("place/velmora", "country", "place/canada", 0.6, "document-country")]
    chain = {(r.subject, r.prop, r.object, r.confidence) for r in chained(found, rules, set())}
    assert chain == {("place/velmora", "country", "place/united-states", 0.72),
                     ("organization/corin-labs", "locatedIn", "place/ohio", 0.72)}
    assert {(r.subject, r.object) for r in chained(found, rules, {("place/velmora", "country")})} == {
        ("organization/corin-labs", "place/ohio")}  # the rules state Velmora's country


def test_thresholds_are_chosen_per_property_for_precision():
    from builder.extraction.relation_model.train import Rows

    rows = Rows()
    conf, pred = [], []
    for n in range(20):  # employer: right at 0.8 and above, wrong below
        rows.pairs.append((f"conll04-train/{n}", "person/p", f"organization/o{n}"))
        rows.ends.append(("person", "organization", "Company"))
        rows.cross.append(False)
        rows.veto.append(False)
        conf.append(0.5 + n * 0.025)
        pred.append(labels.LABELS.index("employer"))
        if conf[-1] >= 0.8:
            rows.gold_all.add((f"conll04-train/{n}", "person/p", f"organization/o{n}", "employer"))
    thresholds, table = choose_thresholds(rows, np.arange(20), np.array(pred), np.array(conf),
                                          {"conll04-train": "conll04"}, min_precision=0.75)
    assert thresholds["employer"] == 0.75  # 8 of 10 right at 0.75 and above
    assert thresholds["residence"] == 1.0  # never judged: off
    assert table["employer"] == [20, 8, 0.8]


def test_a_threshold_key_across_sentences_may_have_its_own_precision_floor():
    from builder.extraction.relation_model.train import Rows

    rows = Rows()
    conf = 0.5 + np.arange(20) * 0.025  # right at 0.8 and above, wrong below
    for n in range(20):
        rows.pairs.append((f"conll04-train/{n}", "person/p", f"organization/o{n}"))
        rows.ends.append(("person", "organization", "Company"))
        rows.cross.append(True)
        rows.veto.append(False)
        if conf[n] >= 0.8:
            rows.gold_all.add((f"conll04-train/{n}", "person/p", f"organization/o{n}", "employer"))
    pred = np.full(20, labels.LABELS.index("employer"))
    corpus = {"conll04-train": "conll04"}
    loose, _ = choose_thresholds(rows, np.arange(20), pred, conf, corpus, min_precision=0.75,
                                 strict={"employer": 0.5})
    strict, _ = choose_thresholds(rows, np.arange(20), pred, conf, corpus, min_precision=0.75,
                                  strict={"employer": 0.5, "employer@cross": 0.9})
    assert loose["employer@cross"] == 0.6 and strict["employer@cross"] == 0.8  # 8 of 16, 8 of 8
    assert strict["employer"] == 1.0  # no pair shares a sentence


def test_parses_are_cached_by_spacy_pipeline_not_by_kg_components():
    import builder.extraction.nlp  # noqa: F401  (registers kg's factories)

    nlp = spacy.blank("en")
    key = parse_key(nlp)
    nlp.add_pipe("kg_entity_mapper")
    assert parse_key(nlp) == key
    nlp.add_pipe("sentencizer", first=True)
    assert parse_key(nlp) != key


def test_train_command_reports_a_missing_data_folder(tmp_path):
    result = CliRunner().invoke(app, ["train", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "m")])
    assert result.exit_code == 1
    assert "can't train" in result.output or "can't train" in str(result.stderr_bytes or b"", "utf-8")
    assert not (tmp_path / "m").exists()


@pytest.mark.model
def test_shipped_model_loads_fast_and_is_data():
    start = time.perf_counter()
    model = RelationModel().from_disk(DEFAULT_WEIGHTS)
    assert time.perf_counter() - start < 1.0
    assert sum(f.stat().st_size for f in DEFAULT_WEIGHTS.iterdir()) <= 25 * 1024 * 1024
    assert {f.suffix for f in DEFAULT_WEIGHTS.iterdir() if f.is_file()} <= {".json", ".npy", ".md"}
    assert model.cfg["labels"] == list(labels.LABELS)
    assert all(0.0 < t <= 1.0 for t in model.cfg["thresholds"].values())


@pytest.mark.model
@pytest.mark.skipif(not (DATA / "conll04" / "conll04_dev.json").exists(), reason="no shared data folder")
def test_shipped_model_holds_its_floor_on_a_held_out_slice():
    """CoNLL04 dev sentences 0-119, end to end: the model's relations are deterministic, and
    rules + model find more of the gold Work_For / Live_In / OrgBased_In / Located_In pairs
    than the rules alone, at a precision floor (measured at shipping: see docs/model-card.md)."""
    from builder.extraction.extract import extraction_of
    from builder.extraction.nlp import load_pipeline

    nlp = load_pipeline()
    examples = corpora.read_conll04(DATA / "conll04" / "conll04_dev.json")[:120]
    docs = list(nlp.pipe([e.text for e in examples]))
    again = [nlp(e.text) for e in examples[:20]]
    key = lambda doc: sorted((r.subject, r.prop, r.object, r.confidence) for r in extraction_of(doc).relations)
    assert [key(d) for d in docs[:20]] == [key(d) for d in again]
    found = {"rules": [0, 0], "combined": [0, 0]}  # [right, stated]
    gold_total = 0
    for doc, example in zip(docs, examples):
        extraction = extraction_of(doc)
        built = [corpora.BuiltEntity(e.key, e.name, tuple((m.start, m.end, m.text) for m in e.mentions))
                 for e in extraction.entities]
        match = corpora.align(built, example)
        gold = {(h, t) for h, t, label in example.relations if label in labels.ACCEPTS["conll04"]}
        gold_total += len(gold)
        for view in found:
            for r in extraction.relations:
                if r.literal or (view == "rules" and r.rule == RULE) or r.prop not in PROPERTIES:
                    continue
                hit = any((h, t) in gold for h in match.get(r.subject, ()) for t in match.get(r.object, ()))
                found[view][0] += hit
                found[view][1] += 1
    assert found["combined"][0] >= found["rules"][0] + FLOOR_GAIN
    assert found["combined"][0] / max(found["combined"][1], 1) >= FLOOR_PRECISION


PROPERTIES = frozenset({"employer", "headOf", "spokespersonFor", "memberOf", "residence", "citizenOf",
                        "headquarters", "locatedIn", "country"})
FLOOR_GAIN = 46  # right pairs beyond the rules alone (model 8: 51, rules 43 of 84, rules + model 94 of 154;
# model 7: 52 over rules that found 41; model 6: 47 over 31)
FLOOR_PRECISION = 0.57  # 0.61 with model 8, 0.62 with models 7 and 6
