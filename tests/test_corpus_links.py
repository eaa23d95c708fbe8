"""`kg build` across articles: a surname two people share, a place name several places share."""

from pathlib import Path

import pytest
from typer.testing import CliRunner

from builder.cli import app
from builder.rdf.namespace import KG
from builder.store import KgStore

pytestmark = pytest.mark.model
runner = CliRunner()
OWL_SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
PARIS_TEXAS = "https://sws.geonames.org/4717560/"

ARTICLES = {
    "daniela.txt": "Transport Minister Daniela Okonkwo announced new funding for VIA Rail on Monday in Winnipeg, Manitoba.\n",
    "peter.txt": "Health Minister Peter Okonkwo met VIA Rail managers in Regina on Tuesday to discuss first aid on trains.\n",
    "union.txt": ("Rail unions at VIA Rail welcomed the plan on Tuesday.\n\n"
                  "\"We will hold the government to its word,\" said union leader Marc Tessier. "
                  "Okonkwo said she would meet him in Brandon next week.\n"),
    "paris-texas.txt": ("Mayor Ann Lee of Paris, Texas, said on Monday that the city council in Lamar County would "
                        "vote on the budget. Dallas officials welcomed the plan.\n"),
    "paris-france.txt": ("The mayor of Paris, France, said on Monday that the Seine would reopen to boats. "
                         "Officials in Lyon welcomed it.\n"),
}


def build(tmp_path: Path, *names: str) -> Path:
    """`kg build` of a folder holding the articles named; RETURNS its store."""
    folder = tmp_path / "-".join(name.split(".")[0] for name in names)
    folder.mkdir()
    for name in names:
        (folder / name).write_text(ARTICLES[name], encoding="utf-8")
    result = runner.invoke(app, ["build", str(folder), "--out", str(folder.with_suffix(".out")), "--no-files"])
    assert result.exit_code == 0, result.output
    return folder.with_suffix(".out") / "store"


def surname_entity(store: Path) -> set[str]:
    """The entities the bare "Okonkwo" of union.txt refers to."""
    with KgStore(store) as kg_store:
        return {row["e"].value for row in kg_store.solutions(
            f"SELECT ?e WHERE {{ GRAPH ?d {{ ?m <{KG.surfaceForm}> \"Okonkwo\" ; <{KG.refersTo}> ?e }} }}")}


def paris_links(store: Path) -> set[str]:
    with KgStore(store) as kg_store:
        return {row["same"].value for row in kg_store.solutions(
            f"SELECT ?same WHERE {{ ?e <{RDFS_LABEL}> \"Paris\" ; <{OWL_SAME_AS}> ?same }}")}


def test_a_surname_two_people_of_the_corpus_share_stays_its_own_entity(tmp_path: Path):
    one = build(tmp_path, "daniela.txt", "union.txt")
    assert surname_entity(one) == {"https://w3id.org/newskg/id/person/daniela-okonkwo"}  # one Okonkwo: joined
    two = build(tmp_path, "daniela.txt", "peter.txt", "union.txt")
    assert surname_entity(two) == {"https://w3id.org/newskg/id/person/okonkwo"}


def test_paris_is_linked_by_the_documents_country_and_left_alone_when_they_disagree(tmp_path: Path):
    assert paris_links(build(tmp_path, "paris-texas.txt")) == {PARIS_TEXAS}
    assert paris_links(build(tmp_path, "paris-texas.txt", "paris-france.txt")) == set()
