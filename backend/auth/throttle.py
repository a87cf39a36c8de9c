"""Sign-in throttling, keyed so that other people's failures cannot lock an owner out.

Three counters of failed sign-ins, each forgotten after LOGIN_WINDOW_S without a failure:

- per (address, username) pair, a small limit (LOGIN_MAX_FAILS_PER_PAIR): one address
  guessing one account is refused for the rest of the window;
- per address, a limit an office of honest users sharing one address never reaches
  (LOGIN_MAX_FAILS_PER_ADDRESS): one address spraying many accounts is refused;
- per username, from any address, a growing delay instead of a refusal: after
  LOGIN_MAX_FAILS_PER_USER failures each attempt waits 1, 2, 4 … seconds, capped at
  LOGIN_USER_DELAY_MAX_S, after the last failure (429 with Retry-After of what remains).
  Guessers on many addresses stay slow, and the owner waits at most the cap.

With the defaults (pair 5, address 100, username 5 then ≤ 60 s, window 900 s) an attacker
gets at most 20 guesses an hour at one account from one address, 400 an hour over all
accounts from one address, and about 60 an hour at one account from any number of
addresses.
"""

import math
from datetime import timedelta

from flask import current_app
from sqlalchemy import case
from sqlalchemy.dialects import postgresql, sqlite

from backend.errors import ApiError
from backend.extensions import db
from backend.models import LoginThrottle
from backend.models.timestamps import utcnow
from backend.spatial import is_sqlite
from domain.messages import message

_KEY_LENGTH = LoginThrottle.__table__.c.key.type.length


def _keys(username, address):
    name = username.lower()
    return {
        "pair": f"pair:{address} {name}"[:_KEY_LENGTH],
        "addr": f"addr:{address}"[:_KEY_LENGTH],
        "user": f"user:{name}"[:_KEY_LENGTH],
    }


def user_delay_s(failures):
    """The wait after the last of `failures` failed sign-ins of one username."""
    config = current_app.config
    beyond = failures - config["LOGIN_MAX_FAILS_PER_USER"]
    if beyond < 0:
        return 0
    return min(2 ** min(beyond, 30), config["LOGIN_USER_DELAY_MAX_S"])


def _refuse(wait_s):
    retry_after = max(1, math.ceil(wait_s))
    raise ApiError(
        429,
        message("signin_throttled", retry_after=retry_after),
        headers={"Retry-After": str(retry_after)},
        code="rate_limited",
        retry_after=retry_after,
    )


def refuse_if_throttled(username, address):
    """429 before the password is checked when any of the three counters says so."""
    config = current_app.config
    window = timedelta(seconds=config["LOGIN_WINDOW_S"])
    now = utcnow()
    keys = _keys(username, address)
    rows = {
        row.key: row
        for row in db.session.execute(
            db.select(LoginThrottle).where(
                LoginThrottle.key.in_(keys.values()), LoginThrottle.last_failed_at > now - window
            )
        ).scalars()
    }
    limits = {"pair": config["LOGIN_MAX_FAILS_PER_PAIR"], "addr": config["LOGIN_MAX_FAILS_PER_ADDRESS"]}
    for kind, limit in limits.items():
        row = rows.get(keys[kind])
        if row and row.failures >= limit:
            _refuse((row.last_failed_at + window - now).total_seconds())
    row = rows.get(keys["user"])
    delay = user_delay_s(row.failures) if row else 0
    if delay:  # (a failure counted by a concurrent request may be stamped after `now`)
        wait = (row.last_failed_at + timedelta(seconds=delay) - now).total_seconds()
        if wait > 0:
            _refuse(wait)


def record_failure(username, address):
    """Count one failure on each key, atomically (one upsert per key): concurrent failures
    are all counted. Returns {kind: failures}."""
    window = timedelta(seconds=current_app.config["LOGIN_WINDOW_S"])
    now = utcnow()
    table = LoginThrottle.__table__
    insert = (sqlite if is_sqlite() else postgresql).insert
    counted = {}
    for kind, key in _keys(username, address).items():
        statement = insert(table).values(key=key, failures=1, last_failed_at=now)
        statement = statement.on_conflict_do_update(
            index_elements=[table.c.key],
            set_={
                "failures": case((table.c.last_failed_at <= now - window, 1), else_=table.c.failures + 1),
                "last_failed_at": now,
            },
        ).returning(table.c.failures)
        counted[kind] = db.session.execute(statement).scalar_one()
    # keys quiet for a window count nothing any more
    db.session.execute(db.delete(LoginThrottle).where(LoginThrottle.last_failed_at <= now - window))
    return counted


def clear_failures(username, address):
    """A successful sign-in clears its account's counters (not its address's: a guesser
    cannot reset the address count by signing in to an account of its own)."""
    keys = _keys(username, address)
    db.session.execute(db.delete(LoginThrottle).where(LoginThrottle.key.in_((keys["pair"], keys["user"]))))
