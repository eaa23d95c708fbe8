"""kg watch: the real command keeps a store in step with a folder while files come, change
and go, and stops on Ctrl-C."""

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from builder.cli import app
from builder.query.run import run_query
from commands import kg_command

DOCUMENTS = "SELECT ?d WHERE { ?d a <https://w3id.org/newskg/ontology#Document> } ORDER BY ?d"
LABELS = ("SELECT ?l WHERE { GRAPH <https://w3id.org/newskg/graph/entities> "
          "{ ?e <http://www.w3.org/2000/01/rdf-schema#label> ?l } }")
DOC = "https://w3id.org/newskg/doc/"


def eventually(check, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not reached in {seconds} s")
        time.sleep(0.2)


def documents(store: Path) -> list[str]:
    if not (store / "CURRENT").exists():
        return []
    return [row[0].removeprefix(DOC) for row in run_query(store, DOCUMENTS).rows]


def labels(store: Path) -> set[str]:
    return {row[0] for row in run_query(store, LABELS).rows}


@pytest.mark.model
def test_watch_builds_new_and_changed_files_and_removes_missing_ones(tmp_path):
    news = tmp_path / "news"
    news.mkdir()
    (news / "a.txt").write_text("Marie Tremblay works for the Canada Border Services Agency.\n")
    (news / "gone.txt").write_text("Aiko Brandt, the head of the Prairie Water Authority, spoke in Regina.\n")
    store = tmp_path / "out" / "store"
    assert CliRunner().invoke(app, ["build", str(news), "--out", str(tmp_path / "out"), "--no-files"]).exit_code == 0
    (news / "gone.txt").unlink()
    process = subprocess.Popen([*kg_command(), "watch", str(news), "--out", str(tmp_path / "out"), "--remove-missing"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True,
                               env={**os.environ, "COLUMNS": "200"})
    try:
        first = process.stdout.readline()
        assert first.startswith("Built 0 document(s), 1 unchanged, 0 failed, removed 1 in "), first
        assert documents(store) == ["news/a.txt"]
        (news / "b.md").write_text("# Brief\n\nDaniel Okafor, the head of the Coastal Fisheries Agency, spoke in Moncton.\n")
        (news / ".hidden.txt").write_text("Rosa Dumont spoke in Kelowna.\n")
        (news / "notes.csv").write_text("not, an, article\n")
        eventually(lambda: documents(store) == ["news/a.txt", "news/b.md"])
        (news / "a.txt").write_text("Marie Tremblay now works for Transport Canada.\n")
        eventually(lambda: "Transport Canada" in labels(store))
        assert "Canada Border Services Agency" not in labels(store)
        (news / "b.md").unlink()
        eventually(lambda: documents(store) == ["news/a.txt"])
        assert "Daniel Okafor" not in labels(store)
    finally:
        os.killpg(process.pid, signal.SIGINT)
        stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 0, stderr
    assert "built news/b.md: " in stdout and "built news/a.txt: " in stdout and "removed news/b.md" in stdout
    assert "Stopped watching." in stderr and "Traceback" not in stderr


def test_watch_of_a_missing_folder_is_one_line(tmp_path):
    result = CliRunner().invoke(app, ["watch", str(tmp_path / "none"), "--out", str(tmp_path)], env={"COLUMNS": "300"})
    assert result.exit_code == 1
    assert result.output == f"error: {tmp_path / 'none'}: no such file or folder. Check the path.\n"
