"""Schemas for the `values` of each indicator, built from the indicator registry."""

import math
from functools import cache

from marshmallow import Schema, ValidationError, fields, validates_schema

from domain.indicators import BREAKDOWN_PART_MAX, INDICATORS
from domain.messages import message
from schemas.common import Length, OneOf, Range

_TOLERANCE = 1e-6


def _quantity(spec):
    return fields.Float(
        required=spec.required,
        allow_nan=False,
        validate=Range(min=0, max=spec.maximum),
        metadata={"description": f"{spec.name_en} ({spec.name_zh}), {spec.unit}"},
    )


def _field(spec):
    description = f"{spec.name_en} ({spec.name_zh})"
    if spec.kind == "quantity":
        return _quantity(spec)
    if spec.kind == "text":
        return fields.String(
            required=spec.required, validate=Length(min=1, max=spec.max_length), metadata={"description": description}
        )
    if spec.kind == "choice":
        return fields.String(
            required=spec.required, validate=OneOf(spec.choices), metadata={"description": description}
        )
    if spec.kind == "date":
        return fields.Date(required=spec.required, metadata={"description": description})
    if spec.kind == "breakdown":
        parts = {p: fields.Float(allow_nan=False, validate=Range(min=0, max=BREAKDOWN_PART_MAX)) for p in spec.parts}
        return fields.Nested(
            Schema.from_dict(parts, name=f"{spec.name}_parts"),
            required=spec.required,
            metadata={"description": f"{description}; parts add up to {spec.total_of}"},
        )
    raise ValueError(f"unknown field kind {spec.kind}")


class _ValuesBase(Schema):
    indicator = None

    @validates_schema
    def check_consistency(self, data, **kwargs):
        ind = self.indicator
        errors = {}
        for lesser, greater in ind.orderings:
            if lesser in data and greater in data and data[lesser] > data[greater] + _TOLERANCE:
                errors[lesser] = [
                    message("exceeds", field=lesser, value=data[lesser], other=greater, other_value=data[greater])
                ]
        if not errors and ind.denominator and all(f in data for f in (*ind.numerator_fields, ind.denominator_field)):
            numerator, denominator = ind.numerator(data), ind.denominator(data)
            if numerator > denominator * (1 + _TOLERANCE) + _TOLERANCE:
                named = " − ".join(ind.numerator_fields)
                errors[ind.numerator_fields[0]] = [
                    message(
                        "exceeds_for_one_record",
                        field=named,
                        value=numerator,
                        other=ind.denominator_field,
                        other_value=denominator,
                    )
                ]
        for spec in ind.fields:
            if spec.kind == "breakdown" and data.get(spec.name) and spec.total_of in data:
                total = math.fsum(data[spec.name].values())
                if abs(total - data[spec.total_of]) > max(1e-3, 1e-6 * total):
                    errors[spec.name] = [
                        message(
                            "parts_sum",
                            field=spec.name,
                            total=total,
                            other=spec.total_of,
                            other_value=data[spec.total_of],
                        )
                    ]
        if errors:
            raise ValidationError(errors)


@cache
def values_schema(code):
    """The values schema of an indicator (one per indicator, built once)."""
    indicator = INDICATORS[code]
    attrs = {spec.name: _field(spec) for spec in indicator.fields}
    attrs["indicator"] = indicator
    return type(f"{code.title().replace('_', '')}Values", (_ValuesBase,), attrs)()


class IndicatorValues(fields.Field):
    """The `values` object, loaded with the value schema of the record's own indicator."""

    OPENAPI = {"type": "object"}  # each indicator's record schema names its own values schema

    def _deserialize(self, value, attr, data, **kwargs):
        if not isinstance(value, dict):
            raise ValidationError(message("not_an_object"))
        code = data.get("indicator") if isinstance(data, dict) else None
        if not isinstance(code, str) or code not in INDICATORS:
            return value  # the indicator field reports the unknown code
        return values_schema(code).load(value)
