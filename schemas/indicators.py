from marshmallow import Schema, fields


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
    measures = fields.String()
    fields_ = fields.List(fields.Nested(ValueFieldSchema), data_key="fields", attribute="fields")
    numerator_fields = fields.List(fields.String())
    denominator_field = fields.String(allow_none=True)
    default_target = fields.Float(attribute="target")
    counted_on = fields.String(metadata={"description": "the date that places a record in time"})
    expects_plot = fields.Boolean()
    evidence_required = fields.Boolean(metadata={"description": "records need a photo; without one they are flagged photo_missing"})
    orderings = fields.List(fields.List(fields.String()),
                            metadata={"description": "pairs [a, b]: values[a] may not exceed values[b]"})
