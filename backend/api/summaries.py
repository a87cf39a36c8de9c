from flask import request
from flask.views import MethodView

from backend.api.body import Blueprint
from backend.api.openapi import BINARY
from backend.auth import scope
from backend.auth.tokens import current_user, require_sign_in
from backend.errors import ApiError
from backend.extensions import db
from backend.replica import reads_may_lag
from backend.services import audit, plans, summaries, tables
from backend.services.units import unit_or_404
from domain.indicators import INDICATORS
from domain.messages import message
from schemas.common import ProblemSchema
from schemas.summaries import (
    LaggingQuerySchema,
    LaggingSchema,
    MonthlyQuerySchema,
    MonthlySchema,
    SummaryQuerySchema,
    SummarySchema,
)

blp = Blueprint(
    "summaries",
    __name__,
    url_prefix="/api/v1/summaries",
    description="Indicators against the plan's targets, per town, county and the city",
)
blp.before_request(require_sign_in)
JSON_TYPE = "application/json"


def _or_as_files(schema):
    """OpenAPI: the 200 answer as JSON, or as CSV or XLSX by Accept or format=."""
    content = {
        JSON_TYPE: {"schema": schema},
        tables.CSV_TYPE: {"schema": {"type": "string"}},
        tables.XLSX_TYPE: {"schema": dict(BINARY)},
    }
    return {"200": {"description": "JSON by default; CSV (UTF-8 with BOM) or XLSX on request", "content": content}}


SITUATIONS = {"not_reporting": "未报送", "without_value": "无计入数值", "below_target": "未达标"}


def _file_format(query):
    """json, csv or xlsx: the format parameter, else the Accept header."""
    if query.get("format"):
        return query["format"]
    if not request.accept_mimetypes:
        return "json"
    best = request.accept_mimetypes.best_match([JSON_TYPE, tables.CSV_TYPE, tables.XLSX_TYPE])
    if best is None:
        raise ApiError(
            406,
            message("summary_not_acceptable", xlsx=tables.XLSX_TYPE),
        )
    return {tables.CSV_TYPE: "csv", tables.XLSX_TYPE: "xlsx"}.get(best, "json")


def _readable_unit(user, query):
    """The unit asked for (default: the account's own), within the account's scope."""
    unit_code = query.get("unit") or user.unit_code
    scope.require_read(user, unit_code)
    return unit_code


def _plan(query):
    return plans.choose(query.get("plan"), query.get("year"), query.get("date_from"), query.get("date_to"))


def _period(plan, query):
    return summaries.Period.of(plan, query.get("year"), query.get("date_from"), query.get("date_to"))


def _period_slug(period):
    if period.year is not None:
        return str(period.year)
    return f"{period.date_from or 'start'}_{period.date_to or 'end'}".replace("-", "")


def _audited(user, name, query):
    """A table leaving the service as a file is an export: logged with who and which filter."""
    audit.record(
        user.username,
        "export",
        name,
        {
            "filters": {
                key: value if isinstance(value, (str, int, list)) else str(value)
                for key, value in query.items()
                if value is not None
            }
        },
    )
    db.session.commit()


def _with_plan(rows, plan):
    """File rows carry the plan they were measured against in two columns of their own."""
    described = plans.describe(plan)
    return [{**row, "plan": described["code"], "plan_ended": described["ended"]} for row in rows]


