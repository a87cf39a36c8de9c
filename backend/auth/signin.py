"""Checking a username and password, shared by the API's tokens and the web pages' cookie."""

from backend.auth import throttle
from backend.auth.passwords import UNKNOWN_USER_HASH, verify_password
from backend.errors import ApiError
from backend.extensions import db
from backend.models import User
from backend.services import audit
from backend.spatial import end_transaction_before_slow_work
from domain.messages import message


def _storable(text):
    """A username the database can compare (no NUL, no lone surrogate): others match nobody."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return "\x00" not in text


def authenticate(username, password, address):
    """The user, or 401 (429 when throttled). Commits the failure count on a failure."""
    key_name = username if _storable(username) else username.encode("utf-8", "replace").decode().replace("\x00", "?")
    throttle.refuse_if_throttled(key_name, address)
    user = None
    if _storable(username):
        user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    stored_hash = user.password_hash if user else UNKNOWN_USER_HASH
    # the hash is slow on purpose: on SQLite no write lock may be held while it runs
    end_transaction_before_slow_work()
    # a lone surrogate cannot be UTF-8 encoded for the hash; replaced, it matches no password
    valid = verify_password(stored_hash, password.encode("utf-8", "replace").decode())
    if not (user and valid and user.active):
        throttle.record_failure(key_name, address)
        reason = "unknown_user" if user is None else "wrong_password" if not valid else "inactive"
        audit.record(key_name, "signin.failed", key_name, {"address": address, "reason": reason})
        db.session.commit()  # the failure and its audit entry are kept although the request fails
        raise ApiError(401, message("sign_in_failed"))
    throttle.clear_failures(key_name, address)
    # written with the token the caller issues, in its commit
    audit.record(
        username, "signin.succeeded", username, {"address": address, "must_change_password": user.must_change_password}
    )
    return user
