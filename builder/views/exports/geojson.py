"""GeoJSON (RFC 7946), for QGIS, kepler.gl and geojson.io: the places that have coordinates.

One Point feature per place with coordinates in the entities graph (`[longitude, latitude]`,
WGS84), with its label, class, GeoNames IRI, counts, and the entities the graph ties to it
(an organization headquartered there, a person living there, a place inside it).
"""

import json
from pathlib import Path
from typing import IO

import networkx as nx

from ...rdf.geonames import GEONAMES
from ...rdf.namespace import ENTITY_GRAPH, WGS84
from ...store import Store

# Relations that tie an entity to where it is: kg:spatialRelation's sub-properties.
SPATIAL = ("locatedIn", "headquarters", "residence", "country", "jurisdiction", "near")

# The places with coordinates (what `with_coordinates` reads).
COORDINATES = f"""
PREFIX owl: <http://www.w3.org/2002/07/owl#>
SELECT ?e ?lat ?lon (GROUP_CONCAT(DISTINCT STR(?same); SEPARATOR=" ") AS ?sameAs) WHERE {{
  GRAPH <{ENTITY_GRAPH}> {{
    ?e <{WGS84.lat}> ?lat ; <{WGS84.long}> ?lon .
    OPTIONAL {{ ?e owl:sameAs ?same }}
  }}
}} GROUP BY ?e ?lat ?lon ORDER BY ?e
"""


def with_coordinates(store: Store, G: nx.MultiDiGraph) -> nx.MultiDiGraph:
    """A copy of the entity view whose places with coordinates carry `lat`, `lon` (floats) and
    `same_as` (their owl:sameAs IRIs)."""
    H = G.copy()
    for row in store.solutions(COORDINATES):
        iri = row["e"].value
        if iri in H:
            H.nodes[iri].update(lat=float(row["lat"].value), lon=float(row["lon"].value),
                                same_as=sorted(row["sameAs"].value.split()))
    return H


def geojson_data(G: nx.MultiDiGraph) -> dict:
    """The places of an entity view (nodes with `lat` and `lon`) as a FeatureCollection."""
    features = []
    for node, data in sorted(G.nodes(data=True)):
        if data.get("lat") is None or data.get("lon") is None:
            continue
        linked = sorted(
            ({"iri": source, "label": G.nodes[source]["label"], "class": G.nodes[source]["cls"], "relation": key}
             for source, _, key in G.in_edges(node, keys=True) if key in SPATIAL),
            key=lambda e: (e["label"], e["relation"], e["iri"]))
        same_as = data.get("same_as", [])
        features.append({
            "type": "Feature",
            "id": node,
            "geometry": {"type": "Point", "coordinates": [data["lon"], data["lat"]]},
            "properties": {
                "iri": node,
                "label": data["label"],
                "class": data["cls"],
                "geonames": next((iri for iri in same_as if iri.startswith(GEONAMES)), None),
                "same_as": same_as,
                "documents": data.get("documents", 0),
                "mentions": data.get("mentions", 0),
                "linked_entities": len(linked),
                "linked_names": " | ".join(dict.fromkeys(e["label"] for e in linked)),
                "entities": linked,
            },
        })
    return {"type": "FeatureCollection", "features": features}


def write_geojson(G: nx.MultiDiGraph, out: Path | IO[str]) -> None:
    """Write the places of an entity view that carry coordinates (`with_coordinates`) as GeoJSON.

    Examples
    --------
    >>> write_geojson(with_coordinates(store, entity_view(store)), Path("graph.geojson"))  # doctest: +SKIP
    """
    data = geojson_data(G)
    if isinstance(out, Path):
        with out.open("w", encoding="utf-8") as f:
            json.dump(data, f, ensure_ascii=False, indent=1)
    else:
        json.dump(data, out, ensure_ascii=False, indent=1)


__all__ = ["SPATIAL", "geojson_data", "with_coordinates", "write_geojson"]
