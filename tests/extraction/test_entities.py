"""Entities: name edges, typing by name words and the organization lexicon, linking within a
document (with the rule of each link), roles, and one entity across documents."""

from datetime import datetime, timezone

import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from spacy.tokens import Doc

from builder.extraction.classify import KIND_OF_CLASS, known_organization, name_class
from builder.extraction.components.entity_linker import EntityLinker
from builder.extraction.components.entity_mapper import MENTIONS_KEY, EntityMapper
from builder.extraction.keys import entity_key
from builder.rdf.iri import entity_iri
from builder.extraction.lexicon import ORGANIZATIONS
from builder.rdf.mapping import document_graph
from builder.rdf.namespace import ENTITY_GRAPH, KG, KGRULE, STALE_GRAPH
from builder.extraction.records import Entity, Extraction, Relation, Span
from builder.sources import SourceDocument
from builder.store.resolve import ALIAS_CORPUS, SURNAME_CORPUS, corpus_links, relink_update, resolve_store
from builder.extraction.roles import roles_of
from builder.store import KgStore


def flat(make_doc, words: list[str], ents: list[str], tags: list[str] | None = None) -> Doc:
    """A Doc whose tokens all hang on the first: for tests where the parse does not matter."""
    tags = tags or ["NNP" if w[:1].isupper() else ("." if not w[:1].isalnum() else "NN") for w in words]
    rows = [(w, 0, "ROOT" if i == 0 else "dep", t) for i, (w, t) in enumerate(zip(words, tags))]
    return make_doc(rows, ents)


def mentions(doc: Doc) -> list[tuple[str, str]]:
    return [(s.text, s.label_) for s in doc.spans[MENTIONS_KEY]]


def linked(doc: Doc) -> dict[str, tuple[str, dict[str, str]]]:
    """key -> (class, {mention text: link rule}) after mapping and linking."""
    doc = EntityLinker()(EntityMapper()(doc))
    return {e.key: (e.cls, {m.text: e.links.get(m, "") for m in e.mentions}) for e in doc._.kg_entities}


# --- typing by the words of a name ----------------------------------------------------

@pytest.mark.parametrize("name, cls", [
    ("Wyre Forest", "Place"),
    ("Big Muddy Creek", "Place"),
    ("Bay of Biscay", "Place"),
    ("Mount Tyree", "Place"),
    ("Holy Roman Empire", "Place"),
    ("Nordland County", "AdministrativeArea"),
    ("Parliament Square", "Facility"),
    ("Riga Central Railway Station", "Facility"),
    ("Highway 15", "Road"),
    ("Local 375", "LabourUnion"),
    ("Treaty of Versailles", "Agreement"),
    ("St-Bernard-de-Lacolle port of entry", "BorderCrossing"),
    ("Champlain Border Patrol Station", "GovernmentAgency"),
    ("Bank of Canada", "Organization"),
    ("Raven Software", "Organization"),
    ("Nordland County Council", "GovernmentAgency"),
    ("Leeds United", "Organization"),
    ("Velmora FC", "Organization"),
])
def test_name_words_give_the_class(name: str, cls: str):
    assert name_class([w for t in name.lower().split() for w in t.split("-") if w]) == cls


@pytest.mark.parametrize(("words", "team"), [
    (["Leeds", "Pistons"], True),  # a known place and a plural: a team
    (["Cedar", "Rapids"], False),  # a plural that is a kind of place: a town
    (["Austin", "Roberts"], False),  # a given name and a surname
    (["Velmora", "Pistons"], False),  # no known place
])
def test_a_known_place_and_a_plural_is_a_team(make_doc, words, team):
    from builder.extraction.classify import mention_votes
    from builder.extraction.gazetteer import default_gazetteer

    doc = make_doc([(w, 1, "compound" if i == 0 else "ROOT", "NNPS" if i else "NNP") for i, w in enumerate(words)])
    votes = mention_votes(doc[0:2], "ORG", default_gazetteer())
    assert (votes["Organization"] > 1.0) == team


@pytest.mark.parametrize("name", ["Soviet Union", "Ralph Goodale", "Daybreak", "Lake", "United States"])
def test_names_without_a_telling_word_get_no_class(name: str):
    assert name_class(name.lower().split()) is None


# --- the lexicon of well-known organizations ------------------------------------------

def test_lexicon_rows_are_well_formed():
    assert len(ORGANIZATIONS) > 100
    for name, known in ORGANIZATIONS.items():
        assert name == known.name and name.strip() == name and name
        assert KIND_OF_CLASS[known.cls] in {"organization", "agreement"}, name
        assert known.full_name != name, "leave full_name empty when it is the name itself"
    full_names = [k.full_name.casefold() for k in ORGANIZATIONS.values() if k.full_name]
    assert len(set(full_names)) == len(full_names) - 1  # CUSMA and USMCA are one agreement


@pytest.mark.parametrize("name, cls", [
    ("RCMP", "GovernmentAgency"), ("CBSA", "GovernmentAgency"), ("Interpol", "InternationalOrganization"),
    ("NATO", "InternationalOrganization"), ("CBC", "NewsOrganization"), ("Reuters", "NewsOrganization"),
    ("CUPE", "LabourUnion"), ("NAFTA", "Agreement"), ("royal canadian mounted police", "GovernmentAgency"),
])
def test_lexicon_knows_acronyms_and_full_names(name: str, cls: str):
    assert known_organization(name).cls == cls


@pytest.mark.parametrize("name", ["Rcmp", "ice", "XYZQ", "Acme"])
def test_lexicon_matches_acronyms_as_written_only(name: str):
    assert known_organization(name) is None


