"""Test fixtures: the same tests on SpatiaLite and PostGIS.

The database comes from DATABASE_URL (PostGIS in `scripts/test`), or is a fresh SpatiaLite
file. It is migrated and seeded once per run; after each test the tables a test can write
are emptied, so tests may commit, run threads and serve live, as the service really does.
"""

import os
import threading
import uuid

# loaded before SpatiaLite, see backend/__init__.py
import pyogrio  # noqa: F401
import pyproj  # noqa: F401
import pytest
from sqlalchemy import event
from werkzeug.serving import make_server

from backend import create_app
from backend.extensions import db
from backend.services.accounts import create_user
from backend.services.seeding import seed_all

os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")
PASSWORD = "correct horse battery"
MUTABLE_TABLES = (
    "export_jobs",
    "attachments",
    "attachment_blobs",
    "revisions",
    "records",
    "summary_rollup",
    "tokens",
    "login_throttle",
    "users",
    "target_changes",
    "targets",
    "plans",
)
# audit_log is not emptied: it refuses DELETE (that is what it is for). Tests read only
# the entries of their own random usernames or written after an id they noted.


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
        seed_all()
        db.engine.dispose()
    return url


def _empty_tables():
    names = ", ".join(MUTABLE_TABLES)
    if db.engine.dialect.name == "postgresql":
        db.session.execute(db.text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    else:
        for table in MUTABLE_TABLES:
            db.session.execute(db.text(f"DELETE FROM {table}"))
    db.session.execute(db.text("UPDATE units SET boundary = NULL, boundary_source = NULL WHERE level = 'town'"))
    db.session.commit()
    seed_all()  # the plan's targets again


@pytest.fixture
def app_overrides():
    """Settings a test module changes for its app (e.g. parametrized over storages)."""
    return {}


@pytest.fixture
def app(database_url, app_overrides):
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "TESTING": True,
            "LOGIN_MAX_FAILS_PER_PAIR": 5,
            "LOGIN_MAX_FAILS_PER_ADDRESS": 100,
            # the per-username delay, capped low so tests wait at most 2 s
            "LOGIN_MAX_FAILS_PER_USER": 5,
            "LOGIN_USER_DELAY_MAX_S": 2,
            **app_overrides,
        }
    )
    with app.app_context():
        yield app
        db.session.remove()
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


class Account:
    """A signed-in user: `account.headers` goes with every request."""

    def __init__(self, client, username, role, unit_code):
        self.username, self.role, self.unit_code = username, role, unit_code
        response = client.post("/api/v1/auth/tokens", json={"username": username, "password": PASSWORD})
        assert response.status_code == 201, response.get_json()
        self.token = response.get_json()["token"]
        self.headers = {"Authorization": f"Bearer {self.token}"}


@pytest.fixture
def sign_in(client):
    """sign_in(role, unit_code) → Account, created and signed in through the API."""

    def make(role, unit_code, username=None):
        username = username or f"{role}_{uuid.uuid4().hex[:8]}"
        create_user(username, PASSWORD, role, unit_code)
        return Account(client, username, role, unit_code)

    return make


@pytest.fixture
def admin(sign_in):
    return sign_in("city_admin", "441400")


@pytest.fixture
def officer(sign_in):
    """A town officer of 三角镇, 梅江区."""
    return sign_in("town_officer", "441402102")


@pytest.fixture
def reviewer(sign_in):
    """A county reviewer of 梅江区."""
    return sign_in("county_reviewer", "441402")


class _Accounts:
    """accounts["officer"]: the account fixture of that name, signed in only when a test
    asks for it (each sign-in hashes a password)."""

    def __init__(self, request):
        self.request = request

    def __getitem__(self, role):
        return self.request.getfixturevalue(role)


@pytest.fixture
def accounts(request):
    return _Accounts(request)


@pytest.fixture
def live_server(app):
    """The app served over real HTTP on a free port, in a thread (several requests at once)."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    # requests still in flight finish before the tables are emptied
    server.daemon_threads, server.block_on_close = False, True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join(timeout=5)


@pytest.fixture
def statements(app):
    """The SQL statements the app sends, to show how many queries a request costs."""
    sent = []

    def remember(conn, cursor, statement, *args):
        sent.append(statement)

    event.listen(db.engine, "before_cursor_execute", remember)
    yield sent
    event.remove(db.engine, "before_cursor_execute", remember)
