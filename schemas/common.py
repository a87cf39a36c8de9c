from marshmallow import INCLUDE, Schema, ValidationError, fields, validate, validates_schema

from domain.ids import MAX_ID
from domain.messages import message
from domain.units import UNIT_CODE_PATTERN as UNIT_CODE
from domain.units import stored_code

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


UNIT = Regexp(UNIT_CODE, "unit_code")
YEAR = Range(min=2000, max=2100)
PER_PAGE_MAX = 500
# no control characters and no lone surrogates: PostgreSQL refuses NUL, UTF-8 refuses surrogates
PLAIN_TEXT = Regexp(r"^[^\x00-\x1f\x7f\ud800-\udfff]*$", "text without control characters")


def nine_digits(data, key):
    """data with its code at key as stored: a town's 12-digit statistical form cut to 9."""
    if data.get(key):
        data[key] = stored_code(data[key])
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

    class Meta:
        unknown = INCLUDE  # extension members: code, limit, record_id, differences, ...

    type = fields.String(metadata={"description": "A URI reference for the problem type"})
    title = fields.String(metadata={"description": "Short summary of the problem type"})
    status = fields.Integer(metadata={"description": "The HTTP status"})
    code = fields.String(
        metadata={
            "description": "Stable machine-readable code of the problem "
            "(see GET /api/v1/messages), e.g. validation_failed"
        }
    )
    detail = fields.String(
        metadata={"description": "What went wrong, for a person (Chinese when Accept-Language prefers zh)"}
    )
    errors = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "Field path (e.g. values.film_used_t) → messages"},
    )
    invalid_params = fields.List(
        fields.Dict(),
        metadata={"description": "Validation problems: [{name, code, params, reason}], one per field error"},
    )


# Paging by offset reads and drops every row before the page: deeper than this, the
# next links' cursors (keyset paging) serve the records, at the cost of a first page.
MAX_OFFSET = 100_000


class PageQuerySchema(Schema):
    page = fields.Integer(
        load_default=1,
        validate=Range(min=1, max=MAX_ID),
        metadata={
            "description": f"Page number, from 1; pages reach {MAX_OFFSET} items "
            "deep, beyond that follow the next links (cursor)"
        },
    )
    per_page = fields.Integer(
        load_default=50,
        validate=Range(min=1, max=PER_PAGE_MAX),
        metadata={"description": "Items per page, at most 500"},
    )

    @validates_schema
    def offset_bounded(self, data, **kwargs):
        page, per_page = data.get("page", 1), data.get("per_page", 50)
        if (page - 1) * per_page > MAX_OFFSET:
            raise ValidationError(message("offset_too_deep", max=MAX_OFFSET), "page")


def page_schema(item_schema, name):
    """The page envelope of a list: {items, total, page, per_page, pages, next_cursor}."""
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item_schema)),
            "total": fields.Integer(metadata={"description": "Items matching the filters"}),
            "page": fields.Integer(),
            "per_page": fields.Integer(),
            "pages": fields.Integer(),
            "next_cursor": fields.String(
                allow_none=True,
                metadata={
                    "description": "Pass as cursor= for the next page (null on the last one). A page "
                    "read by cursor has no total, page or pages: counting is what paging "
                    "by cursor avoids"
                },
            ),
        },
        name=name,
    )
