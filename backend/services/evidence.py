"""Photo flags of a record (photo_far, photo_date, photo_missing), from the settings and
the pure checks in geo.photos. Recomputed when a photo arrives or leaves and when the
record is created or corrected."""

from flask import current_app
from geoalchemy2.shape import to_shape
from shapely import Point

from backend.extensions import db
from backend.models import Attachment
from domain.indicators import INDICATORS
from geo.photos import photo_flags, without_photo_flags


def flags_for(indicator_code, point, plot, day, photos):
    config = current_app.config
    return photo_flags(
        place=plot if plot is not None else point,
        day=day,
        photos=photos,
        evidence_required=INDICATORS[indicator_code].evidence_required,
        max_distance_m=config["PHOTO_MAX_DISTANCE_M"],
        max_days=config["PHOTO_MAX_DAYS"],
    )


def photos_of(record_id):
    """The photo metadata the checks read, of a stored record."""
    if record_id is None:
        return []
    rows = db.session.execute(
        db.select(Attachment.id, Attachment.lon, Attachment.lat, Attachment.taken_at).where(
            Attachment.record_id == record_id
        )
    )
    return [row._asdict() for row in rows]


def refresh(record):
    """Replace the record's photo flags by those of its photos now."""
    plot = None if record.geometry is None else to_shape(record.geometry)
    point = None if record.lon is None else Point(record.lon, record.lat)  # a ledger row may have none
    flags = flags_for(record.indicator, point, plot, record.counted_on, photos_of(record.id))
    record.flags = without_photo_flags(record.flags or []) + flags
