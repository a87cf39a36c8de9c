"""Photo bytes as files named by their SHA-256 under ATTACHMENT_DIR (ab/cd/abcd…)."""

import os
import shutil
import tempfile
from pathlib import Path

from backend.storage import blobs


class FileSystemStorage:
    def __init__(self, directory):
        self.root = Path(directory)

    def path(self, sha256):
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def store(self, sha256, size, file):
        target = self.path(sha256)
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            file.seek(0)
            # written under a temporary name and renamed: a reader never sees half a file
            with tempfile.NamedTemporaryFile(dir=target.parent, delete=False) as draft:
                shutil.copyfileobj(file, draft, 1024 * 1024)
            os.replace(draft.name, target)
        blobs.add_row(sha256, size, None)

    def load(self, sha256):
        try:
            return self.path(sha256).read_bytes()
        except FileNotFoundError:
            return None

    def discard(self, sha256):
        """After the commit that dropped the blob row: remove the file."""
        self.path(sha256).unlink(missing_ok=True)
