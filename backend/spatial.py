"""The one module where SpatiaLite and PostGIS differ."""

import os

from flask import has_request_context, request
from geoalchemy2 import load_spatialite
from sqlalchemy import event, func, text

from backend.extensions import db


def is_sqlite(engine=None):
    return (engine or db.engine).dialect.name == "sqlite"


def _uses_sqlite(app):
    return app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite")


def configure_engine(app):
    """Before the engine exists: SQLite waits for a busy writer instead of failing."""
    if _uses_sqlite(app):
        os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {
            **app.config.get("SQLALCHEMY_ENGINE_OPTIONS", {}),
            "connect_args": {"timeout": 30},
        }


def setup_engine(app):
    """Load SpatiaLite into every SQLite connection; make SQLite fit for several workers."""
    if not _uses_sqlite(app):
        return
    with app.app_context():
        engine = db.engine

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None  # SQLAlchemy's "begin" below opens transactions
        dbapi_conn.execute("PRAGMA journal_mode = WAL")
        dbapi_conn.execute("PRAGMA busy_timeout = 30000")
        dbapi_conn.execute("PRAGMA foreign_keys = ON")
        load_spatialite(dbapi_conn, transaction=True, init_mode="WGS84")

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        # A write request takes SQLite's write lock up front. A deferred transaction that
        # reads first and writes later fails at once with "database is locked" when another
        # worker wrote meanwhile (busy_timeout does not cover that upgrade); reads stay
        # deferred and concurrent.
        writing = has_request_context() and request.method not in ("GET", "HEAD", "OPTIONS")
        connection.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


def without_parallel_plans():
    """For the rest of the transaction, plan without parallel workers (PostgreSQL; SQLite
    never plans in parallel). The rollup's reads are a few thousand rows: starting two
    workers costs more (about 10 ms) than they save, and the planner, counting rows, not
    start-up, still picks a Parallel Append over the rollup's branches."""
    if not is_sqlite():
        db.session.execute(text("SET LOCAL max_parallel_workers_per_gather = 0"))


def end_transaction_before_slow_work():
    """End the request's transaction, which has written nothing yet, before slow CPU work
    (a password hash). On SQLite a write request's transaction holds the database's one
    write lock from its first statement (see _on_begin), so every other writer would wait
    for the hash; the next statement begins a new transaction. PostgreSQL locks rows, and
    reads lock none: nothing to do there. Objects read so far reload when next used."""
    if is_sqlite() and db.session().in_transaction():
        if db.session.new or db.session.dirty or db.session.deleted:
            raise RuntimeError("a transaction with changes cannot be ended before slow work")
        db.session.rollback()


def plots_intersecting(bounds_wkt, exclude_id=None):
    """SQL for the ids and plots of reported (pending or approved) records whose plot
    intersects the given WGS84 envelope, using the spatial index of each backend."""
    from backend.models import Record

    query = db.select(Record.id, Record.geometry).where(Record.geometry.is_not(None), Record.status != "rejected")
    if exclude_id is not None:
        query = query.where(Record.id != exclude_id)
    if is_sqlite():
        # SpatiaLite only uses its R*Tree when asked through the SpatialIndex table
        query = query.where(
            Record.id.in_(
                text(
                    "SELECT rowid FROM SpatialIndex WHERE f_table_name = 'records' "
                    "AND f_geometry_column = 'geometry' AND search_frame = ST_GeomFromText(:frame, 4326)"
                ).bindparams(frame=bounds_wkt)
            )
        )
    else:
        query = query.where(Record.geometry.op("&&")(func.ST_GeomFromText(bounds_wkt, 4326)))
    return query
