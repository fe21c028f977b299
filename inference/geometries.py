"""Geometries: a GeoJSON geometry (RFC 7946) is one value, never a record.

``{"type": "LineString", "coordinates": [[5.81, 45.29], ...]}``, a route or an outline served at a record's own
address (``/tracks/{id}/geometry``) or held by it, is a shape: a value of the record (a PostGIS geometry, a jsonb
document), not a row of a table of its own.
"""

from __future__ import annotations

from typing import Any

#: The GeoJSON object types of RFC 7946 and the member that holds each one's content.
GEOJSON_MEMBERS = {"Point": "coordinates", "MultiPoint": "coordinates", "LineString": "coordinates",
                   "MultiLineString": "coordinates", "Polygon": "coordinates", "MultiPolygon": "coordinates",
                   "GeometryCollection": "geometries", "Feature": "geometry", "FeatureCollection": "features"}
#: The geometry types with coordinates (section 3.1).
_GEOMETRIES = frozenset(kind for kind, member in GEOJSON_MEMBERS.items() if member == "coordinates")


def is_geometry(obj: Any) -> bool:
    """A GeoJSON geometry object: its type and its coordinates (a bounding box beside them at most)."""
    if not isinstance(obj, dict) or not isinstance(kind := obj.get("type"), str):
        return False
    return kind in _GEOMETRIES and isinstance(obj.get("coordinates"), list) and set(obj) <= {"type", "coordinates", "bbox"}
