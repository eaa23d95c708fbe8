"""The trained relation model (issue 11): candidates, features, the `kg_relation_model`
component, the corpus readers and `kg train`.

Imports from the rest of builder: components.entity_mapper (MENTIONS_KEY), records
(Relation, Span), gazetteer, keys, sources.corpora (load_docred, normalize), nlp
(load_pipeline, in train only). docs/model-card.md describes the data and the measures.
"""

from .component import RelationModel, make_relation_model
from .labels import LABEL_MAP, LABELS

__all__ = ["LABELS", "LABEL_MAP", "RelationModel", "make_relation_model"]
