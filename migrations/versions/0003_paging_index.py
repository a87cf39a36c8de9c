"""Index for paging one indicator's records in id order (OGC items, exports, lists);
drop ix_records_summary, a prefix of 0002's ix_records_summary_cover.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_records_indicator_status_id", "records", ["indicator", "status", "id"])
    op.drop_index("ix_records_summary", table_name="records")


def downgrade():
    op.create_index("ix_records_summary", "records", ["year", "status", "indicator", "county_code", "town_code"])
    op.drop_index("ix_records_indicator_status_id", table_name="records")
