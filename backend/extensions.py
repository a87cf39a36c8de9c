"""Extensions, created unbound and bound to the app in create_app()."""

from flask_compress import Compress
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy

from backend.api.openapi import ServiceApi
from backend.replica import RoutingSession

# Objects stay readable after the request's one commit, so that serialising the response
# does not reload every row one by one.
# The session routes the reads of some views to a read replica (backend/replica.py).
db = SQLAlchemy(session_options={"expire_on_commit": False, "class_": RoutingSession})
migrate = Migrate()
api = ServiceApi()
# gzip/brotli for pages, scripts and JSON; streamed exports are left as they are
compress = Compress()
