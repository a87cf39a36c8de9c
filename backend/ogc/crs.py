"""Coordinate reference systems of the OGC API (Part 2, CRS by reference).

OGC API names a CRS by URI, and unlike files for desktop GIS it puts coordinates in the
axis order the CRS defines: CRS84 is lon/lat, but EPSG:4326 and EPSG:4490 are lat/lon and
the CGCS2000 Gauss–Krüger zones (EPSG:4548, EPSG:4527) northing/easting. Records are stored
as CRS84 (WGS84 lon/lat), the storageCrs.
"""

import functools

import pyproj
import shapely

import geo
from backend.errors import ApiError
from domain.messages import message

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG_URI = "http://www.opengis.net/def/crs/EPSG/0/"
# WGS84, CGCS2000, CGCS2000 3° Gauss–Krüger CM 117°E without and with zone prefix, and
# web mercator for web maps
SUPPORTED_EPSG = (4326, 4490, 4548, 4527, 3857)
SUPPORTED = (CRS84, *(f"{EPSG_URI}{code}" for code in SUPPORTED_EPSG))
STORAGE_CRS = CRS84


def epsg_of(uri, parameter="crs"):
    """EPSG code of a supported CRS URI; None for CRS84. 400 for anything else."""
    uri = (uri or "").strip()
    if uri == CRS84:
        return None
    if uri in SUPPORTED:
        return int(uri[len(EPSG_URI) :])
    raise ApiError(
        400,
        message("crs_unsupported", parameter=parameter, uri=repr(uri), supported=list(SUPPORTED)),
        errors={parameter: [message("unsupported_crs")]},
    )


def uri_of(epsg):
    return CRS84 if epsg is None else f"{EPSG_URI}{epsg}"


@functools.cache
def lat_first(epsg):
    """Does the CRS put northing/latitude first (EPSG:4326, 4490, 4548, 4527 do)?"""
    return pyproj.CRS.from_epsg(epsg).axis_info[0].direction in ("north", "south")


def _swap_axes(geometries):
    return shapely.transform(geometries, lambda xy: xy[:, ::-1])


def projector(epsg):
    """Stored (CRS84) geometries → the CRS's own axis order; None when no change is needed."""
    if epsg is None:
        return None
    if lat_first(epsg):
        return lambda geometries: _swap_axes(geo.reproject(geometries, epsg))
    return lambda geometries: geo.reproject(geometries, epsg)


@functools.cache
def _to_wgs84(epsg):
    return pyproj.Transformer.from_crs(f"EPSG:{epsg}", "EPSG:4326", always_xy=True)


def bbox_to_wgs84(numbers, epsg):
    """A bbox given in the CRS's axis order → [min_lon, min_lat, max_lon, max_lat]."""
    x1, y1, x2, y2 = numbers
    if epsg is None:
        return [x1, y1, x2, y2]
    if lat_first(epsg):
        x1, y1, x2, y2 = y1, x1, y2, x2
    # densified edges: a projected box is not a lon/lat box
    return list(_to_wgs84(epsg).transform_bounds(x1, y1, x2, y2, densify_pts=21))
