"""`kg_entity_linker`: one entity per real entity within a document."""

from collections import Counter
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

import hashlib

from ..classify import (COMPANY_WORDS, KIND_OF_CLASS, NER, context_author, context_person, decide, known_organization,
                        mention_votes, speech_subject)
from ..gazetteer import Gazetteer, Place, default_gazetteer
from ..keys import entity_key
from ..records import Entity
from ..records import Span as TextSpan
from .entity_mapper import MENTIONS_KEY, is_institution
from .name_finder import DATELINE

if not Doc.has_extension("kg_entities"):
    Doc.set_extension("kg_entities", default=None)

# Words an organization's name can drop and stay its name ("Epic Records" -> "Epic").
_GENERIC_ORG_WORDS = COMPANY_WORDS | frozenset(
    "university college group corporation company foundation association club".split())
_ACRONYM_SKIP = frozenset("of the and for to de du des la le et & on in".split())

# Why a mention whose name is not its entity's name was linked to it (kgrule: IRIs).
SURNAME = "link-surname"  # "Fortin" -> "Jean-Pierre Fortin"
SHORT_FORM = "link-short-form"  # "Border Patrol" -> "U.S. Border Patrol"
ACRONYM = "link-acronym"  # "CBSA" -> "Canada Border Services Agency", both in the text
LEXICON = "link-lexicon"  # "RCMP" -> "Royal Canadian Mounted Police", from the lexicon
PLACE_ALIAS = "link-place-alias"  # "U.S." -> "United States", "Que." -> "Quebec"
VARIANT = "link-variant"  # another spelling the document gives the same entity
INSTITUTION = "link-institution-country"  # "Congress" -> "Congress (United States)", the document's one country


@Language.factory(
    "kg_entity_linker",
    requires=["doc.spans"],
    assigns=["doc._.kg_entities"],
    default_config={"spans_key": MENTIONS_KEY},
)
def make_entity_linker(nlp: Language, name: str, spans_key: str) -> "EntityLinker":
    """Create the within-document entity linker."""
    return EntityLinker(spans_key=spans_key)


@dataclass
class _Cluster:
    spans: list[Span] = field(default_factory=list)
    votes: Counter = field(default_factory=Counter)
    place_name: str | None = None
    rules: dict[str, str] = field(default_factory=dict)  # casefolded name -> rule that joined it

    @property
    def longest(self) -> Span:
        return max(self.spans, key=lambda s: (len(s), -s.start))


