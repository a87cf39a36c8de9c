from flask.views import MethodView

from backend.api.body import Blueprint
from backend.api.openapi import PUBLIC
from domain.indicators import INDICATORS
from schemas.indicators import IndicatorSchema

blp = Blueprint("indicators", __name__, url_prefix="/api/v1/indicators", description="The indicator registry")


@blp.route("")
class Indicators(MethodView):
    @blp.doc(security=PUBLIC)
    @blp.response(200, IndicatorSchema(many=True))
    def get(self):
        """Every indicator: codes, names, value fields with units and bounds, default targets"""
        return list(INDICATORS.values())
