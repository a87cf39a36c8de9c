"""Features of a collection: the records of one indicator, filtered and paged."""

import json
from contextlib import closing

from sqlalchemy import func

from backend.exports.columns import columns_for
from backend.exports.rows import RecordSource, location_geometry, record_geometry
from backend.exports.writers import feature_strings
from backend.extensions import db
from backend.models import Record
from backend.ogc import crs as ogc_crs
from backend.ogc.access import ANONYMOUS_STATUS
from backend.services.listing import records_query


def _source(select, indicator, epsg):
    # one geometry type per collection, as QGIS expects of a layer: the plot for indicators
    # measured on plots, the place of observation for the others
    geometry = record_geometry if indicator.expects_plot else location_geometry
    return RecordSource(select, columns_for(indicator.code), ogc_crs.projector(epsg), geometry, stream=False)


def _features(source):
    return [text for _, text in _features_with_ids(source)]


def _features_with_ids(source):
    names = [column.name for column in source.columns]
    with closing(source.chunks()) as chunks:
        return [pair for chunk in chunks for pair in zip(chunk.ids, feature_strings(chunk, names))]


def filtered(indicator, query, user):
    """The select of the records the items query matches (shared filter of GET /records)."""
    filters = {**query.filters, "indicator": indicator.code, "bbox": query.bbox}
    select = records_query(filters, user)
    if query.first_day:
        select = select.where(Record.observed_on >= query.first_day)
    if query.last_day:
        select = select.where(Record.observed_on <= query.last_day)
    return select


def page(indicator, query, user):
    """(number matched, feature texts of the page, id the next page starts after or None).

    A page asked by cursor (after an id) is read by seeking in id order and is not
    counted (None matched): counting is the cost that grows with depth and size."""
    select = filtered(indicator, query, user)
    if query.after_id is not None:
        found = _features_with_ids(
            _source(select.where(Record.id > query.after_id).limit(query.limit + 1), indicator, query.epsg)
        )
        more = len(found) > query.limit
        found = found[: query.limit]
        return None, [text for _, text in found], (found[-1][0] if more else None)
    matched = db.session.execute(select.with_only_columns(func.count(Record.id))).scalar_one()
    if query.offset >= matched:
        return matched, [], None
    found = _features_with_ids(_source(select.limit(query.limit).offset(query.offset), indicator, query.epsg))
    more = query.offset + len(found) < matched
    return matched, [text for _, text in found], (found[-1][0] if more and found else None)


def one(indicator, record_id, epsg, user):
    """The feature text of one record of the collection, or None."""
    status = ANONYMOUS_STATUS if user is None else None  # None: every status in scope
    select = records_query({"indicator": indicator.code, "status": status}, user).where(Record.id == record_id)
    features = _features(_source(select, indicator, epsg))
    return features[0] if features else None


def as_dicts(texts):
    """Feature texts as dicts, for the HTML pages."""
    return [json.loads(text) for text in texts]
