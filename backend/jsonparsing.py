"""Strict JSON for request bodies: NaN, Infinity and numbers beyond float range are errors,
not values that slip into the database."""
import json
import math

from flask.json.provider import DefaultJSONProvider


def _reject_constant(name):
    raise ValueError(f"{name} is not valid JSON")


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError(f"number {text[:20]} is out of range")
    return value


class StrictJSONProvider(DefaultJSONProvider):
    ensure_ascii = False
    sort_keys = False

    def loads(self, s, **kwargs):
        kwargs.setdefault("parse_constant", _reject_constant)
        kwargs.setdefault("parse_float", _finite_float)
        try:
            return json.loads(s, **kwargs)
        except RecursionError:  # absurdly deep nesting
            raise ValueError("JSON nested too deeply") from None
