"""Opaque page cursors: the sort key of the last item a page showed.

A cursor is base64url of a small JSON array [sort, last value, last id] (no value for
sort=id); the next page starts after it (keyset paging), so a deep page costs what the
first does. It carries a position only, never a filter or a right: the request's own
filters and the reader's scope still apply."""

import base64
import binascii
import datetime as dt
import json

from domain.messages import message

MAX_ID = 2**63 - 1
MAX_LENGTH = 200
_PARSERS = {"observed_on": dt.date.fromisoformat, "updated_at": dt.datetime.fromisoformat}


def encode(sort, last_value, last_id):
    key = sort.lstrip("-")
    payload = [sort, last_id] if key == "id" else [sort, last_value.isoformat(), last_id]
    text = json.dumps(payload, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode(text, sorts):
    """(sort, last value, last id) of a cursor made by encode for one of sorts;
    ValueError with a reason otherwise."""
    if not isinstance(text, str) or not text or len(text) > MAX_LENGTH:
        raise ValueError(message("cursor_too_long", max=MAX_LENGTH))
    try:
        payload = json.loads(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)))
    except (binascii.Error, ValueError, UnicodeError):
        raise ValueError(message("cursor_unreadable"))
    if not isinstance(payload, list) or len(payload) not in (2, 3) or payload[0] not in sorts:
        raise ValueError(message("cursor_unreadable"))
    sort, *rest = payload
    key = sort.lstrip("-")
    if len(rest) != (1 if key == "id" else 2):
        raise ValueError(message("cursor_unreadable"))
    last_id = rest[-1]
    if type(last_id) is not int or not 0 <= last_id <= MAX_ID:
        raise ValueError(message("cursor_out_of_range"))
    value = None
    if key != "id":
        try:
            value = _PARSERS[key](rest[0]) if isinstance(rest[0], str) else None
        except ValueError:
            value = None
        if value is None or (isinstance(value, dt.datetime) and value.tzinfo is None):
            raise ValueError(message("cursor_not_a_date"))
    return sort, value, last_id
