"""HTTP API, one blueprint per resource. Views are thin: parse, ask a service, shape."""
from flask import current_app, request

from backend.errors import ApiError, invalid
from backend.messages import message
from schemas.common import nul_errors

JSON_TYPES = ("application/json", "application/merge-patch+json")
# writes whose body is not JSON: a photo's bytes (the view checks their type itself)
RAW_BODY_ENDPOINTS = {("PUT", "attachments.AttachmentById")}


def require_json_body():
    """415 for a write whose body is not JSON (or one of the types its view lists in
    `body_types`; none at all where the view says `body_optional`), before anything reads it.
    A path that names nothing is left to the router's 404 (its endpoint cannot be known)."""
    if request.method in ("POST", "PUT", "PATCH") and request.path.startswith("/api/") \
            and request.routing_exception is None \
            and (request.method, request.endpoint) not in RAW_BODY_ENDPOINTS:
        view_class = getattr(current_app.view_functions.get(request.endpoint), "view_class", None)
        accepted = getattr(view_class, "body_types", JSON_TYPES)
        if getattr(view_class, "body_optional", False) and not request.mimetype and not request.content_length:
            return  # an act that takes no body, sent without one
        if request.mimetype not in accepted:
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
        attachments,
        audit,
        auth,
        export_jobs,
        exports,
        health,
        indicators,
        messages,
        plans,
        records,
        reminders,
        summaries,
        targets,
        units,
        users,
    )
    from backend.api import dashboard as dashboard_data

    app.before_request(refuse_nul_in_url)
    app.before_request(require_json_body)
    for module in (auth, users, indicators, messages, units, records, attachments, summaries, plans, targets,
                   exports, export_jobs, dashboard_data, audit, reminders):
        api.register_blueprint(module.blp)
    app.register_blueprint(health.blp)
    app.register_blueprint(ogc.blp)

    from backend.web import admin, collect, dashboard, session, vendor
    app.register_blueprint(session.blp)
    app.register_blueprint(vendor.blp)
    app.register_blueprint(collect.blp)
    app.register_blueprint(dashboard.blp)
    app.register_blueprint(admin.blp)
