"""Texts longer than the pipeline's max_length: parsed in paragraph chunks, offsets exact."""

import pytest
import spacy
from spacy.language import Language

from builder.extraction.chunking import paragraph_chunks, pipe_texts
from builder.extraction.extract import extraction_of
from builder.extraction.nlp import KG_COMPONENTS


@pytest.mark.parametrize("text,size,chunks", [
    ("One.\n\nTwo two.\n\nThree.", 12, ["One.\n\n", "Two two.\n\n", "Three."]),
    ("Line one\nline two\nline three", 12, ["Line one\n", "line two\n", "line three"]),
    ("a b c d e f g h", 4, ["a b ", "c d ", "e f ", "g h"]),
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ("Short.", 100, ["Short."]),
])
def test_chunks_are_cut_at_the_best_break_and_join_to_the_text(text: str, size: int, chunks: list[str]):
    assert paragraph_chunks(text, size) == chunks
    assert "".join(chunks) == text and all(len(c) <= size for c in chunks)


@pytest.fixture
def ruled() -> Language:
    """A pipeline without a trained model: NER by rules, then the kg components."""
    nlp = spacy.blank("en")
    nlp.add_pipe("entity_ruler").add_patterns([
        {"label": "PERSON", "pattern": "Ann Lee"}, {"label": "PERSON", "pattern": "Lee"},
        {"label": "ORG", "pattern": "Acme Agency"}])
    nlp.add_pipe("sentencizer")
    for name in KG_COMPONENTS:
        nlp.add_pipe(name)
    return nlp


def test_long_texts_are_parsed_in_chunks_with_exact_offsets(ruled: Language):
    ruled.max_length = 200
    long = "Ann Lee works for the Acme Agency.\n\n" + "The harbour was quiet that week.\n\n" * 10 + "Lee left."
    texts = ["Ann Lee of the Acme Agency.", long, "Acme Agency again."]
    docs = list(pipe_texts(ruled, texts, batch_size=2))
    assert [doc.text for doc in docs] == texts
    entities = {e.key: e for e in extraction_of(docs[1]).entities}
    assert set(entities) == {"person/ann-lee", "organization/acme-agency"}
    mentions = entities["person/ann-lee"].mentions
    assert [(m.start, m.text) for m in mentions] == [(0, "Ann Lee"), (len(long) - 9, "Lee")]
    assert all(long[m.start:m.end] == m.text for e in entities.values() for m in e.mentions)
