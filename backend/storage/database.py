"""Photo bytes in the attachment_blobs table (bytea / BLOB)."""

from backend.extensions import db
from backend.models import AttachmentBlob
from backend.storage import blobs


class DatabaseStorage:
    def __init__(self, _directory=None):
        pass

    def store(self, sha256, size, file):
        """Keep the bytes of file (positioned anywhere) under sha256, once."""
        if blobs.known(sha256):
            return
        file.seek(0)
        blobs.add_row(sha256, size, file.read())

    def load(self, sha256):
        return db.session.execute(
            db.select(AttachmentBlob.data).where(AttachmentBlob.sha256 == sha256)
        ).scalar_one_or_none()

    def discard(self, sha256):
        """After the commit that dropped the blob row: nothing else to remove."""
