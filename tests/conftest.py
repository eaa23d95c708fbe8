"""Shared fixtures: hand-built Docs (no trained model) and the real pipeline (marked `model`).

With KG_NO_SKIPS set (.ci/run sets it: CI installs every tool and has ../shared/data), a
test or module that skips fails instead, with its reason.
"""

import os

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

import builder.extraction.components  # noqa: F401  (registers the factories)


@pytest.fixture(scope="session")
def blank() -> Language:
    return spacy.blank("en")


def build_doc(nlp: Language, spec: list[tuple], ents: list[str] | None = None) -> Doc:
    """A parsed Doc from rows of (word, head index, dep, tag); ents as BILOU-free IOB tags.

    ents: one tag per token such as "B-PERSON", "I-PERSON" or "O".
    """
    words = [row[0] for row in spec]
    heads = [row[1] for row in spec]
    deps = [row[2] for row in spec]
    tags = [row[3] for row in spec]
    spaces = [not (i + 1 < len(words) and words[i + 1] in {",", ".", "'s", ":", "?", "!"}) for i in range(len(words))]
    return Doc(nlp.vocab, words=words, spaces=spaces, heads=heads, deps=deps, tags=tags, ents=ents)


@pytest.fixture
def make_doc(blank: Language):
    """Build a parsed Doc by hand: make_doc(rows, ents)."""
    return lambda spec, ents=None: build_doc(blank, spec, ents)


@pytest.fixture(scope="session")
def nlp() -> Language:
    from builder.extraction.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture
def small_store():
    """An in-memory KgStore holding tests/fixtures/small.trig."""
    from pathlib import Path

    import pyoxigraph

    from builder.store import KgStore

    store = KgStore(None)
    store.oxigraph.load(path=str(Path(__file__).parent / "fixtures" / "small.trig"), format=pyoxigraph.RdfFormat.TRIG)
    return store


def _no_skip(report) -> None:
    if report.skipped and os.environ.get("KG_NO_SKIPS") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.outcome = "failed"
        report.longrepr = f"skipped where nothing should be (KG_NO_SKIPS is set): {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    _no_skip(outcome.get_result())


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector):
    outcome = yield
    _no_skip(outcome.get_result())
