"""The one place for the error contract: every error is application/problem+json (RFC 9457).

Views raise `ApiError` (or call flask_smorest.abort / werkzeug exceptions); the handlers
below turn all of them, and anything unexpected, into a problem document.
"""
import logging

from flask import current_app, json
from werkzeug.exceptions import HTTPException, InternalServerError

PROBLEM_MEDIA_TYPE = "application/problem+json"
log = logging.getLogger(__name__)


class ApiError(Exception):
    """An error with an HTTP status and a message that is safe to show the client."""

    def __init__(self, status, detail, *, title=None, errors=None, headers=None, **extra):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra


def field_errors(messages, prefix=""):
    """Flatten marshmallow's nested messages into {"values.film_used_t": [...]}."""
    flat = {}
    if isinstance(messages, dict):
        for key, value in messages.items():
            if isinstance(key, int):
                path = f"{prefix}[{key}]"
            elif key == "_schema":
                path = prefix or "_schema"
            else:
                path = f"{prefix}.{key}" if prefix else str(key)
            flat.update(field_errors(value, path))
    elif isinstance(messages, (list, tuple)) and messages and all(isinstance(m, str) for m in messages):
        flat.setdefault(prefix or "_schema", []).extend(messages)
    elif isinstance(messages, str):
        flat.setdefault(prefix or "_schema", []).append(messages)
    elif isinstance(messages, (list, tuple)):
        for value in messages:
            for path, msgs in field_errors(value, prefix).items():
                flat.setdefault(path, []).extend(msgs)
    return flat


def problem_response(status, detail=None, *, title=None, errors=None, headers=None, **extra):
    from http import HTTPStatus

    body = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "detail": detail or HTTPStatus(status).description,
    }
    if errors:
        body["errors"] = errors
    body.update(extra)
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_MEDIA_TYPE
    )
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _from_api_error(error):
    return problem_response(
        error.status, error.detail, title=error.title, errors=error.errors,
        headers=error.headers, **error.extra,
    )


def _from_http_exception(error):
    # flask_smorest.abort and webargs put details in error.data
    data = getattr(error, "data", None) or {}
    errors = None
    detail = data.get("message") or error.description
    if "messages" in data:  # webargs validation: {"json": {...}} / {"query": {...}}
        errors = {}
        for messages in data["messages"].values():
            errors.update(field_errors(messages))
        detail = "The request has invalid fields: " + ", ".join(sorted(errors))
    elif "errors" in data:
        errors = field_errors(data["errors"])
    headers = {}
    if error.code == 405 and error.valid_methods:
        headers["Allow"] = ", ".join(error.valid_methods)
    return problem_response(error.code, detail, errors=errors, headers=headers)


def _from_unexpected(error):
    log.exception("unhandled error", exc_info=error)
    return problem_response(500, InternalServerError.description)


def register_error_handlers(app):
    app.register_error_handler(ApiError, _from_api_error)
    app.register_error_handler(HTTPException, _from_http_exception)
    app.register_error_handler(Exception, _from_unexpected)
