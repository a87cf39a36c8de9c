"""What a bureau chases each week: towns that have sent nothing for the current month or
quarter, and records waiting for review longer than REVIEW_REMINDER_DAYS."""

import datetime as dt

from flask import current_app

from backend.extensions import db
from backend.models import Record, Unit
from backend.models.timestamps import utcnow
from domain import clock

PERIODS = ("month", "quarter")
MAX_OVERDUE = 1000  # listed; the total is counted in full


def current_period(kind, today=None):
    """(first day, last day, label) of the month or quarter holding today (China time)."""
    today = today or clock.today_in_china()
    first_month = today.month if kind == "month" else 3 * ((today.month - 1) // 3) + 1
    first = dt.date(today.year, first_month, 1)
    after = first_month + (1 if kind == "month" else 3)
    last = (dt.date(today.year + 1, 1, 1) if after > 12 else dt.date(today.year, after, 1)) - dt.timedelta(days=1)
    label = f"{today.year}-{first_month:02d}" if kind == "month" else f"{today.year}-Q{(first_month + 2) // 3}"
    return first, last, label


def _towns_of(unit):
    query = db.select(Unit).where(Unit.level == "town")
    if unit.level == "county":
        query = query.where(Unit.parent_code == unit.code)
    elif unit.level == "town":
        query = query.where(Unit.code == unit.code)
    return query


def silent_towns(unit, first, last):
    """Towns of the unit without a record (rejected ones do not count) observed in the period."""
    reported = (
        db.select(Record.id)
        .where(
            Record.town_code == Unit.code,
            Record.status != "rejected",
            Record.observed_on >= first,
            Record.observed_on <= last,
        )
        .exists()
    )
    parents = db.aliased(Unit)
    rows = db.session.execute(
        _towns_of(unit)
        .where(~reported)
        .outerjoin(parents, parents.code == Unit.parent_code)
        .with_only_columns(Unit.code, Unit.name, parents.name.label("county_name"))
        .order_by(Unit.code)
    )
    return [{"town_code": row.code, "town_name": row.name, "county_name": row.county_name} for row in rows]


def overdue_reviews(unit, days):
    """Pending records of the unit last sent or corrected more than `days` days ago,
    longest waiting first: (up to MAX_OVERDUE of them, how many in all)."""
    cutoff = utcnow() - dt.timedelta(days=days)
    query = db.select(Record).where(Record.status == "pending", Record.updated_at < cutoff)
    if unit.level == "county":
        query = query.where(Record.county_code == unit.code)
    elif unit.level == "town":
        query = query.where(Record.town_code == unit.code)
    total = db.session.scalar(query.with_only_columns(db.func.count(), maintain_column_froms=True))
    now = utcnow()
    records = db.session.execute(query.order_by(Record.updated_at, Record.id).limit(MAX_OVERDUE)).scalars()
    items = [
        {
            "id": r.id,
            "indicator": r.indicator,
            "town_code": r.town_code,
            "town_name": r.town.name,
            "county_name": r.county.name,
            "observed_on": r.observed_on,
            "created_by": r.created_by,
            "waiting_since": r.updated_at,
            "days_waiting": (now - r.updated_at).days,
        }
        for r in records
    ]
    return items, total


def reminders(unit, kind):
    first, last, label = current_period(kind)
    days = current_app.config["REVIEW_REMINDER_DAYS"]
    overdue, overdue_total = overdue_reviews(unit, days)
    return {
        "unit_code": unit.code,
        "unit_name": unit.name,
        "period": kind,
        "period_label": label,
        "date_from": first,
        "date_to": last,
        "review_reminder_days": days,
        "silent_towns": silent_towns(unit, first, last),
        "overdue_reviews": overdue,
        "overdue_total": overdue_total,
    }
