from backend.extensions import db
from backend.models.timestamps import UTCDateTime, utcnow


class AuditEntry(db.Model):
    """One act in the append-only audit log (a trigger refuses UPDATE and DELETE)."""

    __tablename__ = "audit_log"

    id = db.Column(db.Integer, primary_key=True)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    actor = db.Column(db.String(64), nullable=False)
    action = db.Column(db.String(40), nullable=False)
    subject = db.Column(db.String(200), nullable=True)
    details = db.Column(db.JSON, nullable=True)
    # indexes (at; actor, at; action, at) and the triggers live in migration 0006
