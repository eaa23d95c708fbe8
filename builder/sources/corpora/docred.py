"""DocRED JSON (Re-DocRED): documents as token lists, entity clusters of mentions, and
labels with Wikidata property ids; the text detokenized as prose."""

import json
import string
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

_PUNCT = string.punctuation + "“”‘’«»–—…\u00a0 "
_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", ")", "]", "}", "!", "?", "%", "'", "'s", "’s", "n't",
                              "'re", "'m", "'ll", "'ve", "'d", "”", "’"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "“", "‘", "$", "£", "€"})


@dataclass(frozen=True, slots=True)
class Mention:
    name: str
    type: str
    sent_id: int
    pos: tuple[int, int]


@dataclass(frozen=True, slots=True)
class Label:
    r: str
    h: int
    t: int
    evidence: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class DocredDoc:
    """One Re-DocRED document."""

    title: str
    sents: tuple[tuple[str, ...], ...]
    vertex_set: tuple[tuple[Mention, ...], ...]
    labels: tuple[Label, ...]

    @property
    def text(self) -> str:
        return " ".join(detokenize(self.sents))

    def cluster_type(self, index: int) -> str:
        """The most common mention type of a cluster (the first on a tie)."""
        return Counter(m.type for m in self.vertex_set[index]).most_common(1)[0][0]

    def cluster_names(self, index: int) -> list[str]:
        """Every name of a cluster: the `name` fields and the detokenized mention spans."""
        names = []
        for m in self.vertex_set[index]:
            names.append(m.name)
            if 0 <= m.sent_id < len(self.sents):
                names.append(_join(self.sents[m.sent_id][m.pos[0]:m.pos[1]]))
        return names


def load_docred(path: Path, limit: int | None = None) -> list[DocredDoc]:
    """Read a DocRED-format JSON file (e.g. Re-DocRED dev_revised.json)."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if limit is not None:
        raw = raw[:limit]
    return [_doc(d) for d in raw]


def _doc(d: dict) -> DocredDoc:
    return DocredDoc(
        title=d.get("title", ""),
        sents=tuple(tuple(s) for s in d["sents"]),
        vertex_set=tuple(tuple(Mention(m["name"], m["type"], m["sent_id"], tuple(m["pos"])) for m in c)
                         for c in d["vertexSet"]),
        labels=tuple(Label(l["r"], l["h"], l["t"], tuple(l.get("evidence", ()))) for l in d.get("labels", ())),
    )


def detokenize(sents: Iterable[Sequence[str]]) -> tuple[str, ...]:
    """Each sentence's text from its tokens, spaced as prose: no space before , . ; : ) ] ! ? %
    ' 's n't (and the other clitics), none after ( [ and currency signs. Straight double
    quotes alternate: the first in a sentence opens (no space after), the next closes (no
    space before). Whitespace-only tokens are dropped. Join the sentences with a space for the
    document text."""
    return tuple(_join(s) for s in sents)


def _join(tokens: Sequence[str]) -> str:
    out: list[str] = []
    glue = True  # no space before the next token
    quote_open = False
    for token in tokens:
        token = token.strip()
        if not token:
            continue
        if token == '"':
            if quote_open:
                out.append(token)
                glue = False
            else:
                if not glue:
                    out.append(" ")
                out.append(token)
                glue = True
            quote_open = not quote_open
            continue
        if not glue and token not in _NO_SPACE_BEFORE:
            out.append(" ")
        out.append(token)
        glue = token in _NO_SPACE_AFTER
    return "".join(out)


def normalize(name: str) -> str:
    """Compare names: casefolded, whitespace collapsed, punctuation and a leading "the"
    stripped ("the United States" names the United States; kg drops leading articles)."""
    form = " ".join(name.replace("’", "'").split()).casefold().strip(_PUNCT)
    return form[4:].strip(_PUNCT) if form.startswith("the ") else form
