"""Inserting many rows at once, the fast way for each backend.

On PostgreSQL, psycopg's executemany runs one prepared single-row statement in pipeline
mode; SQLAlchemy's multi-VALUES form would make psycopg parse a statement with thousands
of placeholders for every batch, which costs more than the insert itself. SQLite takes
SQLAlchemy's insertmanyvalues as it is.
"""

import orjson
import psycopg
from geoalchemy2 import Geometry
from psycopg.types.json import Json
from sqlalchemy import JSON
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import OperationalError
from sqlalchemy.types import TypeDecorator

from backend.extensions import db
from backend.spatial import is_sqlite


def insert_rows(table, rows, *, skip_conflicts_on=None, returning=()):
    """Insert rows (dicts with the same keys) into table; return the `returning` columns
    of the rows inserted. With skip_conflicts_on, rows whose key exists are skipped."""
    if not rows:
        return []
    if not is_sqlite():
        return _insert_postgresql(table, rows, skip_conflicts_on, returning)
    statement = sqlite.insert(table)
    if skip_conflicts_on:
        statement = statement.on_conflict_do_nothing(index_elements=[skip_conflicts_on])
    if returning:
        statement = statement.returning(*(table.c[name] for name in returning))
        return [tuple(row) for row in db.session.execute(statement, rows)]
    db.session.execute(statement, rows)
    return []


def _insert_postgresql(table, rows, skip_conflicts_on, returning):
    columns = list(rows[0])
    # each column's placeholder, and the conversion SQLAlchemy would have made of its values
    # (JSON documents, geometries, our own column types)
    dialect = db.engine.dialect
    placeholders, converters = [], {}
    for name in columns:
        column_type = table.c[name].type
        placeholders.append(f"%({name})s")
        if isinstance(column_type, JSON):  # orjson: a batch has thousands of documents
            converters[name] = lambda value: Json(value, dumps=orjson.dumps)
        elif isinstance(column_type, Geometry):
            placeholders[-1] = f"ST_GeomFromEWKT(%({name})s)"
            converters[name] = _ewkt
        elif isinstance(column_type, TypeDecorator):
            converters[name] = lambda value, t=column_type: t.process_bind_param(value, dialect)
    sql = f"INSERT INTO {table.name} ({', '.join(_quoted(c) for c in columns)}) VALUES ({', '.join(placeholders)})"
    if skip_conflicts_on:
        sql += f" ON CONFLICT ({_quoted(skip_conflicts_on)}) DO NOTHING"
    if returning:
        sql += f" RETURNING {', '.join(_quoted(c) for c in returning)}"
    params = [{**row, **{c: convert(row[c]) for c, convert in converters.items()}} for row in rows]

    connection = db.session.connection()
    driver_connection = connection.connection.driver_connection
    try:
        return _execute(driver_connection, sql, params, returning)
    except psycopg.OperationalError as error:
        # raised past SQLAlchemy, which would have invalidated a lost connection and wrapped
        # the error: done here, so the pool drops it and the request is answered 503
        if driver_connection.closed:
            connection.invalidate(error)
        raise OperationalError(sql, None, error, connection_invalidated=connection.invalidated) from error


def _execute(driver_connection, sql, params, returning):
    with driver_connection.cursor() as cursor:
        if len(params) == 1:  # one row: a plain execute saves the pipeline's extra round trip
            cursor.execute(sql, params[0])
            return cursor.fetchall() if returning else []
        cursor.executemany(sql, params, returning=bool(returning))
        if not returning:
            return []
        inserted = []
        while True:
            inserted.extend(cursor.fetchall())
            if not cursor.nextset():
                break
        return inserted


def _ewkt(element):
    return None if element is None else f"SRID={element.srid};{element.data}"


def _quoted(name):
    return f'"{name}"'
