"""The county bureau's dashboard: GET /dashboard renders the page, nothing else.

The page is a shell rendered here; its figures come from the API (indicators, summaries,
records, review, and the map's data at /api/v1/dashboard/…) called by the page's
JavaScript with the session cookie of backend/web/session.py. The page is handed, in a
JSON config, every URL it calls and what the account may do (domain/roles.py), so no
script rebuilds a URL or re-derives a rule. Every read goes through current_user() and
the scope rules.

A new dashboard page: a template under templates/dashboard/, a view here rendering it
with `_page`, its data from an API blueprint under backend/api/ (not from this module).
"""

import json
import re
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, redirect, render_template, request, session, url_for
from marshmallow import ValidationError

from backend.auth.tokens import current_user
from backend.errors import ApiError, as_api_error, field_errors
from backend.exports.writers import WRITERS
from backend.extensions import db
from backend.models import Unit
from backend.services import dashboard, plans
from backend.web.common import module_graph, module_urls
from backend.web.security import secure_cookies
from domain import roles
from domain.errors import DomainError
from domain.indicators import DISPLAYS, INDICATORS, STATUSES
from domain.messages import PATTERN_NAMES, catalogue, message
from domain.units import CITY_CODE, LEVELS
from schemas.dashboard import MapQuerySchema

HERE = Path(__file__).resolve().parent
LANGUAGES = ("zh-CN", "en")
LANG_COOKIE = "dashboard_lang"
_year_only = MapQuerySchema(only=("year",))
# the parameter of GET /api/v1/records (and the exports) that keeps a unit's records
RECORD_FILTER = {"county": "county_code", "town": "town_code"}

blp = Blueprint(
    "dashboard",
    __name__,
    url_prefix="/dashboard",
    template_folder="templates",
    static_folder="static/dashboard",
    static_url_path="/static",
)


@lru_cache(maxsize=1)
def _messages():
    """The page's words in both languages: one file, read by these templates and the JS."""
    return json.loads((HERE / "static" / "dashboard" / "i18n.json").read_text(encoding="utf-8"))


def _language():
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return asked if asked in LANGUAGES else "zh-CN"


def shared_modules():
    """What a page needs for the modules of static/common/: their URLs, and the message
    catalogue (GET /api/v1/messages' answer) that words a problem by its code."""
    return {"modules": module_urls(), "catalogue": {"messages": catalogue(), "patterns": PATTERN_NAMES}}


def _no_store(response):
    # pages and data of a signed-in account are never cached by a shared proxy
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _modules(entry, config):
    """The page's entry module, and every module it will import, to preload: its own
    (module_graph) and those of static/common/ that common.js imports from the config."""
    own = [url_for("dashboard.static", filename=name) for name in module_graph(HERE / "static" / "dashboard", entry)]
    return {"module_url": own[0], "preloads": own[1:] + list((config or {}).get("modules", {}).values())}


def _page(template, status=200, module=None, **context):
    """A dashboard page; `module` is its entry module (static/dashboard/)."""
    lang = _language()
    other = "en" if lang == "zh-CN" else "zh-CN"
    # the query as a query string, not url_for arguments: `_method` or `_external` there
    # would be taken as url_for's own; the same page (the dashboard or an administration page)
    switch_url = request.path + "?" + urlencode({**request.args.to_dict(), "lang": other})
    html = render_template(
        template,
        lang=lang,
        t={**_messages()[lang], **_import_messages()[lang]},
        other_lang=other,
        switch_url=switch_url,
        **(_modules(module, context.get("config")) if module else {}),
        **context,
    )
    response = _no_store(Response(html, status=status, mimetype="text/html"))
    if request.args.get("lang") in LANGUAGES:
        response.set_cookie(
            LANG_COOKIE, request.args["lang"], max_age=365 * 24 * 3600, samesite="Strict", secure=secure_cookies()
        )
    return response


