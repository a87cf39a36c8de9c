"""Plans own the targets; accounts may carry a temporary password; the append-only audit log.

Existing targets and target changes belong to the plan "2023-2025", created here with the
plan document's window (seed fills in nothing more for it).

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"  # chained after 0005_attachments
branch_labels = None
depends_on = None

FIRST_PLAN = {
    "code": "2023-2025",
    "name": "梅州市农业清洁生产实施方案（2023—2025年）",
    "starts_on": dt.date(2023, 1, 1),
    "ends_on": dt.date(2025, 12, 31),
}
# The log is append-only in the database itself, whatever code or console writes to it.
SQLITE_TRIGGERS = (
    "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
    "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
)
POSTGRES_TRIGGER = (
    "CREATE FUNCTION audit_log_refuse() RETURNS trigger LANGUAGE plpgsql AS $$ "
    "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END $$",
    "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
    "FOR EACH ROW EXECUTE FUNCTION audit_log_refuse()",
)


def _sqlite():
    return op.get_bind().dialect.name == "sqlite"


def upgrade():
    op.create_table(
        "plans",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("code", sa.String(20), nullable=False, unique=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("starts_on", sa.Date, nullable=False),
        sa.Column("ends_on", sa.Date, nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("updated_by", sa.String(64), nullable=False),
        sa.CheckConstraint("starts_on <= ends_on", name="ck_plans_window"),
    )
    plans = sa.table(
        "plans",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("starts_on", sa.Date),
        sa.column("ends_on", sa.Date),
        sa.column("updated_at", sa.DateTime),
        sa.column("updated_by", sa.String),
    )
    op.bulk_insert(
        plans,
        [
            {
                **FIRST_PLAN,
                "updated_at": dt.datetime.now(dt.UTC).replace(tzinfo=None),
                "updated_by": "migration",
            }
        ],
    )
    first_plan = f"(SELECT id FROM plans WHERE code = '{FIRST_PLAN['code']}')"

    op.drop_index("uq_targets_scope", table_name="targets")
    for table in ("targets", "target_changes"):
        op.add_column(table, sa.Column("plan_id", sa.Integer, nullable=True))
        op.execute(f"UPDATE {table} SET plan_id = {first_plan}")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("plan_id", existing_type=sa.Integer, nullable=False)
            if table == "targets":
                batch.create_foreign_key("fk_targets_plan", "plans", ["plan_id"], ["id"])
            else:  # a target removed when its plan is saved without it: new value null
                batch.alter_column("new_value", existing_type=sa.Float, nullable=True)
    op.create_index(
        "uq_targets_scope", "targets", ["plan_id", "indicator", "unit_code", sa.text("coalesce(year, 0)")], unique=True
    )

    with op.batch_alter_table("users") as batch:
        batch.add_column(sa.Column("must_change_password", sa.Boolean, nullable=False, server_default=sa.false()))

    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(64), nullable=False),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("subject", sa.String(200), nullable=True),
        sa.Column("details", sa.JSON, nullable=True),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])
    op.create_index("ix_audit_log_actor_at", "audit_log", ["actor", "at"])
    op.create_index("ix_audit_log_action_at", "audit_log", ["action", "at"])
    for statement in SQLITE_TRIGGERS if _sqlite() else POSTGRES_TRIGGER:
        op.execute(statement)


def downgrade():
    if _sqlite():
        op.execute("DROP TRIGGER audit_log_no_update")
        op.execute("DROP TRIGGER audit_log_no_delete")
    op.drop_table("audit_log")
    if not _sqlite():
        op.execute("DROP FUNCTION audit_log_refuse()")
    with op.batch_alter_table("users") as batch:
        batch.drop_column("must_change_password")
    op.drop_index("uq_targets_scope", table_name="targets")
    op.execute("DELETE FROM targets WHERE plan_id <> (SELECT id FROM plans WHERE code = '2023-2025')")
    op.execute("DELETE FROM target_changes WHERE plan_id <> (SELECT id FROM plans WHERE code = '2023-2025')")
    for table in ("targets", "target_changes"):
        with op.batch_alter_table(table) as batch:
            if table == "targets":
                batch.drop_constraint("fk_targets_plan", type_="foreignkey")
            batch.drop_column("plan_id")
    op.create_index(
        "uq_targets_scope", "targets", ["indicator", "unit_code", sa.text("coalesce(year, 0)")], unique=True
    )
    op.drop_table("plans")
