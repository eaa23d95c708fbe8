"""The trained entity typer (issue 12): features, the `kg_entity_typer` component and its
training (`kg train`). docs/model-card.md describes the data and the measures."""

from .component import LABELS, EntityTyper, make_entity_typer

__all__ = ["LABELS", "EntityTyper", "make_entity_typer"]
