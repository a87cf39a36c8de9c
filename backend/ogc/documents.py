"""The JSON documents of the OGC API: landing page, conformance, collections."""

from flask import url_for
from sqlalchemy import func

from backend.exports.export import meizhou_bounds
from backend.extensions import db
from backend.models import Record
from backend.ogc import crs as ogc_crs
from backend.services.listing import records_query
from domain.indicators import INDICATORS

JSON, GEOJSON, HTML = "application/json", "application/geo+json", "text/html"
OPENAPI = "application/vnd.oai.openapi+json;version=3.0"
GREGORIAN = "http://www.opengis.net/def/uom/ISO-8601/0/Gregorian"
TITLE = "梅州市农业清洁生产田间数据 · Meizhou agricultural field records"

# Only what the blueprint implements; tests/api/test_ogc.py checks each one it declares.
CONFORMANCE = (
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs",
)


def link(endpoint, rel, media_type, title=None, **values):
    found = {"href": url_for(endpoint, _external=True, **values), "rel": rel, "type": media_type}
    if title:
        found["title"] = title
    return found


def self_links(endpoint, json_type=JSON, html=False, **values):
    """self and alternate links of a resource in the representation served."""
    json_link = link(
        endpoint, "self" if not html else "alternate", json_type, "this document as JSON", **values, f="json"
    )
    html_link = link(endpoint, "self" if html else "alternate", HTML, "this document as HTML", **values, f="html")
    return [html_link, json_link] if html else [json_link, html_link]


def landing(html=False):
    return {
        "title": TITLE,
        "description": "Field records of the Meizhou agricultural cleaner-production plans "
        "(agricultural indicators), one collection per indicator.",
        "links": [
            *self_links("ogc.landing", html=html),
            link("ogc.openapi", "service-desc", OPENAPI, "the API definition (OpenAPI 3.0)"),
            link("ogc.openapi", "service-doc", HTML, "the API definition as HTML", f="html"),
            link("ogc.conformance", "conformance", JSON, "conformance classes implemented"),
            link("ogc.collections", "data", JSON, "the collections: one per indicator"),
        ],
    }


def conformance():
    return {"conformsTo": list(CONFORMANCE)}


def extents(user, indicator=None):
    """{indicator: (bbox, first day, last day)} of the approved records the reader sees, of
    every indicator or only of `indicator` (a code). The bbox is that of the records'
    locations (a plot may reach a little beyond)."""
    select = (
        records_query({"status": "approved", "indicator": indicator}, user)
        .with_only_columns(
            Record.indicator,
            func.min(Record.lon),
            func.min(Record.lat),
            func.max(Record.lon),
            func.max(Record.lat),
            func.min(Record.observed_on),
            func.max(Record.observed_on),
        )
        .group_by(Record.indicator)
    )
    return {row[0]: ([row[1], row[2], row[3], row[4]], row[5], row[6]) for row in db.session.execute(select)}


def collection(indicator, extent, html=False):
    # a collection without records yet covers Meizhou
    bbox, first, last = extent or (meizhou_bounds(), None, None)
    geometry = "plots (MultiPolygon)" if indicator.expects_plot else "locations (Point)"
    return {
        "id": indicator.code,
        "title": f"{indicator.name_zh} · {indicator.name_en}",
        "description": f"{indicator.measures}. Features are the records' {geometry}; the "
        f"properties carry the record's values. GET /api/v1/indicators describes "
        f"the fields.",
        "itemType": "feature",
        "extent": {
            "spatial": {"bbox": [bbox], "crs": ogc_crs.CRS84},
            "temporal": {
                "interval": [
                    [
                        f"{first.isoformat()}T00:00:00Z" if first else None,
                        f"{last.isoformat()}T23:59:59Z" if last else None,
                    ]
                ],
                "trs": GREGORIAN,
            },
        },
        "crs": list(ogc_crs.SUPPORTED),
        "storageCrs": ogc_crs.STORAGE_CRS,
        "links": [
            *self_links("ogc.collection", html=html, collection_id=indicator.code),
            link("ogc.items", "items", GEOJSON, "the records as GeoJSON", collection_id=indicator.code),
            link("ogc.items", "items", HTML, "the records as HTML", collection_id=indicator.code, f="html"),
        ],
    }


def collections(user, html=False):
    found = extents(user)
    return {
        "links": self_links("ogc.collections", html=html),
        "crs": list(ogc_crs.SUPPORTED),
        "collections": [collection(indicator, found.get(code)) for code, indicator in INDICATORS.items()],
    }
