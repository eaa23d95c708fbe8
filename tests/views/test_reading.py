"""The text behind the entity view (views/reading.py) on tests/fixtures/small.trig, checked
against SPARQL over the same store."""

from pathlib import Path

import pytest
from commands import run_kg

from builder.views import reading as reading_module
from builder.views.entity_view import ENTITY_PROPERTIES, entity_view
from builder.views.reading import _place, reading_data

QUERIES = Path(__file__).resolve().parents[2] / "queries"
KG = "PREFIX kg: <https://w3id.org/newskg/ontology#>\nPREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>\n"


def co_mentions(store) -> dict[tuple[str, str], int]:
    """queries/co-mentions.rq without its LIMIT: every pair, by documents."""
    query = (QUERIES / "co-mentions.rq").read_text(encoding="utf-8").replace("LIMIT 50", "")
    return {(r["a"].value, r["b"].value): int(r["documents"].value) for r in store.solutions(query)}


def test_co_mentions_are_those_of_the_named_query(small_store):
    reading = reading_data(small_store, entity_view(small_store))
    expected = co_mentions(small_store)
    assert {(a, b): n for a, b, n in reading.co_mentions} == expected
    assert reading.co_mention_pairs == len(expected) and 2 in expected.values()
    counts = [n for _, _, n in reading.co_mentions]
    assert counts == sorted(counts, reverse=True)


def test_co_mentions_are_left_out_past_the_budget(small_store, monkeypatch):
    monkeypatch.setattr(reading_module, "PAIR_BUDGET", 10)
    reading = reading_data(small_store, entity_view(small_store))
    assert reading.co_mentions == [] and reading.co_mentions_left_out
    assert reading.sentence_co_mentions  # counted from the stored sentences all the same


def test_mentions_are_marked_in_their_stored_sentences(small_store):
    G = entity_view(small_store)
    reading = reading_data(small_store, G)
    forms = {(r["e"].value, r["form"].value) for r in small_store.solutions(
        KG + "SELECT ?e ?form WHERE { ?m a kg:Mention ; kg:refersTo ?e ; kg:surfaceForm ?form }")}
    stored = {r["t"].value for r in small_store.solutions(KG + "SELECT ?t WHERE { ?x kg:evidenceText ?t }")}
    mentions = {r["e"].value: int(r["n"].value) for r in small_store.solutions(
        KG + "SELECT ?e (COUNT(?m) AS ?n) WHERE { ?m a kg:Mention ; kg:refersTo ?e } GROUP BY ?e")}
    assert set(reading.mentions) == set(G) == set(mentions)
    placed = 0
    for e, sentences in reading.mentions.items():
        for s in sentences:
            assert s.marks
            for a, b in s.marks:
                assert (e, s.text[a:b]) in forms
            if s.stored:
                assert s.text in stored
                placed += len(s.marks)
            else:
                assert s.marks == ((0, len(s.text)),)
        # Every mention is shown: in a sentence, or by its form; a sentence once.
        assert sum(len(s.marks) for s in sentences) == mentions[e]
    assert placed >= 10
    holt = reading.mentions["https://w3id.org/newskg/id/person/maren-holt"]
    assert any(s.stored and s.text.startswith("Maren Holt, commissioner") and s.text[s.marks[0][0]:s.marks[0][1]]
               == "Maren Holt" for s in holt)


def test_every_supporting_sentence_of_a_relation_is_kept(small_store):
    G = entity_view(small_store)
    reading = reading_data(small_store, G)
    rows = small_store.solutions(KG + """SELECT ?s ?p ?o ?t WHERE { GRAPH ?g {
      ?st a rdf:Statement ; rdf:subject ?s ; rdf:predicate ?p ; rdf:object ?o ; kg:evidenceText ?t } }""")
    expected: dict[tuple[str, str, str], set[str]] = {}
    for r in rows:
        p = r["p"].value.rsplit("#", 1)[-1]
        if p in ENTITY_PROPERTIES and G.has_edge(r["s"].value, r["o"].value, p):
            expected.setdefault((r["s"].value, p, r["o"].value), set()).add(r["t"].value)
    assert {k: {s.text for s in v} for k, v in reading.evidence.items()} == expected
    assert any(len(v) > 1 for v in expected.values())
    for (s, p, o), sentences in reading.evidence.items():
        assert reading.evidence_counts[(s, p, o)] == len(sentences)
        assert all(s_.confidence is not None and s_.rule for s_ in sentences)
        labels = {G.nodes[s]["label"], G.nodes[o]["label"], *G.nodes[s]["alt_labels"], *G.nodes[o]["alt_labels"]}
        for x in sentences:
            assert all(x.text[a:b] in labels for a, b in x.marks)


def test_sentences_past_the_limit_are_counted(small_store, monkeypatch):
    monkeypatch.setattr(reading_module, "ENTITY_SENTENCES", 1)
    monkeypatch.setattr(reading_module, "RELATION_SENTENCES", 1)
    reading = reading_data(small_store, entity_view(small_store))
    assert all(len(v) <= 1 for v in (*reading.mentions.values(), *reading.evidence.values()))
    assert any(reading.mention_counts[e] > 1 and reading.mentions[e][0].stored for e in reading.mentions)
    assert any(n > 1 for n in reading.evidence_counts.values())


@pytest.mark.parametrize(("sentences", "start", "form", "expected"), [
    ([(10, "Ann Lee spoke.")], 10, "Ann Lee", (0, (0, 7))),
    ([(10, "Then Ann Lee spoke.")], 15, "Ann Lee", (0, (5, 12))),
    ([(8, "Ann Lee spoke.")], 10, "Ann Lee", (0, (0, 7))),  # stored stripped of two leading spaces
    ([(10, "Ann Lee spoke.")], 40, "Ann Lee", None),  # past the sentence
    ([(0, "A long sentence where Ann Lee spoke."), (22, "Ann Lee spoke.")], 22, "Ann Lee", (1, (0, 7))),
    ([(10, "Bo Lee spoke.")], 10, "Ann Lee", None),
])
def test_a_mention_is_placed_in_the_shortest_stored_sentence_holding_it(sentences, start, form, expected):
    assert _place(sentences, start, start + len(form), form) == expected


def test_the_page_is_the_same_whatever_the_hash_seed(tmp_path):
    # The reading data once followed the order of a set of entity IRIs, which differs from
    # process to process (PYTHONHASHSEED): the same build wrote another graph.html.
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(
        "Marta Quist, who leads the Harbour Pilots Union, met Jonas Ekberg in Bergen, Norway. "
        "Quist said the Norwegian Maritime Authority and the union would sign the Fjord Safety "
        "Accord.\n", encoding="utf-8")
    pages = []
    for seed in ("1", "2"):
        result = run_kg("build", tmp_path / "in", "--out", tmp_path / seed, env={"PYTHONHASHSEED": seed})
        assert result.returncode == 0, result.stderr
        pages.append((tmp_path / seed / "graph.html").read_bytes())
    assert pages[0] == pages[1]
