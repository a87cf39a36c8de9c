"""Targets: one per indicator, unit and year (year null: every year)."""

from marshmallow import EXCLUDE, Schema, fields, post_load

from domain.indicators import INDICATORS
from schemas.common import UNIT, YEAR, OneOf, nine_digits
from schemas.summaries import PLAN_CODE, TargetSourceSchema

PLAN_PARAM = {
    "validate": PLAN_CODE,
    "metadata": {
        "description": "The plan whose targets these are; default: the plan running today (China time), "
        "else the latest that has ended"
    },
}


class TargetFieldsSchema(Schema):
    """One target as a plan lists it."""

    indicator = fields.String(required=True, validate=OneOf(INDICATORS), metadata={"description": "Indicator code"})
    unit_code = fields.String(required=True, validate=UNIT, metadata={"description": "City, county or town code"})
    year = fields.Integer(
        load_default=None,
        allow_none=True,
        strict=True,
        validate=YEAR,
        metadata={"description": "The year it applies to; null: every year"},
    )
    value = fields.Float(
        required=True, allow_nan=False, metadata={"description": "A fraction (0..1) for a rate, mu for the area total"}
    )

    @post_load
    def normalise(self, data, **kwargs):
        return nine_digits(data, "unit_code")


class TargetInSchema(TargetFieldsSchema):
    plan = fields.String(**PLAN_PARAM)


class TargetQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    plan = fields.String(**PLAN_PARAM)
    indicator = fields.String(validate=OneOf(INDICATORS))
    unit_code = fields.String(validate=UNIT)
    year = fields.Integer(validate=YEAR, metadata={"description": "Targets set for this year only"})

    @post_load
    def normalise(self, data, **kwargs):
        return nine_digits(data, "unit_code")


class EffectiveQuerySchema(Schema):
    class Meta:
        unknown = EXCLUDE

    plan = fields.String(**PLAN_PARAM)
    unit_code = fields.String(validate=UNIT, metadata={"description": "Defaults to the account's unit"})
    year = fields.Integer(validate=YEAR, metadata={"description": "Without a year: the targets for every year"})

    @post_load
    def normalise(self, data, **kwargs):
        return nine_digits(data, "unit_code")


class TargetSchema(Schema):
    plan = fields.Function(lambda target: target.plan.code, metadata={"description": "The plan's code"})
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
    new_value = fields.Float(allow_none=True, metadata={"description": "null: the target was removed"})
    at = fields.DateTime()
    by = fields.String()
