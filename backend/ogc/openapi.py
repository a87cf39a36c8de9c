"""/ogc/api: the OpenAPI 3.0 definition of the OGC endpoints (QGIS reads the limits of
`limit` from it). Built from the same constants the views use, so it cannot drift; the
collection ids from the indicator registry each time the document is asked for."""

from flask import current_app, url_for

from backend.ids import IdConverter, id_schema
from backend.ogc import crs as ogc_crs
from backend.ogc.documents import CONFORMANCE, GEOJSON, HTML, JSON, OPENAPI
from backend.ogc.params import DEFAULT_LIMIT, ITEMS_PARAMS, MAX_LIMIT
from domain.indicators import INDICATORS, STATUSES
from schemas.common import MAX_OFFSET, YEAR

PROBLEM = "application/problem+json"


def _parameter(name, where, schema, description, required=False, **extra):
    return {"name": name, "in": where, "required": required, "schema": schema, "description": description, **extra}


def _collection_id():
    # built with each document: an indicator added to the registry at run time is listed
    return _parameter(
        "collectionId", "path", {"type": "string", "enum": list(INDICATORS)}, "An indicator code.", required=True
    )


# the parameters that do not change while the service runs (collectionId is _collection_id())
PARAMETERS = {
    "f": _parameter(
        "f",
        "query",
        {"type": "string", "enum": ["json", "html"]},
        "Representation; without it the Accept header decides.",
    ),
    "featureId": _parameter("featureId", "path", id_schema(IdConverter), "A record id.", required=True),
    "limit": _parameter(
        "limit",
        "query",
        {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT, "default": DEFAULT_LIMIT},
        f"Features per page (default {DEFAULT_LIMIT}, at most {MAX_LIMIT}; more is served as {MAX_LIMIT}).",
        style="form",
        explode=False,
    ),
    "offset": _parameter(
        "offset",
        "query",
        {"type": "integer", "minimum": 0, "maximum": MAX_OFFSET, "default": 0},
        f"Features to skip, at most {MAX_OFFSET}; the prev links carry it.",
    ),
    "cursor": _parameter(
        "cursor",
        "query",
        {"type": "string"},
        "Where the page starts (opaque): the next links carry it, and a page read "
        "by cursor costs the same however deep; it has no numberMatched.",
    ),
    "bbox": _parameter(
        "bbox",
        "query",
        {"type": "array", "minItems": 4, "maxItems": 6, "items": {"type": "number"}},
        "minx,miny,maxx,maxy in bbox-crs and its axis order; matches records whose location lies inside.",
        style="form",
        explode=False,
    ),
    "bbox-crs": _parameter(
        "bbox-crs",
        "query",
        {"type": "string", "format": "uri", "enum": list(ogc_crs.SUPPORTED), "default": ogc_crs.CRS84},
        "CRS of bbox.",
        style="form",
        explode=False,
    ),
    "datetime": _parameter(
        "datetime",
        "query",
        {"type": "string"},
        "observed_on: an RFC 3339 date or date-time, or an interval a/b with .. for an open end.",
        style="form",
        explode=False,
    ),
    "crs": _parameter(
        "crs",
        "query",
        {"type": "string", "format": "uri", "enum": list(ogc_crs.SUPPORTED), "default": ogc_crs.CRS84},
        "CRS of the response geometries, in that CRS's axis order.",
        style="form",
        explode=False,
    ),
    "town_code": _parameter(
        "town_code", "query", {"type": "string", "pattern": r"^\d{9}(000)?$"}, "Records of one town."
    ),
    "county_code": _parameter(
        "county_code", "query", {"type": "string", "pattern": r"^\d{6}$"}, "Records of one county."
    ),
    "year": _parameter(
        "year", "query", {"type": "integer", "minimum": YEAR.min, "maximum": YEAR.max}, "Reporting year."
    ),
    "status": _parameter(
        "status",
        "query",
        {"type": "string", "enum": [*STATUSES, "all"], "default": "approved"},
        "Review status (signed-in readers; anonymous readers see approved only).",
    ),
}


def _ref(name):
    return {"$ref": f"#/components/parameters/{name}"}


def _ok(description, *media_types):
    return {
        "200": {
            "description": description,
            "content": {media_type: {"schema": {"type": "object"}} for media_type in media_types},
        },
        "default": {"$ref": "#/components/responses/problem"},
    }


def _get(summary, operation_id, parameters, responses, secured=False):
    operation = {
        "summary": summary,
        "operationId": operation_id,
        "parameters": [_ref(name) for name in parameters],
        "responses": responses,
    }
    if secured:
        anonymous = current_app.config["OGC_ANONYMOUS"]
        operation["security"] = [{"bearer": []}, {}] if anonymous else [{"bearer": []}]
    return {"get": operation}


def openapi_document():
    server = url_for("ogc.landing", _external=True).rstrip("/")
    # the parameters the items parser takes (backend/ogc/params.py), after the path's
    items = ["f", "collectionId", *(name for name in ITEMS_PARAMS if name != "f")]
    return {
        "openapi": "3.0.3",
        "info": {
            "title": "Meizhou agricultural field records – OGC API Features",
            "version": "1.0",
            "description": "Conformance classes: " + ", ".join(CONFORMANCE),
        },
        "servers": [{"url": server}],
        "paths": {
            "/": _get("Landing page", "getLandingPage", ["f"], _ok("Landing page", JSON, HTML)),
            "/conformance": _get("Conformance classes", "getConformance", ["f"], _ok("Conformance", JSON, HTML)),
            "/api": _get("This API definition", "getApi", ["f"], _ok("OpenAPI 3.0", OPENAPI, HTML)),
            "/collections": _get(
                "Collections, one per indicator", "getCollections", ["f"], _ok("Collections", JSON, HTML), secured=True
            ),
            "/collections/{collectionId}": _get(
                "One collection",
                "describeCollection",
                ["f", "collectionId"],
                _ok("Collection", JSON, HTML),
                secured=True,
            ),
            "/collections/{collectionId}/items": _get(
                "Records of an indicator", "getFeatures", items, _ok("Features", GEOJSON, HTML), secured=True
            ),
            "/collections/{collectionId}/items/{featureId}": _get(
                "One record",
                "getFeature",
                ["f", "collectionId", "featureId", "crs"],
                _ok("Feature", GEOJSON, HTML),
                secured=True,
            ),
        },
        "components": {
            "parameters": {"f": PARAMETERS["f"], "collectionId": _collection_id()} | PARAMETERS,
            "responses": {
                "problem": {"description": "An error (RFC 9457)", "content": {PROBLEM: {"schema": {"type": "object"}}}}
            },
            "securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer", "description": "POST /api/v1/auth/tokens"}
            },
        },
    }
