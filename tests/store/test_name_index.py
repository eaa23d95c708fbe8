"""Cross-document linking decided again only where a change can matter (`resolve.NameIndex`):
the same links as deciding for every entity."""

import random

from rdflib import URIRef

from builder.store.resolve import ALIAS_CORPUS, SURNAME_CORPUS, NameIndex, corpus_links

ID = "https://w3id.org/newskg/id/"
GOODALE, RALPH, MARY = (URIRef(ID + k) for k in ("person/goodale", "person/ralph-goodale", "person/mary-goodale"))
CBSA, AGENCY = URIRef(ID + "organization/cbsa"), URIRef(ID + "organization/canada-border-services-agency")


def changed_links(before: dict, changes: dict) -> dict:
    index = NameIndex()
    index.put(before)
    index.loaded = True
    near = index.neighbours(changes)
    index.put(changes)
    return index.links(near | index.neighbours(changes) | set(changes))


def test_a_change_finds_the_links_it_makes_possible_in_either_direction():
    assert changed_links({RALPH: {"Ralph Goodale"}}, {GOODALE: {"Goodale"}}) == {GOODALE: (RALPH, SURNAME_CORPUS)}
    assert changed_links({GOODALE: {"Goodale"}}, {RALPH: {"Ralph  goodale"}}) == {GOODALE: (RALPH, SURNAME_CORPUS)}
    assert changed_links({GOODALE: {"Goodale"}, RALPH: {"Ralph Goodale"}, MARY: {"Mary Goodale"}},
                         {MARY: set()}) == {GOODALE: (RALPH, SURNAME_CORPUS)}  # Mary's document was removed
    assert changed_links({CBSA: {"CBSA"}}, {AGENCY: {"Canada Border Services Agency", "CBSA"}}) == {
        CBSA: (AGENCY, ALIAS_CORPUS)}


def test_deciding_for_the_changed_and_their_neighbours_equals_deciding_for_all():
    rng = random.Random(3)
    words = ["lee", "okafor", "tremblay", "cbsa", "rcmp", "border agency", "police", "ann lee", "dan okafor",
             "marie tremblay", "canada border agency", "royal police"]
    kinds = ["person", "organization", "place"]
    for _ in range(300):
        entities = [URIRef(f"{ID}{rng.choice(kinds)}/e{i}") for i in range(rng.randint(2, 12))]
        forms = {e: set(rng.sample(words, rng.randint(1, 3))) for e in entities}
        before = {e: f for e, f in forms.items() if rng.random() < 0.6}
        settled = {e: f for e, f in before.items() if e not in corpus_links(before)}  # links already applied
        changes = {e: f for e, f in forms.items() if e not in settled or rng.random() < 0.2}
        if rng.random() < 0.3 and settled:
            changes[rng.choice(sorted(settled))] = set()  # an entity whose documents were removed
        after = {**settled, **changes}
        expected = corpus_links({e: f for e, f in after.items() if f})
        assert changed_links(settled, changes) == expected, (settled, changes)
