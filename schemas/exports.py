"""Query parameters of GET /api/v1/exports/records (and the record filters /ogc shares).

The export formats are the writers' (backend/exports/writers), which need GDAL: this module
does not import them; backend/api/exports.py builds the query schema for the formats it
has with `export_query_schema`, so a query schema never pulls in GDAL."""

from collections.abc import Iterable

from marshmallow import EXCLUDE, Schema, fields, post_load

from domain.indicators import STATUSES
from schemas.common import OneOf
from schemas.records import RecordQuerySchema
from schemas.summaries import PLAN_CODE

ENCODINGS = ("utf-8", "gbk")


class RecordFilterSchema(RecordQuerySchema):
    """The filters of GET /records, without paging; approved records unless asked otherwise."""

    class Meta:
        unknown = EXCLUDE
        exclude = ("page", "per_page", "cursor")

    status = fields.String(
        load_default="approved",
        validate=OneOf((*STATUSES, "all")),
        metadata={"description": "pending, approved (default), rejected, or all for every record in scope"},
    )

    @post_load
    def every_status(self, data, **kwargs):
        if data.get("status") == "all":
            data["status"] = None  # records_query: no status filter
        return data


class ExportOptionsSchema(RecordFilterSchema):
    """What every export takes besides its format."""

    plan = fields.String(
        validate=PLAN_CODE,
        metadata={
            "description": "Only records counted within this plan's window (by counted_on); "
            "the file name and the audit log name it"
        },
    )
    crs = fields.String(
        load_default="EPSG:4326",
        metadata={
            "description": "EPSG:<code> of the output coordinates, any EPSG code PROJ knows (KML: EPSG:4326 only)"
        },
    )
    encoding = fields.String(
        load_default="utf-8",
        validate=OneOf(ENCODINGS),
        metadata={"description": "Shapefile attribute encoding: utf-8 (default) or gbk for older desktop GIS"},
    )
    run_async = fields.Boolean(
        data_key="async",
        load_default=False,
        metadata={
            "description": "true: answer 202 with an export job instead of the file (exports of more "
            "than EXPORT_ASYNC_MIN_RECORDS records always do)"
        },
    )


class ExportJobProgressSchema(Schema):
    records_done = fields.Integer(metadata={"description": "Records written so far"})
    records_total = fields.Integer(
        allow_none=True, metadata={"description": "Records the export holds; null until counted"}
    )
    fraction = fields.Float(allow_none=True, metadata={"description": "records_done / records_total, 0…1"})


class ExportJobSchema(Schema):
    id = fields.String(metadata={"description": "The job id (a random UUID)"})
    url = fields.String(metadata={"description": "This document: poll it until state is done"})
    state = fields.String(metadata={"description": "queued, running, done, failed or expired"})
    params = fields.Dict(metadata={"description": "The export asked for: format, epsg, encoding, filters"})
    progress = fields.Nested(ExportJobProgressSchema)
    created_at = fields.DateTime()
    finished_at = fields.DateTime(allow_none=True)
    expires_at = fields.DateTime(allow_none=True, metadata={"description": "The file is kept until then"})
    file_url = fields.String(
        allow_none=True,
        metadata={"description": "The file when done; served with ETag and Range, so a broken download resumes"},
    )
    file_name = fields.String(allow_none=True)
    file_bytes = fields.Integer(allow_none=True)
    error = fields.String(allow_none=True, metadata={"description": "Why the job failed"})


def export_query_schema(formats: Iterable[str]) -> type[Schema]:
    """The query of GET /exports/records for these format names (the writers' registry)."""
    names = list(formats)
    format_field = fields.String(
        required=True, validate=OneOf(names), metadata={"description": "The file format: " + ", ".join(names)}
    )
    return type("ExportQuerySchema", (ExportOptionsSchema,), {"format": format_field})
