"""The county bureau's dashboard: GET /dashboard and the slim data the page's map needs.

The page is a shell rendered here; its figures come from the public API (indicators,
summaries, records, review) called by the page's JavaScript with the session cookie of
backend/web/session.py. Only what the API has no cheap form of lives here: the map's
records as slim GeoJSON (10,000 points must load in well under a second) and the
outlines of the unit. Every read goes through current_user() and the scope rules."""
import datetime as dt
import json
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlencode

from flask import Blueprint, Response, current_app, render_template, request, session, url_for
from geoalchemy2.shape import to_shape
from shapely.geometry import mapping
from sqlalchemy.orm import undefer

from backend.auth import scope
from backend.auth.tokens import current_user
from backend.errors import ApiError
from backend.extensions import db
from backend.indicators import INDICATORS, STATUSES
from backend.models import Record, Unit
from backend.services.listing import records_query
from backend.services.summaries import PLAN_END, PLAN_START
from backend.services.units import unit_or_404
from backend.web.security import secure_cookies
from backend.web.streaming import streamed

HERE = Path(__file__).resolve().parent
LANGUAGES = ("zh-CN", "en")
LANG_COOKIE = "dashboard_lang"
STREAM_ROWS = 2000  # rows per block of the map's records stream

blp = Blueprint("dashboard", __name__, url_prefix="/dashboard",
                template_folder="templates", static_folder="static/dashboard",
                static_url_path="/static")


@lru_cache(maxsize=1)
def _messages():
    """The page's words in both languages: one file, read by these templates and the JS."""
    return json.loads((HERE / "static" / "dashboard" / "i18n.json").read_text(encoding="utf-8"))


def _language():
    asked = request.args.get("lang") or request.cookies.get(LANG_COOKIE)
    return asked if asked in LANGUAGES else "zh-CN"


def _unit_filters(unit, town_code=None):
    """The records filter of a unit: the city has none, a county or town its code."""
    filters = {}
    if unit.level == "county":
        filters["county_code"] = unit.code
    elif unit.level == "town":
        filters["town_code"] = unit.code
    if town_code:
        filters["town_code"] = town_code
    return filters


def _unit_in_scope(user, code):
    """The unit asked for, or ApiError 404/403: nobody reads outside their scope."""
    unit = unit_or_404(code)  # units come only from the seeded code list: city, counties, towns
    scope.require_read(user, code)
    return unit


def _town_in_unit(unit, town_code):
    if not town_code:
        return None
    town = db.session.get(Unit, town_code)
    if town is None or town.level != "town" or not town_code.startswith(
            "" if unit.level == "city" else unit.code):
        raise ApiError(404, f"No town {town_code} in {unit.name}.")
    return town_code


def _int_arg(name, low, high):
    raw = request.args.get(name)
    if raw in (None, ""):
        return None
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, f"{name} must be a whole number, not {raw[:20]!r}.")
    if not low <= value <= high:
        raise ApiError(400, f"{name} must be between {low} and {high}.")
    return value


def _latest_year(user, unit):
    """The most recent reporting year with records in the unit, so a county sees its data
    first; the current year where nothing has been reported yet."""
    select = records_query(_unit_filters(unit), user).with_only_columns(db.func.max(Record.year))
    return db.session.execute(select).scalar() or dt.date.today().year


def _towns(unit):
    if unit.level == "town":
        return [unit]
    select = db.select(Unit).where(Unit.level == "town").order_by(Unit.code)
    if unit.level == "county":
        select = select.where(Unit.parent_code == unit.code)
    return db.session.execute(select).scalars().all()


def _counties():
    return db.session.execute(db.select(Unit).where(Unit.level == "county").order_by(Unit.code)).scalars().all()


def _no_store(response):
    # pages and data of a signed-in account are never cached by a shared proxy
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _page(template, status=200, **context):
    lang = _language()
    other = "en" if lang == "zh-CN" else "zh-CN"
    # the query as a query string, not url_for arguments: `_method` or `_external` there
    # would be taken as url_for's own
    switch_url = url_for(request.endpoint) + "?" + urlencode({**request.args.to_dict(), "lang": other})
    words = {**_messages()[lang], **_import_messages()[lang]}
    html = render_template(template, lang=lang, t=words, other_lang=other,
                           switch_url=switch_url, **context)
    response = _no_store(Response(html, status=status, mimetype="text/html"))
    if request.args.get("lang") in LANGUAGES:
        response.set_cookie(LANG_COOKIE, request.args["lang"], max_age=365 * 24 * 3600,
                            samesite="Strict", secure=secure_cookies())
    return response


