"""Summaries: what may be asked (level, unit, indicators, period, status) and the answers."""

from marshmallow import EXCLUDE, Schema, ValidationError, fields, post_load, validates_schema

from domain.indicators import INDICATORS
from domain.messages import message
from domain.units import LEVELS
from schemas.common import UNIT, YEAR, OneOf, Regexp, nine_digits

STATUS_CHOICES = ("approved", "all", "pending")
FORMATS = ("json", "csv", "xlsx")


PLAN_CODE = Regexp(r"^[0-9A-Za-z][0-9A-Za-z._-]{0,19}\Z", "plan code (1–20 letters, digits or . _ -, e.g. 2023-2025)")


class PlanRefSchema(Schema):
    """The plan an answer was measured against."""

    code = fields.String(metadata={"description": "e.g. 2023-2025"})
    name = fields.String(metadata={"description": "The plan's Chinese name"})
    starts_on = fields.Date(metadata={"description": "First day of its window"})
    ends_on = fields.Date(metadata={"description": "Last day of its window"})
    ended = fields.Boolean(metadata={"description": "The window closed before today (China time)"})


class PeriodQuerySchema(Schema):
    """A reporting year, or a date range, or neither: the whole window of the plan."""

    class Meta:
        unknown = EXCLUDE

    plan = fields.String(
        validate=PLAN_CODE,
        metadata={
            "description": "Plan code whose targets (and, without year or dates, whose window) apply; "
            "default: the plan holding the year or first day asked, else the plan running "
            "today in China time, else the latest that has ended"
        },
    )
    unit = fields.String(
        validate=UNIT, metadata={"description": "City, county or town code; defaults to the account's unit"}
    )
    year = fields.Integer(
        validate=YEAR, metadata={"description": "Reporting year (rates); totals count by counted_on in it"}
    )
    date_from = fields.Date(metadata={"description": "First day, by counted_on (observed_on; completed_on for plots)"})
    date_to = fields.Date(metadata={"description": "Last day, by counted_on"})
    status = fields.String(
        load_default="approved",
        validate=OneOf(STATUS_CHOICES),
        metadata={"description": "approved (default), all (pending and approved) or pending"},
    )

    @validates_schema
    def one_period(self, data, **kwargs):
        if data.get("year") is not None and (data.get("date_from") or data.get("date_to")):
            raise ValidationError(message("year_or_range"), "year")
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ValidationError(message("date_from_after_date_to"), "date_from")

    @post_load
    def nine_digit_town(self, data, **kwargs):
        return nine_digits(data, "unit")


class DownloadQuerySchema(PeriodQuerySchema):
    format = fields.String(
        validate=OneOf(FORMATS), metadata={"description": "json, csv or xlsx; overrides the Accept header"}
    )


class SummaryQuerySchema(DownloadQuerySchema):
    level = fields.String(
        validate=OneOf(LEVELS), metadata={"description": "town, county or city; defaults to the level of the unit"}
    )
    indicators = fields.List(
        fields.String(), metadata={"description": "Indicator codes, comma-separated or repeated; default all"}
    )

    @post_load
    def split_indicators(self, data, **kwargs):
        if "indicators" in data:
            codes = [code.strip() for item in data["indicators"] for code in item.split(",") if code.strip()]
            unknown = [code for code in codes if code not in INDICATORS]
            if unknown or not codes:
                raise ValidationError(
                    {
                        "indicators": [
                            message("unknown_indicators", codes=unknown) if unknown else message("no_indicator")
                        ]
                    }
                )
            data["indicators"] = list(dict.fromkeys(codes))
        return data


class LaggingQuerySchema(DownloadQuerySchema):
    indicator = fields.String(required=True, validate=OneOf(INDICATORS), metadata={"description": "Indicator code"})


class MonthlyQuerySchema(PeriodQuerySchema):
    indicator = fields.String(required=True, validate=OneOf(INDICATORS), metadata={"description": "Indicator code"})
    year = fields.Integer(required=True, validate=YEAR, metadata={"description": "The year, month by month"})

    @validates_schema
    def no_range(self, data, **kwargs):
        if data.get("date_from") or data.get("date_to"):
            raise ValidationError(message("monthly_needs_year"), "date_from")


class TargetSourceSchema(Schema):
    unit_code = fields.String(metadata={"description": "The unit the applied target was set for"})
    year = fields.Integer(allow_none=True, metadata={"description": "Its year; null: every year"})


