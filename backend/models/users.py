from backend.extensions import db
from backend.models.timestamps import UTCDateTime, utcnow

ROLES = ("town_officer", "county_reviewer", "city_admin", "analyst")


class User(db.Model):
    __tablename__ = "users"

    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), nullable=False, unique=True)
    password_hash = db.Column(db.String(255), nullable=False)
    role = db.Column(db.String(20), nullable=False)
    unit_code = db.Column(db.String(9), db.ForeignKey("units.code"), nullable=False)
    active = db.Column(db.Boolean, nullable=False, default=True)
    # set by a reset to a temporary password: every call but the password change is refused
    must_change_password = db.Column(db.Boolean, nullable=False, default=False)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    unit = db.relationship("Unit", lazy="joined")


class Token(db.Model):
    """A bearer token, stored only as its SHA-256 digest."""

    __tablename__ = "tokens"

    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False, index=True)
    digest = db.Column(db.String(64), nullable=False, unique=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    expires_at = db.Column(UTCDateTime, nullable=False)
    revoked_at = db.Column(UTCDateTime, nullable=True)

    user = db.relationship("User", lazy="joined")


class LoginFailure(db.Model):
    """One failed sign-in, kept in the database so every worker sees the same count."""

    __tablename__ = "login_failures"

    id = db.Column(db.Integer, primary_key=True)
    key = db.Column(db.String(160), nullable=False)  # "user:NAME" or "addr:IP"
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)

    __table_args__ = (db.Index("ix_login_failures_key_at", "key", "at"),)
