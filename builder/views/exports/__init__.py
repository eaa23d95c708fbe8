"""Exports of the graph for visualization tools and RDF software, one module per format."""

from collections.abc import Iterable
from functools import partial
from pathlib import Path

import networkx as nx

from ...errors import Errors, InputError, StoreError
from ...files import replacing
from ...store import Store
from ...store.base import file_write_error
from ..entity_view import entity_view
from ..reading import READING_QUERIES, reading_data
from .cyjs import write_cyjs
from .dot import write_dot
from .geojson import COORDINATES, with_coordinates, write_geojson
from .gexf import write_gexf
from .graphml import write_graphml
from ._text import clean_view
from .html import write_html
from .node_link import write_node_link
from .spreadsheet import write_csv

# Formats of the entity view, by name, with their file suffix and writer.
VIEW_FORMATS = {
    "graphml": (".graphml", write_graphml),
    "gexf": (".gexf", write_gexf),
    "cyjs": (".cyjs", write_cyjs),
    "json": (".json", write_node_link),
    "dot": (".dot", write_dot),
    "csv": ("", write_csv),
    "html": (".html", write_html),
    "geojson": (".geojson", write_geojson),
}
# RDF serializations of the whole store, by name, with the suffix Store.dump reads.
RDF_FORMATS = {"ttl": ".ttl", "nt": ".nt", "nq": ".nq", "trig": ".trig", "jsonld": ".jsonld", "xml": ".xml"}
FORMATS = (*VIEW_FORMATS, *RDF_FORMATS)
# View formats whose writers read only the view's XML-safe copy (`clean_view`), not the store.
_CLEAN_COPY_ONLY = {"graphml", "gexf", "cyjs", "json", "dot", "csv"}
# What the writers of these formats read of the store besides the view, in their order.
_QUERIES = {"html": READING_QUERIES, "geojson": (COORDINATES,)}


def default_path(fmt: str, folder: Path) -> Path:
    """Where an export goes when no file is named: graph.<suffix> in `folder` (csv: the folder)."""
    if fmt == "csv":
        return folder
    suffix = VIEW_FORMATS[fmt][0] if fmt in VIEW_FORMATS else RDF_FORMATS.get(fmt, "." + fmt)
    return folder / f"graph{suffix}"


def export(store: Store, fmt: str, out: Path, view: nx.MultiDiGraph | None = None,
           **view_filters) -> list[Path]:
    """Write the store in one format; RETURNS the files written.

    fmt (str): One of FORMATS. Entity-view formats take the `entity_view` filters; RDF
        formats write every graph of the store. csv writes nodes.csv and edges.csv into
        the folder `out`.
    view (nx.MultiDiGraph): The entity view to write, if already computed (then the filters
        are not used).

    Examples
    --------
    >>> export(store, "graphml", Path("graph.graphml"), classes=["Person"])  # doctest: +SKIP
    """
    if fmt in RDF_FORMATS:
        if any(v for k, v in view_filters.items() if k != "depth"):
            raise InputError(Errors.E032.format(fmt=fmt, formats=", ".join(VIEW_FORMATS)))
        path = out if out.suffix.lower() == RDF_FORMATS[fmt] else out.with_suffix(RDF_FORMATS[fmt])
        _parent(path)
        store.dump(path)
        return [path]
    if fmt not in VIEW_FORMATS:
        raise InputError(Errors.E031.format(fmt=fmt, formats=", ".join(FORMATS)))
    G = view if view is not None else entity_view(store, **view_filters)
    if fmt == "geojson":
        G = with_coordinates(store, G)
    writer = VIEW_FORMATS[fmt][1]
    if fmt == "html":
        writer = partial(write_html, reading=reading_data(store, G))
    try:
        if fmt == "csv":
            return writer(G, out)
        _parent(out)
        with replacing(out) as part:
            writer(G, part)
    except OSError as e:
        raise StoreError(file_write_error(out, e)) from e
    return [out]


def export_views(store: Store, formats: Iterable[str], folder: Path, view: nx.MultiDiGraph) -> list[Path]:
    """Write one entity view in several formats, each at its `default_path` in `folder`; the
    XML-safe copy the writers of most formats read is made once for all of them.
    RETURNS the files written.
    """
    clean = clean_view(view)
    return [path for fmt in formats
            for path in export(store, fmt, default_path(fmt, folder), view=clean if fmt in _CLEAN_COPY_ONLY else view)]


def export_queries(formats: Iterable[str]) -> list[str]:
    """The store queries `export_views` of these formats runs, in its order (`store.ahead`)."""
    return [sparql for fmt in formats for sparql in _QUERIES.get(fmt, ())]


def _parent(path: Path) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise StoreError(Errors.E021.format(path=path, reason=e)) from e
