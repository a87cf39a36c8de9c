"""Indexes for the cursor sorts of GET /records; one open export job per request; the
summary rollup read by county, never in parallel, and vacuumed often.

Keyset paging by observed_on or updated_at (backend/services/listing.after) compares the
row (sort key, id) with the cursor's: an index on exactly (sort key, id) seeks to the
cursor and reads the page, forwards for an ascending sort and backwards for a descending
one, so a deep page costs what the first does. Sorting by id has the primary key.

"The same request reuses the running job" was a look-up followed by an insert: two
identical POSTs at the same instant could both find nothing and both insert. A partial
unique index over the unfinished jobs (queued or running) makes the second insert fail;
backend/services/export_jobs.submit then answers with the job the first one made.
Unfinished duplicates made before this migration, if any, keep their oldest job open and
are marked failed, so the index can be built.

A county's (or town's) summary over months (a plan's window, a date range) looked its
cells up by indicator, status and month and filtered the county out of every county's
cells; ix_summary_rollup_county_month seeks to the county first. On PostgreSQL the rollup
is small (its size grows with towns and months, not records): a parallel plan over it
spends more starting its workers than it saves (parallel_workers = 0), and its cells are
rewritten by every record write, so autovacuum visits it after 2 % of its rows changed
(not 20 %), which keeps it compact and its index-only scans free of heap visits.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

CURSOR_INDEXES = {
    "ix_records_observed_on_id": ["observed_on", "id"],
    "ix_records_updated_at_id": ["updated_at", "id"],
}
OPEN_JOBS = "state IN ('queued', 'running')"
ROLLUP_SUMS = ["numerator", "denominator", "records"]
ROLLUP_COUNTY_KEYS = ["county_code", "indicator", "status", "counted_month"]
ROLLUP_COUNTY_INCLUDED = ["town_code", "year", *ROLLUP_SUMS]
ROLLUP_STORAGE = {
    "parallel_workers": "0",
    "autovacuum_vacuum_scale_factor": "0.02",
    "autovacuum_vacuum_insert_scale_factor": "0.02",
    "autovacuum_analyze_scale_factor": "0.02",
}


def upgrade():
    sqlite = op.get_bind().dialect.name == "sqlite"
    if sqlite:
        op.create_index("ix_summary_rollup_county_month", "summary_rollup", ROLLUP_COUNTY_KEYS + ROLLUP_COUNTY_INCLUDED)
    else:
        op.create_index(
            "ix_summary_rollup_county_month",
            "summary_rollup",
            ROLLUP_COUNTY_KEYS,
            postgresql_include=ROLLUP_COUNTY_INCLUDED,
        )
        settings = ", ".join(f"{name} = {value}" for name, value in ROLLUP_STORAGE.items())
        op.execute(f"ALTER TABLE summary_rollup SET ({settings})")
    for name, columns in CURSOR_INDEXES.items():
        op.create_index(name, "records", columns)
    op.execute(
        "UPDATE export_jobs SET state = 'failed', error = 'a duplicate of an earlier job of the same request' "
        f"WHERE {OPEN_JOBS} AND EXISTS (SELECT 1 FROM export_jobs AS earlier "
        "WHERE earlier.request_key = export_jobs.request_key "
        "AND earlier.state IN ('queued', 'running') "
        "AND (earlier.created_at < export_jobs.created_at "
        "OR (earlier.created_at = export_jobs.created_at AND earlier.id < export_jobs.id)))"
    )
    op.create_index(
        "uq_export_jobs_open_request",
        "export_jobs",
        ["request_key"],
        unique=True,
        sqlite_where=sa.text(OPEN_JOBS),
        postgresql_where=sa.text(OPEN_JOBS),
    )


def downgrade():
    op.drop_index("uq_export_jobs_open_request", table_name="export_jobs")
    for name in CURSOR_INDEXES:
        op.drop_index(name, table_name="records")
    if op.get_bind().dialect.name != "sqlite":
        op.execute(f"ALTER TABLE summary_rollup RESET ({', '.join(ROLLUP_STORAGE)})")
    op.drop_index("ix_summary_rollup_county_month", table_name="summary_rollup")
