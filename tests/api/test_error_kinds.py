"""The one map from a domain error's kind to its HTTP problem (backend/errors.py): status,
code, detail from the catalogue in the client's language, fields, members and headers."""

import json

import pytest

from backend.errors import STATUS_OF_KIND, as_api_error, problem_response
from domain import errors as kinds
from domain.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    PreconditionFailed,
    TooLarge,
    Unavailable,
    UnsupportedMedia,
)
from domain.messages import message


@pytest.mark.parametrize(
    ("error", "status", "code"),
    [
        (NotFound("unit_not_found", code="441499"), 404, "not_found"),
        (Forbidden("role_forbidden", role="town_officer"), 403, "forbidden"),
        (Conflict("approved_record_locked"), 409, "conflict"),
        (Invalid("target_negative"), 422, "validation_failed"),
        (PreconditionFailed("revision_stale", current_revision=3, sent="2", current=3), 412, "precondition_failed"),
        (TooLarge("photo_too_large", max_bytes="1,000"), 413, "payload_too_large"),
        (UnsupportedMedia("image_format_refused", format="GIF"), 415, "unsupported_media_type"),
        (Unavailable("no_plan_loaded"), 503, "unavailable"),
    ],
)
def test_each_kind_has_its_status_and_code(error, status, code):
    problem = as_api_error(error)
    assert (problem.status, problem.code, problem.detail) == (status, code, error.message)


def test_every_kind_of_domain_error_has_a_status():
    defined = {
        kind
        for kind in vars(kinds).values()
        if isinstance(kind, type) and issubclass(kind, DomainError) and kind is not DomainError
    }
    assert defined == set(STATUS_OF_KIND)


def test_a_revision_member_sends_the_etag_and_retry_after_its_header():
    stale = as_api_error(PreconditionFailed("revision_stale", current_revision=7, sent='"5"', current=7))
    assert stale.headers == {"ETag": '"7"'} and stale.extra == {"current_revision": 7}
    lost = as_api_error(Conflict("edit_race_lost", members={"current_revision": 8}, current=8))
    assert (lost.status, lost.headers) == (409, {"ETag": '"8"'})
    assert as_api_error(Unavailable("unavailable", retry_after=5)).headers == {"Retry-After": "5"}
    assert as_api_error(Unavailable("photo_bytes_unavailable")).headers == {}


def test_invalid_of_marshmallow_messages_names_every_field():
    error = Invalid.fields({"values": {"film_used_t": ["Not a valid number."]}, "year": ["Missing data."]})
    assert error.errors == {"values.film_used_t": ["Not a valid number."], "year": ["Missing data."]}
    assert error.message == message("validation_failed", fields=["values.film_used_t", "year"])
    one = Invalid.field("plan", "plan_unknown", plan="x")
    assert one.errors == {"plan": [message("plan_unknown", plan="x")]} and one.message == one.errors["plan"][0]


@pytest.mark.parametrize("language", ["en", "zh"])
def test_the_problem_document_is_the_catalogues_in_the_clients_language(app, language):
    error = Invalid(
        "in_place",
        errors={"目标!starts_on": [message("date_required")]},
        where="目标!starts_on",
        detail=message("date_required"),
    )
    with app.test_request_context(headers={"Accept-Language": language}):
        problem = as_api_error(error)
        response = problem_response(problem.status, problem.detail, errors=problem.errors, code=problem.code)
    body = json.loads(response.get_data())
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    reason = {"en": "A date is required.", "zh": "须填写日期。"}[language]
    separator = {"en": ": ", "zh": "："}[language]
    # a message within a message is worded in the same language
    assert body["detail"] == f"目标!starts_on{separator}{reason}"
    assert body["invalid_params"] == [
        {"name": "目标!starts_on", "code": "date_required", "params": {}, "reason": reason}
    ]
