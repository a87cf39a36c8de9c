"""Reminders: towns silent this month or quarter, reviews overdue."""

from marshmallow import EXCLUDE, Schema, fields, post_load

from schemas.common import UNIT, OneOf, nine_digits


class ReminderQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    unit = fields.String(
        validate=UNIT, metadata={"description": "County, town or the city; default the account's unit"}
    )
    period = fields.String(
        load_default="month",
        validate=OneOf(("month", "quarter")),
        metadata={"description": "month (default) or quarter, the one holding today (China time)"},
    )
    format = fields.String(
        load_default="json",
        validate=OneOf(("json", "xlsx")),
        metadata={"description": "json, or xlsx for the weekly notice"},
    )

    @post_load
    def nine_digit_town(self, data, **kwargs):
        return nine_digits(data, "unit")


class SilentTownSchema(Schema):
    town_code = fields.String()
    town_name = fields.String()
    county_name = fields.String()


class OverdueReviewSchema(Schema):
    id = fields.Integer(metadata={"description": "Record id"})
    indicator = fields.String()
    town_code = fields.String()
    town_name = fields.String()
    county_name = fields.String()
    observed_on = fields.Date()
    created_by = fields.String()
    waiting_since = fields.DateTime(metadata={"description": "When it was last sent or corrected"})
    days_waiting = fields.Integer()


class RemindersSchema(Schema):
    unit_code = fields.String()
    unit_name = fields.String()
    period = fields.String(metadata={"description": "month or quarter"})
    period_label = fields.String(metadata={"description": "e.g. 2026-12 or 2026-Q4"})
    date_from = fields.Date()
    date_to = fields.Date()
    review_reminder_days = fields.Integer(metadata={"description": "REVIEW_REMINDER_DAYS: pending longer is overdue"})
    silent_towns = fields.List(
        fields.Nested(SilentTownSchema),
        metadata={"description": "Towns with no record (rejected ones aside) observed in the period"},
    )
    overdue_reviews = fields.List(
        fields.Nested(OverdueReviewSchema),
        metadata={"description": "Pending records waiting longest first (at most 1000)"},
    )
    overdue_total = fields.Integer(metadata={"description": "All overdue records, listed or not"})
