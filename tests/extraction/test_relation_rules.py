"""Relation rules for nationality, location chains, membership, headquarters, parent
organizations, titles, the document's country and containment in steps, on hand-built Docs
(no trained model) plus a few sentences through the real pipeline."""

import pytest
from spacy.tokens import Doc

from builder.extraction.components.entity_linker import EntityLinker
from builder.extraction.components.entity_mapper import EntityMapper
from builder.extraction.components.relation_extractor import RelationExtractor
from builder.extraction.relations.common import RULES
from builder.extraction.gazetteer import default_gazetteer


def run(doc: Doc) -> Doc:
    for component in (EntityMapper(), EntityLinker(), RelationExtractor()):
        doc = component(doc)
    return doc


def relations(doc: Doc) -> set[tuple[str, str, str, str]]:
    return {(r.subject, r.prop, r.object, r.rule) for r in doc._.kg_relations}


def entities(doc: Doc) -> dict[str, tuple[str, list[str]]]:
    return {e.key: (e.cls, [m.text for m in e.mentions]) for e in doc._.kg_entities}


# "Ana Silva is a Brazilian sculptor ." with an optional negation or hedge before "a".
def sculptor(*inserted: tuple[str, str, str]) -> tuple[list[tuple], list[str]]:
    n = len(inserted)
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ")]
    rows += [(word, 2, dep, tag) for word, dep, tag in inserted]
    rows += [("a", 5 + n, "det", "DT"), ("Brazilian", 5 + n, "amod", "JJ"), ("sculptor", 2, "attr", "NN"),
             (".", 2, "punct", ".")]
    return rows, ["B-PERSON", "I-PERSON"] + ["O"] * (len(rows) - 2)


def test_nationality_adjective_gives_citizenship_and_the_country_entity(make_doc):
    doc = run(make_doc(*sculptor()))
    assert relations(doc) == {("person/ana-silva", "citizenOf", "place/brazil", "nationality-citizen")}
    assert entities(doc)["place/brazil"] == ("Country", ["Brazilian"])
    relation = doc._.kg_relations[0]
    assert relation.object_mention.text == "Brazilian"
    assert relation.sentence.text == "Ana Silva is a Brazilian sculptor."
    assert relation.confidence == RULES["nationality-citizen"]


def test_nationality_after_life_dates_however_the_parser_hung_them(make_doc):
    # "Ana Silva ( born 1922 , died 2012 ) was a Brazilian sculptor ." with "Silva" the subject of
    # "died", itself the clausal subject of "was"
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 6, "nsubj", "NNP"), ("(", 1, "punct", "-LRB-"), ("born", 1, "acl", "VBN"),
            ("1922", 3, "npadvmod", "CD"), (",", 1, "punct", ","), ("died", 9, "csubj", "VBD"), ("2012", 6, "dobj", "CD"),
            (")", 6, "punct", "-RRB-"), ("was", 9, "ROOT", "VBD"), ("a", 12, "det", "DT"), ("Brazilian", 12, "amod", "JJ"),
            ("sculptor", 9, "attr", "NN"), (".", 9, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-DATE", "O", "O", "B-DATE", "O", "O", "O", "B-NORP", "O", "O"]
    assert relations(run(make_doc(rows, ents))) == {("person/ana-silva", "citizenOf", "place/brazil", "nationality-citizen")}


def test_a_verb_after_life_dates_is_the_persons(make_doc):
    # "Ana Silva ( born 1950 ) works for Velto Mills ." with the parser hanging the name on "born"
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 3, "nsubj", "NNP"), ("(", 3, "punct", "-LRB-"), ("born", 6, "advcl", "VBN"),
            ("1950", 3, "npadvmod", "CD"), (")", 3, "punct", "-RRB-"), ("works", 6, "ROOT", "VBZ"), ("for", 6, "prep", "IN"),
            ("Velto", 9, "compound", "NNP"), ("Mills", 7, "pobj", "NNP"), (".", 6, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-DATE", "O", "O", "O", "B-ORG", "I-ORG", "O"]
    assert relations(run(make_doc(rows, ents))) == {
        ("person/ana-silva", "employer", "organization/velto-mills", "verb-works-for")}

def test_a_diplomat_has_the_nationality_of_the_adjective(make_doc):
    # "Ana Silva is a Brazilian diplomat ." (a minister or an ambassador says which government X serves)
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"), ("a", 5, "det", "DT"),
            ("Brazilian", 5, "amod", "JJ"), ("diplomat", 2, "attr", "NN"), (".", 2, "punct", ".")]
    doc = run(make_doc(rows, ["B-PERSON", "I-PERSON", "O", "O", "B-NORP", "O", "O"]))
    assert relations(doc) == {("person/ana-silva", "citizenOf", "place/brazil", "nationality-citizen")}

@pytest.mark.parametrize("inserted", [("not", "neg", "RB"), ("reportedly", "advmod", "RB")])
def test_negated_or_hedged_nationality_gives_nothing(make_doc, inserted):
    doc = run(make_doc(*sculptor(inserted)))
    assert relations(doc) == set()
    assert entities(doc)["place/brazil"] == ("Country", ["Brazilian"])  # the adjective still names Brazil


