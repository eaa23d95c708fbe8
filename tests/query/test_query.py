"""kg query on a real on-disk store (tests/fixtures/small.trig): errors, limits, timeouts,
read-only by default. Every test runs the real command."""

import csv
import io
import json
import shutil
from pathlib import Path

import psutil
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from builder.cli import app
from builder.errors import QueryError
from builder.query.named import UPDATE_KEYWORDS, named_queries, request_keyword
from builder.query.run import QueryRunner

from fixture_iris import ERIKSEN, HOLT

runner = CliRunner()
FIXTURE = Path(__file__).parents[1] / "fixtures" / "small.trig"
KG = "https://w3id.org/newskg/ontology#"
ALL_TRIPLES = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
# 395 quads to the power of 4: the command must stop it, it would not end by itself.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.fixture(scope="module")
def fixture_store(tmp_path_factory) -> Path:
    """tests/fixtures/small.trig (the data of conftest's small_store) on disk, as kg build leaves a store."""
    path = tmp_path_factory.mktemp("fixture") / "store"
    disk = ox.Store(str(path))
    disk.load(path=str(FIXTURE), format=ox.RdfFormat.TRIG)
    disk.flush()
    del disk
    return path


@pytest.fixture
def store_dir(fixture_store: Path, tmp_path: Path) -> Path:
    """A copy of the fixture store for one test to change."""
    return Path(shutil.copytree(fixture_store, tmp_path / "store"))


def kg_query(store: Path, *args: str):
    return runner.invoke(app, ["query", *args, "--store", str(store)])


def quads(store: Path) -> set[ox.Quad]:
    return set(ox.Store.read_only(str(store)))


def union_rows(store: Path, sparql: str) -> int:
    return len(list(ox.Store.read_only(str(store)).query(sparql, use_default_graph_as_union=True)))


def query_children() -> list[psutil.Process]:
    return [p for p in psutil.Process().children(recursive=True) if "builder.query.process" in " ".join(p.cmdline())]


def test_named_query_rows_as_csv(store_dir: Path):
    result = kg_query(store_dir, "people-organizations", "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["person", "personLabel", "relation", "organization", "organizationLabel", "jobTitle"]
    assert [(r[0], r[2], r[5]) for r in rows[1:]] == [
        (HOLT, "headOf", "commissioner"),
        (ERIKSEN, "employer", "spokesperson"),
        (ERIKSEN, "spokespersonFor", "spokesperson"),
    ]


def test_ask_query(store_dir: Path):
    result = kg_query(store_dir, f"ASK {{ <{HOLT}> a <{KG}Person> }}", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"ask": "true"}]


def test_malformed_query_gets_the_parsers_line_and_column_in_one_line(store_dir: Path):
    query = "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?s = )\n}"
    result = kg_query(store_dir, query)
    assert result.exit_code == 1
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: The SPARQL query is not valid at line ")
    assert "column" in lines[0] and "expected" in lines[0] and "Traceback" not in result.output


def test_syntax_error_position_and_the_text_before_it(store_dir: Path):
    result = kg_query(store_dir, "SELECT * WHERE { ?s ?p")
    assert result.exit_code == 1
    assert "not valid at line 1, column 23 (after 'WHERE { ?s ?p'): expected one of" in result.stderr


def test_unknown_named_query_lists_the_known_ones(store_dir: Path):
    result = kg_query(store_dir, "no-such-query")
    assert result.exit_code == 1
    assert result.stderr == ("error: No query named 'no-such-query'. Known queries: " + ", ".join(named_queries())
                             + ". Run 'kg query --list' for what each does.\n")


def test_misspelt_query_name_gets_a_suggestion(store_dir: Path):
    result = kg_query(store_dir, "people-organisations")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: No query named 'people-organisations'. Did you mean 'people-organizations'? ")


def test_misspelt_sparql_gets_the_parsers_message_not_unknown_name(store_dir: Path):
    result = kg_query(store_dir, "SELCT ?s WHERE { ?s ?p ?o }")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: The SPARQL query is not valid at line 1, column ")


