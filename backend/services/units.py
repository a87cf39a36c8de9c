"""Looking up administrative units."""

from backend.extensions import db
from backend.models import Unit
from domain.errors import NotFound


def unit_or_404(code):
    unit = db.session.get(Unit, code)
    if unit is None:
        raise NotFound("unit_not_found", code=code)
    return unit
