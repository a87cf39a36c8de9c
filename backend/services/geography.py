"""The records' geography: where a record may lie, its plot's area, overlap with other plots."""

from pathlib import Path

import shapely
from flask import current_app, request
from geoalchemy2 import WKTElement
from geoalchemy2.shape import to_shape
from shapely import MultiPolygon

import geo
from backend.extensions import db
from backend.spatial import plots_intersecting
from domain.units import county_of

COUNTY_BOUNDARIES = Path(__file__).resolve().parent.parent / "data" / "meizhou_counties_wgs84.geojson"


def location_checker():
    """One checker per process: the shipped county boundaries do not change at run time."""
    checker = current_app.extensions.get("location_checker")
    if checker is None:
        checker = geo.LocationChecker(
            geo.load_county_boundaries(COUNTY_BOUNDARIES),
            tolerance_m=current_app.config["BOUNDARY_TOLERANCE_M"],
            county_names=geo.load_county_names(COUNTY_BOUNDARIES),
        )
        current_app.extensions["location_checker"] = checker
    return checker


def as_multipolygon(plot):
    return plot if plot.geom_type == "MultiPolygon" else MultiPolygon([plot])


def db_geometry(geom):
    """A shapely geometry (WGS84) as a value for a geometry column."""
    return None if geom is None else WKTElement(geom.wkt, srid=4326)


def town_boundary(town):
    """The town's boundary, if it has one, as a prepared shapely geometry: parsed once
    per request, not once per record of a batch."""
    if town.boundary is None:
        return None
    # cached on the request itself, as current_user is: an app context (and its g) may
    # outlive one request, and a boundary may be replaced in between
    if not hasattr(request, "town_boundaries"):
        request.town_boundaries = {}  # type: ignore[attr-defined]
    parsed = request.town_boundaries  # type: ignore[attr-defined]
    if town.code not in parsed:
        parsed[town.code] = to_shape(town.boundary)
        shapely.prepare(parsed[town.code])
    return parsed[town.code]


def place_flags(point, plot, town):
    """Flags for where the record lies, or GeometryError when it cannot be accepted.
    A record without a point (a ledger row without coordinates) is flagged no_location."""
    county_code = county_of(town.code)
    boundary = town_boundary(town)
    flags = [{"code": "no_location"}] if point is None else location_checker().check(point, county_code, boundary)
    if plot is not None:
        flags += [f for f in location_checker().check_plot(plot, county_code, boundary) if f not in flags]
    for flag in flags:
        # the checker leaves the town unnamed on its town-boundary flags; county ones name the county
        if flag["code"] == "near_boundary" and "county_code" not in flag:
            flag["town_code"] = town.code
    return flags


def plot_flags(plot, declared_mu, reported_plots, exclude_id=None):
    """Area and overlap of a plot: (computed area in mu, flags).

    reported_plots are (record id or client id, shapely plot) pairs already accepted in the
    same request; plots already in the database are looked up through the spatial index."""
    area_m2 = geo.geodesic_area_m2(plot)
    computed_mu = area_m2 * geo.MU_PER_M2
    flags = []
    ratio = current_app.config["AREA_MISMATCH_RATIO"]
    if declared_mu is not None and computed_mu > 0 and abs(declared_mu - computed_mu) > ratio * computed_mu:
        flags.append(
            {
                "code": "area_mismatch",
                "declared_mu": declared_mu,
                "computed_mu": round(computed_mu, 3),
                "difference": round((declared_mu - computed_mu) / computed_mu, 4),
            }
        )
    # only plots that reach into this plot's extent are read and compared: the database's
    # through its spatial index, the same request's by their bounds
    envelope = plot.envelope.wkt
    stored = [(row.id, to_shape(row.geometry)) for row in db.session.execute(plots_intersecting(envelope, exclude_id))]
    nearby = [(key, other) for key, other in reported_plots if _bounds_meet(plot.bounds, other.bounds)]
    overlap = geo.overlap_flags(plot, stored + nearby, area_m2)
    if overlap:
        flags.append(overlap)
    return computed_mu, flags


def _bounds_meet(a, b):
    return a[0] <= b[2] and b[0] <= a[2] and a[1] <= b[3] and b[1] <= a[3]
