import pyoxigraph as ox
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from builder.extraction.keys import KINDS, entity_key, slugify
from builder.rdf.iri import document_iri, entity_iri, mention_iri, quotation_iri, rule_iri, statement_iri, writable_text


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


# Hostile names and ids (tests/test_hostile.py writes them in every RDF syntax)

# Characters an IRI may hold unescaped (RFC 3987 without its non-ASCII ranges, which kg escapes).
IRI_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~:/?#[]@!$&'()*+,;=%")
any_text = st.text(st.characters(codec=None, categories=None), max_size=60)


def assert_plain_iri(iri: str) -> None:
    assert set(iri) <= IRI_CHARS, iri
    assert ox.NamedNode(iri).value == iri


@settings(max_examples=300, deadline=None, derandomize=True)
@given(any_text, st.sampled_from(KINDS))
def test_any_name_or_id_gives_a_plain_ascii_iri(text: str, kind: str):
    doc = document_iri(text)
    assert_plain_iri(str(doc))
    assert_plain_iri(str(entity_iri(entity_key(kind, text))))
    assert_plain_iri(str(statement_iri(doc, text, kind)))
    assert_plain_iri(str(rule_iri(text)))
    assert not str(doc).endswith(".")
    assert "/./" not in str(doc) + "/" and "/../" not in str(doc) + "/"


@settings(max_examples=300, deadline=None, derandomize=True)
@given(any_text)
def test_writable_text_is_writable_and_keeps_offsets(text: str):
    value = writable_text(text)
    assert len(value) == len(text)
    assert ox.Literal(value).value == value  # no lone surrogate: Oxigraph takes it
    for original, kept in zip(text, value):
        assert kept == original or kept in "\ufffd\n"
        if original in "\t\n" or original.isprintable():
            assert kept == original or original in "\ufffe\uffff"


def test_writable_text_replaces_what_xml_cannot_hold():
    assert writable_text("a\x00b\x1fc\x0bd\x7fe\x85") == "a\ufffdb\ufffdc\ufffdd\x7fe\x85"
    assert writable_text("one\r\ntwo\rthree") == "one\n\ntwo\nthree"
    assert writable_text("\ud800\udcff\ufffe\uffff\U0001f600") == "\ufffd\ufffd\ufffd\ufffd\U0001f600"
    assert writable_text("tab\tnew\nline \u202eRTL\u200f \u05e9\u05dc\u05d5\u05dd e\u0301") == \
        "tab\tnew\nline \u202eRTL\u200f \u05e9\u05dc\u05d5\u05dd e\u0301"


@pytest.mark.parametrize(("doc_id", "iri"), [
    ("examples/a.txt", "examples/a.txt"),
    ("./a.txt", "%2E/a.txt"),
    ("news/../secret.txt", "news/%2E%2E/secret.txt"),
    ("..", "%2E%2E"),
    ("Reuters Inc.", "Reuters%20Inc%2E"),
    ("a..b/c...", "a..b/c..%2E"),
    ("q?x=1#frag", "q%3Fx%3D1%23frag"),
    ("<>\"{}|\\^`", "%3C%3E%22%7B%7D%7C%5C%5E%60"),
    ("caf\u00e9/\u05e9\u05dc\u05d5\u05dd", "caf%C3%A9/%D7%A9%D7%9C%D7%95%D7%9D"),
])
def test_document_iri_escapes_what_parsers_would_rewrite(doc_id: str, iri: str):
    assert str(document_iri(doc_id)) == "https://w3id.org/newskg/doc/" + iri


def test_undecodable_file_name_bytes_come_back_as_they_were():
    name = b"caf\xe9-\xff.txt".decode("utf-8", "surrogateescape")  # what Python makes of such a file name
    assert str(document_iri(name)).endswith("/caf%E9-%FF.txt")
    assert str(document_iri("\ud800")).endswith("/%ED%A0%80")  # a lone surrogate from JSON


def test_lone_surrogates_get_distinct_stable_slugs():
    # Written out: the same in every process and Python version (sha1 of the name's bytes,
    # a lone surrogate kept as its own three bytes), and three names, three slugs.
    slugs = [slugify("\ud800"), slugify("\udcff"), slugify("\ufffd")]
    assert slugs == ["x-10db70ec07", "x-85e53271e1", "x-9bdb77276c"]
    assert str(quotation_iri(document_iri("\udcff"), 1, 2)).endswith("/%FF#q-1-2")


def test_five_thousand_character_name_gets_a_short_iri():
    name = "Ab\u00e9 " * 1250
    key = entity_key("person", name)
    assert len(key) <= len("person/") + 92 and key.startswith("person/abe-abe-")
    assert entity_key("person", name) != entity_key("person", name + "x")
