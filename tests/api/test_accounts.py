"""Accounts and access: tokens, roles, throttling, account management, the CLI."""

from datetime import timedelta

import pytest

from backend.extensions import db
from backend.models import Token
from backend.models.timestamps import utcnow
from backend.services.accounts import create_user
from tests.conftest import PASSWORD
from tests.factories import record

TOKENS = "/api/v1/auth/tokens"


def test_a_token_is_random_and_stored_only_as_a_hash(client, officer):
    assert len(officer.token) >= 40
    digests = db.session.execute(db.select(Token.digest)).scalars().all()
    assert officer.token not in digests and len(digests) == 1


@pytest.mark.parametrize(
    "headers", [{}, {"Authorization": "Bearer nope"}, {"Authorization": "Basic abc"}, {"Authorization": "Bearer "}]
)
def test_requests_without_a_valid_token_are_401(client, headers):
    response = client.get("/api/v1/records", headers=headers)
    assert response.status_code == 401 and response.mimetype == "application/problem+json"
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


def test_expired_and_revoked_tokens_stop_working(client, officer, sign_in):
    db.session.execute(db.update(Token).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.session.commit()
    assert client.get("/api/v1/records", headers=officer.headers).status_code == 401
    other = sign_in("analyst", "441400")
    assert client.delete(TOKENS, headers=other.headers).status_code == 204
    assert client.get("/api/v1/records", headers=other.headers).status_code == 401


def test_a_deactivated_account_is_locked_out_at_once(client, admin, officer):
    response = client.patch(f"/api/v1/users/{officer.username}", json={"active": False}, headers=admin.headers)
    assert response.status_code == 200 and response.get_json()["active"] is False
    assert client.get("/api/v1/records", headers=officer.headers).status_code == 401
    refused = client.post(TOKENS, json={"username": officer.username, "password": PASSWORD})
    assert refused.status_code == 401


def test_wrong_passwords_are_throttled_per_username(client, officer):
    for _ in range(5):
        assert client.post(TOKENS, json={"username": officer.username, "password": "wrong"}).status_code == 401
    throttled = client.post(TOKENS, json={"username": officer.username, "password": PASSWORD})
    assert throttled.status_code == 429 and int(throttled.headers["Retry-After"]) > 0
    assert throttled.mimetype == "application/problem+json"


def test_an_address_has_a_higher_limit_shared_by_its_users(app, client):
    app.config["LOGIN_MAX_FAILS_PER_ADDRESS"] = 8
    for n in range(8):
        client.post(TOKENS, json={"username": f"nobody{n}", "password": "wrong"})
    create_user("office_mate", PASSWORD, "analyst", "441400")
    assert client.post(TOKENS, json={"username": "office_mate", "password": PASSWORD}).status_code == 429


@pytest.mark.parametrize("body", [{}, {"username": "x"}, {"username": 1, "password": 2}, []])
def test_malformed_sign_in_is_422(client, body):
    assert client.post(TOKENS, json=body).status_code == 422


def test_city_admin_manages_accounts(client, admin):
    body = {
        "username": "meixian_reviewer",
        "password": "a long password",
        "role": "county_reviewer",
        "unit_code": "441403",
    }
    created = client.post("/api/v1/users", json=body, headers=admin.headers)
    assert created.status_code == 201 and created.get_json()["unit_name"] == "梅县区"
    assert "password" not in created.get_json()
    assert client.post("/api/v1/users", json=body, headers=admin.headers).status_code == 409
    usernames = [u["username"] for u in client.get("/api/v1/users", headers=admin.headers).get_json()]
    assert "meixian_reviewer" in usernames
    moved = client.patch("/api/v1/users/meixian_reviewer", json={"unit_code": "441402"}, headers=admin.headers)
    assert moved.get_json()["unit_code"] == "441402"
    assert client.patch("/api/v1/users/ghost", json={"active": False}, headers=admin.headers).status_code == 404


@pytest.mark.parametrize(
    "body,field",
    [
        ({"role": "town_officer", "unit_code": "441402"}, "unit_code"),  # a county for a town role
        ({"role": "county_reviewer", "unit_code": "441402102"}, "unit_code"),
        ({"role": "emperor", "unit_code": "441400"}, "role"),
        ({"role": "analyst", "unit_code": "441400", "password": "short"}, "password"),
        ({"role": "analyst", "unit_code": "441400", "username": "a b"}, "username"),
    ],
)
def test_account_rules(client, admin, body, field):
    full = {"username": "someone", "password": "a long password"} | body
    response = client.post("/api/v1/users", json=full, headers=admin.headers)
    assert response.status_code == 422 and field in response.get_json()["errors"]


@pytest.mark.parametrize("role,unit_code", [("town_officer", "441402102"), ("analyst", "441400")])
def test_officers_and_analysts_manage_no_accounts(client, sign_in, role, unit_code):
    account = sign_in(role, unit_code)
    assert client.get("/api/v1/users", headers=account.headers).status_code == 403
    body = {"username": "someone_new", "password": "a long password", "role": "town_officer", "unit_code": "441402102"}
    assert client.post("/api/v1/users", json=body, headers=account.headers).status_code == 403


def test_users_create_reads_the_password_from_stdin(app, client):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create", "cli_officer", "--role", "town_officer", "--unit", "441402102"],
        input="from stdin 123\n",
    )
    assert result.exit_code == 0, result.output
    assert "from stdin" not in result.output
    signed = client.post(TOKENS, json={"username": "cli_officer", "password": "from stdin 123"})
    assert signed.status_code == 201
    again = runner.invoke(
        args=["users", "create", "cli_officer", "--role", "town_officer", "--unit", "441402102"],
        input="from stdin 123\n",
    )
    assert again.exit_code != 0 and "taken" in again.output


