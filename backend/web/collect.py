"""/collect: the town officer's mobile form, an installable offline-first web app.

The page is one HTML document that carries everything its first screen needs: the
stylesheet, the app's script (ES modules in static/collect/ and static/common/, bundled by
frontend/build.mjs into one ES2017 script, frontend/dist/collect.js, written into the page),
the indicator registry and the settings, URLs included. On a slow-3G
link every request costs seconds of latency, and a phone opens 6 connections per host, so
one response instead of eleven is what gets the form usable in under 5 s; after that the
service worker (scope /collect) serves it from the phone, refreshed in the background
with a conditional request (304 when unchanged). Leaflet is fetched only when a form opens
(and cached by the service worker for offline use); icons and the manifest are separate.

Because the page carries inline scripts, it is served with a Content-Security-Policy that
allows exactly those scripts (by their SHA-256) and nothing else inline.

Records are queued on the phone (IndexedDB) and sent to POST /api/v1/records/batch; the
page signs in with the session cookie of /web/session and never stores a credential.
"""

import base64
import gzip
import hashlib
import json
from pathlib import Path

from flask import Blueprint, Response, current_app, redirect, render_template, request, url_for

from backend.web.security import content_security_policy
from domain.indicators import INDICATORS
from domain.messages import PATTERN_NAMES, catalogue
from schemas.indicators import IndicatorSchema

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static" / "collect"
FRONTEND = HERE.parent.parent / "frontend"
LEAFLET = FRONTEND / "node_modules" / "leaflet" / "dist"
# the app's modules bundled (scripts/lib.sh ensure_frontend builds it; git-ignored)
BUNDLE = FRONTEND / "dist" / "collect.js"
STYLES = ("app.css",)
# what the service worker keeps for offline use besides the shell
OFFLINE_ICONS = ("icon.svg",)  # the page's own icon; the PNGs are the installer's business
VENDOR = ("/vendor/leaflet/leaflet.js", "/vendor/leaflet/leaflet.css")
COMPRESSIBLE = (".js", ".css", ".svg", ".json", ".webmanifest", ".html")
TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
}
YEAR = 365 * 24 * 3600

blp = Blueprint("collect", __name__, url_prefix="/collect", template_folder="templates")


def _csp_hash(text):
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


class _Assets:
    """The app's files in memory: raw and gzipped, the inline blocks of the page with their
    CSP hashes, and the version (a hash of everything, Leaflet's size included).

    Reloaded when a file changes (a stat per request), so editing a file during
    development needs no restart; in production the files never change."""

    def __init__(self):
        self.stamp = None
        self.files, self.scripts, self.styles, self.hashes = {}, [], [], {}
        self.version = ""
        self.pages = {}  # rendered shells by settings, raw and gzipped

    def _stamp(self):
        paths = sorted(STATIC.iterdir()) + [BUNDLE, LEAFLET / "leaflet.js", LEAFLET / "leaflet.css"]
        stats = ((p.name, p.stat()) for p in paths if p.is_file())
        return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)

    @staticmethod
    def _leaflet_stamp():
        # without `npm ci` the page still works (forms, GPS); the map says it is unavailable
        return b"".join(
            p.name.encode() + str(p.stat().st_size).encode()
            for p in (LEAFLET / "leaflet.js", LEAFLET / "leaflet.css")
            if p.is_file()
        )

    def current(self):
        stamp = self._stamp()
        if stamp != self.stamp:
            files, digest = {}, hashlib.sha256()
            for path in sorted(STATIC.iterdir()):
                if path.is_file():
                    data = path.read_bytes()
                    zipped = gzip.compress(data, 9, mtime=0) if path.suffix in COMPRESSIBLE else None
                    files[path.name] = (data, zipped)
                    digest.update(path.name.encode() + b"\0" + data)
            bundle = require_bundle().read_text(encoding="utf-8")
            digest.update(b"bundle\0" + bundle.encode())
            digest.update(self._leaflet_stamp())  # a new Leaflet must reach phones that cached the old
            scripts = [self._block(BUNDLE.name, bundle)]
            styles = [self._block(name, files[name][0].decode()) for name in STYLES]
            self.hashes = {"script": [_csp_hash(s) for s in scripts], "style": [_csp_hash(s) for s in styles]}
            self.files, self.scripts, self.styles = files, scripts, styles
            self.version, self.stamp, self.pages = digest.hexdigest()[:12], stamp, {}
        return self

    @staticmethod
    def _block(name, text):
        # an inline block ends at the first "</script" or "</style": none may occur inside
        if "</script" in text.lower() or "</style" in text.lower():
            raise ValueError(f"{name} contains a closing tag and cannot be inlined")
        return f"\n/* {name} */\n{text}"


