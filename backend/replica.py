"""Read routing: reads that may lag go to a PostgreSQL streaming replica, the rest to the primary.

With DATABASE_REPLICA_URL set, the replica is the Flask-SQLAlchemy bind "replica". A view
marked `@reads_may_lag` (summaries, lists, exports, OGC reads) has its statements sent to
the replica by the session's get_bind, unless the session is writing (a flush: an export
job being queued) — every write, and every read of a request that is not marked (the
answer after a PATCH, a record read back by id), goes to the primary.

Whether the replica is usable is checked at most every REPLICA_CHECK_S seconds per
process: one short query that answers or fails within REPLICA_CONNECT_TIMEOUT_S. A replica
that is down, or further behind than REPLICA_MAX_LAG_S, is passed over (a log line says
why) and reads go to the primary until the next check finds it well again.
"""

import functools
import logging
import threading
import time

from flask import current_app, has_request_context, request
from flask_sqlalchemy.session import Session

log = logging.getLogger(__name__)
REPLICA = "replica"
# the replica's delay: none when it has replayed all it received, else the age of the last
# transaction it replayed (NULL outside recovery, i.e. not a replica at all: no delay)
LAG_SQL = (
    "SELECT CASE WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0 "
    "ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()) END"
)
_health = {}  # engine id → (monotonic time checked, usable)
_lock = threading.Lock()


def configure(app):
    """Before the engines exist: the replica bind, when DATABASE_REPLICA_URL is set."""
    url = app.config.get("DATABASE_REPLICA_URL")
    if url:
        timeout = app.config["REPLICA_CONNECT_TIMEOUT_S"]
        app.config["SQLALCHEMY_BINDS"] = {
            **app.config.get("SQLALCHEMY_BINDS", {}),
            REPLICA: {"url": url, "pool_pre_ping": True, "connect_args": {"connect_timeout": max(1, int(timeout))}},
        }


def reads_may_lag(view):
    """Mark a view whose reads may be answered by the replica. Who is signed in is read
    from the primary first: a token made a moment ago, or revoked, counts at once."""

    @functools.wraps(view)
    def marked(*args, **kwargs):
        from backend.auth.tokens import current_user

        current_user(optional=True)  # cached on the request
        # on the request, not on g: an app context (and its g) may outlive one request
        request.reads_may_lag = True
        return view(*args, **kwargs)

    return marked


def _check(engine):
    try:
        with engine.connect() as connection:
            lag = connection.exec_driver_sql(LAG_SQL).scalar()
    except Exception as error:  # down, refusing, unreachable: the primary answers instead
        log.warning("read replica not used (down: %s); reading from the primary", str(error).strip()[:200])
        return False
    limit = current_app.config["REPLICA_MAX_LAG_S"]
    if lag is not None and float(lag) > limit:
        log.warning(
            "read replica not used (%.1f s behind, more than REPLICA_MAX_LAG_S=%s); reading from the primary",
            float(lag),
            limit,
        )
        return False
    return True


def usable_replica(engines):
    """The replica's engine if it is configured and usable now, else None."""
    engine = engines.get(REPLICA)
    if engine is None:
        return None
    now = time.monotonic()
    checked = _health.get(id(engine))
    if checked is None or now - checked[0] >= current_app.config["REPLICA_CHECK_S"]:
        with _lock:
            checked = _health.get(id(engine))
            if checked is None or now - checked[0] >= current_app.config["REPLICA_CHECK_S"]:
                checked = _health[id(engine)] = (time.monotonic(), _check(engine))
    return engine if checked[1] else None


class RoutingSession(Session):
    def get_bind(self, mapper=None, clause=None, bind=None, **kwargs):
        if (
            bind is None
            and not self._flushing
            and not getattr(clause, "is_dml", False)
            and has_request_context()
            and getattr(request, "reads_may_lag", False)
        ):
            engine = usable_replica(self._db.engines)
            if engine is not None:
                return engine
        return super().get_bind(mapper=mapper, clause=clause, bind=bind, **kwargs)
