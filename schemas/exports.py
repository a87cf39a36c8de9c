"""Query parameters of GET /api/v1/exports/records (and the record filters /ogc shares)."""
from marshmallow import EXCLUDE, fields, post_load

from backend.exports.writers import WRITERS
from backend.indicators import STATUSES
from schemas.common import OneOf
from schemas.records import RecordQuerySchema

ENCODINGS = ("utf-8", "gbk")


class RecordFilterSchema(RecordQuerySchema):
    """The filters of GET /records, without paging; approved records unless asked otherwise."""

    class Meta:
        unknown = EXCLUDE
        exclude = ("page", "per_page")

    status = fields.String(load_default="approved", validate=OneOf((*STATUSES, "all")),
                           metadata={"description": "pending, approved (default), rejected, or all "
                                                    "for every record in scope"})

    @post_load
    def every_status(self, data, **kwargs):
        if data.get("status") == "all":
            data["status"] = None  # records_query: no status filter
        return data


class ExportQuerySchema(RecordFilterSchema):
    format = fields.String(required=True, validate=OneOf(list(WRITERS)),
                           metadata={"description": "geojson, gpkg, shp (zipped), kml or csv"})
    crs = fields.String(load_default="EPSG:4326",
                        metadata={"description": "EPSG:<code> of the output coordinates, any EPSG code "
                                                 "PROJ knows (KML: EPSG:4326 only)"})
    encoding = fields.String(load_default="utf-8", validate=OneOf(ENCODINGS),
                             metadata={"description": "Shapefile attribute encoding: utf-8 (default) or "
                                                      "gbk for older desktop GIS"})
