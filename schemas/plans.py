"""Plans: a code, a Chinese name, a window and the plan's targets."""

from marshmallow import Schema, ValidationError, fields, validates_schema

from domain.messages import message
from schemas.common import PLAIN_TEXT, Length, OneOf
from schemas.summaries import PlanRefSchema
from schemas.targets import TargetFieldsSchema, TargetSchema

PLAN_MAX_TARGETS = 5000  # 7 indicators × 121 units × 6 years is about what a plan could hold


class PlanInSchema(Schema):
    """A plan as a city admin saves it: the whole list of targets replaces the stored one."""

    name = fields.String(
        required=True,
        validate=[Length(min=1, max=100), PLAIN_TEXT],
        metadata={"description": "The plan's Chinese name"},
    )
    starts_on = fields.Date(required=True, metadata={"description": "First day of the plan's window"})
    ends_on = fields.Date(required=True, metadata={"description": "Last day of the plan's window"})
    targets = fields.List(
        fields.Nested(TargetFieldsSchema),
        required=True,
        validate=Length(max=PLAN_MAX_TARGETS),
        metadata={
            "description": "Every target of the plan: per indicator, optionally per unit "
            "and per year (year null: every year of the plan; a total "
            "indicator's null-year target is the goal for the whole window)"
        },
    )

    @validates_schema
    def window(self, data, **kwargs):
        if data.get("starts_on") and data.get("ends_on") and data["starts_on"] > data["ends_on"]:
            raise ValidationError(message("starts_after_ends"), "ends_on")


class PlanSchema(PlanRefSchema):
    updated_at = fields.DateTime()
    updated_by = fields.String()


class PlanDetailSchema(PlanSchema):
    targets = fields.List(fields.Nested(TargetSchema))


class PlanQuerySchema(Schema):
    format = fields.String(
        load_default="json",
        validate=OneOf(("json", "xlsx")),
        metadata={"description": "json, or xlsx: the plan as a workbook to edit and upload again"},
    )
