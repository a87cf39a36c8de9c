"""Do two field plots overlap enough to be the same land recorded twice?

Rule: the geodesic area of the intersection must exceed 1 % of the smaller
plot OR 0.1 mu (~67 m²).  Plots that merely share an edge, and digitising
slivers below both thresholds, are not overlaps.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Any

from shapely.geometry.base import BaseGeometry

from .area import MU_PER_M2, geodesic_area_m2

RELATIVE_THRESHOLD = 0.01  # of the smaller plot's area
ABSOLUTE_THRESHOLD_MU = 0.1


def _overlap_m2(a: BaseGeometry, b: BaseGeometry, area_a_m2: float) -> float | None:
    # Intersection in lon/lat is exact topologically; only its area needs the
    # ellipsoid.  intersects() first skips the costly overlay for most pairs.
    if not a.intersects(b):
        return None
    shared = geodesic_area_m2(a.intersection(b))
    if shared <= 0.0:
        return None
    smaller = min(area_a_m2, geodesic_area_m2(b))
    if shared > RELATIVE_THRESHOLD * smaller or shared * MU_PER_M2 > ABSOLUTE_THRESHOLD_MU:
        return shared
    return None


def significant_overlap(a: BaseGeometry, b: BaseGeometry) -> float | None:
    """Overlap area in mu if significant (see module doc), else None."""
    shared = _overlap_m2(a, b, geodesic_area_m2(a))
    return None if shared is None else shared * MU_PER_M2


def overlap_flags(
    plot: BaseGeometry,
    candidates: Iterable[tuple[Hashable, BaseGeometry]],
    area_m2: float | None = None,
) -> dict[str, Any] | None:
    """Flag a plot overlapping existing records significantly.

    ``overlap_mu`` is the total of the significant pairwise overlaps (a part
    of the plot covered by two records counts twice -- each record is a
    separate duplicate claim on that land). ``area_m2``, the plot's geodesic
    area, is computed here unless the caller has it already.
    """
    if area_m2 is None:
        area_m2 = geodesic_area_m2(plot)
    record_ids = []
    total_m2 = 0.0
    for record_id, geom in candidates:
        shared = _overlap_m2(plot, geom, area_m2)
        if shared is not None:
            record_ids.append(record_id)
            total_m2 += shared
    if not record_ids:
        return None
    return {"code": "overlap", "record_ids": record_ids, "overlap_mu": round(total_m2 * MU_PER_M2, 3)}
