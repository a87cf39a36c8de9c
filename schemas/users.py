from marshmallow import Schema, fields

from backend.models.users import ROLES
from schemas.common import Length, OneOf, Regexp

USERNAME = Regexp(r"^[A-Za-z0-9_.@-]{3,64}$", "username")
PASSWORD = Length(min=10, max=1024)


class UserInSchema(Schema):
    username = fields.String(required=True, validate=USERNAME)
    password = fields.String(required=True, load_only=True, validate=PASSWORD)
    role = fields.String(required=True, validate=OneOf(ROLES))
    unit_code = fields.String(required=True, validate=Regexp(r"^\d{6}(\d{3})?$", "unit_code"),
                              metadata={"description": "Town (9 digits), county (6) or city (441400)"})
    active = fields.Boolean(load_default=True)


class UserPatchSchema(Schema):
    password = fields.String(load_only=True, validate=PASSWORD)
    role = fields.String(validate=OneOf(ROLES))
    unit_code = fields.String(validate=Regexp(r"^\d{6}(\d{3})?$", "unit_code"))
    active = fields.Boolean()


class UserOutSchema(Schema):
    username = fields.String()
    role = fields.String()
    unit_code = fields.String()
    unit_name = fields.Function(lambda u: u.unit.name if u.unit else None)
    active = fields.Boolean()
    created_at = fields.DateTime()
