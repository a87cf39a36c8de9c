"""Untrusted GeoJSON geometry in, validated shapely geometry out (and back).

The parsers accept any JSON value and either return a valid shapely geometry
or raise GeometryError naming the exact offending element, e.g.
``geometry.coordinates[0][3][1]``.  Everything is checked on the raw JSON
before shapely sees it: shapely silently closes rings and happily builds
geometries with NaN, and building a huge polygon is itself the cost we want
to refuse.

Elevations (a third number in a position) are accepted but dropped: records
are stored and compared as 2-D geometries.
"""

from __future__ import annotations

import math
import re
from typing import Any

import shapely
import shapely.geometry
from shapely.errors import GEOSException
from shapely.geometry.base import BaseGeometry

from .errors import GeometryError

_VALID = "Valid Geometry"


def _json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, (list, tuple)):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _is_array(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def _require_array(value: Any, path: str, what: str) -> None:
    if not _is_array(value):
        raise GeometryError(
            f"{path} must be an array of {what}, got {_json_type(value)}",
            path,
            "bad_coordinates",
            {"variant": "array", "path": path, "what": what, "got": _json_type(value)},
        )


def _number(value: Any, path: str) -> float:
    # bool is an int subclass in Python, but `true` is not a coordinate.
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise GeometryError(
            f"{path} must be a number, got {_json_type(value)}",
            path,
            "bad_coordinates",
            {"variant": "number", "path": path, "got": _json_type(value)},
        )
    try:
        number = float(value)
    except OverflowError:  # an integer literal too large for a float
        raise GeometryError(
            f"{path} is too large to be a coordinate", path, "not_finite", {"variant": "large", "path": path}
        ) from None
    if not math.isfinite(number):
        raise GeometryError(
            f"{path} must be a finite number, got {value}", path, "not_finite", {"path": path, "value": str(value)}
        )
    return number


def _position(value: Any, path: str) -> tuple[float, ...]:
    """One GeoJSON position [lon, lat] or [lon, lat, elevation], all finite."""
    if not _is_array(value):
        raise GeometryError(
            f"{path} must be a position [longitude, latitude], got {_json_type(value)}",
            path,
            "bad_coordinates",
            {"variant": "position", "path": path, "got": _json_type(value)},
        )
    if not 2 <= len(value) <= 3:
        if value and _is_array(value[0]):
            raise GeometryError(
                f"{path}[0] must be a number, got array: coordinates are nested too deeply",
                f"{path}[0]",
                "bad_coordinates",
                {"variant": "nested", "path": f"{path}[0]"},
            )
        raise GeometryError(
            f"{path} must have 2 or 3 numbers [longitude, latitude(, elevation)], got {len(value)}",
            path,
            "bad_coordinates",
            {"variant": "count", "path": path, "count": len(value)},
        )
    numbers = tuple(_number(v, f"{path}[{i}]") for i, v in enumerate(value))
    lon, lat = numbers[0], numbers[1]
    if not -90.0 <= lat <= 90.0:
        if -90.0 <= lon <= 90.0 and -180.0 <= lat <= 180.0:
            raise GeometryError(
                f"{path} has longitude and latitude swapped: latitude {lat} is out of range; "
                "GeoJSON order is [longitude, latitude]",
                path,
                "swapped_coordinates",
                {"variant": "range", "path": path, "lat": lat},
            )
        raise GeometryError(
            f"{path}[1]: latitude {lat} is outside [-90, 90]",
            f"{path}[1]",
            "bad_coordinates",
            {"variant": "latitude", "path": f"{path}[1]", "lat": lat},
        )
    if not -180.0 <= lon <= 180.0:
        raise GeometryError(
            f"{path}[0]: longitude {lon} is outside [-180, 180]",
            f"{path}[0]",
            "bad_coordinates",
            {"variant": "longitude", "path": f"{path}[0]", "lon": lon},
        )
    return numbers


def _ring(value: Any, path: str) -> list[tuple[float, float]]:
    """A closed linear ring of at least 4 positions, as 2-D tuples."""
    if len(value) < 4:
        raise GeometryError(
            f"{path} must have at least 4 positions (a closed triangle), got {len(value)}",
            path,
            "bad_coordinates",
            {"variant": "ring", "path": path, "count": len(value)},
        )
    positions = [_position(p, f"{path}[{i}]") for i, p in enumerate(value)]
    if positions[0] != positions[-1]:
        raise GeometryError(
            f"{path} is not closed: the first position {list(positions[0])} must be repeated "
            f"as the last, got {list(positions[-1])}",
            path,
            "unclosed_ring",
            {"path": path, "first": list(positions[0]), "last": list(positions[-1])},
        )
    return [(p[0], p[1]) for p in positions]


def _require_valid(geom: BaseGeometry, path: str) -> None:
    reason = shapely.is_valid_reason(geom)
    if reason == _VALID:
        return
    # GEOS reports e.g. "Self-intersection[116.1 24.3]"; make the place readable.
    readable = re.sub(r"\[(.*)\]$", r" at [\1]", reason)
    code = "self_intersection" if "self-intersection" in reason.lower() else "invalid_geometry"
    raise GeometryError(f"{path} is not a valid polygon: {readable}", path, code, {"path": path, "reason": readable})


def _polygon(rings_json: list[Any], path: str) -> shapely.Polygon:
    if len(rings_json) == 0:
        raise GeometryError(
            f"{path} must contain at least the outer ring", path, "bad_coordinates", {"variant": "rings", "path": path}
        )
    rings = [_ring(r, f"{path}[{i}]") for i, r in enumerate(rings_json)]
    try:
        polygon = shapely.Polygon(rings[0], rings[1:])
    except (GEOSException, ValueError) as exc:  # defensive: rings were checked
        raise GeometryError(
            f"{path} is not a valid polygon: {exc}", path, "invalid_geometry", {"path": path, "reason": str(exc)}
        ) from None
    _require_valid(polygon, path)
    return polygon


def _geometry_coordinates(obj: Any, path: str, allowed: tuple[str, ...]) -> tuple[str, Any]:
    expected = " or ".join(allowed)
    if not isinstance(obj, dict):
        raise GeometryError(
            f"{path} must be a GeoJSON {expected} object, got {_json_type(obj)}",
            path,
            "bad_geometry_type",
            {"variant": "object", "path": path, "expected": expected, "got": _json_type(obj)},
        )
    kind = obj.get("type")
    if kind not in allowed:
        shown = repr(kind)[:40] if isinstance(kind, str) else _json_type(kind)
        raise GeometryError(
            f"{path}.type must be {expected}, got {shown}",
            f"{path}.type",
            "bad_geometry_type",
            {"path": f"{path}.type", "expected": expected, "got": shown},
        )
    if "coordinates" not in obj:
        raise GeometryError(
            f"{path}.coordinates is missing",
            f"{path}.coordinates",
            "bad_coordinates",
            {"variant": "missing", "path": f"{path}.coordinates"},
        )
    return kind, obj["coordinates"]


def _check_vertex_budget(count: int, max_vertices: int, path: str) -> None:
    if count > max_vertices:
        raise GeometryError(
            f"{path} has {count} positions; at most {max_vertices} are allowed",
            path,
            "too_many_vertices",
            {"path": path, "count": count, "max": max_vertices},
        )


def parse_point(obj: Any, path: str = "location") -> shapely.Point:
    """GeoJSON Point -> shapely Point (2-D)."""
    _kind, coords = _geometry_coordinates(obj, path, ("Point",))
    lon, lat = _position(coords, f"{path}.coordinates")[:2]
    return shapely.Point(lon, lat)


def parse_plot(obj: Any, path: str = "geometry", max_vertices: int = 10_000) -> shapely.Polygon | shapely.MultiPolygon:
    """GeoJSON Polygon/MultiPolygon -> valid shapely geometry (2-D).

    Positions are counted (closing positions included) from the array lengths
    alone before any number is read, so an oversized upload is refused in
    O(rings) time.
    """
    kind, coords = _geometry_coordinates(obj, path, ("Polygon", "MultiPolygon"))
    cpath = f"{path}.coordinates"

    if kind == "Polygon":
        _require_array(coords, cpath, "linear rings")
        for i, ring in enumerate(coords):
            _require_array(ring, f"{cpath}[{i}]", "positions")
        _check_vertex_budget(sum(len(r) for r in coords), max_vertices, cpath)
        return _polygon(coords, cpath)

    _require_array(coords, cpath, "polygons")
    for i, polygon in enumerate(coords):
        _require_array(polygon, f"{cpath}[{i}]", "linear rings")
        for j, ring in enumerate(polygon):
            _require_array(ring, f"{cpath}[{i}][{j}]", "positions")
    _check_vertex_budget(sum(len(r) for p in coords for r in p), max_vertices, cpath)
    if len(coords) == 0:
        raise GeometryError(
            f"{cpath} must contain at least one polygon",
            cpath,
            "bad_coordinates",
            {"variant": "polygons", "path": cpath},
        )
    multi = shapely.MultiPolygon([_polygon(p, f"{cpath}[{i}]") for i, p in enumerate(coords)])
    # Each part is valid; this catches parts that overlap one another.
    _require_valid(multi, cpath)
    return multi


def _as_lists(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [_as_lists(v) for v in value]
    if isinstance(value, dict):
        return {k: _as_lists(v) for k, v in value.items()}
    return value


def to_geojson(geom: BaseGeometry) -> dict[str, Any]:
    """shapely geometry -> plain GeoJSON dict (lists, not tuples; JSON-ready)."""
    geojson: dict[str, Any] = _as_lists(shapely.geometry.mapping(geom))
    return geojson
