def test_swagger_ui_is_served_without_a_cdn(browser, live_server, screenshot):
    page = browser.new_page()
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server) else None)
    page.goto(f"{live_server}/api/v1/docs")
    page.wait_for_selector("text=Field records")
    screenshot(page, "docs")
    assert outside == []
