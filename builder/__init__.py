"""kg: knowledge graphs from news articles.

`from builder import KnowledgeGraph` is the Python API (`api`); it is imported on first use,
so that `import builder` stays light.
"""

from typing import TYPE_CHECKING

from ._lazy import lazy_names

if TYPE_CHECKING:
    from .api import Added, AddedDocument, KnowledgeGraph, Rows

__version__ = "0.2.0"
_NAMES = {"KnowledgeGraph": ".api", "Added": ".api", "AddedDocument": ".api", "Rows": ".api"}
__all__ = sorted(_NAMES)
__getattr__ = lazy_names(__name__, _NAMES)
