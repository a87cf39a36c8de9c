"""Front-end libraries, installed from npm with a lock file (frontend/), served by the service
itself: the pages work on a network without internet access and load nothing from a CDN."""

from pathlib import Path

from flask import Blueprint, abort, send_from_directory

NODE_MODULES = Path(__file__).resolve().parent.parent.parent / "frontend" / "node_modules"
# only the distribution folders of the packages the pages use are reachable
PUBLISHED = {
    "leaflet": "dist",
    "swagger-ui-dist": "",
    "echarts": "dist",
}

blp = Blueprint("vendor", __name__, url_prefix="/vendor")


@blp.get("/<package>/<path:filename>")
def vendor_file(package, filename):
    if package not in PUBLISHED:
        abort(404)
    folder = NODE_MODULES / package / PUBLISHED[package]
    response = send_from_directory(folder, filename, max_age=7 * 24 * 3600)
    if response.status_code == 200:
        # read the file into the response so that Flask-Compress, which leaves streamed
        # responses alone, compresses it (leaflet.js: 145 KB → 42 KB on a phone's link)
        response.direct_passthrough = False
        response.set_data(response.get_data())
    return response
