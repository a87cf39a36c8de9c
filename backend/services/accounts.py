"""Accounts: which unit a role may belong to; setting passwords; creating users from the
command line."""
from backend.auth.passwords import hash_password
from backend.errors import ApiError
from backend.extensions import db
from backend.models import Token, Unit
from backend.models.timestamps import utcnow
from backend.spatial import end_transaction_before_slow_work
from domain.roles import LEVEL_OF_ROLE


def check_unit_for_role(role, unit_code):
    unit = db.session.get(Unit, unit_code)
    expected = LEVEL_OF_ROLE[role]
    if unit is None:
        raise ApiError(422, f"Unknown unit {unit_code}.", errors={"unit_code": ["Unknown unit."]})
    if unit.level != expected:
        raise ApiError(422, f"A {role} belongs to a {expected}, and {unit_code} is a {unit.level}.",
                       errors={"unit_code": [f"Must be a {expected} for role {role}."]})


def new_password_hash(password):
    """The hash of a new password, computed outside any write lock (the hash is slow on
    purpose); call it before the request writes anything."""
    end_transaction_before_slow_work()
    return hash_password(password)


def set_password(user, password, keep_token_digest=None):
    """The one way a password is set (an admin's reset, a self-service change): the new
    hash, and every other token of the account revoked, so whoever held one must sign in
    with the new password. keep_token_digest: the token of the request that changed its
    own password, which stays signed in."""
    password_hash = new_password_hash(password)
    user.password_hash = password_hash
    revoke = db.update(Token).where(Token.user_id == user.id, Token.revoked_at.is_(None))
    if keep_token_digest is not None:
        revoke = revoke.where(Token.digest != keep_token_digest)
    db.session.execute(revoke.values(revoked_at=utcnow()).execution_options(synchronize_session=False))


class AccountError(ValueError):
    pass


def user_exists(username):
    from backend.models import User
    return db.session.execute(db.select(User.id).where(User.username == username)).first() is not None


def create_user(username, password, role, unit_code):
    """Create an account from the command line, with the API's own rules."""
    from marshmallow import ValidationError

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
