"""The audit log: who did what, when, to what. Append-only (the database refuses UPDATE
and DELETE on it, migration 0006).

Every act worth auditing calls `record` before its request commits, so the entry is
written in the same transaction as the act: both are kept or neither is."""

from backend.extensions import db
from backend.models import AuditEntry
from backend.models.timestamps import utcnow

ACTIONS = (
    "signin.succeeded",
    "signin.failed",
    "password.changed",
    "account.created",
    "account.changed",
    "account.password_reset",
    "plan.saved",
    "target.set",
    "boundary.uploaded",
    "import",
    "export",
    "review",
)
ACTOR_MAX, SUBJECT_MAX = 64, 200


def _storable(text, limit):
    """A name as tried (a failed sign-in may send anything) in a form every database keeps:
    control characters and lone surrogates become U+FFFD."""
    return "".join(
        "\ufffd" if ch < " " or ch == "\x7f" or "\ud800" <= ch <= "\udfff" else ch for ch in str(text)[:limit]
    )


def record(actor_username, action, subject=None, details=None):
    """Add one entry to the session's transaction; the caller's commit writes it."""
    entry = AuditEntry(
        at=utcnow(),
        actor=_storable(actor_username, ACTOR_MAX),
        action=action,
        subject=None if subject is None else _storable(subject, SUBJECT_MAX),
        details=details,
    )
    db.session.add(entry)
    return entry


def entries(filters, page, per_page):
    """One page of the log, newest first, and the number of entries matching."""
    query = db.select(AuditEntry)
    if filters.get("actor"):
        query = query.where(AuditEntry.actor == filters["actor"])
    if filters.get("action"):
        query = query.where(AuditEntry.action == filters["action"])
    if filters.get("since"):
        query = query.where(AuditEntry.at >= filters["since"])
    if filters.get("until"):
        query = query.where(AuditEntry.at < filters["until"])
    total = db.session.scalar(query.with_only_columns(db.func.count(), maintain_column_froms=True).order_by(None))
    offset = (page - 1) * per_page
    if offset >= total:  # past the end: nothing to ask (and no offset too large for SQL)
        return [], total
    items = db.session.execute(query.order_by(AuditEntry.id.desc()).limit(per_page).offset(offset)).scalars().all()
    return items, total
