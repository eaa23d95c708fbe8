from builder.iri import document_iri, entity_iri, entity_key, mention_iri, slugify


def test_slugify_folds_accents_and_punctuation():
    assert slugify("Jean-Pierre Fortin") == "jean-pierre-fortin"
    assert slugify("Montréal") == "montreal"
    assert slugify("U.S. Border Patrol") == "u-s-border-patrol"


def test_slugify_without_ascii_uses_a_hash():
    a, b = slugify("北京"), slugify("東京")
    assert a.startswith("x-") and b.startswith("x-") and a != b


def test_long_names_are_cut_with_a_hash():
    slug = slugify("word " * 100)
    assert len(slug) <= 92 and slug.startswith("word-word")


def test_entity_iri_is_stable_and_readable():
    key = entity_key("person", "Ralph Goodale")
    assert str(entity_iri(key)) == "https://w3id.org/newskg/id/person/ralph-goodale"


def test_document_and_mention_iris():
    doc = document_iri("examples/a b.txt")
    assert str(doc) == "https://w3id.org/newskg/doc/examples/a%20b.txt"
    assert str(mention_iri(doc, 3, 9)) == str(doc) + "#m-3-9"
