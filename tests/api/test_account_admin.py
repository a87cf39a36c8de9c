"""Account administration: what a county reviewer may do to which account, temporary
passwords that must be changed, one's own password change; on both databases."""

import pytest

from tests.conftest import PASSWORD

TOKENS, PASSWORD_URL = "/api/v1/auth/tokens", "/api/v1/auth/password"
MEIJIANG_TOWN, MEIXIAN_TOWN = "441402102", "441403101"


def sign_in_with(client, username, password, expect=201):
    response = client.post(TOKENS, json={"username": username, "password": password})
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def bearer(answer):
    return {"Authorization": f"Bearer {answer['token']}"}


def new_officer(client, manager, username, town=MEIJIANG_TOWN, expect=201):
    body = {"username": username, "password": "first temporary pw", "role": "town_officer", "unit_code": town}
    response = client.post("/api/v1/users", json=body, headers=manager.headers)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def test_a_county_reviewer_creates_and_resets_the_town_officers_of_its_county(client, reviewer, sign_in):
    created = new_officer(client, reviewer, "sanjiao_clerk")
    assert created["must_change_password"] is True and created["unit_code"] == MEIJIANG_TOWN
    other_county = sign_in("town_officer", MEIXIAN_TOWN)
    listed = [u["username"] for u in client.get("/api/v1/users", headers=reviewer.headers).get_json()]
    assert "sanjiao_clerk" in listed and other_county.username not in listed and reviewer.username not in listed

    reset = client.post("/api/v1/users/sanjiao_clerk/password-reset", headers=reviewer.headers)
    assert reset.status_code == 201
    temporary = reset.get_json()["temporary_password"]
    sign_in_with(client, "sanjiao_clerk", "first temporary pw", expect=401)
    assert sign_in_with(client, "sanjiao_clerk", temporary)["must_change_password"] is True

    deactivated = client.patch("/api/v1/users/sanjiao_clerk", json={"active": False}, headers=reviewer.headers)
    assert deactivated.status_code == 200 and deactivated.get_json()["active"] is False
    sign_in_with(client, "sanjiao_clerk", temporary, expect=401)


@pytest.mark.parametrize("target", ["other_county_officer", "same_county_reviewer", "city_admin"])
def test_a_county_reviewer_may_not_touch_other_accounts(client, reviewer, sign_in, target):
    account = {
        "other_county_officer": lambda: sign_in("town_officer", MEIXIAN_TOWN),
        "same_county_reviewer": lambda: sign_in("county_reviewer", "441402"),
        "city_admin": lambda: sign_in("city_admin", "441400"),
    }[target]()
    reset = client.post(f"/api/v1/users/{account.username}/password-reset", headers=reviewer.headers)
    assert reset.status_code == 403 and reset.mimetype == "application/problem+json"
    assert (
        client.patch(f"/api/v1/users/{account.username}", json={"active": False}, headers=reviewer.headers).status_code
        == 403
    )
    sign_in_with(client, account.username, PASSWORD)  # untouched


@pytest.mark.parametrize(
    "body",
    [
        {"role": "town_officer", "unit_code": MEIXIAN_TOWN},  # an officer of another county
        {"role": "county_reviewer", "unit_code": "441402"},  # a reviewer, even of its county
        {"role": "city_admin", "unit_code": "441400"},
        {"role": "analyst", "unit_code": "441400"},
    ],
)
def test_a_county_reviewer_creates_nothing_else(client, reviewer, body):
    full = {"username": "not_made", "password": "a long password"} | body
    assert client.post("/api/v1/users", json=full, headers=reviewer.headers).status_code == 403


@pytest.mark.parametrize("change", [{"role": "county_reviewer", "unit_code": "441402"}, {"unit_code": MEIXIAN_TOWN}])
def test_a_county_reviewer_cannot_move_an_officer_out_of_its_reach(client, reviewer, officer, change):
    response = client.patch(f"/api/v1/users/{officer.username}", json=change, headers=reviewer.headers)
    assert response.status_code == 403
    sign_in_with(client, officer.username, PASSWORD)


def test_a_temporary_password_must_be_changed_before_anything_else(client, admin, officer):
    temporary = client.post(f"/api/v1/users/{officer.username}/password-reset", headers=admin.headers).get_json()[
        "temporary_password"
    ]
    answer = sign_in_with(client, officer.username, temporary)
    assert answer["must_change_password"] is True and answer["user"]["must_change_password"] is True
    refused = client.get("/api/v1/records", headers=bearer(answer))
    assert refused.status_code == 403 and refused.get_json()["code"] == "password_change_required"

    wrong = client.post(
        PASSWORD_URL,
        json={"current_password": "not it at all", "new_password": "my own password"},
        headers=bearer(answer),
    )
    assert wrong.status_code == 403 and "current_password" in wrong.get_json()["errors"]
    same = client.post(
        PASSWORD_URL, json={"current_password": temporary, "new_password": temporary}, headers=bearer(answer)
    )
    assert same.status_code == 422 and "new_password" in same.get_json()["errors"]
    changed = client.post(
        PASSWORD_URL, json={"current_password": temporary, "new_password": "my own password"}, headers=bearer(answer)
    )
    assert changed.status_code == 200 and changed.get_json()["must_change_password"] is False
    again = sign_in_with(client, officer.username, "my own password")
    assert again["must_change_password"] is False
    assert client.get("/api/v1/records", headers=bearer(again)).status_code == 200


@pytest.mark.parametrize(
    "body,field",
    [
        ({"current_password": PASSWORD, "new_password": "short"}, "new_password"),
        ({"current_password": PASSWORD}, "new_password"),
        ({"new_password": "long enough password"}, "current_password"),
        ({"current_password": PASSWORD, "new_password": 12345678901}, "new_password"),
        ({"current_password": PASSWORD, "new_password": "x" * 1025}, "new_password"),
    ],
)
def test_own_password_change_checks_its_fields(client, officer, body, field):
    response = client.post(PASSWORD_URL, json=body, headers=officer.headers)
    assert response.status_code == 422 and field in response.get_json()["errors"]


def test_guessing_the_current_password_is_throttled(client, officer):
    for _ in range(5):
        assert (
            client.post(
                PASSWORD_URL,
                json={"current_password": "guess guess", "new_password": "new password 1"},
                headers=officer.headers,
            ).status_code
            == 403
        )
    assert (
        client.post(
            PASSWORD_URL, json={"current_password": PASSWORD, "new_password": "new password 1"}, headers=officer.headers
        ).status_code
        == 429
    )


@pytest.mark.parametrize("username,status", [("a\x00b", 422), ("x" * 5000, 404), ("..", 404), ("%ff", 404)])
def test_hostile_usernames_in_the_path_are_refused(client, admin, username, status):
    assert client.post(f"/api/v1/users/{username}/password-reset", headers=admin.headers).status_code == status
    assert (
        client.patch(f"/api/v1/users/{username}", json={"active": False}, headers=admin.headers).status_code == status
    )
