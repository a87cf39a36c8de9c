"""The one place for the error contract: every error is application/problem+json (RFC 9457).

Services raise the domain errors of domain/errors.py (NotFound, Invalid, …); STATUS_OF_KIND
below is the one map from their kinds to HTTP statuses, and `as_api_error` adds the headers
a kind implies (ETag of the current revision, Retry-After). Views may raise `ApiError` for
what is purely HTTP (a header, content negotiation), call flask_smorest.abort / werkzeug
exceptions, or let a marshmallow ValidationError through; the handlers below turn all of
them, and anything unexpected, into a problem document. Every problem has a stable `code` (by default the
one of its status, from CODE_OF_STATUS); validation problems list `invalid_params`; the
texts are in Chinese when the request's Accept-Language prefers it (domain/messages.py).
"""

import contextlib
import logging
from http import HTTPStatus

from flask import current_app, has_request_context, json, request
from marshmallow import ValidationError
from sqlalchemy.exc import DBAPIError, DisconnectionError, InterfaceError, OperationalError
from werkzeug.exceptions import HTTPException

from domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    TooLarge,
    Unavailable,
    UnsupportedMedia,
    field_errors,
)
from domain.messages import CATALOGUE, Message, message
from schemas.messages import coded, localise

PROBLEM_MEDIA_TYPE = "application/problem+json"
# how long a client waits before retrying while the database cannot be reached
RETRY_AFTER_S = 5
log = logging.getLogger(__name__)

