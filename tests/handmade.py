"""Docs built by hand for the unit tests of kg's components: words, an optional parse, and kg
mentions and entities, without running a trained pipeline."""

import spacy
from spacy.tokens import Doc, Span

from builder.extraction.components.entity_mapper import MENTIONS_KEY
from builder.extraction.records import Entity
from builder.extraction.records import Span as TextSpan

VOCAB = spacy.blank("en").vocab  # English lexical attributes (lower_, like_num)


def mention_doc(words, mentions, *, heads=None, deps=None, relations=()) -> Doc:
    """A Doc with kg mentions: mentions are (start, end, class, key) token spans; each key's
    mentions make one entity named by its first mention."""
    doc = Doc(VOCAB, words=words, heads=heads, deps=deps)
    doc.spans[MENTIONS_KEY] = [Span(doc, s, e, label=cls, kb_id=key) for s, e, cls, key in mentions]
    entities = {}
    for s, e, cls, key in mentions:
        span = doc[s:e]
        entity = entities.setdefault(key, Entity(key=key, name=span.text, cls=cls))
        entity.mentions.append(TextSpan(span.start_char, span.end_char, span.text))
    doc._.kg_entities = list(entities.values())
    doc._.kg_relations = list(relations)
    return doc
