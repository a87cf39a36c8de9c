"""GET /api/v1/exports/records: the records GET /records would list, as a file for GIS."""
import re

import pyproj
from flask import Response, stream_with_context
from flask.views import MethodView

from backend.api.body import Blueprint
from backend.auth.tokens import current_user
from backend.errors import ApiError
from backend.exports.export import WGS84, build_export, expresses_meizhou
from backend.exports.writers import WRITERS
from schemas.common import ProblemSchema
from schemas.exports import ExportQuerySchema

blp = Blueprint("exports", __name__, url_prefix="/api/v1/exports",
                description="Records as GeoJSON, GeoPackage, Shapefile, KML or CSV")
EPSG = re.compile(r"^EPSG:(\d{4,6})$", re.IGNORECASE)


def output_epsg(text, writer):
    """The EPSG code of crs=, a 400 naming the problem if it cannot be written."""
    match = EPSG.match(text.strip())
    if not match:
        raise ApiError(400, f"crs must be EPSG:<code>, e.g. EPSG:4548, not {text!r}.",
                       errors={"crs": ["Expected EPSG:<code>."]})
    code = int(match.group(1))
    try:
        crs = pyproj.CRS.from_epsg(code)
    except pyproj.exceptions.CRSError:
        raise ApiError(400, f"EPSG:{code} is not a coordinate reference system PROJ knows.",
                       errors={"crs": ["Unknown EPSG code."]})
    if not (crs.is_geographic or crs.is_projected) or len(crs.axis_info) != 2:
        raise ApiError(400, f"EPSG:{code} ({crs.name}) is not a 2-D geographic or projected CRS.",
                       errors={"crs": ["Not a 2-D horizontal CRS."]})
    if not expresses_meizhou(code):
        raise ApiError(400, f"EPSG:{code} ({crs.name}) cannot express coordinates in Meizhou.",
                       errors={"crs": ["Meizhou lies outside this CRS."]})
    if writer.wgs84_only and code != WGS84:
        raise ApiError(400, f"{writer.name.upper()} is WGS84 (EPSG:4326) by its own standard; "
                            f"it cannot be written in EPSG:{code}. Leave out crs or use another format.",
                       errors={"crs": [f"{writer.name} is EPSG:4326 only."]})
    return code


def _formats_doc():
    return {"200": {"description": "The file, named after what is inside (indicator, unit, year, "
                                   "status, CRS, date)",
                    "content": {w.media_type: {"schema": {"type": "string", "format": "binary"}}
                                for w in WRITERS.values()}}}


@blp.route("/records")
class RecordExport(MethodView):
    @blp.arguments(ExportQuerySchema, location="query")
    @blp.doc(responses=_formats_doc())
    @blp.alt_response(400, schema=ProblemSchema, description="A crs or encoding the format cannot take")
    def get(self, query):
        """Export records in scope, filtered like GET /records (default status approved)"""
        user = current_user()
        writer = WRITERS[query.pop("format")]
        epsg = output_epsg(query.pop("crs"), writer)
        encoding = query.pop("encoding")
        if encoding not in writer.encodings:
            raise ApiError(400, f"encoding={encoding} applies to Shapefile exports only; "
                                f"{writer.name} is always UTF-8.", errors={"encoding": ["Not for this format."]})
        export = build_export(query, user, epsg, encoding)
        body = writer.write(export)
        response = Response(stream_with_context(body) if writer.streams_from_database else body,
                            mimetype=writer.media_type, direct_passthrough=True)
        # frees the temporary file or the database cursor however the download ends
        response.call_on_close(body.close)
        if getattr(body, "size", None) is not None:
            response.content_length = body.size
        response.headers["Content-Disposition"] = f'attachment; filename="{export.stem}.{writer.extension}"'
        return response