class EntityLinker:
    """Groups mentions into entities and decides each entity's class and canonical name.

    Short forms join their full name ("Fortin" -> "Jean-Pierre Fortin"), acronyms their
    expansion ("RCMP" -> "Royal Canadian Mounted Police", from the text or the lexicon of
    well-known organizations), place aliases one another ("U.S." -> "United States").
    Fragments (a lone one-word "person" with no title) are dropped. Each kept mention span
    gets the entity's class as label and its key as kb_id; `doc._.kg_entities` lists the
    entities as records, with the rule that linked each mention not named like its entity.
    """

    def __init__(self, *, spans_key: str = MENTIONS_KEY, gazetteer: Gazetteer | None = None) -> None:
        self.spans_key = spans_key
        self.gazetteer = gazetteer or default_gazetteer()

    def __call__(self, doc: Doc) -> Doc:
        clusters: list[_Cluster] = []
        mentions = sorted(doc.spans[self.spans_key], key=lambda s: (-len(s), s.start))
        for span in mentions:
            votes = mention_votes(span, doc[span.start].ent_type_, self.gazetteer)
            if span.id_ == DATELINE and span.label_ == "NewsOrganization":
                votes.clear()  # a dateline's source: "XINHUA", not the town
            if not votes:  # a mention the mapper found without NER, or a source: trust its label
                votes[span.label_] += NER
            place = self._place(span, votes)
            cluster, rule = self._find(span, place, clusters)
            if cluster is None:
                cluster = _Cluster()
                clusters.append(cluster)
            if not cluster.spans or len(span) > 1 or len(cluster.longest) == 1:
                cluster.votes.update(votes)  # a one-word short form's NER ("Parton" as GPE) does not outvote its full name
            cluster.spans.append(span)
            cluster.rules.setdefault(name_of(span).casefold(), rule)
            if cluster.place_name is None and place is not None:
                cluster.place_name = place.name
        starts = {c.longest[0].lower_ for c in clusters if len(c.longest) > 1}
        clusters = [c for c in clusters if not _is_fragment(c, starts)]
        country = self._document_country(clusters)
        kept: list[Span] = []
        entities: dict[str, Entity] = {}
        for cluster in clusters:
            cls = decide(cluster.votes)
            kind = KIND_OF_CLASS[cls]
            name = _entity_name(cluster, kind)
            key = entity_key(kind, name)
            if kind == "organization" and is_institution(cluster.longest):
                name, key = _institution(name, key, country, doc.text)
                for span in cluster.spans:
                    cluster.rules[name_of(span).casefold()] = INSTITUTION if country else None
            entity = entities.setdefault(key, Entity(key=key, name=name, cls=cls))
            for span in cluster.spans:
                kept.append(Span(doc, span.start, span.end, label=cls, kb_id=key, span_id=span.id_))
                mention = TextSpan(span.start_char, span.end_char, span.text)
                entity.mentions.append(mention)
                if span.id_:
                    entity.found[mention] = span.id_
                if name_of(span).casefold() != name.casefold():
                    entity.links[mention] = _rule(cluster, span, kind)
        for entity in entities.values():
            entity.mentions.sort(key=lambda m: m.start)
        doc.spans[self.spans_key] = sorted(kept, key=lambda s: s.start)
        doc._.kg_entities = sorted(entities.values(), key=lambda e: e.mentions[0].start)
        return doc

    def _document_country(self, clusters: list[_Cluster]) -> str | None:
        """The one country the document's places name or lie in (by the gazetteer), if one."""
        countries: set[str] = set()
        for cluster in clusters:
            if KIND_OF_CLASS[decide(cluster.votes)] != "place" or cluster.place_name is None:
                continue
            place = self.gazetteer.lookup(cluster.place_name)
            if place is not None:
                countries.add(place.name if place.cls == "Country" else place.country or "")
        countries.discard("")
        return next(iter(countries)) if len(countries) == 1 else None

    def _place(self, span: Span, votes: Counter) -> Place | None:
        """The gazetteer's place for a mention that votes for a place, if it knows it."""
        if KIND_OF_CLASS[decide(votes)] != "place":
            return None
        return self.gazetteer.lookup(name_of(span))

    def _find(self, span: Span, place: Place | None,
              clusters: list[_Cluster]) -> tuple[_Cluster | None, str | None]:
        """The cluster a mention joins, and the rule that joins it (None for the same name)."""
        name = name_of(span).casefold()
        for cluster in clusters:
            if place is not None and cluster.place_name == place.name:
                return cluster, PLACE_ALIAS
            if name in cluster.rules:  # a name of one of its mentions
                return cluster, None
        known = known_organization(name_of(span))
        for cluster in clusters:
            if _is_acronym_of(span, cluster.longest):
                return cluster, ACRONYM
            if known is not None and known.full_name.casefold() in cluster.rules:
                return cluster, LEXICON
            if _is_short_form(span, cluster, self.gazetteer):
                return cluster, SURNAME if KIND_OF_CLASS[decide(cluster.votes)] == "person" else SHORT_FORM
        return None, None


def name_of(span: Span) -> str:
    """The name a span spells, with white space normalized."""
    return " ".join(span.text.split())


def canonical_name(cluster: _Cluster) -> str:
    """The fullest name of a cluster: most words, then most frequent, then first seen."""
    counts = Counter(name_of(s) for s in cluster.spans)
    best = max(cluster.spans, key=lambda s: (len(s) if not s.text.isupper() else 0,
                                             counts[name_of(s)], -s.start))
    return name_of(best)


