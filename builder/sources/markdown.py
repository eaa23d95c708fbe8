"""Markdown to the plain text kg processes: the prose, without markup."""

from markdown_it import MarkdownIt
from markdown_it.token import Token

_PARSER = MarkdownIt("commonmark").enable(["table", "strikethrough"])
_INLINE_TEXT = {"text": lambda t: t.content, "code_inline": lambda t: t.content,
                "softbreak": lambda t: " ", "hardbreak": lambda t: "\n"}


def markdown_text(source: str) -> tuple[str, str | None]:
    """The prose of a Markdown document and its title (the first level-1 heading).

    Headings, paragraphs, list items, quotations and table rows become paragraphs separated
    by a blank line; a paragraph's own line wraps become spaces. Emphasis, links and inline
    code keep their text; images, HTML and code blocks are left out.
    """
    tokens = _PARSER.parse(source)
    blocks: list[str] = []
    row: list[str] | None = None
    title = None
    for i, token in enumerate(tokens):
        if token.type == "tr_open":
            row = []
        elif token.type == "tr_close" and row is not None:
            blocks.append(" | ".join(cell for cell in row if cell))
            row = None
        elif token.type == "inline":
            text = _inline(token.children or []).strip()
            if row is not None:
                row.append(text)
            elif text:
                blocks.append(text)
                if title is None and i and tokens[i - 1].type == "heading_open" and tokens[i - 1].tag == "h1":
                    title = text
    return "\n\n".join(block for block in blocks if block), title


def _inline(children: list[Token]) -> str:
    return "".join(_INLINE_TEXT[t.type](t) for t in children if t.type in _INLINE_TEXT)
