"""Features of an entity for the typer: strings, hashed like the relation model's.

Pure functions of the Doc and one entity's mention spans. From the name: its words, head,
first word, the head's ending, shape, length, lexicon and gazetteer hits, a known given name.
From the text: each mention's neighbouring words, its attachment in the parse (the word it
hangs on and how), the preposition it is the object of, the NER labels it got. From the
rules: the kind and class their votes decided, and each kind's share of the votes.
"""

from collections import Counter

from spacy.tokens import Span

from ..classify import KIND_OF_CLASS, known_organization, name_head, name_words
from ..gazetteer import Gazetteer
from ..lexicon import GIVEN_NAMES

MAX_NAME_WORDS = 6


def _shape(text: str) -> str:
    shape = []
    for ch in text:
        c = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not shape or shape[-1] != c:
            shape.append(c)
    return "".join(shape)[:12]


def _share(weight: float) -> str:
    return "0" if weight <= 0 else "1" if weight >= 0.99 else f"{int(weight * 4) / 4:.2f}"


def name_features(name: str, spans: list[Span], gazetteer: Gazetteer) -> list[str]:
    """Features of the entity's name and of the names its mentions spell."""
    longest = max(spans, key=len)
    words = name_words(longest)
    feats = ["nw:" + str(min(len(words), 5)), "shape:" + " ".join(_shape(t.text) for t in longest[:4])]
    if words:
        head = name_head(words)
        feats += ["head:" + head, "first:" + words[0], "suf:" + head[-3:], "last:" + words[-1]]
        feats += ["w:" + w for w in words[:MAX_NAME_WORDS]]
        feats += ["s4:" + w[-4:] for w in words[:MAX_NAME_WORDS] if len(w) > 4]
        feats += ["p3:" + w[:3] for w in words[:MAX_NAME_WORDS] if len(w) > 4]
    if longest.text.isupper():
        feats.append("allcaps")
    if longest[0].text in GIVEN_NAMES:
        feats.append("given")
    if known_organization(name) is not None:
        feats.append("lexicon")
    place = gazetteer.lookup(name)
    if place is not None:
        feats.append("gaz:" + place.cls)
    if len({" ".join(s.text.split()) for s in spans}) > 1:
        feats.append("variants")
    return feats


def context_features(span: Span) -> list[str]:
    """Features of one mention's place in its sentence."""
    doc = span.doc
    prev = doc[span.start - 1].lower_ if span.start > 0 else "^"
    prev2 = doc[span.start - 2].lower_ if span.start > 1 else "^"
    nxt = doc[span.end].lower_ if span.end < len(doc) else "$"
    root = span.root
    feats = ["p1:" + prev, f"p2:{prev2} {prev}", "n1:" + nxt, "dep:" + root.dep_, f"g:{root.dep_}:{root.head.lower_}"]
    if root.dep_ == "pobj":
        feats.append("prep:" + root.head.lower_)
        feats.append(f"prep2:{root.head.head.lower_} {root.head.lower_}")
    if span.start > 0 and doc[span.start - 1].lower_ == "the":
        feats.append("the")
    return feats


def entity_features(spans: list[Span], name: str, cls: str, votes: Counter, gazetteer: Gazetteer) -> list[str]:
    """All features of one entity, deduplicated."""
    feats = ["bias", "cls:" + cls, "kind:" + KIND_OF_CLASS[cls], "nm:" + str(min(len(spans), 4))]
    kinds: Counter[str] = Counter()
    for c, w in votes.items():
        kinds[KIND_OF_CLASS[c]] += w
    total = sum(kinds.values()) or 1.0
    feats += [f"v:{k}:{_share(w / total)}" for k, w in kinds.items()]
    feats += ["ner:" + (s[0].ent_type_ or "-") for s in spans]
    feats += name_features(name, spans, gazetteer)
    for span in spans[:8]:
        feats += context_features(span)
    return list(dict.fromkeys(feats))