@blp.get("")
def page():
    """The dashboard, or its sign-in form; a unit outside the account's scope is refused."""
    user = current_user(optional=True, password_change_pending_ok=True)
    lang = _language()
    config = {
        "lang": lang,
        "messages": _messages()[lang],
        "indicatorsUrl": url_for("indicators.Indicators"),
        "basemap": {
            "url": current_app.config.get("BASEMAP_URL", ""),
            "attribution": current_app.config.get("BASEMAP_ATTRIBUTION", ""),
        },
    }
    if user is None:
        return _signin_page(config)

    if user.must_change_password:  # a temporary password: nothing else until it is changed
        return redirect(url_for("dashboard_admin.password"))
    code = request.args.get("unit") or user.unit_code
    try:
        unit = dashboard.unit_in_scope(user, code)
        town = dashboard.town_in_unit(unit, request.args.get("town"))
        year = _asked_year()
        # plan= shows another plan's window and targets; without it, the default plan
        chosen = plans.choose(request.args.get("plan")) if request.args.get("plan") else plans.default_plan()
    except (ApiError, DomainError) as error:
        problem = as_api_error(error) if isinstance(error, DomainError) else error
        asked = db.session.get(Unit, code)
        config["csrf"] = session.get("csrf", "")  # for signing out; no data of the unit asked
        return _page(
            "dashboard/refused.html",
            module="signout.js",
            status=problem.status,
            user=user,
            code=code,
            asked=asked,
            detail=problem.detail,
            config=config,
            refused=problem.status == 403,
        )

    view = _initial_view(year or dashboard.latest_year(user, unit), town, request.args.get("plan") and chosen.code)
    plan = plans.describe(chosen)
    config.update(_page_config(user, unit, view, plan))
    # early.js links them once the first data requests are on their way (page.html)
    config["preloads"] = _modules("dashboard.js", config)["preloads"]
    from backend.web.admin import admin_links

    return _page(
        "dashboard/page.html",
        module="dashboard.js",
        config=config,
        user=user,
        unit=unit,
        city_code=CITY_CODE,
        plan=plan,
        links=admin_links(user),
    )


def _signin_page(config):
    """The sign-in form, where a page asked without a session shows."""
    urls = {"session": url_for("web_session.sign_in")}
    return _page("dashboard/signin.html", module="signin.js", config={**config, **shared_modules(), "urls": urls})


def _unit_config(unit):
    """What the page's scripts need to know of the unit's place in the hierarchy: the
    records filter that is the unit, the levels its summaries break down by, whether
    towns lie below it."""
    below = LEVELS[LEVELS.index(unit.level) + 1 :]
    return {
        "unitFilter": {RECORD_FILTER[unit.level]: unit.code} if unit.level in RECORD_FILTER else {},
        "summaryLevels": list(below) or [unit.level],
        "hasTowns": bool(below),
    }


def _page_config(user, unit, view, plan):
    """What the page's scripts start from: the view, the unit and its towns, the account
    and what it may do, the plan shown, and every URL they call."""
    urls = _urls()
    capabilities = roles.capabilities(user.role, user.unit_code)
    return {
        "view": view,
        "early": _early_requests(urls, unit, view),
        "user": {
            "username": user.username,
            "role": user.role,
            "unitCode": user.unit_code,
            "unitName": user.unit.name if user.unit else user.unit_code,
        },
        "capabilities": capabilities,
        "csrf": session.get("csrf", ""),
        "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
        "towns": [{"code": t.code, "name": t.name} for t in dashboard.towns_of(unit)],
        # a city-wide account may switch county; a county account sees its own only
        "counties": [{"code": c.code, "name": c.name} for c in dashboard.counties()]
        if unit.level == "city" or capabilities["cityWide"]
        else [],
        "canReview": capabilities["review"],
        # a total (new irrigated area) counts over the window of the plan shown: the one
        # asked for, else the default (running today in China time, else the latest ended)
        "planWindow": [plan["starts_on"].isoformat(), plan["ends_on"].isoformat()],
        "plan": {"code": plan["code"], "name": plan["name"], "ended": plan["ended"]},
        "statuses": list(STATUSES),
        "displays": DISPLAYS,
        **_unit_config(unit),
        "exportFormats": [{"format": w.name, "label": w.label} for w in WRITERS.values()],
        "urls": urls,
        **shared_modules(),
    }


