"""Looking up administrative units."""

from backend.errors import ApiError
from backend.extensions import db
from backend.models import Unit
from domain.messages import message


def unit_or_404(code):
    unit = db.session.get(Unit, code)
    if unit is None:
        raise ApiError(404, message("unit_not_found", code=code))
    return unit
