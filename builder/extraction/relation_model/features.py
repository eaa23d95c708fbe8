"""Features of a candidate pair: strings, hashed into a fixed number of buckets.

Pure functions of the Doc and the candidate. Per same-sentence mention pair: the shortest
dependency path between the mention heads (words and labels, and labels alone), the words
between, the words around, the heads' own attachments. Per entity pair: kinds and classes,
sentence distance, how the document mentions each (first entity, most mentioned of its
class, how often), and for a pair that never shares a sentence the attachments of its
closest mentions.
"""

from zlib import crc32

import numpy as np
from spacy.tokens import Span, Token

from .candidates import Candidate, DocEntities, nearest_country

MAX_PATH = 6  # longer dependency paths count as "long"
MAX_BETWEEN = 10  # words between two mentions kept as a bag


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for edge in edges:
        if n <= edge:
            return str(edge)
    return f">{edges[-1]}"


def _word(token: Token) -> str:
    return "#" if token.like_num else token.lower_


def _stem(word: str) -> str:
    """A crude stem, the first five letters, so that forms of a word meet ("director",
    "directors"; "chairman", "chairmen"): kg's pipeline runs no lemmatizer."""
    return word[:5]


def _ancestors(token: Token) -> list[Token]:
    chain = [token]
    while chain[-1].head.i != chain[-1].i and len(chain) < 32:
        chain.append(chain[-1].head)
    return chain


def dependency_path(a: Token, b: Token) -> tuple[list[str], list[str]] | None:
    """The path from a up to the lowest common ancestor and down to b: with words (the
    tokens inside the path) and labels alone. None when it is longer than MAX_PATH."""
    up = _ancestors(a)
    down = _ancestors(b)
    positions = {t.i: n for n, t in enumerate(up)}
    for n, t in enumerate(down):
        if t.i in positions:
            m = positions[t.i]
            break
    else:
        return None
    if m + n > MAX_PATH:
        return None
    labelled, labels = [], []
    for t in up[:m]:
        labelled.append(f"{t.dep_}<")
        labels.append(f"{t.dep_}<")
        if t.i != a.i:
            labelled.insert(-1, _word(t))
    top = up[m]
    if top.i not in (a.i, b.i):
        labelled.append(_word(top))
    for t in reversed(down[:n]):
        if t.i != b.i:
            labelled.append(_word(t))
        labelled.append(f">{t.dep_}")
        labels.append(f">{t.dep_}")
    return labelled, labels


def mention_pair_features(s: Span, o: Span, kinds: str) -> list[str]:
    """Features of a subject mention and an object mention in one sentence."""
    doc = s.doc
    first, second = (s, o) if s.start < o.start else (o, s)
    feats = ["ord:" + ("so" if first is s else "os")]
    gap = second.start - first.end
    feats.append("gap:" + _bucket(gap, (0, 1, 2, 3, 5, 8, 12)))
    if gap <= MAX_BETWEEN:
        words = [_word(t) for t in doc[first.end:second.start]]
        feats += ["bw:" + w for w in words]
        if gap <= 4:
            feats.append(f"bs:{feats[0]}:" + " ".join(words))
    else:
        feats.append("bw:far")
    left = doc[first.start - 1] if first.start > 0 else None
    right = doc[second.end] if second.end < len(doc) else None
    feats.append("l1:" + (_word(left) if left is not None else "^"))
    feats.append("r1:" + (_word(right) if right is not None else "$"))
    for name, span in (("s", s), ("o", o)):
        root = span.root
        feats.append(f"{name}g:{root.dep_}:{_word(root.head)}")
    path = dependency_path(s.root, o.root)
    if path is None:
        feats.append("p:long")
        feats.append(f"kp|p:{kinds}|long")
    else:
        labelled, labels = path
        full = " ".join(labelled)
        feats.append("p:" + full)
        feats.append(f"kp|p:{kinds}|{full}")
        feats.append("pl:" + " ".join(labels))
        feats.append(f"kp|pl:{kinds}|{' '.join(labels)}")
        feats += ["pw:" + w for w in labelled if not w.endswith("<") and not w.startswith(">")]
        stemmed = " ".join(w if w.endswith("<") or w.startswith(">") else _stem(w) for w in labelled)
        feats.append(f"kp|ps:{kinds}|{stemmed}")
        feats.append("plen:" + str(len(labels)))
    return feats


