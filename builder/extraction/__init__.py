"""From text to extraction records: the spaCy pipeline and its kg components.

`load_pipeline` builds the pipeline (a spaCy model and the kg components: entity mapper,
entity linker, relation rules, quotations); `extraction_of` reads the records
(`records.Extraction`) off a parsed Doc; `open_engine` runs the pipeline over many
documents, in this process, in worker processes or on a Dask cluster. Typing votes
(`classify`), the lexicons and the gazetteer are the resources the components share.
"""

from typing import TYPE_CHECKING

from .._lazy import lazy_names

if TYPE_CHECKING:
    from .chunking import pipe_texts
    from .engines import open_engine
    from .extract import extraction_of
    from .nlp import DEFAULT_MODEL, KG_COMPONENTS, load_pipeline, pipeline_label
    from .records import Entity, Extraction, Quote, Relation, Span

_NAMES = {
    "DEFAULT_MODEL": ".nlp", "KG_COMPONENTS": ".nlp", "load_pipeline": ".nlp", "pipeline_label": ".nlp",
    "extraction_of": ".extract", "pipe_texts": ".chunking", "open_engine": ".engines",
    "Entity": ".records", "Extraction": ".records", "Quote": ".records", "Relation": ".records",
"Span": ".records",
}
__all__ = sorted(_NAMES)
__getattr__ = lazy_names(__name__, _NAMES)
