from flask.views import MethodView

import geo
from backend.api.body import Blueprint, json_body
from backend.api.openapi import PUBLIC
from backend.auth import scope
from backend.auth.tokens import current_user
from backend.errors import ApiError
from backend.extensions import db
from backend.models import Unit
from backend.services import audit
from backend.services.geography import as_multipolygon, db_geometry, location_checker
from backend.services.units import unit_or_404
from domain import roles
from domain.messages import message
from domain.units import county_of
from schemas.units import BOUNDARY_IN, UnitDetailSchema, UnitQuerySchema, UnitSchema

blp = Blueprint("units", __name__, url_prefix="/api/v1/units", description="Administrative units: city → county → town")
BOUNDARY_MAX_VERTICES = 100_000


@blp.route("")
class Units(MethodView):
    @blp.doc(security=PUBLIC)
    @blp.arguments(UnitQuerySchema, location="query")
    @blp.response(200, UnitSchema(many=True))
    def get(self, query):
        """The administrative hierarchy, filtered by level or parent"""
        select = db.select(Unit).order_by(Unit.code)
        for key, value in query.items():
            select = select.where(getattr(Unit, key) == value)
        return db.session.execute(select).scalars().all()


@blp.route("/<code>")
class UnitByCode(MethodView):
    @blp.doc(security=PUBLIC)
    @blp.response(200, UnitDetailSchema)
    def get(self, code):
        """One unit with its boundary (GeoJSON, where known) and its children"""
        unit = unit_or_404(code)
        unit.children = (
            db.session.execute(db.select(Unit).where(Unit.parent_code == code).order_by(Unit.code)).scalars().all()
        )
        return unit


@blp.route("/<code>/boundary")
class UnitBoundary(MethodView):
    @blp.doc(requestBody={"required": True, "content": {"application/json": {"schema": BOUNDARY_IN}}})
    @blp.response(200, UnitDetailSchema)
    def put(self, code):
        """Upload a town's boundary (GeoJSON Polygon, MultiPolygon or Feature, WGS84)

        From then on, records of the town are checked against it."""
        user = current_user()
        scope.require_role(user, roles.CITY_ADMIN)
        unit = unit_or_404(code)
        if unit.level != "town":
            raise ApiError(422, message("boundary_towns_only"))
        body = json_body()
        if isinstance(body, dict) and body.get("type") == "Feature":
            body = body.get("geometry")
        try:
            boundary = geo.parse_plot(body, path="boundary", max_vertices=BOUNDARY_MAX_VERTICES)
            location_checker().check_plot(boundary, county_of(code), path="boundary", name="the boundary")
        except geo.GeometryError as error:
            worded = message(error.code, **error.params)
            raise ApiError(422, worded, errors={error.path: [worded]}) from None
        unit.boundary = db_geometry(as_multipolygon(boundary))
        unit.boundary_source = f"uploaded by {user.username}"
        audit.record(
            user.username,
            "boundary.uploaded",
            code,
            {
                "area_km2": round(geo.geodesic_area_m2(boundary) / 1e6, 3),
                "bounds": [round(n, 6) for n in boundary.bounds],
            },
        )
        db.session.commit()
        unit.children = []
        return unit
