"""Summaries against a plan's targets, computed in the database.

One SQL statement answers a summary, whatever the number of units: the sums per town (from
the summary rollup, or from the records for a period that does not consist of whole
months) are aggregated per unit (a rate is the ratio of the sums, never a mean of rates),
and that aggregate is LEFT JOINed from the units so that a unit without records still has
its row. The targets come from one more small query. No answer is cached: the rollup
changes in the same transaction as the records (backend/services/rollup.py).
"""

import calendar
import datetime as dt
from dataclasses import dataclass
from functools import lru_cache

import sqlalchemy as sa

from backend.extensions import db
from backend.models import Record, SummaryRollup, Unit
from backend.services import plans, targets
from backend.spatial import without_parallel_plans
from domain.indicators import INDICATORS, TOTAL
from domain.units import level_of

COUNTED_STATUSES = {"approved": ("approved",), "pending": ("pending",), "all": ("pending", "approved")}
LEVEL_RANK = {"city": 0, "county": 1, "town": 2}
# sums of floats differ in the last bits with the order of addition: a rate that is
# exactly on target must not be "missed" by 1e-16
TOLERANCE = 1e-9

records = Record.__table__
rollup = SummaryRollup.__table__


@dataclass(frozen=True)
class Period:
    """The time a summary covers: a reporting year, a date range, or a plan's window."""

    year: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    is_plan_window: bool = False

    @classmethod
    def of(cls, plan, year=None, date_from=None, date_to=None):
        """The period asked; nothing asked is the whole window of the plan."""
        if year is None and date_from is None and date_to is None:
            first, last = plans.window(plan)
            return cls(None, first, last, is_plan_window=True)
        return cls(year, date_from, date_to)

    @property
    def target_year(self):
        """The year whose targets apply: the year asked, or the one year a range lies in."""
        if self.year is not None:
            return self.year
        if self.date_from and self.date_to and self.date_from.year == self.date_to.year:
            return self.date_from.year
        return None

    def bounds(self, indicator):
        """(reporting year, first day, last day) that place a record of indicator here.

        A rate for a year counts the records of that reporting year; a total (new area)
        counts by its counted_on date (a plot counts when completed), in the year too."""
        if self.year is not None:
            if indicator.kind == TOTAL:
                return None, dt.date(self.year, 1, 1), dt.date(self.year, 12, 31)
            return self.year, None, None
        return None, self.date_from, self.date_to

    @property
    def whole_months(self):
        """Whether the period is made of whole months, which the rollup can answer."""
        return (self.date_from is None or self.date_from.day == 1) and (
            self.date_to is None or self.date_to.day == calendar.monthrange(self.date_to.year, self.date_to.month)[1]
        )

    def every_year_targets_apply(self, indicator):
        return targets.every_year_applies(indicator.code, self.is_plan_window)


def _periods(period, indicators, table=records):
    """WHERE clauses on records (or the rollup), one per distinct time filter among the
    indicators. The rollup places a record by the month of counted_on (yyyymm)."""
    groups: dict[tuple[object, ...], list[str]] = {}
    for indicator in indicators:
        groups.setdefault(period.bounds(indicator), []).append(indicator.code)
    if table is rollup:
        placed, place = rollup.c.counted_month, (lambda day: day.year * 100 + day.month)
    else:
        placed, place = records.c.counted_on, (lambda day: day)
    clauses = []
    for (year, first, last), codes in groups.items():
        parts = [table.c.indicator.in_(codes)]
        if year is not None:
            parts.append(table.c.year == year)
        if first is not None:
            parts.append(placed >= place(first))
        if last is not None:
            parts.append(placed <= place(last))
        clauses.append(sa.and_(*parts))
    return clauses


def _records_of_unit(unit_code, table=records):
    level = level_of(unit_code)
    if level == "town":
        return table.c.town_code == unit_code
    if level == "county":
        return table.c.county_code == unit_code
    return sa.true()


def _units_of(units, level, unit_code):
    """WHERE clause on units: the units at `level` within unit_code."""
    unit_level = level_of(unit_code)
    if unit_level == level:
        return units.c.code == unit_code
    if unit_level == "city":
        return units.c.level == level
    return sa.and_(units.c.level == "town", units.c.parent_code == unit_code)


