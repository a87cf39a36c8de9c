"""GET /api/v1/messages: the message catalogue, as clients read it."""
from marshmallow import Schema, fields

_TEMPLATES = fields.Dict(keys=fields.String(), values=fields.String(),
                         metadata={"description": "language (en, zh) → template with {params}"})


class MessagesSchema(Schema):
    languages = fields.List(fields.String(), metadata={"description": "The languages of every message"})
    messages = fields.Dict(keys=fields.String(), values=_TEMPLATES, metadata={
        "description": "code → {en, zh}: problem codes (the `code` of a problem) and field codes "
                       "(the `code` of an invalid_params item); fill {params} from the item's params"})
    patterns = fields.Dict(keys=fields.String(), values=_TEMPLATES, metadata={
        "description": "what a pattern_mismatch names: params.what → {en, zh}"})