@lru_cache(maxsize=1)
def _import_messages():
    """The import page's own words (kept apart from i18n.json: that page alone uses them)."""
    return json.loads((HERE / "static" / "dashboard" / "imports.i18n.json").read_text(encoding="utf-8"))


@blp.get("/imports")
def imports_page():
    """Importing a ledger: upload, the dry run's per-row report, then confirm (POST /api/v1/imports)."""
    user = current_user(optional=True, password_change_pending_ok=True)
    lang = _language()
    messages = {**_messages()[lang], **_import_messages()[lang]}
    config = {"lang": lang, "messages": messages}
    if user is None:
        return _signin_page(config)
    if user.must_change_password:  # a temporary password: nothing else until it is changed
        return redirect(url_for("dashboard_admin.password"))
    config.update(
        {
            "csrf": session.get("csrf", ""),
            "canApprove": roles.capabilities(user.role, user.unit_code)["review"],
            "indicators": [
                {"code": i.code, "name": i.name_zh if lang == "zh-CN" else i.name_en} for i in INDICATORS.values()
            ],
            "urls": {
                "imports": url_for("imports.Imports"),
                "template": url_for("imports.Template"),
                "dashboard": url_for("dashboard.page"),
            },
            **shared_modules(),
        }
    )
    return _page("dashboard/imports.html", module="imports.js", config=config, user=user)


def _asked_year():
    """The year in the page's address, checked as the API checks it (400 if it is not one)."""
    try:
        return _year_only.load({"year": request.args.get("year", "")}).get("year")
    except ValidationError as error:
        reasons = error.messages.get("year", [])
        reason = reasons[0] if len(reasons) == 1 else " ".join(reasons)
        raise ApiError(
            400,
            message("in_place", where="year", detail=reason),
            errors=field_errors(error.messages),
            code="validation_failed",
        ) from None


def _urls():
    """Every URL the page's scripts call, so none is written in a script."""
    return {
        "records": url_for("dashboard_data.MapRecords"),
        "outline": url_for("dashboard_data.Outlines"),
        "session": url_for("web_session.read_session"),
        "summaries": url_for("summaries.Summaries"),
        "monthly": url_for("summaries.Monthly"),
        "lagging": url_for("summaries.LaggingTowns"),
        "recordList": url_for("records.Records"),
        "exports": url_for("exports.RecordExport"),
        "exportJobs": url_for("export_jobs.ExportJobs"),
        "record": url_template("records.RecordById"),
        "review": url_template("records.RecordReview"),
    }


def url_template(endpoint):
    """The URL of an endpoint with {name} in place of each of its variables, for a page
    that fills in an id it learns later (config.js's fill()): built from the app's own
    rule, so no script writes the path."""
    rule = next(current_app.url_map.iter_rules(endpoint))
    return request.script_root + re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", r"{\1}", rule.rule)


def _initial_view(year, town, plan_code=None):
    """The view the URL asks for, checked: the page's script starts from this."""

    def choice(name, allowed):
        value = request.args.get(name, "")
        return value if value in allowed else ""

    return {
        "year": year,
        "town": town or "",
        "indicator": choice("indicator", INDICATORS),
        "status": choice("status", STATUSES),
        "countPending": request.args.get("count_pending") == "1",
        "detail": choice("detail", INDICATORS),
        "plan": plan_code or "",
    }


def _early_requests(urls, unit, view):
    """The URLs the page asks for first, started from its head before the scripts run
    (page.html). They must be the URLs dashboard.js builds for the same view, or the
    early answers go unused: tests/browser/test_dashboard.py checks none is asked twice."""

    def url(path, **params):
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return f"{path}?{query}" if query else path

    counted = "all" if view["countPending"] else "approved"
    return [
        url_for("indicators.Indicators"),
        url(urls["outline"], unit=unit.code),
        url(
            urls["records"],
            unit=unit.code,
            town=view["town"],
            year=view["year"],
            indicator=view["indicator"],
            status=view["status"],
        ),
        url(urls["summaries"], unit=unit.code, year=view["year"], status=counted),
        url(urls["summaries"], unit=unit.code, status=counted, plan=view["plan"]),
    ]
