"""`kg_quote_extractor`: direct quotations and who said them."""

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span, Token

from ..classify import KIND_OF_CLASS
from ..lexicon import SPEECH_VERBS, verb_base
from ..records import Quote
from ..records import Span as TextSpan
from .entity_mapper import MENTIONS_KEY

if not Doc.has_extension("kg_quotes"):
    Doc.set_extension("kg_quotes", default=None)

RULES: dict[str, float] = {
    "quote-named-speaker": 0.9,
    "quote-pronoun-speaker": 0.75,
    "quote-continued": 0.8,
}
_QUOTE = re.compile(r"“([^”]{2,}?)”|\"([^\"\n]{2,}?)\"")
_PRONOUNS = frozenset({"he", "she"})
_MIN_WORDS = 3


@Language.factory(
    "kg_quote_extractor",
    requires=["doc.spans", "token.dep"],
    assigns=["doc._.kg_quotes"],
    default_config={"spans_key": MENTIONS_KEY},
)
def make_quote_extractor(nlp: Language, name: str, spans_key: str) -> "QuoteExtractor":
    """Create the quotation extractor."""
    return QuoteExtractor(spans_key=spans_key)


class QuoteExtractor:
    """Attributes each direct quotation to a person or organization.

    The speaker is the subject of a verb of speech next to the quote ("said union president
    X", "X said:"); "he"/"she" resolve to the person last named before the quote; a quote
    that continues right after an attributed one ("A," she said. "B.") shares its speaker.
    """

    def __init__(self, *, spans_key: str = MENTIONS_KEY) -> None:
        self.spans_key = spans_key

    def __call__(self, doc: Doc) -> Doc:
        mentions = [m for m in doc.spans[self.spans_key] if KIND_OF_CLASS[m.label_] in {"person", "organization"}]
        by_token = {i: m for m in mentions for i in range(m.start, m.end)}
        quotes: list[Quote] = []
        text = doc.text  # Doc.text joins every token: once per document
        inside = list(_quote_spans(text))
        previous: Quote | None = None
        for start, end in inside:
            quote = self._attribute(doc, text, start, end, inside, mentions, by_token, previous)
            if quote is not None:
                quotes.append(quote)
            previous = quote
        doc._.kg_quotes = quotes
        return doc

    def _attribute(self, doc: Doc, text: str, start: int, end: int, inside: list[tuple[int, int]],
                   mentions: list[Span], by_token: dict[int, Span], previous: Quote | None) -> Quote | None:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or len(text[start:end].split()) < _MIN_WORDS:
            return None
        sents = _sentences_around(doc, text, start - 1, end + 1)
        if not sents:
            return None
        quoted = TextSpan(start, end, text[start:end])
        for verb in _speech_verbs(sents, inside):
            subject = next((c for c in verb.children if c.dep_ == "nsubj"), None)
            if subject is None:
                continue
            evidence = _evidence(text, sents, verb)
            mention = by_token.get(subject.i)
            if mention is not None:
                return Quote(quoted, mention.kb_id_, evidence, "quote-named-speaker",
                             RULES["quote-named-speaker"])
            if subject.lower_ in _PRONOUNS:
                person = _last_person_before(mentions, start, inside)
                if person is not None:
                    return Quote(quoted, person.kb_id_, evidence, "quote-pronoun-speaker",
                                 RULES["quote-pronoun-speaker"])
            return None
        if previous is not None and _continues(text, previous, start):
            evidence = TextSpan(sents[0].start_char, sents[-1].end_char,
                                text[sents[0].start_char : sents[-1].end_char])
            return Quote(quoted, previous.speaker, evidence, "quote-continued", RULES["quote-continued"])
        return None


def _quote_spans(text: str) -> Iterator[tuple[int, int]]:
    """Character spans of quoted text, without the quote marks."""
    for match in _QUOTE.finditer(text):
        group = 1 if match.group(1) is not None else 2
        start, end = match.start(group), match.end(group)
        while start < end and text[start].isspace():
            start += 1
        while end > start and (text[end - 1].isspace() or text[end - 1] == ","):
            end -= 1  # the comma that hands over to the attribution is not the speaker's
        yield start, end


def _sentences_around(doc: Doc, text: str, start: int, end: int) -> list[Span]:
    """The sentences that hold the quote and its marks, never past a line break after it."""
    sents = [s for s in doc.sents if s.end_char > max(start, 0) and s.start_char < end]
    limit = text.find("\n", end)
    return [s for s in sents if limit < 0 or s.start_char < limit]


def _outside(token: Token, inside: list[tuple[int, int]]) -> bool:
    return not any(s <= token.idx < e for s, e in inside)


def _speech_verbs(sents: list[Span], inside: list[tuple[int, int]]) -> list[Token]:
    return [t for s in sents for t in s
            if t.tag_.startswith("VB") and verb_base(t.text) in SPEECH_VERBS and _outside(t, inside)]


def _evidence(text: str, sents: list[Span], verb: Token) -> TextSpan:
    first = min(sents[0].start_char, verb.sent.start_char)
    last = max(sents[-1].end_char, verb.sent.end_char)
    return TextSpan(first, last, text[first:last])


def _last_person_before(mentions: list[Span], start: int, inside: list[tuple[int, int]]) -> Span | None:
    """The person "he" or "she" most likely is: the last person who was a sentence's subject
    before the quote, else the last person named before it."""
    people = [m for m in mentions if KIND_OF_CLASS[m.label_] == "person"
              and m.end_char <= start and _outside(m[0], inside)]
    subjects = [m for m in people if m.root.dep_ in {"nsubj", "nsubjpass"}]
    if subjects:
        return subjects[-1]
    return people[-1] if people else None


def _continues(text: str, previous: Quote, start: int) -> bool:
    """True if only the attribution of the previous quote stands between it and this one."""
    between = text[previous.text.end : start]
    return previous.sentence.end >= start - 2 or (len(between) < 80 and "\n\n" not in between)
