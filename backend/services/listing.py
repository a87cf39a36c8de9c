"""The records filter shared by the list, the exports and the OGC items."""
from urllib.parse import urlencode

from flask import request, url_for

from backend.auth import scope
from backend.extensions import db
from backend.models import Record


def records_query(filters, user):
    select = db.select(Record)
    if user is not None:
        select = scope.restrict_records(select, user, Record)
    for name in ("indicator", "town_code", "county_code", "year", "status"):
        if filters.get(name) is not None:
            select = select.where(getattr(Record, name) == filters[name])
    if filters.get("bbox"):
        min_lon, min_lat, max_lon, max_lat = filters["bbox"]
        select = select.where(Record.lon.between(min_lon, max_lon), Record.lat.between(min_lat, max_lat))
    return select


def sort_order(sort):
    """ORDER BY for a sort parameter such as "-observed_on", id breaking ties."""
    column = getattr(Record, sort.lstrip("-"))
    if sort.startswith("-"):
        return (column.desc(), Record.id.desc())
    return (column.asc(), Record.id.asc())


def page_links(page, endpoint, query):
    """RFC 8288 Link header for a page of results."""
    params = {k: v for k, v in query.items() if k not in ("page", "bbox") and v is not None}
    if query.get("bbox"):
        # the box as the client wrote it: numbers written back would round, and later pages
        # would filter a different box
        params["bbox"] = request.args["bbox"]
    base = url_for(endpoint, _external=True)
    links = []
    for rel, number in (("first", 1), ("prev", page.prev_num), ("next", page.next_num),
                        ("last", page.pages or 1)):
        if number:
            links.append(f'<{base}?{urlencode(params | {"page": number})}>; rel="{rel}"')
    return ", ".join(links)
