"""GET /api/v1/exports/records: the records GET /records would list, as a file for GIS;
a large one (or async=true) becomes an export job (backend/api/export_jobs.py)."""

import re

import pyproj
from flask import Response, current_app, json, stream_with_context, url_for
from flask.views import MethodView

from backend.api.body import Blueprint
from backend.api.openapi import BINARY
from backend.auth.tokens import current_user, require_sign_in
from backend.errors import ApiError
from backend.exports.export import WGS84, build_export, expresses_meizhou
from backend.exports.writers import WRITERS
from backend.extensions import db
from backend.replica import reads_may_lag
from backend.services import audit, export_jobs
from domain.messages import message
from schemas.common import ProblemSchema
from schemas.exports import ExportJobSchema, export_query_schema

blp = Blueprint(
    "exports",
    __name__,
    url_prefix="/api/v1/exports",
    description="Records as GeoJSON, GeoPackage, Shapefile, KML or CSV",
)
blp.before_request(require_sign_in)
EPSG = re.compile(r"^EPSG:(\d{4,6})$", re.IGNORECASE)
# a new writer in backend/exports/writers is a new format= value, here and in the OpenAPI document
ExportQuerySchema = export_query_schema(WRITERS)


def output_epsg(text, writer):
    """The EPSG code of crs=, a 400 naming the problem if it cannot be written."""
    match = EPSG.match(text.strip())
    if not match:
        raise ApiError(400, message("crs_not_epsg", text=repr(text)), errors={"crs": [message("epsg_expected")]})
    code = int(match.group(1))
    try:
        crs = pyproj.CRS.from_epsg(code)
    except pyproj.exceptions.CRSError:
        raise ApiError(400, message("epsg_unknown", epsg=code), errors={"crs": [message("unknown_epsg")]}) from None
    if not (crs.is_geographic or crs.is_projected) or len(crs.axis_info) != 2:
        raise ApiError(
            400,
            message("crs_not_2d", epsg=code, name=crs.name),
            errors={"crs": [message("not_2d_crs")]},
        )
    if not expresses_meizhou(code):
        raise ApiError(
            400,
            message("crs_misses_meizhou", epsg=code, name=crs.name),
            errors={"crs": [message("meizhou_outside_crs")]},
        )
    if writer.wgs84_only and code != WGS84:
        raise ApiError(
            400,
            message("format_wgs84_only", format_name=writer.name.upper(), epsg=code),
            errors={"crs": [message("wgs84_only", format=writer.name)]},
        )
    return code


def export_params(query):
    """The export a query asks for, checked: {format, epsg, encoding, filters}."""
    query = dict(query)
    query.pop("run_async", None)
    writer = WRITERS[query.pop("format")]
    epsg = output_epsg(query.pop("crs"), writer)
    encoding = query.pop("encoding")
    if encoding not in writer.encodings:
        raise ApiError(
            400,
            message("encoding_shapefile_only", encoding=encoding, format=writer.name),
            errors={"encoding": [message("not_for_format")]},
        )
    return {"format": writer.name, "epsg": epsg, "encoding": encoding, "filters": query}


def audit_export(user, subject, params):
    """Who exported what, with which filter (an export job is audited when asked for)."""
    audit.record(
        user.username,
        "export",
        subject,
        {
            "format": params["format"],
            "crs": f"EPSG:{params['epsg']}",
            "encoding": params["encoding"],
            "filters": {key: value for key, value in params["filters"].items() if value is not None and key != "sort"},
        },
    )


def job_answer(job, created):
    """202 with the job (its URL in Location) for a new or a reused job."""
    url = url_for("export_jobs.ExportJobById", job_id=job.id, _external=True)
    db.session.commit()
    return Response(
        json.dumps(ExportJobSchema().dump(describe(job))),
        status=202,
        mimetype="application/json",
        headers={"Location": url},
    )


def describe(job):
    """The job document's fields."""
    done = job.state == "done"
    total = job.records_total
    return {
        "id": job.id,
        "state": job.state,
        "params": job.params,
        "url": url_for("export_jobs.ExportJobById", job_id=job.id, _external=True),
        "progress": {
            "records_done": job.records_done or 0,
            "records_total": total,
            "fraction": 1.0 if done else (min((job.records_done or 0) / total, 1.0) if total else None),
        },
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "expires_at": job.expires_at,
        "file_url": url_for("export_jobs.ExportJobFile", job_id=job.id, _external=True) if done else None,
        "file_name": job.file_name if done else None,
        "file_bytes": job.file_bytes if done else None,
        "error": job.error,
    }


def _formats_doc():
    return {
        "200": {
            "description": "The file, named after what is inside (indicator, unit, year, status, CRS, date)",
            "content": {w.media_type: {"schema": _file_schema(w.media_type)} for w in WRITERS.values()},
        }
    }


def _file_schema(media_type):
    # a JSON file is read as JSON by clients (and the fuzzer's checks); the others are bytes
    if media_type.endswith("json"):
        return {"type": "object", "description": "A GeoJSON FeatureCollection"}
    return dict(BINARY)


@blp.route("/records")
class RecordExport(MethodView):
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.doc(responses=_formats_doc())
    @blp.alt_response(400, schema=ProblemSchema, description="A crs or encoding the format cannot take")
    @blp.alt_response(
        202,
        schema=ExportJobSchema,
        description="An export job (async=true, or more "
        "records than EXPORT_ASYNC_MIN_RECORDS): poll its url, download its file_url",
    )
    @reads_may_lag
    def get(self, query):
        """Export records in scope, filtered like GET /records (default status approved)"""
        user = current_user()
        params = export_params(query)
        if (
            query["run_async"]
            or export_jobs.matching_records(params["filters"], user) > current_app.config["EXPORT_ASYNC_MIN_RECORDS"]
        ):
            job, created = export_jobs.submit(user, params)
            audit_export(user, f"job {job.id}", params)
            return job_answer(job, created)
        writer = WRITERS[params["format"]]
        export = build_export(params["filters"], user, params["epsg"], params["encoding"])
        audit_export(user, export.stem, params)
        db.session.commit()  # the audit entry is kept before the file streams
        body = writer.write(export)
        response = Response(
            stream_with_context(body) if writer.streams_from_database else body,
            mimetype=writer.media_type,
            direct_passthrough=True,
        )
        # frees the temporary file or the database cursor however the download ends
        response.call_on_close(body.close)
        if getattr(body, "size", None) is not None:
            response.content_length = body.size
        response.headers["Content-Disposition"] = f'attachment; filename="{export.stem}.{writer.extension}"'
        return response
