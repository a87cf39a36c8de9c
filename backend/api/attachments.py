"""Photos of a record: PUT the bytes under an id the phone chose, list, read, delete."""

from flask import make_response, request
from flask.views import MethodView

from backend.api.body import Blueprint
from backend.api.openapi import BINARY
from backend.auth.tokens import current_user, require_sign_in
from backend.services import attachments
from schemas.attachments import AttachmentListSchema, AttachmentSchema, attachment_url
from schemas.common import ProblemSchema

blp = Blueprint(
    "attachments",
    __name__,
    url_prefix="/api/v1/records/<id:record_id>/attachments",
    description="Photos of records (evidence)",
)
# every operation needs an account: 401 before the arguments are read
blp.before_request(require_sign_in)
IMAGE_BODY = {
    "content": {media: {"schema": dict(BINARY)} for media in ("image/jpeg", "image/png", "image/webp", "image/heic")}
}
# a photo under one id never changes: readers may keep it, privately
IMMUTABLE = "private, max-age=31536000, immutable"


def _image_response(data, media_type, etag):
    response = make_response(data)
    response.mimetype = media_type
    response.set_etag(etag)
    response.headers["Cache-Control"] = IMMUTABLE
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response.make_conditional(request)


@blp.route("")
class Attachments(MethodView):
    @blp.response(200, AttachmentListSchema)
    def get(self, record_id):
        """The photos of a record"""
        record = attachments.readable_record(record_id, current_user(), with_photos=True)
        return {"items": record.attachments}


@blp.route("/<attachment_id>")
class AttachmentById(MethodView):
    # a photo's bytes: the view reads their type from the bytes themselves (415/422 there)
    body_types = None

    @blp.doc(requestBody=IMAGE_BODY)
    @blp.response(201, AttachmentSchema, description="Stored")
    @blp.alt_response(200, schema=AttachmentSchema, description="The same bytes again: nothing stored")
    @blp.alt_response(409, schema=ProblemSchema, description="Other bytes under this id, or the record is approved")
    @blp.alt_response(413, schema=ProblemSchema, description="Over ATTACHMENT_MAX_BYTES")
    @blp.alt_response(415, schema=ProblemSchema, description="Not an image media type, or an image kind not kept")
    @blp.alt_response(
        422, schema=ProblemSchema, description="Not a readable image, too many pixels, or too many photos"
    )
    def put(self, record_id, attachment_id):
        """Store a photo (JPEG, PNG, WebP, HEIC) of a record; idempotent on attachment_id"""
        attachment, created = attachments.put(record_id, attachment_id, current_user())
        headers = {"ETag": f'"{attachment.sha256}"', "Location": attachment_url(record_id, attachment.id)}
        return attachment, 201 if created else 200, headers

    @blp.response(
        200,
        dict(BINARY),
        content_type="image/*",
        description="The original bytes; ETag is their SHA-256",
    )
    @blp.alt_response(304, description="Not modified (If-None-Match)")
    def get(self, record_id, attachment_id):
        """The photo as it was sent"""
        _, attachment = attachments.find(record_id, attachment_id, current_user())
        return _image_response(attachments.original(attachment), attachment.content_type, attachment.sha256)

    @blp.response(204)
    @blp.alt_response(409, schema=ProblemSchema, description="The record is approved")
    def delete(self, record_id, attachment_id):
        """Delete a photo (its poster, or a reviewer) while the record is not approved"""
        attachments.delete(record_id, attachment_id, current_user())
        return "", 204


@blp.route("/<attachment_id>/thumbnail")
class Thumbnail(MethodView):
    @blp.response(
        200,
        dict(BINARY),
        content_type="image/jpeg",
        description="A JPEG of at most 320 px, without metadata",
    )
    def get(self, record_id, attachment_id):
        """A small JPEG of the photo, without EXIF"""
        _, attachment = attachments.find(record_id, attachment_id, current_user())
        return _image_response(attachments.thumbnail(attachment), "image/jpeg", attachment.sha256 + "-thumbnail")
