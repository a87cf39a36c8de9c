"""Shared plumbing of the benchmarks: a throwaway PostGIS database and a gunicorn server."""

import contextlib
import os
import random
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = ROOT / ".venv" / "bin"
PG_ROLE = "meizhou_test"


def psql_admin(*sql, database="postgres"):
    """Run SQL as the postgres OS user over the local socket."""
    args = ["runuser", "-u", "postgres", "--", "psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", database]
    for statement in sql:
        args += ["-c", statement]
    subprocess.run(args, check=True, cwd="/tmp")


def postgis_url(name):
    return f"postgresql+psycopg://{PG_ROLE}:{PG_ROLE}@127.0.0.1:5432/{name}"


def postgis_exists(name):
    with psycopg.connect(libpq(postgis_url("postgres"))) as conn:
        return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone() is not None


def create_postgis(name):
    """A new PostGIS database owned by the benchmarks' role, migrated and seeded; returns its URL."""
    psql_admin(
        f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}') THEN "
        f"CREATE ROLE {PG_ROLE} LOGIN PASSWORD '{PG_ROLE}'; END IF; END$$",
        f"DROP DATABASE IF EXISTS {name}",
        f"CREATE DATABASE {name} OWNER {PG_ROLE}",
    )
    psql_admin("CREATE EXTENSION IF NOT EXISTS postgis", database=name)
    url = postgis_url(name)
    flask("db", "upgrade", url=url)
    flask("seed", url=url)
    return url


def drop_postgis(name):
    psql_admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def throwaway_postgis(name_prefix="meizhou_bench"):
    """A migrated, seeded PostGIS database, dropped afterwards; yields its URL."""
    name = f"{name_prefix}_{os.getpid()}"
    try:
        yield create_postgis(name)
    finally:
        drop_postgis(name)


def libpq(url):
    """The libpq form (psycopg) of a SQLAlchemy PostgreSQL URL."""
    return url.replace("postgresql+psycopg://", "postgresql://")


def flask(*args, url, stdin=None):
    env = os.environ | {"DATABASE_URL": url, "SPATIALITE_LIBRARY_PATH": "mod_spatialite"}
    subprocess.run(
        [str(VENV_BIN / "flask"), "--app", "wsgi", *args],
        check=True,
        cwd=ROOT,
        env=env,
        input=stdin,
        text=True,
        stdout=subprocess.DEVNULL,
    )


def create_account(url, username, role, unit, password="bench password 1"):
    flask("users", "create", username, "--role", role, "--unit", unit, url=url, stdin=password + "\n")
    return password


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(url, workers=2, env=None, config="gunicorn.conf.py"):
    """The production server, configured as scripts/run starts it (or by another config file), on a
    free loopback port, with env added to its environment; yields its base URL and process."""
    port = free_port()
    env = os.environ | {"DATABASE_URL": url, "SPATIALITE_LIBRARY_PATH": "mod_spatialite"} | (env or {})
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "--config",
            str(config),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "wsgi:app",
        ],
        cwd=ROOT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            with contextlib.suppress(requests.RequestException):
                if requests.get(f"{base}/healthz", timeout=10).ok:
                    break
            time.sleep(0.1)
        else:
            sys.exit("gunicorn did not start")
        yield base, process
    finally:
        process.terminate()
        process.wait(timeout=30)


def token(base, username, password):
    response = requests.post(f"{base}/api/v1/auth/tokens", json={"username": username, "password": password})
    response.raise_for_status()
    return {"Authorization": f"Bearer {response.json()['token']}"}


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def new_client_id():
    return str(uuid.uuid4())


def seeded_random(seed=20231):
    return random.Random(seed)
