"""Changing a stored record: corrections (a JSON merge patch) and review decisions.

Every change bumps the revision and writes a history entry saying who, when and what."""
from marshmallow import ValidationError
from sqlalchemy.orm import undefer

from backend.auth import scope
from backend.errors import ApiError, invalid
from backend.extensions import db
from backend.messages import message
from backend.models import Revision, Unit
from backend.models.timestamps import utcnow
from backend.services.records import Outcome, changed_fields, prepare_row, record_schema

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


def _add_revision(record, user, action, changes, reason=None):
    record.revision += 1
    record.updated_at = utcnow()
    record.updated_by = user.username
    db.session.add(Revision(record_id=record.id, revision=record.revision, at=record.updated_at,
                            by=user.username, action=action, changes=changes, reason=reason))


def correct(record, patch, user):
    scope.require_write(user, record.town_code)
    if not isinstance(patch, dict):
        raise ApiError(422, message("not_an_object"), errors={"_schema": [message("not_an_object")]})
    for name in IMMUTABLE:
        if name in patch and patch[name] != record.client_id:
            raise ApiError(422, message("immutable", field=name), errors={name: [message("immutable", field=name)]})
    if record.status == "approved" and user.role == "town_officer":
        raise ApiError(409, message("approved_record_locked"))

    document = merge_patch({**record.content, "client_id": record.client_id}, patch)
    try:
        # a record imported without a place may stay without one
        data = record_schema(place_required=record.lon is not None or record.geometry is not None).load(document)
    except ValidationError as error:
        raise invalid(error.messages) from None
    outcome = Outcome(0, record.client_id, data=data)
    town = db.session.get(Unit, data["town_code"], options=[undefer(Unit.boundary)])
    row = prepare_row(outcome, user, town if town and town.level == "town" else None, [], exclude_id=record.id)
    if row is None:
        status = 403 if outcome.outcome == "forbidden" else 422
        raise ApiError(status, "The correction cannot be accepted: " + ", ".join(sorted(outcome.errors)),
                       errors=outcome.errors)

    changes = changed_fields(record.content, row["content"])
    if not changes:
        return record
    row.pop("client_id")
    for key, value in row.items():
        setattr(record, key, value)
    record.status = "pending"
    record.reviewed_at = record.reviewed_by = record.review_reason = None
    _add_revision(record, user, "corrected", changes)
    return record


def review(record, decision, reason, user):
    scope.require_role(user, *scope.REVIEWERS)
    scope.require_read(user, record.town_code)
    if record.status != "pending":
        raise ApiError(409, message("review_not_pending", status=record.status))
    status = "approved" if decision == "approve" else "rejected"
    record.status = status
    record.reviewed_at = utcnow()
    record.reviewed_by = user.username
    record.review_reason = reason
    _add_revision(record, user, status, {"status": ["pending", status]}, reason)
    return record


def history(record):
    return db.session.execute(
        db.select(Revision).where(Revision.record_id == record.id).order_by(Revision.revision)
    ).scalars().all()
