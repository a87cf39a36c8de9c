"""Accounts: which unit a role may belong to, who may manage whom, setting passwords.

A city admin manages every account; a county reviewer manages the town officers of its
county (create, deactivate, reset the password) and nobody else. A password chosen by
someone other than the account's owner (a new account, a reset) is temporary: the owner
must choose its own at the next sign-in (`must_change_password`)."""

import re
import secrets
from typing import Any

from sqlalchemy.exc import IntegrityError

from backend.auth.passwords import hash_password
from backend.extensions import db
from backend.models import Token, Unit, User
from backend.models.timestamps import utcnow
from backend.services import audit
from backend.spatial import end_transaction_before_slow_work
from domain import roles
from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from domain.messages import message
from domain.roles import LEVEL_OF_ROLE

MANAGERS = roles.ACCOUNT_MANAGERS
USERNAME_PATTERN = re.compile(r"^[A-Za-z0-9_.@-]{1,64}\Z")


def check_unit_for_role(role, unit_code):
    unit = db.session.get(Unit, unit_code)
    expected = LEVEL_OF_ROLE[role]
    if unit is None:
        raise Invalid("unit_unknown", errors={"unit_code": [message("unknown_unit")]}, unit=unit_code)
    if unit.level != expected:
        raise Invalid(
            "role_unit_level",
            errors={"unit_code": [message("unit_level_for_role", expected=expected, role=role)]},
            role=role,
            expected=expected,
            unit=unit_code,
            level=unit.level,
        )


def may_manage(manager, role, unit_code):
    """May `manager` hold an account of this role and unit? (domain/roles.py decides.)"""
    return roles.may_manage_account(manager.role, manager.unit_code, role, unit_code)


def require_manage(manager, role, unit_code):
    if manager.role not in MANAGERS:
        raise Forbidden("accounts_forbidden", role=manager.role)
    if not may_manage(manager, role, unit_code):
        raise Forbidden("manage_forbidden")


def manageable(manager):
    """The accounts a manager may list."""
    query = db.select(User).order_by(User.username)
    if manager.role == roles.CITY_ADMIN:
        return query
    # a county reviewer's: the town officers of its county (may_manage_account's rule)
    county = roles.reach(manager.role, manager.unit_code)
    in_county = db.select(Unit.code).where(Unit.parent_code == county)
    return query.where(User.role == roles.TOWN_OFFICER, User.unit_code.in_(in_county))


def by_username(username):
    # a name no account can have (a NUL byte, 10,000 characters) is not asked of the database
    valid = USERNAME_PATTERN.match(username)
    user = valid and db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    if user is None:
        raise NotFound("account_not_found", username=username)
    return user


def new_password_hash(password):
    """The hash of a new password, computed outside any write lock (the hash is slow on
    purpose); call it before the request writes anything."""
    end_transaction_before_slow_work()
    return hash_password(password)


def set_password(user, password, keep_token_digest=None):
    """The one way a password is set (a new account, a reset, a self-service change): the
    new hash, and every other token of the account revoked, so whoever held one must sign
    in with the new password. keep_token_digest: the token of the request that changed its
    own password, which stays signed in. Call it before the request writes anything."""
    user.password_hash = new_password_hash(password)
    if user.id is None:  # a new account has no tokens yet
        return
    revoke = db.update(Token).where(Token.user_id == user.id, Token.revoked_at.is_(None))
    if keep_token_digest is not None:
        revoke = revoke.where(Token.digest != keep_token_digest)
    db.session.execute(revoke.values(revoked_at=utcnow()).execution_options(synchronize_session=False))


def temporary_password():
    return secrets.token_urlsafe(9)  # 12 characters, about 72 bits


class AccountError(ValueError):
    pass


def user_exists(username):
    return db.session.execute(db.select(User.id).where(User.username == username)).first() is not None


def add_account(manager, data):
    """An account created by a manager: its password is temporary."""
    require_manage(manager, data["role"], data["unit_code"])
    check_unit_for_role(data["role"], data["unit_code"])
    if user_exists(data["username"]):
        raise Conflict("username_taken", username=data["username"])
    user = User(
        username=data["username"],
        role=data["role"],
        unit_code=data["unit_code"],
        active=data["active"],
        must_change_password=True,
    )
    set_password(user, data["password"])
    try:
        with db.session.begin_nested():
            db.session.add(user)
    except IntegrityError:  # the same name created meanwhile by another request
        raise Conflict("username_taken", username=data["username"]) from None
    audit.record(
        manager.username,
        "account.created",
        user.username,
        {"role": user.role, "unit_code": user.unit_code, "active": user.active},
    )
    return user


def change_account(manager, user, data, keep_token_digest=None):
    """Role, unit, active flag or (temporary) password of an account the manager holds,
    before and after the change. keep_token_digest: the manager's own token, kept signed in
    when it changes its own password."""
    require_manage(manager, user.role, user.unit_code)
    role, unit_code = data.get("role", user.role), data.get("unit_code", user.unit_code)
    require_manage(manager, role, unit_code)
    check_unit_for_role(role, unit_code)
    changes: dict[str, Any] = {
        key: [getattr(user, key), value]
        for key, value in data.items()
        if key != "password" and getattr(user, key) != value
    }
    if "password" in data:  # first: the hash runs before anything is written
        own = user.id == manager.id
        set_password(user, data["password"], keep_token_digest if own else None)
        user.must_change_password = not own
        changes["password"] = "set"
    for key, value in data.items():
        if key != "password":
            setattr(user, key, value)
    audit.record(manager.username, "account.changed", user.username, changes)
    return user


def reset_password(manager, user):
    """A new temporary password for an account the manager holds; returned once."""
    require_manage(manager, user.role, user.unit_code)
    password = temporary_password()
    set_password(user, password)
    user.must_change_password = True
    audit.record(manager.username, "account.password_reset", user.username)
    return password


def change_own_password(user, new_password, keep_token_digest=None):
    set_password(user, new_password, keep_token_digest)
    user.must_change_password = False
    audit.record(user.username, "password.changed", user.username)


def create_user(username, password, role, unit_code):
    """Create an account from the command line, with the API's own rules."""
    from marshmallow import ValidationError

    from schemas.users import UserInSchema

    try:
        data = UserInSchema().load({"username": username, "password": password, "role": role, "unit_code": unit_code})
        check_unit_for_role(role, unit_code)
    except ValidationError as error:
        raise AccountError("; ".join(f"{k}: {' '.join(v)}" for k, v in error.normalized_messages().items()))
    except DomainError as error:
        raise AccountError(error.message) from None
    if user_exists(username):
        raise AccountError(f"the username {username} is taken")
    user = User(username=data["username"], role=role, unit_code=unit_code, active=True)
    set_password(user, password)
    db.session.add(user)
    audit.record("cli", "account.created", username, {"role": role, "unit_code": unit_code, "via": "command line"})
    db.session.commit()
