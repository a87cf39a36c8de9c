from backend.extensions import db
from backend.models.timestamps import UTCDateTime, utcnow


class AttachmentBlob(db.Model):
    """One row per distinct content (SHA-256): two records with the same photo share it.
    `data` holds the bytes with ATTACHMENT_STORAGE=db; with fs it is empty and the bytes are
    a file named by the digest."""

    __tablename__ = "attachment_blobs"

    sha256 = db.Column(db.String(64), primary_key=True)
    bytes = db.Column(db.Integer, nullable=False)
    data = db.deferred(db.Column(db.LargeBinary, nullable=True))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)


class Attachment(db.Model):
    """A photo of a record, under the id the phone chose; its bytes are a blob."""

    __tablename__ = "attachments"

    id = db.Column(db.String(36), primary_key=True)  # UUID chosen by the phone
    record_id = db.Column(db.Integer, db.ForeignKey("records.id"), nullable=False)
    sha256 = db.Column(db.String(64), db.ForeignKey("attachment_blobs.sha256"), nullable=False)
    content_type = db.Column(db.String(20), nullable=False)  # read from the bytes
    bytes = db.Column(db.Integer, nullable=False)
    width = db.Column(db.Integer, nullable=False)
    height = db.Column(db.Integer, nullable=False)
    # EXIF DateTimeOriginal as the camera's clock said it (local time, no zone)
    taken_at = db.Column(db.DateTime, nullable=True)
    lon = db.Column(db.Float, nullable=True)  # EXIF GPS position, WGS84
    lat = db.Column(db.Float, nullable=True)
    # a small JPEG without metadata, made on its first GET (NULL until then); read only by
    # the thumbnail view
    thumbnail = db.deferred(db.Column(db.LargeBinary, nullable=True))
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    created_by = db.Column(db.String(64), nullable=False)

    __table_args__ = (
        db.Index("ix_attachments_record", "record_id", "created_at"),
        db.Index("ix_attachments_sha256", "sha256"),
    )
