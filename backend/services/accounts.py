"""Accounts: which unit a role may belong to; creating users from the command line."""
from backend.errors import ApiError
from backend.extensions import db
from backend.models import Unit
from domain.roles import LEVEL_OF_ROLE


def check_unit_for_role(role, unit_code):
    unit = db.session.get(Unit, unit_code)
    expected = LEVEL_OF_ROLE[role]
    if unit is None:
        raise ApiError(422, f"Unknown unit {unit_code}.", errors={"unit_code": ["Unknown unit."]})
    if unit.level != expected:
        raise ApiError(422, f"A {role} belongs to a {expected}, and {unit_code} is a {unit.level}.",
                       errors={"unit_code": [f"Must be a {expected} for role {role}."]})


class AccountError(ValueError):
    pass


def user_exists(username):
    from backend.models import User
    return db.session.execute(db.select(User.id).where(User.username == username)).first() is not None


def create_user(username, password, role, unit_code):
    """Create an account from the command line, with the API's own rules."""
    from marshmallow import ValidationError

    from backend.auth.passwords import hash_password
    from backend.models import User
    from schemas.users import UserInSchema

    try:
        data = UserInSchema().load({"username": username, "password": password,
                                    "role": role, "unit_code": unit_code})
        check_unit_for_role(role, unit_code)
    except ValidationError as error:
        raise AccountError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.normalized_messages().items()))
    except ApiError as error:
        raise AccountError(error.detail)
    if user_exists(username):
        raise AccountError(f"the username {username} is taken")
    db.session.add(User(username=data["username"], password_hash=hash_password(password),
                        role=role, unit_code=unit_code, active=True))
    db.session.commit()
