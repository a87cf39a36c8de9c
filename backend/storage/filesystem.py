"""Photo bytes as files named by their SHA-256 under ATTACHMENT_DIR (ab/cd/abcd…)."""

import os
import tempfile
from pathlib import Path

from backend.storage import blobs


class FileSystemStorage:
    def __init__(self, directory):
        self.root = Path(directory)

    def path(self, sha256):
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def store(self, sha256, size, data):
        """Keep data under sha256, once; True if this wrote the file."""
        target = self.path(sha256)
        written = not target.exists()
        if written:
            target.parent.mkdir(parents=True, exist_ok=True)
            # written under a temporary name and renamed: a reader never sees half a file
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as draft:
                draft.write(data)
            os.replace(draft.name, target)
        blobs.add_row(sha256, size, None)
        return written

    def load(self, sha256):
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def discard(self, sha256):
        """After the commit or rollback that dropped the blob row: remove the file."""
        self.path(sha256).unlink(missing_ok=True)