def _record_counts(source, only_counted, with_submitted):
    """(records counted, records submitted) per town: a row of the records is one record, a
    cell of the rollup holds a count of them."""
    if source is rollup:
        return sa.func.coalesce(sa.func.sum(only_counted(rollup.c.records)), 0), sa.func.sum(rollup.c.records)
    counted = sa.func.count(only_counted(records.c.id)) if with_submitted else sa.func.count()
    return counted, sa.func.count()


def _per_town(source, key, unit_code, period, indicators, statuses, with_submitted):
    """Sums per town and indicator of the records in scope, as a derived table, from
    `source`: the records, or the rollup's cells (the same sums, read from fewer rows).

    Rates for a year are found by reporting year, totals by counted_on: one SELECT for each
    time filter, glued with UNION ALL rather than OR, so that each reads its own covering
    index alone and never the table. Each groups in the order of its index (indicator,
    county, town), which lets SQLite aggregate as it reads instead of sorting first.
    with_submitted also counts every record whatever its status, to tell a town that
    reports nothing from one whose records wait for review."""
    counted = source.c.status.in_(statuses)

    def only_counted(column):
        return sa.case((counted, column)) if with_submitted else column

    records_counted, submitted = _record_counts(source, only_counted, with_submitted)
    columns = [
        key.label("unit_code"),
        source.c.town_code,
        source.c.indicator,
        sa.func.sum(only_counted(source.c.numerator)).label("numerator"),
        sa.func.sum(only_counted(source.c.denominator)).label("denominator"),
        records_counted.label("records"),
    ]
    if with_submitted:
        columns.append(submitted.label("submitted"))
    selects = []
    for placed_in in _periods(period, indicators, source):
        where = [placed_in, _records_of_unit(unit_code, source)] + ([] if with_submitted else [counted])
        selects.append(
            sa.select(*columns).where(*where).group_by(source.c.indicator, source.c.county_code, source.c.town_code)
        )
    return (selects[0] if len(selects) == 1 else sa.union_all(*selects)).subquery("per_town")


def _aggregate(level, unit_code, period, indicators, statuses, with_submitted):
    """Sums and counts per unit (of `level`) and indicator, from the sums per town.

    Going through the towns makes towns reporting a plain count of rows. COUNT(DISTINCT
    town) over the records would make PostgreSQL sort every record (it has no hashed
    DISTINCT aggregate), which at a million records spills to disk and takes four times
    as long."""
    source = rollup if period.whole_months else records
    key = {"town": source.c.town_code, "county": source.c.county_code}.get(level, sa.literal(unit_code))
    per_town = _per_town(source, key, unit_code, period, indicators, statuses, with_submitted)
    columns = [
        per_town.c.unit_code,
        per_town.c.indicator,
        sa.func.sum(per_town.c.numerator).label("numerator"),
        sa.func.sum(per_town.c.denominator).label("denominator"),
        sa.func.sum(per_town.c.records).label("records"),
        sa.func.count(sa.case((per_town.c.records > 0, 1))).label("towns_reporting"),
    ]
    if with_submitted:
        columns.append(sa.func.sum(per_town.c.submitted).label("submitted"))
    return sa.select(*columns).group_by(per_town.c.unit_code, per_town.c.indicator).subquery("agg")


def _indicator_table(indicators):
    """The requested indicators as a derived table, so every unit gets a row for each."""
    selects = [sa.select(sa.literal(i.code, sa.String(40)).label("indicator")) for i in indicators]
    return (selects[0] if len(selects) == 1 else sa.union_all(*selects)).subquery("ind")


