"""What every entity-view writer shares: scalar attributes and colours by class."""

import networkx as nx

from ._text import clean_view

SEPARATOR = "|"

# Colour (r, g, b) of each class; subclasses share their family's hue.
CLASS_COLORS: dict[str, tuple[int, int, int]] = {
    "Person": (31, 119, 180),
    "Organization": (255, 127, 14),
    "GovernmentAgency": (214, 95, 0),
    "InternationalOrganization": (23, 190, 207),
    "LabourUnion": (255, 170, 60),
    "NewsOrganization": (230, 145, 56),
    "Agreement": (44, 160, 44),
    "Place": (148, 103, 189),
    "Country": (120, 70, 170),
    "AdministrativeArea": (160, 120, 200),
    "Settlement": (190, 160, 220),
    "Facility": (140, 86, 75),
    "Road": (170, 120, 110),
    "BorderCrossing": (196, 156, 148),
    "Document": (127, 127, 127),
    "Quotation": (227, 119, 194),
}
DEFAULT_COLOR = (188, 189, 34)


def color(cls: str) -> tuple[int, int, int]:
    """The (r, g, b) colour of a class local name."""
    return CLASS_COLORS.get(cls, DEFAULT_COLOR)


def hex_color(cls: str) -> str:
    """The colour of a class as #rrggbb."""
    return "#%02x%02x%02x" % color(cls)


def scalar(value: object) -> str | int | float | bool | None:
    """A GraphML/GEXF-safe value: lists joined with '|', everything else kept."""
    if isinstance(value, (list, tuple, set)):
        return SEPARATOR.join(str(v) for v in value)
    return value


def scalar_graph(G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the entity view for XML: only scalar attributes (lists joined, None left out),
    only characters XML 1.0 allows (`clean_view`)."""
    G = clean_view(G)
    H = nx.MultiDiGraph()
    H.add_nodes_from((n, {k: scalar(v) for k, v in d.items() if v is not None}) for n, d in G.nodes(data=True))
    H.add_edges_from((s, o, key, {k: scalar(v) for k, v in d.items() if v is not None})
                     for s, o, key, d in G.edges(keys=True, data=True))
    return H
