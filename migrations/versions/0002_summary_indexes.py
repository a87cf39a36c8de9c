"""Covering indexes for summaries: the aggregate reads an index, never the table.

A summary of a year reads the records of that reporting year and status (rates), and
the plots completed within dates (totals); each of those lookups gets an index that also
holds the columns summed, so PostgreSQL answers with index-only scans and SQLite from the
index alone. PostgreSQL keeps the summed columns as INCLUDE columns; SQLite has no
INCLUDE, so there they are trailing key columns.

ix_records_summary and ix_records_counted_on of 0001 stay: other queries filter with them,
and they are small (PostgreSQL deduplicates their repeated keys).

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-28
"""

from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

INDEXES = {
    # rates for a reporting year, by status, grouped by county and town
    "ix_records_summary_cover": (
        ("year", "status", "indicator", "county_code", "town_code"),
        ("numerator", "denominator", "counted_on"),
    ),
    # totals (and date ranges) by the date that places a record in time
    "ix_records_counted_cover": (
        ("indicator", "status", "counted_on"),
        ("county_code", "town_code", "numerator", "denominator", "year"),
    ),
}


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    for name, (keys, included) in INDEXES.items():
        if sqlite:
            op.create_index(name, "records", [*keys, *included])
        else:
            op.create_index(name, "records", list(keys), postgresql_include=list(included))


def downgrade():
    for name in INDEXES:
        op.drop_index(name, table_name="records")
