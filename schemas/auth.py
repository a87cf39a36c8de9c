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
    must_change_password = fields.Boolean(
        metadata={
            "description": "true: a temporary password; change it with POST /api/v1/auth/password before anything else"
        }
    )
    user = fields.Nested(UserOutSchema)
