"""The one bound on ids and page numbers: what a PostgreSQL `integer` holds.

An id beyond it names nothing, so the router answers 404 before any query runs (the
database would refuse the number, not answer "not found"); page numbers and offsets are
held to it for the same reason (schemas/common.py, backend/ogc/params.py)."""

from werkzeug.routing import IntegerConverter

from domain.ids import MAX_ID


class IdConverter(IntegerConverter):
    """`<id:record_id>`: ASCII digits from 1 to MAX_ID, else the route does not match (404)."""

    def __init__(self, url_map, *args, **kwargs):
        super().__init__(url_map, min=1, max=MAX_ID)


def id_schema(converter):
    """The OpenAPI schema of an <id:…> path parameter (for flask-smorest)."""
    return {"type": "integer", "minimum": 1, "maximum": MAX_ID}


def register(app, api):
    app.url_map.converters["id"] = IdConverter
    api.register_converter(IdConverter, id_schema)
