"""Photos of records: content-addressed blobs and the attachments that name them.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"  # chained after 0004_integrity
branch_labels = None
depends_on = None


def upgrade():
    # LargeBinary is bytea on PostgreSQL and BLOB on SQLite; nothing else differs here
    op.create_table(
        "attachment_blobs",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("bytes", sa.Integer, nullable=False),
        sa.Column("data", sa.LargeBinary, nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "attachments",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("record_id", sa.Integer, sa.ForeignKey("records.id"), nullable=False),
        sa.Column("sha256", sa.String(64), sa.ForeignKey("attachment_blobs.sha256"), nullable=False),
        sa.Column("content_type", sa.String(20), nullable=False),
        sa.Column("bytes", sa.Integer, nullable=False),
        sa.Column("width", sa.Integer, nullable=False),
        sa.Column("height", sa.Integer, nullable=False),
        sa.Column("taken_at", sa.DateTime(), nullable=True),
        sa.Column("lon", sa.Float, nullable=True),
        sa.Column("lat", sa.Float, nullable=True),
        sa.Column("thumbnail", sa.LargeBinary, nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("created_by", sa.String(64), nullable=False),
    )
    op.create_index("ix_attachments_record", "attachments", ["record_id", "created_at"])
    op.create_index("ix_attachments_sha256", "attachments", ["sha256"])


def downgrade():
    op.drop_index("ix_attachments_sha256", table_name="attachments")
    op.drop_index("ix_attachments_record", table_name="attachments")
    op.drop_table("attachments")
    op.drop_table("attachment_blobs")
