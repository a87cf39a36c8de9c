"""OGC API – Features (Part 1 Core, GeoJSON, HTML, OpenAPI 3.0; Part 2 CRS by reference)
under /ogc, so that QGIS and GDAL read the records directly: one collection per indicator.

A plain Flask blueprint, outside the /api/v1 OpenAPI document: /ogc/api is its own."""

from flask import Blueprint

blp = Blueprint("ogc", __name__, url_prefix="/ogc", template_folder="templates")

from backend.ogc import views  # noqa: E402,F401  (registers the routes on blp)
