from geoalchemy2.shape import to_shape
from marshmallow import EXCLUDE, Schema, fields

import geo
from domain.units import COUNTY_CODE_PATTERN, LEVELS
from schemas.common import OneOf, Regexp
from schemas.geometry import GeoJSONPlot


def _boundary(unit):
    return None if unit.boundary is None else geo.to_geojson(to_shape(unit.boundary))


class UnitSchema(Schema):
    code = fields.String()
    name = fields.String()
    level = fields.String(metadata={"description": "city, county or town"})
    parent_code = fields.String(allow_none=True, metadata={"description": "null for the city"})


class UnitDetailSchema(UnitSchema):
    boundary = fields.Function(
        _boundary,
        allow_none=True,
        metadata={"type": "object", "description": "GeoJSON MultiPolygon (WGS84) where known"},
    )
    boundary_source = fields.String(allow_none=True)
    children = fields.List(fields.Nested(UnitSchema))


class UnitQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    level = fields.String(validate=OneOf(LEVELS))
    parent_code = fields.String(validate=Regexp(COUNTY_CODE_PATTERN, "county_code"))


# what PUT /units/{code}/boundary takes: a GeoJSON plot, bare or as a Feature's geometry
BOUNDARY_IN = {
    "oneOf": [
        *GeoJSONPlot.OPENAPI["oneOf"],
        {
            "type": "object",
            "required": ["type", "geometry"],
            "properties": {
                "type": {"type": "string", "enum": ["Feature"]},
                "geometry": GeoJSONPlot.OPENAPI,
                "properties": {"type": "object", "nullable": True},
            },
        },
    ]
}
