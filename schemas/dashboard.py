"""The dashboard's map data (GET /api/v1/dashboard/…): its filters and the shape of its
GeoJSON, documented in the OpenAPI document. The answers themselves are written by
backend/services/dashboard.py with orjson (10,000 features in well under a second).

The map's records are bounded: at most `limit` points (MAP_RECORDS_LIMIT by default,
MAP_RECORDS_MAX at most), the newest first, with the number of records per town from the
summary rollup, so the answer costs the same at ten million records as at ten thousand."""

from marshmallow import EXCLUDE, Schema, fields, post_load, pre_load

from domain.indicators import INDICATORS, STATUSES
from domain.units import TOWN_CODE_PATTERN, UNIT_CODE_PATTERN
from schemas.common import YEAR, OneOf, Range, Regexp, nine_digits
from schemas.records import BBOX_FIELD, read_bbox

MAP_RECORDS_LIMIT = 2000  # points the map draws at first: a county's year at 10 M records is ~100× that
MAP_RECORDS_MAX = 10_000

UNIT_FIELD = fields.String(
    validate=Regexp(UNIT_CODE_PATTERN, "unit_code"),
    metadata={"description": "City, county or town code; default: the account's unit"},
)


class _DropEmpty(Schema):
    class Meta:
        unknown = EXCLUDE

    @pre_load
    def drop_empty(self, data, **kwargs):
        # the page leaves a filter out by sending it empty (?town=): not a value to check
        return {key: value for key, value in data.items() if value != ""}


class OutlineQuerySchema(_DropEmpty):
    unit = UNIT_FIELD


class MapQuerySchema(_DropEmpty):
    """The map's filters; the unit defaults to the account's own."""

    unit = UNIT_FIELD
    town = fields.String(
        validate=Regexp(TOWN_CODE_PATTERN, "town_code"),
        metadata={"description": "Only this town of the unit"},
    )
    year = fields.Integer(validate=YEAR, metadata={"description": "Reporting year"})
    indicator = fields.String(validate=OneOf(INDICATORS), metadata={"description": "Indicator code"})
    status = fields.String(validate=OneOf(STATUSES), metadata={"description": "pending, approved or rejected"})
    bbox = BBOX_FIELD
    limit = fields.Integer(
        load_default=MAP_RECORDS_LIMIT,
        validate=Range(min=1, max=MAP_RECORDS_MAX),
        metadata={"description": "At most this many points, the newest first"},
    )

    @post_load
    def stored_town(self, data, **kwargs):
        return read_bbox(nine_digits(data, "town"))


class _PointSchema(Schema):
    type = fields.Constant("Point")
    coordinates = fields.List(fields.Float(), metadata={"description": "[lon, lat], WGS84, 6 decimals"})


class MapRecordPropertiesSchema(Schema):
    id = fields.Integer()
    indicator = fields.String()
    status = fields.String()
    town_code = fields.String()
    observed_on = fields.Date()
    flags = fields.List(fields.String(), metadata={"description": "Flag codes (area_mismatch, overlap, …)"})
    plot = fields.Dict(metadata={"description": "The plot as GeoJSON (WGS84, 6 decimals), for plot records only"})


class MapRecordSchema(Schema):
    type = fields.Constant("Feature")
    id = fields.Integer()
    properties = fields.Nested(MapRecordPropertiesSchema)
    geometry = fields.Nested(_PointSchema)


class MapTownSchema(Schema):
    code = fields.String(metadata={"description": "Town code"})
    records = fields.Integer(metadata={"description": "Records of the town the filters select (bbox aside)"})


class MapRecordsSchema(Schema):
    """The newest records the filters select, at most `limit`, with only what the map
    draws (a popup reads the whole record from GET /api/v1/records/{id}); `truncated` says
    that more were selected: zoom in (bbox) to see those of a smaller area. `towns` and
    `records_matched` count every record the filters select, bbox aside, from the summary
    rollup (a ledger row without coordinates counts there but is not on the map)."""

    type = fields.Constant("FeatureCollection")
    features = fields.List(fields.Nested(MapRecordSchema))
    limit = fields.Integer(metadata={"description": "The most points this answer could hold"})
    truncated = fields.Boolean(metadata={"description": "More records match than the features hold"})
    records_matched = fields.Integer(metadata={"description": "Records the filters select, bbox aside"})
    towns = fields.List(fields.Nested(MapTownSchema), metadata={"description": "Per town, those with records"})


class OutlinePropertiesSchema(Schema):
    code = fields.String()
    name = fields.String()
    level = fields.String()


class OutlineSchema(Schema):
    type = fields.Constant("Feature")
    id = fields.String(metadata={"description": "The unit code"})
    properties = fields.Nested(OutlinePropertiesSchema)
    geometry = fields.Dict(metadata={"description": "(Multi)Polygon, WGS84, 6 decimals"})


class OutlinesSchema(Schema):
    """The unit's outlines: a county's boundary, every county for the city, and the towns
    whose boundary a city admin has uploaded."""

    type = fields.Constant("FeatureCollection")
    features = fields.List(fields.Nested(OutlineSchema))
