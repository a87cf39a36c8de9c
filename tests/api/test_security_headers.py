"""Pages and exports (issue 11 item 7): security headers on every HTML page, scripts only
from the service, the session cookie Secure over HTTPS, spreadsheet formulas neutralised,
KML and the dashboard's records streamed."""

import csv
import gzip
import io
import json
import re
import xml.dom.minidom

import pyogrio.raw
import pytest
from openpyxl import load_workbook

from backend.extensions import db
from backend.models import Unit
from tests.conftest import PASSWORD
from tests.factories import create_record, record

PAGES = [
    "/dashboard",
    "/dashboard?lang=en",
    "/collect",
    "/ogc?f=html",
    "/ogc/collections?f=html",
    "/ogc/collections/film_recovery/items?f=html",
    "/api/v1/docs",
]


def _directives(policy):
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


@pytest.mark.parametrize("signed_in", [False, True], ids=["anonymous", "signed in"])
@pytest.mark.parametrize("path", PAGES)
def test_every_html_page_sends_the_security_headers(client, app, reviewer, path, signed_in):
    app.config["OGC_ANONYMOUS"] = True
    if signed_in:
        signed = client.post("/web/session", json={"username": reviewer.username, "password": PASSWORD})
        assert signed.status_code == 201
    response = client.get(path, headers=reviewer.headers if signed_in and path.startswith("/ogc") else {})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer", "strict-origin-when-cross-origin")
    policy = _directives(response.headers["Content-Security-Policy"])
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    scripts = policy["script-src"]
    assert scripts[0] == "'self'" and all(s.startswith("'sha256-") for s in scripts[1:])  # no 'unsafe-inline', no host
    html = response.get_data(as_text=True)
    inline = [m for m in re.findall(r"<script(?![^>]*\bsrc=)([^>]*)>", html) if "application/json" not in m]
    if path == "/collect":  # its inline blocks are allowed by their hashes, and only those
        assert len(inline) == len(scripts) - 1
    else:
        assert inline == []
    assert not re.search(r"\son[a-z]+=\"", html)  # no inline event handlers either


def test_the_docs_page_loads_its_scripts_from_the_service(client):
    html = client.get("/api/v1/docs").get_data(as_text=True)
    sources = re.findall(r'<script[^>]*src="([^"]+)"', html)
    assert sources and all(src.startswith("/") for src in sources)
    for src in sources:
        assert client.get(src).status_code == 200, src
    settings = json.loads(re.search(r'id="swagger-settings">([^<]+)<', html).group(1))
    assert settings["url"].endswith("/openapi.json")


def test_json_answers_are_not_sniffed(client):
    assert client.get("/api/v1/indicators").headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("base_url,secure", [("https://localhost", True), ("http://localhost", False)])
def test_the_session_cookie_is_secure_over_https(client, reviewer, base_url, secure):
    response = client.post(
        "/web/session", json={"username": reviewer.username, "password": PASSWORD}, base_url=base_url
    )
    assert response.status_code == 201
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    assert ("; Secure" in cookie) == secure
    assert "HttpOnly" in cookie and "SameSite=Strict" in cookie
    language = client.get("/dashboard?lang=en", base_url=base_url)
    [lang_cookie] = [c for c in language.headers.getlist("Set-Cookie") if c.startswith("dashboard_lang=")]
    assert ("; Secure" in lang_cookie) == secure


# --- spreadsheet formulas ------------------------------------------------------------------

FORMULAS = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tTAB", "\rCR"]


def _straw(crop):
    return record("straw_utilization", values={"straw_collectable_t": 10, "straw_utilized_t": 5, "crop": crop})


@pytest.mark.parametrize("text", FORMULAS)
def test_csv_export_cells_never_start_a_formula(client, officer, reviewer, text):
    create_record(client, officer, _straw(text))
    response = client.get("/api/v1/exports/records?format=csv&status=all", headers=reviewer.headers)
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert row["crop"] == "'" + text
    assert row["numerator"] == "5.0"  # numbers are numbers, untouched


def test_safe_text_is_left_as_it_is(client, officer, reviewer):
    create_record(client, officer, _straw("a=b, 1-2 @home"))
    response = client.get("/api/v1/exports/records?format=csv&status=all", headers=reviewer.headers)
    [row] = list(csv.DictReader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert row["crop"] == "a=b, 1-2 @home"


@pytest.fixture
def town_named_like_a_formula(app):
    town = db.session.get(Unit, "441402102")
    original, town.name = town.name, "=cmd|' /C calc'!A0"
    db.session.commit()
    yield town.name
    town = db.session.get(Unit, "441402102")
    town.name = original
    db.session.commit()


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_summary_downloads_never_start_a_formula(client, officer, reviewer, town_named_like_a_formula, fmt):
    create_record(client, officer, record())
    response = client.get(
        "/api/v1/summaries",
        headers=reviewer.headers,
        query_string={"level": "town", "unit_code": "441402", "year": 2025, "status": "all", "format": fmt},
    )
    assert response.status_code == 200
    if fmt == "csv":
        cells = [cell for row in csv.reader(io.StringIO(response.get_data().decode("utf-8-sig"))) for cell in row]
    else:
        sheet = load_workbook(io.BytesIO(response.data)).active
        cells = [cell.value for row in sheet.iter_rows() for cell in row]
        assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)
    assert "'" + town_named_like_a_formula in cells
    assert not any(isinstance(c, str) and c.startswith(("=", "+", "@")) for c in cells)


# --- streamed answers ----------------------------------------------------------------------


def test_kml_streams_from_the_database(client, officer, reviewer, tmp_path):
    create_record(client, officer, _straw("<b>&'\"\x01</b>"))
    response = client.get("/api/v1/exports/records?format=kml&status=all", headers=reviewer.headers, buffered=False)
    assert response.status_code == 200 and response.is_streamed
    data = b"".join(response.response)
    response.close()
    path = tmp_path / "out.kml"
    path.write_bytes(data)
    xml.dom.minidom.parseString(data)  # well-formed, whatever the text holds
    meta, _fids, _wkb, values = pyogrio.raw.read(path)
    assert list(dict(zip(meta["fields"], values))["crop"]) == ["<b>&'\"</b>"]


@pytest.mark.parametrize("encoding", ["gzip", "identity"])
def test_the_dashboard_records_stream(client, officer, reviewer, encoding):
    for _ in range(3):
        create_record(client, officer, record())
    assert client.post("/web/session", json={"username": reviewer.username, "password": PASSWORD}).status_code == 201
    response = client.get(
        "/api/v1/dashboard/records?unit=441402", headers={"Accept-Encoding": encoding}, buffered=False
    )
    assert response.status_code == 200 and response.is_streamed
    data = b"".join(response.response)
    response.close()
    if encoding == "gzip":
        assert response.headers["Content-Encoding"] == "gzip"
        data = gzip.decompress(data)
    collection = json.loads(data)
    assert len(collection["features"]) == 3
    assert collection["features"][0]["geometry"]["coordinates"] == [116.1177, 24.2991]
