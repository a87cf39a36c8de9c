"""Reading request bodies: every JSON body goes through the one strict parser
(backend/json_provider.py), whether a view reads it itself or through `@blp.arguments`."""

import flask_smorest
from flask import current_app, request
from webargs import core
from webargs.flaskparser import FlaskParser

from backend.errors import ApiError
from backend.json_provider import MAX_DEPTH
from domain.messages import message
from schemas.common import refuse_nul


def _invalid_json():
    return ApiError(400, message("invalid_json", max_depth=MAX_DEPTH), code="invalid_json")


def json_body():
    """The parsed body, for views that answer each part of it separately (a batch); strings
    holding NUL are left to the schema of each part, so one bad part fails only itself."""
    try:
        body = current_app.json.loads(request.get_data(cache=True))
    except ValueError:
        raise _invalid_json() from None
    if body is None:
        raise _invalid_json()
    return body


class StrictParser(FlaskParser):
    """webargs with the app's JSON parser, and NUL refused anywhere in a body before the
    schema sees it: PostgreSQL cannot store it, so neither database takes it."""

    def _raw_load_json(self, req):
        if not core.is_json(req.mimetype):
            return core.missing
        return json_body()

    def _load_location_data(self, *, schema, req, location):
        data = super()._load_location_data(schema=schema, req=req, location=location)
        if location == "json" and data is not core.missing:
            refuse_nul(data)  # the URL is checked for every route (backend/api/__init__.py)
        return data


class Blueprint(flask_smorest.Blueprint):
    """The API's blueprints: flask-smorest's, parsing with StrictParser."""

    ARGUMENTS_PARSER = StrictParser()
