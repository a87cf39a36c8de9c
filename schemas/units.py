from geoalchemy2.shape import to_shape
from marshmallow import EXCLUDE, Schema, fields

import geo
from schemas.common import OneOf, Regexp


def _boundary(unit):
    return None if unit.boundary is None else geo.to_geojson(to_shape(unit.boundary))


class UnitSchema(Schema):
    code = fields.String()
    name = fields.String()
    level = fields.String(metadata={"description": "city, county or town"})
    parent_code = fields.String()


class UnitDetailSchema(UnitSchema):
    boundary = fields.Function(_boundary, metadata={"description": "GeoJSON MultiPolygon (WGS84) where known"})
    boundary_source = fields.String(allow_none=True)
    children = fields.List(fields.Nested(UnitSchema))


class UnitQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    level = fields.String(validate=OneOf(("city", "county", "town")))
    parent_code = fields.String(validate=Regexp(r"^\d{6}$", "county_code"))


class BoundaryInSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    type = fields.String(required=True, validate=OneOf(("Polygon", "MultiPolygon", "Feature")))
    coordinates = fields.Raw()
    geometry = fields.Raw()
    properties = fields.Raw()
