"""The modules both web apps share (static/common/: the DOM builder, the one fetch wrapper,
the message catalogue worded by code, record flags in words), served as they are.

/collect bundles them into its page (frontend/build.mjs); the dashboard pages import them
as ES modules from here, at the URLs `module_urls()` puts into each page's config, so no
script writes the path. Served as the dashboard's own static files are (conditional
requests on ETag and Last-Modified)."""

from flask import Blueprint, url_for

MODULES = ("dom", "request", "messages", "flags")

blp = Blueprint("web_common", __name__, static_folder="static/common", static_url_path="/common")


def module_urls():
    """The URL of each shared module, by name, for a page's config."""
    return {name: url_for("web_common.static", filename=f"{name}.js") for name in MODULES}
