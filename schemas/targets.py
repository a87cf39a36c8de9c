"""Targets: one per indicator, unit and year (year null: every year)."""
from marshmallow import EXCLUDE, Schema, fields, post_load

from backend.indicators import INDICATORS
from schemas.common import UNIT, YEAR, OneOf, nine_digits
from schemas.summaries import TargetSourceSchema


class TargetInSchema(Schema):
    indicator = fields.String(required=True, validate=OneOf(list(INDICATORS)),
                              metadata={"description": "Indicator code"})
    unit_code = fields.String(required=True, validate=UNIT, metadata={"description": "City, county or town code"})
    year = fields.Integer(load_default=None, allow_none=True, strict=True, validate=YEAR,
                          metadata={"description": "The year it applies to; null: every year"})
    value = fields.Float(required=True, allow_nan=False, metadata={
        "description": "A fraction (0..1) for a rate, mu for the area total"})

    @post_load
    def normalise(self, data, **kwargs):
        return nine_digits(data, "unit_code")


class TargetQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    indicator = fields.String(validate=OneOf(list(INDICATORS)))
    unit_code = fields.String(validate=UNIT)
    year = fields.Integer(validate=YEAR, metadata={"description": "Targets set for this year only"})

    @post_load
    def normalise(self, data, **kwargs):
        return nine_digits(data, "unit_code")


class EffectiveQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    unit_code = fields.String(validate=UNIT, metadata={"description": "Defaults to the account's unit"})
    year = fields.Integer(validate=YEAR, metadata={"description": "Without a year: the targets for every year"})

    @post_load
    def normalise(self, data, **kwargs):
        return nine_digits(data, "unit_code")


class TargetSchema(Schema):
    indicator = fields.String()
    unit_code = fields.String()
    year = fields.Integer(allow_none=True)
    value = fields.Float()
    updated_at = fields.DateTime()
    updated_by = fields.String()


class EffectiveTargetSchema(Schema):
    indicator = fields.String()
    indicator_name = fields.String()
    kind = fields.String()
    value_unit = fields.String()
    unit_code = fields.String()
    year = fields.Integer(allow_none=True)
    target = fields.Float(allow_none=True, metadata={"description": "null: no target applies (a total below the city)"})
    target_source = fields.Nested(TargetSourceSchema, allow_none=True)


class TargetChangeSchema(Schema):
    indicator = fields.String()
    unit_code = fields.String()
    year = fields.Integer(allow_none=True)
    old_value = fields.Float(allow_none=True, metadata={"description": "null: the target was new"})
    new_value = fields.Float()
    at = fields.DateTime()
    by = fields.String()
