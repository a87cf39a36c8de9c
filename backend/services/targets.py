"""Targets of a plan: which target applies to a unit and year, and changing one (city admins only).

A unit without its own target is measured against the nearest one above it (town → county
→ city); at one unit a target for the year beats the year-NULL ("every year") target. A
total (the water-saving area) is a sum, not a rate: the city's 9,700 mu says nothing about
what one town must build, so a total target never falls back to a unit above.
"""

from dataclasses import dataclass

from sqlalchemy.exc import IntegrityError

from backend.auth import scope
from backend.extensions import db
from backend.models import Target, TargetChange, Unit
from backend.models.timestamps import utcnow
from backend.services import audit
from domain import roles, units
from domain.errors import Invalid
from domain.indicators import INDICATORS, RATE
from domain.messages import message


@dataclass(frozen=True)
class AppliedTarget:
    value: float
    unit_code: str  # where the target was set
    year: int | None

    @property
    def source(self):
        return {"unit_code": self.unit_code, "year": self.year}


def chain_of(code, level, parent_code):
    """The unit and the units above it, nearest first."""
    return units.chain(code)


def load_targets(plan, indicator_codes, year):
    """Every target of the plan for these indicators that could apply in `year` (one small query)."""
    years = Target.year.is_(None) if year is None else (Target.year.is_(None) | (Target.year == year))
    rows = db.session.execute(
        db.select(Target.indicator, Target.unit_code, Target.year, Target.value).where(
            Target.plan_id == plan.id, Target.indicator.in_(list(indicator_codes)), years
        )
    )
    return {(row.indicator, row.unit_code, row.year): row.value for row in rows}


def every_year_applies(indicator, over_plan_window):
    """A year-NULL rate target holds in every year; a year-NULL total target is the target
    for the whole plan window (the 9,700 mu) and says nothing about a shorter period."""
    return INDICATORS[indicator].kind == RATE or over_plan_window


def applicable(targets, indicator, chain, year, every_year=True):
    """The target that applies to the first unit of `chain` in `year`, or None;
    every_year=False leaves the year-NULL targets out."""
    units = chain if INDICATORS[indicator].kind == RATE else chain[:1]
    years = ([year] if year is not None else []) + ([None] if every_year else [])
    for unit_code in units:
        for candidate_year in years:
            value = targets.get((indicator, unit_code, candidate_year))
            if value is not None:
                return AppliedTarget(value, unit_code, candidate_year)
    return None


def effective_targets(plan, unit, year):
    """Every indicator's target for a unit, in a year or (year None) over the plan window."""
    stored = load_targets(plan, list(INDICATORS), year)
    chain = chain_of(unit.code, unit.level, unit.parent_code)
    result = []
    for indicator in INDICATORS.values():
        applied = applicable(
            stored, indicator.code, chain, year, every_year_applies(indicator.code, over_plan_window=year is None)
        )
        result.append(
            {
                "indicator": indicator.code,
                "indicator_name": indicator.name_zh,
                "kind": indicator.kind,
                "value_unit": indicator.unit,
                "unit_code": unit.code,
                "year": year,
                "target": applied and applied.value,
                "target_source": applied and applied.source,
            }
        )
    return result


def check_value(indicator, value):
    """Rates are fractions; a value like 90 is a percentage sent by mistake."""
    if INDICATORS[indicator].kind == RATE and not 0 <= value <= 1:
        raise Invalid("target_rate_fraction", errors={"value": [message("not_a_fraction")]}, indicator=indicator)
    if value < 0:
        raise Invalid("target_negative", errors={"value": [message("negative")]})


def check_unit(unit_code):
    if db.session.get(Unit, unit_code) is None:
        raise Invalid("unit_unknown", errors={"unit_code": [message("unknown_unit")]}, unit=unit_code)


