"""Where photo bytes live, addressed by their SHA-256: in the database (default, so several
app hosts need no shared disk) or in a folder (ATTACHMENT_STORAGE=db|fs, ATTACHMENT_DIR).

Both keep one `attachment_blobs` row per distinct content, which attachments reference (a
foreign key, so no attachment names missing bytes); they differ in where the bytes go."""

from flask import current_app

from backend.storage.database import DatabaseStorage
from backend.storage.filesystem import FileSystemStorage

KINDS = {"db": DatabaseStorage, "fs": FileSystemStorage}


def storage():
    kind = current_app.config["ATTACHMENT_STORAGE"]
    if kind not in KINDS:
        raise RuntimeError(f"ATTACHMENT_STORAGE must be one of {', '.join(KINDS)}, not {kind!r}")
    return KINDS[kind](current_app.config["ATTACHMENT_DIR"])
