"""KnowledgeNet (Diffbot; facts in Wikipedia abstracts, linked to Wikidata) in its JSON Lines
form, one fact a line, read as one-passage DocRED documents so that `evaluation.docred.score`
scores it end to end.

Each passage with facts is a document; the ends of its facts are its entity clusters (one
per distinct text), typed by the signature of the relations they take part in. A fact whose
subject or object is a pronoun or starts in lower case ("he", "it") names no entity kg can
find and is left out, and so are dates. Relations carry the Wikidata property KnowledgeNet
links them to (`RELATION_IDS`); EMPLOYEE_OR_MEMBER_OF is Wikidata P108.
"""

import json
from collections.abc import Iterable
from pathlib import Path

from .docred import DocredDoc, Label, Mention

RELATION_IDS = {
    "EMPLOYEE_OR_MEMBER_OF": "P108",
    "CEO": "P169",
    "PLACE_OF_RESIDENCE": "P551",
    "HEADQUARTERS": "P159",
    "NATIONALITY": "P27",
    "POLITICAL_AFFILIATION": "P102",
    "SUBSIDIARY_OF": "P749",
}
# Each relation's (subject type, object type), the DocRED types of its ends.
SIGNATURES = {
    "EMPLOYEE_OR_MEMBER_OF": ("PER", "ORG"), "CEO": ("ORG", "PER"), "PLACE_OF_RESIDENCE": ("PER", "LOC"),
    "HEADQUARTERS": ("ORG", "LOC"), "NATIONALITY": ("PER", "LOC"), "POLITICAL_AFFILIATION": ("PER", "ORG"),
    "SUBSIDIARY_OF": ("ORG", "ORG"), "FOUNDED_BY": ("ORG", "PER"), "SPOUSE": ("PER", "PER"),
    "CHILD_OF": ("PER", "PER"), "EDUCATED_AT": ("PER", "ORG"), "PLACE_OF_BIRTH": ("PER", "LOC"),
}


def load_knowledgenet(paths: Iterable[Path], limit: int | None = None) -> list[DocredDoc]:
    """Read KnowledgeNet JSON Lines files into one document per passage, in file order."""
    passages: dict[tuple[str, str], list[dict]] = {}
    for path in paths:
        for line in Path(path).read_text(encoding="utf-8").splitlines():
            if line.strip():
                fact = json.loads(line)
                passages.setdefault((str(fact["document"]), fact["passage"]), []).append(fact)
    docs = [_passage_doc(document, passage, facts) for (document, passage), facts in passages.items()]
    return docs[:limit] if limit is not None else docs


def _named(end: list) -> bool:
    """Whether a fact's end ([start, end, text]) names something: not a pronoun or a lower-case word."""
    text = str(end[2]).strip()
    return bool(text) and text[0].isupper() and text.casefold() not in {"he", "she", "it", "they", "his", "her", "its"}


def _passage_doc(document: str, passage: str, facts: list[dict]) -> DocredDoc:
    clusters: dict[str, int] = {}
    types: list[str] = []
    labels: list[Label] = []

    def cluster(text: str, kind: str) -> int:
        if text not in clusters:
            clusters[text] = len(types)
            types.append(kind)
        return clusters[text]

    for fact in facts:
        signature = SIGNATURES.get(fact["relation"])
        if signature is None or not (_named(fact["subject"]) and _named(fact["object"])):
            continue
        h = cluster(fact["subject"][2], signature[0])
        t = cluster(fact["object"][2], signature[1])
        if fact["relation"] in RELATION_IDS:
            labels.append(Label(RELATION_IDS[fact["relation"]], h, t))
    vertex_set = tuple((Mention(text, types[i], -1, (0, 0)),) for text, i in clusters.items())
    return DocredDoc(title=document, sents=((passage,),), vertex_set=vertex_set, labels=tuple(dict.fromkeys(labels)))
