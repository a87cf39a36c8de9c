"""Query parameters of the OGC items: parsed, validated, 400 with a reason otherwise."""

import datetime as dt
import math
from dataclasses import dataclass, field

from marshmallow import ValidationError

from backend.errors import ApiError, field_errors
from backend.ogc import crs as ogc_crs
from domain.messages import message
from schemas import cursors
from schemas.common import MAX_OFFSET
from schemas.exports import RecordFilterSchema

DEFAULT_LIMIT = 100
MAX_LIMIT = 10_000
# the filters GET /records has, beyond the OGC ones
RECORD_FILTERS = ("town_code", "county_code", "year", "status")
ITEMS_PARAMS = ("f", "limit", "offset", "cursor", "bbox", "bbox-crs", "datetime", "crs", *RECORD_FILTERS)
ITEM_PARAMS = ("f", "crs")
_filter_schema = RecordFilterSchema(only=RECORD_FILTERS)


def _bad(name, reason):
    """The 400 of one parameter: its name and what is wrong with it (a catalogue message)."""
    return ApiError(400, message("in_place", where=name, detail=reason), errors={name: [reason]})


def reject_unknown(args, allowed):
    """OGC API Features /req/core/query-param-unknown: 400 rather than silently ignoring."""
    unknown = sorted(set(args) - set(allowed))
    if unknown:
        raise ApiError(
            400,
            message("ogc_unknown_params", unknown=unknown, allowed=list(allowed)),
            errors={name: [message("unknown_parameter")] for name in unknown},
        )


def _integer(args, name, default, minimum):
    text = args.get(name)
    if text is None:
        return default
    try:
        value = int(text) if text.isascii() else None  # int() reads "²" or "١" too
    except ValueError:
        value = None
    if value is None:
        raise _bad(name, message("expected_integer", text=repr(text)))
    if value < minimum:
        raise _bad(name, message("at_least", min=minimum))
    return value


def _offset(args):
    offset = _integer(args, "offset", 0, 0)
    if offset > MAX_OFFSET:
        raise _bad("offset", message("ogc_offset_too_deep", max=MAX_OFFSET))
    return offset


def _after_id(args):
    if "cursor" not in args:
        return None
    if "offset" in args:
        raise _bad("cursor", message("cursor_and_offset"))
    try:
        return cursors.decode(args["cursor"], ("id",))[2]
    except ValueError as error:
        raise _bad("cursor", error.args[0]) from None


def _bbox(args, epsg):
    text = args.get("bbox")
    if text is None:
        return None
    try:
        numbers = [float(part) for part in text.split(",")]
    except ValueError:
        numbers = []
    if len(numbers) == 6:  # minx,miny,minz,maxx,maxy,maxz: heights play no part here
        numbers = [numbers[0], numbers[1], numbers[3], numbers[4]]
    if len(numbers) != 4 or not all(map(math.isfinite, numbers)):
        raise _bad("bbox", message("bbox_numbers"))
    if numbers[0] > numbers[2] or numbers[1] > numbers[3]:
        raise _bad("bbox", message("bbox_corners"))
    return ogc_crs.bbox_to_wgs84(numbers, epsg)


def _day(text):
    """The day of an RFC 3339 date or date-time (an observation is a whole day)."""
    try:
        if len(text) == 10:
            return dt.date.fromisoformat(text)
        return dt.datetime.fromisoformat(text.replace("z", "Z").replace("Z", "+00:00")).date()
    except ValueError:
        raise _bad("datetime", message("not_a_datetime", text=repr(text))) from None


def _datetime(args):
    """(first day, last day) of observed_on, None for an open end."""
    text = args.get("datetime")
    if text is None:
        return None, None
    if "/" not in text:
        day = _day(text.strip())
        return day, day
    start, _, end = text.partition("/")
    start, end = start.strip(), end.strip()
    first = None if start in ("", "..") else _day(start)
    last = None if end in ("", "..") else _day(end)
    if first is None and last is None and not (start == ".." or end == ".."):
        raise _bad("datetime", message("interval_open"))
    if first and last and first > last:
        raise _bad("datetime", message("interval_reversed"))
    return first, last


def record_filters(args):
    try:
        return _filter_schema.load({name: args[name] for name in RECORD_FILTERS if name in args})
    except ValidationError as error:
        errors = field_errors(error.messages)
        raise ApiError(400, message("ogc_invalid_filters", fields=sorted(errors)), errors=errors) from None


@dataclass
class ItemsQuery:
    limit: int
    offset: int
    after_id: int | None  # cursor paging: the page after this record id
    bbox: list | None  # WGS84 lon/lat
    first_day: dt.date | None
    last_day: dt.date | None
    epsg: int | None  # output CRS, None for CRS84
    filters: dict = field(default_factory=dict)
    status_given: bool = False


def items_query(args):
    reject_unknown(args, ITEMS_PARAMS)
    bbox_epsg = ogc_crs.epsg_of(args.get("bbox-crs", ogc_crs.CRS84), "bbox-crs")
    first_day, last_day = _datetime(args)
    return ItemsQuery(
        # above the maximum is served as the maximum, as clients asking for "all" expect
        limit=min(_integer(args, "limit", DEFAULT_LIMIT, 1), MAX_LIMIT),
        offset=_offset(args),
        after_id=_after_id(args),
        bbox=_bbox(args, bbox_epsg),
        first_day=first_day,
        last_day=last_day,
        epsg=ogc_crs.epsg_of(args.get("crs", ogc_crs.CRS84)),
        filters=record_filters(args),
        status_given="status" in args,
    )


def item_query(args):
    reject_unknown(args, ITEM_PARAMS)
    return ogc_crs.epsg_of(args.get("crs", ogc_crs.CRS84))
