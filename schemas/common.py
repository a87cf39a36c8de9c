from marshmallow import Schema, ValidationError, fields, validate

from backend.ids import MAX_ID
from backend.messages import message

NUL = "\x00"


class Range(validate.Range):
    """validate.Range (so the OpenAPI document shows the bounds) with coded messages."""

    def __call__(self, value):
        if self.min is not None and (value < self.min if self.min_inclusive else value <= self.min):
            raise ValidationError(message("too_small", min=self.min))
        if self.max is not None and (value > self.max if self.max_inclusive else value >= self.max):
            raise ValidationError(message("too_large", max=self.max))
        return value


class Length(validate.Length):
    def __call__(self, value):
        if self.min is not None and len(value) < self.min:
            raise ValidationError(message("too_short", min=self.min))
        if self.max is not None and len(value) > self.max:
            raise ValidationError(message("too_long", max=self.max))
        return value


class OneOf(validate.OneOf):
    def __call__(self, value):
        try:
            if value in self.choices:
                return value
        except TypeError:
            pass
        raise ValidationError(message("not_one_of", choices=list(self.choices)))


class Regexp(validate.Regexp):
    """A pattern with a name (`what`) the message catalogue knows."""

    def __init__(self, regex, what, **kwargs):
        super().__init__(regex, **kwargs)
        self.what = what

    def __call__(self, value):
        if self.regex.match(value) is None:
            raise ValidationError(message("pattern_mismatch", what=self.what))
        return value


UNIT_CODE = r"^\d{6}(\d{3}(000)?)?$"
UNIT = Regexp(UNIT_CODE, "unit_code")
YEAR = Range(min=2000, max=2100)
PER_PAGE_MAX = 500


def nine_digits(data, key):
    """data with its code at key as stored: a town's 12-digit statistical form cut to 9."""
    if data.get(key):
        data[key] = data[key][:9]
    return data


def nul_errors(document, path=""):
    """{path: [nul_character]} for every string (value or key) holding a NUL anywhere in
    document: PostgreSQL cannot store one in text or jsonb, so neither database takes it."""
    errors = {}
    if isinstance(document, str):
        if NUL in document:
            errors[path or "_schema"] = [message("nul_character")]
    elif isinstance(document, dict):
        for key, value in document.items():
            name = f"{path}.{key}" if path else str(key)
            if isinstance(key, str) and NUL in key:
                errors[name.replace(NUL, "\\u0000")] = [message("nul_character")]
            else:
                errors.update(nul_errors(value, name))
    elif isinstance(document, (list, tuple)):
        for index, value in enumerate(document):
            errors.update(nul_errors(value, f"{path}[{index}]"))
    return errors


def refuse_nul(document):
    errors = nul_errors(document)
    if errors:
        raise ValidationError(errors)
    return document


class ProblemSchema(Schema):
    """An error, as application/problem+json (RFC 9457)."""

    type = fields.String(metadata={"description": "A URI reference for the problem type"})
    title = fields.String(metadata={"description": "Short summary of the problem type"})
    status = fields.Integer(metadata={"description": "The HTTP status"})
    code = fields.String(metadata={"description": "Stable machine-readable code of the problem "
                                                  "(see GET /api/v1/messages), e.g. validation_failed"})
    detail = fields.String(metadata={"description": "What went wrong, for a person (Chinese when "
                                                    "Accept-Language prefers zh)"})
    errors = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()),
        metadata={"description": "Field path (e.g. values.film_used_t) → messages"},
    )
    invalid_params = fields.List(fields.Dict(), metadata={
        "description": "Validation problems: [{name, code, params, reason}], one per field error"})


class PageQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=Range(min=1, max=MAX_ID),
                          metadata={"description": "Page number, from 1"})
    per_page = fields.Integer(load_default=50, validate=Range(min=1, max=PER_PAGE_MAX),
                              metadata={"description": "Items per page, at most 500"})


def page_schema(item_schema, name):
    """The page envelope of a list: {items, total, page, per_page, pages}."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item_schema)),
        "total": fields.Integer(metadata={"description": "Items matching the filters"}),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "pages": fields.Integer(),
    }, name=name)