@blp.route("")
class Summaries(MethodView):
    @blp.arguments(SummaryQuerySchema, location="query")
    @blp.response(200, SummarySchema)
    @blp.doc(responses=_or_as_files(SummarySchema))
    @blp.alt_response(403, schema=ProblemSchema, description="The unit is outside the account's scope")
    @reads_may_lag
    def get(self, query):
        """Each indicator for each unit of a level: sums, value, target, met, gap, towns reporting

        Rates are SUM(numerator) ÷ SUM(denominator) over the records counted. Without year
        or dates the period is the window of the plan (`plan=`, by default the plan running
        today in China time, otherwise the latest that has ended); the answer names it."""
        user = current_user()
        file_format = _file_format(query)
        unit_code = _readable_unit(user, query)
        unit_level = summaries.level_of(unit_code)
        level = query.get("level") or unit_level
        if summaries.LEVEL_RANK[level] < summaries.LEVEL_RANK[unit_level]:
            raise ApiError(
                422,
                message("level_above_unit", unit=unit_code, unit_level=unit_level, level=level),
                errors={"level": [message("level_at_most", unit_level=unit_level, unit=unit_code)]},
            )
        indicators = [INDICATORS[code] for code in query.get("indicators") or INDICATORS]
        plan = _plan(query)
        period = _period(plan, query)
        items = summaries.summary_rows(plan, level, unit_code, period, indicators, query["status"])
        if not items:
            raise ApiError(404, message("unit_not_found", code=unit_code))
        if file_format != "json":
            name = f"summary_{level}_{unit_code}_{_period_slug(period)}_{query['status']}_plan{plan.code}"
            _audited(user, name, query)
            return tables.file_response(
                tables.SUMMARY_COLUMNS,
                _with_plan([tables.flat(i) for i in items], plan),
                file_format,
                name,
                plans.describe(plan),
            )
        return {
            "level": level,
            "unit_code": unit_code,
            "status": query["status"],
            "year": period.year,
            "date_from": period.date_from,
            "date_to": period.date_to,
            "plan": plans.describe(plan),
            "items": items,
        }


@blp.route("/lagging")
class LaggingTowns(MethodView):
    @blp.arguments(LaggingQuerySchema, location="query")
    @blp.response(200, LaggingSchema)
    @blp.doc(responses=_or_as_files(LaggingSchema))
    @blp.alt_response(403, schema=ProblemSchema, description="The unit is outside the account's scope")
    @reads_may_lag
    def get(self, query):
        """The towns to chase for one indicator: not reporting, without a counted value, below target

        Towns below target come largest gap first."""
        user = current_user()
        file_format = _file_format(query)
        unit = unit_or_404(_readable_unit(user, query))
        indicator = INDICATORS[query["indicator"]]
        plan = _plan(query)
        period = _period(plan, query)
        lists = summaries.lagging_towns(plan, unit.code, indicator, period, query["status"])
        if file_format != "json":
            rows = [
                {**row, "situation": situation, "situation_name": SITUATIONS[situation]}
                for situation in SITUATIONS
                for row in lists[situation]
            ]
            name = f"lagging_{indicator.code}_{unit.code}_{_period_slug(period)}_{query['status']}_plan{plan.code}"
            _audited(user, name, query)
            return tables.file_response(
                tables.LAGGING_COLUMNS, _with_plan(rows, plan), file_format, name, plans.describe(plan)
            )
        return {
            "indicator": indicator.code,
            "indicator_name": indicator.name_zh,
            "unit_code": unit.code,
            "unit_name": unit.name,
            "status": query["status"],
            "year": period.year,
            "date_from": period.date_from,
            "date_to": period.date_to,
            "plan": plans.describe(plan),
            **lists,
        }


@blp.route("/monthly")
class Monthly(MethodView):
    @blp.arguments(MonthlyQuerySchema, location="query")
    @blp.response(200, MonthlySchema)
    @blp.alt_response(403, schema=ProblemSchema, description="The unit is outside the account's scope")
    @reads_may_lag
    def get(self, query):
        """One indicator for one unit month by month within a year, per month and cumulative"""
        user = current_user()
        unit = unit_or_404(_readable_unit(user, query))
        indicator = INDICATORS[query["indicator"]]
        plan = _plan(query)
        months = summaries.monthly_rows(plan, unit, indicator, query["year"], query["status"])
        return {
            "indicator": indicator.code,
            "indicator_name": indicator.name_zh,
            "kind": indicator.kind,
            "value_unit": indicator.unit,
            "unit_code": unit.code,
            "unit_name": unit.name,
            "year": query["year"],
            "status": query["status"],
            "plan": plans.describe(plan),
            "months": months,
        }
