"""Photos of records: taking them in (streamed, hashed, checked, stored once), serving and
deleting them. The record's scope rules apply to its photos."""

import functools
import hashlib
import io
import tempfile
import uuid
from concurrent import futures
from dataclasses import dataclass

from flask import current_app, request
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import lazyload

from backend.auth import scope
from backend.extensions import db
from backend.models import Attachment, Record
from backend.services import evidence, images
from backend.spatial import is_sqlite
from backend.storage import blobs, storage
from domain.errors import Conflict, DomainError, Forbidden, Invalid, NotFound, TooLarge, Unavailable, UnsupportedMedia
from domain.messages import message

CHUNK = 1024 * 1024  # the server reads ahead up to 1 MiB per recv(): asked for less, it copies the rest again
SPOOL_IN_MEMORY = 1024 * 1024  # larger bodies spill to a temporary file while they arrive
# the header must at least claim an image; the bytes decide which
ACCEPTED_HEADERS = ("application/octet-stream",)
# threads decoding photos while their bytes are written: one per request thread of a worker
CHECK_THREADS = 4


@dataclass
class Upload:
    data: bytes  # the body, once it has all arrived
    size: int
    sha256: str
    facts: images.ImageFacts | None = None  # once the decoder has checked it


@functools.cache
def _checkers():
    # made on the first upload, in the worker process (not before gunicorn forks)
    return futures.ThreadPoolExecutor(CHECK_THREADS, thread_name_prefix="photo-check")


def attachment_id(text):
    try:
        return str(uuid.UUID(text))
    except ValueError:
        raise Invalid("attachment_id_not_uuid", errors={"attachment_id": [message("uuid_expected")]}) from None


def readable_record(record_id, user, lock=False, with_photos=False):
    """The record if the user may read it; 404 otherwise (as GET /records/{id} answers).
    Its photos' metadata and unit names are loaded only when asked for."""
    query = scope.restrict_records(db.select(Record).where(Record.id == record_id), user, Record)
    if not with_photos:
        query = query.options(lazyload(Record.attachments), lazyload(Record.town), lazyload(Record.county))  # type: ignore[arg-type]
    if lock and not is_sqlite():  # SQLite writers are serialised by BEGIN IMMEDIATE already
        query = query.with_for_update(of=Record)
    record = db.session.execute(query).scalar_one_or_none()
    if record is None:
        raise NotFound("record_not_found", id=record_id)
    return record


def require_changeable(record, user):
    scope.require_write(user, record.town_code)
    if record.status == "approved":
        raise Conflict("photos_locked")


def receive_body():
    """Read the request body in chunks into a spooled file while hashing it (one pass): on
    disk once it is large, so a slow phone's upload holds no memory; read back in one piece
    once it has all arrived. 413 past ATTACHMENT_MAX_BYTES, before reading further."""
    limit = current_app.config["ATTACHMENT_MAX_BYTES"]
    if request.content_length is not None and request.content_length > limit:
        raise _too_large(limit)
    request.max_content_length = limit  # this route's own limit instead of MAX_BODY_BYTES
    mimetype = request.mimetype
    if not (mimetype.startswith("image/") or mimetype in ACCEPTED_HEADERS):
        raise UnsupportedMedia("photo_media_type", media_type=mimetype or "nothing")
    digest, size = hashlib.sha256(), 0
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_IN_MEMORY)  # noqa: SIM115 (the caller closes it)
    stream = request.stream
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            spool.close()
            raise _too_large(limit)
        digest.update(chunk)
        spool.write(chunk)
    if size == 0:
        spool.close()
        raise Invalid("photo_empty", errors={"body": [message("empty")]})
    with spool:
        spool.seek(0)
        return Upload(spool.read(), size, digest.hexdigest())


def _too_large(limit):
    return TooLarge("photo_too_large", members={"limit": limit}, max_bytes=f"{limit:,}")


def put(record_id, attachment_id_text, user):
    """Store the body as photo attachment_id of the record: (attachment, created?)."""
    aid = attachment_id(attachment_id_text)
    record = readable_record(record_id, user)
    scope.require_write(user, record.town_code)
    existing, count = _existing_and_count(record_id, aid)
    if existing is None:  # a new photo: refused before its bytes come
        require_changeable(record, user)
        require_room(count)
    # The read transaction ends before the (possibly slow) body arrives: no lock is held
    # while a phone uploads over 3G. Ended by a commit (it wrote nothing): a rollback would
    # expire the account and the attachment read, and load them again afterwards.
    db.session.commit()
    upload = receive_body()
    if existing is not None:
        # a resend whose answer was lost: its hash settles it, nothing decoded or written
        return _settle_existing(existing, record_id, upload), False
    try:
        return _store(record_id, aid, upload, user)
    except IntegrityError:
        # a concurrent upload or delete of the same content or id won the race: once
        # more, now that it has committed
        db.session.rollback()
        return _store(record_id, aid, upload, user)


