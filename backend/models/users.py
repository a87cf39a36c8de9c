from backend.extensions import db
from backend.models.timestamps import UTCDateTime, utcnow
from domain.roles import ROLES  # noqa: F401  (re-exported: the roles are domain/roles.py's)


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


class LoginThrottle(db.Model):
    """Failed sign-ins of one key ("pair:ADDRESS USERNAME", "addr:ADDRESS", "user:USERNAME")
    since it was last quiet for a window: one row per key, counted by an atomic upsert so
    every worker sees the same count and concurrent failures are all counted."""

    __tablename__ = "login_throttle"

    key = db.Column(db.String(200), primary_key=True)
    failures = db.Column(db.Integer, nullable=False)
    last_failed_at = db.Column(UTCDateTime, nullable=False, index=True)
