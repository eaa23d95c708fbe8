"""The named queries in queries/ run on a hand-written fixture with exact results; the catalogue."""

import re
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Dataset, Graph
from rdflib.plugins.sparql import prepareQuery

from builder.errors import KgError, QueryParameterError, UnknownQuery
from builder.query.named import NamedQuery, bind, is_sparql, named_queries, parameters, resolve

from fixture_iris import ACCORD, AGENCY, ERIKSEN, HOLT, ID, NORLAND, PORT_ALDER, UNION, WESTMARK

ROOT = Path(__file__).resolve().parents[2]
QUERIES = ROOT / "queries"
FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "small.trig"
QUERY_FILES = sorted(QUERIES.glob("*.rq"))
VIOLATIONS = [p for p in QUERY_FILES if p.stem.endswith("-violation")]

DOC = "https://w3id.org/newskg/doc/fixture/"
KG = "https://w3id.org/newskg/ontology#"
RULE = "https://w3id.org/newskg/rule/"


PREFIXES = """
@prefix kg: <https://w3id.org/newskg/ontology#> .
@prefix kggraph: <https://w3id.org/newskg/graph/> .
@prefix kgrule: <https://w3id.org/newskg/rule/> .
@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


@pytest.fixture(scope="module")
def store() -> ox.Store:
    s = ox.Store()
    s.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    return s


def load(trig: str) -> ox.Store:
    s = ox.Store()
    s.load(PREFIXES + trig, format=ox.RdfFormat.TRIG)
    return s


def value(term: object) -> str | None:
    return None if term is None else term.value


def select(store: ox.Store, text: str) -> list[dict[str, str | None]]:
    """Run a SELECT over the union of the named graphs; rows as {variable: value}."""
    solutions = store.query(text, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{name: value(row[name]) for name in names} for row in solutions]


def run(store: ox.Store, query: str, /, **params: str) -> list[dict[str, str | None]]:
    return select(store, bind((QUERIES / f"{query}.rq").read_text(encoding="utf-8"), params))


def columns(rows: list[dict[str, str | None]], *names: str) -> list[tuple[str | None, ...]]:
    return [tuple(row[n] for n in names) for row in rows]


def test_fixture_conforms_to_the_shapes():
    from builder.query.validate import validate

    dataset = Dataset()
    dataset.parse(FIXTURE, format="trig")
    data = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        data.add((s, p, o))
    report = validate(data)
    assert report.conforms, report.text


# Every file


def test_the_catalogue_has_the_expected_queries():
    assert {p.stem for p in QUERY_FILES} >= {
        "people-organizations", "agencies-by-country", "agreement-parties", "place-hierarchy",
        "quotations", "entity", "evidence", "co-mentions", "entities-by-class",
        "relations-by-property", "relation-without-evidence-violation",
        "entity-without-label-violation", "duplicate-label-violation",
    }


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_starts_with_a_summary(path: Path):
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert re.fullmatch(r"#\+ summary: \S.*", first), first


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_file_declares_its_own_prefixes(path: Path):
    text = path.read_text(encoding="utf-8")
    declared = set(re.findall(r"^PREFIX\s+(\w*):", text, re.MULTILINE | re.IGNORECASE))
    body = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith(("#", "PREFIX")))
    used = set(re.findall(r"(?<![\w<?])([a-z]\w*):\w", re.sub(r'"[^"]*"|<[^>]*>', "", body)))
    assert used <= declared, used - declared


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_runs_in_oxigraph(path: Path, store: ox.Store):
    text = path.read_text(encoding="utf-8")
    select(ox.Store(), text)
    select(store, text)


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_query_is_standard_sparql_for_rdflib(path: Path):
    prepareQuery(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", QUERY_FILES, ids=lambda p: p.stem)
def test_each_parameter_has_one_values_clause_with_a_default(path: Path):
    query = named_queries(QUERIES)[path.stem]
    for name in query.params:
        clauses = re.findall(r"VALUES\s+\?" + name + r"\s*\{([^}]*)\}", query.text)
        assert len(clauses) == 1, name
        assert re.fullmatch(r'\s*"[^"]+"\s*', clauses[0]), clauses[0]
    assert parameters(query.text) == list(query.params)


BOUND_VARIANTS = [(p.stem, {}) for p in QUERY_FILES] + [
    ("entity", {"name": "Maren Holt"}),
    ("entity", {"name": "Westmark"}),
    ("entity", {"name": "Eriksen"}),
    ("evidence", {"subject": "Tomas Eriksen", "object": "Northern Transit Workers Union"}),
    ("evidence", {"subject": "Westmark", "object": "Norland"}),
]
# Little data: one mention, no pair, no hierarchy (where engines trip over empty groups).
SPARSE = """
kggraph:entities {
    <https://w3id.org/newskg/id/place/a> a kg:Country ; rdfs:label "A" .
    <https://w3id.org/newskg/id/place/b> a kg:Settlement ; rdfs:label "B" .
}
<https://w3id.org/newskg/doc/x.txt> {
    <https://w3id.org/newskg/doc/x.txt> a kg:Document ; kg:mentions <https://w3id.org/newskg/id/place/a> .
}
"""


@pytest.mark.parametrize("data", ["fixture", "sparse", "empty"])
@pytest.mark.parametrize(
    ("query", "params"),
    [pytest.param(q, p, id="-".join([q, *p.values()])) for q, p in BOUND_VARIANTS],
)
def test_rdflib_engine_gives_the_same_rows(query: str, params: dict[str, str], data: str, store: ox.Store):
    """The queries are standard SPARQL 1.1: another engine agrees with Oxigraph."""
    text = bind((QUERIES / f"{query}.rq").read_text(encoding="utf-8"), params)
    dataset = Dataset(default_union=True)
    if data == "fixture":
        dataset.parse(FIXTURE, format="trig")
    elif data == "sparse":
        dataset.parse(data=PREFIXES + SPARSE, format="trig")
        store = load(SPARSE)
    else:
        store = ox.Store()
    result = dataset.query(text)
    expected = select(store, text)
    names = [str(v) for v in result.vars]
    rows = [tuple(None if row[n] is None else str(row[n]) for n in names) for row in result]
    assert rows == columns(expected, *names)


# Exact results on the fixture


def test_people_organizations(store: ox.Store):
    rows = run(store, "people-organizations")
    assert columns(rows, "personLabel", "relation", "organizationLabel", "jobTitle") == [
        ("Maren Holt", "headOf", "Norland Border Services Agency", "commissioner"),
        ("Tomas Eriksen", "employer", "Northern Transit Workers Union", "spokesperson"),
        ("Tomas Eriksen", "spokespersonFor", "Northern Transit Workers Union", "spokesperson"),
    ]
    assert columns(rows, "person", "organization") == [(HOLT, AGENCY), (ERIKSEN, UNION), (ERIKSEN, UNION)]


def test_agencies_by_country(store: ox.Store):
    rows = run(store, "agencies-by-country")
    assert columns(rows, "country", "countryLabel", "organizationLabel", "class") == [
        (NORLAND, "Norland", "Norland Border Services Agency", KG + "GovernmentAgency"),
        (NORLAND, "Norland", "Northern Transit Workers Union", KG + "LabourUnion"),
    ]


def test_agreement_parties(store: ox.Store):
    rows = run(store, "agreement-parties")
    assert columns(rows, "agreementLabel", "partyLabel", "partyClass", "jurisdictionLabel") == [
        ("Port Alder Crossing Accord", "Norland Border Services Agency", KG + "GovernmentAgency", "Westmark"),
        ("Port Alder Crossing Accord", "Northern Transit Workers Union", KG + "LabourUnion", "Westmark"),
    ]
    assert {row["agreement"] for row in rows} == {ACCORD}


def test_place_hierarchy(store: ox.Store):
    rows = run(store, "place-hierarchy")
    assert columns(rows, "placeLabel", "class", "containerLabel", "steps", "ancestorLabel", "ancestorClass") == [
        ("Norland", KG + "Country", None, None, None, None),
        ("Port Alder", KG + "Settlement", "Westmark", "1", "Westmark", KG + "AdministrativeArea"),
        ("Port Alder", KG + "Settlement", "Westmark", "2", "Norland", KG + "Country"),
        ("Westmark", KG + "AdministrativeArea", "Norland", "1", "Norland", KG + "Country"),
    ]
    assert columns(rows, "place", "container", "ancestor")[1:3] == [
        (PORT_ALDER, WESTMARK, WESTMARK),
        (PORT_ALDER, WESTMARK, NORLAND),
    ]


def test_quotations(store: ox.Store):
    rows = run(store, "quotations")
    assert columns(rows, "speakerLabel", "quote", "sentence", "documentName", "start", "end") == [
        ("Maren Holt", "We will keep the crossing open", '"We will keep the crossing open," Holt said.',
         "a.txt", "139", "169"),
        ("Tomas Eriksen", "Our members want safe shifts", '"Our members want safe shifts," Eriksen said.',
         "b.txt", "314", "342"),
    ]
    assert columns(rows, "speaker", "document") == [(HOLT, DOC + "a.txt"), (ERIKSEN, DOC + "b.txt")]


def test_entity_finds_a_person_by_label(store: ox.Store):
    rows = run(store, "entity", name="Maren Holt")
    assert {(r["entity"], r["label"], r["class"], r["documents"]) for r in rows} == {
        (HOLT, "Maren Holt", KG + "Person", "1"),
    }
    assert columns(rows, "direction", "property", "value", "valueLabel") == [
        ("out", "http://www.w3.org/2004/02/skos/core#altLabel", "Holt", None),
        ("out", KG + "headOf", AGENCY, "Norland Border Services Agency"),
        ("out", KG + "jobTitle", "commissioner", None),
    ]


def test_entity_relations_in_both_directions(store: ox.Store):
    rows = run(store, "entity", name="Westmark")
    assert {(r["entity"], r["class"], r["documents"]) for r in rows} == {(WESTMARK, KG + "AdministrativeArea", "2")}
    assert columns(rows, "direction", "property", "valueLabel") == [
        ("out", KG + "locatedIn", "Norland"),
        ("in", KG + "jurisdiction", "Port Alder Crossing Accord"),
        ("in", KG + "locatedIn", "Port Alder"),
    ]


def test_entity_by_alt_label(store: ox.Store):
    rows = run(store, "entity", name="Eriksen")
    assert {r["label"] for r in rows} == {"Tomas Eriksen"}
    assert columns(rows, "direction", "property", "value", "valueLabel") == [
        ("out", "http://www.w3.org/2004/02/skos/core#altLabel", "Eriksen", None),
        ("out", KG + "employer", UNION, "Northern Transit Workers Union"),
        ("out", KG + "jobTitle", "spokesperson", None),
        ("out", KG + "spokespersonFor", UNION, "Northern Transit Workers Union"),
    ]


def test_parameter_defaults_name_entities_of_the_examples():
    """The defaults make `kg query entity` / `kg query evidence` show something on the example corpus."""
    gold = (Path(__file__).resolve().parents[1] / "gold" / "port-strike.json").read_text(encoding="utf-8")
    assert '"Martine Lav' in gold and '"Local 375"' in gold
    assert 'VALUES ?name { "Martine Lavallée" }' in (QUERIES / "entity.rq").read_text(encoding="utf-8")
    evidence = (QUERIES / "evidence.rq").read_text(encoding="utf-8")
    assert 'VALUES ?subject { "Martine Lavallée" }' in evidence
    assert 'VALUES ?object { "Local 375" }' in evidence


def test_entity_unknown_name_has_no_rows(store: ox.Store):
    assert run(store, "entity", name="Nobody At All") == []


EVIDENCE_ERIKSEN_UNION = [
    (ERIKSEN, KG + "spokespersonFor", UNION,
     "Tomas Eriksen, a spokesperson for the Northern Transit Workers Union, said members in Port Alder "
     "would vote next week.", "b.txt", "0", "118", "0.9", RULE + "appos-spokesperson"),
    (ERIKSEN, KG + "employer", UNION, "Eriksen has worked for the Northern Transit Workers Union since 2015.",
     "b.txt", "119", "188", "0.8", RULE + "verb-work-for"),
]
EVIDENCE_COLUMNS = ("from", "property", "to", "sentence", "documentName", "start", "end", "confidence", "rule")


def test_evidence_of_a_person_and_an_organization(store: ox.Store):
    rows = run(store, "evidence", subject="Tomas Eriksen", object="Northern Transit Workers Union")
    assert columns(rows, *EVIDENCE_COLUMNS) == EVIDENCE_ERIKSEN_UNION
    assert {(r["fromLabel"], r["toLabel"], r["document"]) for r in rows} == {
        ("Tomas Eriksen", "Northern Transit Workers Union", DOC + "b.txt"),
    }


def test_evidence_either_direction(store: ox.Store):
    rows = run(store, "evidence", subject="Northern Transit Workers Union", object="Tomas Eriksen")
    assert columns(rows, *EVIDENCE_COLUMNS) == EVIDENCE_ERIKSEN_UNION


def test_evidence_from_both_documents(store: ox.Store):
    rows = run(store, "evidence", subject="Westmark", object="Norland")
    assert columns(rows, "property", "documentName", "start", "end", "rule") == [
        (KG + "locatedIn", "a.txt", "346", "420", RULE + "appos-province-of"),
        (KG + "locatedIn", "b.txt", "278", "312", RULE + "copula-province-of"),
    ]


def test_co_mentions(store: ox.Store):
    rows = run(store, "co-mentions")
    assert len(rows) == 22  # 15 pairs in a.txt, 10 in b.txt, 3 in both
    assert columns(rows[:3], "aLabel", "bLabel", "documents") == [
        ("Norland", "Westmark", "2"),
        ("Northern Transit Workers Union", "Norland", "2"),
        ("Northern Transit Workers Union", "Westmark", "2"),
    ]
    assert {r["documents"] for r in rows[3:]} == {"1"}
    assert all(r["a"] < r["b"] for r in rows)
    assert len({(r["a"], r["b"]) for r in rows}) == 22


def test_entities_by_class(store: ox.Store):
    rows = run(store, "entities-by-class")
    assert columns(rows, "class", "entities") == [
        (KG + "Person", "2"),
        (KG + "AdministrativeArea", "1"),
        (KG + "Agreement", "1"),
        (KG + "Country", "1"),
        (KG + "GovernmentAgency", "1"),
        (KG + "LabourUnion", "1"),
        (KG + "Settlement", "1"),
    ]


def test_relations_by_property(store: ox.Store):
    rows = run(store, "relations-by-property")
    assert columns(rows, "property", "triples") == [
        (KG + "jobTitle", "2"),
        (KG + "locatedIn", "2"),  # Westmark-in-Norland is stated in both documents, counted once
        (KG + "partyTo", "2"),
        (KG + "country", "1"),
        (KG + "employer", "1"),
        (KG + "headOf", "1"),
        (KG + "headquarters", "1"),
        (KG + "jurisdiction", "1"),
        (KG + "spokespersonFor", "1"),
    ]


# Violation checks


@pytest.mark.parametrize("path", VIOLATIONS, ids=lambda p: p.stem)
def test_violation_query_finds_nothing_in_the_fixture(path: Path, store: ox.Store):
    assert select(store, path.read_text(encoding="utf-8")) == []


def test_relation_without_evidence_is_a_violation():
    s = load("""
    <https://w3id.org/newskg/doc/x.txt> {
        <https://w3id.org/newskg/id/person/ann> kg:employer <https://w3id.org/newskg/id/organization/acme> ;
            kg:jobTitle "director" .
        <https://w3id.org/newskg/doc/x.txt#r-1> a rdf:Statement, kg:Assertion ;
            rdf:subject <https://w3id.org/newskg/id/person/ann> ;
            rdf:predicate kg:employer ;
            rdf:object <https://w3id.org/newskg/id/organization/acme> .
    }""")
    rows = run(s, "relation-without-evidence-violation")
    assert columns(rows, "graph", "subject", "property", "object") == [
        ("https://w3id.org/newskg/doc/x.txt", ID + "person/ann", KG + "jobTitle", "director"),
    ]


def test_evidence_must_be_in_the_same_document_graph():
    s = load("""
    <https://w3id.org/newskg/doc/x.txt> { <https://w3id.org/newskg/id/place/a> kg:locatedIn <https://w3id.org/newskg/id/place/b> . }
    <https://w3id.org/newskg/doc/y.txt> {
        <https://w3id.org/newskg/doc/y.txt#r-1> a rdf:Statement, kg:Assertion ;
            rdf:subject <https://w3id.org/newskg/id/place/a> ; rdf:predicate kg:locatedIn ;
            rdf:object <https://w3id.org/newskg/id/place/b> .
    }""")
    rows = run(s, "relation-without-evidence-violation")
    assert columns(rows, "graph") == [("https://w3id.org/newskg/doc/x.txt",)]


def test_gazetteer_facts_need_no_evidence():
    s = load("""
    kggraph:gazetteer { <https://w3id.org/newskg/id/place/a> kg:locatedIn <https://w3id.org/newskg/id/place/b> . }
    """)
    assert run(s, "relation-without-evidence-violation") == []


def test_entity_without_label_is_a_violation():
    s = load("""
    <https://w3id.org/newskg/doc/x.txt> {
        <https://w3id.org/newskg/doc/x.txt> a kg:Document ;
            kg:mentions <https://w3id.org/newskg/id/person/ann>, <https://w3id.org/newskg/id/person/bob> .
    }
    kggraph:entities {
        <https://w3id.org/newskg/id/person/ann> a kg:Person ; rdfs:label "Ann" .
        <https://w3id.org/newskg/id/person/bob> a kg:Person .
    }""")
    rows = run(s, "entity-without-label-violation")
    assert columns(rows, "entity", "document") == [(ID + "person/bob", "https://w3id.org/newskg/doc/x.txt")]


def test_duplicate_label_is_a_violation():
    s = load("""
    kggraph:entities {
        <https://w3id.org/newskg/id/person/ann-lee> a kg:Person ; rdfs:label "Ann Lee" .
        <https://w3id.org/newskg/id/person/ann-lee-2> a kg:Person ; rdfs:label "Ann Lee" .
        <https://w3id.org/newskg/id/place/ann-lee> a kg:Settlement ; rdfs:label "Ann Lee" .
    }""")
    rows = run(s, "duplicate-label-violation")
    assert columns(rows, "class", "label", "entity", "other") == [
        (KG + "Person", "Ann Lee", ID + "person/ann-lee", ID + "person/ann-lee-2"),
    ]


# The catalogue


def test_named_queries_reads_every_file():
    catalogue = named_queries(QUERIES)
    assert list(catalogue) == sorted(p.stem for p in QUERY_FILES)
    assert list(catalogue).index("entity") < list(catalogue).index("entity-without-label-violation")
    query = catalogue["entity"]
    assert isinstance(query, NamedQuery)
    assert query.path == QUERIES / "entity.rq"
    assert query.summary.startswith("Everything known about one entity")
    assert list(query.params) == ["name"]
    assert query.text == (QUERIES / "entity.rq").read_text(encoding="utf-8")
    assert list(catalogue["evidence"].params) == ["subject", "object"]
    assert catalogue["quotations"].params == {}


def test_named_queries_default_directory_is_the_packaged_queries():
    from builder.resources import queries_dir

    assert queries_dir() == QUERIES  # in a checkout, the repository's queries/
    assert {name: q.path for name, q in named_queries().items()} == {p.stem: p for p in QUERY_FILES}


def test_named_queries_of_another_directory(tmp_path: Path):
    (tmp_path / "one.rq").write_text(
        "#+ summary: The first\n#+ param: who - a name\nSELECT ?x WHERE { VALUES ?who { \"A\" } }\n")
    (tmp_path / "two.rq").write_text("SELECT * WHERE { ?s ?p ?o }\n")
    (tmp_path / "notes.txt").write_text("not a query")
    catalogue = named_queries(tmp_path)
    assert list(catalogue) == ["one", "two"]
    assert catalogue["one"].summary == "The first"
    assert catalogue["one"].params == {"who": "a name"}
    assert catalogue["two"].summary == ""


def test_resolve_returns_sparql_text_unchanged():
    text = "PREFIX kg: <https://w3id.org/newskg/ontology#>\n# a comment\nSELECT * WHERE { ?s kg:mentions ?o }"
    assert resolve(text, QUERIES) == text
    assert resolve("  select ?s where { ?s ?p ?o }", QUERIES).strip().startswith("select")
    assert resolve("ASK { ?s ?p ?o }", QUERIES) == "ASK { ?s ?p ?o }"
    assert resolve("BASE <http://x/> CONSTRUCT WHERE { ?s ?p ?o }", QUERIES).startswith("BASE")


def test_resolve_reads_a_file(tmp_path: Path):
    path = tmp_path / "mine.rq"
    path.write_text("SELECT * WHERE { ?s ?p ?o } LIMIT 1\n")
    assert resolve(str(path), QUERIES) == "SELECT * WHERE { ?s ?p ?o } LIMIT 1\n"
    assert resolve(str(QUERIES / "quotations.rq")) == (QUERIES / "quotations.rq").read_text(encoding="utf-8")


def test_resolve_finds_a_named_query():
    expected = (QUERIES / "people-organizations.rq").read_text(encoding="utf-8")
    assert resolve("people-organizations", QUERIES) == expected
    assert resolve("people-organizations.rq", QUERIES) == expected


def test_resolve_unknown_name_lists_the_known_queries():
    with pytest.raises(UnknownQuery) as info:
        resolve("people-organisations", QUERIES)
    message = str(info.value)
    assert "people-organisations" in message
    for path in QUERY_FILES:
        assert path.stem in message
    assert isinstance(info.value, KgError)


def test_is_sparql():
    assert is_sparql("SELECT * WHERE { ?s ?p ?o }")
    assert is_sparql("PREFIX ex: <http://example.org/ns#>\nDELETE WHERE { ?s ex:p ?o }")
    assert is_sparql("#+ summary: x\nDESCRIBE <http://example.org/a>")
    assert not is_sparql("people-organizations")
    assert not is_sparql("queries/select-all.rq")
    assert not is_sparql("ask")


def test_bind_replaces_the_default_value():
    text = (QUERIES / "entity.rq").read_text(encoding="utf-8")
    bound = bind(text, {"name": "Tomas Eriksen"})
    assert 'VALUES ?name { "Tomas Eriksen" }' in bound
    assert '"Martine Lavallée"' not in bound
    assert bound.replace('"Tomas Eriksen"', '"Martine Lavallée"') == text


def test_bind_several_parameters(store: ox.Store):
    text = (QUERIES / "evidence.rq").read_text(encoding="utf-8")
    bound = bind(text, {"subject": "Maren Holt", "object": "Norland Border Services Agency"})
    assert 'VALUES ?subject { "Maren Holt" }' in bound
    assert 'VALUES ?object { "Norland Border Services Agency" }' in bound
    assert columns(select(store, bound), "property") == [(KG + "headOf",)]


@pytest.mark.parametrize("name", ['O\'Neil "the Hammer"', "back\\slash", "two\nlines", "brace } here", 'end"'])
def test_bind_escapes_the_literal(name: str):
    text = '#+ param: name - a name\nSELECT ?name WHERE { VALUES ?name { "X" } }'
    bound = bind(text, {"name": name})
    assert [row["name"] for row in select(ox.Store(), bound)] == [name]
    prepareQuery(bound)
    assert [row["name"] for row in select(ox.Store(), bind(bound, {"name": "again"}))] == ["again"]


def test_bind_values_that_look_like_sparql():
    text = (QUERIES / "evidence.rq").read_text(encoding="utf-8")
    tricky = 'VALUES ?object { "x" }'
    bound = bind(text, {"subject": tricky, "object": "Local 375"})
    assert bound.count('VALUES ?object { "Local 375" }') == 1
    assert 'VALUES ?subject { "VALUES ?object { \\"x\\" }" }' in bound
    prepareQuery(bound)


def test_bind_unknown_parameter_names_the_known_ones():
    text = (QUERIES / "evidence.rq").read_text(encoding="utf-8")
    with pytest.raises(QueryParameterError) as info:
        bind(text, {"subjet": "Maren Holt"})
    assert "subjet" in str(info.value)
    assert "subject, object" in str(info.value)
    assert isinstance(info.value, KgError)


def test_bind_needs_a_declared_parameter():
    text = 'SELECT ?name WHERE { VALUES ?name { "X" } }'
    with pytest.raises(QueryParameterError, match="none"):
        bind(text, {"name": "Ann"})


def test_bind_query_without_parameters():
    text = (QUERIES / "relations-by-property.rq").read_text(encoding="utf-8")
    assert parameters(text) == []  # its VALUES ?property lists properties, it is not a parameter
    with pytest.raises(QueryParameterError):
        bind(text, {"property": "x"})
    assert bind(text, {}) == text
