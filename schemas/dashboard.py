"""The dashboard's map data (GET /api/v1/dashboard/…): its filters and the shape of its
GeoJSON, documented in the OpenAPI document. The answers themselves are written by
backend/services/dashboard.py with orjson (10,000 features in well under a second)."""

from marshmallow import EXCLUDE, Schema, fields, post_load, pre_load

from domain.indicators import INDICATORS, STATUSES
from domain.units import TOWN_CODE_PATTERN, UNIT_CODE_PATTERN
from schemas.common import YEAR, OneOf, Regexp, nine_digits

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

    @post_load
    def stored_town(self, data, **kwargs):
        return nine_digits(data, "town")


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


class MapRecordsSchema(Schema):
    """Every record the filters select (no paging: the map draws them all), only what the
    map draws; a popup reads the whole record from GET /api/v1/records/{id}."""

    type = fields.Constant("FeatureCollection")
    features = fields.List(fields.Nested(MapRecordSchema))


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
