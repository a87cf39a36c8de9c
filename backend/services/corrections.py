"""Changing a stored record: corrections (a JSON merge patch) and review decisions.

Every change bumps the revision and writes a history entry saying who, when and what.
The bump is a compare-and-swap in the database (UPDATE … WHERE revision = the one this
request read), and revisions are unique per record (migration 0004): of two edits racing
on one record exactly one writes the next revision; the other is refused (412 when it
named the revision it edited with If-Match, 409 otherwise) and its transaction rolls back.
"""

from marshmallow import ValidationError
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import undefer

from backend.auth import scope
from backend.extensions import db
from backend.models import Record, Revision, Unit
from backend.models.timestamps import utcnow
from backend.services import audit, rollup
from backend.services.records import Outcome, changed_fields, prepare_row, record_schema
from domain import roles
from domain.errors import Conflict, Forbidden, Invalid, PreconditionFailed

IMMUTABLE = ("client_id",)


def merge_patch(target, patch):
    """RFC 7396 JSON merge patch."""
    if not isinstance(patch, dict):
        return patch
    result = dict(target) if isinstance(target, dict) else {}
    for key, value in patch.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = merge_patch(result.get(key), value)
    return result


def _current_revision(record_id):
    return db.session.scalar(db.select(Record.revision).where(Record.id == record_id))


def _stale(if_match, current):
    # a malformed header parses to empty or None tags: the problem names what could be read
    sent = ", ".join(sorted(tag for tag in if_match.as_set(include_weak=True) if tag)) or "(none)"
    return PreconditionFailed("revision_stale", current_revision=current, sent=sent, current=current)


def require_revision(record, if_match):
    """If-Match (werkzeug ETags, or None when the header was not sent) must name the
    record's current revision; a stale one is 412 with the current revision."""
    if if_match is not None and str(record.revision) not in if_match:
        raise _stale(if_match, record.revision)


def _add_revision(record, user, action, changes, if_match, reason=None):
    """Claim the next revision with a compare-and-swap on the row, then write its history."""
    seen = record.revision
    now = utcnow()
    claimed = db.session.execute(
        db.update(Record)
        .where(Record.id == record.id, Record.revision == seen)
        .values(revision=seen + 1, updated_at=now, updated_by=user.username)
        .execution_options(synchronize_session=False)
    ).rowcount  # type: ignore[attr-defined]  # an UPDATE answers a CursorResult
    if claimed != 1:
        _refuse_lost_race(record.id, if_match)
    # the ORM's own UPDATE writes the same values the swap just wrote
    record.revision, record.updated_at, record.updated_by = seen + 1, now, user.username
    db.session.add(
        Revision(
            record_id=record.id,
            revision=seen + 1,
            at=now,
            by=user.username,
            action=action,
            changes=changes,
            reason=reason,
        )
    )
    try:
        db.session.flush()
    except IntegrityError:  # uq_revisions_record_revision: the constraint behind the swap
        _refuse_lost_race(record.id, if_match)


def _refuse_lost_race(record_id, if_match):
    db.session.rollback()
    current = _current_revision(record_id)
    if if_match is not None:
        raise _stale(if_match, current)
    raise Conflict("edit_race_lost", members={"current_revision": current}, current=current)


@rollup.follows_record
def correct(record, patch, user, if_match=None):
    scope.require_write(user, record.town_code)
    require_revision(record, if_match)
    if not isinstance(patch, dict):
        raise Invalid.field("_schema", "not_an_object")
    for name in IMMUTABLE:
        if name in patch and patch[name] != record.client_id:
            raise Invalid.field(name, "immutable", field=name)
    if not roles.may_correct(user.role, user.unit_code, record.town_code, record.status):
        raise Conflict("approved_record_locked")

    document = merge_patch({**record.content, "client_id": record.client_id}, patch)
    try:
        # a record imported without a place may stay without one
        data = record_schema(place_required=record.lon is not None or record.geometry is not None).load(document)
    except ValidationError as error:
        raise Invalid.fields(error.messages) from None
    outcome = Outcome(0, record.client_id, data=data)
    town = db.session.get(Unit, data["town_code"], options=[undefer(Unit.boundary)])
    row = prepare_row(outcome, user, town if town and town.level == "town" else None, [], exclude_id=record.id)
    if row is None:
        kind = Forbidden if outcome.outcome == "forbidden" else Invalid
        raise kind("correction_refused", errors=outcome.errors, fields=sorted(outcome.errors or {}))

    changes = changed_fields(record.content, row["content"])
    if not changes:
        return record
    row.pop("client_id")
    for key, value in row.items():
        setattr(record, key, value)
    record.status = "pending"
    record.reviewed_at = record.reviewed_by = record.review_reason = None
    _add_revision(record, user, "corrected", changes, if_match)
    return record


@rollup.follows_record
def review(record, decision, reason, user, if_match=None):
    scope.require_role(user, *scope.REVIEWERS)
    scope.require_read(user, record.town_code)
    require_revision(record, if_match)
    if record.status != "pending":
        raise Conflict("review_not_pending", status=record.status)
    status = "approved" if decision == "approve" else "rejected"
    record.status = status
    record.reviewed_at = utcnow()
    record.reviewed_by = user.username
    record.review_reason = reason
    _add_revision(record, user, status, {"status": ["pending", status]}, if_match, reason)
    audit.record(
        user.username,
        "review",
        f"record/{record.id}",
        {"decision": status, "reason": reason, "town_code": record.town_code, "indicator": record.indicator},
    )
    return record


def history(record):
    return (
        db.session.execute(db.select(Revision).where(Revision.record_id == record.id).order_by(Revision.revision))
        .scalars()
        .all()
    )