class SummaryItemSchema(Schema):
    indicator = fields.String()
    indicator_name = fields.String()
    kind = fields.String(metadata={"description": "rate or total"})
    value_unit = fields.String(metadata={"description": "fraction for rates, mu for the area total"})
    unit_code = fields.String()
    unit_name = fields.String()
    level = fields.String()
    parent_code = fields.String(allow_none=True)
    parent_name = fields.String(allow_none=True)
    year = fields.Integer(allow_none=True, metadata={"description": "The reporting year asked, if any"})
    date_from = fields.Date(allow_none=True, metadata={"description": "First day counted (by counted_on)"})
    date_to = fields.Date(allow_none=True, metadata={"description": "Last day counted (by counted_on)"})
    numerator = fields.Float(metadata={"description": "SUM(numerator) of the records counted"})
    denominator = fields.Float(allow_none=True, metadata={"description": "SUM(denominator); null for a total"})
    value = fields.Float(
        allow_none=True,
        metadata={
            "description": "numerator ÷ denominator (a fraction) for a rate, null when the denominator is 0; "
            "mu for a total"
        },
    )
    target = fields.Float(allow_none=True)
    target_source = fields.Nested(
        TargetSourceSchema,
        allow_none=True,
        metadata={"description": "Which target applied: where and for which year it was set"},
    )
    met = fields.Boolean(allow_none=True, metadata={"description": "value ≥ target; null without value or target"})
    gap = fields.Float(allow_none=True, metadata={"description": "max(target − value, 0)"})
    records = fields.Integer(metadata={"description": "Records counted"})
    towns_reporting = fields.Integer(metadata={"description": "Towns with at least one record counted"})
    towns_total = fields.Integer(metadata={"description": "Towns in the unit"})


class SummarySchema(Schema):
    level = fields.String()
    unit_code = fields.String()
    status = fields.String()
    year = fields.Integer(allow_none=True)
    date_from = fields.Date(allow_none=True)
    date_to = fields.Date(allow_none=True)
    plan = fields.Nested(PlanRefSchema)
    items = fields.List(fields.Nested(SummaryItemSchema))


class LaggingTownSchema(SummaryItemSchema):
    submitted = fields.Integer(metadata={"description": "Records sent, whatever their status"})


class LaggingSchema(Schema):
    indicator = fields.String()
    indicator_name = fields.String()
    unit_code = fields.String()
    unit_name = fields.String()
    status = fields.String()
    year = fields.Integer(allow_none=True)
    date_from = fields.Date(allow_none=True)
    date_to = fields.Date(allow_none=True)
    plan = fields.Nested(PlanRefSchema)
    towns_total = fields.Integer()
    below_target = fields.List(
        fields.Nested(LaggingTownSchema), metadata={"description": "Towns below target, largest gap first"}
    )
    without_value = fields.List(
        fields.Nested(LaggingTownSchema),
        metadata={
            "description": "Towns that sent records but have no counted value (pending, rejected or zero denominators)"
        },
    )
    not_reporting = fields.List(
        fields.Nested(LaggingTownSchema), metadata={"description": "Towns with no record at all in the period"}
    )


class MonthSchema(Schema):
    month = fields.Integer()
    numerator = fields.Float()
    denominator = fields.Float(allow_none=True)
    value = fields.Float(allow_none=True, metadata={"description": "The month's own value"})
    records = fields.Integer()
    towns_reporting = fields.Integer()
    cum_numerator = fields.Float()
    cum_denominator = fields.Float(allow_none=True)
    cum_value = fields.Float(allow_none=True, metadata={"description": "From January to the end of this month"})
    cum_records = fields.Integer()
    target = fields.Float(allow_none=True)
    target_source = fields.Nested(TargetSourceSchema, allow_none=True)
    cum_met = fields.Boolean(allow_none=True)
    cum_gap = fields.Float(allow_none=True)


class MonthlySchema(Schema):
    indicator = fields.String()
    indicator_name = fields.String()
    kind = fields.String()
    value_unit = fields.String()
    unit_code = fields.String()
    unit_name = fields.String()
    year = fields.Integer()
    status = fields.String()
    plan = fields.Nested(PlanRefSchema)
    months = fields.List(fields.Nested(MonthSchema))
