"""Roles: a person's stated position, with the organization it is in when the text says.

The relation extractor states a title as `kg:jobTitle` and the organization link it implies
as `kg:employer`, `kg:headOf`, `kg:spokespersonFor` or `kg:memberOf`, each from the same
sentence and the same mention of the person. A role joins them into one node (a W3C ORG
membership): "Scott Bardsley, spokesperson for the RCMP" is a role of Scott Bardsley with the
title "spokesperson" in the RCMP.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from .records import Relation, Span

# Properties that put a person in an organization, most specific first.
ORGANIZATION_LINKS = ("headOf", "spokespersonFor", "memberOf", "employer")


@dataclass(frozen=True, slots=True)
class Role:
    """A position a person holds, as one sentence states it."""

    holder: str  # entity key of the person
    title: str  # as written: "Public Safety Minister", "spokesperson"
    organization: str | None  # entity key, when the sentence names it
    sentence: Span
    rule: str  # the rule that found the title
    confidence: float


def roles_of(relations: Iterable[Relation]) -> list[Role]:
    """The roles the relations of one document state: one per title (`kg:jobTitle`), with
    the organization of the organization links from the same sentence and mention of the
    person, when that mention has one title there and they name one organization."""
    relations = list(relations)
    links: dict[tuple, set[str]] = {}
    for r in relations:
        if r.prop in ORGANIZATION_LINKS and not r.literal and r.object.startswith("organization/"):
            links.setdefault((r.subject, r.subject_mention, r.sentence), set()).add(r.object)
    titles = [r for r in relations if r.prop == "jobTitle" and r.literal]
    per_mention: dict[tuple, set[str]] = {}
    for r in titles:
        per_mention.setdefault((r.subject, r.subject_mention, r.sentence), set()).add(r.object.casefold())
    roles: dict[tuple, Role] = {}
    for r in titles:
        where = (r.subject, r.subject_mention, r.sentence)
        orgs = links.get(where, set())
        org = next(iter(orgs)) if len(orgs) == 1 and len(per_mention[where]) == 1 else None
        key = (r.subject, r.object.casefold(), org, r.sentence.start)
        if key not in roles or roles[key].confidence < r.confidence:
            roles[key] = Role(r.subject, r.object, org, r.sentence, r.rule, r.confidence)
    return list(roles.values())