@blp.get("")
def page():
    """The dashboard, or its sign-in form; a unit outside the account's scope is refused."""
    user = current_user(optional=True)
    lang = _language()
    config = {"lang": lang, "messages": _messages()[lang], "indicatorsUrl": url_for("indicators.Indicators"),
              "basemap": {"url": current_app.config.get("BASEMAP_URL", ""),
                          "attribution": current_app.config.get("BASEMAP_ATTRIBUTION", "")}}
    if user is None:
        return _page("dashboard/signin.html", config=config)

    code = request.args.get("unit") or user.unit_code
    try:
        unit = _unit_in_scope(user, code)
        town = _town_in_unit(unit, request.args.get("town"))
        year = _int_arg("year", 2000, 2100)
    except ApiError as error:
        asked = db.session.get(Unit, code)
        config["csrf"] = session.get("csrf", "")  # for signing out; no data of the unit asked
        return _page("dashboard/refused.html", status=error.status, user=user, code=code,
                     asked=asked, detail=error.detail, config=config, refused=error.status == 403)

    year = year or _latest_year(user, unit)
    view = _initial_view(year, town)
    config.update({
        "view": view,
        "early": _early_requests(unit, view),
        "user": {"username": user.username, "role": user.role, "unitCode": user.unit_code,
                 "unitName": user.unit.name if user.unit else user.unit_code},
        "csrf": session.get("csrf", ""),
        "unit": {"code": unit.code, "name": unit.name, "level": unit.level},
        "towns": [{"code": t.code, "name": t.name} for t in _towns(unit)],
        # a city account may switch county; a county account sees its own only
        "counties": [{"code": c.code, "name": c.name} for c in _counties()] if unit.level == "city"
        or user.role in ("city_admin", "analyst") else [],
        "canReview": user.role in scope.REVIEWERS,
        # a total (new irrigated area) counts over the plan window, as the summaries do
        "planWindow": [PLAN_START.isoformat(), PLAN_END.isoformat()],
        "statuses": list(STATUSES),
        "urls": {"records": url_for("dashboard.records_geojson"), "outline": url_for("dashboard.outline"),
                 "session": url_for("web_session.read_session")},
    })
    return _page("dashboard/page.html", config=config, user=user, unit=unit)


@lru_cache(maxsize=1)
def _import_messages():
    """The import page's own words (kept apart from i18n.json: that page alone uses them)."""
    return json.loads((HERE / "static" / "dashboard" / "imports.i18n.json").read_text(encoding="utf-8"))


@blp.get("/imports")
def imports_page():
    """Importing a ledger: upload, the dry run's per-row report, then confirm (POST /api/v1/imports)."""
    user = current_user(optional=True)
    lang = _language()
    messages = {**_messages()[lang], **_import_messages()[lang]}
    config = {"lang": lang, "messages": messages}
    if user is None:
        return _page("dashboard/signin.html", config=config)
    config.update({
        "csrf": session.get("csrf", ""), "canApprove": user.role in scope.REVIEWERS,
        "indicators": [{"code": i.code, "name": i.name_zh if lang == "zh-CN" else i.name_en}
                       for i in INDICATORS.values()],
        "urls": {"imports": url_for("imports.Imports"), "template": url_for("imports.Template"),
                 "dashboard": url_for("dashboard.page")},
    })
    return _page("dashboard/imports.html", config=config, user=user)


def _initial_view(year, town):
    """The view the URL asks for, checked: the page's script starts from this."""
    def choice(name, allowed):
        value = request.args.get(name, "")
        return value if value in allowed else ""
    return {"year": year, "town": town or "", "indicator": choice("indicator", INDICATORS),
            "status": choice("status", STATUSES), "countPending": request.args.get("count_pending") == "1",
            "detail": choice("detail", INDICATORS)}


def _early_requests(unit, view):
    """The URLs the page asks for first, started from its head before the scripts run
    (page.html). They must be the URLs dashboard.js builds for the same view, or the
    early answers go unused: tests/browser/test_dashboard.py checks none is asked twice."""
    def url(path, **params):
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return f"{path}?{query}" if query else path
    counted = "all" if view["countPending"] else "approved"
    return [
        url_for("indicators.Indicators"),
        url(url_for("dashboard.outline"), unit=unit.code),
        url(url_for("dashboard.records_geojson"), unit=unit.code, town=view["town"], year=view["year"],
            indicator=view["indicator"], status=view["status"]),
        url("/api/v1/summaries", unit=unit.code, year=view["year"], status=counted),
        url("/api/v1/summaries", unit=unit.code, status=counted),
    ]


