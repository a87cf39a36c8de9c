"""Ledger imports: the XLSX template of an indicator, and the upload of a filled ledger."""

from urllib.parse import quote

from flask import Response
from flask.views import MethodView

from backend.api.body import Blueprint
from backend.api.openapi import BINARY
from backend.auth.tokens import current_user, require_sign_in
from backend.errors import language, localised_errors
from backend.extensions import db
from backend.services.imports import build_template, run_import
from domain.indicators import INDICATORS
from schemas.common import ProblemSchema
from schemas.imports import (
    ImportFileSchema,
    ImportFormSchema,
    ImportReportSchema,
    ImportRequestSchema,
    TemplateQuerySchema,
)

blp = Blueprint("imports", __name__, url_prefix="/api/v1/imports", description="Importing Excel/CSV ledgers")
# every operation needs an account: 401 before the arguments are read
blp.before_request(require_sign_in)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@blp.route("/template")
class Template(MethodView):
    @blp.arguments(TemplateQuerySchema, location="query")
    @blp.doc(
        responses={
            "200": {
                "description": "The XLSX template",
                "content": {XLSX: {"schema": dict(BINARY)}},
            }
        }
    )
    def get(self, query):
        """An indicator's ledger template: Chinese headers and codes, drop-down lists, an example row"""
        body, filename = build_template(INDICATORS[query["indicator"]], current_user())
        return Response(
            body,
            mimetype=XLSX,
            headers={"Content-Disposition": f"attachment; filename={filename}; filename*=UTF-8''{quote(filename)}"},
        )


@blp.route("")
class Imports(MethodView):
    # read by the body rules of backend/api/__init__.py: a file upload, with its own limit
    body_types = ("multipart/form-data",)
    body_limit = "IMPORT_MAX_BYTES"

    @blp.doc(requestBody={"required": True, "content": {"multipart/form-data": {"schema": ImportRequestSchema}}})
    @blp.arguments(ImportFormSchema, location="form")
    @blp.arguments(ImportFileSchema, location="files")
    @blp.response(200, ImportReportSchema)
    @blp.alt_response(413, schema=ProblemSchema, description="File, workbook or row count over its limit")
    @blp.alt_response(415, schema=ProblemSchema, description="Not XLSX nor CSV in UTF-8 or GBK")
    @blp.alt_response(422, schema=ProblemSchema, description="The file cannot be read as a ledger")
    def post(self, form, files):
        """Import a ledger (XLSX or CSV): one outcome per row

        Nothing is stored from a file with invalid rows unless skip_invalid."""
        user = current_user()
        upload = files["file"]
        report = run_import(
            upload.stream,
            upload.filename or "upload",
            user,
            indicator=form["indicator"],
            dry_run=form["dry_run"],
            skip_invalid=form["skip_invalid"],
            approve=form["approve"],
        )
        if report.committed:
            db.session.commit()
        else:
            db.session.rollback()
        lang = language()
        for row in report.rows:  # the row errors in the reader's language
            if row.get("errors"):
                row["errors"] = localised_errors(row["errors"], lang)
        return report
