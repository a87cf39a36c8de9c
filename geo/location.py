"""Is a record's location where it claims to be (Meizhou, its county, its town)?

Distances are measured in EPSG:4548 (CGCS2000 3-degree Gauss-Kruger, central
meridian 117°E, metres).  Meizhou spans 115.3–116.9°E, at most ~170 km from
the central meridian, where the scale error is below 0.04 % -- 0.2 m on the
500 m tolerance -- so planar distances there are as good as geodesic ones and
much cheaper.  Boundaries are projected and prepared once, at construction.

The tolerance absorbs GPS error and the ~100–200 m generalisation of the
reference boundaries: a point just across a border is flagged
(``near_boundary``) for review instead of being rejected.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from os import PathLike
from typing import Any

import numpy
import shapely
import shapely.geometry
from shapely.geometry.base import BaseGeometry

from .crs import reproject
from .errors import GeometryError

METRIC_EPSG = 4548

# A [lat, lon] pair whose swap lands within this many degrees of the city's
# bounding box is reported as swapped even if it misses the polygons.
_SWAP_MARGIN_DEG = 0.5


def load_county_boundaries(path: str | PathLike[str]) -> dict[str, BaseGeometry]:
    """Read a GeoJSON FeatureCollection of counties -> {code: geometry}."""
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    return {
        str(feature["properties"]["code"]): shapely.geometry.shape(feature["geometry"])
        for feature in collection["features"]
    }


def load_county_names(path: str | PathLike[str]) -> dict[str, str]:
    """The county names of the same GeoJSON file -> {code: name}, for messages."""
    with open(path, encoding="utf-8") as f:
        collection = json.load(f)
    return {
        str(feature["properties"]["code"]): feature["properties"].get("name", "") for feature in collection["features"]
    }


def _format_distance(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def _metres(distance: float) -> float | None:
    """A distance as a message param: metres to 0.1, None when immeasurably far (the
    catalogue words it; domain/messages.py param_text formats it)."""
    return round(distance, 1) if math.isfinite(distance) else None


def _format_reach(metres: float) -> str:
    return _format_distance(metres) if math.isfinite(metres) else "far"


def _reach_outside(part: BaseGeometry, area: BaseGeometry) -> float:
    """Metres the projected part reaches beyond the projected area (0 when inside)."""
    if area.covers(part):  # fast with a prepared geometry
        return 0.0
    coordinates = shapely.get_coordinates(part.difference(area))
    if len(coordinates) == 0:
        return 0.0
    if not numpy.isfinite(coordinates).all():
        return math.inf  # PROJ returns inf for impossible input
    return float(shapely.distance(area, shapely.points(coordinates)).max())


def _distance(area: BaseGeometry, point: shapely.Point) -> float:
    """Metres from a projected point to a projected area (0 inside or on it)."""
    if not (math.isfinite(point.x) and math.isfinite(point.y)):
        return math.inf  # PROJ returns inf for impossible input such as lat > 90
    if area.intersects(point):  # fast with a prepared geometry
        return 0.0
    return float(area.distance(point))


class LocationChecker:
    """Checks WGS84 points and plots against county (and optional town) boundaries."""

    def __init__(
        self,
        county_boundaries: Mapping[str, BaseGeometry],
        tolerance_m: float = 500,
        county_names: Mapping[str, str] | None = None,
    ):
        if not county_boundaries:
            raise ValueError("LocationChecker needs at least one county boundary")
        self.tolerance_m = float(tolerance_m)
        self._names = dict(county_names or {})
        self._counties = {code: reproject(geom, METRIC_EPSG) for code, geom in county_boundaries.items()}
        # in degrees too: most points lie well inside their county, and a test in
        # degrees settles those without projecting the point
        self._counties_wgs84 = dict(county_boundaries)
        self._city = shapely.union_all(list(self._counties.values()))
        shapely.prepare(list(self._counties.values()))
        shapely.prepare(list(self._counties_wgs84.values()))
        shapely.prepare(self._city)
        minx, miny, maxx, maxy = shapely.total_bounds(list(county_boundaries.values()))
        self._swap_box = shapely.box(
            minx - _SWAP_MARGIN_DEG,
            miny - _SWAP_MARGIN_DEG,
            maxx + _SWAP_MARGIN_DEG,
            maxy + _SWAP_MARGIN_DEG,
        )

    def check(
        self,
        point: shapely.Point,
        county_code: str,
        town_boundary: BaseGeometry | None = None,
        *,
        path: str = "location",
    ) -> list[dict[str, Any]]:
        """Flags for a WGS84 point claimed to lie in ``county_code`` (and the town).

        Returns [] or ``near_boundary`` flags; raises GeometryError for
        swapped_coordinates / outside_meizhou / outside_county / outside_town.
        An unknown county code is a programming error (codes are validated
        against the admin-unit table first) and raises ValueError.
        """
        if county_code not in self._counties:
            raise ValueError(f"no boundary for county code {county_code!r}")
        flags = []
        projected = None  # the point in metres, only where a distance is needed
        if not self._counties_wgs84[county_code].intersects(point):
            projected = reproject(point, METRIC_EPSG)
            flags += self._county_flags(point, projected, county_code, path)
        if town_boundary is not None and not town_boundary.intersects(point):
            if projected is None:
                projected = reproject(point, METRIC_EPSG)
            town_distance = _distance(reproject(town_boundary, METRIC_EPSG), projected)
            if town_distance > self.tolerance_m:
                raise GeometryError(
                    f"{path} is {_format_distance(town_distance)} outside the town boundary",
                    path,
                    "outside_town",
                    {"path": path, "distance": _metres(town_distance)},
                )
            if town_distance > 0:
                # The caller knows the town code and adds it.
                flags.append(self._near_boundary(town_distance))
        return flags

    def _county_flags(
        self, point: shapely.Point, projected: shapely.Point, county_code: str, path: str
    ) -> list[dict[str, Any]]:
        """The distance rule for a point not inside its county: measured in metres."""
        self._require_in_city(point, projected, path)
        county_distance = _distance(self._counties[county_code], projected)
        if county_distance > self.tolerance_m:
            raise GeometryError(
                f"{path} is {_format_distance(county_distance)} outside county {county_code}; {self._where(projected)}",
                path,
                "outside_county",
                {"path": path, "distance": _metres(county_distance), **self._county_params(county_code, projected)},
            )
        if county_distance > 0:
            return [self._near_boundary(county_distance, county_code=county_code)]
        return []

    def check_plot(
        self,
        plot: BaseGeometry,
        county_code: str,
        town_boundary: BaseGeometry | None = None,
        *,
        path: str = "geometry",
        name: str = "the plot",
    ) -> list[dict[str, Any]]:
        """Flags for a WGS84 plot (Polygon or MultiPolygon) claimed to lie in ``county_code``.

        The plot is checked whole: every part of it must lie inside Meizhou, the county
        and the town boundary (when given), each within the tolerance. A part's distance
        outside an area is how far its farthest point reaches beyond it (measured at the
        vertices of the part's outside piece, which is where it peaks against a boundary
        that is straight at that scale). One message names every part that is outside;
        a part within the tolerance outside adds a ``near_boundary`` flag naming it.
        """
        if county_code not in self._counties:
            raise ValueError(f"no boundary for county code {county_code!r}")
        # most plots lie well inside their county (and town): settled in degrees
        if self._counties_wgs84[county_code].covers(plot) and (town_boundary is None or town_boundary.covers(plot)):
            return []
        parts = list(getattr(plot, "geoms", [plot]))  # a MultiPolygon's parts, or the Polygon
        town_m = None if town_boundary is None else reproject(town_boundary, METRIC_EPSG)
        flags: list[dict[str, Any]] = []
        problems: list[GeometryError] = []
        shape = name.removeprefix("the ")  # "plot" or "boundary": the catalogue words it
        for number, part in enumerate(parts, 1):
            label = f"part {number} of {name}" if len(parts) > 1 else name
            subject: dict[str, Any] = {"variant": "part", "part": number} if len(parts) > 1 else {"variant": "whole"}
            subject["shape"] = shape
            found = self._check_part(part, county_code, town_m, label, subject)
            if isinstance(found, GeometryError):
                problems.append(found)
            elif found is not None:
                flags.append(found | ({"part": number} if len(parts) > 1 else {}))
        if problems:
            # the gravest problem names the error: far away before a neighbouring county
            order = ("swapped_coordinates", "outside_meizhou", "outside_county", "outside_town")
            gravest = min(problems, key=lambda problem: order.index(problem.code))
            params = (
                gravest.params
                if len(problems) == 1
                else {"problems": [{"code": problem.code, "params": problem.params} for problem in problems]}
            )
            raise GeometryError("; ".join(problem.message for problem in problems), path, gravest.code, params)
        return flags

    def _check_part(
        self,
        part: BaseGeometry,
        county_code: str,
        town_m: BaseGeometry | None,
        label: str,
        subject: dict[str, Any],
    ) -> GeometryError | dict[str, Any] | None:
        """One polygon of a plot: a GeometryError (returned), a near_boundary flag, or None."""
        part_m = reproject(part, METRIC_EPSG)
        county_name = self._county_label(county_code)
        city_reach = _reach_outside(part_m, self._city)
        if city_reach > self.tolerance_m:
            if self._looks_swapped(part.representative_point()):
                return GeometryError(
                    f"{label} has longitude and latitude swapped: GeoJSON order is "
                    "[longitude, latitude], and swapped back it lies in Meizhou",
                    "",
                    "swapped_coordinates",
                    dict(subject),
                )
            return GeometryError(
                f"{label} lies {_format_reach(city_reach)} outside {county_name} and Meizhou City",
                "",
                "outside_meizhou",
                {**subject, "distance": _metres(city_reach), **self._county_params(county_code)},
            )
        county_reach = _reach_outside(part_m, self._counties[county_code])
        if county_reach > self.tolerance_m:
            return GeometryError(
                f"{label} lies {_format_reach(county_reach)} outside {county_name}; "
                f"{self._where(part_m.representative_point())}",
                "",
                "outside_county",
                {
                    **subject,
                    "distance": _metres(county_reach),
                    **self._county_params(county_code, part_m.representative_point()),
                },
            )
        town_reach = 0.0 if town_m is None else _reach_outside(part_m, town_m)
        if town_reach > self.tolerance_m:
            return GeometryError(
                f"{label} lies {_format_reach(town_reach)} outside the town boundary",
                "",
                "outside_town",
                {**subject, "distance": _metres(town_reach)},
            )
        if county_reach > 0:
            return self._near_boundary(county_reach, county_code=county_code)
        if town_reach > 0:
            return self._near_boundary(town_reach)  # the caller names the town
        return None

    def _county_label(self, code: str) -> str:
        name = self._names.get(code)
        return f"{name} (county {code})" if name else f"county {code}"

    def _require_in_city(self, point: shapely.Point, projected: shapely.Point, path: str) -> None:
        distance = _distance(self._city, projected)
        if distance <= self.tolerance_m:
            return
        if self._looks_swapped(point):
            raise GeometryError(
                f"{path} has longitude and latitude swapped: GeoJSON order is "
                "[longitude, latitude], and swapped back it lies in Meizhou",
                path,
                "swapped_coordinates",
                {"variant": "city", "path": path, "lon": point.x, "lat": point.y},
            )
        how_far = _format_distance(distance) if math.isfinite(distance) else "far"
        raise GeometryError(
            f"{path} ({point.x:.5f}, {point.y:.5f}) is {how_far} outside Meizhou City (Guangdong)",
            path,
            "outside_meizhou",
            {"path": path, "lon": round(point.x, 5), "lat": round(point.y, 5), "distance": _metres(distance)},
        )

    def _looks_swapped(self, point: shapely.Point) -> bool:
        swapped = shapely.Point(point.y, point.x)
        if self._swap_box.contains(swapped):
            return True
        return _distance(self._city, reproject(swapped, METRIC_EPSG)) <= self.tolerance_m

    def _where(self, projected: shapely.Point) -> str:
        """Which county a (city-tolerance) point actually lies in, for messages."""
        relation, code = self._actual_county(projected)
        return f"it lies {'in' if relation == 'in' else 'nearest to'} county {code}"

    def _actual_county(self, projected: shapely.Point) -> tuple[str, str]:
        """("in", code) of the county a projected point lies in, else ("nearest", code)."""
        for code, county in self._counties.items():
            if county.intersects(projected):
                return "in", code
        return "nearest", min(self._counties, key=lambda code: self._counties[code].distance(projected))

    def _county_params(self, county_code: str, projected: shapely.Point | None = None) -> dict[str, Any]:
        """The params naming the claimed county (and, given a point, the one it lies in or nearest to)."""
        params: dict[str, Any] = {"county": county_code, "county_name": self._names.get(county_code) or county_code}
        if projected is not None:
            relation, actual = self._actual_county(projected)
            params |= {"relation": relation, "actual": actual, "actual_name": self._names.get(actual) or actual}
        return params

    def _near_boundary(self, distance: float, **extra: Any) -> dict[str, Any]:
        return {
            "code": "near_boundary",
            "distance_m": round(distance, 1),
            **extra,
            "tolerance_m": self.tolerance_m,
        }