CODE_OF_STATUS = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_failed",
    429: "rate_limited",
    500: "server_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An error with an HTTP status and a message that is safe to show the client.

    `detail` may be a domain.messages.Message (answered in the client's language);
    `code` overrides the status's code."""

    def __init__(self, status, detail, *, title=None, errors=None, headers=None, code=None, **extra):
        super().__init__(detail)
        self.status = status
        self.detail = detail
        self.title = title
        self.errors = errors
        self.headers = headers or {}
        self.code = code
        self.extra = extra


def invalid(messages):
    """The 422 of marshmallow messages (nested or flat): names every field that is wrong."""
    return as_api_error(Invalid.fields(messages))


# the HTTP status of each kind of domain error (the most specific kind first)
STATUS_OF_KIND: dict[type[DomainError], int] = {
    PreconditionFailed: 412,
    NotFound: 404,
    Forbidden: 403,
    Conflict: 409,
    Invalid: 422,
    TooLarge: 413,
    UnsupportedMedia: 415,
    Unavailable: 503,
}


def status_of(error):
    return next((status for kind, status in STATUS_OF_KIND.items() if isinstance(error, kind)), 400)


def as_api_error(error):
    """The problem a domain error is: its kind's status and code, its message, fields and
    members, and the headers its members imply."""
    headers = {}
    if "current_revision" in error.members:  # the revision to read again, as GET answers it
        headers["ETag"] = f'"{error.members["current_revision"]}"'
    if isinstance(error, Unavailable) and error.retry_after is not None:
        headers["Retry-After"] = str(error.retry_after)
    return ApiError(
        status_of(error), error.message, errors=error.errors, headers=headers, code=error.problem_code, **error.members
    )


def language():
    """'zh' when the request's Accept-Language prefers Chinese, else 'en'."""
    if not has_request_context():
        return "en"
    return "zh" if request.accept_languages.best_match(("en", "zh"), default="en") == "zh" else "en"


def invalid_params(errors, lang):
    """[{name, code, params, reason}] of {path: [messages]} (other shapes are not field errors)."""
    items = []
    for name, texts in errors.items():
        if isinstance(texts, (list, tuple)) and all(isinstance(t, str) for t in texts):
            for text in texts:
                code, params = coded(text)
                items.append({"name": name, "code": code, "params": params, "reason": localise(text, lang)})
    return items


def localised_errors(errors, lang):
    return {
        name: [localise(t, lang) for t in texts]
        if isinstance(texts, (list, tuple)) and all(isinstance(t, str) for t in texts)
        else texts
        for name, texts in errors.items()
    }


def _default_detail(code, status, lang):
    templates = CATALOGUE.get(code)
    try:
        return templates[lang].format() if templates else HTTPStatus(status).description
    except (KeyError, IndexError):  # the template wants params this problem does not have
        return HTTPStatus(status).description


def _detail(detail, code, status, lang):
    if not detail:
        return _default_detail(code, status, lang)
    if isinstance(detail, Message) or lang == "en":
        return localise(detail, lang)
    # a detail the catalogue has no words for yet: the kind of problem in the client's
    # language, then the specifics as written
    return f"{_default_detail(code, status, lang)}（{detail}）"


def problem_response(status, detail=None, *, title=None, errors=None, headers=None, code=None, **extra):
    lang = language()
    code = code or CODE_OF_STATUS.get(status) or ("server_error" if status >= 500 else "bad_request")
    body = {
        "type": "about:blank",
        "title": title or HTTPStatus(status).phrase,
        "status": status,
        "code": code,
        "detail": _detail(detail, code, status, lang),
    }
    if errors:
        body["errors"] = localised_errors(errors, lang) if isinstance(errors, dict) else errors
        params = invalid_params(errors, lang) if isinstance(errors, dict) else []
        if params:
            body["invalid_params"] = params
    body.update(extra)
    response = current_app.response_class(
        json.dumps(body, ensure_ascii=False), status=status, mimetype=PROBLEM_MEDIA_TYPE
    )
    response.headers["Content-Language"] = "zh" if lang == "zh" else "en"
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def _from_api_error(error):
    return problem_response(
        error.status,
        error.detail,
        title=error.title,
        errors=error.errors,
        headers=error.headers,
        code=error.code,
        **error.extra,
    )


def _from_domain_error(error):
    return _from_api_error(as_api_error(error))


def _from_validation_error(error):
    return _from_api_error(invalid(error.messages))


def _from_http_exception(error):
    # flask_smorest.abort and webargs put details in error.data
    data = getattr(error, "data", None) or {}
    errors = None
    detail = data.get("message") or error.description
    if "messages" in data:  # webargs validation: {"json": {...}} / {"query": {...}}
        errors = {}
        for messages in data["messages"].values():
            errors.update(field_errors(messages))
        detail = message("validation_failed", fields=sorted(errors))
    elif "errors" in data:
        errors = field_errors(data["errors"])
    headers = {}
    if error.code == 405:
        detail = message("method_not_allowed", method=request.method)
        if error.valid_methods:
            headers["Allow"] = ", ".join(error.valid_methods)
    elif error.code == 413:
        limit = current_app.config["MAX_CONTENT_LENGTH"]
        detail = message("payload_too_large", limit=limit)
        return problem_response(413, detail, limit=limit)
    elif error.code == 404 and detail == error.__class__.description:
        detail = None  # the catalogue's words, in the client's language
    return problem_response(error.code, detail, errors=errors, headers=headers)


def _from_database_unreachable(error):
    """The database is down, restarting or unreachable: the client should retry."""
    log.warning("database unavailable: %s", error)
    from backend.extensions import db

    with contextlib.suppress(Exception):  # the connection is gone; the session is removed anyway
        db.session.rollback()
    return _from_domain_error(Unavailable("unavailable", retry_after=RETRY_AFTER_S))


def _from_dbapi_error(error):
    if error.connection_invalidated:
        return _from_database_unreachable(error)
    return _from_unexpected(error)


def _from_unexpected(error):
    log.exception("unhandled error", exc_info=error)
    return problem_response(500, message("server_error"))


def register_error_handlers(app):
    app.register_error_handler(ApiError, _from_api_error)
    app.register_error_handler(DomainError, _from_domain_error)
    app.register_error_handler(ValidationError, _from_validation_error)
    app.register_error_handler(HTTPException, _from_http_exception)
    for unreachable in (OperationalError, InterfaceError, DisconnectionError):
        app.register_error_handler(unreachable, _from_database_unreachable)
    app.register_error_handler(DBAPIError, _from_dbapi_error)
    app.register_error_handler(Exception, _from_unexpected)