_assets = _Assets()


def require_bundle():
    """The bundled app script; without it the page would be an empty shell, so its absence
    stops the service at startup instead."""
    if not BUNDLE.is_file():
        raise RuntimeError(
            f"/collect needs its script bundle {BUNDLE}, which is missing: build it with "
            "`node frontend/build.mjs` (scripts/lib.sh ensure_frontend does, after npm ci)"
        )
    return BUNDLE


@blp.record_once
def _check_bundle(state):
    require_bundle()


def _accepts_gzip():
    return "gzip" in request.headers.get("Accept-Encoding", "").lower()


def _send(data, mimetype, *, cache_control, zipped=None, etag=None):
    """A response, gzipped when the client accepts it and the body is worth it."""
    if zipped is None and len(data) > 512 and any(t in mimetype for t in ("text", "json", "javascript")):
        zipped = gzip.compress(data, 6, mtime=0)
    use_gzip = zipped is not None and _accepts_gzip()
    response = Response(zipped if use_gzip else data, mimetype=mimetype)
    response.headers["Cache-Control"] = cache_control
    response.headers["X-Content-Type-Options"] = "nosniff"
    if zipped is not None:
        response.headers["Vary"] = "Accept-Encoding"
    if use_gzip:
        response.headers["Content-Encoding"] = "gzip"
    if etag:
        response.set_etag(etag + ("-gz" if use_gzip else ""))
        response.make_conditional(request)
    return response


def registry():
    """GET /api/v1/indicators' answer, which the forms are built from."""
    return IndicatorSchema(many=True).dump(INDICATORS.values())


def _url_template(endpoint, **names):
    """url_for with a {placeholder} for each named argument, which the page fills in
    (static/collect/settings.js url()). Each argument is built with a marker that survives
    its converter (digits for ids), then the marker is replaced by the placeholder."""
    markers = {name: str(1_987_654_301 + i) for i, name in enumerate(names)}
    values = {name: int(marker) if names[name] == "id" else marker for name, marker in markers.items()}
    built = url_for(endpoint, **values)
    for name, marker in markers.items():
        built = built.replace(marker, "{" + name + "}")
    return built


def page_urls():
    """Every URL the page's scripts call, so no script writes an address of its own."""
    return {
        "session": url_for("web_session.read_session"),
        "password": url_for("auth.Password"),
        "units": url_for("units.Units"),
        "unit": _url_template("units.UnitByCode", code="str"),
        "records": url_for("records.Records"),
        "batch": url_for("records.Batch"),
        "record": _url_template("records.RecordById", record_id="id"),
        "attachment": _url_template("attachments.AttachmentById", record_id="id", attachment_id="str"),
    }


def page_settings(assets):
    """What the page needs before its first screen: the registry and the settings.

    The registry is GET /api/v1/indicators' own answer (the same schema), embedded so a
    phone on a slow link draws the forms without another round trip, and offline."""
    return {
        "version": assets.version,
        "indicators": registry(),
        "gps_warn_accuracy_m": current_app.config["GPS_WARN_ACCURACY_M"],
        "basemap_url": current_app.config.get("BASEMAP_URL", ""),
        "basemap_attribution": current_app.config.get("BASEMAP_ATTRIBUTION", ""),
        "batch_max_records": current_app.config.get("BATCH_MAX_RECORDS", 500),
        "photo_max_side_px": current_app.config.get("PHOTO_MAX_SIDE_PX", 2048),
        "leaflet": {"js": VENDOR[0], "css": VENDOR[1]},
        "sw_url": url_for("collect.service_worker"),
        "urls": page_urls(),
        "sw_scope": url_for("collect.page"),
        # GET /api/v1/messages' catalogue: the form words its own checks, and translates the
        # server's, by code, offline too
        "messages": {"messages": catalogue(), "patterns": PATTERN_NAMES},
    }


