"""The bureau's administration pages under /dashboard: accounts, one's own password,
plans and targets, town boundaries, the audit log and the weekly reminders.

Each page is a shell rendered here for the roles that may use it; everything it shows or
changes goes through the API (backend/api/), which enforces the same rules again."""

from flask import Blueprint, redirect, session, url_for

from backend.auth.tokens import current_user
from backend.web.dashboard import _language, _messages, _page, shared_modules, url_template
from domain import roles
from domain.indicators import DISPLAYS, INDICATORS
from domain.units import CITY_CODE

blp = Blueprint("dashboard_admin", __name__, url_prefix="/dashboard", template_folder="templates")

# page → the roles that see it (the API decides what each may do there)
PAGES = {
    "accounts": roles.ACCOUNT_MANAGERS,
    "plans": (roles.CITY_ADMIN,),
    "boundaries": (roles.CITY_ADMIN,),
    "audit": (roles.CITY_ADMIN,),
    "reminders": (roles.CITY_ADMIN, roles.COUNTY_REVIEWER, roles.ANALYST),
}


def admin_links(user):
    """The administration pages an account may open, for the pages' navigation."""
    return [name for name, allowed in PAGES.items() if user.role in allowed]


def _urls(user):
    """Every URL the administration pages call (a URL with an id as a template)."""
    reach = roles.reach(user.role, user.unit_code)
    return {
        "password": url_for("auth.Password"),
        # the units an account may be given: those within this account's reach
        "units": url_for("units.Units") if reach == CITY_CODE else url_for("units.Units", parent_code=reach),
        "towns": url_for("units.Units", level="town"),
        "boundary": url_template("units.UnitBoundary"),
        "users": url_for("users.Users"),
        "user": url_template("users.UserByName"),
        "passwordReset": url_template("users.PasswordReset"),
        "plans": url_for("plans.Plans"),
        "plan": url_template("plans.PlanByCode"),
        "audit": url_for("audit.AuditLog"),
        "reminders": url_for("reminders.Reminders"),
    }


def _shell(name, **extra):
    user = current_user(optional=True, password_change_pending_ok=True)
    if user is None:
        return redirect(url_for("dashboard.page"))
    if user.must_change_password:
        return redirect(url_for("dashboard_admin.password"))
    lang = _language()
    config = {
        "lang": lang,
        "messages": _messages()[lang],
        "csrf": session.get("csrf", ""),
        "page": name,
        "user": {"username": user.username, "role": user.role, "unitCode": user.unit_code},
        "urls": _urls(user),
        **shared_modules(),
        **extra,
    }
    if user.role not in PAGES[name]:
        return _page(
            "dashboard/admin_refused.html",
            module="admin.js",
            status=403,
            user=user,
            config=config,
            links=admin_links(user),
            page_name=name,
        )
    return _page(
        f"dashboard/admin_{name}.html",
        module="admin.js",
        user=user,
        config=config,
        links=admin_links(user),
        page_name=name,
    )


@blp.get("/accounts")
def accounts_page():
    user = current_user(optional=True, password_change_pending_ok=True)
    creatable = list(roles.manageable_roles(user.role)) if user is not None else []
    # the unit level each role belongs to: the form offers the units of that level
    return _shell("accounts", roles=creatable, levelOfRole=roles.LEVEL_OF_ROLE)


@blp.get("/plans")
def plans_page():
    # a target is entered as the indicator reads (DISPLAYS): a rate in percent, the
    # irrigation coefficient as 0.535, as the plan writes it (the dashboard's cards too)
    return _shell(
        "plans",
        indicators=[
            {"code": i.code, "name": i.name_zh, "kind": i.kind, "unit": i.unit, "display": i.display}
            for i in INDICATORS.values()
        ],
        displays=DISPLAYS,
        cityCode=CITY_CODE,
    )


@blp.get("/boundaries")
def boundaries_page():
    return _shell("boundaries")


@blp.get("/audit")
def audit_page():
    return _shell("audit")


@blp.get("/reminders")
def reminders_page():
    return _shell("reminders")


@blp.get("/password")
def password():
    """One's own password change; where an account with a temporary password is sent."""
    user = current_user(optional=True, password_change_pending_ok=True)
    if user is None:
        return redirect(url_for("dashboard.page"))
    lang = _language()
    config = {
        "lang": lang,
        "messages": _messages()[lang],
        "csrf": session.get("csrf", ""),
        "page": "password",
        "user": {"username": user.username, "role": user.role, "unitCode": user.unit_code},
        "urls": {"password": url_for("auth.Password")},
        **shared_modules(),
        "next": url_for("dashboard.page"),
        "mustChange": user.must_change_password,
    }
    return _page(
        "dashboard/admin_password.html",
        module="admin.js",
        user=user,
        config=config,
        links=[] if user.must_change_password else admin_links(user),
        page_name="password",
    )
