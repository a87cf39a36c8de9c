"""Photo bytes in the attachment_blobs table (bytea / BLOB)."""

from backend.extensions import db
from backend.models import AttachmentBlob
from backend.storage import blobs


class DatabaseStorage:
    def __init__(self, _directory=None):
        pass

    def store(self, sha256, size, data):
        """Keep data under sha256, once; True if this wrote it (the rollback of the
        transaction takes the row back). No look-up first, which cost a round trip on every
        upload: a resend under the same attachment id is settled by its hash before this,
        and bytes already kept (one photo on two records) are skipped by the insert."""
        return blobs.add_row(sha256, size, data)

    def load(self, sha256):
        return db.session.execute(
            db.select(AttachmentBlob.data).where(AttachmentBlob.sha256 == sha256)
        ).scalar_one_or_none()

    def discard(self, sha256):
        """After the commit or rollback that dropped the blob row: nothing else to remove."""
