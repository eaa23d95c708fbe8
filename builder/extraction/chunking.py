"""Texts longer than a pipeline takes at once (`nlp.max_length`): parsed in chunks cut at
paragraph breaks, joined into one Doc whose offsets are the text's, then read whole by the
kg components."""

from collections.abc import Iterable, Iterator
from itertools import groupby

from spacy.language import Language
from spacy.tokens import Doc

from .nlp import DOCUMENT_COMPONENTS

_BREAKS = ("\n\n", "\n", " ")  # where to cut, best first


def pipe_texts(nlp: Language, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
    """`nlp.pipe(texts)`, in order, that also takes texts longer than `nlp.max_length`."""
    return (finish_doc(nlp, doc) for doc in parse_texts(nlp, texts, batch_size=batch_size))


def parse_texts(nlp: Language, texts: Iterable[str], *, batch_size: int) -> Iterator[Doc]:
    """The Doc of each text, in order, through the pipeline up to the kg components that read
    a whole document (`finish_doc` runs them); long texts in chunks (`parse_long`)."""
    kg = document_components(nlp)
    for long, group in groupby(texts, key=lambda text: len(text) > nlp.max_length):
        if long:
            yield from (parse_long(nlp, text) for text in group)
        else:
            yield from nlp.pipe(group, disable=kg, batch_size=batch_size)


def finish_doc(nlp: Language, doc: Doc) -> Doc:
    """A Doc from `parse_texts` through the kg components that read a whole document."""
    for name in document_components(nlp):
        doc = nlp.get_pipe(name)(doc)
    return doc


def parse_long(nlp: Language, text: str) -> Doc:
    """The Doc of a text of any length, up to the kg components that read a whole document.

    Its chunks (`paragraph_chunks`) go through the pipeline up to the kg components, one at
    a time; the chunk Docs are joined, so the Doc's text is the text and every offset is
    exact; then `finish_doc` has the kg components read the whole document, so that
    entities are linked and quotes attributed across chunks as in a short text.
    """
    parts = list(nlp.pipe(paragraph_chunks(text, nlp.max_length), disable=document_components(nlp), batch_size=1))
    return Doc.from_docs(parts, ensure_whitespace=False)


def document_components(nlp: Language) -> list[str]:
    """The pipeline's kg components that read a whole document, in order."""
    return [name for name in nlp.pipe_names if name in DOCUMENT_COMPONENTS]


def paragraph_chunks(text: str, size: int) -> list[str]:
    """The text cut into pieces of at most `size` characters, each cut after the last
    blank line of its stretch, else after its last line break, else after its last space
    (else at `size`). Joined, the pieces are the text."""
    chunks = []
    start = 0
    while len(text) - start > size:
        window = text[start:start + size]
        cut = next((end + len(mark) for mark in _BREAKS if (end := window.rfind(mark)) > 0), size)
        chunks.append(window[:cut])
        start += cut
    chunks.append(text[start:])
    return chunks
