"""JSON of the API, both ways, with orjson.

Strict on the way in: NaN, Infinity and numbers beyond float range are errors, not values
that slip into the database (orjson refuses them all; the json module takes them unless
hooked).
Fast on the way out: a batch answer is half a megabyte, which the json module encodes in
about four times orjson's time. Dates and other objects orjson does not encode itself are
handed to Flask's own conversions, so answers read as before.
"""
import orjson
from flask.json.provider import DefaultJSONProvider

_OPTIONS = orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME


class StrictJSONProvider(DefaultJSONProvider):
    # orjson writes UTF-8 as it is and keeps keys in their order; Flask's ensure_ascii,
    # sort_keys and debug indent settings do not apply
    def dumps(self, obj, **kwargs):
        return orjson.dumps(obj, default=self.default, option=_OPTIONS).decode()

    def loads(self, s, **kwargs):
        return orjson.loads(s)  # a JSONDecodeError is a ValueError, as the json module's
