from flask.views import MethodView

from backend.api.body import Blueprint
from backend.api.openapi import PUBLIC
from domain.messages import LANGUAGES, PATTERN_NAMES, catalogue
from schemas.messages import MessagesSchema

blp = Blueprint(
    "messages",
    __name__,
    url_prefix="/api/v1/messages",
    description="The message catalogue: every problem and field code in English and Chinese",
)


@blp.route("")
class Messages(MethodView):
    @blp.doc(security=PUBLIC)
    @blp.response(200, MessagesSchema)
    def get(self):
        """Every code a problem or an invalid_params item can carry, with its text in each language"""
        return {"languages": list(LANGUAGES), "messages": catalogue(), "patterns": PATTERN_NAMES}