def _entity_name(cluster: _Cluster, kind: str) -> str:
    """The name that keys the entity: a place's gazetteer name, a well-known organization's
    full name from the lexicon when the text gives only its short name, else the fullest name."""
    if kind == "place" and cluster.place_name:
        return cluster.place_name
    name = canonical_name(cluster)
    known = known_organization(name) if kind == "organization" else None
    return known.full_name if known is not None and known.full_name else name


def _rule(cluster: _Cluster, span: Span, kind: str) -> str:
    """Why a mention not named like its entity belongs to it."""
    rule = cluster.rules.get(name_of(span).casefold())
    if rule is not None:
        return rule
    if kind == "place" and cluster.place_name:
        return PLACE_ALIAS
    if kind == "organization" and known_organization(name_of(span)) is not None:
        return LEXICON
    return VARIANT


def _initials(span: Span) -> str:
    return "".join(t.text[0] for t in span if t.lower_ not in _ACRONYM_SKIP and t.text[0].isalpha())


def _is_acronym_of(short: Span, long: Span) -> bool:
    text = short.text.replace(".", "")
    return (
        len(short) == 1
        and len(long) > 1
        and text.isupper()
        and len(text) >= 2
        and _initials(long).upper() == text
    )


def _is_short_form(span: Span, cluster: _Cluster, gazetteer: Gazetteer) -> bool:
    """A person's surname, or an organization's name without a leading qualifier ("Border
    Patrol"), without the place before it ("Vikings" of "Minnesota Vikings") or without
    the generic words after it ("Epic" of "Epic Records", "Atari" of "Atari, Inc.")."""
    long = cluster.longest
    if len(span) >= len(long):
        return False
    words = [t.lower_ for t in span]
    if [t.lower_ for t in long[len(long) - len(span):]] == words:
        cluster_kind = KIND_OF_CLASS[decide(cluster.votes)]
        if cluster_kind == "person" or (cluster_kind == "organization" and len(span) >= 2):
            return True
        before = long[: len(long) - len(span)]
        return cluster_kind == "organization" and gazetteer.lookup(name_of(before)) is not None
    return ([t.lower_ for t in long[: len(span)]] == words and KIND_OF_CLASS[decide(cluster.votes)] == "organization"
            and all(t.lower_ in _GENERIC_ORG_WORDS for t in long[len(span):] if not t.is_punct))


def _institution(name: str, key: str, country: str | None, text: str) -> tuple[str, str]:
    """The name and key of an institution named by its generic name ("Congress"): the
    document's one country qualifies it ("Congress (United States)"); without one, the key is
    the document's own, so that no other document's "Congress" is taken for it."""
    if country is not None:
        qualified = f"{name} ({country})"
        return qualified, entity_key("organization", qualified)
    return name, f"{key}-{hashlib.sha1(text.encode('utf-8', 'surrogatepass')).hexdigest()[:8]}"


def _is_fragment(cluster: _Cluster, starts: set[str]) -> bool:
    """A lone one-word "person" that nothing supports, such as "[Border] officers": not a
    proper noun NER calls a person ("Thatcher told reporters"; one that modifies a common noun,
    "Kowalski officers", one in capitals, "ST. JOHN'S", or the first word of another name of
    the document, "Lakeshore" of "Lakeshore Freight", is not enough), nor named with a title,
    as a speaker or as one who does what only a person does ("Hayes grew up in Y", "Milnor is a
    mathematician")."""
    if KIND_OF_CLASS[decide(cluster.votes)] != "person":
        return False
    if any(len(s) > 1 for s in cluster.spans) or len(cluster.spans) > 1:
        return False
    span = cluster.spans[0]
    token = span[0]
    if (token.ent_type_ == "PERSON" and token.tag_ in {"NNP", "NNPS"} and not token.text.isupper()
            and token.lower_ not in starts and not (token.dep_ == "compound" and token.head.tag_ in {"NN", "NNS"})):
        return False
    return not (context_person(span) or context_author(span) or speech_subject(span))
