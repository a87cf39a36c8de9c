"""Security headers of every HTML page (DESIGN.md section 9) and the session cookie's
Secure flag: scripts only from the service itself, no framing, no sniffing, no referrer
beyond the site. One policy builder; /collect adds the hashes of its inline blocks."""

from urllib.parse import urlsplit

from flask import current_app, request
from flask.sessions import SecureCookieSessionInterface

HTML_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",  # frame-ancestors for browsers that predate CSP 2
}


def tile_source(url):
    """The origin of the basemap's tiles for the CSP. A templated leftmost label ({s} of
    t{s}.example.com) becomes the wildcard *.example.com; anything odder, any https host."""
    if not url:
        return None
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    labels = host.split(".")
    if labels and "{" in labels[0]:
        labels[0] = "*"
    if parts.scheme not in ("http", "https") or any("{" in label for label in labels):
        return "https:"
    return f"{parts.scheme}://{'.'.join(labels)}"


def content_security_policy(*, scripts=(), styles=("'unsafe-inline'",), images=()):
    """Scripts from the service (plus the given hashes); styles from the service plus
    `styles` (Leaflet, ECharts and Swagger UI set style attributes); the basemap's tiles."""
    tiles = tile_source(current_app.config.get("BASEMAP_URL", ""))
    return "; ".join(
        (
            "default-src 'self'",
            " ".join(("script-src 'self'", *scripts)),
            " ".join(("style-src 'self'", *styles)),
            " ".join(("img-src 'self' data: blob:", *images, *([tiles] if tiles else []))),
            "connect-src 'self'",
            "worker-src 'self'",
            "manifest-src 'self'",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


def add_security_headers(response):
    """after_request: every HTML answer gets the headers; a page's own policy is kept."""
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if response.mimetype == "text/html":
        for name, value in HTML_HEADERS.items():
            response.headers.setdefault(name, value)
        response.headers.setdefault("Content-Security-Policy", content_security_policy())
    return response


def secure_cookies():
    """Cookies are Secure when configured so, or when this request came over HTTPS (with
    TRUSTED_PROXIES set, ProxyFix makes X-Forwarded-Proto count)."""
    return current_app.config["SESSION_COOKIE_SECURE"] or request.is_secure


class SessionInterface(SecureCookieSessionInterface):
    def get_cookie_secure(self, app):
        return secure_cookies()


def init_app(app):
    app.session_interface = SessionInterface()
    app.after_request(add_security_headers)
