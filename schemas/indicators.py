from flask import current_app
from marshmallow import Schema, fields

from domain import indicators
from schemas.common import PER_PAGE_MAX, YEAR


class ValueFieldSchema(Schema):
    name = fields.String()
    kind = fields.String(metadata={"description": "quantity, text, choice, date or breakdown"})
    unit = fields.String(allow_none=True)
    required = fields.Boolean()
    minimum = fields.Function(lambda f: 0 if f.kind in ("quantity", "breakdown") else None)
    maximum = fields.Float(allow_none=True)
    choices = fields.List(fields.String())
    max_length = fields.Integer(allow_none=True)
    parts = fields.List(fields.String())
    total_of = fields.String(allow_none=True)
    name_zh = fields.String()
    name_en = fields.String()


class IndicatorSchema(Schema):
    code = fields.String()
    name_zh = fields.String()
    name_en = fields.String()
    kind = fields.String(metadata={"description": "rate (a fraction) or total"})
    unit = fields.String(metadata={"description": "fraction for rates, mu for the area total"})
    display = fields.String(metadata={"description": "percent, coefficient (a rate shown as it is) or amount"})
    measures = fields.String()
    fields_ = fields.List(fields.Nested(ValueFieldSchema), data_key="fields", attribute="fields")
    numerator_fields = fields.List(fields.String())
    denominator_field = fields.String(allow_none=True)
    default_target = fields.Float(attribute="target")
    counted_on = fields.String(metadata={"description": "the date that places a record in time"})
    expects_plot = fields.Boolean()
    evidence_required = fields.Boolean(
        metadata={"description": "records need a photo; without one they are flagged photo_missing"}
    )
    orderings = fields.List(
        fields.List(fields.String()), metadata={"description": "pairs [a, b]: values[a] may not exceed values[b]"}
    )
    record = fields.Function(
        lambda _indicator: record_rules(),
        metadata={
            "type": "object",
            "description": "The bounds of a record beyond its values (the same for every indicator)",
        },
    )


def record_rules():
    """Every bound the service checks on a record besides its values, as a client needs them."""
    return {
        "observed_on": {"min": indicators.EARLIEST_DAY, "max": "today (Asia/Shanghai)"},
        "year": {"min": YEAR.min, "max": YEAR.max},
        "town_code": {"pattern": indicators.TOWN_CODE_PATTERN},
        "note": {"max_length": indicators.NOTE_MAX_LENGTH},
        "review_reason": {"max_length": indicators.REASON_MAX_LENGTH},
        "accuracy_m": {"min": 0, "max": indicators.ACCURACY_MAX_M},
        "breakdown_part": {"min": 0, "max": indicators.BREAKDOWN_PART_MAX},
        "plot_max_vertices": current_app.config["PLOT_MAX_VERTICES"],
        "batch_max_records": current_app.config["BATCH_MAX_RECORDS"],
        "max_body_bytes": current_app.config["MAX_CONTENT_LENGTH"],
        "per_page_max": PER_PAGE_MAX,
    }
