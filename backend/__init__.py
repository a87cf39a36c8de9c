"""The Meizhou agricultural field-data service."""

import logging
from pathlib import Path

# pyproj and pyogrio bring their own PROJ/GDAL/SQLite libraries; imported after SpatiaLite is
# loaded they make the process crash at exit (free(): invalid pointer), so load them first.
import pyogrio  # noqa: F401
import pyproj  # noqa: F401
from flask import Flask

from backend import extensions
from backend.config import INSTANCE_DIR, Config

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def _end_session(_error):
    """Close the request's session. Closing rolls back, and on a connection the database
    dropped (a restart) that fails too: the answer is already made, so the session is only
    forgotten (its connection was invalidated) instead of turning the answer into a 500."""
    from sqlalchemy.exc import SQLAlchemyError

    try:
        extensions.db.session.remove()
    except SQLAlchemyError:
        logging.getLogger(__name__).warning("closing a session on a lost connection", exc_info=True)
        extensions.db.session.registry.clear()


def create_app(overrides=None):
    app = Flask(__name__, instance_path=str(INSTANCE_DIR))
    app.config.from_object(Config())
    app.config.update(overrides or {})
    INSTANCE_DIR.mkdir(exist_ok=True)
    if app.config["TRUSTED_PROXIES"] > 0:
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)

    from backend.json_provider import StrictJSONProvider

    app.json = StrictJSONProvider(app)

    from backend import replica, spatial

    spatial.configure_engine(app)
    replica.configure(app)
    extensions.db.init_app(app)
    spatial.setup_engine(app)
    # one session per request, closed with it, even where an app context outlives the
    # request (the CLI, tests): no transaction and no stale snapshot carries over
    app.teardown_request(_end_session)
    extensions.migrate.init_app(app, extensions.db, directory=str(MIGRATIONS_DIR))
    from backend import ids
    from backend.api.openapi import init_api

    init_api(extensions.api, app)
    ids.register(app, extensions.api)
    extensions.compress.init_app(app)

    from backend.api import register_blueprints

    register_blueprints(app, extensions.api)

    from backend.errors import register_error_handlers

    register_error_handlers(app)

    from backend.web import security, static_files

    security.init_app(app)
    static_files.init_app(app)

    from backend.cli import register_commands

    register_commands(app)
    return app
