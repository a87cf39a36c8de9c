import gzip


def test_swagger_ui_is_served_without_a_cdn(browser, live_server, screenshot):
    page = browser.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server) else None)
    page.goto(f"{live_server}/api/v1/docs")
    page.wait_for_selector("text=Field records")
    screenshot(page, "docs")
    assert outside == []


def test_front_end_libraries_are_served_compressed(client):
    response = client.get("/vendor/leaflet/leaflet.js", headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.headers["Content-Encoding"] == "gzip"
    assert b"leaflet" in gzip.decompress(response.get_data()).lower()
    assert client.get("/vendor/leaflet/../../package.json").status_code == 404
    assert client.get("/vendor/left-pad/index.js").status_code == 404
