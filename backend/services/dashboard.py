"""What the county bureau's dashboard reads: the unit asked for (checked against the
account's scope), its towns, the latest year with data, and the map's two slim GeoJSON
collections. backend/api/dashboard.py serves the collections; backend/web/dashboard.py
renders the page with the rest."""

import datetime as dt

import orjson
from geoalchemy2.shape import to_shape
from shapely.geometry import mapping
from sqlalchemy.orm import undefer

from backend.auth import scope
from backend.extensions import db
from backend.models import Record, SummaryRollup, Unit
from backend.services.listing import records_query, rollup_cells
from backend.services.units import unit_or_404
from backend.spatial import without_parallel_plans
from domain import units
from domain.errors import NotFound

STREAM_ROWS = 2000  # rows per block of the map's records stream


def unit_in_scope(user, code):
    """The unit asked for (the account's own by default), or NotFound/Forbidden: nobody reads
    outside their scope. Units come only from the seeded code list."""
    code = code or user.unit_code
    unit = unit_or_404(code)
    scope.require_read(user, code)
    return unit


def town_in_unit(unit, town_code):
    """town_code if it names a town of the unit; None if not asked; else NotFound."""
    if not town_code:
        return None
    town = db.session.get(Unit, town_code)
    if town is None or town.level != "town" or not units.contains(unit.code, town_code):
        raise NotFound("town_not_in_unit", town=town_code, unit=unit.name)
    return town_code


def unit_filters(unit, town_code=None):
    """The records filter of a unit: the city has none, a county or town its code."""
    filters = {}
    if unit.level == "county":
        filters["county_code"] = unit.code
    elif unit.level == "town":
        filters["town_code"] = unit.code
    if town_code:
        filters["town_code"] = town_code
    return filters


def latest_year(user, unit):
    """The most recent reporting year with records in the unit, so a county sees its data
    first; the current year where nothing has been reported yet. Read from the summary
    rollup (its cells carry the reporting year), not from the records."""
    select = rollup_cells(unit_filters(unit), user).with_only_columns(db.func.max(SummaryRollup.year))
    without_parallel_plans()
    return db.session.execute(select).scalar() or dt.date.today().year


def town_counts(user, filters):
    """[{code, records}] per town with records of the filters, from the rollup: its cost
    grows with towns and months, not records."""
    select = (
        rollup_cells(filters, user)
        .with_only_columns(SummaryRollup.town_code, db.func.sum(SummaryRollup.records))
        .group_by(SummaryRollup.town_code)
        .order_by(SummaryRollup.town_code)
    )
    without_parallel_plans()
    return [{"code": code, "records": int(count)} for code, count in db.session.execute(select) if count]


def towns_of(unit):
    if unit.level == "town":
        return [unit]
    select = db.select(Unit).where(Unit.level == "town").order_by(Unit.code)
    if unit.level == "county":
        select = select.where(Unit.parent_code == unit.code)
    return db.session.execute(select).scalars().all()


def counties():
    return db.session.execute(db.select(Unit).where(Unit.level == "county").order_by(Unit.code)).scalars().all()


def map_records(user, query):
    """The map's records as a GeoJSON FeatureCollection, in str chunks to stream: a point
    per record, its plot as the property `plot`, and only what the map draws
    (schemas/dashboard.py); at most query["limit"] of them, the newest first, and the
    count per town from the rollup. Scope and filters are checked before the first chunk.

    Newest first reads the primary key backwards and stops after limit + 1 matching rows,
    so the cost is bounded by the limit and the filters' selectivity, not the table's size."""
    unit = unit_in_scope(user, query.get("unit"))
    filters = unit_filters(unit, town_in_unit(unit, query.get("town")))
    filters.update(year=query.get("year"), indicator=query.get("indicator"), status=query.get("status"))
    towns = town_counts(user, filters)
    limit = query["limit"]
    # the database writes each plot's GeoJSON (6 decimals, about 0.1 m); orjson reads it
    # back in microseconds, where shapely would take longer than the whole query
    select = (
        records_query({**filters, "bbox": query.get("bbox")}, user)
        .with_only_columns(
            Record.id,
            Record.indicator,
            Record.status,
            Record.town_code,
            Record.observed_on,
            Record.lon,
            Record.lat,
            Record.flags,
            db.func.ST_AsGeoJSON(Record.geometry, 6).label("plot"),
        )
        .where(Record.lon.is_not(None))  # a ledger row without coordinates is not on the map
        .order_by(Record.id.desc())
        .limit(limit + 1)  # one more than shown tells whether the answer is truncated
    )
    head = {
        "type": "FeatureCollection",
        "limit": limit,
        "records_matched": sum(town["records"] for town in towns),
        "towns": towns,
    }

    def chunks():
        """The collection a block of features at a time, as the cursor yields them: the
        whole answer is never in memory. The query runs as the answer streams (a server-side
        cursor lives only in the transaction the stream holds open)."""
        yield orjson.dumps(head).decode()[:-1] + ',"features":['
        separator, shown, truncated = "", 0, False
        for block in db.session.execute(select.execution_options(yield_per=STREAM_ROWS)).partitions():
            if shown + len(block) > limit:
                block, truncated = block[: limit - shown], True
            if block:
                yield separator + orjson.dumps([_map_feature(row) for row in block]).decode()[1:-1]
                separator, shown = ",", shown + len(block)
        yield '],"truncated":' + ("true" if truncated else "false") + "}"

    return chunks()


def _map_feature(row):
    """One record as the map draws it: its point, and its plot as the property `plot`."""
    properties = {
        "id": row.id,
        "indicator": row.indicator,
        "status": row.status,
        "town_code": row.town_code,
        "observed_on": row.observed_on.isoformat(),
        "flags": [flag.get("code") for flag in row.flags or ()],
    }
    if row.plot is not None:
        properties["plot"] = orjson.loads(row.plot)
    point = {"type": "Point", "coordinates": [round(row.lon, 6), round(row.lat, 6)]}
    return {"type": "Feature", "id": row.id, "properties": properties, "geometry": point}


def _rounded(geometry):
    """Coordinates to 6 decimals (about 0.1 m): a third of the bytes, nothing visible lost."""

    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(n, 6) for n in value]
            return [walk(v) for v in value]
        return value

    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


def outlines(user, code):
    """Outlines of the unit as a GeoJSON FeatureCollection (bytes): a county's boundary as
    shipped, every county for the city, and the towns whose boundary was uploaded."""
    unit = unit_in_scope(user, code)
    select = db.select(Unit).options(undefer(Unit.boundary)).where(Unit.boundary.is_not(None))
    if unit.level == "city":
        select = select.where(Unit.level.in_(("county", "town")))
    elif unit.level == "county":
        select = select.where(db.or_(Unit.code == unit.code, Unit.parent_code == unit.code))
    else:
        select = select.where(db.or_(Unit.code == unit.code, Unit.code == unit.parent_code))
    features = [
        {
            "type": "Feature",
            "id": u.code,
            "properties": {"code": u.code, "name": u.name, "level": u.level},
            "geometry": _rounded(mapping(to_shape(u.boundary))),
        }
        for u in db.session.execute(select.order_by(Unit.code)).scalars()
    ]
    return orjson.dumps({"type": "FeatureCollection", "features": features})
