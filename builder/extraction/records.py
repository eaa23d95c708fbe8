"""What extraction produces for one document: plain records, independent of spaCy."""

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Span:
    """A stretch of the document text, by character offsets [start, end)."""

    start: int
    end: int
    text: str


@dataclass(slots=True)
class Entity:
    """One real-world entity as one document mentions it."""

    key: str  # "kind/slug", the stable identity across documents
    name: str  # canonical name within the document
    cls: str  # ontology class local name, e.g. "GovernmentAgency"
    mentions: list[Span] = field(default_factory=list)
    # The rule that linked each mention whose name is not the entity's own ("Fortin" ->
    # "link-surname"), by mention.
    links: dict[Span, str] = field(default_factory=dict)
    # The rule that found each mention NER did not ("Patrice" before an NER "Gendron" ->
    # "mention-name-run"), by mention; NER's own mentions have none.
    found: dict[Span, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Relation:
    """A typed link between two entities, or an entity and a literal, with evidence."""

    subject: str  # entity key
    prop: str  # ontology property local name, e.g. "employer"
    object: str  # entity key, or the literal value when `literal` is true
    sentence: Span
    rule: str
    confidence: float
    subject_mention: Span | None = None
    object_mention: Span | None = None
    literal: bool = False


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation and who said it."""

    text: Span  # the quoted words, without the quote marks
    speaker: str  # entity key
    sentence: Span
    rule: str
    confidence: float


@dataclass(slots=True)
class Extraction:
    """Everything extracted from one document."""

    entities: list[Entity] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
