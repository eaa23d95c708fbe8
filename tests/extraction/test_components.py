"""The kg components on hand-built Docs: no trained model involved."""

import pytest
from spacy.tokens import Doc

from builder.extraction.components.entity_linker import EntityLinker
from builder.extraction.components.entity_mapper import MENTIONS_KEY, EntityMapper
from builder.extraction.components.quote_extractor import QuoteExtractor
from builder.extraction.components.relation_extractor import RelationExtractor


def run(doc: Doc) -> Doc:
    for component in (EntityMapper(), EntityLinker(), RelationExtractor(), QuoteExtractor()):
        doc = component(doc)
    return doc


def mentions(doc: Doc) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in doc.spans[MENTIONS_KEY]]


def entities(doc: Doc) -> dict[str, tuple[str, list[str]]]:
    return {e.key: (e.cls, [m.text for m in e.mentions]) for e in doc._.kg_entities}


def relations(doc: Doc) -> set[tuple[str, str, str, str]]:
    return {(r.subject, r.prop, r.object, r.rule) for r in doc._.kg_relations}


# --- entity mapper -------------------------------------------------------------------

def test_glued_names_split_and_typed(make_doc):
    doc = make_doc([
        ("Photo", 0, "ROOT", "NN"), ("by", 0, "prep", "IN"), ("Ryan", 3, "compound", "NNP"),
        ("Remiorz", 1, "pobj", "NNP"), ("/", 3, "punct", "SYM"), ("Canadian", 6, "compound", "NNP"),
        ("Press", 3, "appos", "NNP"), (".", 0, "punct", "."),
    ], ["O", "O", "B-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "I-PERSON", "O"])
    doc = EntityMapper()(doc)
    assert mentions(doc) == [("Ryan Remiorz", "Person"), ("Canadian Press", "NewsOrganization")]


def test_possessive_article_and_types_from_name_words(make_doc):
    doc = make_doc([
        ("Radio-Canada", 3, "poss", "NNP"), ("'s", 0, "case", "POS"), ("Catherine", 3, "compound", "NNP"),
        ("Kovacs", 4, "nsubj", "NNP"), ("crossed", 4, "ROOT", "VBD"), ("Roxham", 6, "compound", "NNP"),
        ("Road", 4, "dobj", "NNP"), ("under", 4, "prep", "IN"), ("the", 12, "det", "DT"),
        ("Safe", 12, "compound", "NNP"), ("Third", 12, "compound", "NNP"), ("Country", 12, "compound", "NNP"),
        ("Agreement", 7, "pobj", "NNP"), (".", 4, "punct", "."),
    ], ["B-ORG", "I-ORG", "B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O",
        "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O"])
    doc = EntityMapper()(doc)
    assert mentions(doc) == [
        ("Radio-Canada", "NewsOrganization"),
        ("Catherine Kovacs", "Person"),
        ("Roxham Road", "Road"),
        ("Safe Third Country Agreement", "Agreement"),
    ]


def test_common_nouns_tagged_as_names_are_dropped(make_doc):
    doc = make_doc([
        ("[", 1, "punct", "-LRB-"), ("Border", 2, "compound", "NNP"), ("officers", 3, "nsubj", "NNS"),
        ("agree", 3, "ROOT", "VBP"), ("]", 3, "punct", "-RRB-"),
    ], ["O", "B-PERSON", "O", "O", "O"])
    assert mentions(EntityMapper()(doc)) == []


# --- entity linker -------------------------------------------------------------------

def test_surname_joins_full_name_and_type_is_decided_over_mentions(make_doc):
    doc = make_doc([
        ("Jean-Pierre", 1, "compound", "NNP"), ("Fortin", 2, "nsubj", "NNP"), ("spoke", 2, "ROOT", "VBD"),
        (".", 2, "punct", "."), ("Fortin", 5, "nsubj", "NNP"), ("said", 5, "ROOT", "VBD"),
        ("so", 5, "advmod", "RB"), (".", 5, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", "B-GPE", "O", "O", "O"])
    doc = run(doc)
    assert entities(doc) == {"person/jean-pierre-fortin": ("Person", ["Jean-Pierre Fortin", "Fortin"])}
    assert [s.kb_id_ for s in doc.spans[MENTIONS_KEY]] == ["person/jean-pierre-fortin"] * 2


def test_acronym_joins_its_expansion_and_country_aliases_merge(make_doc):
    doc = make_doc([
        ("The", 4, "det", "DT"), ("Royal", 4, "compound", "NNP"), ("Canadian", 4, "compound", "NNP"),
        ("Mounted", 4, "compound", "NNP"), ("Police", 9, "nsubj", "NNP"), ("(", 6, "punct", "-LRB-"),
        ("RCMP", 4, "appos", "NNP"), (")", 6, "punct", "-RRB-"), ("often", 9, "advmod", "RB"),
        ("met", 9, "ROOT", "VBD"), ("U.S.", 9, "dobj", "NNP"), ("officials", 10, "dep", "NNS"),
        ("from", 9, "prep", "IN"), ("the", 15, "det", "DT"), ("United", 15, "compound", "NNP"),
        ("States", 12, "pobj", "NNP"), (".", 9, "punct", "."),
    ], ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "O", "O", "O", "B-GPE", "O", "O",
        "O", "B-GPE", "I-GPE", "O"])
    doc = run(doc)
    assert entities(doc) == {
        "organization/royal-canadian-mounted-police": ("GovernmentAgency", ["Royal Canadian Mounted Police", "RCMP"]),
        "place/united-states": ("Country", ["U.S.", "United States"]),
    }


def test_lone_one_word_person_without_support_is_a_fragment(make_doc):
    doc = make_doc([
        ("Kowalski", 1, "compound", "NNP"), ("officers", 2, "nsubj", "NNS"), ("agree", 2, "ROOT", "VBP"),
        (".", 2, "punct", "."),
    ], ["B-PERSON", "O", "O", "O"])
    assert entities(run(doc)) == {}


# --- relation extractor --------------------------------------------------------------

def test_apposition_spokesperson_for(make_doc):
    doc = make_doc([
        ("Scott", 1, "compound", "NNP"), ("Bardsley", 8, "nsubj", "NNP"), (",", 1, "punct", ","),
        ("spokesperson", 1, "appos", "NN"), ("for", 3, "prep", "IN"), ("Ralph", 6, "compound", "NNP"),
        ("Goodale", 4, "pobj", "NNP"), (",", 1, "punct", ","), ("said", 8, "ROOT", "VBD"),
        ("no", 8, "dobj", "UH"), (".", 8, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O"])
    doc = run(doc)
    assert relations(doc) == {
        ("person/scott-bardsley", "spokespersonFor", "person/ralph-goodale", "appos-title"),
        ("person/scott-bardsley", "jobTitle", "spokesperson", "appos-title"),
    }
    relation = next(r for r in doc._.kg_relations if r.prop == "spokespersonFor")
    assert relation.sentence.text == doc[:].text
    assert (relation.subject_mention.start, relation.subject_mention.end) == (0, 14)
    assert relation.confidence == 0.9


WORKS_FOR = [
    ("Norman", 1, "compound", "NNP"), ("Lague", 2, "nsubj", "NNP"), ("works", 2, "ROOT", "VBZ"),
    ("for", 2, "prep", "IN"), ("Acme", 5, "compound", "NNP"), ("Patrol", 3, "pobj", "NNP"),
    ("and", 2, "cc", "CC"), ("is", 2, "conj", "VBZ"), ("in", 7, "prep", "IN"), ("charge", 8, "pobj", "NN"),
    ("of", 9, "prep", "IN"), ("the", 13, "det", "DT"), ("Champlain", 13, "compound", "NNP"),
    ("Station", 10, "pobj", "NNP"), (".", 2, "punct", "."),
]
WORKS_FOR_ENTS = ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "O", "O", "O", "O", "O", "O",
                  "B-ORG", "I-ORG", "O"]


def test_works_for_and_conjoined_in_charge_of(make_doc):
    doc = run(make_doc(WORKS_FOR, WORKS_FOR_ENTS))
    assert relations(doc) == {
        ("person/norman-lague", "employer", "organization/acme-patrol", "verb-works-for"),
        ("person/norman-lague", "headOf", "organization/champlain-station", "in-charge-of"),
    }


def test_negated_work_gives_no_relation(make_doc):
    doc = make_doc([
        ("Norman", 1, "compound", "NNP"), ("Lague", 4, "nsubj", "NNP"), ("does", 4, "aux", "VBZ"),
        ("not", 4, "neg", "RB"), ("work", 4, "ROOT", "VB"), ("for", 4, "prep", "IN"),
        ("Acme", 7, "compound", "NNP"), ("Patrol", 5, "pobj", "NNP"), (".", 4, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-ORG", "I-ORG", "O"])
    doc = run(doc)
    assert len(doc._.kg_entities) == 2
    assert relations(doc) == set()


@pytest.mark.parametrize("aux,expected", [
    (None, {("person/ann-lee", "memberOf", "organization/acme-union", "verb-joined")}),
    ("may", set()),
])
def test_joined_and_hedged_join(make_doc, aux, expected):
    rows = [("Ann", 1, "compound", "NNP"), ("Lee", 3, "nsubj", "NNP"), (aux or "then", 3, "aux" if aux else "advmod", "MD" if aux else "RB"),
            ("joined" if not aux else "join", 3, "ROOT", "VBD" if not aux else "VB"),
            ("Acme", 5, "compound", "NNP"), ("Union", 3, "dobj", "NNP"), (".", 3, "punct", ".")]
    doc = run(make_doc(rows, ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "O"]))
    assert relations(doc) == expected


def test_title_before_name_and_organization_before_title(make_doc):
    doc = make_doc([
        ("Acme", 1, "compound", "NNP"), ("Agency", 2, "compound", "NNP"), ("Secretary", 4, "compound", "NNP"),
        ("John", 4, "compound", "NNP"), ("Kelly", 5, "nsubj", "NNP"), ("spoke", 5, "ROOT", "VBD"),
        (".", 5, "punct", "."), ("union", 8, "compound", "NN"), ("president", 10, "compound", "NN"),
        ("Jean", 10, "compound", "NNP"), ("Fortin", 11, "nsubj", "NNP"), ("agreed", 11, "ROOT", "VBD"),
        (".", 11, "punct", "."),
    ], ["B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O", "O"])
    doc = run(doc)
    assert relations(doc) == {
        ("person/john-kelly", "jobTitle", "Secretary", "title-before-name"),
        ("person/john-kelly", "headOf", "organization/acme-agency", "org-title-before-name"),
        ("person/jean-fortin", "jobTitle", "union president", "title-before-name"),
    }


def test_city_comma_province(make_doc):
    doc = make_doc([
        ("They", 1, "nsubj", "PRP"), ("crossed", 1, "ROOT", "VBD"), ("at", 1, "prep", "IN"),
        ("Lacolle", 2, "pobj", "NNP"), (",", 3, "punct", ","), ("Que", 3, "appos", "NNP"), (".", 1, "punct", "."),
    ], ["O", "O", "O", "B-GPE", "O", "B-GPE", "O"])
    doc = run(doc)
    assert entities(doc) == {
        "place/lacolle": ("Settlement", ["Lacolle"]),
        "place/quebec": ("AdministrativeArea", ["Que"]),
    }
    assert relations(doc) == {("place/lacolle", "locatedIn", "place/quebec", "city-region")}


def test_list_of_countries_is_not_containment(make_doc):
    doc = make_doc([
        ("Canada", 3, "nsubj", "NNP"), (",", 0, "punct", ","), ("Mexico", 0, "conj", "NNP"),
        ("agree", 3, "ROOT", "VBP"), (".", 3, "punct", "."),
    ], ["B-GPE", "O", "B-GPE", "O", "O"])
    assert relations(run(doc)) == set()


# --- quote extractor -----------------------------------------------------------------

def test_quote_with_named_speaker_after_it(make_doc):
    doc = make_doc([
        ('"', 6, "punct", "``"), ("We", 2, "nsubj", "PRP"), ("are", 6, "ccomp", "VBP"), ("ready", 2, "acomp", "JJ"),
        (",", 6, "punct", ","), ('"', 6, "punct", "''"), ("said", 6, "ROOT", "VBD"), ("Ann", 8, "compound", "NNP"),
        ("Lee", 6, "nsubj", "NNP"), (".", 6, "punct", "."),
    ], ["O", "O", "O", "O", "O", "O", "O", "B-PERSON", "I-PERSON", "O"])
    doc = run(doc)
    assert [(q.speaker, q.text.text, q.rule) for q in doc._.kg_quotes] == [
        ("person/ann-lee", "We are ready", "quote-named-speaker"),
    ]


def test_pronoun_speaker_resolves_to_last_person_and_split_quote_continues(make_doc):
    doc = make_doc([
        ("Ann", 1, "compound", "NNP"), ("Lee", 2, "nsubj", "NNP"), ("spoke", 2, "ROOT", "VBD"), (".", 2, "punct", "."),
        ('"', 12, "punct", "``"), ("It", 6, "nsubj", "PRP"), ("is", 12, "ccomp", "VBZ"), ("over", 6, "acomp", "RB"),
        ("now", 6, "advmod", "RB"), (",", 12, "punct", ","), ('"', 12, "punct", "''"), ("she", 12, "nsubj", "PRP"),
        ("said", 12, "ROOT", "VBD"), (".", 12, "punct", "."),
        ('"', 17, "punct", "``"), ("We", 17, "nsubj", "PRP"), ("can", 17, "aux", "MD"), ("rest", 17, "ROOT", "VB"),
        ("now", 17, "advmod", "RB"), (".", 17, "punct", "."), ('"', 17, "punct", "''"),
    ], ["B-PERSON", "I-PERSON"] + ["O"] * 19)
    doc = run(doc)
    assert [(q.speaker, q.rule) for q in doc._.kg_quotes] == [
        ("person/ann-lee", "quote-pronoun-speaker"),
        ("person/ann-lee", "quote-continued"),
    ]


def test_agreement_between_two_countries(make_doc):
    doc = make_doc([
        ("the", 3, "det", "DT"), ("Safe", 3, "compound", "NNP"), ("Harbour", 3, "compound", "NNP"),
        ("Agreement", 3, "ROOT", "NNP"), (",", 3, "punct", ","), ("a", 6, "det", "DT"), ("pact", 3, "appos", "NN"),
        ("between", 6, "prep", "IN"), ("Canada", 7, "pobj", "NNP"), ("and", 8, "cc", "CC"), ("Chile", 8, "conj", "NNP"),
        (".", 3, "punct", "."),
    ], ["O", "B-LAW", "I-LAW", "I-LAW", "O", "O", "O", "O", "B-GPE", "O", "B-GPE", "O"])
    assert relations(run(doc)) == {
        ("place/canada", "partyTo", "agreement/safe-harbour-agreement", "agreement-between"),
        ("place/chile", "partyTo", "agreement/safe-harbour-agreement", "agreement-between"),
    }


@pytest.mark.parametrize("negated", [False, True])
def test_countries_that_signed_an_accord(make_doc, negated):
    rows = [("Canada", 4, "nsubj", "NNP"), ("and", 0, "cc", "CC"), ("Norway", 0, "conj", "NNP"),
            ("never" if negated else "jointly", 4, "neg" if negated else "advmod", "RB"), ("signed", 4, "ROOT", "VBD"),
            ("the", 8, "det", "DT"), ("Cold", 8, "compound", "NNP"), ("Water", 8, "compound", "NNP"),
            ("Accord", 4, "dobj", "NNP"), (".", 4, "punct", ".")]
    doc = run(make_doc(rows, ["B-GPE", "O", "B-GPE", "O", "O", "O", "B-LAW", "I-LAW", "I-LAW", "O"]))
    expected = set() if negated else {
        ("place/canada", "partyTo", "agreement/cold-water-accord", "verb-signed"),
        ("place/norway", "partyTo", "agreement/cold-water-accord", "verb-signed"),
    }
    assert relations(doc) == expected


def test_x_based_and_based_in(make_doc):
    doc = make_doc([
        ("the", 4, "det", "DT"), ("Montreal", 3, "npadvmod", "NNP"), ("-", 3, "punct", "HYPH"), ("based", 4, "amod", "VBN"),
        ("Acme", 5, "compound", "NNP"), ("Association", 6, "nsubj", "NNP"), ("agreed", 6, "ROOT", "VBD"), (".", 6, "punct", "."),
        ("Lakeshore", 9, "compound", "NNP"), ("Freight", 14, "nsubj", "NNP"), (",", 9, "punct", ","),
        ("based", 9, "acl", "VBN"), ("in", 11, "prep", "IN"), ("Brampton", 12, "pobj", "NNP"),
        ("agreed", 14, "ROOT", "VBD"), (".", 14, "punct", "."),
    ], ["O", "B-GPE", "O", "O", "B-ORG", "I-ORG", "O", "O", "B-ORG", "I-ORG", "O", "O", "O", "B-GPE", "O", "O"])
    assert relations(run(doc)) == {
        ("organization/acme-association", "headquarters", "place/montreal", "x-based"),
        ("organization/lakeshore-freight", "headquarters", "place/brampton", "based-in"),
    }


def test_met_with_and_did_not_meet(make_doc):
    rows = [("Sofia", 1, "compound", "NNP"), ("Reyes", 2, "nsubj", "NNP"), ("met", 2, "ROOT", "VBD"),
            ("with", 2, "prep", "IN"), ("Jacques", 5, "compound", "NNP"), ("Roy", 3, "pobj", "NNP"), (".", 2, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "B-PERSON", "I-PERSON", "O"]
    assert relations(run(make_doc(rows, ents))) == {
        ("person/sofia-reyes", "metWith", "person/jacques-roy", "verb-met-with")}
    negated = [("Sofia", 1, "compound", "NNP"), ("Reyes", 4, "nsubj", "NNP"), ("did", 4, "aux", "VBD"),
               ("not", 4, "neg", "RB"), ("meet", 4, "ROOT", "VB"), ("Jacques", 6, "compound", "NNP"),
               ("Roy", 4, "dobj", "NNP"), (".", 4, "punct", ".")]
    ents = ["B-PERSON", "I-PERSON", "O", "O", "O", "B-PERSON", "I-PERSON", "O"]
    assert relations(run(make_doc(negated, ents))) == set()


def test_organization_unit_of_organization(make_doc):
    doc = make_doc([
        ("the", 2, "det", "DT"), ("Champlain", 2, "compound", "NNP"), ("Station", 8, "nsubj", "NNP"),
        ("of", 2, "prep", "IN"), ("the", 7, "det", "DT"), ("Swanton", 7, "compound", "NNP"), ("Border", 7, "compound", "NNP"),
        ("Patrol", 3, "pobj", "NNP"), ("grew", 8, "ROOT", "VBD"), (".", 8, "punct", "."),
    ], ["O", "B-ORG", "I-ORG", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O"])
    assert relations(run(doc)) == {
        ("organization/champlain-station", "partOf", "organization/swanton-border-patrol", "org-of-org")}


@pytest.mark.parametrize("first", ["O", "B-PERSON"])
def test_full_name_found_from_a_known_surname(make_doc, first):
    doc = make_doc([
        ("Patrice", 1, "compound", "NNP"), ("Gendron", 2, "nsubj", "NNP"), ("spoke", 2, "ROOT", "VBD"), (".", 2, "punct", "."),
        ("Gendron", 5, "nsubj", "NNP"), ("said", 5, "ROOT", "VBD"), ("so", 5, "advmod", "RB"), (".", 5, "punct", "."),
    ], ["O", first, "O", "O", "B-PERSON", "O", "O", "O"])
    doc = run(doc)
    assert entities(doc) == {"person/patrice-gendron": ("Person", ["Patrice Gendron", "Gendron"])}
    assert {m.text: rule for m, rule in doc._.kg_entities[0].found.items()} == {"Patrice Gendron": "mention-name-run"}


def test_blank_line_starts_a_sentence(blank):
    from builder.extraction.components.paragraphs import paragraph_breaks

    doc = paragraph_breaks(blank("A headline here\n\nThe story starts"))
    assert [t.is_sent_start for t in doc][4] is True
    assert doc[4].text == "The"


def test_gazetteer_places_what_the_document_mentions(make_doc):
    doc = make_doc([
        ("Montreal", 1, "nsubj", "NNP"), ("grew", 1, "ROOT", "VBD"), (".", 1, "punct", "."),
        ("Quebec", 4, "nsubj", "NNP"), ("grew", 4, "ROOT", "VBD"), ("in", 4, "prep", "IN"), ("Canada", 5, "pobj", "NNP"),
        (".", 4, "punct", "."),
    ], ["B-GPE", "O", "O", "B-GPE", "O", "O", "B-GPE", "O"])
    assert relations(run(doc)) == {
        ("place/montreal", "locatedIn", "place/quebec", "gazetteer-containment"),
        ("place/montreal", "country", "place/canada", "gazetteer-containment"),
        ("place/quebec", "country", "place/canada", "gazetteer-containment"),
    }


def test_events_and_prizes_are_not_entities(make_doc):
    doc = make_doc([
        ("the", 2, "det", "DT"), ("Stanley", 2, "compound", "NNP"), ("Cup", 3, "nsubj", "NNP"),
        ("ended", 3, "ROOT", "VBD"), (".", 3, "punct", "."),
    ], ["B-ORG", "I-ORG", "I-ORG", "O", "O"])
    assert mentions(EntityMapper()(doc)) == []


# --- name finder ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def finder():
    import spacy

    from builder.extraction.components.name_finder import NameFinder

    return NameFinder(spacy.blank("en"))


def test_name_finder_adds_the_places_and_organizations_ner_missed(make_doc, finder):
    doc = make_doc([("Officers", 1, "nsubj", "NNS"), ("met", 1, "ROOT", "VBD"), ("in", 1, "prep", "IN"),
                    ("Saskatoon", 2, "pobj", "NNP"), ("with", 1, "prep", "IN"), ("NYPD", 6, "compound", "NNP"),
                    ("staff", 4, "pobj", "NN"), ("from", 1, "prep", "IN"), ("Virginia", 9, "compound", "NNP"),
                    ("Beach", 7, "pobj", "NNP"), (".", 1, "punct", ".")])
    doc = finder(doc)
    assert [(e.text, e.label_, e.id_) for e in doc.ents] == [
        ("Saskatoon", "GPE", "mention-gazetteer"), ("NYPD", "ORG", "mention-lexicon"),
        ("Virginia Beach", "GPE", "mention-gazetteer")]
    run(doc)
    assert {e.key: {m.text: rule for m, rule in e.found.items()} for e in doc._.kg_entities} == {
        "place/saskatoon": {"Saskatoon": "mention-gazetteer"},
        "organization/new-york-city-police-department": {"NYPD": "mention-lexicon"},
        "place/virginia-beach": {"Virginia Beach": "mention-gazetteer"}}


def test_name_finder_leaves_ner_words_and_given_names_alone(make_doc, finder):
    # "Best" is a city's name, and a word: not after a preposition of place. "Florence" is a
    # given name, even after "in". "Brandon" is inside NER's "Brandon Wheat Kings".
    doc = make_doc([("Best", 1, "nsubj", "NNP"), ("told", 1, "ROOT", "VBD"), ("Florence", 1, "dobj", "NNP"),
                    ("in", 1, "prep", "IN"), ("Florence", 3, "pobj", "NNP"), ("about", 1, "prep", "IN"),
                    ("Brandon", 8, "compound", "NNP"), ("Wheat", 8, "compound", "NNP"), ("Kings", 5, "pobj", "NNPS"),
                    (".", 1, "punct", ".")],
                   ents=["O", "O", "O", "O", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O"])
    doc = finder(doc)
    assert [(e.text, e.label_, e.id_) for e in doc.ents] == [("Brandon Wheat Kings", "ORG", "")]


def test_name_finder_takes_a_country_anywhere_and_a_town_before_its_region(make_doc, finder):
    doc = make_doc([("Peru", 1, "nsubj", "NNP"), ("thanked", 1, "ROOT", "VBD"), ("Brandon", 1, "dobj", "NNP"),
                    (",", 2, "punct", ","), ("Manitoba", 2, "appos", "NNP"), (".", 1, "punct", ".")],
                   ents=["O", "O", "O", "O", "B-GPE", "O"])
    doc = finder(doc)
    assert [(e.text, e.id_) for e in doc.ents] == [("Peru", "mention-gazetteer"), ("Brandon", "mention-gazetteer"),
                                                   ("Manitoba", "")]


def test_name_finder_puts_a_known_name_in_place_of_the_pieces_ner_cut_it_in(make_doc, finder):
    # NER took "Fisheries" and "Oceans Canada" for two organizations; the lexicon knows the
    # agency's whole name. "Brandon Wheat Kings" holds the gazetteer's "Brandon": it stays.
    doc = make_doc([("Lee", 1, "nsubj", "NNP"), ("heads", 1, "ROOT", "VBZ"), ("Fisheries", 1, "dobj", "NNP"),
                    ("and", 2, "cc", "CC"), ("Oceans", 5, "compound", "NNP"), ("Canada", 2, "conj", "NNP"),
                    ("near", 1, "prep", "IN"), ("Brandon", 9, "compound", "NNP"), ("Wheat", 9, "compound", "NNP"),
                    ("Kings", 6, "pobj", "NNPS"), (".", 1, "punct", ".")],
                   ents=["B-PERSON", "O", "B-ORG", "O", "B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "I-ORG", "O"])
    doc = finder(doc)
    assert [(e.text, e.label_, e.id_) for e in doc.ents] == [
        ("Lee", "PERSON", ""), ("Fisheries and Oceans Canada", "ORG", "mention-lexicon"),
        ("Brandon Wheat Kings", "ORG", "")]


def test_name_finder_splits_a_wire_dateline_into_its_city_and_source(make_doc, finder):
    # "LD0506194194 Leeds VELMORA in English 1830 GMT": NER took "Leeds VELMORA" for one
    # organization; the finder makes it the city and the source, a news organization based there.
    words = ["LD0506194194", "Leeds", "VELMORA", "in", "English", "1830", "GMT"]
    doc = make_doc([(w, 0, "ROOT" if i == 0 else "dep", "CD" if w[0].isdigit() else "NNP") for i, w in enumerate(words)],
                   ents=["O", "B-ORG", "I-ORG", "O", "B-LANGUAGE", "B-TIME", "I-TIME"])
    doc = run(finder(doc))
    assert [(e.text, e.label_, e.id_) for e in doc.ents][:2] == [
        ("Leeds", "GPE", "mention-dateline"), ("VELMORA", "ORG", "mention-dateline")]
    assert entities(doc)["organization/velmora"] == ("NewsOrganization", ["VELMORA"])
    assert ("organization/velmora", "headquarters", "place/leeds", "dateline-source") in {
        (r.subject, r.prop, r.object, r.rule) for r in doc._.kg_relations}


@pytest.mark.parametrize(("rows", "found"), [
    # "Ana Brenna was raised in Leeds ."
    ([("Ana", 1, "compound", "NNP"), ("Brenna", 3, "nsubjpass", "NNP"), ("was", 3, "auxpass", "VBD"),
      ("raised", 3, "ROOT", "VBN"), ("in", 3, "prep", "IN"), ("Leeds", 4, "pobj", "NNP"), (".", 3, "punct", ".")], True),
    # "Brenna is a professor ."
    ([("Brenna", 1, "nsubj", "NNP"), ("is", 1, "ROOT", "VBZ"), ("a", 3, "det", "DT"), ("professor", 1, "attr", "NN"),
      (".", 1, "punct", ".")], True),
    # "Brenna grew ." (a company grows too) and "Leeds is a city ." (a known place)
    ([("Brenna", 1, "nsubj", "NNP"), ("grew", 1, "ROOT", "VBD"), (".", 1, "punct", ".")], False),
    ([("Leeds", 1, "nsubj", "NNP"), ("is", 1, "ROOT", "VBZ"), ("a", 3, "det", "DT"), ("city", 1, "attr", "NN"),
      (".", 1, "punct", ".")], False),
])
def test_name_finder_makes_a_person_of_a_subject_only_a_person_can_be(make_doc, finder, rows, found):
    doc = finder(make_doc(rows, ents=["O"] * len(rows)))
    name = " ".join(w for w, _, dep, _ in rows if dep in {"compound", "nsubj", "nsubjpass"})
    assert [(e.text, e.label_, e.id_) for e in doc.ents if e.label_ == "PERSON"] == (
        [(name, "PERSON", "mention-person-subject")] if found else [])


@pytest.mark.parametrize(("first", "found"), [("Ms.", True), ("Dr.", True), ("Miss", False)])
def test_name_finder_makes_a_person_of_a_name_after_an_honorific(make_doc, finder, first, found):
    # "<first> Obi Varno worked ." with nothing from NER ("Little Miss Sure Shot" is a nickname)
    rows = [(first, 2, "compound", "NNP"), ("Obi", 2, "compound", "NNP"), ("Varno", 3, "nsubj", "NNP"),
            ("worked", 3, "ROOT", "VBD"), (".", 3, "punct", ".")]
    doc = finder(make_doc(rows, ents=["O"] * 5))
    assert [(e.text, e.id_) for e in doc.ents] == ([("Obi Varno", "mention-honorific")] if found else [])


@pytest.mark.parametrize(("words", "found"), [(["Fine", "Gael"], True), (["Quebec"], False)])
def test_name_finder_makes_a_body_of_a_name_before_a_politician(make_doc, finder, words, found):
    # "a Fine Gael politician" with nothing from NER; "a Quebec politician" names a known place
    n = len(words)
    rows = [("a", n + 1, "det", "DT")] + [(w, n + 1, "compound", "NNP") for w in words] + [("politician", n + 1, "ROOT", "NN")]
    doc = finder(make_doc(rows, ents=["O"] * len(rows)))
    expected = [(" ".join(words), "ORG", "mention-role-modifier")] if found else []
    assert [(e.text, e.label_, e.id_) for e in doc.ents if e.id_ == "mention-role-modifier"] == expected


def test_a_dateline_source_with_a_hyphen(blank, finder):
    # "Leeds VEL-TASS in English": the tokenizer splits "VEL-TASS" in three
    words = ["Leeds", "VEL", "-", "TASS", "in", "English"]
    doc = Doc(blank.vocab, words=words, spaces=[True, False, False, True, True, False], heads=[0] * 6,
              deps=["ROOT"] + ["dep"] * 5, tags=["NNP", "NNP", "HYPH", "NNP", "IN", "NNP"],
              ents=["B-GPE", "B-ORG", "I-ORG", "I-ORG", "O", "B-LANGUAGE"])
    assert [(e.text, e.id_) for e in finder(doc).ents][:2] == [("Leeds", "mention-dateline"),
                                                                ("VEL-TASS", "mention-dateline")]


def test_a_city_and_capitals_in_running_text_are_no_dateline(make_doc, finder):
    # "Leeds VELMORA said it would close ." is a sentence, not a dateline
    words = ["Leeds", "VELMORA", "said", "it", "would", "close", "."]
    doc = make_doc([(w, 2, "ROOT" if i == 2 else "dep", "NNP" if w[0].isupper() else "VB") for i, w in enumerate(words)],
                   ents=["B-ORG", "I-ORG", "O", "O", "O", "O", "O"])
    assert [(e.text, e.id_) for e in finder(doc).ents] == [("Leeds VELMORA", "")]


def test_an_organization_ner_began_after_a_word_and_and_takes_them_in(make_doc):
    # "Marine" (taken for a nationality) and "and" belong to the institute's name; "Talbot
    # Mills and Velmora Corp." are two companies in a list.
    words = ["the", "Marine", "and", "Freshwater", "Research", "Institute", "hired", "Talbot", "Mills", "and",
             "Velmora", "Corp.", "."]
    ents = ["O", "B-NORP", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "O", "O", "B-ORG", "I-ORG", "O"]
    doc = make_doc([(w, 6, "ROOT" if i == 6 else "dep", "NNP" if w[:1].isupper() else "NN")
                    for i, w in enumerate(words)], ents)
    assert mentions(EntityMapper()(doc)) == [("Marine and Freshwater Research Institute", "Organization"),
                                             ("Velmora Corp.", "Organization")]


def test_a_rank_ner_took_into_an_organization_is_left_out(make_doc):
    # "Army Col . Rui Costa spoke .": the colonel's army, not an "Army Col" body
    words = ["Army", "Col", ".", "Rui", "Costa", "spoke", "."]
    ents = ["B-ORG", "I-ORG", "O", "B-PERSON", "I-PERSON", "O", "O"]
    doc = make_doc([(w, 5, "ROOT" if i == 5 else "dep", "NNP" if w[:1].isupper() else ".")
                    for i, w in enumerate(words)], ents)
    assert [text for text, _ in mentions(EntityMapper()(doc))] == ["Army", "Rui Costa"]
