"""Ledger imports: the upload form, the template query, the per-row report."""

from flask_smorest.fields import Upload
from marshmallow import EXCLUDE, Schema, fields, validate

from domain.indicators import INDICATORS

INDICATOR = validate.OneOf(list(INDICATORS))


class TemplateQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    indicator = fields.String(
        required=True, validate=INDICATOR, metadata={"description": "Indicator code, see GET /api/v1/indicators"}
    )


class ImportFormSchema(Schema):
    class Meta:
        unknown = EXCLUDE

    indicator = fields.String(
        load_default=None,
        validate=INDICATOR,
        metadata={"description": "The ledger's indicator, unless it has a column 指标 (indicator)"},
    )
    dry_run = fields.Boolean(load_default=False, metadata={"description": "true: only check; nothing is stored"})
    skip_invalid = fields.Boolean(
        load_default=False,
        metadata={
            "description": "true: import the valid rows of a file that has invalid "
            "ones (without it, such a file imports nothing)"
        },
    )
    approve = fields.Boolean(
        load_default=False,
        metadata={"description": "true: the records go in approved (county reviewers and city admins)"},
    )


class ImportFileSchema(Schema):
    file = Upload(
        required=True,
        metadata={
            "description": "The ledger: XLSX, or CSV in UTF-8 (with or without BOM) or GBK; Chinese headers or codes"
        },
    )


class ImportRequestSchema(ImportFormSchema, ImportFileSchema):
    """The whole multipart body, for the OpenAPI document (parsed as form and files)."""


class ImportRowSchema(Schema):
    row = fields.Integer(metadata={"description": "Row number as the spreadsheet shows it"})
    outcome = fields.String(
        metadata={
            "description": "created, replayed (already imported: nothing new), "
            "valid (would be created: dry run, or a run stopped by "
            "invalid rows), invalid, forbidden or conflict"
        }
    )
    client_id = fields.String(metadata={"description": "UUIDv5 of the row's normalised content"})
    record_id = fields.Integer(metadata={"description": "The record created or already there"})
    errors = fields.Dict(
        metadata={"description": "Column header (as in the file) → messages, in the language of Accept-Language"}
    )


class ImportReportSchema(Schema):
    filename = fields.String()
    dry_run = fields.Boolean()
    skip_invalid = fields.Boolean()
    approve = fields.Boolean()
    committed = fields.Boolean(metadata={"description": "true when the created rows were stored"})
    counts = fields.Dict(keys=fields.String(), values=fields.Integer())
    ignored_columns = fields.List(fields.String(), metadata={"description": "Headers not recognised"})
    rows = fields.List(fields.Nested(ImportRowSchema))