def _store(record_id, aid, upload, user):
    # The bytes are written before the record is locked: the photos of one record arrive
    # together, and writing megabytes under its lock made them wait for each other. Blobs
    # are addressed by content, not by record; refused after this (only a lost race: put()
    # checked before the body came), the rollback takes the blob row back (a file of
    # ATTACHMENT_STORAGE=fs stays, named by its content, for the next upload of it).
    facts = _check_and_store(upload)
    record = readable_record(record_id, user, lock=True)
    existing, count = _existing_and_count(record_id, aid)
    if existing is not None:  # a resend whose answer was lost is answered 200, approved or not
        return _settle_existing(existing, record_id, upload), False
    require_changeable(record, user)
    require_room(count)
    attachment = Attachment(
        id=aid,
        record_id=record_id,
        sha256=upload.sha256,
        bytes=upload.size,
        content_type=facts.content_type,
        width=facts.width,
        height=facts.height,
        taken_at=facts.taken_at,
        lon=facts.lon,
        lat=facts.lat,
        created_by=user.username,
    )
    db.session.add(attachment)
    db.session.flush()
    evidence.refresh(record)
    db.session.commit()
    return attachment, True


def _check_and_store(upload):
    """The image's facts, its bytes written meanwhile. Its header is judged first (what is
    no image at all is refused before anything is written); then a thread decodes every
    byte while this one writes them: Pillow's decoder and the driver's send both release
    the GIL, so the check costs little time of its own. No lock is held yet. Bytes that
    fail the check are taken back: the blob row by the rollback, a file by discard()."""
    max_pixels = current_app.config["ATTACHMENT_MAX_PIXELS"]
    store = storage()
    if upload.facts is not None:  # checked before a lost race: only written again
        store.store(upload.sha256, upload.size, upload.data)
        return upload.facts
    # a BytesIO of bytes shares their buffer: the decoder reads the one copy there is
    with images.open_image(io.BytesIO(upload.data), max_pixels) as image:
        checking = _checkers().submit(images.facts, image, max_pixels)
        try:
            written = store.store(upload.sha256, upload.size, upload.data)
        finally:
            futures.wait([checking])  # the image is closed only once its decoder is done
        try:
            upload.facts = checking.result()
        except DomainError:
            db.session.rollback()
            if written:  # bytes that fail the check are nobody's (their hash is theirs alone)
                store.discard(upload.sha256)
            raise
    return upload.facts


def _existing_and_count(record_id, aid):
    """(the attachment stored under aid or None, how many photos the record has), in one
    query: a new photo's id names no row, and a record has a handful of photos."""
    rows = db.session.execute(
        db.select(Attachment.id, Attachment.record_id).where(
            db.or_(Attachment.id == aid, Attachment.record_id == record_id)
        )
    ).all()
    existing = db.session.get(Attachment, aid) if any(row.id == aid for row in rows) else None
    return existing, sum(row.record_id == record_id for row in rows)


def require_room(count):
    """422 when the record holds ATTACHMENT_MAX_COUNT photos already."""
    limit = current_app.config["ATTACHMENT_MAX_COUNT"]
    if count >= limit:
        raise Invalid(
            "photos_too_many",
            errors={"attachment_id": [message("too_many_photos", max=limit)]},
            members={"limit": limit},
            limit=limit,
            count=count,
        )


def _settle_existing(existing, record_id, upload):
    if existing.record_id != record_id:
        raise Conflict("attachment_other_record")
    if existing.sha256 != upload.sha256:
        raise Conflict("attachment_id_taken", members={"sha256": existing.sha256})
    return existing


def find(record_id, attachment_id_text, user):
    record = readable_record(record_id, user)
    attachment = db.session.get(Attachment, attachment_id(attachment_id_text))
    if attachment is None or attachment.record_id != record.id:
        raise NotFound("photo_not_found", record=record_id, photo=attachment_id_text)
    return record, attachment


def original(attachment):
    data = storage().load(attachment.sha256)
    if data is None:  # a blob row without its file: an operator removed files by hand
        raise Unavailable("photo_bytes_unavailable")
    return data


def thumbnail(attachment):
    """The photo's thumbnail, made and kept on its first request (not on upload, where it
    cost a second decode of every photo)."""
    aid = attachment.id
    data = db.session.execute(db.select(Attachment.thumbnail).where(Attachment.id == aid)).scalar_one()
    if data is None:
        data = images.thumbnail(original(attachment), current_app.config["ATTACHMENT_MAX_PIXELS"])
        # A new transaction writes it: on SQLite, this GET's read transaction could not take
        # the write lock once another writer had committed ("database is locked" at once);
        # one that writes first waits its turn. Two first requests at once write the same bytes.
        db.session.rollback()
        db.session.execute(db.update(Attachment).where(Attachment.id == aid).values(thumbnail=data))
        db.session.commit()
    return data


def delete(record_id, attachment_id_text, user):
    record, attachment = find(record_id, attachment_id_text, user)
    require_changeable(record, user)
    if attachment.created_by != user.username and user.role not in scope.REVIEWERS:
        raise Forbidden("photo_delete_forbidden")
    record = readable_record(record_id, user, lock=True)
    sha256 = attachment.sha256
    db.session.delete(attachment)
    db.session.flush()
    orphaned = blobs.drop_if_unreferenced(sha256)
    evidence.refresh(record)
    db.session.commit()
    if orphaned:
        storage().discard(sha256)
