"""CoNLL04 (Roth and Yih, 2004; news sentences) in its SpERT JSON form, read as one-sentence
DocRED documents so that `evaluation.docred.score` scores it end to end like Re-DocRED.

Entities: Peop, Org and Loc become PER, ORG and LOC clusters of one mention each (Other
becomes MISC, not scored). Relations: Work_For is Wikidata P108 (employer), Live_In P551
(residence), OrgBased_In P159 (headquarters), Located_In P131 (located in); Kill is left out.
"""

import json
from pathlib import Path

from .docred import DocredDoc, Label, Mention, _join

ENTITY_TYPES = {"Peop": "PER", "Org": "ORG", "Loc": "LOC", "Other": "MISC"}
RELATION_IDS = {"Work_For": "P108", "Live_In": "P551", "OrgBased_In": "P159", "Located_In": "P131"}


def load_conll04(path: Path, limit: int | None = None) -> list[DocredDoc]:
    """Read a CoNLL04 JSON file (a list of sentences with `tokens`, BILOU `tags`, `relations`)."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    return [conll04_doc(record, n) for n, record in enumerate(raw[:limit] if limit is not None else raw)]


def conll04_doc(record: dict, n: int = 0) -> DocredDoc:
    """One CoNLL04 sentence as a DocRED document."""
    tokens = tuple(record["tokens"])
    entities = _entities(record["tags"])
    vertex_set = tuple((Mention(_join(tokens[start:end]), ENTITY_TYPES[kind], 0, (start, end)),)
                       for kind, start, end in entities)
    labels = tuple(Label(RELATION_IDS[r["type"]], r["head"], r["tail"])
                   for r in record.get("relations", ()) if r["type"] in RELATION_IDS)
    return DocredDoc(title=str(record.get("orig_id", n)), sents=(tokens,), vertex_set=vertex_set, labels=labels)


def _entities(tags: list[str]) -> list[tuple[str, int, int]]:
    """(type, start, end) of each BILOU-tagged entity, in order."""
    found: list[tuple[str, int, int]] = []
    start = None
    for i, tag in enumerate(tags):
        prefix, _, kind = tag.partition("-")
        if prefix in {"U", "B"}:
            start = i
        if prefix in {"U", "L"} and start is not None:
            found.append((kind, start, i + 1))
            start = None
    return found
