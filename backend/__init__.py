"""The Meizhou agricultural field-data service."""
from pathlib import Path

# pyproj and pyogrio bring their own PROJ/GDAL/SQLite libraries; imported after SpatiaLite is
# loaded they make the process crash at exit (free(): invalid pointer), so load them first.
import pyogrio  # noqa: F401
import pyproj  # noqa: F401
from flask import Flask

from backend import extensions
from backend.config import INSTANCE_DIR, Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def create_app(overrides=None):
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.from_object(Config())
    app.config.update(overrides or {})
    INSTANCE_DIR.mkdir(exist_ok=True)

    from backend.json_provider import StrictJSONProvider
    app.json = StrictJSONProvider(app)

    from backend import spatial
    spatial.configure_engine(app)
    extensions.db.init_app(app)
    spatial.setup_engine(app)
    # one session per request, closed with it, even where an app context outlives the
    # request (the CLI, tests): no transaction and no stale snapshot carries over
    app.teardown_request(lambda _error: extensions.db.session.remove())
    extensions.migrate.init_app(app, extensions.db, directory=str(MIGRATIONS_DIR))
    extensions.api.init_app(app)
    from backend import ids
    ids.register(app, extensions.api)
    extensions.compress.init_app(app)

    from backend.api import register_blueprints
    register_blueprints(app, extensions.api)

    from backend.errors import register_error_handlers
    register_error_handlers(app)

    from backend.web import security
    security.init_app(app)

    from backend.cli import register_commands
    register_commands(app)
    return app
