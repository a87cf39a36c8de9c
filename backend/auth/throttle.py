"""Sign-in throttling: too many failures per username or per client address → 429."""
from datetime import timedelta

from flask import current_app

from backend.errors import ApiError
from backend.extensions import db
from backend.models import LoginFailure
from backend.models.timestamps import utcnow


def _keys(username, address):
    config = current_app.config
    return (
        (f"user:{username.lower()[:140]}", config["LOGIN_MAX_FAILS_PER_USER"]),
        (f"addr:{address}", config["LOGIN_MAX_FAILS_PER_ADDRESS"]),
    )


def refuse_if_throttled(username, address):
    window = current_app.config["LOGIN_WINDOW_S"]
    since = utcnow() - timedelta(seconds=window)
    for key, limit in _keys(username, address):
        failures = db.session.scalar(
            db.select(db.func.count()).where(LoginFailure.key == key, LoginFailure.at > since)
        )
        if failures >= limit:
            raise ApiError(429, "Too many failed sign-ins; try again later.",
                           headers={"Retry-After": str(window)})


def record_failure(username, address):
    for key, _ in _keys(username, address):
        db.session.add(LoginFailure(key=key))


def clear_failures(username):
    db.session.execute(db.delete(LoginFailure).where(LoginFailure.key == f"user:{username.lower()}"))
