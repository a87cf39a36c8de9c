from marshmallow import Schema, ValidationError, fields, validate, validates_schema

UNIT_CODE = r"^\d{6}(\d{3}(000)?)?$"
UNIT = validate.Regexp(UNIT_CODE, error="Not a unit code (6 or 9 digits).")
YEAR = validate.Range(min=2000, max=2100)


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


# Paging by offset reads and drops every row before the page: deeper than this, the
# next links' cursors (keyset paging) serve the records, at the cost of a first page.
MAX_OFFSET = 100_000


class PageQuerySchema(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1),
                          metadata={"description": f"Page number, from 1; pages reach {MAX_OFFSET} items "
                                                   "deep, beyond that follow the next links (cursor)"})
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500),
                              metadata={"description": "Items per page, at most 500"})

    @validates_schema
    def offset_bounded(self, data, **kwargs):
        page, per_page = data.get("page", 1), data.get("per_page", 50)
        if (page - 1) * per_page > MAX_OFFSET:
            raise ValidationError(f"Pages end {MAX_OFFSET} items deep; follow the next links "
                                  "(cursor=) to read further.", "page")


def page_schema(item_schema, name):
    """The page envelope of a list: {items, total, page, per_page, pages, next_cursor}."""
    return Schema.from_dict({
        "items": fields.List(fields.Nested(item_schema)),
        "total": fields.Integer(metadata={"description": "Items matching the filters"}),
        "page": fields.Integer(),
        "per_page": fields.Integer(),
        "pages": fields.Integer(),
        "next_cursor": fields.String(allow_none=True, metadata={
            "description": "Pass as cursor= for the next page (null on the last one). A page "
                           "read by cursor has no total, page or pages: counting is what paging "
                           "by cursor avoids"}),
    }, name=name)
