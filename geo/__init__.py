"""Pure geography for Meizhou field records: parsing, CRS, area, location, overlap.

Depends only on shapely, pyproj, numpy and the standard library -- no web
framework or database -- so it can be tested and reused on its own.
"""

from .area import MU_PER_M2, area_ha, area_mu, geodesic_area_m2
from .crs import (
    INPUT_CRS,
    bd09_to_gcj02,
    bd09_to_wgs84,
    from_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    reproject,
    to_wgs84,
    transformer,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)
from .errors import GeometryError
from .geometry import parse_plot, parse_point, to_geojson
from .location import METRIC_EPSG, LocationChecker, load_county_boundaries, load_county_names
from .overlap import overlap_flags, significant_overlap

__all__ = [
    "INPUT_CRS",
    "METRIC_EPSG",
    "MU_PER_M2",
    "load_county_names",
    "GeometryError",
    "LocationChecker",
    "area_ha",
    "area_mu",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "from_wgs84",
    "gcj02_to_bd09",
    "gcj02_to_wgs84",
    "geodesic_area_m2",
    "load_county_boundaries",
    "overlap_flags",
    "parse_plot",
    "parse_point",
    "reproject",
    "significant_overlap",
    "to_geojson",
    "to_wgs84",
    "transformer",
    "wgs84_to_bd09",
    "wgs84_to_gcj02",
]
