"""Ledger imports: a record may have no location (an Excel ledger row without coordinates).

records.location, lon, lat and posted_location become nullable.

SQLite cannot drop a NOT NULL constraint with ALTER TABLE, and rebuilding `records` would
drop SpatiaLite's geometry registrations, triggers and R*Tree indexes with it. Removing a
NOT NULL constraint changes nothing on disk, so SQLite's documented way for such changes
is used instead: edit the table's CREATE statement in sqlite_master and bump
schema_version (https://www.sqlite.org/lang_altertable.html#otheralter). SpatiaLite's
geometry triggers accept NULL geometries already.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03
"""

from alembic import op

revision = "0007"
down_revision = "0006"  # chained after 0006_plans_audit
branch_labels = None
depends_on = None

# (column, its definition with NOT NULL, its definition without) as SpatiaLite and
# SQLAlchemy spelled them in 0001
SQLITE_COLUMNS = (
    ("lon", "lon FLOAT NOT NULL,", "lon FLOAT,"),
    ("lat", "lat FLOAT NOT NULL,", "lat FLOAT,"),
    ("posted_location", "posted_location JSON NOT NULL,", "posted_location JSON,"),
    ("location", "\"location\" POINT NOT NULL DEFAULT ''", '"location" POINT'),
)


def _sqlite():
    return op.get_bind().dialect.name == "sqlite"


def _rewrite_sqlite_table(replacements):
    bind = op.get_bind()
    sql = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'records'").scalar()
    for old, new in replacements:
        if old not in sql:
            raise RuntimeError(f"records table definition has no {old!r}; cannot migrate it in place")
        sql = sql.replace(old, new, 1)
    version = bind.exec_driver_sql("PRAGMA schema_version").scalar()
    bind.exec_driver_sql("PRAGMA writable_schema = ON")
    bind.exec_driver_sql("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = 'records'", (sql,))
    bind.exec_driver_sql(f"PRAGMA schema_version = {version + 1}")
    bind.exec_driver_sql("PRAGMA writable_schema = OFF")


def upgrade():
    if _sqlite():
        _rewrite_sqlite_table([(old, new) for _, old, new in SQLITE_COLUMNS])
    else:
        for column, _, _ in SQLITE_COLUMNS:
            op.execute(f'ALTER TABLE records ALTER COLUMN "{column}" DROP NOT NULL')


def downgrade():
    # records without a location cannot go back into a table that requires one
    op.execute("DELETE FROM revisions WHERE record_id IN (SELECT id FROM records WHERE lon IS NULL)")
    op.execute("DELETE FROM records WHERE lon IS NULL")
    if _sqlite():
        _rewrite_sqlite_table([(new, old) for _, old, new in SQLITE_COLUMNS])
    else:
        for column, _, _ in SQLITE_COLUMNS:
            op.execute(f'ALTER TABLE records ALTER COLUMN "{column}" SET NOT NULL')
