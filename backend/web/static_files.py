"""The dashboard pages' modules (static/dashboard/) and the modules both web apps share
(static/common/) served in front of the Flask app, at the URLs of their blueprints'
static routes (url_for builds them; this answers them).

A first load of the dashboard asks for some twenty modules while the map's records are
being written by the same worker processes. Through the app each costs a request context,
the app's hooks and a session teardown, and together they slowed the records answer, so
the page's first load, by about a tenth (bench/dashboard). Here each is a file lookup,
with the same answer as the app gave: ETag and Last-Modified for conditional requests,
Cache-Control: no-cache, nosniff; anything but a GET goes on to the app."""

import re

from werkzeug.middleware.shared_data import SharedDataMiddleware

# blueprint static endpoints served here
ENDPOINTS = ("dashboard.static", "web_common.static")


def _no_cache(start_response):
    def start(status, headers, exc_info=None):
        kept = [(name, value) for name, value in headers if name.lower() not in ("cache-control", "expires")]
        kept += [("Cache-Control", "no-cache"), ("X-Content-Type-Options", "nosniff")]
        return start_response(status, kept, exc_info)

    return start


def init_app(app):
    exports = {}
    for endpoint in ENDPOINTS:
        rule = next(app.url_map.iter_rules(endpoint))
        folder = app.blueprints[endpoint.split(".")[0]].static_folder
        exports[re.sub(r"/<[^>]+>$", "", rule.rule)] = folder
    files = SharedDataMiddleware(app.wsgi_app, exports, cache=True, cache_timeout=0)
    inner = app.wsgi_app
    prefixes = tuple(prefix + "/" for prefix in exports)

    def serve(environ, start_response):
        if environ["REQUEST_METHOD"] == "GET" and environ.get("PATH_INFO", "").startswith(prefixes):
            return files(environ, _no_cache(start_response))  # (a missing file: the app's 404)
        return inner(environ, start_response)

    app.wsgi_app = serve
