"""HTTP API, one blueprint per resource. Views are thin: parse, ask a service, shape."""
from flask import current_app, request

from backend.errors import ApiError, invalid
from backend.messages import message
from schemas.common import nul_errors

JSON_TYPES = ("application/json", "application/merge-patch+json")


def _view_class():
    view = current_app.view_functions.get(request.endpoint)
    return getattr(view, "view_class", None)


def require_json_body():
    """The body rules of every write under /api/, before anything reads the body: its
    media type is JSON (415 otherwise), and it is at most MAX_BODY_BYTES (413). A view
    class that takes another body says so with `body_types`, and names the setting of
    its own size limit with `body_limit` (the ledger upload: multipart, IMPORT_MAX_BYTES)."""
    if request.method not in ("POST", "PUT", "PATCH") or not request.path.startswith("/api/"):
        return
    view_class = _view_class()
    accepted = getattr(view_class, "body_types", JSON_TYPES)
    if request.mimetype not in accepted:
        raise ApiError(415, message("unsupported_media_type", accepted=" or ".join(accepted),
                                    media_type=request.mimetype or "nothing"))
    limit = getattr(view_class, "body_limit", None)
    if limit:
        request.max_content_length = current_app.config[limit]


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
        exports,
        health,
        imports,
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
    for module in (auth, users, indicators, messages, units, records, summaries, targets, exports, imports):
        api.register_blueprint(module.blp)
    app.register_blueprint(health.blp)
    app.register_blueprint(ogc.blp)

    from backend.web import collect, dashboard, session, vendor
    app.register_blueprint(session.blp)
    app.register_blueprint(vendor.blp)
    app.register_blueprint(collect.blp)
    app.register_blueprint(dashboard.blp)
