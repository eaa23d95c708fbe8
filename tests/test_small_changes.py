"""A small change to a large store stays small: kg build leaves the graph files (which hold
the whole store) to kg export, with a line that says so, unless --files asks for them."""

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

import builder.build
from builder.cli import app

NEWS = Path(__file__).parent / "fixtures" / "news"
ARTICLE = "Daniel Okafor, the head of the Coastal Fisheries Agency, spoke in Moncton on Monday.\n"


@pytest.mark.model
def test_a_small_build_into_a_large_store_leaves_the_graph_files_to_kg_export(tmp_path, monkeypatch):
    monkeypatch.setattr(builder.build, "FILES_AUTO_TRIPLES", 100)  # "large": over 100 triples here
    monkeypatch.setattr(builder.build, "FILES_AUTO_SHARE", 5)  # "small": under a fifth of the documents
    runner = CliRunner()
    out = tmp_path / "out"
    first = runner.invoke(app, ["build", str(NEWS), "--out", str(out)], env={"COLUMNS": "400"})
    assert first.exit_code == 0, first.output
    assert "Graph files not rewritten" not in first.output  # every document changed: the files are written
    written = {name: (out / name).stat().st_mtime_ns for name in ("graph.ttl", "graph.trig", "graph.html")}
    new = tmp_path / "new"
    new.mkdir()
    (new / "brief.txt").write_text(ARTICLE)
    second = runner.invoke(app, ["build", str(new), "--out", str(out)], env={"COLUMNS": "400"})
    assert second.exit_code == 0, second.output
    line = next(line for line in second.output.splitlines() if line.startswith("Graph files not rewritten"))
    assert "this build changed 1 of its 7 documents" in line
    assert f"kg export --format ttl --out {out / 'graph.ttl'}" in line and "kg build --files" in line
    assert {name: (out / name).stat().st_mtime_ns for name in written} == written
    (new / "brief.txt").write_text(ARTICLE.replace("Monday", "Tuesday"))
    forced = runner.invoke(app, ["build", str(new), "--out", str(out), "--files"], env={"COLUMNS": "400"})
    assert forced.exit_code == 0 and "Graph files not rewritten" not in forced.output
    assert all((out / name).stat().st_mtime_ns > mtime for name, mtime in written.items())
