"""GeoJSON fields: shapely geometry in, GeoJSON out — the one geometry boundary of the API."""

from marshmallow import ValidationError, fields

import geo
from domain.messages import message

# JSON Schema of what the parsers below take (OpenAPI 3.0); the parsers stay the judges of
# what they cannot say (closed rings, valid polygons, the vertex budget)
_POSITION = {
    "type": "array",
    "minItems": 2,
    "maxItems": 3,
    "items": {"type": "number"},
    "description": "[longitude, latitude] or [longitude, latitude, elevation]",
}
_RING = {
    "type": "array",
    "minItems": 4,
    "items": _POSITION,
    "description": "A closed linear ring: the first position again at the end",
}
_POLYGON = {"type": "array", "minItems": 1, "items": _RING, "description": "The outer ring, then any holes"}


def _geojson(kind, coordinates):
    return {
        "type": "object",
        "required": ["type", "coordinates"],
        "properties": {"type": {"type": "string", "enum": [kind]}, "coordinates": coordinates},
    }


class GeoJSONPoint(fields.Field):
    """A GeoJSON Point as posted (in the record's `crs`); loads to a shapely Point."""

    OPENAPI = _geojson("Point", _POSITION)

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return geo.parse_point(value, path=attr or "location")
        except geo.GeometryError as error:
            raise ValidationError(message(error.code, **error.params)) from None

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else geo.to_geojson(value)


class GeoJSONPlot(fields.Field):
    """A GeoJSON Polygon or MultiPolygon plot outline; loads to a shapely geometry."""

    OPENAPI = {
        "oneOf": [
            _geojson("Polygon", _POLYGON),
            _geojson("MultiPolygon", {"type": "array", "minItems": 1, "items": _POLYGON}),
        ]
    }

    def __init__(self, max_vertices=10_000, **kwargs):
        super().__init__(**kwargs)
        self.max_vertices = max_vertices

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return geo.parse_plot(value, path=attr or "geometry", max_vertices=self.max_vertices)
        except geo.GeometryError as error:
            raise ValidationError(message(error.code, **error.params)) from None

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else geo.to_geojson(value)
