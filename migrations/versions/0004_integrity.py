"""Integrity: one revision number per record edit (a unique constraint, so two racing
edits cannot both write it), and sign-in throttling by one counter row per key.

History written before this constraint may hold racing edits under one number: they are
renumbered in the order they were written (by id), and the record's revision follows.

Revision ID: 0004
Revises: 0008
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0008"  # chained after main's 0008_rollup_jobs (h15)
branch_labels = None
depends_on = None

_DUPLICATED = "SELECT record_id FROM revisions GROUP BY record_id, revision HAVING COUNT(*) > 1"


def upgrade():
    op.execute(
        "UPDATE revisions SET revision = (SELECT COUNT(*) FROM revisions AS earlier "
        "WHERE earlier.record_id = revisions.record_id AND earlier.id <= revisions.id) "
        f"WHERE record_id IN ({_DUPLICATED})"
    )
    op.execute(
        "UPDATE records SET revision = (SELECT MAX(revision) FROM revisions "
        "WHERE revisions.record_id = records.id) "
        "WHERE revision < (SELECT MAX(revision) FROM revisions WHERE revisions.record_id = records.id)"
    )
    op.create_index("uq_revisions_record_revision", "revisions", ["record_id", "revision"], unique=True)

    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failed_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_login_throttle_last_failed_at", "login_throttle", ["last_failed_at"])
    op.drop_index("ix_login_failures_key_at", table_name="login_failures")
    op.drop_table("login_failures")


def downgrade():
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("key", sa.String(160), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_login_failures_key_at", "login_failures", ["key", "at"])
    op.drop_index("ix_login_throttle_last_failed_at", table_name="login_throttle")
    op.drop_table("login_throttle")
    op.drop_index("uq_revisions_record_revision", table_name="revisions")