def _static_url(name, version):
    return url_for("collect.static_file", filename=name, v=version)


def _policy(assets):
    # the page's inline blocks are the service's own, pinned by their hashes
    return content_security_policy(scripts=assets.hashes["script"], styles=assets.hashes["style"])


@blp.get("")
def page():
    assets = _assets.current()
    settings = page_settings(assets)
    key = json.dumps(settings, sort_keys=True)
    if key not in assets.pages:
        version = settings["version"]
        html = render_template(
            "collect/index.html",
            settings=settings,
            scripts=assets.scripts,
            styles=assets.styles,
            icon=_static_url("icon.svg", version),
            touch_icon=_static_url("icon-192.png", version),
        ).encode()
        if len(assets.pages) > 16:  # settings change rarely; never grow without bound
            assets.pages.clear()
        assets.pages[key] = (html, gzip.compress(html, 9, mtime=0), hashlib.sha256(html).hexdigest()[:20])
    html, zipped, etag = assets.pages[key]
    response = _send(html, "text/html; charset=utf-8", cache_control="no-cache", zipped=zipped, etag=etag)
    # the service worker keeps only a shell of its own version (see sw.js)
    response.headers["X-Collect-Version"] = settings["version"]
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers["Content-Security-Policy"] = _policy(assets)
    return response


@blp.get("/")
def page_with_slash():
    return redirect(url_for("collect.page"), 308)


@blp.get("/static/<path:filename>")
def static_file(filename):
    assets = _assets.current()
    if filename not in assets.files:
        return Response("Not found", 404, mimetype="text/plain")
    data, zipped = assets.files[filename]
    mimetype = TYPES.get(Path(filename).suffix, "application/octet-stream")
    # versioned URLs never change; an unversioned one is checked every time
    versioned = request.args.get("v") == assets.version
    cache = f"public, max-age={YEAR}, immutable" if versioned else "no-cache"
    return _send(data, mimetype, cache_control=cache, zipped=zipped, etag=f"{assets.version}-{filename}")


@blp.get("/manifest.webmanifest")
def manifest():
    version = _assets.current().version
    body = {
        "name": "梅州农业数据采集",
        "short_name": "数据采集",
        "description": "镇农业农村办现场数据采集（离线可用）",
        "lang": "zh-CN",
        "start_url": url_for("collect.page"),
        "scope": url_for("collect.page"),
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#ffffff",
        "theme_color": "#1b5e20",
        "icons": [
            {"src": _static_url("icon-192.png", version), "sizes": "192x192", "type": "image/png"},
            {"src": _static_url("icon-512.png", version), "sizes": "512x512", "type": "image/png"},
            {
                "src": _static_url("icon-maskable-512.png", version),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
            {"src": _static_url("icon.svg", version), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    data = json.dumps(body, ensure_ascii=False).encode()
    return _send(data, "application/manifest+json", cache_control="no-cache")


@blp.get("/sw.js")
def service_worker():
    assets = _assets.current()
    version = assets.version
    precache = [url_for("collect.page"), url_for("collect.manifest")]
    precache += [_static_url(n, version) for n in OFFLINE_ICONS]
    precache += list(VENDOR)
    script = render_template(
        "collect/sw.js", version=version, precache=precache, shell=url_for("collect.page")
    ).encode()
    response = _send(script, "text/javascript; charset=utf-8", cache_control="no-cache")
    # the script lives at /collect/sw.js but controls /collect itself (no trailing slash)
    response.headers["Service-Worker-Allowed"] = url_for("collect.page")
    return response
