from geoalchemy2 import Geometry

from backend.extensions import db
from domain.units import LEVELS, county_of  # noqa: F401  (LEVELS re-exported)


class Unit(db.Model):
    """City, county or town, keyed by its statistical code (codes are text, never integers)."""

    __tablename__ = "units"

    code = db.Column(db.String(9), primary_key=True)
    name = db.Column(db.String(50), nullable=False)
    level = db.Column(db.String(6), nullable=False)
    parent_code = db.Column(db.String(9), nullable=True, index=True)
    # large, and needed only by the location check and the unit's own page
    boundary = db.deferred(db.Column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=False), nullable=True))
    boundary_source = db.Column(db.String(200), nullable=True)

    @property
    def county_code(self):
        return county_of(self.code)
