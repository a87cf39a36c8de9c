"""The one exception type the geography package raises for bad input."""

from typing import Any


class GeometryError(ValueError):
    """A client-supplied geometry or location is unacceptable.

    ``path`` names the offending part of the request body (for example
    ``"geometry.coordinates[0][3]"`` or ``"location"``) and ``code`` is a short
    machine-readable reason, so the API layer can turn this into a field error
    without parsing the message. ``params`` holds what a worded message needs (the
    path, distances in metres, part numbers, county codes and names, lon/lat, limits):
    the catalogue (domain/messages.py) words ``code`` with them in each language. A
    code with several wordings names its wording in ``params["variant"]``; a plot with
    several parts outside lists them in ``params["problems"]`` ([{code, params}]).
    ``message`` is the English, for logs.
    """

    def __init__(self, message: str, path: str, code: str, params: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code
        self.params: dict[str, Any] = dict(params or {})

    def __repr__(self) -> str:
        return f"GeometryError(code={self.code!r}, path={self.path!r}, message={self.message!r})"
