"""Areas of WGS84 polygons on the ellipsoid, in m², mu (亩) and hectares."""

from __future__ import annotations

import pyproj
import shapely
from shapely.geometry import LinearRing
from shapely.geometry.base import BaseGeometry

# 1 mu (市亩) = 10000/15 m², i.e. 1 km² = 1,500 mu.
MU_PER_M2 = 1500 / 1_000_000
HA_PER_M2 = 1 / 10_000

_GEOD = pyproj.Geod(ellps="WGS84")


def _ring_area_m2(ring: LinearRing) -> float:
    lons, lats = ring.xy
    area, _perimeter = _GEOD.polygon_area_perimeter(lons, lats)
    return abs(area)


def _polygon_area_m2(polygon: shapely.Polygon) -> float:
    return _ring_area_m2(polygon.exterior) - sum(_ring_area_m2(r) for r in polygon.interiors)


def geodesic_area_m2(geom: BaseGeometry) -> float:
    """Ellipsoidal area in m²; points and lines have area 0.

    Computed ring by ring with abs(): pyproj's signed area follows the ring
    orientation, and clients send either winding order.  Geod's own
    geometry_area_perimeter adds (rather than subtracts) a hole wound like
    its shell and lets MultiPolygon parts of opposite winding cancel out.
    """
    total = 0.0
    for part in shapely.get_parts(geom):
        if isinstance(part, shapely.Polygon) and not part.is_empty:
            total += _polygon_area_m2(part)
        elif isinstance(part, (shapely.MultiPolygon, shapely.GeometryCollection)):
            total += geodesic_area_m2(part)
    return total


def area_mu(geom: BaseGeometry) -> float:
    return geodesic_area_m2(geom) * MU_PER_M2


def area_ha(geom: BaseGeometry) -> float:
    return geodesic_area_m2(geom) * HA_PER_M2
