"""Photo thumbnails are made on their first GET …/thumbnail, not on upload: attachments.thumbnail
becomes nullable (NULL: not made yet).

Making it on upload cost a second decode of every photo at a larger scale than the
integrity check needs, on the path whose throughput issue 13 measures.

Revision ID: 0009
Revises: 0007
Create Date: 2026-12-03
"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade():
    # batch mode: SQLite rebuilds the (plain, non-spatial) table; PostgreSQL alters it
    with op.batch_alter_table("attachments") as batch:
        batch.alter_column("thumbnail", existing_type=sa.LargeBinary, nullable=True)


def downgrade():
    # the older code expects every thumbnail to exist: those not made yet become empty
    op.execute("UPDATE attachments SET thumbnail = '' WHERE thumbnail IS NULL")
    with op.batch_alter_table("attachments") as batch:
        batch.alter_column("thumbnail", existing_type=sa.LargeBinary, nullable=False)
