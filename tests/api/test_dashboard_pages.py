"""What the dashboard pages are handed (issue #12): every URL their scripts call comes in
the page's config and names a route of the service; the modules shared with /collect are
served from /common/ as the dashboard's own static files are."""

import json
import re

import pytest
from werkzeug.exceptions import MethodNotAllowed, NotFound

from tests.conftest import PASSWORD

CONFIG = re.compile(r'<script type="application/json" id="dashboard-config">(.*?)</script>', re.S)
PAGES = ["/dashboard", "/dashboard/imports", "/dashboard/accounts", "/dashboard/plans", "/dashboard/boundaries",
         "/dashboard/audit", "/dashboard/reminders", "/dashboard/password"]  # fmt: skip


def _config(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return json.loads(CONFIG.search(response.get_data(as_text=True)).group(1))


def _routes(app, url):
    """The endpoint a URL of a config reaches ({name} of a template filled in)."""
    path = re.sub(r"\{\w+\}", "1", url.split("?")[0])
    try:
        return app.url_map.bind("localhost").match(path, method="GET")[0]
    except MethodNotAllowed:  # a route for writes only (POST /api/v1/exports)
        return path
    except NotFound:
        return None


@pytest.fixture
def signed_in(client, admin):
    assert client.post("/web/session", json={"username": admin.username, "password": PASSWORD}).status_code == 201
    return client


@pytest.mark.parametrize("path", PAGES)
def test_every_url_a_page_is_handed_is_a_route(app, signed_in, path):
    config = _config(signed_in, path)
    urls = {**config.get("urls", {}), **config.get("modules", {})}
    assert urls, path
    assert {name: url for name, url in urls.items() if _routes(app, url) is None} == {}
    assert set(config["modules"]) == {"dom", "request", "messages", "flags"}
    assert "validation_failed" in config["catalogue"]["messages"]  # the catalogue that words problems


def test_the_shared_modules_are_served_like_the_dashboards_own(signed_in):
    config = _config(signed_in, "/dashboard")
    for url in config["modules"].values():
        response = signed_in.get(url)
        own = signed_in.get("/dashboard/static/dashboard.js")
        assert response.status_code == 200 and response.mimetype == "text/javascript", url
        assert response.headers["Cache-Control"] == own.headers["Cache-Control"]
        assert "export " in response.get_data(as_text=True)  # an ES module
        again = signed_in.get(url, headers={"If-None-Match": response.headers["ETag"]})
        assert again.status_code == 304
    assert signed_in.get("/common/nothing.js").status_code == 404


def test_a_reviewer_is_handed_its_county_and_its_rules(client, reviewer):
    assert client.post("/web/session", json={"username": reviewer.username, "password": PASSWORD}).status_code == 201
    config = _config(client, "/dashboard")
    assert config["unitFilter"] == {"county_code": "441402"}
    assert config["summaryLevels"] == ["town"] and config["hasTowns"] is True
    assert config["capabilities"]["review"] is True and config["capabilities"]["cityWide"] is False
    assert config["urls"]["review"] == "/api/v1/records/{record_id}/review"
    assert config["displays"]["percent"]["scale"] == 100
    accounts = _config(client, "/dashboard/accounts")
    assert accounts["roles"] == ["town_officer"] and accounts["levelOfRole"]["town_officer"] == "town"
    assert accounts["urls"]["units"] == "/api/v1/units?parent_code=441402"
    assert accounts["urls"]["user"] == "/api/v1/users/{username}"
