"""JSON for programs, HTML for a browser: ?f=json|html, else the Accept header."""

from flask import current_app, json, make_response, render_template, request

from backend.errors import ApiError
from domain.messages import message

FORMATS = ("json", "html")


def wants_html():
    chosen = request.args.get("f")
    if chosen is not None:
        if chosen not in FORMATS:
            raise ApiError(
                400, message("format_not_offered", value=repr(chosen)), errors={"f": [message("json_or_html")]}
            )
        return chosen == "html"
    # JSON first: a client that accepts anything (*/*, GDAL, QGIS, curl) gets JSON; a
    # browser, which ranks text/html above */*, gets HTML.
    best = request.accept_mimetypes.best_match(
        ["application/json", "application/geo+json", "text/html"], default="application/json"
    )
    return best == "text/html"


def _negotiated(response, headers):
    response.headers.extend(headers or {})
    response.vary.add("Accept")
    return response


def json_response(document, media_type="application/json", headers=None):
    text = document if isinstance(document, str) else json.dumps(document, ensure_ascii=False)
    return _negotiated(current_app.response_class(text, mimetype=media_type), headers)


def html_response(template, headers=None, **context):
    return _negotiated(make_response(render_template(template, **context)), headers)
