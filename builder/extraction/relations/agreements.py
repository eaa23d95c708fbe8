"""The parties to agreements: "the pact between X and Y", "X and Y signed the accord"."""

from collections.abc import Iterator

from spacy.tokens import Span

from ..lexicon import verb_base
from ..records import Relation
from .common import MentionIndex, mentions_of, negated, relation, with_conjuncts


_AGREEMENT_NOUNS = frozenset("agreement treaty pact accord accords convention deal arrangement protocol".split())


_PARTY_KINDS = frozenset({"organization", "place"})


def agreement_between(agreement: Span, index: MentionIndex) -> Iterator[Relation]:
    """"the X Agreement, the pact between Canada and the United States": both are parties."""
    root = agreement.root
    nouns = [root] + [c for c in root.children if c.dep_ == "appos" and c.lower_ in _AGREEMENT_NOUNS]
    for noun in nouns:
        for prep in noun.children:
            if prep.dep_ != "prep" or prep.lower_ != "between" or negated(noun):
                continue
            pobjs = [c for c in prep.children if c.dep_ == "pobj"]
            for party in mentions_of([t for p in pobjs for t in with_conjuncts(p)], index, _PARTY_KINDS):
                yield relation("partyTo", party, agreement, "agreement-between", prep)


def signed(agreement: Span, index: MentionIndex) -> Iterator[Relation]:
    """"Canada, Iceland and Norway signed the X Accord": the subjects are parties."""
    root = agreement.root
    if root.dep_ not in {"dobj", "nsubjpass"}:
        return
    verb = root.head
    if verb_base(verb.text) not in {"sign", "ratify"} or negated(verb):
        return
    subjects = [c for c in verb.children if c.dep_ == "nsubj"] if root.dep_ == "dobj" else [
        p for a in verb.children if a.dep_ == "agent" for p in a.children if p.dep_ == "pobj"]
    tokens = [t for s in subjects for t in with_conjuncts(s)]
    for party in mentions_of(tokens, index, _PARTY_KINDS):
        yield relation("partyTo", party, agreement, "verb-signed", verb)
