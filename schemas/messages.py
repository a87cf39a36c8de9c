"""GET /api/v1/messages: the message catalogue (domain/messages.py) as clients read it, and
marshmallow's own messages mapped to its codes."""

from marshmallow import Schema, fields

from domain.messages import Message, render

_TEMPLATES = fields.Dict(
    keys=fields.String(), values=fields.String(), metadata={"description": "language (en, zh) → template with {params}"}
)


class MessagesSchema(Schema):
    languages = fields.List(fields.String(), metadata={"description": "The languages of every message"})
    messages = fields.Dict(
        keys=fields.String(),
        values=_TEMPLATES,
        metadata={
            "description": "code → {en, zh}: problem codes (the `code` of a problem) and field codes "
            "(the `code` of an invalid_params item); fill {params} from the item's params"
        },
    )
    patterns = fields.Dict(
        keys=fields.String(),
        values=_TEMPLATES,
        metadata={"description": "what a pattern_mismatch names: params.what → {en, zh}"},
    )


# marshmallow's own fixed messages (fields the schemas use without a validator of ours)
_MARSHMALLOW_CODES = {
    fields.Field.default_error_messages["required"]: "required",
    fields.Field.default_error_messages["null"]: "null",
    "Unknown field.": "unknown_field",
    fields.Number.default_error_messages["invalid"]: "not_a_number",
    fields.Number.default_error_messages["too_large"]: "number_out_of_range",
    fields.Integer.default_error_messages["invalid"]: "not_an_integer",
    fields.String.default_error_messages["invalid"]: "not_a_string",
    fields.Boolean.default_error_messages["invalid"]: "not_a_boolean",
    fields.UUID.default_error_messages["invalid_uuid"]: "not_a_uuid",
    "Not a valid date.": "not_a_date",
    fields.Mapping.default_error_messages["invalid"]: "not_an_object",
    fields.List.default_error_messages["invalid"]: "not_a_list",
    "Invalid input type.": "not_an_object",
}


def coded(text):
    """(code, params) of a field error: its own, or a marshmallow message's, or `invalid`."""
    if isinstance(text, Message):
        return text.code, text.params
    return _MARSHMALLOW_CODES.get(text, "invalid"), {}


def localise(text, language):
    """A field error or detail in the given language (text without a code stays as it is)."""
    if isinstance(text, Message):
        return render(text.code, text.params, language)
    code = _MARSHMALLOW_CODES.get(text)
    return render(code, {}, language) if code and language != "en" else str(text)
