"""The fuzzing stage: schemathesis against both OpenAPI documents, with a token of each role.

Every operation the documents describe is fuzzed (none is listed here, so an endpoint is
covered by being documented), with valid and invalid data, a fixed seed, the
`not_a_server_error` check and the response-conformance checks: any 5xx, or an answer the
document does not describe, fails. Every request the app receives is counted; the stage
must send at least MIN_REQUESTS, so that it cannot silently shrink.

schemathesis' own engine runs the phases (explicit examples, coverage of each parameter's
boundaries and of invalid values, then random positive and negative fuzzing), as its
command line would; its pytest plugin does not run under this pytest.
"""

import logging
import time

import pytest
import schemathesis
from schemathesis.config import SchemathesisConfig
from schemathesis.engine import Status, events

from backend.auth.tokens import issue_token
from backend.extensions import db
from backend.models import User
from tests.factories import SANJIAO, create_record, record

SEED = 20261203
MIN_REQUESTS = 5000
ROLES = {"town_officer": SANJIAO, "county_reviewer": "441402", "city_admin": "441400", "analyst": "441400"}
COVERAGE_ROLE = "city_admin"
DOCUMENTS = {"api": "/api/v1/openapi.json", "ogc": "/ogc/api?f=json"}
STAGE = {"requests": 0, "server_errors": [], "runs": set(), "seconds": 0.0}

CONFIG = {
    "seed": SEED,
    "workers": 1,
    # no corpus carried between runs: the same seed sends the same requests
    "cache": {"enabled": False},
    "suppress-health-check": ["all"],
    # random examples cost ~0.1 s each to generate (a record with its plot); the coverage
    # phase's ~5,000 requests cost far less each
    "generation": {"mode": "all", "max-examples": 6},
    "phases": {
        "examples": {"enabled": True},
        "coverage": {"enabled": True},
        "fuzzing": {"enabled": True},
        "stateful": {"enabled": False},
    },
    # every check schemathesis has, but positive_data_acceptance: what JSON Schema cannot say
    # (a unit that exists, a point inside its town, date_from before date_to, the scope of
    # an account) turns schema-valid requests into honest 4xx answers
    "checks": {"positive_data_acceptance": {"enabled": False}},
    "operations": [
        # One bad item of a batch must not block the others (DESIGN.md, Batch): an invalid
        # item is answered 200 with its outcome `invalid`, not a 4xx for the whole batch.
        # Up to 500 records with plots in one body are the slowest examples to generate.
        {
            "include-name": "POST /api/v1/records/batch",
            "generation": {"max-examples": 3},
            "checks": {"negative_data_rejection": {"enabled": False}},
        },
        # OGC API – Features /req/core/fc-limit-response-1: a limit above the documented
        # maximum is served as the maximum, not refused
        {
            "include-name": "GET /collections/{collectionId}/items",
            "checks": {"negative_data_rejection": {"enabled": False}},
        },
        # The dashboard's map data takes an empty filter (?unit=, ?town=, ?year=) as no
        # filter, which is how the page leaves one out (schemas/dashboard.py, _DropEmpty)
        *(
            {"include-name": f"GET /api/v1/dashboard/{name}", "checks": {"negative_data_rejection": {"enabled": False}}}
            for name in ("records", "outlines")
        ),
        # /plans/default also matches the rule /plans/{code}, so werkzeug's Allow header
        # lists that rule's PUT too; a PUT there is refused (422: `default` is not a plan code)
        {
            "include-name": "GET /api/v1/plans/default",
            "checks": {"allow_header_conformance": {"enabled": False}},
        },
    ],
}


class RequestCounter:
    """WSGI middleware: counts what reaches the app and remembers every 5xx."""

    def __init__(self, wsgi_app):
        self.wsgi_app = wsgi_app

    def __call__(self, environ, start_response):
        def counting_start_response(status, headers, *args):
            if status.startswith("5"):
                STAGE["server_errors"].append(
                    f"{status} {environ['REQUEST_METHOD']} {environ['PATH_INFO']}?{environ.get('QUERY_STRING', '')}"
                )
            return start_response(status, headers, *args)

        STAGE["requests"] += 1
        return self.wsgi_app(environ, counting_start_response)