@blp.get("/data/records.geojson")
def records_geojson():
    """The map's records: a GeoJSON point per record (and its plot as `plot`), with only
    what the map draws. Popups fetch the full record from GET /api/v1/records/{id}.
    Filters: unit, town, year, indicator, status, each checked against the account's scope."""
    user = current_user()
    unit = _unit_in_scope(user, request.args.get("unit") or user.unit_code)
    filters = _unit_filters(unit, _town_in_unit(unit, request.args.get("town")))
    filters["year"] = _int_arg("year", 2000, 2100)
    for name, allowed in (("indicator", INDICATORS), ("status", STATUSES)):
        value = request.args.get(name) or None
        if value is not None and value not in allowed:
            raise ApiError(400, f"Unknown {name} {value[:40]!r}.")
        filters[name] = value

    # the database writes each plot's GeoJSON (6 decimals, about 0.1 m): shapely would
    # take longer to turn 1,500 plots into lists than the whole query takes
    select = records_query(filters, user).with_only_columns(
        Record.id, Record.indicator, Record.status, Record.town_code, Record.observed_on,
        Record.lon, Record.lat, Record.flags, db.func.ST_AsGeoJSON(Record.geometry, 6).label("plot"),
    ).where(Record.lon.is_not(None)).order_by(Record.id).execution_options(yield_per=STREAM_ROWS)
    # (a ledger row imported without a place has no point to draw)

    def features():
        """The collection, a block of features at a time, as the cursor yields them."""
        yield '{"type":"FeatureCollection","features":['
        separator = ""
        for rows in db.session.execute(select).partitions():
            yield separator + ",".join(map(_feature, rows))
            separator = ","
        yield "]}"
    return _no_store(streamed(features(), "application/geo+json"))


def _feature(row):
    properties = json.dumps({"id": row.id, "indicator": row.indicator, "status": row.status,
                             "town_code": row.town_code, "observed_on": row.observed_on.isoformat(),
                             "flags": [flag.get("code") for flag in row.flags or ()]},
                            ensure_ascii=False, separators=(",", ":"))
    if row.plot is not None:  # spliced in as the database wrote it, not parsed again
        properties = f'{properties[:-1]},"plot":{row.plot}}}'
    return (f'{{"type":"Feature","id":{row.id},"properties":{properties},'
            f'"geometry":{{"type":"Point","coordinates":[{row.lon:.6f},{row.lat:.6f}]}}}}')


def _rounded(geometry):
    """Coordinates to 6 decimals (about 0.1 m): a third of the bytes, nothing visible lost."""
    def walk(value):
        if isinstance(value, (list, tuple)):
            if value and isinstance(value[0], float):
                return [round(n, 6) for n in value]
            return [walk(v) for v in value]
        return value
    return {"type": geometry["type"], "coordinates": walk(geometry["coordinates"])}


@blp.get("/data/outline.geojson")
def outline():
    """Outlines of the unit: a county's boundary as shipped, every county for the city, and
    the towns whose boundary a city admin has uploaded."""
    user = current_user()
    unit = _unit_in_scope(user, request.args.get("unit") or user.unit_code)
    select = db.select(Unit).options(undefer(Unit.boundary)).where(Unit.boundary.is_not(None))
    if unit.level == "city":
        select = select.where(Unit.level.in_(("county", "town")))
    elif unit.level == "county":
        select = select.where(db.or_(Unit.code == unit.code, Unit.parent_code == unit.code))
    else:
        select = select.where(db.or_(Unit.code == unit.code, Unit.code == unit.parent_code))
    features = [{"type": "Feature", "id": u.code,
                 "properties": {"code": u.code, "name": u.name, "level": u.level},
                 "geometry": _rounded(mapping(to_shape(u.boundary)))}
                for u in db.session.execute(select.order_by(Unit.code)).scalars()]
    body = json.dumps({"type": "FeatureCollection", "features": features},
                      ensure_ascii=False, separators=(",", ":"))
    return _no_store(Response(body, mimetype="application/geo+json"))