@pytest.mark.parametrize("label", ["B-LANGUAGE", "B-NORP"])
def test_a_language_is_no_mention_of_a_country(make_doc, label):
    # "Ana Silva writes in Portuguese ." with NER calling "Portuguese" a language, or a
    # nationality: after "in" and before no noun it is the language either way
    doc = run(make_doc([
        ("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("writes", 2, "ROOT", "VBZ"),
        ("in", 2, "prep", "IN"), ("Portuguese", 3, "pobj", "NNP"), (".", 2, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", label, "O"]))
    assert set(entities(doc)) == {"person/ana-silva"}


def test_government_office_says_nothing_of_citizenship(make_doc):
    # "Brazilian Trade Minister Ana Silva spoke ."
    doc = run(make_doc([
        ("Brazilian", 2, "amod", "JJ"), ("Trade", 2, "compound", "NNP"), ("Minister", 4, "compound", "NNP"),
        ("Ana", 4, "compound", "NNP"), ("Silva", 5, "nsubj", "NNP"), ("spoke", 5, "ROOT", "VBD"),
        (".", 5, "punct", "."),
    ], ["O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"]))
    assert not {r for r in relations(doc) if r[1] == "citizenOf"}


def test_prefix_of_a_hyphenated_word_is_not_a_nationality(make_doc):
    # "Jean Roy , a French - born Canadian skater , won ."
    doc = run(make_doc([
        ("Jean", 1, "compound", "NNP"), ("Roy", 10, "nsubj", "NNP"), (",", 1, "punct", ","), ("a", 8, "det", "DT"),
        ("French", 6, "npadvmod", "NNP"), ("-", 6, "punct", "HYPH"), ("born", 8, "amod", "VBN"),
        ("Canadian", 8, "amod", "JJ"), ("skater", 1, "appos", "NN"), (",", 1, "punct", ","),
        ("won", 10, "ROOT", "VBD"), (".", 10, "punct", "."),
    ], ["B-PERSON", "I-PERSON"] + ["O"] * 10))
    assert relations(doc) == {("person/jean-roy", "citizenOf", "place/canada", "nationality-citizen")}


def test_citizen_of_a_named_country(make_doc):
    # "Rosa Pierre , a citizen of Haiti , arrived ."
    doc = run(make_doc([
        ("Rosa", 1, "compound", "NNP"), ("Pierre", 8, "nsubj", "NNP"), (",", 1, "punct", ","), ("a", 4, "det", "DT"),
        ("citizen", 1, "appos", "NN"), ("of", 4, "prep", "IN"), ("Haiti", 5, "pobj", "NNP"), (",", 1, "punct", ","),
        ("arrived", 8, "ROOT", "VBD"), (".", 8, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-GPE", "O", "O", "O"]))
    assert relations(doc) == {("person/rosa-pierre", "citizenOf", "place/haiti", "citizen-of")}


def company(noun: str) -> list[tuple]:
    """"the Japanese NOUN Tamura Works opened ."."""
    return [("the", 4, "det", "DT"), ("Japanese", 2, "amod", "JJ"), (noun, 4, "compound", "NN"),
            ("Tamura", 4, "compound", "NNP"), ("Works", 5, "nsubj", "NNP"), ("opened", 5, "ROOT", "VBD"),
            (".", 5, "punct", ".")]


def test_nationality_of_an_organization_needs_an_organization_noun(make_doc):
    ents = ["O", "O", "O", "B-ORG", "I-ORG", "O", "O"]
    assert relations(run(make_doc(company("company"), ents))) == {
        ("organization/tamura-works", "country", "place/japan", "nationality-country")}
    # "the Japanese success Tamura Works": no statement of the company's country (and a
    # company is not put in the one country of the document).
    assert relations(run(make_doc(company("success"), ents))) == set()


def test_province_of_a_country_named_by_its_adjective(make_doc):
    # "He toured the Canadian province of Westmark ."
    doc = run(make_doc([
        ("He", 1, "nsubj", "PRP"), ("toured", 1, "ROOT", "VBD"), ("the", 4, "det", "DT"),
        ("Canadian", 4, "amod", "JJ"), ("province", 1, "dobj", "NN"), ("of", 4, "prep", "IN"),
        ("Westmark", 5, "pobj", "NNP"), (".", 1, "punct", "."),
    ], ["O", "O", "O", "O", "O", "O", "B-GPE", "O"]))
    assert relations(doc) == {("place/westmark", "country", "place/canada", "nationality-place-of")}


def test_comma_chain_ending_in_a_country(make_doc):
    # "Ridgeford , Lambton County , Ontario , Canada ."
    doc = run(make_doc([
        ("Ridgeford", 0, "ROOT", "NNP"), (",", 0, "punct", ","), ("Lambton", 3, "compound", "NNP"),
        ("County", 0, "appos", "NNP"), (",", 3, "punct", ","), ("Ontario", 3, "appos", "NNP"),
        (",", 5, "punct", ","), ("Canada", 5, "appos", "NNP"), (".", 0, "punct", "."),
    ], ["B-GPE", "O", "B-GPE", "I-GPE", "O", "B-GPE", "O", "B-GPE", "O"]))
    assert relations(doc) == {
        ("place/ridgeford", "locatedIn", "place/lambton-county", "city-region"),
        ("place/ridgeford", "country", "place/canada", "city-region"),
        ("place/lambton-county", "locatedIn", "place/ontario", "city-region"),
        ("place/lambton-county", "country", "place/canada", "city-region"),
        ("place/ontario", "country", "place/canada", "city-region"),
        # inferred from the two steps Ridgeford -> Lambton County -> Ontario
        ("place/ridgeford", "locatedIn", "place/ontario", "located-in-transitive"),
    }


def test_list_of_provinces_is_not_containment(make_doc):
    doc = make_doc([
        ("Ontario", 3, "nsubj", "NNP"), (",", 0, "punct", ","), ("Quebec", 0, "conj", "NNP"),
        ("agree", 3, "ROOT", "VBP"), (".", 3, "punct", "."),
    ], ["B-GPE", "O", "B-GPE", "O", "O"])
    assert relations(run(doc)) == set()


def test_village_in_a_county_and_the_province_around_it(make_doc):
    # "Ridgeford is a village in Lambton County , Ontario ."
    doc = run(make_doc([
        ("Ridgeford", 1, "nsubj", "NNP"), ("is", 1, "ROOT", "VBZ"), ("a", 3, "det", "DT"),
        ("village", 1, "attr", "NN"), ("in", 3, "prep", "IN"), ("Lambton", 6, "compound", "NNP"),
        ("County", 4, "pobj", "NNP"), (",", 6, "punct", ","), ("Ontario", 6, "appos", "NNP"),
        (".", 1, "punct", "."),
    ], ["B-GPE", "O", "O", "O", "O", "B-GPE", "I-GPE", "O", "B-GPE", "O"]))
    assert relations(doc) == {
        ("place/ridgeford", "locatedIn", "place/lambton-county", "located-in"),
        ("place/ridgeford", "locatedIn", "place/ontario", "located-in-chain"),
        ("place/lambton-county", "locatedIn", "place/ontario", "city-region"),
    }


def test_located_in_a_county_in_the_state_of(make_doc):
    # "Clearwater Lake is located in Dane County in the state of Wisconsin ."
    doc = run(make_doc([
        ("Clearwater", 1, "compound", "NNP"), ("Lake", 3, "nsubjpass", "NNP"), ("is", 3, "auxpass", "VBZ"),
        ("located", 3, "ROOT", "VBN"), ("in", 3, "prep", "IN"), ("Dane", 6, "compound", "NNP"),
        ("County", 4, "pobj", "NNP"), ("in", 6, "prep", "IN"), ("the", 9, "det", "DT"),
        ("state", 7, "pobj", "NN"), ("of", 9, "prep", "IN"), ("Wisconsin", 10, "pobj", "NNP"),
        (".", 3, "punct", "."),
    ], ["B-LOC", "I-LOC", "O", "O", "O", "B-GPE", "I-GPE", "O", "O", "O", "O", "B-GPE", "O"]))
    assert relations(doc) == {
        ("place/clearwater-lake", "locatedIn", "place/dane-county", "located-in"),
        ("place/clearwater-lake", "locatedIn", "place/wisconsin", "located-in-chain"),
        ("place/dane-county", "locatedIn", "place/wisconsin", "located-in-chain"),
    }


def test_located_in_a_part_of_a_place_and_a_division_of_a_country(make_doc):
    # "Brenna is in the western part of Dane County ."
    rows = [("Brenna", 1, "nsubj", "NNP"), ("is", 1, "ROOT", "VBZ"), ("in", 1, "prep", "IN"), ("the", 5, "det", "DT"),
            ("western", 5, "amod", "JJ"), ("part", 2, "pobj", "NN"), ("of", 5, "prep", "IN"), ("Dane", 8, "compound", "NNP"),
            ("County", 6, "pobj", "NNP"), (".", 1, "punct", ".")]
    ents = ["B-GPE", "O", "O", "O", "O", "O", "O", "B-GPE", "I-GPE", "O"]
    assert relations(run(make_doc(rows, ents))) == {("place/brenna", "locatedIn", "place/dane-county", "located-in")}
    # "Brenna is in the Dane Province of Angola ."
    rows = [("Brenna", 1, "nsubj", "NNP"), ("is", 1, "ROOT", "VBZ"), ("in", 1, "prep", "IN"), ("the", 5, "det", "DT"),
            ("Dane", 5, "compound", "NNP"), ("Province", 2, "pobj", "NNP"), ("of", 5, "prep", "IN"), ("Angola", 6, "pobj", "NNP"),
            (".", 1, "punct", ".")]
    ents = ["B-GPE", "O", "O", "O", "B-GPE", "I-GPE", "O", "B-GPE", "O"]
    assert relations(run(make_doc(rows, ents))) == {
        ("place/brenna", "locatedIn", "place/dane-province", "located-in"),
        ("place/brenna", "country", "place/angola", "located-in-chain"),
        ("place/dane-province", "country", "place/angola", "located-in-chain")}

@pytest.mark.parametrize("negated", [False, True])
def test_is_in_and_is_not_in(make_doc, negated):
    # "Ridgeford is (not) in Ontario ."
    rows = [("Ridgeford", 1, "nsubj", "NNP"), ("is", 1, "ROOT", "VBZ")]
    rows += [("not", 1, "neg", "RB")] if negated else []
    rows += [("in", 1, "prep", "IN"), ("Ontario", len(rows), "pobj", "NNP"), (".", 1, "punct", ".")]
    ents = ["B-GPE", "O"] + ["O"] * negated + ["O", "B-GPE", "O"]
    expected = set() if negated else {("place/ridgeford", "locatedIn", "place/ontario", "located-in")}
    assert relations(run(make_doc(rows, ents))) == expected


@pytest.mark.parametrize("negated", [False, True])
def test_member_of(make_doc, negated):
    # "Lena Ortiz is (not) a member of the Harbour Workers Union ."
    n = int(negated)
    rows = [("Lena", 1, "compound", "NNP"), ("Ortiz", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ")]
    rows += [("not", 2, "neg", "RB")] * n
    rows += [("a", 4 + n, "det", "DT"), ("member", 2, "attr", "NN"), ("of", 4 + n, "prep", "IN"),
             ("the", 9 + n, "det", "DT"), ("Harbour", 9 + n, "compound", "NNP"), ("Workers", 9 + n, "compound", "NNPS"),
             ("Union", 5 + n, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O"] + ["O"] * n + ["O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O"]
    expected = set() if negated else {
        ("person/lena-ortiz", "memberOf", "organization/harbour-workers-union", "member-of")}
    assert relations(run(make_doc(rows, ents))) == expected


def test_band_role_before_the_name(make_doc):
    # "Glass Orchard bassist Tom Reed left ."
    doc = run(make_doc([
        ("Glass", 1, "compound", "NNP"), ("Orchard", 4, "compound", "NNP"), ("bassist", 4, "compound", "NN"),
        ("Tom", 4, "compound", "NNP"), ("Reed", 5, "nsubj", "NNP"), ("left", 5, "ROOT", "VBD"),
        (".", 5, "punct", "."),
    ], ["B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "O"]))
    assert relations(doc) == {("person/tom-reed", "memberOf", "organization/glass-orchard", "member-of")}


def one_country(*countries: str) -> tuple[list[tuple], list[str]]:
    """"Ridgeford Border Agency watched Westmark Ridge . Maple Freight left Chicago for
    COUNTRY (and COUNTRY) ."."""
    rows = [("Ridgeford", 2, "compound", "NNP"), ("Border", 2, "compound", "NNP"), ("Agency", 3, "nsubj", "NNP"),
            ("watched", 3, "ROOT", "VBD"), ("Westmark", 5, "compound", "NNP"), ("Ridge", 3, "dobj", "NNP"),
            (".", 3, "punct", "."),
            ("Maple", 8, "compound", "NNP"), ("Freight", 9, "nsubj", "NNP"), ("left", 9, "ROOT", "VBD"),
            ("Chicago", 9, "dobj", "NNP"), ("for", 9, "prep", "IN"), (countries[0], 11, "pobj", "NNP")]
    ents = ["B-ORG", "I-ORG", "I-ORG", "O", "B-LOC", "I-LOC", "O", "B-ORG", "I-ORG", "O", "B-GPE", "O", "B-GPE"]
    for other in countries[1:]:
        rows += [("and", 12, "cc", "CC"), (other, 12, "conj", "NNP")]
        ents += ["O", "B-GPE"]
    return rows + [(".", 9, "punct", ".")], ents + ["O"]


def test_the_one_country_of_a_document(make_doc):
    doc = run(make_doc(*one_country("Canada")))
    assert entities(doc)["organization/ridgeford-border-agency"][0] == "GovernmentAgency"
    # A government agency and a place the gazetteer does not know are put in the one country
    # the document names; a company is not, nor is Chicago (the gazetteer's, in the United
    # States).
    assert relations(doc) == {
        ("organization/ridgeford-border-agency", "country", "place/canada", "document-country"),
        ("place/westmark-ridge", "country", "place/canada", "document-country")}
    assert relations(run(make_doc(*one_country("Canada", "Mexico")))) == set()


def test_one_sentence_is_no_document_to_infer_a_country_from(make_doc):
    # "Ridgeford Border Agency watched Westmark Ridge and Maple Freight left Chicago for Canada ."
    rows, ents = one_country("Canada")
    rows[6] = ("and", 3, "cc", "CC")
    rows = [(word, 3, "conj", tag) if dep == "ROOT" and word == "left" else (word, head, dep, tag)
            for word, head, dep, tag in rows]
    doc = run(make_doc(rows, ents))
    assert len(list(doc.sents)) == 1 and "place/canada" in entities(doc)
    assert relations(doc) == set()


@pytest.mark.parametrize("word", ["based", "headquartered"])
def test_company_based_in_a_town_of_a_country(make_doc, word):
    # "Kestrel Air is a company based in Brandvik , Norway ."
    doc = run(make_doc([
        ("Kestrel", 1, "compound", "NNP"), ("Air", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"), ("a", 4, "det", "DT"),
        ("company", 2, "attr", "NN"), (word, 4, "acl", "VBN"), ("in", 5, "prep", "IN"), ("Brandvik", 6, "pobj", "NNP"),
        (",", 7, "punct", ","), ("Norway", 7, "appos", "NNP"), (".", 2, "punct", "."),
    ], ["B-ORG", "I-ORG", "O", "O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"]))
    assert relations(doc) == {
        ("organization/kestrel-air", "headquarters", "place/brandvik", "based-in"),
        ("organization/kestrel-air", "country", "place/norway", "based-in-chain"),
        ("place/brandvik", "country", "place/norway", "city-region"),
    }



def test_based_in_fronted_joined_to_another_clause_or_on_an_of_phrase(make_doc):
    base = [("in", 0, "prep", "IN"), ("Brandvik", 1, "pobj", "NNP")]
    expected = {("organization/kestrel-air", "headquarters", "place/brandvik", "based-in")}
    # "Headquartered in Brandvik , Kestrel Air grew ."
    rows = [("Headquartered", 6, "advcl", "VBN")] + base + [(",", 6, "punct", ","), ("Kestrel", 5, "compound", "NNP"),
                                                              ("Air", 6, "nsubj", "NNP"), ("grew", 6, "ROOT", "VBD"), (".", 6, "punct", ".")]
    ents = ["O", "O", "B-GPE", "O", "B-ORG", "I-ORG", "O", "O"]
    assert relations(run(make_doc(rows, ents))) == expected
    # "Kestrel Air is a bank founded in 1986 and headquartered in Brandvik ."
    rows = [("Kestrel", 1, "compound", "NNP"), ("Air", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"), ("a", 4, "det", "DT"),
            ("bank", 2, "attr", "NN"), ("founded", 4, "acl", "VBN"), ("in", 5, "prep", "IN"), ("1986", 6, "pobj", "CD"),
            ("and", 5, "cc", "CC"), ("headquartered", 5, "conj", "VBN"), ("in", 9, "prep", "IN"), ("Brandvik", 10, "pobj", "NNP"),
            (".", 2, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "O", "O", "B-DATE", "O", "O", "O", "B-GPE", "O"]
    assert relations(run(make_doc(rows, ents))) == expected
    # "Kestrel Air is a maker of airships based in Brandvik ."
    rows = [("Kestrel", 1, "compound", "NNP"), ("Air", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"), ("a", 4, "det", "DT"),
            ("maker", 2, "attr", "NN"), ("of", 4, "prep", "IN"), ("airships", 5, "pobj", "NNS"), ("based", 6, "acl", "VBN"),
            ("in", 7, "prep", "IN"), ("Brandvik", 8, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O", "O", "B-GPE", "O"]
    assert relations(run(make_doc(rows, ents))) == expected

@pytest.mark.parametrize("negated", [False, True])
def test_is_based_in_and_is_not_based_in(make_doc, negated):
    # "Kestrel Air is (not) based in Brandvik ."
    n = int(negated)
    rows = [("Kestrel", 1, "compound", "NNP"), ("Air", 3 + n, "nsubjpass", "NNP"), ("is", 3 + n, "auxpass", "VBZ")]
    rows += [("not", 3 + n, "neg", "RB")] * n
    rows += [("based", 3 + n, "ROOT", "VBN"), ("in", 3 + n, "prep", "IN"), ("Brandvik", 4 + n, "pobj", "NNP"),
             (".", 3 + n, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O"] + ["O"] * n + ["O", "O", "B-GPE", "O"]
    expected = set() if negated else {("organization/kestrel-air", "headquarters", "place/brandvik", "based-in")}
    assert relations(run(make_doc(rows, ents))) == expected


def based_in_brandvik(second: list[tuple], second_ents: list[str]) -> tuple[list[tuple], list[str]]:
    """"Kestrel Air is based in Brandvik ." and a second sentence (heads counted from 7)."""
    rows = [("Kestrel", 1, "compound", "NNP"), ("Air", 3, "nsubjpass", "NNP"), ("is", 3, "auxpass", "VBZ"),
            ("based", 3, "ROOT", "VBN"), ("in", 3, "prep", "IN"), ("Brandvik", 4, "pobj", "NNP"),
            (".", 3, "punct", ".")]
    return rows + second, ["B-ORG", "I-ORG", "O", "O", "O", "B-GPE", "O"] + second_ents


def test_containment_in_steps_is_inferred(make_doc):
    # "... Brandvik is a town in Norway .": the company is in Norway too.
    doc = run(make_doc(*based_in_brandvik([
        ("Brandvik", 8, "nsubj", "NNP"), ("is", 8, "ROOT", "VBZ"), ("a", 10, "det", "DT"), ("town", 8, "attr", "NN"),
        ("in", 10, "prep", "IN"), ("Norway", 11, "pobj", "NNP"), (".", 8, "punct", "."),
    ], ["B-GPE", "O", "O", "O", "O", "B-GPE", "O"])))
    assert relations(doc) == {
        ("organization/kestrel-air", "headquarters", "place/brandvik", "based-in"),
        ("place/brandvik", "country", "place/norway", "located-in"),
        ("place/brandvik", "country", "place/norway", "document-country"),
        ("organization/kestrel-air", "country", "place/norway", "located-in-transitive"),
    }
    inferred = next(r for r in doc._.kg_relations if r.rule == "located-in-transitive")
    assert inferred.sentence.text == "Kestrel Air is based in Brandvik."
    assert (inferred.subject_mention.text, inferred.object_mention.text) == ("Kestrel Air", "Norway")


def test_no_inference_from_the_document_country(make_doc):
    # "... Norway won .": Brandvik is put in Norway by the document-country inference only.
    doc = run(make_doc(*based_in_brandvik(
        [("Norway", 8, "nsubj", "NNP"), ("won", 8, "ROOT", "VBD"), (".", 8, "punct", ".")], ["B-GPE", "O", "O"])))
    assert relations(doc) == {
        ("organization/kestrel-air", "headquarters", "place/brandvik", "based-in"),
        ("place/brandvik", "country", "place/norway", "document-country"),
    }


def chief_executive(owner: str, tag: str) -> tuple[list[tuple], list[str]]:
    """"OWNER 's chief executive , Paul Dunn , resigned ."."""
    return [
        (owner, 3, "poss", "NNP"), ("'s", 0, "case", "POS"), ("chief", 3, "amod", "JJ"),
        ("executive", 8, "nsubj", "NN"),
        (",", 3, "punct", ","), ("Paul", 6, "compound", "NNP"), ("Dunn", 3, "appos", "NNP"), (",", 3, "punct", ","),
        ("resigned", 8, "ROOT", "VBD"), (".", 8, "punct", "."),
    ], [f"B-{tag}", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O"]


def test_name_in_apposition_to_a_title(make_doc):
    assert relations(run(make_doc(*chief_executive("Northwind", "ORG")))) == {
        ("person/paul-dunn", "jobTitle", "chief executive", "title-appos-name"),
        ("person/paul-dunn", "headOf", "organization/northwind", "title-appos-name"),
    }
    # A place's chief executive: the title, no organization.
    assert relations(run(make_doc(*chief_executive("Westmark", "GPE")))) == {
        ("person/paul-dunn", "jobTitle", "chief executive", "title-appos-name")}


@pytest.mark.parametrize(("first", "prop"), [("chief", "headOf"), ("deputy", "employer")])
def test_possessive_before_a_title_before_a_name(make_doc, first, prop):
    # "Northwind 's chief executive Paul Dunn resigned ." (a deputy chief executive heads nothing)
    doc = run(make_doc([
        ("Northwind", 5, "poss", "NNP"), ("'s", 0, "case", "POS"), (first, 3, "amod", "JJ"),
        ("executive", 5, "compound", "NN"), ("Paul", 5, "compound", "NNP"), ("Dunn", 6, "nsubj", "NNP"),
        ("resigned", 6, "ROOT", "VBD"), (".", 6, "punct", "."),
    ], ["B-ORG", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"]))
    assert relations(doc) == {
        ("person/paul-dunn", "jobTitle", f"{first} executive", "title-before-name"),
        ("person/paul-dunn", prop, "organization/northwind", "org-title-before-name"),
    }


@pytest.mark.parametrize(("child", "tag", "expected"), [
    ("Kestrel Air", "ORG", {("organization/kestrel-air", "partOf", "organization/northwind-ltd", "parent-of")}),
    ("Paul Dunn", "PERSON", set()),  # a person is no subsidiary
])
def test_parent_of(make_doc, child, tag, expected):
    # "Northwind Ltd , the parent of CHILD , grew ."
    first, last = child.split()
    doc = run(make_doc([
        ("Northwind", 1, "compound", "NNP"), ("Ltd", 9, "nsubj", "NNP"), (",", 1, "punct", ","),
        ("the", 4, "det", "DT"),
        ("parent", 1, "appos", "NN"), ("of", 4, "prep", "IN"), (first, 7, "compound", "NNP"), (last, 5, "pobj", "NNP"),
        (",", 1, "punct", ","), ("grew", 9, "ROOT", "VBD"), (".", 9, "punct", "."),
    ], ["B-ORG", "I-ORG", "O", "O", "O", "O", f"B-{tag}", f"I-{tag}", "O", "O", "O"]))
    assert relations(doc) == expected


def test_country_adjectives_of_the_gazetteer():
    gazetteer = default_gazetteer()
    assert gazetteer.country_of_adjective("Canadian") == "Canada"
    assert gazetteer.country_of_adjective("South Korean") == "South Korea"
    assert gazetteer.country_of_adjective("Dutch") == "Netherlands"
    assert gazetteer.country_of_adjective("polish") is None  # case matters
    assert gazetteer.country_of_adjective("Korean") is None  # two countries
    assert gazetteer.lookup("the Netherlands").name == "Netherlands"


@pytest.mark.model
def test_nationality_and_location_with_the_model(nlp):
    doc = nlp("Maria Popescu is a Romanian violinist. Kestrel Airlines is a Danish airline. "
              "Smithville is a town in Lambton County, Ontario.")
    found = {(r.subject, r.prop, r.object) for r in doc._.kg_relations}
    assert ("person/maria-popescu", "citizenOf", "place/romania") in found
    assert ("organization/kestrel-airlines", "country", "place/denmark") in found
    assert ("place/lambton-county", "locatedIn", "place/ontario") in found
    # the town's class is the entity linker's call; where it lies is this rule's
    assert any(s.endswith("/smithville") and (p, o) == ("locatedIn", "place/lambton-county") for s, p, o in found)


@pytest.mark.model
def test_headquarters_parent_and_named_executive_with_the_model(nlp):
    doc = nlp("Corvane Robotics is a company based in Tempe, Arizona. Halvard Group, the parent of "
              "Corvane Robotics, hired staff. Halvard Group's chief executive, Mira Okonkwo, spoke.")
    found = {(r.subject, r.prop, r.object, r.rule) for r in doc._.kg_relations}
    assert ("organization/corvane-robotics", "headquarters", "place/tempe", "based-in") in found
    assert ("organization/corvane-robotics", "partOf", "organization/halvard-group", "parent-of") in found
    assert ("person/mira-okonkwo", "headOf", "organization/halvard-group", "title-appos-name") in found
    # Tempe in Arizona (the text), Arizona in the United States (the gazetteer): inferred
    assert ("organization/corvane-robotics", "locatedIn", "place/arizona", "located-in-transitive") in found


def test_a_person_who_lives_in_a_place(make_doc):
    # "Rui Costa , a baker who lives in Velmora , spoke ."
    rows = [("Rui", 1, "compound", "NNP"), ("Costa", 10, "nsubj", "NNP"), (",", 1, "punct", ","),
            ("a", 4, "det", "DT"), ("baker", 1, "appos", "NN"), ("who", 6, "nsubj", "WP"), ("lives", 4, "relcl", "VBZ"),
            ("in", 6, "prep", "IN"), ("Velmora", 7, "pobj", "NNP"), (",", 1, "punct", ","), ("spoke", 10, "ROOT", "VBD"),
            (".", 10, "punct", ".")]
    ents = ["O"] * len(rows)
    ents[0:2], ents[8] = ["B-PERSON", "I-PERSON"], "B-GPE"
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "residence"} == {
        ("person/rui-costa", "residence", "place/velmora", "verb-lives-in")}
    # "... who does not live in Velmora ...": nothing
    rows = rows[:6] + [("does", 8, "aux", "VBZ"), ("not", 8, "neg", "RB"), ("live", 4, "relcl", "VB"),
                       ("in", 8, "prep", "IN"), ("Velmora", 9, "pobj", "NNP"), (",", 1, "punct", ","),
                       ("spoke", 12, "ROOT", "VBD"), (".", 12, "punct", ".")]
    rows[1] = ("Costa", 12, "nsubj", "NNP")
    ents = ["O"] * len(rows)
    ents[0:2], ents[10] = ["B-PERSON", "I-PERSON"], "B-GPE"
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "residence"} == set()


def test_a_home_with_its_region_fronted_or_emigrated_to(make_doc):
    # "Raised in Velmora , Quebec , Ana Silva spoke ."
    rows = [("Raised", 8, "advcl", "VBN"), ("in", 0, "prep", "IN"), ("Velmora", 1, "pobj", "NNP"), (",", 2, "punct", ","),
            ("Quebec", 2, "appos", "NNP"), (",", 8, "punct", ","), ("Ana", 7, "compound", "NNP"), ("Silva", 8, "nsubj", "NNP"),
            ("spoke", 8, "ROOT", "VBD"), (".", 8, "punct", ".")]
    ents = ["O", "O", "B-GPE", "O", "B-GPE", "O", "B-PERSON", "I-PERSON", "O", "O"]
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "residence"} == {
        ("person/ana-silva", "residence", "place/velmora", "verb-moved-to"),
        ("person/ana-silva", "residence", "place/quebec", "verb-moved-to")}
    # "Ana Silva emigrated to Canada ." ; "Ana Silva lives and works in Velmora ."
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("emigrated", 2, "ROOT", "VBD"), ("to", 2, "prep", "IN"),
            ("Canada", 3, "pobj", "NNP"), (".", 2, "punct", ".")]
    assert relations(run(make_doc(rows, ["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O"]))) == {
        ("person/ana-silva", "residence", "place/canada", "verb-moved-to")}
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("lives", 2, "ROOT", "VBZ"), ("and", 2, "cc", "CC"),
            ("works", 2, "conj", "VBZ"), ("in", 4, "prep", "IN"), ("Velmora", 5, "pobj", "NNP"), (".", 2, "punct", ".")]
    assert relations(run(make_doc(rows, ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-GPE", "O"]))) == {
        ("person/ana-silva", "residence", "place/velmora", "verb-lives-in")}

def test_age_and_home_town_after_a_name(make_doc):
    # "Rui Costa , 42 , of Velmora , spoke ." and "Velmora resident Ana Silva" is no pattern here
    rows = [("Rui", 1, "compound", "NNP"), ("Costa", 7, "nsubj", "NNP"), (",", 1, "punct", ","),
            ("42", 1, "appos", "CD"), (",", 1, "punct", ","), ("of", 1, "prep", "IN"), ("Velmora", 5, "pobj", "NNP"),
            ("spoke", 7, "ROOT", "VBD"), (".", 7, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "B-CARDINAL", "O", "O", "B-GPE", "O", "O"]
    assert ("person/rui-costa", "residence", "place/velmora", "age-of-place") in relations(run(make_doc(rows, ents)))


def test_a_resident_of_a_place(make_doc):
    # "Rui Costa , a resident of Velmora , spoke ."
    rows = [("Rui", 1, "compound", "NNP"), ("Costa", 8, "nsubj", "NNP"), (",", 1, "punct", ","),
            ("a", 4, "det", "DT"), ("resident", 1, "appos", "NN"), ("of", 4, "prep", "IN"),
            ("Velmora", 5, "pobj", "NNP"), (",", 1, "punct", ","), ("spoke", 8, "ROOT", "VBD"), (".", 8, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-GPE", "O", "O", "O"]
    assert ("person/rui-costa", "residence", "place/velmora", "resident-of") in relations(run(make_doc(rows, ents)))



def test_a_resident_of_a_place_after_is_or_before_the_name(make_doc):
    # "Rui Costa is a resident of Velmora ."
    rows = [("Rui", 1, "compound", "NNP"), ("Costa", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"), ("a", 4, "det", "DT"),
            ("resident", 2, "attr", "NN"), ("of", 4, "prep", "IN"), ("Velmora", 5, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-GPE", "O"]
    assert ("person/rui-costa", "residence", "place/velmora", "resident-of") in relations(run(make_doc(rows, ents)))
    # "A resident of Velmora , Rui Costa spoke ." : both subjects of "spoke"
    rows = [("A", 1, "det", "DT"), ("resident", 7, "nsubj", "NN"), ("of", 1, "prep", "IN"), ("Velmora", 2, "pobj", "NNP"),
            (",", 7, "punct", ","), ("Rui", 6, "compound", "NNP"), ("Costa", 7, "nsubj", "NNP"), ("spoke", 7, "ROOT", "VBD"),
            (".", 7, "punct", ".")]
    ents = ["O", "O", "O", "B-GPE", "O", "B-PERSON", "I-PERSON", "O", "O"]
    assert ("person/rui-costa", "residence", "place/velmora", "resident-of") in relations(run(make_doc(rows, ents)))


def test_conjoined_subjects_share_the_verb_and_the_relative_clause(make_doc):
    # "Rui and Ana Silva live in Velmora ."
    rows = [("Rui", 4, "nsubj", "NNP"), ("and", 0, "cc", "CC"), ("Ana", 3, "compound", "NNP"), ("Silva", 0, "conj", "NNP"),
            ("live", 4, "ROOT", "VBP"), ("in", 4, "prep", "IN"), ("Velmora", 5, "pobj", "NNP"), (".", 4, "punct", ".")]
    ents = ["B-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O"]
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "residence"} == {
        ("person/rui", "residence", "place/velmora", "verb-lives-in"),
        ("person/ana-silva", "residence", "place/velmora", "verb-lives-in")}
    # "Rui and Ana Silva , who lived in Velmora , met ."
    rows = [("Rui", 10, "nsubj", "NNP"), ("and", 0, "cc", "CC"), ("Ana", 3, "compound", "NNP"), ("Silva", 0, "conj", "NNP"),
            (",", 0, "punct", ","), ("who", 6, "nsubj", "WP"), ("lived", 0, "relcl", "VBD"), ("in", 6, "prep", "IN"),
            ("Velmora", 7, "pobj", "NNP"), (",", 0, "punct", ","), ("met", 10, "ROOT", "VBD"), (".", 10, "punct", ".")]
    ents = ["B-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-GPE", "O", "O", "O"]
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "residence"} == {
        ("person/rui", "residence", "place/velmora", "verb-lives-in"),
        ("person/ana-silva", "residence", "place/velmora", "verb-lives-in")}

def test_a_unit_of_an_organization(make_doc):
    # "Velto Mills , a unit of Harlan Group , cut jobs ."
    rows = [("Velto", 1, "compound", "NNP"), ("Mills", 9, "nsubj", "NNP"), (",", 1, "punct", ","),
            ("a", 4, "det", "DT"), ("unit", 1, "appos", "NN"), ("of", 4, "prep", "IN"), ("Harlan", 7, "compound", "NNP"),
            ("Group", 5, "pobj", "NNP"), (",", 1, "punct", ","), ("cut", 9, "ROOT", "VBD"), ("jobs", 9, "dobj", "NNS"),
            (".", 9, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "O", "B-ORG", "I-ORG", "O", "O", "O", "O"]
    assert ("organization/velto-mills", "partOf", "organization/harlan-group", "unit-of") in relations(
        run(make_doc(rows, ents)))


def test_a_subsidiary_before_the_name_or_in_a_relative_clause(make_doc):
    expected = ("organization/velto-mills", "partOf", "organization/harlan-group", "unit-of")
    # "A subsidiary of Harlan Group , Velto Mills cut jobs ."
    rows = [("A", 1, "det", "DT"), ("subsidiary", 8, "nsubj", "NN"), ("of", 1, "prep", "IN"), ("Harlan", 4, "compound", "NNP"),
            ("Group", 2, "pobj", "NNP"), (",", 8, "punct", ","), ("Velto", 7, "compound", "NNP"), ("Mills", 8, "nsubj", "NNP"),
            ("cut", 8, "ROOT", "VBD"), ("jobs", 8, "dobj", "NNS"), (".", 8, "punct", ".")]
    ents = ["O", "O", "O", "B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    assert expected in relations(run(make_doc(rows, ents)))
    # "Velto Mills is a company that owns a mill and is a subsidiary of Harlan Group ."
    rows = [("Velto", 1, "compound", "NNP"), ("Mills", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"), ("a", 4, "det", "DT"),
            ("company", 2, "attr", "NN"), ("that", 6, "nsubj", "WDT"), ("owns", 4, "relcl", "VBZ"), ("a", 8, "det", "DT"),
            ("mill", 6, "dobj", "NN"), ("and", 6, "cc", "CC"), ("is", 6, "conj", "VBZ"), ("a", 12, "det", "DT"),
            ("subsidiary", 10, "attr", "NN"), ("of", 12, "prep", "IN"), ("Harlan", 15, "compound", "NNP"),
            ("Group", 13, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-ORG", "I-ORG"] + ["O"] * 12 + ["B-ORG", "I-ORG", "O"]
    assert expected in relations(run(make_doc(rows, ents)))


@pytest.mark.parametrize(("place", "tag", "expected"), [
    ("Canada", "GPE", ("country", "place/canada")), ("Velmora", "GPE", ("locatedIn", "place/velmora"))])
def test_a_place_possessive_before_an_organization(make_doc, place, tag, expected):
    # "<place> 's Harlan Group cut jobs ."
    rows = [(place, 2, "poss", "NNP"), ("'s", 0, "case", "POS"), ("Harlan", 3, "compound", "NNP"), ("Group", 4, "nsubj", "NNP"),
            ("cut", 4, "ROOT", "VBD"), ("jobs", 4, "dobj", "NNS"), (".", 4, "punct", ".")]
    ents = [f"B-{tag}", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    found = {(r[1], r[2]) for r in relations(run(make_doc(rows, ents))) if r[3] == "place-possessive"}
    assert found == {expected}


def test_operates_as_a_subsidiary_and_a_daughter_company(make_doc):
    # "Velto Mills operates as a subsidiary of Harlan Group ."
    rows = [("Velto", 1, "compound", "NNP"), ("Mills", 2, "nsubj", "NNP"), ("operates", 2, "ROOT", "VBZ"),
            ("as", 2, "prep", "IN"), ("a", 5, "det", "DT"), ("subsidiary", 3, "pobj", "NN"), ("of", 5, "prep", "IN"),
            ("Harlan", 8, "compound", "NNP"), ("Group", 6, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "O", "O", "B-ORG", "I-ORG", "O"]
    expected = ("organization/velto-mills", "partOf", "organization/harlan-group", "unit-of")
    assert expected in relations(run(make_doc(rows, ents)))
    # "Velto Mills is a daughter company of Harlan Group ."
    rows[2:6] = [("is", 2, "ROOT", "VBZ"), ("a", 5, "det", "DT"), ("daughter", 5, "compound", "NN"),
                 ("company", 2, "attr", "NN")]
    assert expected in relations(run(make_doc(rows, ents)))


def test_town_before_a_division_of_any_country(make_doc):
    # "Norvale Bank , based in Kirkwall , Scotland ." : Scotland is a first-level division of
    # the United Kingdom (GeoNames admin1), so the comma joins a town to it
    doc = run(make_doc([
        ("Norvale", 1, "compound", "NNP"), ("Bank", 1, "ROOT", "NNP"), (",", 1, "punct", ","),
        ("based", 1, "acl", "VBN"), ("in", 3, "prep", "IN"), ("Kirkwall", 4, "pobj", "NNP"),
        (",", 5, "punct", ","), ("Scotland", 5, "appos", "NNP"), (".", 1, "punct", "."),
    ], ["B-ORG", "I-ORG", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"]))
    assert relations(doc) == {
        ("organization/norvale-bank", "headquarters", "place/kirkwall", "based-in"),
        ("place/kirkwall", "locatedIn", "place/scotland", "city-region"),
        ("organization/norvale-bank", "locatedIn", "place/scotland", "located-in-transitive"),
    }


def test_organization_whose_name_holds_the_country_the_document_names(make_doc):
    # "The Norwegian Coastal Administration inspected the ships off Norway ."
    spec = [
        ("The", 3, "det", "DT"), ("Norwegian", 3, "amod", "JJ"), ("Coastal", 3, "compound", "NNP"),
        ("Administration", 4, "nsubj", "NNP"), ("inspected", 4, "ROOT", "VBD"), ("the", 6, "det", "DT"),
        ("ships", 4, "dobj", "NNS"), ("off", 6, "prep", "IN"), ("Norway", 7, "pobj", "NNP"),
        (".", 4, "punct", "."),
    ]
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "B-GPE", "O"]
    assert relations(run(make_doc(spec, ents))) == {
        ("organization/norwegian-coastal-administration", "country", "place/norway", "name-country")}
    # the document names no Norway of its own: no country entity to link to
    assert relations(run(make_doc(spec[:8] + [("Bergen", 7, "pobj", "NNP"), spec[9]], ents))) == set()


def test_organization_whose_name_begins_with_a_city_the_document_names(make_doc):
    # "The Leeds Port Authority opened an office in Leeds ."
    spec = [
        ("The", 3, "det", "DT"), ("Leeds", 3, "compound", "NNP"), ("Port", 3, "compound", "NNP"),
        ("Authority", 4, "nsubj", "NNP"), ("opened", 4, "ROOT", "VBD"), ("an", 6, "det", "DT"),
        ("office", 4, "dobj", "NN"), ("in", 6, "prep", "IN"), ("Leeds", 7, "pobj", "NNP"), (".", 4, "punct", "."),
    ]
    ents = ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "B-GPE", "O"]
    assert relations(run(make_doc(spec, ents))) == {
        ("organization/leeds-port-authority", "locatedIn", "place/leeds", "name-place")}
    # the document names no Leeds of its own: nothing to link to
    assert relations(run(make_doc(spec[:8] + [("Bergen", 7, "pobj", "NNP"), spec[9]], ents))) == set()


def test_organization_whose_name_ends_in_of_and_a_city(make_doc):
    # "The University of Leeds hosted scholars from Leeds ."
    doc = run(make_doc([
        ("The", 1, "det", "DT"), ("University", 4, "nsubj", "NNP"), ("of", 1, "prep", "IN"),
        ("Leeds", 2, "pobj", "NNP"), ("hosted", 4, "ROOT", "VBD"), ("scholars", 4, "dobj", "NNS"),
        ("from", 5, "prep", "IN"), ("Leeds", 6, "pobj", "NNP"), (".", 4, "punct", "."),
    ], ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-GPE", "O"]))
    assert relations(doc) == {("organization/university-of-leeds", "locatedIn", "place/leeds", "name-place")}


def test_name_country_is_not_read_from_a_subject_or_a_people(make_doc):
    # "The Institute of Japanese Studies hosted scholars from Japan ."
    doc = run(make_doc([
        ("The", 1, "det", "DT"), ("Institute", 5, "nsubj", "NNP"), ("of", 1, "prep", "IN"),
        ("Japanese", 4, "amod", "JJ"), ("Studies", 2, "pobj", "NNPS"), ("hosted", 5, "ROOT", "VBD"),
        ("scholars", 5, "dobj", "NNS"), ("from", 6, "prep", "IN"), ("Japan", 7, "pobj", "NNP"),
        (".", 5, "punct", "."),
    ], ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O", "B-GPE", "O"]))
    assert not {r for r in relations(doc) if r[3] == "name-country"}


def test_party_word_before_a_title_is_a_mention_of_the_party(make_doc):
    # "Republican Sen. Ana Silva said ."
    doc = run(make_doc([
        ("Republican", 3, "amod", "JJ"), ("Sen.", 3, "compound", "NNP"), ("Ana", 3, "compound", "NNP"),
        ("Silva", 4, "nsubj", "NNP"), ("said", 4, "ROOT", "VBD"), (".", 4, "punct", "."),
    ], ["O", "O", "B-PERSON", "I-PERSON", "O", "O"]))
    assert relations(doc) == {("person/ana-silva", "memberOf", "organization/republican-party", "party-word"),
                              ("person/ana-silva", "jobTitle", "Sen.", "title-before-name")}
    assert entities(doc)["organization/republican-party"] == ("Organization", ["Republican"])


def test_party_letter_after_a_legislator(make_doc):
    # "Sen. Ana Silva ( D - Ohio ) voted ."
    doc = run(make_doc([
        ("Sen.", 2, "compound", "NNP"), ("Ana", 2, "compound", "NNP"), ("Silva", 8, "nsubj", "NNP"),
        ("(", 2, "punct", "-LRB-"), ("D", 2, "appos", "NNP"), ("-", 4, "punct", "HYPH"),
        ("Ohio", 4, "appos", "NNP"), (")", 2, "punct", "-RRB-"), ("voted", 8, "ROOT", "VBD"), (".", 8, "punct", "."),
    ], ["O", "B-PERSON", "I-PERSON", "O", "O", "O", "B-GPE", "O", "O", "O"]))
    assert ("person/ana-silva", "memberOf", "organization/democratic-party", "party-state") in relations(doc)
    assert entities(doc)["organization/democratic-party"] == ("Organization", ["D"])


def test_party_word_before_an_office_names_no_party(make_doc):
    # "Labour Secretary Ana Silva resigned ." : the secretary heads a department of labour
    doc = run(make_doc([
        ("Labour", 1, "compound", "NNP"), ("Secretary", 3, "compound", "NNP"), ("Ana", 3, "compound", "NNP"),
        ("Silva", 4, "nsubj", "NNP"), ("resigned", 4, "ROOT", "VBD"), (".", 4, "punct", "."),
    ], ["O", "O", "B-PERSON", "I-PERSON", "O", "O"]))
    assert "organization/labour-party" not in entities(doc)
    assert not {r for r in relations(doc) if r[1] == "memberOf"}


@pytest.mark.parametrize("title, prop", [("economist", "employer"), ("executive", "headOf")])
def test_an_organization_that_hired_a_person_employs_or_is_headed_by_them(make_doc, title, prop):
    # "Velto Mills hired Ana Silva as chief <title> ."
    doc = run(make_doc([
        ("Velto", 1, "compound", "NNP"), ("Mills", 2, "nsubj", "NNP"), ("hired", 2, "ROOT", "VBD"),
        ("Ana", 4, "compound", "NNP"), ("Silva", 2, "dobj", "NNP"), ("as", 2, "prep", "IN"),
        ("chief", 7, "amod", "JJ"), (title, 5, "pobj", "NN"), (".", 2, "punct", "."),
    ], ["B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"]))
    assert ("person/ana-silva", prop, "organization/velto-mills", "verb-hired") in relations(doc)


def test_hired_by_in_the_passive_and_not_hired(make_doc):
    # "Ana Silva was hired by Velto Mills ."
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 3, "nsubjpass", "NNP"), ("was", 3, "auxpass", "VBD"),
            ("hired", 3, "ROOT", "VBN"), ("by", 3, "agent", "IN"), ("Velto", 6, "compound", "NNP"),
            ("Mills", 4, "pobj", "NNP"), (".", 3, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "B-ORG", "I-ORG", "O"]
    assert relations(run(make_doc(rows, ents))) == {
        ("person/ana-silva", "employer", "organization/velto-mills", "verb-hired")}
    # "Ana Silva was not hired by Velto Mills ."
    doc = run(make_doc([
        ("Ana", 1, "compound", "NNP"), ("Silva", 4, "nsubjpass", "NNP"), ("was", 4, "auxpass", "VBD"),
        ("not", 4, "neg", "RB"), ("hired", 4, "ROOT", "VBN"), ("by", 4, "agent", "IN"), ("Velto", 7, "compound", "NNP"),
        ("Mills", 5, "pobj", "NNP"), (".", 4, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-ORG", "I-ORG", "O"]))
    assert relations(doc) == set()


@pytest.mark.parametrize("org, prop", [("Velto Mills", "employer"), ("Harbour Workers Union", "memberOf")])
def test_person_of_an_organization(make_doc, org, prop):
    # "Chemist Ana Silva of <org> said ."
    words = org.split()
    rows = [("Chemist", 2, "compound", "NN"), ("Ana", 2, "compound", "NNP"), ("Silva", 5 + len(words), "nsubj", "NNP"),
            ("of", 2, "prep", "IN")]
    rows += [(w, 3 + len(words), "compound", "NNP") for w in words[:-1]] + [(words[-1], 3, "pobj", "NNP")]
    rows += [("said", 4 + len(words), "ROOT", "VBD"), (".", 4 + len(words), "punct", ".")]
    ents = ["O", "B-PERSON", "I-PERSON", "O", "B-ORG"] + ["I-ORG"] * (len(words) - 1) + ["O", "O"]
    key = "organization/" + "-".join(w.lower() for w in words)
    assert ("person/ana-silva", prop, key, "person-of") in relations(run(make_doc(rows, ents)))
    # a name of one word ("Albert of Velto Mills"): no link
    rows[1:3] = [("Albert", 4 + len(words), "nsubj", "NNP")]
    rows = [(w, h - 1 if h > 2 else h, d, t) for w, h, d, t in rows]
    ents[1:3] = ["B-PERSON"]
    assert not {r for r in relations(run(make_doc(rows, ents))) if r[3] == "person-of"}


def test_an_organization_led_by_people(make_doc):
    # "Velto Mills is led by Ana Silva and Ben Okoro ."
    rows = [("Velto", 1, "compound", "NNP"), ("Mills", 3, "nsubjpass", "NNP"), ("is", 3, "auxpass", "VBZ"),
            ("led", 3, "ROOT", "VBN"), ("by", 3, "agent", "IN"), ("Ana", 6, "compound", "NNP"),
            ("Silva", 4, "pobj", "NNP"), ("and", 6, "cc", "CC"), ("Ben", 9, "compound", "NNP"),
            ("Okoro", 6, "conj", "NNP"), (".", 3, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O"]
    assert relations(run(make_doc(rows, ents))) == {
        ("person/ana-silva", "headOf", "organization/velto-mills", "verb-led-by"),
        ("person/ben-okoro", "headOf", "organization/velto-mills", "verb-led-by")}
    # "... is directed by ...": a film's director, no head
    rows[3] = ("directed", 3, "ROOT", "VBN")
    assert relations(run(make_doc(rows, ents))) == set()


def test_served_as_a_title_of_an_organization(make_doc):
    # "Ana Silva served as chief executive of Velto Mills ."
    doc = run(make_doc([
        ("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("served", 2, "ROOT", "VBD"),
        ("as", 2, "prep", "IN"), ("chief", 5, "amod", "JJ"), ("executive", 3, "pobj", "NN"),
        ("of", 5, "prep", "IN"), ("Velto", 8, "compound", "NNP"), ("Mills", 6, "pobj", "NNP"), (".", 2, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-ORG", "I-ORG", "O"]))
    assert relations(doc) == {
        ("person/ana-silva", "jobTitle", "chief executive", "served-as-title"),
        ("person/ana-silva", "headOf", "organization/velto-mills", "served-as-title")}


def test_titles_joined_before_an_of_phrase_share_it(make_doc):
    # "Ana Silva is president and chairman of Velto Mills ."
    doc = run(make_doc([
        ("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"),
        ("president", 2, "attr", "NN"), ("and", 3, "cc", "CC"), ("chairman", 3, "conj", "NN"),
        ("of", 5, "prep", "IN"), ("Velto", 8, "compound", "NNP"), ("Mills", 6, "pobj", "NNP"), (".", 2, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-ORG", "I-ORG", "O"]))
    assert relations(doc) == {
        ("person/ana-silva", "jobTitle", "president", "copula-title"),
        ("person/ana-silva", "headOf", "organization/velto-mills", "copula-title")}


def test_employed_by_an_organization(make_doc):
    # "Ana Silva is employed by Velto Mills ." (spaCy labels "by" agent)
    doc = run(make_doc([
        ("Ana", 1, "compound", "NNP"), ("Silva", 3, "nsubjpass", "NNP"), ("is", 3, "auxpass", "VBZ"),
        ("employed", 3, "ROOT", "VBN"), ("by", 3, "agent", "IN"), ("Velto", 6, "compound", "NNP"),
        ("Mills", 4, "pobj", "NNP"), (".", 3, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", "O", "B-ORG", "I-ORG", "O"]))
    assert relations(doc) == {("person/ana-silva", "employer", "organization/velto-mills", "verb-employed-by")}


@pytest.mark.parametrize(("verb", "prep", "rule"), [
    ("taught", "at", "verb-works-for"), ("retired", "from", "verb-retired-from"), ("studied", "at", None)])
def test_verbs_of_a_workplace(make_doc, verb, prep, rule):
    # "Ana Silva taught at Velto College ." ("studied at" is no employer)
    doc = run(make_doc([
        ("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), (verb, 2, "ROOT", "VBD"),
        (prep, 2, "prep", "IN"), ("Velto", 5, "compound", "NNP"), ("College", 3, "pobj", "NNP"), (".", 2, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "O"]))
    expected = {("person/ana-silva", "employer", "organization/velto-college", rule)} if rule else set()
    assert relations(doc) == expected


def test_organization_of_a_place(make_doc):
    # "Norvale Freight Inc. of Halifax bought the ships ."
    doc = run(make_doc([
        ("Norvale", 2, "compound", "NNP"), ("Freight", 2, "compound", "NNP"), ("Inc.", 5, "nsubj", "NNP"),
        ("of", 2, "prep", "IN"), ("Halifax", 3, "pobj", "NNP"), ("bought", 5, "ROOT", "VBD"),
        ("the", 7, "det", "DT"), ("ships", 5, "dobj", "NNS"), (".", 5, "punct", "."),
    ], ["B-ORG", "I-ORG", "I-ORG", "O", "B-GPE", "O", "O", "O", "O"]))
    assert ("organization/norvale-freight-inc", "locatedIn", "place/halifax", "organization-of-place") in relations(doc)


@pytest.mark.parametrize(("words", "expected"), [
    (["Ana", "Silva"], {("person/ana-silva", "residence", "place/leeds", "person-of-place")}),
    (["King", "Oswin", "II"], set()),  # a style and a regnal number: "King Oswin II of Leeds"
    (["Oswin"], set()),  # one word
])
def test_person_of_a_place_lives_there(make_doc, words, expected):
    # "Actress Ana Silva of Leeds spoke ."
    n = len(words)
    rows = [("Actress", n, "compound", "NN")] + [(w, n, "compound", "NNP") for w in words[:-1]]
    rows += [(words[-1], n + 3, "nsubj", "NNP"), ("of", n, "prep", "IN"), ("Leeds", n + 1, "pobj", "NNP"),
             ("spoke", n + 3, "ROOT", "VBD"), (".", n + 3, "punct", ".")]
    ents = ["O", "B-PERSON"] + ["I-PERSON"] * (n - 1) + ["O", "B-GPE", "O", "O"]
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "residence"} == expected


@pytest.mark.parametrize(("noun", "org", "prop", "rule"), [
    ("publisher", ["Velmora", "Herald"], "employer", "appos-title"),
    ("CFO", ["Velmora", "Mills"], "employer", "appos-title"),
    ("candidate", ["Velmora", "Party"], "memberOf", "member-of")])
def test_a_publisher_works_for_and_a_candidate_belongs_to(make_doc, noun, org, prop, rule):
    # "Ana Silva , <noun> of the <org> , spoke ."
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 9, "nsubj", "NNP"), (",", 1, "punct", ","),
            (noun, 1, "appos", "NN"), ("of", 3, "prep", "IN"), ("the", 7, "det", "DT"),
            (org[0], 7, "compound", "NNP"), (org[1], 4, "pobj", "NNP"), (",", 1, "punct", ","),
            ("spoke", 9, "ROOT", "VBD"), (".", 9, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    key = "organization/" + "-".join(w.lower() for w in org)
    assert ("person/ana-silva", prop, key, rule) in relations(run(make_doc(rows, ents)))


def test_a_rank_between_the_title_and_the_name(make_doc):
    # "Velmora Freight spokesman Lt . Ana Silva said ."
    rows = [("Velmora", 1, "compound", "NNP"), ("Freight", 2, "compound", "NNP"), ("spokesman", 6, "compound", "NN"),
            ("Lt", 6, "compound", "NNP"), (".", 6, "compound", "NNP"), ("Ana", 6, "compound", "NNP"),
            ("Silva", 7, "nsubj", "NNP"), ("said", 7, "ROOT", "VBD"), (".", 7, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"]
    assert ("person/ana-silva", "spokespersonFor", "organization/velmora-freight", "org-title-before-name") in relations(
        run(make_doc(rows, ents)))


@pytest.mark.parametrize(("tail", "expected"), [
    ([(".", 1, "punct", ".")], {("place/merrowdale", "locatedIn", "place/lower-vessia", "place-comma-place")}),
    ([("and", 5, "cc", "CC"), ("Tolland", 5, "conj", "NNP"), (".", 1, "punct", ".")], set()),  # a list
])
def test_place_comma_place_after_a_preposition(make_doc, tail, expected):
    # "She was born in Merrowdale , Lower Vessia ." (neither known to the gazetteer)
    rows = [("She", 1, "nsubjpass", "PRP"), ("born", 1, "ROOT", "VBN"), ("in", 1, "prep", "IN"),
            ("Merrowdale", 2, "pobj", "NNP"), (",", 3, "punct", ","), ("Lower", 6, "compound", "NNP"),
            ("Vessia", 3, "appos", "NNP")] + tail
    ents = ["O", "O", "O", "B-GPE", "O", "B-GPE", "I-GPE"] + (["O"] if len(tail) == 1 else ["O", "B-GPE", "O"])
    got = {r for r in relations(run(make_doc(rows, ents))) if r[1] == "locatedIn"}
    assert got == expected


@pytest.mark.parametrize(("place", "tag", "expected"), [
    ("Japan", "GPE", {("organization/velmora-freight", "country", "place/japan", "place-in-brackets")}),
    ("IND", "GPE", set()),  # capitals in brackets: an acronym more often than a place
])
def test_a_place_in_brackets_after_an_organization(make_doc, place, tag, expected):
    # "Velmora Freight ( Japan ) grew ."
    doc = run(make_doc([
        ("Velmora", 1, "compound", "NNP"), ("Freight", 5, "nsubj", "NNP"), ("(", 3, "punct", "-LRB-"),
        (place, 1, "appos", "NNP"), (")", 3, "punct", "-RRB-"), ("grew", 5, "ROOT", "VBD"), (".", 5, "punct", "."),
    ], ["B-ORG", "I-ORG", "O", f"B-{tag}", "O", "O", "O"]))
    assert {r for r in relations(doc) if r[3] == "place-in-brackets"} == expected


@pytest.mark.parametrize("tail", [
    [("Velmora", 5, "compound", "NNP"), ("Party", 6, "compound", "NNP"), ("politician", 2, "attr", "NN")],
    [("politician", 2, "attr", "NN"), ("for", 4, "prep", "IN"), ("the", 7, "det", "DT"), ("Velmora", 7, "compound", "NNP"),
     ("Party", 5, "pobj", "NNP")],
])
def test_a_party_politician_is_a_member_of_the_party(make_doc, tail):
    # "Ana Silva is a Velmora Party politician ." / "... a politician for the Velmora Party ."
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"),
            ("a", 3 + next(i for i, t in enumerate(tail) if t[0] == "politician"), "det", "DT")] + tail + [
            (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O"] + [
        "B-ORG" if w == "Velmora" else "I-ORG" if w == "Party" else "O" for w, *_ in tail] + ["O"]
    assert ("person/ana-silva", "memberOf", "organization/velmora-party", "party-politician") in relations(
        run(make_doc(rows, ents)))



def test_a_politician_joined_to_another_noun_takes_the_party_the_parser_hung_on_the_first(make_doc):
    # "Ana Silva is a unionist and politician with the Velmora Party ." : "with" hangs on "unionist"
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"), ("a", 4, "det", "DT"),
            ("unionist", 2, "attr", "NN"), ("and", 4, "cc", "CC"), ("politician", 4, "conj", "NN"),
            ("with", 4, "prep", "IN"), ("the", 10, "det", "DT"), ("Velmora", 10, "compound", "NNP"),
            ("Party", 7, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 7 + ["B-ORG", "I-ORG", "O"]
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "memberOf"} == {
        ("person/ana-silva", "memberOf", "organization/velmora-party", "party-politician")}


def test_a_member_in_apposition_to_what_a_person_is_or_after_the_body(make_doc):
    # "Lena Ortiz was a physician , member of the Velmora Party ."
    rows = [("Lena", 1, "compound", "NNP"), ("Ortiz", 2, "nsubj", "NNP"), ("was", 2, "ROOT", "VBD"), ("a", 4, "det", "DT"),
            ("physician", 2, "attr", "NN"), (",", 4, "punct", ","), ("member", 4, "appos", "NN"), ("of", 6, "prep", "IN"),
            ("the", 10, "det", "DT"), ("Velmora", 10, "compound", "NNP"), ("Party", 7, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 7 + ["B-ORG", "I-ORG", "O"]
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "memberOf"} == {
        ("person/lena-ortiz", "memberOf", "organization/velmora-party", "member-of")}
    # "Lena Ortiz was a Velmora Party member ."
    rows = [("Lena", 1, "compound", "NNP"), ("Ortiz", 2, "nsubj", "NNP"), ("was", 2, "ROOT", "VBD"), ("a", 6, "det", "DT"),
            ("Velmora", 5, "compound", "NNP"), ("Party", 6, "compound", "NNP"), ("member", 2, "attr", "NN"),
            (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "O", "O"]
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "memberOf"} == {
        ("person/lena-ortiz", "memberOf", "organization/velmora-party", "member-of")}


@pytest.mark.parametrize(("before", "title", "prep", "prop"), [
    ([], "chairman", "at", "headOf"), ([], "director", "at", "employer"), ([], "president", "of", "headOf"),
    (["vice"], "president", "of", "employer"), (["Secretary", "-"], "General", "of", "headOf"),
    (["an"], "executive", "with", "employer"), (["a"], "director", "of", "employer"), (["the"], "director", "of", "headOf")])
def test_a_title_of_or_at_an_organization(make_doc, before, title, prep, prop):
    # "Ana Silva , <before> <title> <prep> Velto Mills , said ." : a director at Y or a director of Y is
    # one of several, an executive with Y works there, a vice president of Y is no head of it, a
    # Secretary-General of Y is its head
    t = 3 + len(before)
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", t + 5, "nsubj", "NNP"), (",", 1, "punct", ",")]
    rows += [(w, t, "det" if w in {"a", "an", "the"} else "compound" if w[:1].isupper() else "amod",
              "DT" if w in {"a", "an", "the"} else "NNP" if w[:1].isupper() else "NN") for w in before]
    rows += [(title, 1, "appos", "NN"), (prep, t, "prep", "IN"), ("Velto", t + 3, "compound", "NNP"),
             ("Mills", t + 1, "pobj", "NNP"), (",", 1, "punct", ","), ("said", t + 5, "ROOT", "VBD"), (".", t + 5, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * (len(before) + 3) + ["B-ORG", "I-ORG", "O", "O", "O"]
    found = {(r[1], r[2]) for r in relations(run(make_doc(rows, ents))) if r[1] in {"headOf", "employer"}}
    assert found == {(prop, "organization/velto-mills")}


def test_a_professor_of_a_subject_at_an_organization(make_doc):
    # "Ana Silva is Professor of History at Velto College ."
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"),
            ("Professor", 2, "attr", "NNP"), ("of", 3, "prep", "IN"), ("History", 4, "pobj", "NNP"), ("at", 5, "prep", "IN"),
            ("Velto", 8, "compound", "NNP"), ("College", 6, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O", "B-ORG", "I-ORG", "O"]
    assert ("person/ana-silva", "employer", "organization/velto-college", "copula-title") in relations(
        run(make_doc(rows, ents)))


@pytest.mark.parametrize(("word", "found"), [("psychologist", True), ("bassist", False), ("politician", False)])
def test_an_organization_before_an_occupation_before_a_name(make_doc, word, found):
    # "Velto College psychologist Ana Silva spoke ." (a bassist is a member, a politician of a party)
    rows = [("Velto", 1, "compound", "NNP"), ("College", 4, "compound", "NNP"), (word, 4, "compound", "NN"),
            ("Ana", 4, "compound", "NNP"), ("Silva", 5, "nsubj", "NNP"), ("spoke", 5, "ROOT", "VBD"), (".", 5, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "O"]
    expected = {("person/ana-silva", "employer", "organization/velto-college", "org-occupation-before-name")}
    assert {r for r in relations(run(make_doc(rows, ents))) if r[3] == "org-occupation-before-name"} == (
        expected if found else set())


def test_a_person_at_an_organization(make_doc):
    # "It was made by Ana Silva at Velto College ."
    rows = [("It", 2, "nsubjpass", "PRP"), ("was", 2, "auxpass", "VBD"), ("made", 2, "ROOT", "VBN"), ("by", 2, "agent", "IN"),
            ("Ana", 5, "compound", "NNP"), ("Silva", 3, "pobj", "NNP"), ("at", 5, "prep", "IN"), ("Velto", 8, "compound", "NNP"),
            ("College", 6, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "B-ORG", "I-ORG", "O"]
    assert ("person/ana-silva", "employer", "organization/velto-college", "person-at") in relations(run(make_doc(rows, ents)))


def test_before_joining_an_organization(make_doc):
    # "Before joining Velto Mills , Ana Silva worked ."
    rows = [("Before", 7, "prep", "IN"), ("joining", 0, "pcomp", "VBG"), ("Velto", 3, "compound", "NNP"),
            ("Mills", 1, "dobj", "NNP"), (",", 7, "punct", ","), ("Ana", 6, "compound", "NNP"), ("Silva", 7, "nsubj", "NNP"),
            ("worked", 7, "ROOT", "VBD"), (".", 7, "punct", ".")]
    ents = ["O", "O", "B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "O"]
    assert ("person/ana-silva", "memberOf", "organization/velto-mills", "verb-joined") in relations(
        run(make_doc(rows, ents)))


def test_a_relative_clause_on_what_a_person_is(make_doc):
    # "Ana Silva is an executive who served as CEO of Velto Mills and Kestrel Air ."
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"), ("an", 4, "det", "DT"),
            ("executive", 2, "attr", "NN"), ("who", 6, "nsubj", "WP"), ("served", 4, "relcl", "VBD"), ("as", 6, "prep", "IN"),
            ("CEO", 7, "pobj", "NN"), ("of", 8, "prep", "IN"), ("Velto", 11, "compound", "NNP"), ("Mills", 9, "pobj", "NNP"),
            ("and", 11, "cc", "CC"), ("Kestrel", 14, "compound", "NNP"), ("Air", 11, "conj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 8 + ["B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O"]
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "headOf"} == {
        ("person/ana-silva", "headOf", "organization/velto-mills", "served-as-title"),
        ("person/ana-silva", "headOf", "organization/kestrel-air", "served-as-title")}


def test_titles_in_apposition_to_what_a_person_is(make_doc):
    # "Ana Silva is a businesswoman , chairman of Velto Mills ."
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"), ("a", 4, "det", "DT"),
            ("businesswoman", 2, "attr", "NN"), (",", 4, "punct", ","), ("chairman", 4, "appos", "NN"), ("of", 6, "prep", "IN"),
            ("Velto", 9, "compound", "NNP"), ("Mills", 7, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 6 + ["B-ORG", "I-ORG", "O"]
    assert ("person/ana-silva", "headOf", "organization/velto-mills", "copula-title") in relations(run(make_doc(rows, ents)))


def test_titles_joined_before_a_name(make_doc):
    # "Velto Mills 's President and CEO Ana Silva spoke ."
    rows = [("Velto", 1, "compound", "NNP"), ("Mills", 3, "poss", "NNP"), ("'s", 1, "case", "POS"), ("President", 7, "compound", "NNP"),
            ("and", 3, "cc", "CC"), ("CEO", 3, "conj", "NNP"), ("Ana", 7, "compound", "NNP"), ("Silva", 8, "nsubj", "NNP"),
            ("spoke", 8, "ROOT", "VBD"), (".", 8, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"]
    found = relations(run(make_doc(rows, ents)))
    assert ("person/ana-silva", "headOf", "organization/velto-mills", "org-title-before-name") in found
    assert ("person/ana-silva", "jobTitle", "President and CEO", "title-before-name") in found

@pytest.mark.parametrize(("verb", "extra", "prep"), [
    ("moved", [], "to"), ("grew", [("up", 2, "prt", "RP")], "in"), ("visited", [], "in")])
def test_a_person_who_moved_to_or_grew_up_in_a_place(make_doc, verb, extra, prep):
    # "Ana Silva moved to Velmora ." / "... grew up in Velmora ." ("visited" makes no home)
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), (verb, 2, "ROOT", "VBD")] + extra
    n = len(rows)
    rows += [(prep, 2, "prep", "IN"), ("Velmora", n, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * (n - 1) + ["B-GPE", "O"]
    expected = set() if verb == "visited" else {("person/ana-silva", "residence", "place/velmora", "verb-moved-to")}
    assert {r for r in relations(run(make_doc(rows, ents))) if r[1] == "residence"} == expected


@pytest.mark.parametrize(("noun", "expected"), [("ecologist", True), ("student", False)])
def test_an_occupation_at_an_organization(make_doc, noun, expected):
    # "Ana Silva , an ecologist at Velto College , said ." ("a student at" is no employee)
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 9, "nsubj", "NNP"), (",", 1, "punct", ","),
            ("an", 4, "det", "DT"), (noun, 1, "appos", "NN"), ("at", 4, "prep", "IN"), ("Velto", 7, "compound", "NNP"),
            ("College", 5, "pobj", "NNP"), (",", 1, "punct", ","), ("said", 9, "ROOT", "VBD"), (".", 9, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-ORG", "I-ORG", "O", "O", "O"]
    found = ("person/ana-silva", "employer", "organization/velto-college", "occupation-at") in relations(
        run(make_doc(rows, ents)))
    assert found == expected


def test_a_bracketed_acronym_between_the_party_and_the_candidate(make_doc):
    # "Velmora Party ( VP ) candidate Ana Silva spoke ."
    rows = [("Velmora", 1, "compound", "NNP"), ("Party", 5, "nmod", "NNP"), ("(", 3, "punct", "-LRB-"),
            ("VP", 1, "appos", "NNP"), (")", 3, "punct", "-RRB-"), ("candidate", 7, "compound", "NN"),
            ("Ana", 7, "compound", "NNP"), ("Silva", 8, "nsubj", "NNP"), ("spoke", 8, "ROOT", "VBD"), (".", 8, "punct", ".")]
    ents = ["B-ORG", "I-ORG", "O", "B-ORG", "O", "O", "B-PERSON", "I-PERSON", "O", "O"]
    assert ("person/ana-silva", "memberOf", "organization/velmora-party", "member-of") in relations(
        run(make_doc(rows, ents)))


@pytest.mark.parametrize(("first", "prop"), [("executive", "headOf"), ("financial", "employer")])
def test_a_title_joined_to_another_noun_after_is(make_doc, first, prop):
    # "Ana Silva is a banker and the chief <first> officer of Velto Mills ."
    rows = [("Ana", 1, "compound", "NNP"), ("Silva", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"),
            ("a", 4, "det", "DT"), ("banker", 2, "attr", "NN"), ("and", 4, "cc", "CC"), ("the", 9, "det", "DT"),
            ("chief", 9, "amod", "JJ"), (first, 9, "amod", "JJ"), ("officer", 4, "conj", "NN"), ("of", 9, "prep", "IN"),
            ("Velto", 12, "compound", "NNP"), ("Mills", 10, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON"] + ["O"] * 9 + ["B-ORG", "I-ORG", "O"]
    assert ("person/ana-silva", prop, "organization/velto-mills", "copula-title") in relations(run(make_doc(rows, ents)))
