"""`kg_paragraph_breaks`: a blank line ends a sentence, whatever the parser thinks."""

from spacy.language import Language
from spacy.tokens import Doc


@Language.component("kg_paragraph_breaks", assigns=["token.is_sent_start"])
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break, so no sentence spans two paragraphs or a
    headline and its text. Runs before the parser, which keeps these boundaries."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc
