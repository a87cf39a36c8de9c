from flask import current_app, request
from flask.views import MethodView

from backend.api.body import Blueprint, json_body
from backend.api.openapi import BATCH_IN, RECORD_IN, RECORD_PATCH
from backend.auth import scope
from backend.auth.tokens import current_user, require_sign_in
from backend.errors import ApiError, invalid_params, language, localised_errors
from backend.extensions import db
from backend.models import Record
from backend.replica import reads_may_lag
from backend.services import corrections
from backend.services.listing import (
    count_matching,
    cursor_after,
    keyset_page,
    page_links,
    records_query,
    sort_order,
)
from backend.services.records import ingest
from domain.messages import message
from schemas.common import ProblemSchema, page_schema
from schemas.records import BatchOutSchema, RecordOutSchema, RecordQuerySchema, ReviewInSchema, RevisionSchema

IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": False,
    "schema": {"type": "string"},
    "description": 'The revision the change was made on, as the ETag gave it: "3"',
}

blp = Blueprint("records", __name__, url_prefix="/api/v1/records", description="Field records")
blp.before_request(require_sign_in)
RecordPage = page_schema(RecordOutSchema, "RecordPage")
record_out = RecordOutSchema()


def _etag(record):
    """Every record answer names its revision, for If-Match on the next PATCH or review."""
    return {"ETag": f'"{record.revision}"'}


def _if_match():
    """The If-Match header as werkzeug's ETags, or None when it was not sent."""
    return request.if_match if "If-Match" in request.headers else None


def _readable_record(record_id):
    user = current_user()
    query = scope.restrict_records(db.select(Record).where(Record.id == record_id), user, Record)
    record = db.session.execute(query).scalar_one_or_none()
    if record is None:
        raise ApiError(404, message("record_not_found", id=record_id))
    return user, record


@blp.route("")
class Records(MethodView):
    @blp.arguments(RecordQuerySchema, location="query")
    @blp.response(200, RecordPage)
    @reads_may_lag
    def get(self, query):
        """List records in scope, filtered; by page number, or by cursor (the next link)"""
        user = current_user()
        select = records_query(query, user)
        if query.get("cursor"):  # keyset: as fast deep down as on the first page; no count
            items, next_cursor = keyset_page(select, query["sort"], query["cursor"], query["per_page"])
            body = {"items": items, "per_page": query["per_page"], "next_cursor": next_cursor}
            return body, 200, {"Link": page_links("records.Records", query, next_cursor)}
        page = db.paginate(
            select.order_by(*sort_order(query["sort"])),
            page=query["page"],
            per_page=query["per_page"],
            error_out=False,
            count=False,
        )
        page.total = count_matching(query, user)  # pages and has_next follow from it
        next_cursor = cursor_after(page.items[-1], query["sort"]) if page.has_next and page.items else None
        links = page_links("records.Records", query, next_cursor, page)
        return (
            {
                "items": page.items,
                "total": page.total,
                "page": page.page,
                "per_page": page.per_page,
                "pages": page.pages,
                "next_cursor": next_cursor,
            },
            200,
            {"Link": links},
        )

    @blp.doc(requestBody={"required": True, "content": {"application/json": {"schema": RECORD_IN}}})
    @blp.response(201, RecordOutSchema, description="Created")
    @blp.alt_response(200, schema=RecordOutSchema, description="Replay: the stored record, nothing created")
    @blp.alt_response(409, schema=ProblemSchema, description="Same client_id, different content")
    @blp.alt_response(422, schema=ProblemSchema, description="Invalid")
    def post(self):
        """Post one record (idempotent on client_id)"""
        user = current_user()
        body = json_body()
        if not isinstance(body, dict):
            raise ApiError(422, message("not_an_object"), errors={"_schema": [message("not_an_object")]})
        [outcome] = ingest([body], user)
        if outcome.outcome in ("created", "replayed"):
            db.session.commit()
            return outcome.record, outcome.status, _etag(outcome.record)
        db.session.rollback()
        details = {
            "conflict": message("client_id_conflict", fields=list(outcome.errors or ())),
            "invalid": message("validation_failed", fields=sorted(outcome.errors or ())),
            # the first reason, as it was raised (worded in the client's language)
            "forbidden": next((m for ms in (outcome.errors or {}).values() for m in ms), None),
        }
        if outcome.outcome == "conflict":
            raise ApiError(409, details["conflict"], record_id=outcome.record.id, differences=outcome.errors)
        raise ApiError(outcome.status, details[outcome.outcome], errors=outcome.errors)


