"""What people open: the entity view (a networkx graph of entities and typed relations
with their evidence), the exports made from it or from the store, and counts."""

from .entity_view import entity_view
from .exports import FORMATS, default_path, export
from .stats import GraphStats, graph_stats

__all__ = ["FORMATS", "GraphStats", "default_path", "entity_view", "export", "graph_stats"]
