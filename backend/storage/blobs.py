"""The blob rows both storages keep: one per distinct content."""

from sqlalchemy import exists

from backend.bulk import insert_rows
from backend.extensions import db
from backend.models import Attachment, AttachmentBlob
from backend.models.timestamps import utcnow


def add_row(sha256, size, data):
    """Insert the blob row unless a row of the same content is there (stored before, or by
    a concurrent upload); True if this inserted it."""
    inserted = insert_rows(
        AttachmentBlob.__table__,
        [{"sha256": sha256, "bytes": size, "data": data, "created_at": utcnow()}],
        skip_conflicts_on="sha256",
        returning=("sha256",),
    )
    return bool(inserted)


def drop_if_unreferenced(sha256):
    """Delete the blob row when no attachment names it any more; True if it was deleted."""
    result = db.session.execute(
        db.delete(AttachmentBlob).where(AttachmentBlob.sha256 == sha256, ~exists().where(Attachment.sha256 == sha256))
    )
    return result.rowcount == 1
