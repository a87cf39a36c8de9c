"""Initial schema: units, accounts, records with their history, targets.

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

SRID = 4326


def _sqlite():
    return op.get_bind().dialect.name == "sqlite"


def add_geometry(table, column, geometry_type, nullable=True):
    """A WGS84 geometry column with its spatial index, the way each backend wants it."""
    if _sqlite():
        op.execute(
            f"SELECT AddGeometryColumn('{table}', '{column}', {SRID}, '{geometry_type}', 'XY', {0 if nullable else 1})"
        )
        op.execute(f"SELECT CreateSpatialIndex('{table}', '{column}')")
    else:
        op.execute(
            f"ALTER TABLE {table} ADD COLUMN {column} geometry({geometry_type}, {SRID})"
            + ("" if nullable else " NOT NULL")
        )
        op.execute(f"CREATE INDEX ix_{table}_{column} ON {table} USING GIST ({column})")


def drop_geometry(table, column):
    if _sqlite():
        op.execute(f"SELECT DisableSpatialIndex('{table}', '{column}')")
        op.execute(f"DROP TABLE IF EXISTS idx_{table}_{column}")
        op.execute(f"SELECT DiscardGeometryColumn('{table}', '{column}')")


def timestamp(name, nullable=False):
    return sa.Column(name, sa.DateTime(), nullable=nullable)


def upgrade():
    if not _sqlite():
        op.execute("CREATE EXTENSION IF NOT EXISTS postgis")

    op.create_table(
        "units",
        sa.Column("code", sa.String(9), primary_key=True),
        sa.Column("name", sa.String(50), nullable=False),
        sa.Column("level", sa.String(6), nullable=False),
        sa.Column("parent_code", sa.String(9), nullable=True, index=True),
        sa.Column("boundary_source", sa.String(200), nullable=True),
    )
    add_geometry("units", "boundary", "MULTIPOLYGON")

    op.create_table(
        "users",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("username", sa.String(64), nullable=False, unique=True),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("role", sa.String(20), nullable=False),
        sa.Column("unit_code", sa.String(9), sa.ForeignKey("units.code"), nullable=False),
        sa.Column("active", sa.Boolean, nullable=False),
        timestamp("created_at"),
    )
    op.create_table(
        "tokens",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False, index=True),
        sa.Column("digest", sa.String(64), nullable=False, unique=True),
        timestamp("created_at"),
        timestamp("expires_at"),
        timestamp("revoked_at", nullable=True),
    )
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(160), nullable=False),
        timestamp("at"),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])

    op.create_table(
        "records",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("client_id", sa.String(36), nullable=False),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("town_code", sa.String(9), sa.ForeignKey("units.code"), nullable=False),
        sa.Column("county_code", sa.String(9), sa.ForeignKey("units.code"), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("observed_on", sa.Date, nullable=False),
        sa.Column("counted_on", sa.Date, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("lon", sa.Float, nullable=False),
        sa.Column("lat", sa.Float, nullable=False),
        sa.Column("crs", sa.String(10), nullable=False),
        sa.Column("posted_location", sa.JSON, nullable=False),
        sa.Column("posted_geometry", sa.JSON, nullable=True),
        sa.Column("accuracy_m", sa.Float, nullable=True),
        sa.Column("values", sa.JSON, nullable=False),
        sa.Column("note", sa.String(500), nullable=True),
        sa.Column("numerator", sa.Float, nullable=False),
        sa.Column("denominator", sa.Float, nullable=True),
        sa.Column("computed_area_mu", sa.Float, nullable=True),
        sa.Column("flags", sa.JSON, nullable=False),
        sa.Column("content", sa.JSON, nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        timestamp("created_at"),
        sa.Column("created_by", sa.String(64), nullable=False),
        timestamp("updated_at"),
        sa.Column("updated_by", sa.String(64), nullable=False),
        timestamp("reviewed_at", nullable=True),
        sa.Column("reviewed_by", sa.String(64), nullable=True),
        sa.Column("review_reason", sa.String(500), nullable=True),
        # idempotency of blind retries rests on this constraint, not on a prior lookup
        sa.UniqueConstraint("client_id", name="uq_records_client_id"),
    )
    add_geometry("records", "location", "POINT", nullable=False)
    add_geometry("records", "geometry", "MULTIPOLYGON")
    op.create_index("ix_records_summary", "records", ["year", "status", "indicator", "county_code", "town_code"])
    op.create_index("ix_records_town_indicator", "records", ["town_code", "indicator"])
    op.create_index("ix_records_counted_on", "records", ["indicator", "counted_on"])
    op.create_index("ix_records_lon_lat", "records", ["lon", "lat"])

    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id"), nullable=False),
        sa.Column("revision", sa.Integer, nullable=False),
        timestamp("at"),
        sa.Column("by", sa.String(64), nullable=False),
        sa.Column("action", sa.String(10), nullable=False),
        sa.Column("changes", sa.JSON, nullable=False),
        sa.Column("reason", sa.String(500), nullable=True),
    )
    op.create_index("ix_revisions_record", "revisions", ["record_id", "id"])

    op.create_table(
        "targets",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("unit_code", sa.String(9), sa.ForeignKey("units.code"), nullable=False),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("value", sa.Float, nullable=False),
        timestamp("updated_at"),
        sa.Column("updated_by", sa.String(64), nullable=False),
    )
    # one target per indicator, unit and year, "every year" (NULL) counted as one value
    op.create_index(
        "uq_targets_scope", "targets", ["indicator", "unit_code", sa.text("coalesce(year, 0)")], unique=True
    )
    op.create_table(
        "target_changes",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("unit_code", sa.String(9), nullable=False),
        sa.Column("year", sa.Integer, nullable=True),
        sa.Column("old_value", sa.Float, nullable=True),
        sa.Column("new_value", sa.Float, nullable=False),
        timestamp("at"),
        sa.Column("by", sa.String(64), nullable=False),
    )


def downgrade():
    for table in ("target_changes", "targets", "revisions"):
        op.drop_table(table)
    drop_geometry("records", "geometry")
    drop_geometry("records", "location")
    op.drop_table("records")
    for table in ("login_failures", "tokens", "users"):
        op.drop_table(table)
    drop_geometry("units", "boundary")
    op.drop_table("units")
