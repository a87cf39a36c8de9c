"""The one exception type the geography package raises for bad input."""


class GeometryError(ValueError):
    """A client-supplied geometry or location is unacceptable.

    ``path`` names the offending part of the request body (for example
    ``"geometry.coordinates[0][3]"`` or ``"location"``) and ``code`` is a short
    machine-readable reason, so the API layer can turn this into a field error
    without parsing the message.
    """

    def __init__(self, message: str, path: str, code: str):
        super().__init__(message)
        self.message = message
        self.path = path
        self.code = code

    def __repr__(self) -> str:
        return f"GeometryError(code={self.code!r}, path={self.path!r}, message={self.message!r})"
