"""The kg pipeline components, registered with spaCy by factory name (the trained relation
model, `kg_relation_model`, is in `extraction.relation_model`)."""

from .entity_linker import make_entity_linker
from .entity_mapper import make_entity_mapper
from .name_finder import make_name_finder
from .paragraphs import paragraph_breaks
from .quote_extractor import make_quote_extractor
from .relation_extractor import make_relation_extractor

__all__ = [
    "make_entity_linker",
    "make_entity_mapper",
    "make_name_finder",
    "make_quote_extractor",
    "make_relation_extractor",
    "paragraph_breaks",
]
