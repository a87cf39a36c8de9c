"""HTTP API, one blueprint per resource. Views are thin: parse, ask a service, shape."""

from flask import current_app, request

from backend.errors import ApiError, invalid
from domain.messages import message
from schemas.common import nul_errors

JSON_TYPES = ("application/json", "application/merge-patch+json")


def _view_class():
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "view_class", None)


def require_json_body():
    """The body rules of every write under /api/, before anything reads the body: its
    media type is JSON (415 otherwise), and it is at most MAX_BODY_BYTES (413). A view
    class that takes another body says so: `body_types` lists the media types it takes
    (None: the view reads and checks the bytes itself, a photo), `body_optional` lets an
    act come without a body, and `body_limit` names the setting of its own size limit
    (the ledger upload: multipart, IMPORT_MAX_BYTES). A path that names nothing is left to
    the router's 404 (its endpoint cannot be known)."""
    if (
        request.method not in ("POST", "PUT", "PATCH")
        or not request.path.startswith("/api/")
        or request.routing_exception is not None
    ):
        return
    view_class = _view_class()
    limit = getattr(view_class, "body_limit", None)
    if limit:
        request.max_content_length = current_app.config[limit]
    accepted = getattr(view_class, "body_types", JSON_TYPES)
    if accepted is None:
        return
    if getattr(view_class, "body_optional", False) and not request.mimetype and not request.content_length:
        return  # an act that takes no body, sent without one
    if request.mimetype not in accepted:
        raise ApiError(
            415,
            message("unsupported_media_type", accepted=" or ".join(accepted), media_type=request.mimetype or "nothing"),
        )


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
        imports,
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
    for module in (
        auth,
        users,
        indicators,
        messages,
        units,
        records,
        attachments,
        summaries,
        plans,
        targets,
        exports,
        export_jobs,
        dashboard_data,
        audit,
        reminders,
        imports,
    ):
        api.register_blueprint(module.blp)
    app.register_blueprint(health.blp)
    app.register_blueprint(ogc.blp)

    from backend.web import admin, collect, common, dashboard, session, vendor

    app.register_blueprint(session.blp)
    app.register_blueprint(vendor.blp)
    app.register_blueprint(common.blp)
    app.register_blueprint(collect.blp)
    app.register_blueprint(dashboard.blp)
    app.register_blueprint(admin.blp)
