from flask.views import MethodView

from backend.api.body import Blueprint
from backend.auth import scope
from backend.auth.tokens import current_user, require_sign_in
from backend.extensions import db
from backend.services import plans, targets
from backend.services.units import unit_or_404
from schemas.common import ProblemSchema
from schemas.targets import (
    EffectiveQuerySchema,
    EffectiveTargetSchema,
    TargetChangeSchema,
    TargetInSchema,
    TargetQuerySchema,
    TargetSchema,
)

blp = Blueprint(
    "targets",
    __name__,
    url_prefix="/api/v1/targets",
    description="Targets of a plan per indicator, unit and year (default: the current plan)",
)
blp.before_request(require_sign_in)


@blp.route("")
class Targets(MethodView):
    @blp.arguments(TargetQuerySchema, location="query")
    @blp.response(200, TargetSchema(many=True))
    def get(self, query):
        """The targets set, for the account's units and the units above them"""
        return targets.list_targets(current_user(), plans.choose(query.get("plan")), query)

    @blp.arguments(TargetInSchema)
    @blp.response(200, TargetSchema, description="Changed (or unchanged)")
    @blp.alt_response(201, schema=TargetSchema, description="Created")
    @blp.alt_response(403, schema=ProblemSchema, description="Only city admins change targets")
    def put(self, data):
        """Set one target (city admins): {indicator, unit_code, year (null: every year), value}

        Rates are fractions (0..1), the water-saving area is in mu. Every change is
        recorded in the target history."""
        target, created = targets.set_target(
            current_user(),
            plans.choose(data.get("plan"), data["year"]),
            data["indicator"],
            data["unit_code"],
            data["year"],
            data["value"],
        )
        db.session.commit()
        return target, 201 if created else 200


@blp.route("/effective")
class EffectiveTargets(MethodView):
    @blp.arguments(EffectiveQuerySchema, location="query")
    @blp.response(200, EffectiveTargetSchema(many=True))
    def get(self, query):
        """The target each indicator is measured against in a unit, and where it comes from"""
        user = current_user()
        unit_code = query.get("unit_code") or user.unit_code
        scope.require_read(user, unit_code)
        plan = plans.choose(query.get("plan"), query.get("year"))
        return targets.effective_targets(plan, unit_or_404(unit_code), query.get("year"))


@blp.route("/changes")
class TargetChanges(MethodView):
    @blp.arguments(TargetQuerySchema, location="query")
    @blp.response(200, TargetChangeSchema(many=True))
    def get(self, query):
        """Every change of a target: who, when, old and new value"""
        return targets.list_changes(current_user(), plans.choose(query.get("plan")), query)
