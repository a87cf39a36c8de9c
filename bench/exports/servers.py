"""The two servers compared: the service under gunicorn, and pygeoapi 0.24 (its own Python
≥ 3.12 virtual environment, made and filled here) on the same PostGIS table."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from bench.common import free_port  # noqa: F401  (bench.py takes ports from here)

ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "bench" / "out"
PYGEOAPI_VENV = OUT / "pygeoapi-venv"
PYGEOAPI_PYTHON = os.environ.get("PYGEOAPI_PYTHON", "/root/.pyenv/versions/3.12.1/bin/python")
PYGEOAPI_REQUIREMENTS = ("pygeoapi==0.24.*", "geoalchemy2", "psycopg2-binary", "gunicorn")
WORKERS = 2


def wait_until_up(url, timeout=120, headers=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            # a first request may be slow: pygeoapi reflects the table when first asked
            if requests.get(url, timeout=60, headers=headers).status_code < 500:
                return
        except requests.RequestException:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"{url} did not come up in {timeout} s")


class Server:
    """A gunicorn master we started, and its workers."""

    def __init__(self, command, env, cwd, log):
        self.log = open(log, "w")  # noqa: SIM115  (the server writes to it until stop())
        self.process = subprocess.Popen(command, env=env, cwd=cwd, stdout=self.log, stderr=subprocess.STDOUT)

    def workers(self):
        """PIDs of the master's children, read from /proc."""
        found = []
        for entry in Path("/proc").iterdir():
            if entry.name.isdigit():
                try:
                    stat = (entry / "stat").read_text()
                except OSError:
                    continue
                if int(stat.rsplit(")", 1)[1].split()[1]) == self.process.pid:
                    found.append(int(entry.name))
        return found

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.log.close()


def start_service(database_url, port):
    env = {**os.environ, "DATABASE_URL": database_url, "SPATIALITE_LIBRARY_PATH": "mod_spatialite"}
    # the production settings (gunicorn.conf.py), as scripts/run serves
    command = [
        str(ROOT / ".venv" / "bin" / "gunicorn"),
        "--config",
        "gunicorn.conf.py",
        "--workers",
        str(WORKERS),
        "--timeout",
        "600",
        "--bind",
        f"127.0.0.1:{port}",
        "wsgi:app",
    ]
    server = Server(command, env, ROOT, OUT / "service.log")
    wait_until_up(f"http://127.0.0.1:{port}/healthz")
    return server


def ensure_pygeoapi_venv():
    python = PYGEOAPI_VENV / "bin" / "python"
    probe = [str(python), "-c", "import pygeoapi, geoalchemy2, psycopg2; print(pygeoapi.__version__)"]
    if python.exists():
        done = subprocess.run(probe, capture_output=True, text=True)
        if done.returncode == 0 and done.stdout.startswith("0.24"):
            return
    print(
        f"creating {PYGEOAPI_VENV} with {PYGEOAPI_PYTHON} and installing {' '.join(PYGEOAPI_REQUIREMENTS)}",
        file=sys.stderr,
    )
    subprocess.run([PYGEOAPI_PYTHON, "-m", "venv", "--clear", str(PYGEOAPI_VENV)], check=True)
    subprocess.run([str(python), "-m", "pip", "install", "-q", *PYGEOAPI_REQUIREMENTS], check=True)
    subprocess.run(probe, check=True, capture_output=True)


def pygeoapi_config(port, db, properties):
    """pygeoapi's configuration: one collection, the records table, points as geometry."""
    url = f"http://127.0.0.1:{port}"
    return {
        "server": {
            "bind": {"host": "127.0.0.1", "port": port},
            "url": url,
            "mimetype": "application/json; charset=UTF-8",
            "encoding": "utf-8",
            "languages": ["en-US"],
            "limits": {"default_items": 100, "max_items": 10000},
            "map": {"url": "https://tile.openstreetmap.org/{z}/{x}/{y}.png", "attribution": "OSM"},
            "admin": False,
        },
        "logging": {"level": "ERROR"},
        "metadata": {
            "identification": {
                "title": "bench",
                "description": "bench",
                "keywords": ["bench"],
                "keywords_type": "theme",
                "terms_of_service": "https://example.org",
                "url": "https://example.org",
            },
            "license": {"name": "CC-BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"},
            "provider": {"name": "bench", "url": "https://example.org"},
            "contact": {
                "name": "bench",
                "position": "bench",
                "address": "-",
                "city": "-",
                "stateorprovince": "-",
                "postalcode": "-",
                "country": "-",
                "phone": "-",
                "fax": "-",
                "email": "bench@example.org",
                "url": "https://example.org",
                "hours": "-",
                "instructions": "-",
                "role": "pointOfContact",
            },
        },
        "resources": {
            "records": {
                "type": "collection",
                "title": "records",
                "description": "field records",
                "keywords": ["records"],
                "extents": {
                    "spatial": {
                        "bbox": [115.3, 23.3, 117.0, 25.0],
                        "crs": "http://www.opengis.net/def/crs/OGC/1.3/CRS84",
                    }
                },
                "providers": [
                    {
                        "type": "feature",
                        "name": "PostgreSQL",
                        "data": {
                            "host": db["host"],
                            "port": db["port"],
                            "dbname": db["dbname"],
                            "user": db["user"],
                            "password": db["password"],
                            "search_path": ["public"],
                        },
                        "id_field": "id",
                        "table": "records",
                        "geom_field": "location",
                        "properties": properties,
                    }
                ],
            },
        },
    }


def start_pygeoapi(port, db, properties):
    ensure_pygeoapi_venv()
    config = OUT / "pygeoapi-config.yml"
    openapi = OUT / "pygeoapi-openapi.yml"
    config.write_text(json.dumps(pygeoapi_config(port, db, properties), indent=2))  # JSON is YAML
    env = {**os.environ, "PYGEOAPI_CONFIG": str(config), "PYGEOAPI_OPENAPI": str(openapi)}
    env.pop("DATABASE_URL", None)
    bin_dir = PYGEOAPI_VENV / "bin"
    subprocess.run(
        [str(bin_dir / "pygeoapi"), "openapi", "generate", str(config), "--output-file", str(openapi)],
        env=env,
        check=True,
        capture_output=True,
    )
    command = [
        str(bin_dir / "gunicorn"),
        "--workers",
        str(WORKERS),
        "--timeout",
        "600",
        "--bind",
        f"127.0.0.1:{port}",
        "pygeoapi.flask_app:APP",
    ]
    server = Server(command, env, OUT, OUT / "pygeoapi.log")
    wait_until_up(f"http://127.0.0.1:{port}/collections/records?f=json")
    return server
