"""Plans and their targets: read by every account, saved by city admins (JSON or XLSX)."""

from flask import current_app, request
from flask.views import MethodView
from marshmallow import ValidationError

from backend.api.body import Blueprint, json_body
from backend.api.openapi import BINARY
from backend.auth import scope
from backend.auth.tokens import current_user, require_sign_in
from backend.errors import ApiError, field_errors
from backend.extensions import db
from backend.services import plan_files, plans, tables
from domain import roles
from domain.messages import message
from schemas.common import ProblemSchema, refuse_nul
from schemas.plans import PlanDetailSchema, PlanInSchema, PlanQuerySchema, PlanSchema
from schemas.summaries import PLAN_CODE

blp = Blueprint(
    "plans",
    __name__,
    url_prefix="/api/v1/plans",
    description="Plans: a window and its targets; the default plan runs today (China time)",
)
# every operation needs an account: 401 before the arguments are read
blp.before_request(require_sign_in)
plan_in = PlanInSchema()


def _code(code):
    try:
        PLAN_CODE(code)
        if code == "default":  # the address of the default plan (DefaultPlan), never a code
            raise ValidationError(message("plan_code_reserved"))
    except ValidationError as error:
        raise ApiError(
            422,
            message("not_a_plan_code", reason=error.messages[0]),
            errors={"code": error.messages},
            code="validation_failed",
        ) from None
    return code


def _detail(plan):
    return {
        **plans.describe(plan),
        "updated_at": plan.updated_at,
        "updated_by": plan.updated_by,
        "targets": plans.plan_targets(plan),
    }


def _body():
    """The plan to save, from JSON or from an XLSX workbook (then with its code, checked)."""
    if request.mimetype == tables.XLSX_TYPE:
        data = plan_files.read(request.get_data())
        data.pop("code", None)  # the URL names the plan; the sheet's code is for people
    else:
        data = json_body()
        if not isinstance(data, dict):
            raise ApiError(400, message("body_not_object"), code="validation_failed")
    try:
        return plan_in.load(refuse_nul(data))
    except ValidationError as error:
        errors = field_errors(error.messages)
        raise ApiError(
            422, message("plan_invalid_fields", fields=sorted(errors)), errors=errors, code="validation_failed"
        ) from None


@blp.route("")
class Plans(MethodView):
    @blp.response(200, PlanSchema(many=True))
    def get(self):
        """Every plan, oldest first, each saying whether it has ended"""
        current_user()
        return [
            {**plans.describe(p), "updated_at": p.updated_at, "updated_by": p.updated_by} for p in plans.list_plans()
        ]


@blp.route("/default")
class DefaultPlan(MethodView):
    @blp.response(200, PlanSchema)
    def get(self):
        """The plan answers use when none is asked: the one running today (China time),
        otherwise the latest that has ended"""
        current_user()
        plan = plans.default_plan()
        return {**plans.describe(plan), "updated_at": plan.updated_at, "updated_by": plan.updated_by}


@blp.route("/<code>")
class PlanByCode(MethodView):
    # the plan's workbook may be sent as is, besides JSON (backend/api/__init__.py)
    body_types = ("application/json", tables.XLSX_TYPE)

    @blp.arguments(PlanQuerySchema, location="query")
    @blp.response(200, PlanDetailSchema)
    @blp.doc(
        responses={
            "200": {
                "description": "The plan with its targets; format=xlsx: as a workbook",
                "content": {
                    "application/json": {"schema": PlanDetailSchema},
                    tables.XLSX_TYPE: {"schema": dict(BINARY)},
                },
            }
        }
    )
    def get(self, query, code):
        """One plan and its targets, as JSON or (format=xlsx) as the workbook to edit and upload"""
        current_user()
        plan = plans.by_code(_code(code))
        if query["format"] == "xlsx":
            body = plan_files.write(plans.describe(plan), plans.plan_targets(plan))
            response = current_app.response_class(body, mimetype=tables.XLSX_TYPE)
            response.headers["Content-Disposition"] = f'attachment; filename="plan_{plan.code}.xlsx"'
            return response
        return _detail(plan)

    @blp.doc(
        requestBody={
            "content": {
                "application/json": {"schema": PlanInSchema},
                tables.XLSX_TYPE: {"schema": dict(BINARY)},
            }
        }
    )
    @blp.response(200, PlanDetailSchema, description="Replaced")
    @blp.alt_response(201, schema=PlanDetailSchema, description="Created")
    @blp.alt_response(403, schema=ProblemSchema, description="Only city admins save plans")
    @blp.alt_response(422, schema=ProblemSchema, description="A field, a target or the workbook is invalid")
    def put(self, code):
        """Create or replace a plan with all its targets (city admins), from JSON or an XLSX workbook

        The targets sent replace the plan's stored ones; each change goes to the target
        history, the save to the audit log."""
        user = current_user()
        scope.require_role(user, roles.CITY_ADMIN)
        plan, created = plans.save_plan(user, _code(code), _body())
        db.session.commit()
        return _detail(plan), 201 if created else 200
