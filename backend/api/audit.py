"""GET /api/v1/audit: the append-only log, for city admins."""

import math

from flask.views import MethodView

from backend.api.body import Blueprint
from backend.auth import scope
from backend.auth.tokens import current_user, require_sign_in
from backend.services import audit
from domain import roles
from schemas.audit import AuditPage, AuditQuerySchema
from schemas.common import ProblemSchema

blp = Blueprint(
    "audit",
    __name__,
    url_prefix="/api/v1/audit",
    description="Who did what and when: sign-ins, accounts, plans, targets, boundaries, "
    "imports, exports, reviews (append-only)",
)
# every operation needs an account: 401 before the arguments are read
blp.before_request(require_sign_in)


@blp.route("")
class AuditLog(MethodView):
    @blp.arguments(AuditQuerySchema, location="query")
    @blp.response(200, AuditPage)
    @blp.alt_response(403, schema=ProblemSchema, description="Only city admins read the log")
    def get(self, query):
        """The log, newest first, filtered by actor, action and time, a page at a time"""
        scope.require_role(current_user(), roles.CITY_ADMIN)
        page, per_page = query.pop("page"), query.pop("per_page")
        items, total = audit.entries(query, page, per_page)
        return {
            "items": items,
            "total": total,
            "page": page,
            "per_page": per_page,
            "pages": math.ceil(total / per_page),
        }
