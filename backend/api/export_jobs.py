"""Export jobs: POST /api/v1/exports, then poll the job and download its file."""

from flask import send_file
from flask.views import MethodView
from marshmallow import ValidationError

from backend.api.body import Blueprint, json_body
from backend.api.exports import ExportQuerySchema, audit_export, describe, export_params, job_answer
from backend.auth.tokens import current_user, require_sign_in
from backend.errors import ApiError, invalid
from backend.services import export_jobs
from domain.messages import message
from schemas.common import ProblemSchema
from schemas.exports import ExportJobSchema

blp = Blueprint(
    "export_jobs",
    __name__,
    url_prefix="/api/v1/exports",
    description="Export jobs: large exports made in the background, kept for a while",
)
# every operation needs an account: 401 before the arguments are read
blp.before_request(require_sign_in)


def _own_job(job_id):
    job = export_jobs.owned_job(current_user(), job_id)
    if job is None:
        raise ApiError(404, message("export_job_not_found", id=job_id[:40]), code="not_found")
    return job


@blp.route("")
class ExportJobs(MethodView):
    @blp.doc(requestBody={"content": {"application/json": {"schema": ExportQuerySchema}}})
    @blp.response(
        202,
        ExportJobSchema,
        description="The job (new, or the same request's job still running or just finished); its URL in Location",
    )
    @blp.alt_response(422, schema=ProblemSchema, description="Invalid parameters")
    def post(self):
        """Ask for an export as a job: the parameters of GET /exports/records, as JSON"""
        user = current_user()
        body = json_body()
        if not isinstance(body, dict):
            raise invalid({"_schema": [message("not_an_object")]})
        try:
            query = ExportQuerySchema().load(body)
        except ValidationError as error:
            raise invalid(error.messages)
        params = export_params(query)
        job, created = export_jobs.submit(user, params)
        audit_export(user, f"job {job.id}", params)
        return job_answer(job, created)


@blp.route("/<job_id>")
class ExportJobById(MethodView):
    @blp.response(200, ExportJobSchema)
    @blp.alt_response(404, schema=ProblemSchema, description="No such job of this account")
    def get(self, job_id):
        """An export job: state, progress, and the file's URL when done"""
        return describe(_own_job(job_id))


@blp.route("/<job_id>/file")
class ExportJobFile(MethodView):
    @blp.doc(responses={"200": {"description": "The file"}, "206": {"description": "A Range of it"}})
    @blp.alt_response(404, schema=ProblemSchema, description="No such job, or not done yet")
    @blp.alt_response(410, schema=ProblemSchema, description="The file's time is over")
    def get(self, job_id):
        """The file of a done job, with ETag; Range requests resume a broken download"""
        job = _own_job(job_id)
        if job.state == "expired":
            raise ApiError(410, message("gone"), code="gone")
        if job.state != "done":
            raise ApiError(404, message("export_not_ready", state=job.state), code="not_found")
        response = send_file(
            export_jobs.file_path(job),
            mimetype=job.media_type,
            as_attachment=True,
            download_name=job.file_name,
            conditional=True,
            etag=job.etag,
            max_age=0,
        )
        response.headers["Cache-Control"] = "private, no-cache"
        return response
