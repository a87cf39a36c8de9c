"""JSON of the API, both ways, with orjson.

Strict on the way in: NaN, Infinity, numbers beyond float range, invalid UTF-8 and lone
surrogates are errors, not values that slip into the database (orjson refuses them all;
the json module takes them unless hooked), and so is nesting deeper than MAX_DEPTH: no
document the service accepts is deeper than a batch of plots (8 levels), and the code
that walks a document (merge patch, validation) recurses.
Fast on the way out: a batch answer is half a megabyte, which the json module encodes in
about four times orjson's time. Dates and other objects orjson does not encode itself are
handed to Flask's own conversions, so answers read as before.

Every JSON body is read through here: `request.get_json()` (Flask) and the flask-smorest
arguments parser (backend/api/body.py) both call `StrictJSONProvider.loads`.
"""

import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
MAX_DEPTH = 32


class TooDeep(ValueError):
    pass


def _check_depth(document):
    """Iterative, so a deep document cannot exhaust the stack while it is checked."""
    stack = [(document, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise TooDeep(f"JSON nested deeper than {MAX_DEPTH} levels")
        children = node.values() if isinstance(node, dict) else node
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))


def strict_loads(data):
    """The one JSON parser of request bodies; a ValueError for anything it refuses."""
    document = orjson.loads(data)  # a JSONDecodeError is a ValueError, as the json module's
    if isinstance(document, (dict, list)):
        _check_depth(document)
    return document


class StrictJSONProvider(DefaultJSONProvider):
    # orjson writes UTF-8 as it is and keeps keys in their order; Flask's ensure_ascii,
    # sort_keys and debug indent settings do not apply
    def dumps(self, obj, **kwargs):
        return orjson.dumps(obj, default=self.default, option=_OPTIONS).decode()

    def loads(self, s, **kwargs):
        return strict_loads(s)
