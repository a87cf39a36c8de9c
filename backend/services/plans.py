"""Plans: which plan an answer measures against, and saving a plan with its targets.

The default plan is the one whose window holds today in China time, otherwise the latest
that has ended (otherwise the first to come). A summary of a year or a date range without
`plan=` uses the plan whose window holds its first day, so 2024 is always measured against
the 2023–2025 targets, whatever plan runs today."""

import datetime as dt

from sqlalchemy.exc import IntegrityError

from backend.auth import scope
from backend.extensions import db
from backend.models import Plan, Target
from backend.models.timestamps import utcnow
from backend.services import audit, targets
from domain import clock, roles
from domain.errors import Invalid, NotFound, Unavailable
from domain.messages import message


def ended(plan):
    return plan.ends_on < clock.today_in_china()


def describe(plan):
    """The plan as every answer names it."""
    return {
        "code": plan.code,
        "name": plan.name,
        "starts_on": plan.starts_on,
        "ends_on": plan.ends_on,
        "ended": ended(plan),
    }


def window(plan):
    """(first day, last day) a plan measures: the one place summaries take it from."""
    return plan.starts_on, plan.ends_on


def by_code(code):
    plan = db.session.execute(db.select(Plan).where(Plan.code == code)).scalar_one_or_none()
    if plan is None:
        raise NotFound("plan_not_found", plan=code)
    return plan


def holding(day):
    """The plan whose window holds `day` (the one starting last, should windows overlap)."""
    return db.session.execute(
        db.select(Plan).where(Plan.starts_on <= day, Plan.ends_on >= day).order_by(Plan.starts_on.desc()).limit(1)
    ).scalar_one_or_none()


def default_plan():
    today = clock.today_in_china()
    plan = (
        holding(today)
        or db.session.execute(
            db.select(Plan).where(Plan.ends_on < today).order_by(Plan.ends_on.desc()).limit(1)
        ).scalar_one_or_none()
        or db.session.execute(db.select(Plan).order_by(Plan.starts_on).limit(1)).scalar_one_or_none()
    )
    if plan is None:
        raise Unavailable("no_plan_loaded")
    return plan


def choose(code=None, year=None, date_from=None, date_to=None):
    """The plan an answer uses: the one asked for by code, else the one holding the period
    asked (its first day), else the default plan."""
    if code:
        try:
            return by_code(code)
        except NotFound:
            raise Invalid.field("plan", "plan_unknown", plan=code) from None
    first_day = dt.date(year, 1, 1) if year else date_from or date_to
    return (first_day and holding(first_day)) or default_plan()


def list_plans():
    return db.session.execute(db.select(Plan).order_by(Plan.starts_on)).scalars().all()


def plan_targets(plan):
    return (
        db.session.execute(
            db.select(Target)
            .where(Target.plan_id == plan.id)
            .order_by(Target.indicator, Target.unit_code, Target.year.nulls_first())
        )
        .scalars()
        .all()
    )


def _check_targets(data):
    years = range(data["starts_on"].year, data["ends_on"].year + 1)
    seen = set()
    for n, target in enumerate(data["targets"]):
        key = (target["indicator"], target["unit_code"], target["year"])
        if key in seen:
            raise Invalid(
                "target_repeated",
                errors={f"targets[{n}]": [message("given_twice")]},
                where=f"targets[{n}]",
                indicator=key[0],
                unit=key[1],
                year=key[2],
            )
        seen.add(key)
        if target["year"] is not None and target["year"] not in years:
            raise Invalid(
                "target_year_outside_plan",
                errors={f"targets[{n}].year": [message("outside_plan_window")]},
                where=f"targets[{n}]",
                year=target["year"],
                first=years.start,
                last=years.stop - 1,
            )
        try:
            targets.check_value(target["indicator"], target["value"])
            targets.check_unit(target["unit_code"])
        except Invalid as error:
            raise Invalid(
                "in_place",
                errors={f"targets[{n}].{field}": messages for field, messages in (error.errors or {}).items()},
                where=f"targets[{n}]",
                detail=error.message,
            ) from None


def _locked(code):
    return db.session.execute(db.select(Plan).where(Plan.code == code).with_for_update()).scalar_one_or_none()


def save_plan(user, code, data):
    """Create or replace a plan and its whole list of targets (city admins); every target
    change goes to the target history and the plan to the audit log. (plan, created)"""
    scope.require_role(user, roles.CITY_ADMIN)
    _check_targets(data)
    plan, created = _locked(code), False
    if plan is None:
        try:
            with db.session.begin_nested():
                plan = Plan(
                    code=code,
                    name=data["name"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    updated_at=utcnow(),
                    updated_by=user.username,
                )
                db.session.add(plan)
            created = True
        except IntegrityError:
            # another admin created the same plan meanwhile: this save replaces theirs
            plan = _locked(code)
    plan.name, plan.starts_on, plan.ends_on = data["name"], data["starts_on"], data["ends_on"]
    plan.updated_at, plan.updated_by = utcnow(), user.username
    db.session.flush()
    kept = set()
    for target in data["targets"]:
        stored, _ = targets.set_target(
            user, plan, target["indicator"], target["unit_code"], target["year"], target["value"], audited=False
        )
        kept.add(stored.id)
    removed = targets.remove_others(user, plan, kept)
    audit.record(
        user.username,
        "plan.saved",
        code,
        {
            "created": created,
            "name": plan.name,
            "starts_on": plan.starts_on.isoformat(),
            "ends_on": plan.ends_on.isoformat(),
            "targets": len(kept),
            "targets_removed": removed,
        },
    )
    return plan, created
