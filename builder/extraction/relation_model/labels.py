"""The one table from each corpus's relation labels to kg's properties.

A corpus label maps to a kg property and a direction: `reverse` means the corpus states the
relation from kg's object to kg's subject (Wikidata P488 chairperson points from the
organization to the person; kg:headOf from the person). The model predicts one of LABELS or
NONE for an ordered pair of entities; its "locatedIn" becomes kg:country when the object is a
Country (as the rules do, Wikidata P17 vs P131).
"""

from dataclasses import dataclass

NONE = "NONE"
# The classes the model scores, NONE first. spokespersonFor is in kg but no corpus labels it:
# the rules alone find it.
LABELS: tuple[str, ...] = (NONE, "employer", "memberOf", "headOf", "partOf", "citizenOf", "residence",
                           "headquarters", "locatedIn")

# The kinds (entity key prefixes) each property joins: (subject kinds, object kinds), from the
# domains and ranges in ontology/kg.ttl.
SIGNATURES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "employer": (frozenset({"person"}), frozenset({"organization"})),
    "memberOf": (frozenset({"person", "organization", "place"}), frozenset({"organization"})),
    "headOf": (frozenset({"person"}), frozenset({"organization"})),
    "partOf": (frozenset({"organization"}), frozenset({"organization"})),
    "citizenOf": (frozenset({"person"}), frozenset({"place"})),
    "residence": (frozenset({"person"}), frozenset({"place"})),
    "headquarters": (frozenset({"organization"}), frozenset({"place"})),
    "locatedIn": (frozenset({"place", "organization"}), frozenset({"place"})),
}
# citizenOf needs a country as object.
OBJECT_CLASSES: dict[str, frozenset[str]] = {"citizenOf": frozenset({"Country"})}
# Ordered kind pairs some property allows: the only pairs that become candidates.
KIND_PAIRS: frozenset[tuple[str, str]] = frozenset(
    (s, o) for subjects, objects in SIGNATURES.values() for s in subjects for o in objects)


@dataclass(frozen=True, slots=True)
class Mapping:
    """A corpus label as a kg property; `reverse`: the corpus's head is kg's object."""

    prop: str
    reverse: bool = False


# corpus -> its label -> kg property. Labels not listed are not relations kg models: their
# pairs are left out of training (neither positive nor negative).
LABEL_MAP: dict[str, dict[str, Mapping]] = {
    "redocred": {
        "P108": Mapping("employer"),
        "P463": Mapping("memberOf"),
        "P102": Mapping("memberOf"),
        "P488": Mapping("headOf", reverse=True),
        "P1037": Mapping("headOf", reverse=True),
        "P35": Mapping("headOf", reverse=True),
        "P6": Mapping("headOf", reverse=True),
        "P361": Mapping("partOf"),
        "P749": Mapping("partOf"),
        "P27": Mapping("citizenOf"),
        "P551": Mapping("residence"),
        "P159": Mapping("headquarters"),
        "P131": Mapping("locatedIn"),
        "P17": Mapping("locatedIn"),
        "P150": Mapping("locatedIn", reverse=True),
    },
    "conll04": {
        "Work_For": Mapping("employer"),
        "Live_In": Mapping("residence"),
        "OrgBased_In": Mapping("headquarters"),
        "Located_In": Mapping("locatedIn"),
    },
    "knowledgenet": {
        "EMPLOYEE_OR_MEMBER_OF": Mapping("employer"),
        "CEO": Mapping("headOf", reverse=True),
        "PLACE_OF_RESIDENCE": Mapping("residence"),
        "HEADQUARTERS": Mapping("headquarters"),
        "NATIONALITY": Mapping("citizenOf"),
        "POLITICAL_AFFILIATION": Mapping("memberOf"),
        "SUBSIDIARY_OF": Mapping("partOf"),
    },
    "fewrel": {
        "P361": Mapping("partOf"),
        "P463": Mapping("memberOf"),
    },
}
# Labels a corpus annotates that kg does not model: a pair with one is not used as a negative.
IGNORED: dict[str, frozenset[str]] = {
    "conll04": frozenset({"Kill"}),
    "knowledgenet": frozenset({"FOUNDED_BY", "SPOUSE", "CHILD_OF", "EDUCATED_AT", "PLACE_OF_BIRTH",
                               "DATE_OF_BIRTH", "DATE_OF_DEATH", "DATE_FOUNDED"}),
}
# When a pair carries several labels, the first property in this order is its training label.
PRIORITY: tuple[str, ...] = ("headOf", "citizenOf", "headquarters", "partOf", "memberOf", "employer",
                             "residence", "locatedIn")

# For scoring: the kg properties that satisfy a corpus label (what a user would accept).
ACCEPTS: dict[str, dict[str, frozenset[str]]] = {
    "conll04": {
        "Work_For": frozenset({"employer", "headOf", "spokespersonFor", "memberOf"}),
        "Live_In": frozenset({"residence", "citizenOf"}),
        "OrgBased_In": frozenset({"headquarters", "locatedIn", "country"}),
        "Located_In": frozenset({"locatedIn", "country"}),
    },
    "knowledgenet": {
        "EMPLOYEE_OR_MEMBER_OF": frozenset({"employer", "memberOf", "headOf", "spokespersonFor"}),
        "CEO": frozenset({"headOf"}),
        "PLACE_OF_RESIDENCE": frozenset({"residence"}),
        "HEADQUARTERS": frozenset({"headquarters", "locatedIn", "country"}),
        "NATIONALITY": frozenset({"citizenOf"}),
        "POLITICAL_AFFILIATION": frozenset({"memberOf"}),
        "SUBSIDIARY_OF": frozenset({"partOf"}),
    },
}


def to_kg(corpus: str, label: str) -> Mapping | None:
    """The kg property of a corpus label, or None if kg does not model it."""
    return LABEL_MAP[corpus].get(label)


def training_label(props: set[str]) -> str:
    """The one class of a pair that carries these kg properties (NONE for none)."""
    return next((p for p in PRIORITY if p in props), NONE)


def allowed(prop: str, subject_kind: str, object_kind: str, object_class: str = "") -> bool:
    """Whether kg's ontology allows the property between entities of these kinds."""
    subjects, objects = SIGNATURES[prop]
    if subject_kind not in subjects or object_kind not in objects:
        return False
    classes = OBJECT_CLASSES.get(prop)
    return classes is None or not object_class or object_class in classes


def output_property(prop: str, object_class: str) -> str:
    """The kg property written for a predicted class: locatedIn in a Country is kg:country."""
    return "country" if prop == "locatedIn" and object_class == "Country" else prop