def _stored(plan, indicator, unit_code, year, lock=False):
    query = db.select(Target).where(
        Target.plan_id == plan.id,
        Target.indicator == indicator,
        Target.unit_code == unit_code,
        Target.year.is_(None) if year is None else Target.year == year,
    )
    if lock:
        query = query.with_for_update(of=Target)
    return db.session.execute(query).scalar_one_or_none()


def set_target(user, plan, indicator, unit_code, year, value, audited=True):
    """Upsert one target of a plan and record the change (and, unless the caller audits
    the whole act itself, an audit entry); returns (target, created)."""
    scope.require_role(user, roles.CITY_ADMIN)
    check_unit(unit_code)
    check_value(indicator, value)
    target, created, old = _stored(plan, indicator, unit_code, year, lock=True), False, None
    if target is None:
        try:
            with db.session.begin_nested():
                target = Target(
                    plan_id=plan.id,
                    indicator=indicator,
                    unit_code=unit_code,
                    year=year,
                    value=value,
                    updated_at=utcnow(),
                    updated_by=user.username,
                )
                db.session.add(target)
            created = True
            _record_change(user, target, None)
        except IntegrityError:
            # another admin inserted the same target meanwhile: update theirs instead
            target = _stored(plan, indicator, unit_code, year, lock=True)
    if not created:
        old = target.value
        if old != value:
            target.value, target.updated_at, target.updated_by = value, utcnow(), user.username
            _record_change(user, target, old)
    if audited and (created or old != value):
        audit.record(
            user.username,
            "target.set",
            f"{plan.code}/{indicator}/{unit_code}/{year or '*'}",
            {
                "plan": plan.code,
                "indicator": indicator,
                "unit_code": unit_code,
                "year": year,
                "old_value": old,
                "new_value": value,
            },
        )
    return target, created


def remove_others(user, plan, kept_ids):
    """Delete the plan's targets not in kept_ids (a plan saved whole); each removal goes to
    the target history with new_value null. The number removed."""
    gone = (
        db.session.execute(db.select(Target).where(Target.plan_id == plan.id, Target.id.not_in(kept_ids or [0])))
        .scalars()
        .all()
    )
    for target in gone:
        db.session.add(
            TargetChange(
                plan_id=plan.id,
                indicator=target.indicator,
                unit_code=target.unit_code,
                year=target.year,
                old_value=target.value,
                new_value=None,
                at=utcnow(),
                by=user.username,
            )
        )
        db.session.delete(target)
    return len(gone)


def _record_change(user, target, old_value):
    db.session.add(
        TargetChange(
            plan_id=target.plan_id,
            indicator=target.indicator,
            unit_code=target.unit_code,
            year=target.year,
            old_value=old_value,
            new_value=target.value,
            at=target.updated_at,
            by=user.username,
        )
    )


def readable_units_filter(user, column):
    """Targets a user may read: its own unit, the units below it and the units above it
    (the targets it is measured against)."""
    reach = roles.reach(user.role, user.unit_code)
    if units.level_of(reach) == "city":
        return db.true()
    above = units.chain(user.unit_code)
    if units.level_of(reach) == "county":
        return column.startswith(reach) | column.in_(above)
    return column.in_(above)


def list_targets(user, plan, filters):
    query = db.select(Target).where(Target.plan_id == plan.id, readable_units_filter(user, Target.unit_code))
    query = _filtered(query, Target, filters)
    return db.session.execute(query.order_by(Target.indicator, Target.unit_code, Target.year)).scalars().all()


def list_changes(user, plan, filters):
    query = db.select(TargetChange).where(
        TargetChange.plan_id == plan.id, readable_units_filter(user, TargetChange.unit_code)
    )
    query = _filtered(query, TargetChange, filters)
    return db.session.execute(query.order_by(TargetChange.id)).scalars().all()


def _filtered(query, model, filters):
    for name in ("indicator", "unit_code"):
        if filters.get(name):
            query = query.where(getattr(model, name) == filters[name])
    if filters.get("year") is not None:
        query = query.where(model.year == filters["year"])
    return query