@lru_cache(maxsize=256)
def summary_statement(level, unit_code, period, indicator_codes, statuses, with_submitted=False):
    """The one SELECT of a summary. Kept per set of arguments: building it costs more than
    running it on a small database. Only the statement is kept, never an answer."""
    indicators = [INDICATORS[code] for code in indicator_codes]
    units = Unit.__table__.alias("u")
    parents = Unit.__table__.alias("p")
    towns = Unit.__table__.alias("t")
    ind = _indicator_table(indicators)
    agg = _aggregate(level, unit_code, period, indicators, statuses, with_submitted)

    on = sa.and_(agg.c.unit_code == units.c.code, agg.c.indicator == ind.c.indicator)
    is_total = ind.c.indicator.in_([i.code for i in indicators if i.kind == TOTAL])
    numerator = sa.func.coalesce(agg.c.numerator, 0.0)
    denominator = sa.func.coalesce(agg.c.denominator, 0.0)
    towns_below = (
        sa.select(sa.func.count())
        .select_from(towns)
        .where(towns.c.level == "town", sa.or_(towns.c.parent_code == units.c.code, units.c.level == "city"))
        .scalar_subquery()
    )
    columns = [
        units.c.code.label("unit_code"),
        units.c.name.label("unit_name"),
        units.c.level,
        units.c.parent_code,
        parents.c.name.label("parent_name"),
        ind.c.indicator,
        numerator.label("numerator"),
        sa.case((is_total, sa.null()), else_=denominator).label("denominator"),
        # an empty denominator gives no value rather than zero or a division error
        sa.case(
            (is_total, numerator), (agg.c.denominator > 0, agg.c.numerator / agg.c.denominator), else_=sa.null()
        ).label("value"),
        sa.func.coalesce(agg.c.records, 0).label("records"),
        sa.func.coalesce(agg.c.towns_reporting, 0).label("towns_reporting"),
        sa.case((units.c.level == "town", 1), else_=towns_below).label("towns_total"),
    ]
    if with_submitted:
        columns.append(sa.func.coalesce(agg.c.submitted, 0).label("submitted"))
    return (
        sa.select(*columns)
        .select_from(
            units.join(ind, sa.true()).outerjoin(parents, parents.c.code == units.c.parent_code).outerjoin(agg, on)
        )
        .where(_units_of(units, level, unit_code))
        .order_by(units.c.code)
    )


def judge(row, applied):
    """Add target, its source, met and gap to a row (value and target in the same unit)."""
    value = row["value"]
    row["target"] = None if applied is None else applied.value
    row["target_source"] = None if applied is None else applied.source
    if value is None or applied is None:
        row["met"] = row["gap"] = None
    else:
        target = applied.value
        row["met"] = value >= target - TOLERANCE * max(1.0, abs(target))
        row["gap"] = 0.0 if row["met"] else max(target - value, 0.0)
    return row


def _describe(row, indicator, period):
    _, first, last = period.bounds(indicator)
    row.update(
        indicator_name=indicator.name_zh,
        kind=indicator.kind,
        value_unit=indicator.unit,
        year=period.year,
        date_from=first,
        date_to=last,
    )
    return row


def summary_rows(plan, level, unit_code, period, indicators, status="approved", with_submitted=False):
    """Per indicator and unit: sums, value, target (of the plan), met, gap, records, towns reporting."""
    statement = summary_statement(
        level, unit_code, period, tuple(i.code for i in indicators), COUNTED_STATUSES[status], with_submitted
    )
    without_parallel_plans()
    rows = [dict(row._mapping) for row in db.session.execute(statement)]
    stored = targets.load_targets(plan, [i.code for i in indicators], period.target_year)
    position = {indicator.code: n for n, indicator in enumerate(indicators)}
    rows.sort(key=lambda row: position[row["indicator"]])  # stable: units stay in code order
    for row in rows:
        indicator = INDICATORS[row["indicator"]]
        chain = targets.chain_of(row["unit_code"], row["level"], row["parent_code"])
        applied = targets.applicable(
            stored, indicator.code, chain, period.target_year, period.every_year_targets_apply(indicator)
        )
        judge(_describe(row, indicator, period), applied)
    return rows


def lagging_towns(plan, unit_code, indicator, period, status="approved"):
    """The towns of a unit to chase for one indicator, each in one list:
    not_reporting (no record at all), without_value (records, but none counted or only
    zero denominators), below_target (by gap, largest first)."""
    rows = summary_rows(plan, "town", unit_code, period, [indicator], status, with_submitted=True)
    not_reporting = [row for row in rows if row["submitted"] == 0]
    without_value = [row for row in rows if row["submitted"] > 0 and (row["records"] == 0 or row["value"] is None)]
    below = sorted(
        (row for row in rows if row["records"] > 0 and row["met"] is False),
        key=lambda row: (-row["gap"], row["unit_code"]),
    )
    return {
        "towns_total": len(rows),
        "below_target": below,
        "without_value": without_value,
        "not_reporting": not_reporting,
    }


def _ratio(numerator, denominator, is_total):
    if is_total:
        return numerator
    return sa.case((denominator > 0, numerator / denominator), else_=sa.null())


def _month_of_cell(indicator, year):
    """The month a rollup cell (month yyyymm) counts in. A rate for a year takes the records
    of that reporting year; one observed outside the calendar year is put in January or
    December, so that December's cumulative figures equal the year's summary."""
    month = rollup.c.counted_month % 100
    if indicator.kind == TOTAL:
        return month
    return sa.case(
        (rollup.c.counted_month < year * 100 + 1, 1), (rollup.c.counted_month > year * 100 + 12, 12), else_=month
    )


