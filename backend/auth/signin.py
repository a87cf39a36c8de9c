"""Checking a username and password, shared by the API's tokens and the web pages' cookie."""
from backend.auth import throttle
from backend.auth.passwords import UNKNOWN_USER_HASH, verify_password
from backend.errors import ApiError
from backend.extensions import db
from backend.messages import message
from backend.models import User


def authenticate(username, password, address):
    """The user, or 401 (429 when throttled). Commits the failure count on a failure."""
    throttle.refuse_if_throttled(username, address)
    user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    valid = verify_password(user.password_hash if user else UNKNOWN_USER_HASH, password)
    if not (user and valid and user.active):
        throttle.record_failure(username, address)
        db.session.commit()
        raise ApiError(401, message("sign_in_failed"))
    throttle.clear_failures(username)
    return user
