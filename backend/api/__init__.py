"""HTTP API, one blueprint per resource. Views are thin: parse, ask a service, shape."""
from flask import request

from backend.errors import ApiError

JSON_TYPES = ("application/json", "application/merge-patch+json")
# writes whose body is not JSON: a photo's bytes (the view checks their type itself)
RAW_BODY_ENDPOINTS = {("PUT", "attachments.AttachmentById")}


def require_json_body():
    """415 for a write whose body is not JSON, before anything reads it."""
    if request.method in ("POST", "PUT", "PATCH") and request.path.startswith("/api/") \
            and request.mimetype not in JSON_TYPES \
            and (request.method, request.endpoint) not in RAW_BODY_ENDPOINTS:
        raise ApiError(415, f"Send the body as application/json, not {request.mimetype or 'nothing'}.")


def register_blueprints(app, api):
    from backend import ogc
    from backend.api import attachments, auth, exports, health, indicators, records, summaries, targets, units, users

    app.before_request(require_json_body)
    for module in (auth, users, indicators, units, records, attachments, summaries, targets, exports):
        api.register_blueprint(module.blp)
    app.register_blueprint(health.blp)
    app.register_blueprint(ogc.blp)

    from backend.web import collect, dashboard, session, vendor
    app.register_blueprint(session.blp)
    app.register_blueprint(vendor.blp)
    app.register_blueprint(collect.blp)
    app.register_blueprint(dashboard.blp)
