from backend.extensions import db
from backend.models.timestamps import UTCDateTime, utcnow


class Plan(db.Model):
    """A plan of the city (e.g. "2023-2025"): its window and, through Target, its targets."""

    __tablename__ = "plans"

    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(20), nullable=False, unique=True)
    name = db.Column(db.String(100), nullable=False)
    starts_on = db.Column(db.Date, nullable=False)
    ends_on = db.Column(db.Date, nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_by = db.Column(db.String(64), nullable=False)