@blp.route("/batch")
class Batch(MethodView):
    @blp.doc(requestBody={"required": True, "content": {"application/json": {"schema": BATCH_IN}}})
    @blp.response(200, BatchOutSchema)
    def post(self):
        """Post up to 500 records at once; each item gets its own outcome"""
        user = current_user()
        body = json_body()
        items = body.get("records") if isinstance(body, dict) else None
        if not isinstance(items, list):
            raise ApiError(422, message("batch_shape"), errors={"records": [message("not_a_list")]})
        limit = current_app.config["BATCH_MAX_RECORDS"]
        if len(items) > limit:
            raise ApiError(413, message("batch_too_large", limit=limit, count=len(items)), limit=limit)
        outcomes = ingest(items, user)
        db.session.commit()
        counts, lang = {}, language()
        for outcome in outcomes:
            counts[outcome.outcome] = counts.get(outcome.outcome, 0) + 1
            if outcome.errors and outcome.outcome != "conflict":
                outcome.invalid_params = invalid_params(outcome.errors, lang)
                outcome.errors = localised_errors(outcome.errors, lang)
        return {"results": outcomes, "counts": counts}


@blp.route("/<id:record_id>")
class RecordById(MethodView):
    @blp.response(200, RecordOutSchema)
    def get(self, record_id):
        """One record (ETag: its revision)"""
        record = _readable_record(record_id)[1]
        return record, 200, _etag(record)

    @blp.doc(
        requestBody={
            "required": True,
            "content": {
                "application/merge-patch+json": {"schema": RECORD_PATCH},
                "application/json": {"schema": RECORD_PATCH},
            },
        },
        parameters=[IF_MATCH],
    )
    @blp.response(200, RecordOutSchema)
    @blp.alt_response(409, schema=ProblemSchema, description="Approved (town officer), or another change won the race")
    @blp.alt_response(412, schema=ProblemSchema, description="If-Match names a revision that is not the current one")
    def patch(self, record_id):
        """Correct a record (JSON merge patch): a new revision, back to pending.

        With `If-Match: "<revision>"` the correction applies only to that revision (412
        otherwise); without it, a correction that races another one is refused with 409."""
        user, record = _readable_record(record_id)
        corrections.correct(record, json_body(), user, _if_match())
        db.session.commit()
        return record, 200, _etag(record)


@blp.route("/<id:record_id>/history")
class RecordHistory(MethodView):
    @blp.response(200, RevisionSchema(many=True))
    def get(self, record_id):
        """Every revision of a record: who, when, what changed"""
        return corrections.history(_readable_record(record_id)[1])


@blp.route("/<id:record_id>/review")
class RecordReview(MethodView):
    @blp.arguments(ReviewInSchema)
    @blp.doc(parameters=[IF_MATCH])
    @blp.response(200, RecordOutSchema)
    @blp.alt_response(409, schema=ProblemSchema, description="Not pending, or another change won the race")
    @blp.alt_response(412, schema=ProblemSchema, description="If-Match names a revision that is not the current one")
    def post(self, decision, record_id):
        """Approve or reject a pending record (county reviewers and city admins).

        With `If-Match: "<revision>"` the decision applies only to the revision the
        reviewer saw (412 when the record was corrected meanwhile)."""
        user, record = _readable_record(record_id)
        corrections.review(record, decision["decision"], decision["reason"], user, _if_match())
        db.session.commit()
        return record, 200, _etag(record)