def test_limit_cuts_the_rows_and_says_so(store_dir: Path):
    result = kg_query(store_dir, ALL_TRIPLES, "--limit", "5", "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 5
    assert result.stderr.strip() == ("Showing the first 5 rows; the query returned more. "
                                     "Raise --limit (0: no limit) or narrow the query.")


def test_limit_zero_returns_every_row_without_a_note(store_dir: Path):
    total = union_rows(store_dir, ALL_TRIPLES)
    result = kg_query(store_dir, ALL_TRIPLES, "--limit", "0", "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == total > 300
    assert result.stderr == ""


def test_as_many_rows_as_the_limit_is_not_cut(store_dir: Path):
    total = union_rows(store_dir, ALL_TRIPLES)
    result = kg_query(store_dir, ALL_TRIPLES, "--limit", str(total), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == total + 1
    assert result.stderr == ""


def test_default_limit_is_ten_thousand_rows(store_dir: Path):
    result = kg_query(store_dir, "SELECT ?a ?d WHERE { ?a ?b ?c . ?d ?e ?f }", "--format", "csv")
    assert result.exit_code == 0, result.output
    assert len(result.stdout.splitlines()) == 1 + 10_000
    assert result.stderr.startswith("Showing the first 10000 rows; the query returned more.")


def test_runaway_query_is_stopped_at_the_timeout(store_dir: Path):
    result = kg_query(store_dir, RUNAWAY, "--timeout", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: The query ran longer than 1 s and was stopped.")
    assert query_children() == []  # the process that ran it is gone, not left running


@pytest.mark.parametrize("update", [
    'INSERT DATA { <urn:x:s> <urn:x:p> "o" }',
    "DELETE WHERE { ?s ?p ?o }",
    "PREFIX kg: <https://w3id.org/newskg/ontology#>\n# remove people\ndelete { ?p ?x ?y } where { ?p a kg:Person ; ?x ?y }",
    "WITH <urn:x:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "LOAD <http://127.0.0.1:1/data.ttl>",
    "CLEAR ALL",
    "DROP ALL",
    "CREATE GRAPH <urn:x:g>",
    "COPY DEFAULT TO <urn:x:g>",
    "MOVE DEFAULT TO <urn:x:g>",
    "ADD DEFAULT TO <urn:x:g>",
])
def test_update_is_refused_without_allow_update(store_dir: Path, update: str):
    before = quads(store_dir)
    result = kg_query(store_dir, update)
    assert result.exit_code == 1
    keyword = update.split("\n")[-1].split()[0].upper()
    assert f"The query is a SPARQL Update ({keyword}) and kg query is read-only: nothing was changed." in result.stderr
    assert "--allow-update" in result.stderr
    assert quads(store_dir) == before


def test_an_update_the_keyword_check_misses_still_changes_nothing(store_dir: Path):
    """The query runs on the store opened read-only: the keyword check is for the message only."""
    before = quads(store_dir)
    result = kg_query(store_dir, 'SELECT * {} ; INSERT DATA { <urn:x:s> <urn:x:p> "o" }')
    assert result.exit_code == 1
    assert "The SPARQL query is not valid" in result.stderr
    assert quads(store_dir) == before


def test_allow_update_applies_the_update_and_reports_it(store_dir: Path):
    count = len(quads(store_dir))
    insert = 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "hello" } }'
    result = kg_query(store_dir, insert, "--allow-update")
    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == f"Applied the update: the store held {count} quads, it now holds {count + 1}."
    result = kg_query(store_dir, "SELECT ?o WHERE { <urn:x:s> <urn:x:p> ?o }", "--format", "json")
    assert json.loads(result.stdout) == [{"o": "hello"}]
    result = kg_query(store_dir, f"DELETE WHERE {{ GRAPH ?g {{ <{HOLT}> ?p ?o }} }}", "--allow-update")
    assert result.exit_code == 0, result.output
    assert not any(q.subject == ox.NamedNode(HOLT) for q in quads(store_dir))


def test_malformed_update_with_allow_update_changes_nothing(store_dir: Path):
    before = quads(store_dir)
    result = kg_query(store_dir, 'DELETE WHERE { ?s ?p ?o } ; INSERT DATA { <urn:x:s> <urn:x:p> }', "--allow-update")
    assert result.exit_code == 1
    assert "The SPARQL query is not valid at line 1, column" in result.stderr
    assert quads(store_dir) == before


def test_allow_update_still_runs_queries(store_dir: Path):
    result = kg_query(store_dir, "people-organizations", "--allow-update", "--format", "json")
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3


def test_construct_is_refused_with_a_hint(store_dir: Path):
    result = kg_query(store_dir, "CONSTRUCT WHERE { ?s ?p ?o }")
    assert result.exit_code == 1
    assert "kg query runs SELECT and ASK queries" in result.stderr


def test_query_runs_while_a_writer_holds_the_store(store_dir: Path):
    writer = ox.Store(str(store_dir))  # as a running kg build would
    try:
        result = kg_query(store_dir, "people-organizations", "--format", "json")
    finally:
        del writer
    assert result.exit_code == 0, result.output
    assert len(json.loads(result.stdout)) == 3


def test_hostile_parameter_value_is_escaped(store_dir: Path):
    for value in ['a\n\\"', 'x"""\n"', "\\", "'; DROP ALL"]:
        result = kg_query(store_dir, "entity", "--param", f"name={value}", "--format", "json")
        assert result.exit_code == 0, (value, result.output)
        assert json.loads(result.stdout) == []


def test_store_that_is_not_a_store(tmp_path: Path):
    result = kg_query(tmp_path, "people-organizations")
    assert result.exit_code == 1
    assert "is not a kg store" in result.stderr


@pytest.mark.parametrize(("text", "keyword"), [
    ("SELECT * {}", "SELECT"),
    ("PREFIX a: <x:>\nBASE <y:>\n# note\n  insert data {}", "INSERT"),
    ("ask {}", "ASK"),
    ("people-organizations", None),
    ("LOAD <x:y>", "LOAD"),
])
def test_request_keyword(text: str, keyword: str | None):
    assert request_keyword(text) == keyword
    assert (keyword in UPDATE_KEYWORDS) == (keyword in {"INSERT", "LOAD"})


@pytest.mark.parametrize("query", [
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
    "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }",
])
def test_federated_query_is_refused(store_dir: Path, query: str):
    result = kg_query(store_dir, query)
    assert result.exit_code == 1
    assert result.stderr.startswith("error: The query calls another endpoint (SERVICE); kg query reads only the store")


def test_service_in_a_string_is_not_federated(store_dir: Path):
    result = kg_query(store_dir, 'SELECT ?x WHERE { BIND("SERVICE <http://x>" AS ?x) }', "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == [{"x": "SERVICE <http://x>"}]


def test_update_while_a_writer_holds_the_store_is_a_clear_error(store_dir: Path):
    writer = ox.Store(str(store_dir))
    try:
        result = kg_query(store_dir, 'INSERT DATA { <urn:x:s> <urn:x:p> "o" }', "--allow-update")
    finally:
        del writer
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: Can't open the store at {store_dir} (")
    assert "close the program using it" in result.stderr


def test_query_runner_keeps_one_child_and_sees_later_writes(store_dir: Path):
    count = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <urn:x:g> { ?s ?p ?o } }"
    with QueryRunner(store_dir) as queries:
        assert queries.query(count).rows == [["0"]]
        first = query_children()
        writer = ox.Store(str(store_dir))  # a build writing while the runner's child is open
        writer.add(ox.Quad(ox.NamedNode("urn:x:s"), ox.NamedNode("urn:x:p"), ox.Literal("o"), ox.NamedNode("urn:x:g")))
        writer.flush()
        del writer
        assert queries.query(count).rows == [["1"]]
        assert query_children() == first and len(first) == 1
    assert query_children() == []


def test_query_runner_stops_a_runaway_query_and_answers_the_next(store_dir: Path):
    with QueryRunner(store_dir) as queries:
        with pytest.raises(QueryError, match="ran longer than 0.5 s"):
            queries.query(RUNAWAY, timeout=0.5)
        assert query_children() == []
        assert queries.query(f"ASK {{ <{HOLT}> a <{KG}Person> }}").rows == [["true"]]
