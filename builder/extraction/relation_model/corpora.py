"""Readers for the training and evaluation corpora, into one form: a text, its gold entities
(character spans or names) and its gold relations by corpus label.

Re-DocRED (DocRED JSON), CoNLL04 (SpERT JSON), KnowledgeNet (JSON Lines of facts) and FewRel
(JSON by property). `align` maps the builder's own entities of a processed text to the gold
entities: by name for Re-DocRED (as its end-to-end scorer does), by overlapping character
spans (one containing the other) for the others.
"""

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ...sources.corpora import load_docred, normalize

_NO_SPACE_BEFORE = frozenset({",", ".", ";", ":", ")", "]", "}", "!", "?", "%", "'", "'s", "’s", "n't",
                              "'re", "'m", "'ll", "'ve", "'d", "”", "’"})
_NO_SPACE_AFTER = frozenset({"(", "[", "{", "“", "‘", "$", "£", "€", "``", "`"})
_TOKEN_FIXES = {"``": "“", "''": "”", "-LRB-": "(", "-RRB-": ")", "-LCB-": "{", "-RCB-": "}"}


@dataclass(slots=True)
class GoldEntity:
    """A gold entity: its mentions as character spans and/or its names, and its type."""

    type: str
    spans: list[tuple[int, int]] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Example:
    """One text with its gold entities and relations (head index, tail index, corpus label)."""

    corpus: str
    id: str
    text: str
    entities: list[GoldEntity]
    relations: list[tuple[int, int, str]]
    by_name: bool = False  # align by name (Re-DocRED) rather than by span


def join_tokens(tokens: Sequence[str]) -> tuple[str, list[tuple[int, int]]]:
    """Tokens as prose text, and each token's character span in it (empty tokens get (i, i))."""
    out: list[str] = []
    offsets: list[tuple[int, int]] = []
    length = 0
    glue = True
    quote_open = False
    for raw in tokens:
        token = _TOKEN_FIXES.get(raw.strip(), raw.strip())
        if not token:
            offsets.append((length, length))
            continue
        space = not glue and token not in _NO_SPACE_BEFORE
        if token == '"':
            space = not glue and not quote_open
        if space:
            out.append(" ")
            length += 1
        offsets.append((length, length + len(token)))
        out.append(token)
        length += len(token)
        glue = token in _NO_SPACE_AFTER or (token == '"' and not quote_open)
        if token == '"':
            quote_open = not quote_open
    return "".join(out), offsets


def read_redocred(path: Path, start: int = 0, stop: int | None = None) -> list[Example]:
    """Re-DocRED documents [start, stop): gold entities by name, labels by Wikidata id."""
    docs = load_docred(path)
    result = []
    for number, doc in enumerate(docs[start:stop], start):
        entities = [GoldEntity(type=doc.cluster_type(i), names=doc.cluster_names(i))
                    for i in range(len(doc.vertex_set))]
        relations = [(label.h, label.t, label.r) for label in doc.labels]
        result.append(Example("redocred", str(number), doc.text, entities, relations, by_name=True))
    return result


def read_conll04(path: Path) -> list[Example]:
    """CoNLL04 sentences: entities from the BILOU tags, relations between them."""
    result = []
    for number, item in enumerate(json.loads(Path(path).read_text(encoding="utf-8"))):
        text, offsets = join_tokens(item["tokens"])
        entities: list[GoldEntity] = []
        begin = 0
        for i, tag in enumerate(item["tags"]):
            if tag.startswith(("B-", "U-")):
                begin = i
            if tag.startswith(("L-", "U-")):
                entities.append(GoldEntity(type=tag[2:], spans=[(offsets[begin][0], offsets[i][1])]))
        relations = [(r["head"], r["tail"], r["type"]) for r in item["relations"]]
        result.append(Example("conll04", str(item.get("orig_id", number)), text, entities, relations))
    return result


def read_knowledgenet(paths: Iterable[Path], keep=lambda document: True) -> list[Example]:
    """KnowledgeNet passages with their facts; `keep(document id)` selects documents."""
    grouped: dict[tuple[str, str], Example] = {}
    spans: dict[tuple[str, str], dict[tuple[int, int], int]] = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            fact = json.loads(line)
            if not keep(fact["document"]):
                continue
            key = (fact["document"], fact["passage"])
            example = grouped.setdefault(key, Example("knowledgenet", f"{fact['fold']}/{fact['document']}/{len(grouped)}",
                                                      fact["passage"], [], []))
            index = spans.setdefault(key, {})
            ends = []
            for start, end, name in (fact["subject"], fact["object"]):
                if (start, end) not in index:
                    index[(start, end)] = len(example.entities)
                    example.entities.append(GoldEntity(type="", spans=[(start, end)], names=[name]))
                ends.append(index[(start, end)])
            relation = (ends[0], ends[1], fact["relation"])
            if relation not in example.relations:
                example.relations.append(relation)
    return list(grouped.values())


def read_fewrel(path: Path) -> list[Example]:
    """FewRel sentences: the head and tail of each, one relation (positives only)."""
    result = []
    for prop, items in json.loads(Path(path).read_text(encoding="utf-8")).items():
        for number, item in enumerate(items):
            text, offsets = join_tokens(item["tokens"])
            entities = []
            for _, _, positions in (item["h"], item["t"]):
                first = positions[0]
                entities.append(GoldEntity(type="", spans=[(offsets[first[0]][0], offsets[first[-1]][1])]))
            result.append(Example("fewrel", f"{prop}/{number}", text, entities, [(0, 1, prop)]))
    return result


@dataclass(frozen=True, slots=True)
class BuiltEntity:
    """One of the builder's entities in a processed text: key, name and mention spans."""

    key: str
    name: str
    spans: tuple[tuple[int, int, str], ...]  # (start char, end char, text)


def align(entities: Sequence[BuiltEntity], example: Example) -> dict[str, list[int]]:
    """Builder entity key -> the gold entities it stands for (by name or overlapping span)."""
    if example.by_name:
        index: dict[str, list[int]] = {}
        for i, gold in enumerate(example.entities):
            for name in gold.names:
                form = normalize(name)
                if form and i not in index.setdefault(form, []):
                    index[form].append(i)
        result = {}
        for entity in entities:
            hits: list[int] = []
            for form in (entity.name, *(s[2] for s in entity.spans)):
                hits += [i for i in index.get(normalize(form), ()) if i not in hits]
            if hits:
                kind = entity.key.split("/", 1)[0]
                result[entity.key] = [min(hits, key=lambda i: _KINDS.get(example.entities[i].type) != kind)]
        return result
    result = {}
    for entity in entities:
        hits = [i for i, gold in enumerate(example.entities)
                if any(_overlaps(s[0], s[1], gs, ge) for s in entity.spans for gs, ge in gold.spans)]
        if hits:
            result[entity.key] = hits
    return result


_KINDS = {"PER": "person", "ORG": "organization", "LOC": "place"}


def _overlaps(start: int, end: int, gold_start: int, gold_end: int) -> bool:
    """One span contains the other."""
    return (start <= gold_start and gold_end <= end) or (gold_start <= start and end <= gold_end)
