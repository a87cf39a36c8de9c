from marshmallow import Schema, fields

from schemas.common import Length
from schemas.users import UserOutSchema


class TokenInSchema(Schema):
    username = fields.String(required=True, validate=Length(min=1, max=64))
    password = fields.String(required=True, validate=Length(min=1, max=1024))


class TokenOutSchema(Schema):
    token = fields.String(metadata={"description": "Send as `Authorization: Bearer <token>`"})
    token_type = fields.String()
    expires_at = fields.DateTime()
    user = fields.Nested(UserOutSchema)
