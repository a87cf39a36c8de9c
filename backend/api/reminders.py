"""GET /api/v1/reminders: silent towns and overdue reviews, as JSON or as XLSX for the weekly notice."""

from flask.views import MethodView

from backend.api.body import Blueprint
from backend.api.openapi import BINARY
from backend.auth import scope
from backend.auth.tokens import current_user, require_sign_in
from backend.extensions import db
from backend.services import audit, reminders, tables
from backend.services.units import unit_or_404
from schemas.common import ProblemSchema
from schemas.reminders import ReminderQuerySchema, RemindersSchema

blp = Blueprint(
    "reminders",
    __name__,
    url_prefix="/api/v1/reminders",
    description="Towns that have not reported this month or quarter; reviews waiting too long",
)
# every operation needs an account: 401 before the arguments are read
blp.before_request(require_sign_in)


def _naive(rows, key):
    """Excel keeps no time zone: UTC times go in as plain UTC times."""
    return [{**row, key: row[key].replace(tzinfo=None)} for row in rows]


@blp.route("")
class Reminders(MethodView):
    @blp.arguments(ReminderQuerySchema, location="query")
    @blp.response(200, RemindersSchema)
    @blp.doc(
        responses={
            "200": {
                "description": "JSON, or format=xlsx: two sheets for the weekly notice",
                "content": {
                    "application/json": {"schema": RemindersSchema},
                    tables.XLSX_TYPE: {"schema": dict(BINARY)},
                },
            }
        }
    )
    @blp.alt_response(403, schema=ProblemSchema, description="The unit is outside the account's scope")
    def get(self, query):
        """Towns silent in the current month or quarter (China time) and records pending
        longer than REVIEW_REMINDER_DAYS, for a unit (default: the account's)"""
        user = current_user()
        unit_code = query.get("unit") or user.unit_code
        scope.require_read(user, unit_code)
        answer = reminders.reminders(unit_or_404(unit_code), query["period"])
        if query["format"] == "xlsx":
            body = tables.to_workbook(
                [
                    (f"未报送镇 {answer['period_label']}", tables.SILENT_TOWN_COLUMNS, answer["silent_towns"]),
                    (
                        f"超{answer['review_reminder_days']}天待审",
                        tables.OVERDUE_COLUMNS,
                        _naive(answer["overdue_reviews"], "waiting_since"),
                    ),
                ]
            )
            name = f"reminders_{unit_code}_{answer['period_label']}"
            audit.record(user.username, "export", name, {"filters": {"unit": unit_code, "period": query["period"]}})
            db.session.commit()
            return tables.download(body, "xlsx", name)
        return answer
