"""Output files are replaced whole or left as they were."""

from pathlib import Path

import pytest

from builder.files import replacing


def test_a_finished_write_replaces_the_file(tmp_path: Path):
    path = tmp_path / "graph.ttl"
    path.write_text("old")
    with replacing(path) as part:
        part.write_text("new")
    assert path.read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]


def test_a_failed_write_leaves_the_old_file_and_no_part(tmp_path: Path):
    path = tmp_path / "graph.ttl"
    path.write_text("old")
    with pytest.raises(OSError, match="No space left"):
        with replacing(path) as part:
            part.write_text("half")
            raise OSError(28, "No space left on device")
    assert path.read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["graph.ttl"]
