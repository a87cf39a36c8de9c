from backend.extensions import db
from backend.models.timestamps import UTCDateTime, utcnow


class ExportJob(db.Model):
    """An export too large to stream in one request, made by a worker process into a file.

    state: queued → running → done (or failed); done files expire after EXPORT_JOB_TTL_HOURS.
    A running job whose heartbeat is older than EXPORT_JOB_LEASE_S is taken over by another
    worker (its own worker died); attempt counts the claims, and only the holder of the
    latest claim may finish it."""

    __tablename__ = "export_jobs"

    id = db.Column(db.String(36), primary_key=True)  # a random UUID: the job URL is not guessable
    user_id = db.Column(db.Integer, db.ForeignKey("users.id"), nullable=False)
    request_key = db.Column(db.String(64), nullable=False)  # same user and parameters: same key
    params = db.Column(db.JSON, nullable=False)  # the export query, as posted (normalised)
    state = db.Column(db.String(10), nullable=False, default="queued")
    records_total = db.Column(db.Integer, nullable=True)
    records_done = db.Column(db.Integer, nullable=False, default=0)
    attempt = db.Column(db.Integer, nullable=False, default=0)
    worker = db.Column(db.String(100), nullable=True)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    heartbeat_at = db.Column(UTCDateTime, nullable=True)
    finished_at = db.Column(UTCDateTime, nullable=True)
    expires_at = db.Column(UTCDateTime, nullable=True)
    file_name = db.Column(db.String(200), nullable=True)  # the name the download gets
    media_type = db.Column(db.String(100), nullable=True)
    file_bytes = db.Column(db.BigInteger, nullable=True)
    etag = db.Column(db.String(64), nullable=True)  # SHA-256 of the file
    error = db.Column(db.String(500), nullable=True)
