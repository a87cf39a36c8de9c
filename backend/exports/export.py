"""One export request: which records, which columns, which CRS, what the file is called."""

import datetime as dt
import functools
import math
from dataclasses import dataclass

import geo
from backend.exports.columns import columns_for
from backend.exports.rows import RecordSource
from backend.services.geography import COUNTY_BOUNDARIES
from backend.services.listing import records_query
from domain import roles
from domain.indicators import INDICATORS

WGS84 = 4326
POINTS, PLOTS = "points", "plots"


@dataclass
class Export:
    source: RecordSource
    epsg: int
    stem: str  # ASCII file name without extension: what is inside
    layer_prefix: str  # indicator code, or "records" for several indicators
    empty_kind: str  # the layer an export without records still has
    encoding: str = "utf-8"

    @property
    def columns(self):
        return self.source.columns

    def layer(self, kind):
        return f"{self.layer_prefix}_{kind}"


@functools.cache
def meizhou_bounds():
    """[min_lon, min_lat, max_lon, max_lat] of Meizhou, from the shipped county boundaries."""
    bounds = [shape.bounds for shape in geo.load_county_boundaries(COUNTY_BOUNDARIES).values()]
    return [min(b[0] for b in bounds), min(b[1] for b in bounds), max(b[2] for b in bounds), max(b[3] for b in bounds)]


def expresses_meizhou(epsg):
    """Can the CRS hold coordinates of Meizhou? PROJ gives inf for points outside what a
    projection covers, and a file full of inf is no file."""
    min_lon, min_lat, max_lon, max_lat = meizhou_bounds()
    xs, ys = geo.transformer(epsg).transform([min_lon, max_lon, min_lon, max_lon], [min_lat, min_lat, max_lat, max_lat])
    return all(math.isfinite(v) for v in (*xs, *ys))


def _projector(epsg):
    if epsg == WGS84:
        return None
    return lambda geometries: geo.reproject(geometries, epsg)


def _unit_of(filters, user):
    if filters.get("town_code"):
        return filters["town_code"]
    if filters.get("county_code"):
        return filters["county_code"]
    return roles.reach(user.role, user.unit_code) if user.role == roles.COUNTY_REVIEWER else user.unit_code


def file_stem(filters, user, epsg):
    """meizhou_film_recovery_441402102_2025_approved_epsg4548_20251128: indicator, unit,
    year, status, CRS and the day of the export, all ASCII."""
    parts = [
        "meizhou",
        filters.get("indicator") or "all-indicators",
        _unit_of(filters, user),
        str(filters["year"]) if filters.get("year") else "all-years",
        *([f"plan{filters['plan']}"] if filters.get("plan") else []),
        filters.get("status") or "all-statuses",
        f"epsg{epsg}",
        dt.date.today().strftime("%Y%m%d"),
    ]
    return "_".join(parts)


def build_export(filters, user, epsg, encoding="utf-8"):
    """filters as RecordFilterSchema loads them (status None means every status in scope)."""
    indicator = filters.get("indicator")
    source = RecordSource(records_query(filters, user), columns_for(indicator), _projector(epsg))
    expects_plot = indicator is not None and INDICATORS[indicator].expects_plot
    return Export(
        source=source,
        epsg=epsg,
        stem=file_stem(filters, user, epsg),
        layer_prefix=indicator or "records",
        empty_kind=PLOTS if expects_plot else POINTS,
        encoding=encoding,
    )
