"""Who may read and write what. Every view asks these; none decides scope on its own.

The rules themselves live in domain/roles.py; this module turns them into Forbidden errors
(403s) and query filters for the accounts of backend/models."""

from domain import roles
from domain.errors import Forbidden
from domain.roles import REVIEWERS, WRITERS  # noqa: F401  (re-exported for the services)
from domain.units import level_of


def covers(user, unit_code):
    """Does the user's unit contain unit_code (a town, county or the city)?"""
    return roles.may_read(user.role, user.unit_code, unit_code)


def require_role(user, *allowed):
    if user.role not in allowed:
        raise Forbidden("role_forbidden", role=user.role)


def require_read(user, unit_code):
    if not covers(user, unit_code):
        raise Forbidden("unit_out_of_scope", unit=unit_code)


def can_write(user, town_code):
    return roles.may_write(user.role, user.unit_code, town_code)


def require_write(user, town_code):
    require_role(user, *WRITERS)
    if not covers(user, town_code):
        raise Forbidden("town_out_of_scope", town=town_code)


def restrict_records(query, user, record_model):
    """Limit a records query to what the user may read."""
    reach = roles.reach(user.role, user.unit_code)
    level = level_of(reach)
    if level == "county":
        return query.where(record_model.county_code == reach)
    if level == "town":
        return query.where(record_model.town_code == reach)
    return query
