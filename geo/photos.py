"""Photo checks: does a photo's EXIF place and day fit the record it is evidence for?

Pure: a photo is a plain mapping {"id", "lon", "lat", "taken_at"}; the answer is a list of
flag dicts (photo_far, photo_date, photo_missing). Flags, never refusals: a reviewer judges.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry
from shapely.ops import nearest_points

_GEOD = Geod(ellps="WGS84")
PHOTO_FLAGS = ("photo_far", "photo_date", "photo_missing")


def distance_m(place: BaseGeometry, lon: float, lat: float) -> float:
    """Geodesic metres from (lon, lat) to a point, or to a plot (0 inside it)."""
    point = shapely.Point(lon, lat)
    if place.geom_type != "Point":
        if place.covers(point):
            return 0.0
        place = nearest_points(place, point)[0]
    x, y = place.coords[0][:2]  # the point (or the plot's nearest point)
    return float(abs(_GEOD.inv(x, y, lon, lat)[2]))


def photo_flags(
    *,
    place: BaseGeometry | None,
    day: dt.date,
    photos: Iterable[Mapping[str, Any]],
    evidence_required: bool,
    max_distance_m: float,
    max_days: int,
) -> list[dict[str, Any]]:
    """The photo flags of one record: `place` is its plot (or point), `day` the day it is
    about, `photos` its photos' metadata."""
    photos = list(photos)
    flags: list[dict[str, Any]] = []
    if evidence_required and not photos:
        flags.append({"code": "photo_missing"})
    far: list[dict[str, Any]] = []
    for photo in photos:
        if place is None or photo.get("lon") is None or photo.get("lat") is None:
            continue  # no position on one side (a ledger row without coordinates): nothing to compare
        metres = distance_m(place, photo["lon"], photo["lat"])
        if metres > max_distance_m:
            far.append({"id": photo["id"], "distance_m": round(metres)})
    if far:
        flags.append({"code": "photo_far", "max_distance_m": max_distance_m, "photos": far})
    off: list[dict[str, Any]] = []
    for photo in photos:
        taken = photo.get("taken_at")
        if taken is None:
            continue
        days = abs((taken.date() - day).days)
        if days > max_days:
            off.append({"id": photo["id"], "taken_on": taken.date().isoformat(), "days": days})
    if off:
        flags.append({"code": "photo_date", "max_days": max_days, "day": day.isoformat(), "photos": off})
    return flags


def without_photo_flags(flags: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [flag for flag in flags if flag.get("code") not in PHOTO_FLAGS]
