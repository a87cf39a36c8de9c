"""Coordinate reference systems clients may send, and conversion to WGS84.

Chinese web maps do not use WGS84: AMap/Tencent use GCJ-02 (a deliberately
obfuscated WGS84, shifted by a few hundred metres) and Baidu uses BD-09 (a
further rotation of GCJ-02).  Phones exporting from those apps therefore send
coordinates that are ~500 m off.  We convert everything to WGS84 on the way in.

The obfuscation has no closed-form inverse.  The common "one step" inverse
(subtract the shift computed at the shifted point) is only good to 1–2 m, so
the inverses here iterate against the forward formula until the change is
below 1e-10 degree (~0.01 mm).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any, TypeAlias, TypeVar

import numpy as np
import numpy.typing as npt
import pyproj
import shapely
from shapely.geometry.base import BaseGeometry

INPUT_CRS = ("EPSG:4326", "EPSG:4490", "GCJ-02", "BD-09")

# Every conversion takes scalars or arrays of longitudes and latitudes alike (numpy
# broadcasting): floats in, floats out; arrays in, arrays out.
Coordinate: TypeAlias = Any
# a conversion keeps the kind of geometry: a Point stays a Point
G = TypeVar("G", bound=BaseGeometry)
Converter: TypeAlias = Callable[[Coordinate, Coordinate], tuple[Coordinate, Coordinate]]

# Parameters of the GCJ-02 obfuscation: Krasovsky 1940 ellipsoid.
_KRASOVSKY_A = 6378245.0
_KRASOVSKY_EE = 0.00669342162296594323
# Baidu's constant for its BD-09 rotation.
_X_PI = math.pi * 3000.0 / 180.0

_TOLERANCE_DEG = 1e-10
_MAX_ITERATIONS = 50


def _result(lon: npt.NDArray[np.float64], lat: npt.NDArray[np.float64]) -> tuple[Coordinate, Coordinate]:
    """Return Python floats for scalar input, arrays otherwise."""
    if np.ndim(lon) == 0:
        return float(lon), float(lat)
    return lon, lat


def _converged(*changes: npt.NDArray[np.float64]) -> bool:
    # Non-finite input never converges; treat it as done so NaN flows through.
    return all(bool(np.all((np.abs(c) < _TOLERANCE_DEG) | ~np.isfinite(c))) for c in changes)


def _gcj02_shift(lon: Coordinate, lat: Coordinate) -> tuple[Coordinate, Coordinate]:
    """Offset (dlon, dlat) in degrees that GCJ-02 adds at WGS84 (lon, lat).

    The standard published polynomial + sine series; the shift is applied
    everywhere (no "outside China" shortcut) so forward and inverse agree.
    """
    x = lon - 105.0
    y = lat - 35.0
    pi = math.pi
    waves = (20.0 * np.sin(6.0 * x * pi) + 20.0 * np.sin(2.0 * x * pi)) * 2.0 / 3.0
    dlat = (
        -100.0
        + 2.0 * x
        + 3.0 * y
        + 0.2 * y * y
        + 0.1 * x * y
        + 0.2 * np.sqrt(np.abs(x))
        + waves
        + (20.0 * np.sin(y * pi) + 40.0 * np.sin(y / 3.0 * pi)) * 2.0 / 3.0
        + (160.0 * np.sin(y / 12.0 * pi) + 320.0 * np.sin(y * pi / 30.0)) * 2.0 / 3.0
    )
    dlon = (
        300.0
        + x
        + 2.0 * y
        + 0.1 * x * x
        + 0.1 * x * y
        + 0.1 * np.sqrt(np.abs(x))
        + waves
        + (20.0 * np.sin(x * pi) + 40.0 * np.sin(x / 3.0 * pi)) * 2.0 / 3.0
        + (150.0 * np.sin(x / 12.0 * pi) + 300.0 * np.sin(x / 30.0 * pi)) * 2.0 / 3.0
    )
    radlat = lat / 180.0 * pi
    magic = 1.0 - _KRASOVSKY_EE * np.sin(radlat) ** 2
    sqrtmagic = np.sqrt(magic)
    dlat = (dlat * 180.0) / ((_KRASOVSKY_A * (1.0 - _KRASOVSKY_EE)) / (magic * sqrtmagic) * pi)
    dlon = (dlon * 180.0) / (_KRASOVSKY_A / sqrtmagic * np.cos(radlat) * pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: Coordinate, lat: Coordinate) -> tuple[Coordinate, Coordinate]:
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    dlon, dlat = _gcj02_shift(lon, lat)
    return _result(lon + dlon, lat + dlat)


def gcj02_to_wgs84(lon: Coordinate, lat: Coordinate) -> tuple[Coordinate, Coordinate]:
    """Exact inverse: solve w + shift(w) = g by fixed-point iteration.

    The shift varies by ~1e-5 of its size per degree, so the iteration is a
    strong contraction and converges in a handful of steps.
    """
    glon = np.asarray(lon, dtype=float)
    glat = np.asarray(lat, dtype=float)
    wlon, wlat = glon, glat
    for _ in range(_MAX_ITERATIONS):
        dlon, dlat = _gcj02_shift(wlon, wlat)
        new_lon, new_lat = glon - dlon, glat - dlat
        done = _converged(new_lon - wlon, new_lat - wlat)
        wlon, wlat = new_lon, new_lat
        if done:
            break
    return _result(wlon, wlat)


def _gcj02_to_bd09_arrays(lon: Coordinate, lat: Coordinate) -> tuple[Coordinate, Coordinate]:
    z = np.sqrt(lon * lon + lat * lat) + 0.00002 * np.sin(lat * _X_PI)
    theta = np.arctan2(lat, lon) + 0.000003 * np.cos(lon * _X_PI)
    return z * np.cos(theta) + 0.0065, z * np.sin(theta) + 0.006


def gcj02_to_bd09(lon: Coordinate, lat: Coordinate) -> tuple[Coordinate, Coordinate]:
    lon = np.asarray(lon, dtype=float)
    lat = np.asarray(lat, dtype=float)
    return _result(*_gcj02_to_bd09_arrays(lon, lat))


def bd09_to_gcj02(lon: Coordinate, lat: Coordinate) -> tuple[Coordinate, Coordinate]:
    """Exact inverse of Baidu's formula: start from Baidu's own approximate
    inverse, then correct by the residual of the forward formula (its Jacobian
    is the identity to ~1e-4, so each step gains ~4 digits)."""
    blon = np.asarray(lon, dtype=float)
    blat = np.asarray(lat, dtype=float)
    x = blon - 0.0065
    y = blat - 0.006
    z = np.sqrt(x * x + y * y) - 0.00002 * np.sin(y * _X_PI)
    theta = np.arctan2(y, x) - 0.000003 * np.cos(x * _X_PI)
    glon, glat = z * np.cos(theta), z * np.sin(theta)
    for _ in range(_MAX_ITERATIONS):
        flon, flat = _gcj02_to_bd09_arrays(glon, glat)
        step_lon, step_lat = blon - flon, blat - flat
        glon, glat = glon + step_lon, glat + step_lat
        if _converged(step_lon, step_lat):
            break
    return _result(glon, glat)


def wgs84_to_bd09(lon: Coordinate, lat: Coordinate) -> tuple[Coordinate, Coordinate]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def bd09_to_wgs84(lon: Coordinate, lat: Coordinate) -> tuple[Coordinate, Coordinate]:
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def _identity(lon: Coordinate, lat: Coordinate) -> tuple[Coordinate, Coordinate]:
    return lon, lat


# EPSG:4490 (CGCS2000) and EPSG:4326 (WGS84) differ by well under a metre in
# China -- far below GPS and map accuracy for field records -- so both are
# treated as the same datum rather than paying for a datum transformation.
_TO_WGS84: dict[str, Converter] = {
    "EPSG:4326": _identity,
    "EPSG:4490": _identity,
    "GCJ-02": gcj02_to_wgs84,
    "BD-09": bd09_to_wgs84,
}
_FROM_WGS84: dict[str, Converter] = {
    "EPSG:4326": _identity,
    "EPSG:4490": _identity,
    "GCJ-02": wgs84_to_gcj02,
    "BD-09": wgs84_to_bd09,
}


def _canonical_crs(crs: str) -> str:
    name = crs.strip().upper() if isinstance(crs, str) else None
    if name not in _TO_WGS84:
        raise ValueError(f"unsupported CRS {crs!r}; expected one of {', '.join(INPUT_CRS)}")
    return name


def _transform_xy(geom: G, fn: Converter) -> G:
    """Apply a vectorised fn(lon_array, lat_array) -> (lon, lat) to every vertex."""

    def on_coords(xy: npt.NDArray[np.float64]) -> npt.NDArray[np.float64]:
        if len(xy) == 0:
            return xy
        lon, lat = fn(xy[:, 0], xy[:, 1])
        return np.column_stack([lon, lat])

    transformed: G = shapely.transform(geom, on_coords)
    return transformed


def to_wgs84(geom: G, crs: str) -> G:
    """Geometry whose coordinates are in ``crs`` (one of INPUT_CRS) -> WGS84."""
    fn = _TO_WGS84[_canonical_crs(crs)]
    # shapely geometries are immutable: the same datum needs no copy
    return geom if fn is _identity else _transform_xy(geom, fn)


def from_wgs84(geom: G, crs: str) -> G:
    """WGS84 geometry -> ``crs`` (one of INPUT_CRS); inverse of to_wgs84."""
    fn = _FROM_WGS84[_canonical_crs(crs)]
    return geom if fn is _identity else _transform_xy(geom, fn)


@functools.lru_cache(maxsize=32)
def transformer(epsg_code: int) -> pyproj.Transformer:
    """Cached WGS84 -> EPSG:<code> transformer (lon/lat axis order).

    Building a Transformer costs milliseconds (database look-ups), using one
    costs microseconds, hence the cache.  pyproj >= 3.1 Transformers are
    thread-safe, so sharing them between request threads is fine.
    """
    if isinstance(epsg_code, bool) or not isinstance(epsg_code, int):
        raise ValueError(f"EPSG code must be an integer, got {epsg_code!r}")
    try:
        return pyproj.Transformer.from_crs("EPSG:4326", f"EPSG:{epsg_code}", always_xy=True)
    except pyproj.exceptions.CRSError as exc:
        raise ValueError(f"EPSG:{epsg_code} is not a CRS known to PROJ") from exc


def reproject(geom: G, epsg_code: int) -> G:
    """WGS84 geometry -> EPSG:<epsg_code>."""
    proj = transformer(epsg_code)
    return _transform_xy(geom, proj.transform)
