"""Records read from the database cursor in chunks and turned into typed columns.

Only plain columns and the geometry as WKB are selected (no ORM objects, no joined unit
rows): a 100,000-record export is then a few arrays per chunk, and `yield_per` makes
PostgreSQL hand rows over from a server-side cursor, so memory stays flat however many
records match. Geometries are decoded and reprojected a chunk at a time with shapely's
vectorised functions.
"""

from dataclasses import dataclass

import numpy as np
import shapely
from sqlalchemy import Text, cast, func

from backend.exports.columns import Rows
from backend.extensions import db
from backend.models import Attachment, Record, Unit
from schemas.attachments import attachment_url

CHUNK_SIZE = 2_000

# the attributes the columns read (see columns.py); the JSON ones as text, parsed a chunk
# at a time
SELECTED = (
    Record.id,
    Record.indicator,
    Record.town_code,
    Record.county_code,
    Record.year,
    Record.observed_on,
    Record.status,
    cast(Record.values, Text).label("values"),
    Record.numerator,
    Record.denominator,
    Record.computed_area_mu,
    cast(Record.flags, Text).label("flags"),
    Record.lon,
    Record.lat,
)


def record_geometry():
    """A record's feature geometry: its plot where it has one, else where it was observed."""
    return func.coalesce(Record.geometry, Record.location)


def location_geometry():
    return Record.location


@dataclass
class Chunk:
    ids: list
    geometries: np.ndarray  # shapely geometries in the output CRS
    columns: dict  # column name -> list of typed values, one per record
    lon: list  # WGS84 location of each record
    lat: list
    photo_urls: list  # the URLs of each record's photos

    def __len__(self):
        return len(self.ids)

    def rows(self, names):
        """Tuples of the named columns, one per record."""
        return zip(*(self.columns[name] for name in names))

    @classmethod
    def concatenate(cls, chunks):
        """One chunk of all these (None for none)."""
        if not chunks:
            return None
        join = lambda lists: [value for values in lists for value in values]  # noqa: E731
        return cls(
            join(c.ids for c in chunks),
            np.concatenate([c.geometries for c in chunks]),
            {name: join(c.columns[name] for c in chunks) for name in chunks[0].columns},
            join(c.lon for c in chunks),
            join(c.lat for c in chunks),
            join(c.photo_urls for c in chunks),
        )


def photo_ids(record_ids):
    """{record id: ids of its photos} for a chunk of records, in one query."""
    found = {}
    if record_ids:
        rows = db.session.connection().execute(
            db.select(Attachment.record_id, Attachment.id)
            .where(Attachment.record_id.in_(record_ids))
            .order_by(Attachment.record_id, Attachment.created_at)
        )
        for record_id, attachment_id in rows:
            found.setdefault(record_id, []).append(attachment_id)
    return found


def unit_names():
    return dict(db.session.execute(db.select(Unit.code, Unit.name)).all())


class RecordSource:
    """The records of a filtered select (services.listing.records_query), in id order."""

    def __init__(self, select, columns, project=None, geometry=record_geometry, stream=True):
        self.select = select
        self.columns = columns
        self.project = project or (lambda geometries: geometries)
        self.geometry = geometry
        # stream: a server-side cursor, for selects of any size; a page of OGC items is
        # small and known, and one plain fetch saves the cursor's round trips
        self.stream = stream

    def chunks(self, size=None):
        size = size or CHUNK_SIZE
        query = self.select.with_only_columns(*SELECTED, func.ST_AsBinary(self.geometry()).label("wkb")).order_by(
            Record.id
        )
        if self.stream:
            query = query.execution_options(yield_per=size)
        names = unit_names()
        # Core rows: plain columns need none of the ORM's per-row loading
        result = db.session.connection().execute(query)
        try:
            keys = list(result.keys())
            for rows in result.partitions(size):
                ids = [row.id for row in rows]
                yield self._chunk(Rows(keys, rows, names, photo_ids(ids)))
        finally:
            result.close()  # releases the server-side cursor when the client goes away

    def _chunk(self, batch):
        # psycopg hands bytea over as memoryview, shapely wants bytes; a record imported
        # without a location has no geometry (None), which every writer writes as empty
        wkb = np.array([None if blob is None else bytes(blob) for blob in batch.attribute("wkb")], dtype=object)
        geometries = self.project(shapely.from_wkb(wkb))
        columns = {column.name: column.read(batch) for column in self.columns}
        ids = batch.attribute("id")
        urls = [[attachment_url(record_id, aid) for aid in batch.photo_ids.get(record_id, ())] for record_id in ids]
        return Chunk(ids, geometries, columns, batch.attribute("lon"), batch.attribute("lat"), urls)