def test_seed_twice_changes_nothing(app):
    result = app.test_cli_runner().invoke(args=["seed"])
    assert result.exit_code == 0
    assert "units 0, county boundaries 0, targets 0" in result.output


def test_units_and_boundaries(client, admin, officer):
    counties = client.get("/api/v1/units?level=county").get_json()
    assert len(counties) == 8
    assert len(client.get("/api/v1/units?level=town").get_json()) == 112
    meijiang = client.get("/api/v1/units/441402").get_json()
    assert meijiang["boundary"]["type"] == "MultiPolygon" and len(meijiang["children"]) == 7
    lon, lat = 116.1177, 24.2991
    ring = [
        [lon - 0.01, lat - 0.01],
        [lon + 0.01, lat - 0.01],
        [lon + 0.01, lat + 0.01],
        [lon - 0.01, lat + 0.01],
        [lon - 0.01, lat - 0.01],
    ]
    boundary = {"type": "Polygon", "coordinates": [ring]}
    assert client.put("/api/v1/units/441402102/boundary", json=boundary, headers=officer.headers).status_code == 403
    assert client.put("/api/v1/units/441402/boundary", json=boundary, headers=admin.headers).status_code == 422
    uploaded = client.put("/api/v1/units/441402102/boundary", json=boundary, headers=admin.headers)
    assert uploaded.status_code == 200 and uploaded.get_json()["boundary"]["type"] == "MultiPolygon"
    # from now on the town's own boundary decides
    inside = client.post("/api/v1/records", json=record(), headers=officer.headers)
    assert inside.status_code == 201
    far = record(location={"type": "Point", "coordinates": [lon + 0.05, lat]})
    refused = client.post("/api/v1/records", json=far, headers=officer.headers)
    assert refused.status_code == 422 and "location" in refused.get_json()["errors"]


def test_indicators_registry_is_published(client):
    indicators = {i["code"]: i for i in client.get("/api/v1/indicators").get_json()}
    assert len(indicators) == 7
    film = indicators["film_recovery"]
    assert film["name_zh"] == "农膜回收率" and film["default_target"] == 0.9
    assert {f["name"]: f["unit"] for f in film["fields"]} == {"film_used_t": "t", "film_recovered_t": "t"}
    assert indicators["water_saving_irrigation"]["kind"] == "total"
    assert indicators["water_saving_irrigation"]["default_target"] == 9700
    assert indicators["fertilizer_efficiency"]["orderings"] == [["uptake_control_kg", "uptake_fertilized_kg"]]


def test_openapi_document_and_health(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/records/batch" in spec["paths"]
    assert "client_id" in spec["components"]["schemas"]["FilmRecoveryRecordIn"]["properties"]
    assert client.get("/api/v1/docs").status_code == 200
    assert client.get("/healthz").get_json()["status"] == "ok"
