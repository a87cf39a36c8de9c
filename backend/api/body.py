"""Reading a JSON body ourselves, for views that answer each part of it separately."""
from flask import request

from backend.errors import ApiError


def json_body():
    body = request.get_json(silent=True)
    if body is None:
        raise ApiError(400, "The body is not valid JSON (NaN, Infinity and out-of-range numbers are not allowed).")
    return body
