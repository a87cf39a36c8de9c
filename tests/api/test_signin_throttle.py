"""Sign-in throttling that others' failures cannot turn against an account's owner, behind
a proxy too; password changes revoking the account's other tokens (on both databases)."""

import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from backend import create_app
from backend.extensions import db
from backend.models import LoginThrottle
from tests.conftest import PASSWORD

TOKENS = "/api/v1/auth/tokens"


def attempt(client, username, password="wrong", address="127.0.0.1", headers=None):
    return client.post(
        TOKENS,
        json={"username": username, "password": password},
        environ_base={"REMOTE_ADDR": address},
        headers=headers or {},
    )


def sign_in_waiting_out_the_delay(client, app, username, address="127.0.0.1"):
    """The owner's sign-in: at worst one per-username delay, never a long refusal."""
    response = attempt(client, username, PASSWORD, address)
    if response.status_code == 429:
        wait = int(response.headers["Retry-After"])
        assert wait <= app.config["LOGIN_USER_DELAY_MAX_S"], response.get_json()
        time.sleep(wait)
        response = attempt(client, username, PASSWORD, address)
    return response


def test_a_flood_of_random_usernames_from_the_admins_address_does_not_lock_it_out(client, admin):
    # more than the old per-address limit (50) that locked the admin out
    for _ in range(99):
        assert attempt(client, f"fuzz_{uuid.uuid4().hex[:10]}").status_code == 401
    assert attempt(client, admin.username, PASSWORD).status_code == 201


def test_guessing_the_admins_password_elsewhere_only_delays_its_owner(app, client, admin):
    refused = 0
    for n in range(40):  # 20 addresses, 2 guesses each, all at the admin
        response = attempt(client, admin.username, address=f"198.51.100.{n // 2}")
        assert response.status_code in (401, 429)
        refused += response.status_code == 429
        if response.status_code == 429:
            assert int(response.headers["Retry-After"]) <= app.config["LOGIN_USER_DELAY_MAX_S"]
            assert response.get_json()["code"] == "rate_limited"
    assert refused > 0  # the guessing was slowed down
    assert sign_in_waiting_out_the_delay(client, app, admin.username).status_code == 201


def test_one_address_guessing_one_account_is_refused_for_the_window(app, client, officer):
    for _ in range(5):
        assert attempt(client, officer.username, address="203.0.113.5").status_code == 401
    refused = attempt(client, officer.username, PASSWORD, address="203.0.113.5")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > app.config["LOGIN_USER_DELAY_MAX_S"]  # the window
    time.sleep(1)  # past the per-username delay, the owner on its own address gets in
    assert sign_in_waiting_out_the_delay(client, app, officer.username, "192.0.2.1").status_code == 201


def test_an_address_spraying_accounts_is_refused(app, client, officer):
    app.config["LOGIN_MAX_FAILS_PER_ADDRESS"] = 8
    for n in range(8):
        assert attempt(client, f"nobody{n}", address="203.0.113.9").status_code == 401
    assert attempt(client, officer.username, PASSWORD, address="203.0.113.9").status_code == 429
    assert attempt(client, officer.username, PASSWORD, address="192.0.2.1").status_code == 201


@pytest.mark.parametrize("trusted, shared", [(0, True), (1, False)])
def test_the_client_address_comes_from_x_forwarded_for_only_behind_trusted_proxies(
    database_url, app, officer, trusted, shared
):
    proxied = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "TRUSTED_PROXIES": trusted,
            "LOGIN_MAX_FAILS_PER_PAIR": 3,
            "LOGIN_MAX_FAILS_PER_USER": 100,
        }
    )
    client = proxied.test_client()
    for _ in range(3):
        response = attempt(client, officer.username, headers={"X-Forwarded-For": "198.51.100.1"})
        assert response.status_code == 401
    other = attempt(client, officer.username, PASSWORD, headers={"X-Forwarded-For": "192.0.2.7"})
    assert other.status_code == (429 if shared else 201)


def _counter(kind_key):
    db.session.remove()
    row = db.session.get(LoginThrottle, kind_key)
    return row.failures if row else 0


def test_concurrent_wrong_attempts_are_each_counted(app, live_server):
    app.config.update(
        LOGIN_MAX_FAILS_PER_PAIR=10_000, LOGIN_MAX_FAILS_PER_ADDRESS=10_000, LOGIN_MAX_FAILS_PER_USER=10_000
    )

    def guess(n):
        username = "ghost" if n % 2 else f"ghost{n}"
        response = requests.post(f"{live_server}{TOKENS}", json={"username": username, "password": "x"}, timeout=60)
        return response.status_code, response.json()["detail"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = list(pool.map(guess, range(40)))
    assert [status for status, _ in statuses] == [401] * 40, [s for s in statuses if s[0] != 401]
    assert _counter("addr:127.0.0.1") == 40
    assert _counter("user:ghost") == 20
    assert _counter("pair:127.0.0.1 ghost") == 20


def test_the_password_hash_holds_no_write_lock(live_server, officer, monkeypatch):
    """A slow sign-in does not hold up another request's write (SQLite has one write lock)."""
    import backend.auth.signin as signin

    real = signin.verify_password

    def slow(stored, password):
        time.sleep(4)
        return real(stored, password)

    monkeypatch.setattr(signin, "verify_password", slow)
    signing_in = threading.Thread(
        target=requests.post,
        args=(f"{live_server}{TOKENS}",),
        kwargs={"json": {"username": officer.username, "password": "x"}, "timeout": 60},
    )
    signing_in.start()
    time.sleep(0.5)
    from tests.factories import record

    started = time.monotonic()
    response = requests.post(f"{live_server}/api/v1/records", json=record(), headers=officer.headers, timeout=60)
    elapsed = time.monotonic() - started
    signing_in.join()
    assert response.status_code == 201
    # holding the lock through the hash, the write would wait 3.5 s
    assert elapsed < 2.5, f"the write waited {elapsed:.2f} s for the sign-in's hash"


def test_a_password_change_revokes_the_accounts_other_tokens(client, admin, officer, sign_in):
    second = attempt(client, officer.username, PASSWORD).get_json()["token"]
    response = client.patch(
        f"/api/v1/users/{officer.username}", json={"password": "a new long password"}, headers=admin.headers
    )
    assert response.status_code == 200
    for token in (officer.token, second):
        assert client.get("/api/v1/records", headers={"Authorization": f"Bearer {token}"}).status_code == 401
    assert attempt(client, officer.username, "a new long password").status_code == 201


def test_an_admin_changing_its_own_password_stays_signed_in_on_this_token(client, admin):
    elsewhere = attempt(client, admin.username, PASSWORD).get_json()["token"]
    response = client.patch(
        f"/api/v1/users/{admin.username}", json={"password": "another long password"}, headers=admin.headers
    )
    assert response.status_code == 200
    assert client.get("/api/v1/users", headers=admin.headers).status_code == 200
    assert client.get("/api/v1/users", headers={"Authorization": f"Bearer {elsewhere}"}).status_code == 401
