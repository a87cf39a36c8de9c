from backend.extensions import db
from backend.models.timestamps import UTCDateTime, utcnow


class Target(db.Model):
    """A target for an indicator in a unit; year NULL means every year."""

    __tablename__ = "targets"

    id = db.Column(db.Integer, primary_key=True)
    plan_id = db.Column(db.Integer, db.ForeignKey("plans.id"), nullable=False)
    indicator = db.Column(db.String(40), nullable=False)
    unit_code = db.Column(db.String(9), db.ForeignKey("units.code"), nullable=False)
    year = db.Column(db.Integer, nullable=True)
    value = db.Column(db.Float, nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_by = db.Column(db.String(64), nullable=False)

    plan = db.relationship("Plan", lazy="joined", innerjoin=True)

    # unique per (plan, indicator, unit, year) with NULL year counted as one value: an expression
    # index works the same on SQLite and PostgreSQL (created in the migration)


class TargetChange(db.Model):
    __tablename__ = "target_changes"

    id = db.Column(db.Integer, primary_key=True)
    plan_id = db.Column(db.Integer, nullable=False)
    indicator = db.Column(db.String(40), nullable=False)
    unit_code = db.Column(db.String(9), nullable=False)
    year = db.Column(db.Integer, nullable=True)
    old_value = db.Column(db.Float, nullable=True)
    new_value = db.Column(db.Float, nullable=True)  # null: removed with its plan's save
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    by = db.Column(db.String(64), nullable=False)
