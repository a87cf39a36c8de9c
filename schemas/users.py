from marshmallow import Schema, fields

from domain.roles import ROLES
from domain.units import CITY_CODE
from schemas.common import Length, OneOf, Regexp

USERNAME = Regexp(r"^[A-Za-z0-9_.@-]{3,64}$", "username")
PASSWORD = Length(min=10, max=1024)


class UserInSchema(Schema):
    username = fields.String(required=True, validate=USERNAME)
    password = fields.String(required=True, load_only=True, validate=PASSWORD)
    role = fields.String(required=True, validate=OneOf(ROLES))
    unit_code = fields.String(
        required=True,
        validate=Regexp(r"^\d{6}(\d{3})?$", "unit_code"),
        metadata={"description": f"Town (9 digits), county (6) or city ({CITY_CODE})"},
    )
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
    must_change_password = fields.Boolean(
        metadata={"description": "A temporary password: every call but POST /api/v1/auth/password is refused (403)"}
    )
    created_at = fields.DateTime()


class PasswordResetOutSchema(Schema):
    username = fields.String()
    temporary_password = fields.String(metadata={"description": "Shown once; give it to the account's owner"})
    must_change_password = fields.Boolean()


class PasswordChangeInSchema(Schema):
    current_password = fields.String(
        required=True,
        load_only=True,
        validate=Length(min=1, max=1024),
        metadata={"description": "The password (or temporary password) now"},
    )
    new_password = fields.String(
        required=True,
        load_only=True,
        validate=PASSWORD,
        metadata={"description": "10 to 1024 characters, not the current one"},
    )
