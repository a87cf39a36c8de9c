"""Read routing against a real streaming replica (scripts/replica.sh: a primary on 5441,
its replica on 5442, made with pg_basebackup). scripts/test sets it up and passes the two
URLs as TEST_REPLICA_PRIMARY_URL and TEST_REPLICA_URL; without them these tests skip.

Summaries, lists, exports and OGC reads go to the replica; writes, and the answer after a
write, to the primary; a replica that lags more than REPLICA_MAX_LAG_S, or is down, is
passed over with a log line, and the primary answers."""

import logging
import os
import subprocess
import time

import pytest
from sqlalchemy import event

from backend import create_app
from backend.extensions import db
from backend.services.accounts import create_user
from backend.services.seeding import seed_all
from tests.conftest import PASSWORD, _empty_tables
from tests.factories import record

PRIMARY = os.environ.get("TEST_REPLICA_PRIMARY_URL")
REPLICA = os.environ.get("TEST_REPLICA_URL")
REPLICA_PORT = REPLICA.rsplit(":", 1)[1].split("/")[0] if REPLICA else None
# run once, in scripts/test's PostGIS pass (they use databases of their own)
pytestmark = pytest.mark.skipif(
    not (PRIMARY and REPLICA and os.environ.get("DATABASE_URL", "").startswith("postgresql")),
    reason="no replica set-up (scripts/replica.sh up; scripts/test does it)",
)


def on_replica(sql):
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-p", REPLICA_PORT, "-d", "postgres", "-c", sql],
        check=True,
        cwd="/",
    )


@pytest.fixture(scope="module")
def migrated():
    app = create_app({"SQLALCHEMY_DATABASE_URI": PRIMARY})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        seed_all()
        db.engine.dispose()


def make_app(replica_url=REPLICA, **config):
    return create_app(
        {
            "SQLALCHEMY_DATABASE_URI": PRIMARY,
            "DATABASE_REPLICA_URL": replica_url,
            "TESTING": True,
            "REPLICA_CHECK_S": 0,
            **config,
        }
    )


@pytest.fixture
def routed(migrated):
    """(app, client, admin headers, statements sent to the replica)."""
    app = make_app()
    with app.app_context():
        create_user("replica_admin", PASSWORD, "city_admin", "441400")
        db.session.commit()
        client = app.test_client()
        token = client.post("/api/v1/auth/tokens", json={"username": "replica_admin", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
        sent = []
        event.listen(
            db.engines["replica"],
            "before_cursor_execute",
            lambda conn, cursor, statement, *args: sent.append(statement),
        )
        yield app, client, headers, sent
        db.session.remove()
        _empty_tables()
        db.session.remove()
        for engine in db.engines.values():
            engine.dispose()


def wait_for_replica(client, headers, total):
    for _ in range(100):
        if client.get("/api/v1/records", headers=headers).get_json()["total"] == total:
            return
        time.sleep(0.05)
    raise AssertionError("the replica never caught up")


def test_reads_that_may_lag_go_to_the_replica_and_writes_to_the_primary(routed):
    app, client, headers, sent = routed
    created = client.post("/api/v1/records", json=record(), headers=headers)
    assert created.status_code == 201
    assert not any(s.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")) for s in sent)
    wait_for_replica(client, headers, 1)
    sent.clear()
    for path in (
        "/api/v1/summaries?year=2025&status=all",
        "/api/v1/records",
        "/api/v1/exports/records?format=csv&status=all",
        "/ogc/collections/film_recovery/items?status=all",
    ):
        assert client.get(path, headers=headers).status_code == 200, path
    assert any("summary_rollup" in s for s in sent) and any("FROM records" in s for s in sent)
    sent.clear()
    assert client.get(f"/api/v1/records/{created.get_json()['id']}", headers=headers).status_code == 200
    assert sent == []  # a record read back by id comes from the primary


def test_a_lagging_replica_is_tolerated_within_the_limit_and_passed_over_beyond(routed, caplog):
    app, client, headers, sent = routed
    first = client.post("/api/v1/records", json=record(), headers=headers).get_json()
    wait_for_replica(client, headers, 1)
    on_replica("SELECT pg_wal_replay_pause()")
    try:
        client.post("/api/v1/records", json=record(), headers=headers)
        patched = client.patch(f"/api/v1/records/{first['id']}", json={"note": "corrected"}, headers=headers)
        assert patched.get_json()["note"] == "corrected"  # the answer after a write: the primary
        time.sleep(1.2)
        app.config["REPLICA_MAX_LAG_S"] = 3600  # lag allowed: the replica answers, a write behind
        assert client.get("/api/v1/records", headers=headers).get_json()["total"] == 1
        app.config["REPLICA_MAX_LAG_S"] = 1
        with caplog.at_level(logging.WARNING, logger="backend.replica"):
            listed = client.get("/api/v1/records", headers=headers).get_json()
        assert listed["total"] == 2
        assert any("behind" in message and "primary" in message for message in caplog.messages), caplog.messages
    finally:
        on_replica("SELECT pg_wal_replay_resume()")
    app.config["REPLICA_MAX_LAG_S"] = 30
    wait_for_replica(client, headers, 2)


def test_a_replica_that_is_down_leaves_the_reads_to_the_primary(migrated, caplog):
    app = make_app("postgresql+psycopg://meizhou_test:meizhou_test@127.0.0.1:1/nowhere")
    with app.app_context():
        create_user("replica_admin", PASSWORD, "city_admin", "441400")
        db.session.commit()
        client = app.test_client()
        token = client.post("/api/v1/auth/tokens", json={"username": "replica_admin", "password": PASSWORD})
        headers = {"Authorization": f"Bearer {token.get_json()['token']}"}
        try:
            assert client.post("/api/v1/records", json=record(), headers=headers).status_code == 201
            with caplog.at_level(logging.WARNING, logger="backend.replica"):
                assert client.get("/api/v1/records", headers=headers).get_json()["total"] == 1
                assert client.get("/api/v1/summaries?status=all", headers=headers).status_code == 200
            assert any("down" in message and "primary" in message for message in caplog.messages)
        finally:
            db.session.remove()
            _empty_tables()
            db.session.remove()
            for engine in db.engines.values():
                engine.dispose()
