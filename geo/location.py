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


def _format_distance(metres: float) -> str:
    return f"{metres:.0f} m" if metres < 1000 else f"{metres / 1000:.1f} km"


def _distance(area: BaseGeometry, point: shapely.Point) -> float:
    """Metres from a projected point to a projected area (0 inside or on it)."""
    if not (math.isfinite(point.x) and math.isfinite(point.y)):
        return math.inf  # PROJ returns inf for impossible input such as lat > 90
    if area.intersects(point):  # fast with a prepared geometry
        return 0.0
    return float(area.distance(point))


class LocationChecker:
    """Checks WGS84 points and plots against county (and optional town) boundaries."""

    def __init__(self, county_boundaries: Mapping[str, BaseGeometry], tolerance_m: float = 500):
        if not county_boundaries:
            raise ValueError("LocationChecker needs at least one county boundary")
        self.tolerance_m = float(tolerance_m)
        self._counties = {
            code: reproject(geom, METRIC_EPSG) for code, geom in county_boundaries.items()
        }
        # in degrees too: most points lie well inside their county, and a test in
        # degrees settles those without projecting the point
        self._counties_wgs84 = dict(county_boundaries)
        self._city = shapely.union_all(list(self._counties.values()))
        shapely.prepare(list(self._counties.values()))
        shapely.prepare(list(self._counties_wgs84.values()))
        shapely.prepare(self._city)
        minx, miny, maxx, maxy = shapely.total_bounds(list(county_boundaries.values()))
        self._swap_box = shapely.box(
            minx - _SWAP_MARGIN_DEG, miny - _SWAP_MARGIN_DEG,
            maxx + _SWAP_MARGIN_DEG, maxy + _SWAP_MARGIN_DEG,
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
                f"{path} is {_format_distance(county_distance)} outside county {county_code}; "
                f"{self._where(projected)}",
                path,
                "outside_county",
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
    ) -> list[dict[str, Any]]:
        """Same rule as check(), applied to the plot's representative point.

        A representative point (point on surface) is used rather than the
        centroid because it always lies inside the plot -- the centroid of an
        L- or ring-shaped plot may not -- so a plot lying wholly inside its
        county always passes, and a plot straddling a border is judged by a
        point that is really part of it.
        """
        return self.check(plot.representative_point(), county_code, town_boundary, path=path)

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
            )
        how_far = _format_distance(distance) if math.isfinite(distance) else "far"
        raise GeometryError(
            f"{path} ({point.x:.5f}, {point.y:.5f}) is {how_far} outside Meizhou City (Guangdong)",
            path,
            "outside_meizhou",
        )

    def _looks_swapped(self, point: shapely.Point) -> bool:
        swapped = shapely.Point(point.y, point.x)
        if self._swap_box.contains(swapped):
            return True
        return _distance(self._city, reproject(swapped, METRIC_EPSG)) <= self.tolerance_m

    def _where(self, projected: shapely.Point) -> str:
        """Which county a (city-tolerance) point actually lies in, for messages."""
        for code, county in self._counties.items():
            if county.intersects(projected):
                return f"it lies in county {code}"
        nearest = min(self._counties, key=lambda code: self._counties[code].distance(projected))
        return f"it lies nearest to county {nearest}"

    def _near_boundary(self, distance: float, **extra: Any) -> dict[str, Any]:
        return {
            "code": "near_boundary",
            "distance_m": round(distance, 1),
            **extra,
            "tolerance_m": self.tolerance_m,
        }
