"""kg: knowledge graphs from news articles."""

__version__ = "0.2.0"
