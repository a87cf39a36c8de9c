"""The OGC API – Features endpoints under /ogc."""

import datetime as dt
import json

from flask import request, url_for

from backend.errors import ApiError
from backend.ogc import blp, documents, features
from backend.ogc import crs as ogc_crs
from backend.ogc.access import check_status, reader
from backend.ogc.documents import GEOJSON, HTML, OPENAPI
from backend.ogc.negotiation import html_response, json_response, wants_html
from backend.ogc.openapi import openapi_document
from backend.ogc.params import item_query, items_query
from backend.replica import reads_may_lag
from domain.indicators import INDICATORS
from domain.messages import message
from schemas import cursors


def _indicator(collection_id):
    indicator = INDICATORS.get(collection_id)
    if indicator is None:
        raise ApiError(404, message("collection_not_found", collection=repr(collection_id), codes=list(INDICATORS)))
    return indicator


@blp.get("/", strict_slashes=False)
def landing():
    html = wants_html()
    document = documents.landing(html)
    if html:
        return html_response("ogc/landing.html", doc=document, title=document["title"])
    return json_response(document)


@blp.get("/conformance")
def conformance():
    document = documents.conformance()
    if wants_html():
        return html_response("ogc/conformance.html", doc=document, title="Conformance")
    return json_response(document)


@blp.get("/api")
def openapi():
    document = openapi_document()
    if wants_html():
        return html_response("ogc/api.html", doc=document, title="API definition")
    return json_response(document, OPENAPI)


@blp.get("/collections")
@reads_may_lag
def collections():
    html = wants_html()
    document = documents.collections(reader(), html)
    if html:
        return html_response("ogc/collections.html", doc=document, title="Collections")
    return json_response(document)


@blp.get("/collections/<collection_id>")
@reads_may_lag
def collection(collection_id):
    indicator = _indicator(collection_id)
    html = wants_html()
    user = reader()
    document = documents.collection(indicator, documents.extents(user, indicator.code).get(indicator.code), html)
    if html:
        return html_response("ogc/collection.html", doc=document, title=document["title"])
    return json_response(document)


def _page_link(collection_id, rel, media_type, offset=None, **extra):
    """A link to a page: by offset, or (extra cursor=) by cursor, the other filters kept."""
    args = {k: v for k, v in request.args.items() if k not in ("offset", "cursor", "f")}
    if offset is not None:
        args["offset"] = offset
    elif "cursor" in request.args and "cursor" not in extra:
        args["cursor"] = request.args["cursor"]
    args.update(extra)
    href = url_for("ogc.items", collection_id=collection_id, _external=True, **args)
    return {"href": href, "rel": rel, "type": media_type}


def _items_links(collection_id, query, next_after, html):
    own = GEOJSON if not html else HTML
    by_cursor = query.after_id is not None
    offset = None if by_cursor else query.offset
    links = [
        _page_link(collection_id, "self", own, offset, f="html" if html else "json"),
        _page_link(collection_id, "alternate", HTML if not html else GEOJSON, offset, f="json" if html else "html"),
    ]
    if next_after is not None:  # next pages go by cursor, however the first was asked
        links.append(
            _page_link(
                collection_id, "next", own, cursor=cursors.encode("id", None, next_after), f="html" if html else "json"
            )
        )
    if not by_cursor and query.offset > 0:
        links.append(
            _page_link(collection_id, "prev", own, max(query.offset - query.limit, 0), f="html" if html else "json")
        )
    links.append(
        {
            "href": url_for("ogc.collection", collection_id=collection_id, _external=True),
            "rel": "collection",
            "type": "application/json",
        }
    )
    return links


def _content_crs(epsg):
    return {"Content-Crs": f"<{ogc_crs.uri_of(epsg)}>"}


@blp.get("/collections/<collection_id>/items")
@reads_may_lag
def items(collection_id):
    indicator = _indicator(collection_id)
    html = wants_html()
    user = reader()
    query = items_query(request.args)
    check_status(user, query.filters, query.status_given)
    matched, texts, next_after = features.page(indicator, query, user)
    links = _items_links(collection_id, query, next_after, html)
    stamp = dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    headers = _content_crs(query.epsg)
    if html:
        return html_response(
            "ogc/items.html",
            headers=headers,
            title=indicator.name_zh,
            indicator=indicator,
            features=features.as_dicts(texts),
            links=links,
            matched=matched,
            query=query,
        )
    counts = (
        {"numberReturned": len(texts)} if matched is None else {"numberMatched": matched, "numberReturned": len(texts)}
    )
    tail = json.dumps({**counts, "timeStamp": stamp, "links": links}, ensure_ascii=False)
    # the features are already JSON text (the export's serialiser); the rest goes around them
    body = '{"type":"FeatureCollection","features":[' + ",\n".join(texts) + "]," + tail[1:]
    return json_response(body, GEOJSON, headers)


@blp.get("/collections/<collection_id>/items/<id:feature_id>")
def item(collection_id, feature_id):
    indicator = _indicator(collection_id)
    html = wants_html()
    user = reader()
    epsg = item_query(request.args)
    text = features.one(indicator, feature_id, epsg, user)
    if text is None:
        raise ApiError(404, message("feature_not_found", feature=feature_id, collection=collection_id))
    links = [
        *documents.self_links(
            "ogc.item", json_type=GEOJSON, html=html, collection_id=collection_id, feature_id=feature_id
        ),
        documents.link("ogc.collection", "collection", "application/json", collection_id=collection_id),
    ]
    headers = _content_crs(epsg)
    if html:
        [feature] = features.as_dicts([text])
        return html_response(
            "ogc/item.html",
            headers=headers,
            title=f"{indicator.name_zh} #{feature_id}",
            indicator=indicator,
            feature=feature,
            links=links,
        )
    body = text[:-1] + ',"links":' + json.dumps(links, ensure_ascii=False) + "}"
    return json_response(body, GEOJSON, headers)