def candidate_features(c: Candidate, ents: DocEntities) -> list[str]:
    """All features of a candidate entity pair, deduplicated."""
    s, o = c.subject, c.object
    kinds = f"{s.kind}>{o.kind}"
    classes = f"{s.cls}>{o.cls}"
    d = _bucket(c.distance, (0, 1, 2, 4))
    feats = ["bias", "kp:" + kinds, "cp:" + classes, "d:" + d, f"kp|d:{kinds}|{d}", f"cp|d:{classes}|{d}",
             "sh:" + _bucket(c.shared, (0, 1, 2, 4)),
             "sn:" + _bucket(len(s.mentions), (1, 2, 4)), "on:" + _bucket(len(o.mentions), (1, 2, 4)),
             f"ocn:{o.cls}:" + _bucket(ents.class_counts.get(o.cls, 0), (1, 2, 3, 5))]
    if s.order == 0:
        feats.append(f"s_first:{kinds}")
    if o.order == 0:
        feats.append(f"o_first:{kinds}")
    if ents.top_of_class.get(o.cls) == o.key:
        feats.append(f"o_top:{classes}")
    if ents.top_of_class.get(s.cls) == s.key:
        feats.append(f"s_top:{classes}")
    if o.order < s.order:
        feats.append("o_earlier")
    if o.cls == "Country":
        feats += country_features(c, ents, kinds, d)
    if c.pairs:
        for ms, mo in c.pairs:
            feats += mention_pair_features(ms, mo, kinds)
    else:
        ms, mo = c.nearest
        feats.append(f"x:{kinds}|{'so' if ms.start < mo.start else 'os'}")
        for name, span in (("s", ms), ("o", mo)):
            root = span.root
            feats.append(f"x{name}g:{kinds}|{root.dep_}:{_word(root.head)}")
    return list(dict.fromkeys(feats))


def country_features(c: Candidate, ents: DocEntities, kinds: str, d: str) -> list[str]:
    """How the document names its countries, for a pair whose object is one: how many
    countries it names, the object's rank among them by mentions, its share of their
    mentions, whether it is the country named nearest the subject, and whether the subject's
    name holds it ("Royal Canadian Navy") or another one."""
    n = _bucket(len(ents.country_rank), (1, 2, 3))
    rank = _bucket(ents.country_rank[c.object.key], (0, 1))
    share = len(c.object.mentions) / max(len(ents.country_mentions), 1)
    share_b = "all" if share == 1 else _bucket(int(share * 4), (0, 1, 2))
    near = "near" if nearest_country(ents, c.subject.mentions) == c.object.key else "far"
    held = ents.named_countries.get(c.subject.key, frozenset())
    named = "none" if not held else "this" if c.object.key in held else "other"
    return [f"cn:{n}", f"cr:{rank}", f"cs:{share_b}", f"cnear:{near}", f"c|named:{kinds}|{named}",
            f"c|k:{kinds}|{d}|{n}|{rank}", f"c|near:{kinds}|{d}|{near}|{rank}", f"c|s:{kinds}|{d}|{share_b}"]


def hash_features(feats: list[str], n_bits: int) -> np.ndarray:
    """Bucket indices of features (CRC-32, stable across processes and platforms)."""
    mask = (1 << n_bits) - 1
    return np.fromiter((crc32(f.encode("utf-8")) & mask for f in feats), dtype=np.int64, count=len(feats))
