"""GeoJSON fields: shapely geometry in, GeoJSON out — the one geometry boundary of the API."""
from marshmallow import ValidationError, fields

import geo


class GeoJSONPoint(fields.Field):
    """A GeoJSON Point as posted (in the record's `crs`); loads to a shapely Point."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return geo.parse_point(value, path=attr or "location")
        except geo.GeometryError as error:
            raise ValidationError(error.message) from None

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else geo.to_geojson(value)


class GeoJSONPlot(fields.Field):
    """A GeoJSON Polygon or MultiPolygon plot outline; loads to a shapely geometry."""

    def __init__(self, max_vertices=10_000, **kwargs):
        super().__init__(**kwargs)
        self.max_vertices = max_vertices

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return geo.parse_plot(value, path=attr or "geometry", max_vertices=self.max_vertices)
        except geo.GeometryError as error:
            raise ValidationError(error.message) from None

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else geo.to_geojson(value)
