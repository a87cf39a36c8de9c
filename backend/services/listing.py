"""The records filter shared by the list, the exports and the OGC items; paging."""

from urllib.parse import urlencode

import sqlalchemy as sa
from flask import request, url_for

from backend.auth import scope
from backend.extensions import db
from backend.models import Record, SummaryRollup
from backend.services import plans
from backend.spatial import without_parallel_plans
from schemas import cursors


def records_query(filters, user):
    select = db.select(Record)
    if user is not None:
        select = scope.restrict_records(select, user, Record)
    for name in ROLLUP_FILTERS:
        if filters.get(name) is not None:
            select = select.where(getattr(Record, name) == filters[name])
    if filters.get("plan"):  # a plan's window, by the day a record counts on
        first, last = plans.window(plans.choose(filters["plan"]))
        select = select.where(Record.counted_on.between(first, last))
    if filters.get("bbox"):
        min_lon, min_lat, max_lon, max_lat = filters["bbox"]
        select = select.where(Record.lon.between(min_lon, max_lon), Record.lat.between(min_lat, max_lat))
    return select


# the filters of records_query that are keys of the summary rollup: a count asking only
# these (and the account's scope) is read from the rollup, one row per town and month
# instead of one per record; test_rollup keeps its record counts equal to the records'
ROLLUP_FILTERS = ("indicator", "town_code", "county_code", "year", "status")
# …and those it cannot answer (a plan's window of days, a box)
RECORD_FILTERS = ("plan", "bbox")


def rollup_cells(filters, user):
    """The summary rollup's cells holding records of the filters (its keys among
    ROLLUP_FILTERS), within the account's scope."""
    select = db.select(SummaryRollup).where(SummaryRollup.records > 0)
    if user is not None:
        select = scope.restrict_records(select, user, SummaryRollup)
    for name in ROLLUP_FILTERS:
        if filters.get(name) is not None:
            select = select.where(getattr(SummaryRollup, name) == filters[name])
    return select


def count_matching(filters, user):
    """How many records records_query(filters, user) selects: from the rollup when it can
    answer (its cost grows with towns, not records), else counted over the records."""
    if not any(filters.get(name) for name in RECORD_FILTERS):
        without_parallel_plans()
        total = rollup_cells(filters, user).with_only_columns(sa.func.coalesce(sa.func.sum(SummaryRollup.records), 0))
        return int(db.session.scalar(total))
    select = records_query(filters, user)
    return db.session.scalar(select.with_only_columns(sa.func.count(), maintain_column_froms=True).order_by(None))


def sort_order(sort):
    """ORDER BY for a sort parameter such as "-observed_on", id breaking ties."""
    column = getattr(Record, sort.lstrip("-"))
    if sort.startswith("-"):
        return (column.desc(), Record.id.desc())
    return (column.asc(), Record.id.asc())


def after(sort, last_value, last_id):
    """WHERE clause: the records that come after (last_value, last_id) in sort order, as
    one row comparison, which an index on (column, id) answers by seeking."""
    descending = sort.startswith("-")
    column = getattr(Record, sort.lstrip("-"))
    if column is Record.id:
        return Record.id < last_id if descending else Record.id > last_id
    mine = sa.tuple_(column, Record.id)
    theirs = sa.tuple_(sa.literal(last_value, column.type), sa.literal(last_id))
    return mine < theirs if descending else mine > theirs


def cursor_after(record, sort):
    """The cursor of the page that follows record."""
    return cursors.encode(sort, getattr(record, sort.lstrip("-")), record.id)


def keyset_page(select, sort, cursor, per_page):
    """(records, cursor of the next page or None): the page after cursor (None: the first)."""
    if cursor is not None:
        select = select.where(after(*cursor))
    found = db.session.execute(select.order_by(*sort_order(sort)).limit(per_page + 1)).scalars().all()
    more = len(found) > per_page
    found = found[:per_page]
    return found, (cursor_after(found[-1], sort) if more else None)


def page_links(endpoint, query, next_cursor, page=None):
    """RFC 8288 Link header: next carries the cursor; first, prev and last are numbered
    pages (prev and last only for a numbered page)."""
    params = {k: v for k, v in query.items() if k not in ("page", "bbox", "cursor") and v is not None}
    if query.get("bbox"):
        # the box as the client wrote it: numbers written back would round, and later pages
        # would filter a different box
        params["bbox"] = request.args["bbox"]
    base = url_for(endpoint, _external=True)
    links = [("first", {"page": 1})]
    if page is not None and page.prev_num:
        links.append(("prev", {"page": page.prev_num}))
    if next_cursor:
        links.append(("next", {"cursor": next_cursor}))
    if page is not None:
        links.append(("last", {"page": page.pages or 1}))
    return ", ".join(f'<{base}?{urlencode(params | extra)}>; rel="{rel}"' for rel, extra in links)
