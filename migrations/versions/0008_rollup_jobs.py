"""The summary rollup (sums per town, indicator, year, month and status), filled from the
records already stored; export jobs.

Revision ID: 0008
Revises: 0003
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0003"
branch_labels = None
depends_on = None


def _month(column):
    """yyyymm of a date column, as backend/services/rollup.counted_month_sql spells it."""
    return sa.cast(sa.extract("year", column), sa.Integer) * 100 + sa.cast(sa.extract("month", column), sa.Integer)


def upgrade():
    op.create_table(
        "summary_rollup",
        sa.Column("town_code", sa.String(9), nullable=False),
        sa.Column("indicator", sa.String(40), nullable=False),
        sa.Column("year", sa.Integer, nullable=False),
        sa.Column("counted_month", sa.Integer, nullable=False),
        sa.Column("status", sa.String(10), nullable=False),
        sa.Column("county_code", sa.String(9), nullable=False),
        sa.Column("numerator", sa.Float(53), nullable=False),
        sa.Column("denominator", sa.Float(53), nullable=False),
        sa.Column("records", sa.Integer, nullable=False),
        sa.PrimaryKeyConstraint("town_code", "indicator", "year", "counted_month", "status"),
    )
    # rates of a year look cells up by reporting year and status, totals and date ranges by
    # month; each index also holds what is summed (PostgreSQL INCLUDE columns, trailing key
    # columns on SQLite), so a summary reads an index alone
    sums = ["numerator", "denominator", "records"]
    for name, keys, included in (
        ("ix_summary_rollup_year", ["year", "status", "indicator", "county_code", "town_code"], sums),
        (
            "ix_summary_rollup_month",
            ["indicator", "status", "counted_month"],
            ["county_code", "town_code", "year", *sums],
        ),
    ):
        if op.get_bind().dialect.name == "sqlite":
            op.create_index(name, "summary_rollup", keys + included)
        else:
            op.create_index(name, "summary_rollup", keys, postgresql_include=included)

    records = sa.table(
        "records",
        *(
            sa.column(name)
            for name in (
                "town_code",
                "county_code",
                "indicator",
                "year",
                "counted_on",
                "status",
                "numerator",
                "denominator",
            )
        ),
    )
    month = _month(records.c.counted_on)
    op.execute(
        sa.table(
            "summary_rollup",
            *(
                sa.column(name)
                for name in (
                    "town_code",
                    "indicator",
                    "year",
                    "counted_month",
                    "status",
                    "county_code",
                    "numerator",
                    "denominator",
                    "records",
                )
            ),
        )
        .insert()
        .from_select(
            [
                "town_code",
                "indicator",
                "year",
                "counted_month",
                "status",
                "county_code",
                "numerator",
                "denominator",
                "records",
            ],
            sa.select(
                records.c.town_code,
                records.c.indicator,
                records.c.year,
                month,
                records.c.status,
                sa.func.min(records.c.county_code),
                sa.func.coalesce(sa.func.sum(records.c.numerator), 0.0),
                sa.func.coalesce(sa.func.sum(records.c.denominator), 0.0),
                sa.func.count(),
            ).group_by(records.c.town_code, records.c.indicator, records.c.year, month, records.c.status),
        )
    )

    op.create_table(
        "export_jobs",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
        sa.Column("request_key", sa.String(64), nullable=False),
        sa.Column("params", sa.JSON, nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("records_total", sa.Integer, nullable=True),
        sa.Column("records_done", sa.Integer, nullable=False),
        sa.Column("attempt", sa.Integer, nullable=False),
        sa.Column("worker", sa.String(100), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("heartbeat_at", sa.DateTime(), nullable=True),
        sa.Column("finished_at", sa.DateTime(), nullable=True),
        sa.Column("expires_at", sa.DateTime(), nullable=True),
        sa.Column("file_name", sa.String(200), nullable=True),
        sa.Column("media_type", sa.String(100), nullable=True),
        sa.Column("file_bytes", sa.BigInteger, nullable=True),
        sa.Column("etag", sa.String(64), nullable=True),
        sa.Column("error", sa.String(500), nullable=True),
    )
    # workers look for work by state, oldest first; a repeated request by its key
    op.create_index("ix_export_jobs_state_created", "export_jobs", ["state", "created_at"])
    op.create_index("ix_export_jobs_request_key", "export_jobs", ["request_key", "created_at"])


def downgrade():
    op.drop_table("export_jobs")
    op.drop_table("summary_rollup")
