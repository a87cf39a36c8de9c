"""Photos of a record, as the API shows them."""

from flask import has_request_context, request
from marshmallow import Schema, fields


def attachment_url(record_id, attachment_id, suffix=""):
    """Where a photo is read (with the reader's own credentials); absolute within a request."""
    path = f"/api/v1/records/{record_id}/attachments/{attachment_id}{suffix}"
    return request.host_url.rstrip("/") + path if has_request_context() else path


def _location(photo):
    if photo.lon is None or photo.lat is None:
        return None
    return {"type": "Point", "coordinates": [photo.lon, photo.lat]}


class AttachmentSchema(Schema):
    id = fields.String(metadata={"description": "The UUID the phone chose"})
    content_type = fields.String(
        metadata={"description": "image/jpeg, image/png, image/webp or image/heic, read from the bytes"}
    )
    bytes = fields.Integer(metadata={"description": "Size of the original"})
    width = fields.Integer(metadata={"description": "Pixels, as stored (before EXIF rotation)"})
    height = fields.Integer()
    sha256 = fields.String(metadata={"description": "SHA-256 of the original; its ETag"})
    taken_at = fields.NaiveDateTime(metadata={"description": "EXIF time taken, the camera's local time"})
    location = fields.Function(
        _location, metadata={"type": "object", "description": "EXIF GPS position, GeoJSON Point, WGS84"}
    )
    url = fields.Function(lambda a: attachment_url(a.record_id, a.id), metadata={"type": "string"})
    thumbnail_url = fields.Function(
        lambda a: attachment_url(a.record_id, a.id, "/thumbnail"), metadata={"type": "string"}
    )
    created_at = fields.DateTime()
    created_by = fields.String()


class AttachmentListSchema(Schema):
    items = fields.List(fields.Nested(AttachmentSchema))
