from marshmallow import Schema, fields, validate

UNIT_CODE = r"^\d{6}(\d{3}(000)?)?$"
UNIT = validate.Regexp(UNIT_CODE, error="Not a unit code (6 or 9 digits).")
YEAR = validate.Range(min=2000, max=2100)
# no control characters and no lone surrogates: PostgreSQL refuses NUL, UTF-8 refuses surrogates
PLAIN_TEXT = validate.Regexp(r"^[^\x00-\x1f\x7f\ud800-\udfff]*$", error="Control characters are not allowed.")


def nine_digits(data, key):
    """data with its code at key as stored: a town's 12-digit statistical form cut to 9."""
    if data.get(key):
        data[key] = data[key][:9]
    return data


class ProblemSchema(Schema):
    """An error, as application/problem+json (RFC 9457)."""

    type = fields.String(metadata={"description": "A URI reference for the problem type"})
    title = fields.String(metadata={"description": "Short summary of the problem type"})
    status = fields.Integer(metadata={"description": "The HTTP status"})
    detail = fields.String(metadata={"description": "What went wrong, for a person"})
    errors = fields.Dict(
        keys=fields.String(), values=fields.List(fields.String()),
        metadata={"description": "Field path (e.g. values.film_used_t) → messages"},
    )


class PageQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1),
                          metadata={"description": "Page number, from 1"})
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500),
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
