"""Who reads the OGC API: a signed-in user in their scope, or -- where the deployment sets
OGC_ANONYMOUS -- an anonymous reader who sees approved records only."""

from flask import current_app

from backend.auth.tokens import bearer_token, current_user
from backend.errors import ApiError
from domain.messages import message

ANONYMOUS_STATUS = "approved"


def reader():
    """The signed-in user, or None for an anonymous reader; 401 where that is not allowed.

    A token that is sent but not valid (expired, revoked) is a 401 even where anonymous
    reading is on: the client meant to sign in and should hear that it did not."""
    if bearer_token() is not None or not current_app.config["OGC_ANONYMOUS"]:
        return current_user()
    return None


def check_status(user, filters, status_given):
    """Anonymous readers see approved records only."""
    if user is None and status_given and filters.get("status") != ANONYMOUS_STATUS:
        raise ApiError(
            401,
            message("ogc_anonymous_status"),
            headers={"WWW-Authenticate": 'Bearer realm="meizhou"'},
        )
