"""Configuration, read once from the environment (the README lists every variable)."""

import os
from pathlib import Path

INSTANCE_DIR = Path(__file__).resolve().parent.parent / "instance"


def _int(name, default):
    return int(os.environ.get(name, default))


def _float(name, default):
    return float(os.environ.get(name, default))


def _bool(name, default):
    return os.environ.get(name, str(default)).strip().lower() in ("1", "true", "yes", "on")


def _instance_secret():
    """A key kept in instance/, so every worker and every restart signs cookies alike."""
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        INSTANCE_DIR.mkdir(exist_ok=True)
        draft = path.with_name(f"secret_key.{os.getpid()}")
        draft.write_text(os.urandom(32).hex())
        draft.chmod(0o600)
        try:  # link is atomic: workers starting together all end up with the first key
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text().strip()


class Config:
    """Every setting, grouped by what it is about; a new setting goes into its group with
    the environment variable it is read from (and a line in the README)."""

    def __init__(self):
        self._database()
        self._request_limits()
        self._sign_in()
        self._serving()
        self._photos()
        self._exports()
        self._replica()
        self._openapi()

    def _database(self):
        self.SQLALCHEMY_DATABASE_URI = os.environ.get("DATABASE_URL", f"sqlite:///{INSTANCE_DIR / 'meizhou.sqlite'}")
        self.SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}

    def _request_limits(self):
        # Request bodies above this are answered 413 before anything is parsed.
        self.MAX_CONTENT_LENGTH = _int("MAX_BODY_BYTES", 2 * 1024 * 1024)
        self.BATCH_MAX_RECORDS = _int("BATCH_MAX_RECORDS", 500)
        # ledger imports (POST /api/v1/imports): the upload, what an XLSX may unpack to
        # (a zip bomb is refused before it is opened), and rows per file
        self.IMPORT_MAX_BYTES = _int("IMPORT_MAX_BYTES", 50 * 1024 * 1024)
        self.IMPORT_MAX_UNZIPPED_BYTES = _int("IMPORT_MAX_UNZIPPED_BYTES", 500 * 1024 * 1024)
        self.IMPORT_MAX_ROWS = _int("IMPORT_MAX_ROWS", 200_000)
        self.PLOT_MAX_VERTICES = _int("PLOT_MAX_VERTICES", 10_000)
        self.BOUNDARY_TOLERANCE_M = _float("BOUNDARY_TOLERANCE_M", 500)
        self.AREA_MISMATCH_RATIO = _float("AREA_MISMATCH_RATIO", 0.10)

    def _sign_in(self):
        self.SECRET_KEY = os.environ.get("SECRET_KEY") or _instance_secret()
        self.TOKEN_TTL_HOURS = _float("TOKEN_TTL_HOURS", 12)
        # Sign-in throttling (backend/auth/throttle.py): counters forgotten after
        # LOGIN_WINDOW_S without a failure; a refusal per (address, username) pair and per
        # address (high: an office shares one), a growing delay per username.
        self.LOGIN_WINDOW_S = _int("LOGIN_WINDOW_S", 900)
        self.LOGIN_MAX_FAILS_PER_PAIR = _int("LOGIN_MAX_FAILS_PER_PAIR", 5)
        self.LOGIN_MAX_FAILS_PER_ADDRESS = _int("LOGIN_MAX_FAILS_PER_ADDRESS", 100)
        self.LOGIN_MAX_FAILS_PER_USER = _int("LOGIN_MAX_FAILS_PER_USER", 5)
        self.LOGIN_USER_DELAY_MAX_S = _int("LOGIN_USER_DELAY_MAX_S", 60)

    def _serving(self):
        """How the service meets its clients: proxies, OGC readers, cookies, pages, compression."""
        # how many reverse proxies in front of the app to trust for X-Forwarded-For/-Proto
        # (werkzeug's ProxyFix); 0: the socket's address is the client's
        self.TRUSTED_PROXIES = _int("TRUSTED_PROXIES", 0)
        self.OGC_ANONYMOUS = _bool("OGC_ANONYMOUS", False)
        # records pending longer than this are listed in the dashboard's reminders
        self.REVIEW_REMINDER_DAYS = _int("REVIEW_REMINDER_DAYS", 7)
        # web pages sign in with a cookie: HTTP-only, same-site, Secure behind HTTPS
        self.SESSION_COOKIE_HTTPONLY = True
        self.SESSION_COOKIE_SAMESITE = "Strict"
        self.SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
        self.PERMANENT_SESSION_LIFETIME = int(self.TOKEN_TTL_HOURS * 3600)
        # the mobile form warns when the phone's GPS accuracy is worse than this
        self.GPS_WARN_ACCURACY_M = _float("GPS_WARN_ACCURACY_M", 50)
        self.COMPRESS_STREAMS = False
        self.COMPRESS_MIMETYPES = [
            "text/html",
            "text/css",
            "text/csv",
            "text/javascript",
            "application/javascript",
            "application/json",
            "application/problem+json",
            "application/geo+json",
            "application/manifest+json",
            "image/svg+xml",
        ]
        # basemap tiles for the web pages, e.g. Tianditu with a key; empty = no basemap
        self.BASEMAP_URL = os.environ.get("BASEMAP_URL", "")
        self.BASEMAP_ATTRIBUTION = os.environ.get("BASEMAP_ATTRIBUTION", "")

    def _photos(self):
        # photos of records (DESIGN.md section 9); the upload route has its own body limit
        self.ATTACHMENT_MAX_BYTES = _int("ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)
        self.ATTACHMENT_MAX_COUNT = _int("ATTACHMENT_MAX_COUNT", 10)
        # larger images are refused before decoding (decompression bombs); 50 Mpx > any phone
        self.ATTACHMENT_MAX_PIXELS = _int("ATTACHMENT_MAX_PIXELS", 50_000_000)
        self.ATTACHMENT_STORAGE = os.environ.get("ATTACHMENT_STORAGE", "db")  # db or fs
        self.ATTACHMENT_DIR = os.environ.get("ATTACHMENT_DIR", str(INSTANCE_DIR / "attachments"))
        self.PHOTO_MAX_DISTANCE_M = _float("PHOTO_MAX_DISTANCE_M", 500)
        self.PHOTO_MAX_DAYS = _int("PHOTO_MAX_DAYS", 31)
        # the mobile form downscales photos to this longest side before sending (0: never)
        self.PHOTO_MAX_SIDE_PX = _int("PHOTO_MAX_SIDE_PX", 2048)

    def _exports(self):
        # exports of more records than this (or async=true) become jobs for a worker process
        self.EXPORT_ASYNC_MIN_RECORDS = _int("EXPORT_ASYNC_MIN_RECORDS", 50_000)
        self.EXPORT_JOB_TTL_HOURS = _float("EXPORT_JOB_TTL_HOURS", 24)
        self.EXPORT_JOB_DIR = os.environ.get("EXPORT_JOB_DIR", str(INSTANCE_DIR / "exports"))
        # a running job whose worker has not reported for this long is taken over
        self.EXPORT_JOB_LEASE_S = _float("EXPORT_JOB_LEASE_S", 60)
        # the same user asking the same export within this time gets the same job
        self.EXPORT_JOB_REUSE_S = _float("EXPORT_JOB_REUSE_S", 300)

    def _replica(self):
        # a PostgreSQL streaming replica for reads that may lag (summaries, lists, exports, OGC)
        self.DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
        self.REPLICA_MAX_LAG_S = _float("REPLICA_MAX_LAG_S", 30)
        self.REPLICA_CHECK_S = _float("REPLICA_CHECK_S", 5)
        self.REPLICA_CONNECT_TIMEOUT_S = _float("REPLICA_CONNECT_TIMEOUT_S", 2)

    def _openapi(self):
        # flask-smorest / OpenAPI
        self.API_TITLE = "Meizhou agricultural field-data service"
        self.API_VERSION = "v1"
        self.OPENAPI_VERSION = "3.0.3"
        self.OPENAPI_URL_PREFIX = "/api/v1"
        self.OPENAPI_JSON_PATH = "openapi.json"
        self.OPENAPI_SWAGGER_UI_PATH = "docs"
        self.OPENAPI_SWAGGER_UI_URL = "/vendor/swagger-ui-dist/"  # from npm, no CDN