def _role_auth(app, account):
    """An auth provider that keeps the role's account usable: the fuzzer signs out
    (DELETE /auth/tokens) and, as a city admin, may deactivate or demote the account."""

    class RoleAuth:
        def get(self, case, ctx):
            with app.app_context():
                user = db.session.execute(db.select(User).where(User.username == account.username)).scalar_one()
                restored = (user.active, user.role, user.unit_code) != (True, account.role, account.unit_code)
                user.active, user.role, user.unit_code = True, account.role, account.unit_code
                if restored or not getattr(self, "token", None):
                    self.token, _ = issue_token(user)
                # a sign-out revokes the token it is sent with: one of its own
                token = issue_token(user)[0] if case.operation.method.upper() == "DELETE" else self.token
                db.session.commit()
                db.session.remove()
            return token

        def set(self, case, token, ctx):
            case.headers = {**(case.headers or {}), "Authorization": f"Bearer {token}"}

    return RoleAuth


@pytest.fixture(params=list(ROLES))
def account(request, client, sign_in):
    account = sign_in(request.param, ROLES[request.param])
    # records to read, correct and review within the role's scope
    writer = account if request.param != "analyst" else sign_in("town_officer", SANJIAO)
    for indicator in ("film_recovery", "water_saving_irrigation", "straw_utilization"):
        create_record(client, writer, record(indicator))
    return account


@pytest.mark.parametrize("document", list(DOCUMENTS))
def test_fuzz(app, live_server, account, document, caplog):
    """Every documented operation, as this role: no 5xx, answers as documented."""
    caplog.set_level(logging.WARNING, logger="werkzeug")  # not a line per request
    app.wsgi_app = RequestCounter(app.wsgi_app)
    phases = {**CONFIG["phases"], "coverage": {"enabled": account.role == COVERAGE_ROLE}}
    # The coverage phase sends each parameter's boundary and invalid values, the same for
    # every role, about 5,000 requests a run: once, as the role whose every operation gets
    # past the scope checks to the end of validation. The other roles get the explicit
    # examples and random valid and invalid data.
    # over real HTTP, as clients send it (compressed answers, the server's own parsing)
    schema = schemathesis.openapi.from_url(
        live_server + DOCUMENTS[document], config=SchemathesisConfig.from_dict({**CONFIG, "phases": phases})
    )
    schema.auth(refresh_interval=None)(_role_auth(app, account))
    sent_before, started = STAGE["requests"], time.monotonic()
    failures, errors, operations = [], [], set()
    for event in schemathesis.engine.from_schema(schema).execute():
        if isinstance(event, events.ScenarioFinished):
            operations.add(event.label)
            if event.status == Status.FAILURE:
                for checks in event.recorder.checks.values():
                    for check in checks:
                        if check.status == Status.FAILURE:
                            failure = check.failure_info
                            failures.append(
                                f"{event.label}: {check.name}: {failure.failure.title}: "
                                f"{failure.failure.message[:300]}\n    {failure.code_sample}"
                            )
        elif isinstance(event, (events.NonFatalError, events.FatalError)):
            errors.append(str(getattr(event, "info", None) or getattr(event, "exception", event)))
    STAGE["runs"].add((document, account.role))
    STAGE["seconds"] += time.monotonic() - started
    print(
        f"{document} as {account.role}: {STAGE['requests'] - sent_before} requests, "
        f"{len(operations)} operations, {time.monotonic() - started:.0f} s: {sorted(operations)}"
    )
    assert not errors, errors[:10]
    assert not failures, "\n".join(sorted(set(failures))[:30])


def test_stage_sent_enough_requests():
    if len(STAGE["runs"]) < len(DOCUMENTS) * len(ROLES):
        pytest.skip("only part of the fuzzing stage ran")
    print(
        f"fuzzing stage: {STAGE['requests']} requests in {STAGE['seconds']:.0f} s, "
        f"{len(STAGE['server_errors'])} answered 5xx"
    )
    assert not STAGE["server_errors"], STAGE["server_errors"][:20]
    assert STAGE["requests"] >= MIN_REQUESTS