def _sums_per_month(unit_code, indicator, year, statuses):
    """The rollup's cells of the year summed per month (a month's towns reporting are the
    distinct towns with a record counted in it)."""
    placed = (
        sa.select(
            _month_of_cell(indicator, year).label("month"),
            rollup.c.numerator,
            rollup.c.denominator,
            rollup.c.records,
            rollup.c.town_code,
        )
        .where(
            *_periods(Period(year=year), [indicator], rollup),
            _records_of_unit(unit_code, rollup),
            rollup.c.status.in_(statuses),
        )
        .subquery("placed")
    )
    return (
        sa.select(
            placed.c.month,
            sa.func.sum(placed.c.numerator).label("numerator"),
            sa.func.sum(placed.c.denominator).label("denominator"),
            sa.func.sum(placed.c.records).label("records"),
            sa.func.count(sa.distinct(sa.case((placed.c.records > 0, placed.c.town_code)))).label("towns_reporting"),
        )
        .group_by(placed.c.month)
        .subquery("agg")
    )


def _twelve_months():
    """The months 1…12 as a recursive CTE: a month without records still has its row."""
    # literal columns, not bound parameters: PostgreSQL types both terms of the recursion alike
    months = sa.select(sa.literal_column("1", sa.Integer).label("month")).cte("months", recursive=True)
    return months.union_all(
        sa.select(months.c.month + sa.literal_column("1", sa.Integer)).where(
            months.c.month < sa.literal_column("12", sa.Integer)
        )
    )


def monthly_statement(unit_code, indicator, year, statuses):
    """Month by month from the rollup's cells of the year: each month's figures and the
    cumulative ones."""
    agg = _sums_per_month(unit_code, indicator, year, statuses)
    months = _twelve_months()
    by_month = (
        sa.select(
            months.c.month,
            sa.func.coalesce(agg.c.numerator, 0.0).label("numerator"),
            sa.func.coalesce(agg.c.denominator, 0.0).label("denominator"),
            sa.func.coalesce(agg.c.records, 0).label("records"),
            sa.func.coalesce(agg.c.towns_reporting, 0).label("towns_reporting"),
            sa.func.coalesce(sa.func.sum(agg.c.numerator).over(order_by=months.c.month), 0.0).label("cum_numerator"),
            sa.func.coalesce(sa.func.sum(agg.c.denominator).over(order_by=months.c.month), 0.0).label(
                "cum_denominator"
            ),
            sa.func.coalesce(sa.func.sum(agg.c.records).over(order_by=months.c.month), 0).label("cum_records"),
        )
        .select_from(months.outerjoin(agg, agg.c.month == months.c.month))
        .subquery("by_month")
    )
    is_total = indicator.kind == TOTAL
    return sa.select(
        by_month.c.month,
        by_month.c.numerator,
        by_month.c.denominator,
        _ratio(by_month.c.numerator, by_month.c.denominator, is_total).label("value"),
        by_month.c.records,
        by_month.c.towns_reporting,
        by_month.c.cum_numerator,
        by_month.c.cum_denominator,
        _ratio(by_month.c.cum_numerator, by_month.c.cum_denominator, is_total).label("cum_value"),
        by_month.c.cum_records,
    ).order_by(by_month.c.month)


def monthly_rows(plan, unit, indicator, year, status="approved"):
    """Month by month within a year: the month's figures and the cumulative ones, the
    cumulative judged against the year's target."""
    statement = monthly_statement(unit.code, indicator, year, COUNTED_STATUSES[status])
    without_parallel_plans()
    rows = [dict(row._mapping) for row in db.session.execute(statement)]
    period = Period(year=year)
    stored = targets.load_targets(plan, [indicator.code], year)
    applied = targets.applicable(
        stored,
        indicator.code,
        targets.chain_of(unit.code, unit.level, unit.parent_code),
        year,
        period.every_year_targets_apply(indicator),
    )
    for row in rows:
        if indicator.kind == TOTAL:
            row["denominator"] = row["cum_denominator"] = None
        judged = judge({"value": row["cum_value"]}, applied)
        row.update(
            target=judged["target"], target_source=judged["target_source"], cum_met=judged["met"], cum_gap=judged["gap"]
        )
    return rows
