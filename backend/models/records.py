from geoalchemy2 import Geometry

from backend.extensions import db
from backend.models.timestamps import UTCDateTime, utcnow


class Record(db.Model):
    """The current state of one field record; its past states live in Revision."""

    __tablename__ = "records"

    id = db.Column(db.Integer, primary_key=True)
    # Idempotency is this unique constraint: a blind retry can never insert twice.
    client_id = db.Column(db.String(36), nullable=False, unique=True)
    indicator = db.Column(db.String(40), nullable=False)
    town_code = db.Column(db.String(9), db.ForeignKey("units.code"), nullable=False)
    county_code = db.Column(db.String(9), db.ForeignKey("units.code"), nullable=False)
    year = db.Column(db.Integer, nullable=False)
    observed_on = db.Column(db.Date, nullable=False)
    counted_on = db.Column(db.Date, nullable=False)  # the date summaries place it at
    status = db.Column(db.String(10), nullable=False, default="pending")

    # no location: a ledger row imported without coordinates (flag no_location)
    location = db.Column(Geometry("POINT", srid=4326, spatial_index=False), nullable=True)
    lon = db.Column(db.Float, nullable=True)
    lat = db.Column(db.Float, nullable=True)
    geometry = db.Column(Geometry("MULTIPOLYGON", srid=4326, spatial_index=False), nullable=True)
    crs = db.Column(db.String(10), nullable=False)  # the CRS the coordinates were posted in
    posted_location = db.Column(db.JSON, nullable=True)
    posted_geometry = db.Column(db.JSON, nullable=True)
    accuracy_m = db.Column(db.Float, nullable=True)

    values = db.Column(db.JSON, nullable=False)
    note = db.Column(db.String(500), nullable=True)
    numerator = db.Column(db.Float, nullable=False)
    denominator = db.Column(db.Float, nullable=True)
    computed_area_mu = db.Column(db.Float, nullable=True)
    flags = db.Column(db.JSON, nullable=False, default=list)
    # the normalised submission, compared with a replayed post (loaded only then)
    content = db.deferred(db.Column(db.JSON, nullable=False))

    revision = db.Column(db.Integer, nullable=False, default=1)
    created_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    created_by = db.Column(db.String(64), nullable=False)
    updated_at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    updated_by = db.Column(db.String(64), nullable=False)
    reviewed_at = db.Column(UTCDateTime, nullable=True)
    reviewed_by = db.Column(db.String(64), nullable=True)
    review_reason = db.Column(db.String(500), nullable=True)

    # joined: one round trip for a record and its names (the unit's boundary stays deferred)
    town = db.relationship("Unit", foreign_keys=[town_code], lazy="joined", innerjoin=True)
    county = db.relationship("Unit", foreign_keys=[county_code], lazy="joined", innerjoin=True)
    # selectin: a page of records loads its photos' metadata in one more query, not one per record
    attachments = db.relationship("Attachment", lazy="selectin", order_by="Attachment.created_at", viewonly=True)

    # Indexes live in the migrations (0001–0003), the one place that knows how each
    # backend spells them (PostgreSQL INCLUDE columns, SpatiaLite R*Trees).


class Revision(db.Model):
    """One entry of a record's history: who did what, when, and which fields changed."""

    __tablename__ = "revisions"

    id = db.Column(db.Integer, primary_key=True)
    record_id = db.Column(db.Integer, db.ForeignKey("records.id"), nullable=False)
    revision = db.Column(db.Integer, nullable=False)
    at = db.Column(UTCDateTime, nullable=False, default=utcnow)
    by = db.Column(db.String(64), nullable=False)
    action = db.Column(db.String(10), nullable=False)  # created, imported, corrected, approved, rejected
    changes = db.Column(db.JSON, nullable=False, default=dict)
    reason = db.Column(db.String(500), nullable=True)

    # two edits racing on one record cannot both write the same revision number (0004)
    __table_args__ = (
        db.Index("ix_revisions_record", "record_id", "id"),
        db.Index("uq_revisions_record_revision", "record_id", "revision", unique=True),
    )