def test_an_acronym_the_text_never_expands_gets_its_class_and_full_name_key(make_doc):
    doc = flat(make_doc, ["RCMP", "and", "CBSA", "officers", "spoke", "to", "CBC", "."],
               ["B-ORG", "O", "B-ORG", "O", "O", "O", "B-ORG", "O"])
    assert linked(doc) == {
        "organization/royal-canadian-mounted-police": ("GovernmentAgency", {"RCMP": "link-lexicon"}),
        "organization/canada-border-services-agency": ("GovernmentAgency", {"CBSA": "link-lexicon"}),
        "organization/canadian-broadcasting-corporation": ("NewsOrganization", {"CBC": "link-lexicon"}),
    }


def test_an_unknown_acronym_stays_a_plain_organization(make_doc):
    doc = flat(make_doc, ["XYZQ", "officers", "spoke", "."], ["B-ORG", "O", "O", "O"])
    assert linked(doc) == {"organization/xyzq": ("Organization", {"XYZQ": ""})}


def test_the_lexicon_joins_an_acronym_to_an_expansion_it_does_not_spell(make_doc):
    doc = flat(make_doc, ["U.S.", "Customs", "and", "Border", "Protection", "said", ";", "CBP", "agreed", "."],
               ["B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "B-ORG", "O", "O"])
    assert linked(doc) == {"organization/u-s-customs-and-border-protection": (
        "GovernmentAgency", {"U.S. Customs and Border Protection": "", "CBP": "link-lexicon"})}


# --- name edges -----------------------------------------------------------------------

def test_a_name_cut_after_of_takes_the_next_capitalized_words(make_doc):
    doc = flat(make_doc, ["the", "Bay", "of", "Biscay", "and", "the", "Circuit", "Court", "of", "Cook", "County", "."],
               ["O", "B-LOC", "I-LOC", "B-LOC", "O", "O", "B-ORG", "I-ORG", "I-ORG", "B-GPE", "I-GPE", "O"])
    assert mentions(EntityMapper()(doc)) == [("Bay of Biscay", "Place"), ("Circuit Court of Cook County", "GovernmentAgency")]


def test_a_parenthesis_splits_a_name_and_its_acronym(make_doc):
    words = ["the", "Council", "on", "Foreign", "Relations", "(", "CFR", ")", "met", "."]
    doc = flat(make_doc, words, ["O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "O", "O"])
    assert linked(doc) == {"organization/council-on-foreign-relations": (
        "GovernmentAgency", {"Council on Foreign Relations": "", "CFR": "link-acronym"})}


def test_titles_before_a_name_are_not_part_of_it(make_doc):
    doc = flat(make_doc, ["King", "Prajadhipok", "met", "Rear", "Admiral", "Wilkes", "."],
               ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "I-PERSON", "O"])
    assert [text for text, _ in mentions(EntityMapper()(doc))] == ["Prajadhipok", "Wilkes"]


def test_a_title_of_a_place_names_the_place(make_doc):
    doc = flat(make_doc, ["the", "Bishop", "of", "Pittsburgh", "spoke", "."],
               ["O", "B-ORG", "I-ORG", "I-ORG", "O", "O"])
    assert [text for text, _ in mentions(EntityMapper()(doc))] == ["Pittsburgh"]


def test_roles_tagged_as_names_are_dropped_but_surnames_that_are_titles_stay(make_doc):
    doc = make_doc([
        ("Head", 1, "amod", "JJ"), ("Coach", 2, "nsubj", "NNP"), ("met", 2, "ROOT", "VBD"),
        ("James", 4, "compound", "NNP"), ("Dean", 2, "dobj", "NNP"), ("and", 4, "cc", "CC"),
        ("the", 8, "det", "DT"), ("World", 8, "compound", "NNP"), ("Champion", 4, "conj", "NNP"),
        (".", 2, "punct", "."),
    ], ["B-PERSON", "I-PERSON", "O", "B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "O"])
    assert mentions(EntityMapper()(doc)) == [("James Dean", "Person")]


def test_titles_of_works_are_not_entities(make_doc):
    doc = make_doc([
        ("the", 1, "det", "DT"), ("album", 4, "nsubj", "NN"), ("Unknown", 3, "compound", "NNP"),
        ("Pleasures", 1, "appos", "NNP"), ("sold", 4, "ROOT", "VBD"), ("well", 4, "advmod", "RB"),
        (".", 4, "punct", "."),
    ], ["O", "O", "B-ORG", "I-ORG", "O", "O", "O"])
    assert mentions(EntityMapper()(doc)) == []
    # "Unknown Pleasures is a 1979 album ." (the pipeline has no lemmatizer: "is" is read as it is)
    doc = make_doc([
        ("Unknown", 1, "compound", "NNP"), ("Pleasures", 2, "nsubj", "NNP"), ("is", 2, "ROOT", "VBZ"),
        ("a", 5, "det", "DT"), ("1979", 5, "nummod", "CD"), ("album", 2, "attr", "NN"), (".", 2, "punct", "."),
    ], ["B-ORG", "I-ORG", "O", "O", "B-DATE", "O", "O"])
    assert mentions(EntityMapper()(doc)) == []


def test_the_town_of_a_name_or_west_of_it_makes_it_a_place(make_doc):
    doc = flat(make_doc, ["the", "town", "of", "Marrowby", "lies", "west", "of", "Kelsholt", "."],
               ["O", "O", "O", "B-ORG", "O", "O", "O", "B-ORG", "O"])
    assert mentions(EntityMapper()(doc)) == [("Marrowby", "Place"), ("Kelsholt", "Place")]


def test_an_author_after_directed_by_or_before_born_is_a_person(make_doc):
    doc = flat(make_doc, ["a", "film", "directed", "by", "Oskar", "Venhallo", "and", "Tamsin", "Reed", "(", "born",
                          "1950", ")", "."],
               ["O", "O", "O", "O", "B-ORG", "I-ORG", "O", "B-ORG", "I-ORG", "O", "O", "B-DATE", "O", "O"])
    assert mentions(EntityMapper()(doc)) == [("Oskar Venhallo", "Person"), ("Tamsin Reed", "Person")]


def test_a_workplace_after_a_title_and_at_is_an_organization(make_doc):
    # "Ruiz , a vice president at Marrowby ." : NER calls Marrowby a place
    doc = make_doc([
        ("Ruiz", 0, "ROOT", "NNP"), (",", 0, "punct", ","), ("a", 4, "det", "DT"), ("vice", 4, "amod", "NN"),
        ("president", 0, "appos", "NN"), ("at", 4, "prep", "IN"), ("Marrowby", 5, "pobj", "NNP"), (".", 0, "punct", "."),
    ], ["B-PERSON", "O", "O", "O", "O", "O", "B-GPE", "O"])
    assert mentions(EntityMapper()(doc)) == [("Ruiz", "Person"), ("Marrowby", "Organization")]


@pytest.mark.parametrize("verb, tag", [("works", "VBZ"), ("taught", "VBD"), ("studied", "VBD")])
def test_a_workplace_after_works_at_is_an_organization_but_not_a_partner(make_doc, verb, tag):
    # "Ruiz works at Marrowby with Kelsholt ." : NER calls both places
    doc = make_doc([
        ("Ruiz", 1, "nsubj", "NNP"), (verb, 1, "ROOT", tag), ("at", 1, "prep", "IN"), ("Marrowby", 2, "pobj", "NNP"),
        ("with", 1, "prep", "IN"), ("Kelsholt", 4, "pobj", "NNP"), (".", 1, "punct", "."),
    ], ["B-PERSON", "O", "O", "B-GPE", "O", "B-GPE", "O"])
    assert mentions(EntityMapper()(doc)) == [("Ruiz", "Person"), ("Marrowby", "Organization"), ("Kelsholt", "Place")]



@pytest.mark.parametrize(("form", "cls"), [("LLC", "Organization"), ("Ltd", "Organization"), ("SA", "Person")])
def test_a_legal_form_after_a_name_makes_it_an_organization(make_doc, form, cls):
    # "Bram Holt , LLC grew ." with NER's PERSON over "Bram Holt"; ", SA" is South Australia as often
    doc = flat(make_doc, ["Bram", "Holt", ",", form, "grew", "."], ["B-PERSON", "I-PERSON", "O", "O", "O", "O"])
    assert mentions(EntityMapper()(doc))[0] == ("Bram Holt", cls)


@pytest.mark.parametrize(("subject", "title"), [("Ruiz", "CEO"), ("Ruiz", "chairman"), ("Tamsoft", "subsidiary")])
def test_the_of_of_a_company_title_is_an_organization(make_doc, subject, title):
    # "Ruiz was <title> of Marrowby ." : NER calls Marrowby a place
    doc = make_doc([(subject, 1, "nsubj", "NNP"), ("was", 1, "ROOT", "VBD"), (title, 1, "attr", "NN"), ("of", 2, "prep", "IN"),
                    ("Marrowby", 3, "pobj", "NNP"), (".", 1, "punct", ".")],
                   ["B-PERSON" if subject == "Ruiz" else "B-ORG", "O", "O", "O", "B-GPE", "O"])
    assert mentions(EntityMapper()(doc))[1] == ("Marrowby", "Organization")


def test_a_position_at_a_name_makes_it_an_organization(make_doc):
    # "Ruiz held a position at Marrowby ." : NER calls Marrowby a place
    doc = make_doc([("Ruiz", 1, "nsubj", "NNP"), ("held", 1, "ROOT", "VBD"), ("a", 3, "det", "DT"), ("position", 1, "dobj", "NN"),
                    ("at", 3, "prep", "IN"), ("Marrowby", 4, "pobj", "NNP"), (".", 1, "punct", ".")],
                   ["B-PERSON", "O", "O", "O", "O", "B-GPE", "O"])
    assert mentions(EntityMapper()(doc))[1] == ("Marrowby", "Organization")


def test_a_name_headquartered_somewhere_is_an_organization(make_doc):
    # "Marrowby is headquartered in Kelsholt ." : NER calls Marrowby a person
    doc = make_doc([("Marrowby", 2, "nsubjpass", "NNP"), ("is", 2, "auxpass", "VBZ"), ("headquartered", 2, "ROOT", "VBN"),
                    ("in", 2, "prep", "IN"), ("Kelsholt", 3, "pobj", "NNP"), (".", 2, "punct", ".")],
                   ["B-PERSON", "O", "O", "O", "B-GPE", "O"])
    assert mentions(EntityMapper()(doc))[0] == ("Marrowby", "Organization")


@pytest.mark.parametrize(("name", "cls"), [("Marrowby", "Organization"), ("Montreal", "Settlement")])
def test_what_a_person_joined_is_an_organization_unless_a_known_place(make_doc, name, cls):
    # "Ruiz joined <name> ." : NER calls the name a place
    doc = make_doc([("Ruiz", 1, "nsubj", "NNP"), ("joined", 1, "ROOT", "VBD"), (name, 1, "dobj", "NNP"), (".", 1, "punct", ".")],
                   ["B-PERSON", "O", "B-GPE", "O"])
    assert mentions(EntityMapper()(doc))[1] == (name, cls)


def test_life_dates_or_an_occupation_make_a_name_a_person(make_doc):
    # "Oskar Venhallo ( 1881 – 1950 ) led ." with NER's ORG
    doc = flat(make_doc, ["Oskar", "Venhallo", "(", "1881", "–", "1950", ")", "led", "."],
               ["B-ORG", "I-ORG", "O", "B-DATE", "I-DATE", "I-DATE", "O", "O", "O"], ["NNP", "NNP", "-LRB-", "CD", ":", "CD", "-RRB-", "VBD", "."])
    assert mentions(EntityMapper()(doc)) == [("Oskar Venhallo", "Person")]
    # "Marrowby is a Swiss psychiatrist ." with NER's ORG; "... a Swiss manufacturer ." stays one
    for noun, cls in (("psychiatrist", "Person"), ("manufacturer", "Organization")):
        doc = make_doc([("Marrowby", 1, "nsubj", "NNP"), ("is", 1, "ROOT", "VBZ"), ("a", 4, "det", "DT"), ("Swiss", 4, "amod", "JJ"),
                        (noun, 1, "attr", "NN"), (".", 1, "punct", ".")], ["B-ORG", "O", "O", "B-NORP", "O", "O"])
        assert mentions(EntityMapper()(doc))[0] == ("Marrowby", cls)



def test_a_legal_form_alone_is_no_name(make_doc):
    # "Velto , Incorporated grew ." with NER's ORG over each of "Velto" and "Incorporated"
    doc = flat(make_doc, ["Velto", ",", "Incorporated", "grew", "."], ["B-ORG", "O", "B-ORG", "O", "O"])
    assert mentions(EntityMapper()(doc)) == [("Velto", "Organization")]


@pytest.mark.parametrize("label", ["PERSON", "ORG"])
def test_a_lone_surname_that_grew_up_somewhere_is_a_person(make_doc, label):
    # "Dulac grew up in Leeds ." : one word, no title, no speech, but only a person grows up
    doc = make_doc([("Dulac", 1, "nsubj", "NNP"), ("grew", 1, "ROOT", "VBD"), ("up", 1, "prt", "RP"), ("in", 1, "prep", "IN"),
                    ("Leeds", 3, "pobj", "NNP"), (".", 1, "punct", ".")], [f"B-{label}", "O", "O", "O", "B-GPE", "O"])
    assert linked(doc)["person/dulac"][0] == "Person"

@pytest.mark.parametrize(("noun", "cls"), [("hamlet", "Settlement"), ("county", "AdministrativeArea"),
                                           ("river", "Place"), ("bank", "Organization")])
def test_a_name_described_as_a_kind_of_place_is_that_place(make_doc, noun, cls):
    # "Marrowby is a <noun> in Kelsholt ." : NER calls Marrowby an organization
    doc = make_doc([("Marrowby", 1, "nsubj", "NNP"), ("is", 1, "ROOT", "VBZ"), ("a", 3, "det", "DT"), (noun, 1, "attr", "NN"),
                    ("in", 3, "prep", "IN"), ("Kelsholt", 4, "pobj", "NNP"), (".", 1, "punct", ".")],
                   ["B-ORG", "O", "O", "O", "O", "B-GPE", "O"])
    assert mentions(EntityMapper()(doc))[0] == ("Marrowby", cls)


@pytest.mark.parametrize(("words", "expected"), [
    (["Quebec", "and", "Ontario"], [("Quebec", "AdministrativeArea"), ("Ontario", "AdministrativeArea")]),
    (["Trinidad", "and", "Tobago"], [("Trinidad and Tobago", "Country")]),  # one country
    (["Quebec", "and", "Marrowby"], [("Quebec and Marrowby", "Place")]),  # a part the gazetteer does not know
])
def test_a_list_of_known_places_ner_took_for_one_is_split(make_doc, words, expected):
    # "She toured <words> ." with one GPE over the words
    doc = flat(make_doc, ["She", "toured", *words, "."], ["O", "O", "B-GPE", "I-GPE", "I-GPE", "O"])
    assert mentions(EntityMapper()(doc)) == expected

@pytest.mark.parametrize("noun, cls", [("company", "Organization"), ("town", "Place")])
def test_a_name_described_as_a_body_is_an_organization(make_doc, noun, cls):
    # "Marrowby , a Turkish defence <noun> , grew ." : NER calls Marrowby a person
    doc = make_doc([
        ("Marrowby", 6, "nsubj", "NNP"), (",", 0, "punct", ","), ("a", 4, "det", "DT"), ("Turkish", 4, "amod", "JJ"),
        (noun, 0, "appos", "NN"), (",", 0, "punct", ","), ("grew", 6, "ROOT", "VBD"), (".", 6, "punct", "."),
    ], ["B-PERSON", "O", "O", "B-NORP", "O", "O", "O", "O"])
    assert mentions(EntityMapper()(doc))[0] == ("Marrowby", "Organization" if cls == "Organization" else "Person")


@pytest.mark.parametrize(("words", "expected"), [
    (["Rui", "Costa", "of", "Leeds"], [("Rui Costa", "Person"), ("Leeds", "Settlement")]),
    (["Oswin", "II", "of", "Leeds"], [("Oswin II of Leeds", "Person")]),  # a regnal name
])
def test_a_person_ner_ran_on_into_of_and_a_place(make_doc, words, expected):
    # "Rui Costa of Leeds spoke ." with NER's one PERSON over the four words
    doc = flat(make_doc, words + ["spoke", "."], ["B-PERSON"] + ["I-PERSON"] * (len(words) - 1) + ["O", "O"])
    assert mentions(EntityMapper()(doc)) == expected


def test_a_country_named_with_a_polity_word_is_a_country(make_doc):
    # "Kingdom" and "Republic" make a name a place; the gazetteer knows these as countries,
    # so that "British" and "Czech" can be their mentions
    doc = flat(make_doc, ["the", "United", "Kingdom", "and", "the", "Czech", "Republic", "signed", "."],
               ["O", "B-GPE", "I-GPE", "O", "O", "B-GPE", "I-GPE", "O", "O"])
    assert mentions(EntityMapper()(doc)) == [("United Kingdom", "Country"), ("Czech Republic", "Country")]


def test_an_organization_of_a_town_is_still_an_organization(make_doc):
    doc = flat(make_doc, ["the", "city", "of", "Marrowby", "Council", "met", "."],
               ["O", "O", "O", "B-ORG", "I-ORG", "O", "O"])
    assert mentions(EntityMapper()(doc)) == [("Marrowby Council", "GovernmentAgency")]


def test_one_word_naming_a_kind_of_place_is_no_place_but_may_be_a_surname(make_doc):
    doc = flat(make_doc, ["Park", "left", "the", "Valley", "and", "the", "Kingdom", "."],
               ["B-PERSON", "O", "O", "B-LOC", "O", "O", "B-GPE", "O"])
    assert mentions(EntityMapper()(doc)) == [("Park", "Person")]


def test_an_event_is_dropped_but_a_body_named_for_one_is_an_organization(make_doc):
    doc = flat(make_doc, ["Reels", "of", "the", "Danish", "Film", "Institute", "and", "the", "Harbour", "Film",
                          "Festival", "survive", "."],
               ["O", "O", "B-ORG", "I-ORG", "I-ORG", "I-ORG", "O", "B-EVENT", "I-EVENT", "I-EVENT", "I-EVENT",
                "O", "O"])
    assert mentions(EntityMapper()(doc)) == [("Danish Film Institute", "Organization")]


def test_a_place_named_with_a_possessive_keeps_it(make_doc):
    doc = flat(make_doc, ["in", "St.", "John", "'s", "harbour", "."], ["O", "B-GPE", "I-GPE", "I-GPE", "O", "O"])
    assert mentions(EntityMapper()(doc)) == [("St. John's", "Settlement")]


def test_a_crossing_named_in_lower_case_is_a_border_crossing(make_doc):
    doc = flat(make_doc, ["at", "the", "Lacolle", "border", "crossing", "near", "Lacolle", "."],
               ["O", "O", "B-GPE", "O", "O", "O", "B-GPE", "O"])
    assert mentions(EntityMapper()(doc)) == [("Lacolle border crossing", "BorderCrossing"), ("Lacolle", "Place")]


def test_a_region_after_a_town_and_comma_is_that_region(make_doc):
    doc = flat(make_doc, ["HEMMINGFORD", ",", "Que", ".", "—", "Officers", "waited", "."],
               ["B-GPE", "O", "B-PERSON", "O", "O", "O", "O", "O"])
    assert linked(doc)["place/quebec"] == ("AdministrativeArea", {"Que": "link-place-alias"})


def test_a_name_that_starts_with_a_given_name_is_a_person_despite_ner(make_doc):
    doc = flat(make_doc, ["Celine", "Dion", "sang", "with", "Walt", "Disney", "Company", "staff", "."],
               ["B-ORG", "I-ORG", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O"])
    assert mentions(EntityMapper()(doc)) == [("Celine Dion", "Person"), ("Walt Disney Company", "Organization")]


# --- linking within a document --------------------------------------------------------

def test_each_link_records_its_rule(make_doc):
    doc = flat(make_doc, [
        "Jean-Pierre", "Fortin", "told", "the", "Daily", "Ottawa", "Courier", "in", "the", "United", "States", ";",
        "Fortin", "said", "the", "Ottawa", "Courier", "and", "U.S.", "officials", "agree", "."],
        ["B-PERSON", "I-PERSON", "O", "O", "B-ORG", "I-ORG", "I-ORG", "O", "O", "B-GPE", "I-GPE", "O",
         "B-PERSON", "O", "O", "B-ORG", "I-ORG", "O", "B-GPE", "O", "O", "O"])
    assert linked(doc) == {
        "person/jean-pierre-fortin": ("Person", {"Jean-Pierre Fortin": "", "Fortin": "link-surname"}),
        "organization/daily-ottawa-courier": ("NewsOrganization", {"Daily Ottawa Courier": "", "Ottawa Courier": "link-short-form"}),
        "place/united-states": ("Country", {"United States": "", "U.S.": "link-place-alias"}),
    }


@pytest.mark.parametrize("words, ents, short", [
    (["Epic", "Records", "signed", "her", ";", "Epic", "agreed", "."], ["B-ORG", "I-ORG", "O", "O", "O", "B-ORG", "O", "O"], "Epic"),
    (["the", "Minnesota", "Vikings", "won", ";", "the", "Vikings", "celebrated", "."],
     ["O", "B-ORG", "I-ORG", "O", "O", "O", "B-ORG", "O", "O"], "Vikings"),
])
def test_an_organization_is_named_without_its_generic_words_or_place(make_doc, words, ents, short):
    (cls, forms), = linked(flat(make_doc, words, ents)).values()
    assert forms[short] == "link-short-form"


def test_a_name_that_speaks_is_a_person_when_ner_calls_it_an_organization(make_doc):
    said = make_doc([("Goodale", 1, "nsubj", "NNP"), ("said", 1, "ROOT", "VBD"), ("no", 1, "intj", "UH"),
                     (".", 1, "punct", "."), ("Goodale", 5, "nsubj", "NNP"), ("added", 5, "ROOT", "VBD"),
                     (".", 5, "punct", ".")], ["B-ORG", "O", "O", "O", "B-ORG", "O", "O"])
    left = make_doc([("Goodale", 1, "nsubj", "NNP"), ("left", 1, "ROOT", "VBD"), (".", 1, "punct", "."),
                     ("Goodale", 4, "nsubj", "NNP"), ("left", 4, "ROOT", "VBD"), (".", 4, "punct", ".")],
                    ["B-ORG", "O", "O", "B-ORG", "O", "O"])
    assert list(linked(said)) == ["person/goodale"]
    assert list(linked(left)) == ["organization/goodale"]


def test_a_one_word_organization_is_not_joined_to_an_unrelated_name(make_doc):
    doc = flat(make_doc, ["Atlantic", "Fisheries", "Council", "and", "Fisheries", "met", "."],
               ["B-ORG", "I-ORG", "I-ORG", "O", "B-ORG", "O", "O"])
    assert len(linked(doc)) == 2


def test_a_lone_surname_ner_calls_a_person_is_kept_once_or_twice(make_doc):
    twice = flat(make_doc, ["Kowalski", "came", ".", "Kowalski", "left", "."],
                 ["B-PERSON", "O", "O", "B-PERSON", "O", "O"])
    once = flat(make_doc, ["Kowalski", "told", "reporters", "."], ["B-PERSON", "O", "O", "O"])
    assert list(linked(twice)) == ["person/kowalski"]
    assert linked(once) == {"person/kowalski": ("Person", {"Kowalski": ""})}


def test_a_lone_name_modifying_a_common_noun_is_a_fragment(make_doc):
    # "Kowalski officers came .": NER's PERSON on a compound of "officers"
    doc = make_doc([("Kowalski", 1, "compound", "NNP"), ("officers", 2, "nsubj", "NNS"), ("came", 2, "ROOT", "VBD"),
                    (".", 2, "punct", ".")], ["B-PERSON", "O", "O", "O"])
    assert linked(doc) == {}


def test_links_are_written_on_the_mentions(make_doc):
    text = "Jean-Pierre Fortin spoke. Fortin left."
    full, short = Span(0, 18, "Jean-Pierre Fortin"), Span(26, 32, "Fortin")
    entity = Entity("person/jean-pierre-fortin", "Jean-Pierre Fortin", "Person", [full, short],
                    links={short: "link-surname"}, found={full: "mention-name-run"})
    graph = document_graph(SourceDocument("a.txt", "a.txt", text, "sha256:00"), Extraction(entities=[entity]),
                           pipeline="p", processed_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    doc = "https://w3id.org/newskg/doc/a.txt"
    assert set(graph.subject_objects(KG.linkedBy)) == {(URIRef(doc + "#m-26-32"), KGRULE["link-surname"])}
    assert (KGRULE["link-surname"], RDF.type, KG.ExtractionRule) in graph
    assert set(graph.subject_objects(KG.foundBy)) == {(URIRef(doc + "#m-0-18"), KGRULE["mention-name-run"])}
    assert (KGRULE["mention-name-run"], RDF.type, KG.ExtractionRule) in graph


# --- roles ----------------------------------------------------------------------------

SENTENCE = Span(0, 40, "RCMP spokesperson Ann Lee spoke to CBC.")
ANN = Span(18, 25, "Ann Lee")


def rel(prop: str, obj: str, *, mention: Span = ANN, sentence: Span = SENTENCE, rule: str = "r") -> Relation:
    return Relation("person/ann-lee", prop, obj, sentence, rule, 0.8, mention, None, literal=prop == "jobTitle")


def test_a_title_and_an_organization_of_the_same_mention_make_one_role():
    (role,) = roles_of([rel("jobTitle", "spokesperson", rule="title-before-name"),
                        rel("spokespersonFor", "organization/rcmp", rule="org-title-before-name")])
    assert (role.holder, role.title, role.organization, role.rule) == (
        "person/ann-lee", "spokesperson", "organization/rcmp", "title-before-name")


def test_a_title_alone_is_a_role_without_organization():
    (role,) = roles_of([rel("jobTitle", "Public Safety Minister"), rel("spokespersonFor", "person/ralph-goodale")])
    assert role.organization is None


@pytest.mark.parametrize("others", [
    [rel("employer", "organization/rcmp", sentence=Span(41, 60, "She joined the RCMP."))],  # another sentence
    [rel("employer", "organization/rcmp", mention=Span(30, 33, "Lee"))],  # another mention
    [rel("employer", "organization/rcmp"), rel("headOf", "organization/cbc")],  # two organizations
    [rel("employer", "organization/rcmp"), rel("jobTitle", "former minister")],  # two titles
])
def test_an_organization_joins_a_title_only_when_the_text_ties_them(others):
    roles = roles_of([rel("jobTitle", "spokesperson"), *others])
    assert {r.organization for r in roles} == {None}


# --- one entity across documents ------------------------------------------------------

def iri(kind: str, name: str) -> URIRef:
    return entity_iri(entity_key(kind, name))


GOODALE, RALPH, MARY = iri("person", "Goodale"), iri("person", "Ralph Goodale"), iri("person", "Mary Goodale")
CBSA, AGENCY = iri("organization", "CBSA"), iri("organization", "Canada Border Services Agency")


def test_a_surname_joins_the_one_person_with_that_surname():
    links = corpus_links({GOODALE: {"Goodale"}, RALPH: {"Ralph Goodale"}})
    assert links == {GOODALE: (RALPH, SURNAME_CORPUS)}


def test_a_surname_shared_by_two_people_stays_alone():
    assert corpus_links({GOODALE: {"Goodale"}, RALPH: {"Ralph Goodale"}, MARY: {"Mary Goodale"}}) == {}


def test_a_name_another_entity_also_has_joins_it():
    links = corpus_links({CBSA: {"CBSA"}, AGENCY: {"Canada Border Services Agency", "CBSA"}})
    assert links == {CBSA: (AGENCY, ALIAS_CORPUS)}


@pytest.mark.parametrize("forms", [
    {iri("person", "John Kelly"): {"John Kelly"}, iri("person", "John Kelly Jr"): {"John Kelly Jr", "John Kelly"}},
    {iri("place", "Georgia"): {"Georgia"}, iri("organization", "Georgia Power"): {"Georgia Power", "Georgia"}},
    {CBSA: {"CBSA"}, AGENCY: {"Canada Border Services Agency", "CBSA"},
     iri("organization", "Canadian Bar Services Association"): {"Canadian Bar Services Association", "CBSA"}},
])
def test_full_names_other_kinds_and_ambiguous_aliases_are_not_merged(forms):
    assert corpus_links(forms) == {}


def doc_graph(doc_id: str, text: str, entities: list[Entity], relations: list[Relation] = ()) -> Graph:
    return document_graph(SourceDocument(doc_id, doc_id, text, "sha256:00"),
                          Extraction(entities=entities, relations=list(relations)),
                          pipeline="p", processed_at=datetime(2026, 1, 1, tzinfo=timezone.utc))


def test_the_store_resolves_a_surname_across_documents_and_records_why():
    first = "Ralph Goodale spoke to the RCMP."
    second = "Goodale met RCMP officers."
    goodale = Span(0, 7, "Goodale")
    store = KgStore(None)
    store.replace_graph(doc_graph("a.txt", first, [
        Entity("person/ralph-goodale", "Ralph Goodale", "Person", [Span(0, 13, "Ralph Goodale")]),
        Entity("organization/royal-canadian-mounted-police", "Royal Canadian Mounted Police", "GovernmentAgency",
               [Span(27, 31, "RCMP")])]))
    store.replace_graph(doc_graph("b.txt", second, [
        Entity("person/goodale", "Goodale", "Person", [goodale]),
        Entity("organization/royal-canadian-mounted-police", "Royal Canadian Mounted Police", "GovernmentAgency",
               [Span(12, 16, "RCMP")])],
                                  [Relation("person/goodale", "employer", "organization/royal-canadian-mounted-police",
                                            Span(0, 26, second), "verb-works-for", 0.8, goodale)]))
    store.refresh_entities()
    assert resolve_store(store) == 1
    store.refresh_entities()
    b = "https://w3id.org/newskg/doc/b.txt"
    rows = {tuple(str(v) for v in row) for row in store.query(
        f"SELECT ?e ?rule WHERE {{ GRAPH <{b}> {{ <{b}#m-0-7> <{KG.refersTo}> ?e ; <{KG.linkedBy}> ?rule }} }}")}
    assert rows == {(str(RALPH), str(KGRULE[SURNAME_CORPUS]))}
    assert not store.query(f"ASK {{ GRAPH ?g {{ {{ <{GOODALE}> ?p ?o }} UNION {{ ?s ?p <{GOODALE}> }} }} }}").askAnswer
    assert (RALPH, KG.employer, iri("organization", "Royal Canadian Mounted Police")) in set(store.query(
        f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{b}> {{ ?s ?p ?o }} }}"))
    labels = {row[0].toPython() for row in store.query(
        f"SELECT ?o WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ <{RALPH}> <{SKOS.altLabel}> ?o }} }}")}
    assert labels == {"Goodale"}
    assert resolve_store(store) == 0  # nothing left to merge


def test_a_surname_joins_a_full_name_of_another_document_only_with_shared_context():
    def store_of(second_entities: list[Entity]) -> KgStore:
        store = KgStore(None)
        store.replace_graph(doc_graph("a.txt", "Claire Moreau spoke in Lyon.", [
            Entity("person/claire-moreau", "Claire Moreau", "Person", [Span(0, 13, "Claire Moreau")]),
            Entity("place/lyon", "Lyon", "Settlement", [Span(23, 27, "Lyon")])]))
        store.replace_graph(doc_graph("b.txt", "Moreau won in Lyon.", [
            Entity("person/moreau", "Moreau", "Person", [Span(0, 6, "Moreau")]), *second_entities]))
        store.refresh_entities()
        return store

    lyon = Entity("place/lyon", "Lyon", "Settlement", [Span(14, 18, "Lyon")])
    assert resolve_store(store_of([lyon])) == 0  # a place in common is not context enough
    assert resolve_store(store_of([lyon]), one_story=True) == 1  # the user says: one story
    shared = KgStore(None)
    shared.replace_graph(doc_graph("a.txt", "Claire Moreau of Velmora Bank spoke.", [
        Entity("person/claire-moreau", "Claire Moreau", "Person", [Span(0, 13, "Claire Moreau")]),
        Entity("organization/velmora-bank", "Velmora Bank", "Organization", [Span(17, 29, "Velmora Bank")])]))
    shared.replace_graph(doc_graph("b.txt", "Velmora Bank hired Moreau.", [
        Entity("organization/velmora-bank", "Velmora Bank", "Organization", [Span(0, 12, "Velmora Bank")]),
        Entity("person/moreau", "Moreau", "Person", [Span(19, 25, "Moreau")])]))
    shared.refresh_entities()
    assert resolve_store(shared) == 1


def test_relink_update_replaces_the_iri_everywhere_and_replaces_an_older_rule():
    doc = URIRef("https://w3id.org/newskg/doc/b.txt")
    g = Graph(identifier=doc)
    m = URIRef("https://w3id.org/newskg/doc/b.txt#m-0-7")
    g.add((m, KG.refersTo, GOODALE))
    g.add((m, KG.linkedBy, KGRULE["link-variant"]))
    g.add((GOODALE, RDF.type, KG.Person))
    g.add((GOODALE, KG.jobTitle, Literal("minister")))
    g.add((doc, KG.mentions, GOODALE))
    store = KgStore(None)
    store.replace_graph(g)
    store.oxigraph.add(ox.Quad(ox.NamedNode(str(GOODALE)), ox.NamedNode(str(RDFS.label)), ox.Literal("Goodale"),
                               ox.NamedNode(str(ENTITY_GRAPH))))
    store.update(relink_update({GOODALE: (RALPH, SURNAME_CORPUS)}))
    assert set(store.query(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{doc}> {{ ?s ?p ?o }} }}")) == {
        (m, KG.refersTo, RALPH), (m, KG.linkedBy, KGRULE[SURNAME_CORPUS]), (RALPH, RDF.type, KG.Person),
        (RALPH, KG.jobTitle, Literal("minister", datatype=XSD.string)),  # as Oxigraph gives a plain literal back
        (KGRULE[SURNAME_CORPUS], RDF.type, KG.ExtractionRule), (doc, KG.mentions, RALPH),
    }
    stale = {row["e"].value for row in store.solutions(f"SELECT ?e WHERE {{ GRAPH <{STALE_GRAPH}> {{ ?e a ?c }} }}")}
    assert stale == {str(GOODALE), str(RALPH)}
    assert store.query(f"ASK {{ GRAPH <{ENTITY_GRAPH}> {{ <{GOODALE}> ?p ?o }} }}").askAnswer  # left to the refresh


# --- the real pipeline ----------------------------------------------------------------

@pytest.mark.model
def test_news_acronyms_get_their_classes_and_short_names_their_links(nlp):
    text = ("Officers of the RCMP and the CBSA met at the Lacolle border crossing on Tuesday, "
            "CBC reported. Marie Tremblay, a spokesperson for the agency, said NATO was not involved. "
            "Tremblay said the talks would continue.")
    doc = nlp(text)
    found = {e.key: (e.cls, {m.text: e.links.get(m, "") for m in e.mentions}) for e in doc._.kg_entities}
    assert found["organization/royal-canadian-mounted-police"] == ("GovernmentAgency", {"RCMP": "link-lexicon"})
    assert found["organization/canada-border-services-agency"] == ("GovernmentAgency", {"CBSA": "link-lexicon"})
    assert found["organization/canadian-broadcasting-corporation"][0] == "NewsOrganization"
    assert found["organization/north-atlantic-treaty-organization"][0] == "InternationalOrganization"
    assert found["place/lacolle-border-crossing"][0] == "BorderCrossing"
    assert found["person/marie-tremblay"] == ("Person", {"Marie Tremblay": "", "Tremblay": "link-surname"})


def test_an_untagged_surname_of_a_named_person_is_a_mention(make_doc):
    doc = flat(make_doc, ["Marie", "Tremblay", "spoke", ".", "Tremblay", "left", "."],
               ["B-PERSON", "I-PERSON", "O", "O", "O", "O", "O"], ["NNP", "NNP", "VBD", ".", "NN", "VBD", "."])
    assert linked(doc) == {"person/marie-tremblay": ("Person", {"Marie Tremblay": "", "Tremblay": "link-surname"})}


def test_a_role_names_its_organization_in_the_people_query():
    from builder.query.named import resolve
    from builder.resources import queries_dir

    text = "RCMP spokesperson Ann Lee spoke."
    ann, rcmp = Span(18, 25, "Ann Lee"), Span(0, 4, "RCMP")
    sentence = Span(0, len(text), text)
    graph = doc_graph("c.txt", text, [
        Entity("person/ann-lee", "Ann Lee", "Person", [ann]),
        Entity("organization/royal-canadian-mounted-police", "Royal Canadian Mounted Police", "GovernmentAgency",
               [rcmp], links={rcmp: "link-lexicon"})], [
        Relation("person/ann-lee", "jobTitle", "spokesperson", sentence, "title-before-name", 0.85, ann, literal=True),
        Relation("person/ann-lee", "jobTitle", "officer", Span(0, 0, ""), "title-before-name", 0.85, ann, literal=True),
        Relation("person/ann-lee", "spokespersonFor", "organization/royal-canadian-mounted-police", sentence,
                 "org-title-before-name", 0.8, ann, rcmp)])
    store = KgStore(None)
    store.replace_graph(graph)
    store.refresh_entities()
    rows = store.query(resolve("people-organizations", queries_dir()))
    assert [(str(r.personLabel), str(r.relation), str(r.organizationLabel), str(r.jobTitle)) for r in rows] == [
        ("Ann Lee", "spokespersonFor", "Royal Canadian Mounted Police", "spokesperson")]


def _build_two_articles(tmp_path, second_opening: str, *options: str) -> tuple[set, set]:
    """Build a.txt (a minister named in full) and b.txt (named by surname) with `kg build`;
    RETURNS the (entity, rule) of b.txt's "Okonkwo" mention and the people's labels."""
    from typer.testing import CliRunner

    from builder.cli import app

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text(
        "Transport Minister Daniela Okonkwo announced new funding for VIA Rail on Monday in Winnipeg, "
        "Manitoba.\n")
    (articles / "b.txt").write_text(
        f"{second_opening}\n\n"
        "\"We will hold the government to its word,\" said union leader Marc Tessier. "
        "Okonkwo said she would meet him in Brandon next week.\n")
    result = CliRunner().invoke(app, ["build", str(articles), "--out", str(tmp_path / "out"), *options])
    assert result.exit_code == 0, result.output
    with KgStore(tmp_path / "out" / "store") as store:
        b = "https://w3id.org/newskg/doc/articles/b.txt"
        rows = {(str(r.e), str(r.rule)) for r in store.query(
            f"SELECT ?e ?rule WHERE {{ GRAPH <{b}> {{ ?m <{KG.surfaceForm}> \"Okonkwo\" ; <{KG.refersTo}> ?e ; "
            f"OPTIONAL {{ ?m <{KG.linkedBy}> ?rule }} }} }}")}
        people = {str(r.l) for r in store.query(
            f"SELECT ?l WHERE {{ GRAPH <{ENTITY_GRAPH}> {{ ?e a <{KG.Person}> ; <{RDFS.label}> ?l }} }}")}
    return rows, people


@pytest.mark.model
def test_kg_build_joins_a_surname_to_the_full_name_of_an_article_with_shared_context(tmp_path):
    rows, people = _build_two_articles(tmp_path, "Rail unions at VIA Rail welcomed the plan on Tuesday.")
    assert rows == {(str(entity_iri("person/daniela-okonkwo")), str(KGRULE[SURNAME_CORPUS]))}
    assert people == {"Daniela Okonkwo", "Marc Tessier"}


@pytest.mark.model
def test_kg_build_keeps_a_surname_apart_from_a_full_name_without_shared_context(tmp_path):
    rows, people = _build_two_articles(tmp_path, "Rail unions welcomed the plan on Tuesday.")  # only places shared
    assert rows == {(str(entity_iri("person/okonkwo")), "None")}
    assert people == {"Daniela Okonkwo", "Okonkwo", "Marc Tessier"}


@pytest.mark.model
def test_kg_build_one_story_joins_a_surname_without_shared_context(tmp_path):
    rows, people = _build_two_articles(tmp_path, "Rail unions welcomed the plan on Tuesday.", "--one-story")
    assert rows == {(str(entity_iri("person/daniela-okonkwo")), str(KGRULE[SURNAME_CORPUS]))}
    assert people == {"Daniela Okonkwo", "Marc Tessier"}
