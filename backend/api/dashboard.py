"""GET /api/v1/dashboard/…: the data of the county bureau's map that the rest of the API
has no cheap form of. The map's records as slim GeoJSON (at most `limit` points, the newest,
with the count per town from the summary rollup: the same cost at any number of records)
and the outlines of the unit. Every read is limited to the account's
scope. The dashboard page (backend/web/dashboard.py) is handed these URLs."""

from flask import current_app
from flask.views import MethodView

from backend.api.body import Blueprint
from backend.auth.tokens import current_user, require_sign_in
from backend.replica import reads_may_lag
from backend.services import dashboard
from backend.web.streaming import streamed
from schemas.common import ProblemSchema
from schemas.dashboard import MapQuerySchema, MapRecordsSchema, OutlineQuerySchema, OutlinesSchema

blp = Blueprint(
    "dashboard_data",
    __name__,
    url_prefix="/api/v1/dashboard",
    description="The dashboard map's records and unit outlines, as slim GeoJSON",
)
# every operation needs an account: 401 before the arguments are read
blp.before_request(require_sign_in)
GEOJSON = "application/geo+json"


def _no_store(response):
    # data of a signed-in account is never cached by a shared proxy
    response.headers["Cache-Control"] = "private, no-store"
    return response


@blp.route("/records")
class MapRecords(MethodView):
    # 400, not 422: a filter is part of the address, as for the page itself
    @blp.arguments(MapQuerySchema, location="query", error_status_code=400)
    @blp.response(200, MapRecordsSchema, content_type=GEOJSON)
    @blp.alt_response(403, schema=ProblemSchema, description="The unit is outside the account's scope")
    @blp.alt_response(404, schema=ProblemSchema, description="No such unit, or no such town in it")
    @reads_may_lag
    def get(self, query):
        """The map's records: a GeoJSON point per record (the newest `limit`), its plot as `plot`

        Filters: unit, town, year, indicator, status, bbox, each within the account's scope.
        `truncated` is true when more records match than `limit`; `towns` counts every
        record matched per town (bbox aside), from the summary rollup."""
        return _no_store(streamed(dashboard.map_records(current_user(), query), GEOJSON))


@blp.route("/outlines")
class Outlines(MethodView):
    @blp.arguments(OutlineQuerySchema, location="query", error_status_code=400)
    @blp.response(200, OutlinesSchema, content_type=GEOJSON)
    @blp.alt_response(403, schema=ProblemSchema, description="The unit is outside the account's scope")
    @blp.alt_response(404, schema=ProblemSchema, description="No such unit")
    def get(self, query):
        """The unit's outlines: its boundary, its towns' uploaded ones, every county for the city"""
        body = dashboard.outlines(current_user(), query.get("unit"))
        return _no_store(current_app.response_class(body, mimetype=GEOJSON))
