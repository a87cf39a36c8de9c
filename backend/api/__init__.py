"""HTTP API, one blueprint per resource. Views are thin: parse, ask a service, shape."""
from flask import request

from backend.errors import ApiError, invalid
from backend.messages import message
from schemas.common import nul_errors

JSON_TYPES = ("application/json", "application/merge-patch+json")


def require_json_body():
    """415 for a write whose body is not JSON, before anything reads it."""
    if request.method in ("POST", "PUT", "PATCH") and request.path.startswith("/api/") \
            and request.mimetype not in JSON_TYPES:
        raise ApiError(415, message("unsupported_media_type", media_type=request.mimetype or "nothing"))


def refuse_nul_in_url():
    """A NUL in the path or the query string names nothing the service holds (and
    PostgreSQL could not even compare it): 422 naming the parameter, on every route."""
    errors = nul_errors({"path": request.path, **request.args.to_dict(flat=False)})
    if errors:
        raise invalid(errors)


def register_blueprints(app, api):
    from backend import ogc
    from backend.api import (
        auth,
        export_jobs,
        exports,
        health,
        indicators,
        messages,
        records,
        summaries,
        targets,
        units,
        users,
    )

    app.before_request(refuse_nul_in_url)
    app.before_request(require_json_body)
    for module in (auth, users, indicators, messages, units, records, summaries, targets, exports, export_jobs):
        api.register_blueprint(module.blp)
    app.register_blueprint(health.blp)
    app.register_blueprint(ogc.blp)

    from backend.web import collect, dashboard, session, vendor
    app.register_blueprint(session.blp)
    app.register_blueprint(vendor.blp)
    app.register_blueprint(collect.blp)
    app.register_blueprint(dashboard.blp)
