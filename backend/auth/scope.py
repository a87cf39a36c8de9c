"""Who may read and write what. Every view asks these; none decides scope on its own."""
from backend.errors import ApiError
from backend.messages import message

WRITERS = ("town_officer", "county_reviewer", "city_admin")
REVIEWERS = ("county_reviewer", "city_admin")


def covers(user, unit_code):
    """Does the user's unit contain unit_code (a town, county or the city)?"""
    if user.role in ("city_admin", "analyst"):
        return True
    if user.role == "county_reviewer":
        return unit_code.startswith(user.unit_code[:6])
    return unit_code == user.unit_code


def require_role(user, *roles):
    if user.role not in roles:
        raise ApiError(403, message("role_forbidden", role=user.role))


def require_read(user, unit_code):
    if not covers(user, unit_code):
        raise ApiError(403, message("unit_out_of_scope", unit=unit_code))


def can_write(user, town_code):
    return user.role in WRITERS and covers(user, town_code)


def require_write(user, town_code):
    require_role(user, *WRITERS)
    if not covers(user, town_code):
        raise ApiError(403, message("town_out_of_scope", town=town_code))


def restrict_records(query, user, record_model):
    """Limit a records query to what the user may read."""
    if user.role == "county_reviewer":
        return query.where(record_model.county_code == user.unit_code[:6])
    if user.role == "town_officer":
        return query.where(record_model.town_code == user.unit_code)
    return query
