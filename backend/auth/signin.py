"""Checking a username and password, shared by the API's tokens and the web pages' cookie."""
from backend.auth import throttle
from backend.auth.passwords import UNKNOWN_USER_HASH, verify_password
from backend.errors import ApiError
from backend.extensions import db
from backend.messages import message
from backend.models import User
from backend.services import audit


def authenticate(username, password, address):
    """The user, or 401 (429 when throttled). Commits the failure count and its audit entry
    on a failure; on success the caller's commit writes the audit entry."""
    throttle.refuse_if_throttled(username, address)
    user = db.session.execute(db.select(User).where(User.username == username)).scalar_one_or_none()
    valid = verify_password(user.password_hash if user else UNKNOWN_USER_HASH, password)
    if not (user and valid and user.active):
        throttle.record_failure(username, address)
        reason = "unknown_user" if user is None else "wrong_password" if not valid else "inactive"
        audit.record(username, "signin.failed", username, {"address": address, "reason": reason})
        db.session.commit()  # the failure and its audit entry are kept although the request fails
        raise ApiError(401, message("sign_in_failed"))
    throttle.clear_failures(username)
    # written with the token the caller issues, in its commit
    audit.record(username, "signin.succeeded", username,
                 {"address": address, "must_change_password": user.must_change_password})
    return user
