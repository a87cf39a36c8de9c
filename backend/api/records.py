from flask import current_app
from flask.views import MethodView

from backend.api.body import Blueprint, json_body
from backend.auth import scope
from backend.auth.tokens import current_user
from backend.errors import ApiError, invalid_params, language, localised_errors
from backend.extensions import db
from backend.messages import message
from backend.models import Record
from backend.services import corrections
from backend.services.listing import page_links, records_query, sort_order
from backend.services.records import ingest
from schemas.common import ProblemSchema, page_schema
from schemas.records import (BatchInSchema, BatchOutSchema, RecordInSchema, RecordOutSchema,
                             RecordQuerySchema, ReviewInSchema, RevisionSchema)

blp = Blueprint("records", __name__, url_prefix="/api/v1/records", description="Field records")
RecordPage = page_schema(RecordOutSchema, "RecordPage")
record_out = RecordOutSchema()


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
    def get(self, query):
        """List records in scope, filtered and paginated (Link header for next/prev)"""
        user = current_user()
        select = records_query(query, user).order_by(*sort_order(query["sort"]))
        page = db.paginate(select, page=query["page"], per_page=query["per_page"], error_out=False)
        links = page_links(page, "records.Records", query)
        return {"items": page.items, "total": page.total, "page": page.page,
                "per_page": page.per_page, "pages": page.pages}, 200, ({"Link": links} if links else {})

    @blp.doc(requestBody={"content": {"application/json": {"schema": RecordInSchema}}})
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
            return outcome.record, outcome.status
        db.session.rollback()
        details = {
            "conflict": message("client_id_conflict", fields=list(outcome.errors or ())),
            "invalid": message("validation_failed", fields=sorted(outcome.errors or ())),
            # the first reason, as it was raised (worded in the client's language)
            "forbidden": next((m for ms in (outcome.errors or {}).values() for m in ms), None),
        }
        if outcome.outcome == "conflict":
            raise ApiError(409, details["conflict"], record_id=outcome.record.id,
                           differences=outcome.errors)
        raise ApiError(outcome.status, details[outcome.outcome], errors=outcome.errors)


@blp.route("/batch")
class Batch(MethodView):
    @blp.doc(requestBody={"content": {"application/json": {"schema": BatchInSchema}}})
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
        """One record"""
        return _readable_record(record_id)[1]

    @blp.doc(requestBody={"content": {"application/merge-patch+json": {"schema": RecordInSchema}}})
    @blp.response(200, RecordOutSchema)
    def patch(self, record_id):
        """Correct a record (JSON merge patch): a new revision, back to pending"""
        user, record = _readable_record(record_id)
        corrections.correct(record, json_body(), user)
        db.session.commit()
        return record


@blp.route("/<id:record_id>/history")
class RecordHistory(MethodView):
    @blp.response(200, RevisionSchema(many=True))
    def get(self, record_id):
        """Every revision of a record: who, when, what changed"""
        return corrections.history(_readable_record(record_id)[1])


@blp.route("/<id:record_id>/review")
class RecordReview(MethodView):
    @blp.arguments(ReviewInSchema)
    @blp.response(200, RecordOutSchema)
    def post(self, decision, record_id):
        """Approve or reject a pending record (county reviewers and city admins)"""
        user, record = _readable_record(record_id)
        corrections.review(record, decision["decision"], decision["reason"], user)
        db.session.commit()
        return record
