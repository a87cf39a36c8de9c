"""The county dashboard in headless Chromium against the live test server (issue #6).

The figures on the page are compared with what the summaries API answers for the same
data, and no request may leave the live server's origin (the page works without internet)."""

import csv
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BLANK_TILE
from tests.conftest import PASSWORD
from tests.factories import (
    CHANGSHA,
    CHANGSHA_POINT,
    SANJIAO,
    SONGKOU,
    SONGKOU_POINT,
    approve,
    create_record,
    record,
    square_plot,
)

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 360, "height": 740}


@pytest.fixture
def county(client, officer, reviewer, admin):
    """梅江区 with approved and pending records in two towns, a plot overlapping another,
    and one record in 梅县区 that its reviewer must never see."""
    film = lambda used, recovered, day: record(  # noqa: E731
        values={"film_used_t": used, "film_recovered_t": recovered}, observed_on=day
    )
    approved = [
        create_record(client, officer, film(100, 95, "2025-03-15")),
        create_record(client, officer, film(100, 70, "2025-06-30")),
        create_record(
            client,
            reviewer,
            record("straw_utilization", town_code=CHANGSHA, location={"type": "Point", "coordinates": CHANGSHA_POINT}),
        ),
        create_record(client, officer, record("water_saving_irrigation")),
    ]
    for item in approved:
        approve(client, reviewer, item["id"])
    pending_film = create_record(client, officer, film(100, 99, "2025-08-01"))
    shifted = [SANJIAO_POINT_SHIFT[0], SANJIAO_POINT_SHIFT[1]]
    pending_plot = create_record(
        client,
        officer,
        record(
            "water_saving_irrigation", geometry=square_plot(shifted), location={"type": "Point", "coordinates": shifted}
        ),
    )
    assert [f["code"] for f in pending_plot["flags"]] == ["overlap", "photo_missing"]
    create_record(client, admin, record(town_code=SONGKOU, location={"type": "Point", "coordinates": SONGKOU_POINT}))
    return {"approved": approved, "pending_film": pending_film, "pending_plot": pending_plot, "points": 6, "plots": 2}


SANJIAO_POINT_SHIFT = [116.1187, 24.2991]  # 100 m east: its plot overlaps the first one


class Page:
    """A signed-in dashboard in a fresh browser context, watching every request."""

    def __init__(self, browser, live_server, viewport=DESKTOP):
        self.live_server = live_server
        self.context = browser.new_context(viewport=viewport, accept_downloads=True)
        self.page = self.context.new_page()
        self.outside = []
        self.requested = []
        self.also_allowed = ()  # origins a test configured itself (a basemap's tile server)
        self.page.on("request", self._watch)
        self.console_errors = []
        # script errors fail the test; a refused request (403 page) is asserted where expected
        self.page.on(
            "console",
            lambda m: (
                self.console_errors.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )
        self.page.on("pageerror", lambda e: self.console_errors.append(str(e)))

    def _watch(self, request):
        self.requested.append(request.url)
        # data: and blob: URLs are made inside the page and go nowhere
        if not request.url.startswith((self.live_server + "/", "data:", "blob:", *self.also_allowed)):
            self.outside.append(request.url)

    def sign_in(self, username, path="/dashboard"):
        self.page.goto(self.live_server + path)
        self.page.get_by_label("用户名").fill(username)
        self.page.get_by_label("密码").fill(PASSWORD)
        self.page.get_by_role("button", name="登录", exact=True).click()
        return self

    def wait_ready(self):
        expect(self.page.locator("body")).to_have_attribute("data-ready", "true", timeout=20_000)
        expect(self.page.locator("body")).to_have_attribute("data-complete", "true", timeout=20_000)
        return self

    def drawn(self):
        """What Leaflet drew for the records: (circle markers, polygons, outline features)."""
        return self.page.evaluate("""() => {
            let points = 0, plots = 0;
            MZ.recordMap.records.eachLayer((layer) => {
                if (layer instanceof L.CircleMarker) points += 1;
                else if (layer instanceof L.Polygon) plots += 1;
            });
            return [points, plots, MZ.recordMap.outline.getLayers().length];
        }""")

    def close(self):
        # let the page's last requests finish: a server thread still reading when the
        # fixtures empty the tables can deadlock PostgreSQL's TRUNCATE
        self.page.wait_for_load_state("networkidle")
        assert self.console_errors == [], self.console_errors
        assert self.outside == [], f"requests left the server's origin: {self.outside}"
        self.context.close()


@pytest.fixture
def pages(browser, live_server):
    opened = []

    def open_page(viewport=DESKTOP):
        opened.append(Page(browser, live_server, viewport))
        return opened[-1]

    yield open_page
    for page in opened:
        page.close()


def _api(view, path, **query):
    """GET from the API over the live server with the page's own session cookie: what the
    page would be told, read independently of the page's JavaScript."""
    response = view.page.request.get(view.live_server + path, params=query)
    assert response.status == 200, response.text()
    return response.json()


def _api_cards(view):
    """What the cards must show: rates for 2025, the area total over the plan window."""
    yearly = _api(view, "/api/v1/summaries", unit="441402", year=2025)["items"]
    window = _api(view, "/api/v1/summaries", unit="441402")["items"]
    indicators = _api(view, "/api/v1/indicators")
    by_code = lambda items: {item["indicator"]: item for item in items}  # noqa: E731
    return {i["code"]: by_code(window if i["kind"] == "total" else yearly)[i["code"]] for i in indicators}


def _card_figures(page):
    return page.eval_on_selector_all(
        "#cards .card",
        """cards => cards.map(card => ({
        indicator: card.dataset.indicator, value: card.dataset.value, met: card.dataset.met,
        figure: card.querySelector('.figure').textContent}))""",
    )


def _expect_cards_match_api(view):
    expected = _api_cards(view)
    shown = _card_figures(view.page)
    assert [card["indicator"] for card in shown] == list(expected)  # registry order, every one
    for card in shown:
        item = expected[card["indicator"]]
        if item["value"] is None:
            assert card["value"] == "" and card["figure"] == "暂无数据"
        else:
            assert float(card["value"]) == pytest.approx(item["value"], rel=1e-12), card
            assert card["met"] == ("" if item["met"] is None else str(item["met"]).lower())
    return expected, {card["indicator"]: card for card in shown}


def test_reviewer_sees_figures_map_and_approves_from_the_queue(pages, reviewer, county, screenshot):
    view = pages().sign_in(reviewer.username).wait_ready()
    page = view.page
    expect(page.locator("#unit-name")).to_have_text("梅江区")
    # the requests the page's head starts early are taken over, never asked twice
    early = page.evaluate("JSON.parse(document.getElementById('dashboard-config').textContent).early")
    assert len(early) == 5
    for url in early:
        assert view.requested.count(view.live_server + url) == 1, url
    assert sum("/api/v1/dashboard/records" in url for url in view.requested) == 1
    assert sum("/api/v1/summaries?" in url for url in view.requested) == 2

    # the cards show what the summaries API says, for every indicator of the registry
    expected, cards = _expect_cards_match_api(view)
    film = expected["film_recovery"]
    assert film["value"] == pytest.approx(165 / 200) and film["met"] is False
    assert cards["film_recovery"]["figure"] == "82.5%"
    film_card = page.locator('.card[data-indicator="film_recovery"]')
    expect(film_card).to_contain_text("未达标")
    expect(film_card.get_by_role("progressbar")).to_have_attribute("aria-valuenow", str(round(165 / 200 / 0.9 * 100)))
    water = page.locator('.card[data-indicator="water_saving_irrigation"]')
    expect(water).to_contain_text("9,700")  # the city's plan-window total as the yardstick

    # the map draws the county's records on a canvas, and nothing of 梅县区
    assert view.drawn() == [county["points"], county["plots"], 1]
    assert page.locator("#map canvas").count() >= 1
    assert page.locator("#map svg path.leaflet-interactive").count() == 0
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("未配置底图")

    screenshot(page, "desktop")

    # a popup per record: click the 长沙镇 point on the canvas
    page.locator("#map").scroll_into_view_if_needed()
    x, y = page.evaluate(
        """([lon, lat]) => {
        const map = window.dashboardMap;
        map.setView([lat, lon], 14, {animate: false});
        const p = map.latLngToContainerPoint([lat, lon]);
        const box = document.getElementById('map').getBoundingClientRect();
        return [box.left + p.x, box.top + p.y];
    }""",
        CHANGSHA_POINT,
    )
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("长沙镇")
    expect(popup).to_contain_text("秸秆可收集量")
    expect(popup).to_contain_text("已通过")
    # (a locator, not wait_for_function: the page's policy forbids evaluating strings)
    expect(page.locator(".leaflet-popup")).to_have_css("opacity", "1")
    screenshot(page, "desktop-popup")
    page.keyboard.press("Escape")

    # the queue lists the pending records with their flags
    queue = page.locator("#queue-list")
    expect(queue.locator("article")).to_have_count(2)
    plot_item = queue.locator(f'article[data-record="{county["pending_plot"]["id"]}"]')
    expect(plot_item).to_contain_text("地块重叠")
    expect(plot_item).to_contain_text(f"#{county['approved'][3]['id']}")

    # approving the pending film record changes the card to the API's new figure
    item = queue.locator(f'article[data-record="{county["pending_film"]["id"]}"]')
    item.get_by_role("button", name=f"通过记录 #{county['pending_film']['id']}").click()
    expect(page.locator("#status-message")).to_contain_text("已通过审核")
    expect(page.locator('.card[data-indicator="film_recovery"] .figure')).to_have_text("88.0%")
    expect(queue.locator("article")).to_have_count(1)
    # the map restyles the record as approved (solid) instead of fetching 10,000 records again
    style = page.evaluate(
        """(id) => {
        const marker = MZ.recordMap.layersById.get(id).marker;
        return [marker.options.fillColor, MZ.indicatorByCode.film_recovery.colour];
    }""",
        county["pending_film"]["id"],
    )
    assert style[0] == style[1]
    assert sum("/api/v1/dashboard/records" in url for url in view.requested) == 1
    expected_after, _ = _expect_cards_match_api(view)
    assert expected_after["film_recovery"]["value"] == pytest.approx(264 / 300)
    history = _api(view, f"/api/v1/records/{county['pending_film']['id']}/history")
    assert history[-1]["action"] == "approved" and history[-1]["by"] == reviewer.username

    # a rejection needs a reason, on the page as in the API
    plot_item.get_by_role("button", name=re.compile("^退回记录")).click()
    expect(plot_item.get_by_role("alert")).to_have_text("退回记录须填写理由。")
    expect(plot_item.get_by_label("审核意见（退回时必填）")).to_be_focused()
    plot_item.get_by_label("审核意见（退回时必填）").fill("与已报地块重复")
    plot_item.get_by_role("button", name=re.compile("^退回记录")).click()
    expect(queue).to_contain_text("没有待审核的记录。")
    rejected = _api(view, f"/api/v1/records/{county['pending_plot']['id']}")
    assert rejected["status"] == "rejected" and rejected["review_reason"] == "与已报地块重复"

    # the summary CSV downloads with the figures of the API
    with page.expect_download() as info:
        page.get_by_role("link", name="下载各镇街汇总 CSV（2025 年）").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    with open(download.path(), encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    sanjiao = next(
        r for r in rows if r["单位代码 (unit_code)"] == SANJIAO and r["指标代码 (indicator)"] == "film_recovery"
    )
    by_town = _api(view, "/api/v1/summaries", level="town", unit="441402", year=2025)["items"]
    api_row = next(i for i in by_town if i["unit_code"] == SANJIAO and i["indicator"] == "film_recovery")
    assert float(sanjiao["数值 (value)"]) == pytest.approx(api_row["value"]) == pytest.approx(264 / 300)
    assert len(rows) == len(by_town)  # every town of 梅江区, every indicator

    xlsx = page.get_by_role("link", name="下载各镇街汇总 XLSX（2025 年）").get_attribute("href")
    answer = page.request.get(view.live_server + xlsx)
    assert answer.status == 200 and answer.body()[:2] == b"PK"  # a zip: an Office Open XML workbook

    # the GIS export buttons carry the map's filter
    href = page.get_by_role("link", name=re.compile("GeoPackage")).get_attribute("href")
    assert "format=gpkg" in href and "county_code=441402" in href and "year=2025" in href and "status=all" in href
    response = page.request.get(view.live_server + href)
    assert response.status == 200 and response.headers["content-disposition"].startswith("attachment")


def test_another_countys_page_and_data_are_refused(pages, reviewer, county, screenshot):
    view = pages().sign_in(reviewer.username, "/dashboard?unit=441403")
    page = view.page
    message = page.locator("#refused-message")
    expect(message).to_contain_text("无权查看")
    expect(message).to_contain_text("梅县区")
    screenshot(page, "refused")
    response = page.goto(view.live_server + "/dashboard?unit=441403")
    assert response.status == 403
    config = page.evaluate("JSON.parse(document.getElementById('dashboard-config').textContent)")
    assert set(config) == {"lang", "messages", "indicatorsUrl", "basemap", "csrf"}  # nothing of 梅县区
    # the same cookie cannot get the data through the API or the map's endpoint either
    for path in (
        "/api/v1/summaries?unit=441403&year=2025",
        "/api/v1/summaries/lagging?unit=441403&indicator=film_recovery",
        "/api/v1/dashboard/records?unit=441403",
        "/api/v1/dashboard/outlines?unit=441403",
    ):
        answer = page.request.get(view.live_server + path)
        assert answer.status == 403, path
        assert answer.headers["content-type"].startswith("application/problem+json")
    # and its own county's map data never holds a record of 梅县区
    own = page.request.get(view.live_server + "/api/v1/dashboard/records?year=2025").json()
    assert {f["properties"]["town_code"][:6] for f in own["features"]} == {"441402"}
    assert len(own["features"]) == county["points"]
    page.get_by_role("link", name="返回梅江区看板").click()
    view.wait_ready()


def test_sign_in_errors_and_sign_out(pages, reviewer, county):
    view = pages()
    page = view.page
    page.goto(view.live_server + "/dashboard")
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("请填写用户名和密码。")
    page.get_by_label("用户名").fill(reviewer.username)
    page.get_by_label("密码").fill("not the password")
    page.get_by_role("button", name="登录", exact=True).click()
    expect(page.get_by_role("alert")).to_have_text("用户名或密码错误，或账号已停用。")
    page.get_by_label("密码").fill(PASSWORD)
    page.keyboard.press("Enter")  # the form works from the keyboard
    view.wait_ready()
    cookies = {c["name"]: c for c in view.context.cookies()}
    assert cookies["session"]["httpOnly"] is True
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()
    assert page.request.get(view.live_server + "/web/session").status == 401
    assert page.request.get(view.live_server + "/api/v1/dashboard/records").status == 401


def test_phone_width_english_and_labels(pages, reviewer, county, screenshot):
    view = pages(PHONE).sign_in(reviewer.username).wait_ready()
    page = view.page
    # nothing wider than the phone: the page scrolls down, never sideways
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone")
    # every form control has a name a screen reader can say
    unnamed = page.evaluate("""() => [...document.querySelectorAll('input, select, button')]
        .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label') && !el.textContent.trim())
        .map(el => el.outerHTML)""")
    assert unnamed == []
    # the skip link is the first stop of the keyboard
    page.keyboard.press("Tab")
    expect(page.locator(".skip-link")).to_be_focused()

    page.get_by_role("link", name="English").click()
    view.wait_ready()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="Progress against targets")).to_be_visible()
    expect(page.locator('.card[data-indicator="film_recovery"] h3')).to_have_text("Farm film recovery rate")
    expect(page.locator('.card[data-indicator="film_recovery"]')).to_contain_text("Not met")
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    screenshot(page, "phone-en")
    # the choice is remembered; 中文 switches back
    page.reload()
    expect(page.get_by_role("link", name="中文")).to_be_visible()
    page.get_by_role("link", name="中文").click()
    expect(page.get_by_role("heading", name="指标进展")).to_be_visible()


def test_lagging_towns_sort_and_link_to_their_records(pages, client, officer, reviewer, county, screenshot):
    # a second film town below target, so there is something to sort
    body = record(
        town_code=CHANGSHA,
        location={"type": "Point", "coordinates": CHANGSHA_POINT},
        values={"film_used_t": 100, "film_recovered_t": 40},
    )
    approve(client, reviewer, create_record(client, reviewer, body)["id"])
    view = pages().sign_in(reviewer.username).wait_ready()
    page = view.page
    expect(page.locator("#detail-indicator")).to_have_value("film_recovery")
    table = page.locator("#lagging-table")
    expect(table.locator("tbody tr")).to_have_count(2)
    towns = lambda: table.locator("tbody th").all_text_contents()  # noqa: E731
    assert towns() == ["长沙镇", "三角镇"]  # the largest gap first
    lagging = _api(view, "/api/v1/summaries/lagging", indicator="film_recovery", year=2025)
    assert [t["unit_name"] for t in lagging["below_target"]] == towns()
    table.get_by_role("button", name="差距").click()
    expect(table.locator('th[data-key="gap"]')).to_have_attribute("aria-sort", "ascending")
    assert towns() == ["三角镇", "长沙镇"]
    not_reporting = page.locator("#not-reporting li")
    expect(not_reporting).to_have_count(len(lagging["not_reporting"]))
    screenshot(page, "lagging")

    # a town's link shows that town's records, in the table and on the map
    table.get_by_role("link", name="长沙镇").click()
    expect(page.locator("#records-table tbody tr")).to_have_count(2)
    expect(page.locator("#records-table tbody")).not_to_contain_text("三角镇")
    assert "town=441402103" in page.url
    expect(page.locator("#map")).to_have_attribute("data-points", "2")
    assert view.drawn()[:2] == [2, 0]

    # the monthly chart has the figures of the monthly API, readable as a table too
    monthly = _api(view, "/api/v1/summaries/monthly", indicator="film_recovery", year=2025)["months"]
    page.locator("summary", has_text="以表格查看").click()
    cells = page.locator("#monthly-table tbody tr td:nth-child(3)").all_text_contents()
    assert cells == [("—" if m["cum_value"] is None else f"{m['cum_value'] * 100:.1f}%") for m in monthly]
    assert page.locator("#chart canvas").count() == 1


def test_basemap_comes_from_configuration(app, pages, reviewer, county):
    app.config.update(BASEMAP_URL="http://127.0.0.1:9/tiles/{z}/{x}/{y}.png", BASEMAP_ATTRIBUTION="© Test basemap")
    view = pages()
    view.also_allowed = ("http://127.0.0.1:9/tiles/",)
    tiles = []
    # the tiles would come from a tile server; here the browser is answered locally
    view.page.route(
        "http://127.0.0.1:9/tiles/**",
        lambda route: (
            tiles.append(route.request.url),
            route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
        ),
    )
    view.sign_in(reviewer.username).wait_ready()
    expect(view.page.locator(".leaflet-control-attribution")).to_contain_text("© Test basemap")
    expect(view.page.locator(".leaflet-tile-pane img").first).to_be_attached()
    assert tiles and all(re.match(r"http://127\.0\.0\.1:9/tiles/\d+/\d+/\d+\.png$", url) for url in tiles)


def test_town_officer_and_city_admin_see_their_own_scope(pages, officer, admin, county, screenshot):
    # a town officer: the town's own figures, no review queue, the county refused
    view = pages().sign_in(officer.username).wait_ready()
    page = view.page
    expect(page.locator("#unit-name")).to_have_text("三角镇")
    expect(page.locator("#queue")).to_have_count(0)
    expect(page.locator("#f-town")).to_have_count(0)
    assert view.drawn()[:2] == [5, 2]  # 三角镇's records only, not 长沙镇's straw
    expect(page.locator('.card[data-indicator="film_recovery"] .figure')).to_have_text("82.5%")
    assert page.goto(view.live_server + "/dashboard?unit=441402").status == 403
    expect(page.locator("#refused-message")).to_contain_text("梅江区")
    page.get_by_role("button", name="退出登录").click()
    expect(page.get_by_role("button", name="登录", exact=True)).to_be_visible()

    # a city admin: every county's outline and every record; switching to a county
    view = pages().sign_in(admin.username).wait_ready()
    page = view.page
    expect(page.locator("#unit-name")).to_have_text("梅州市")
    points, plots, outlines = view.drawn()
    assert (points, plots) == (county["points"] + 1, county["plots"]) and outlines == 8
    screenshot(page, "city")
    page.get_by_label("行政单位").select_option("441403")
    page.get_by_role("button", name="切换").click()
    view.wait_ready()
    expect(page.locator("#unit-name")).to_have_text("梅县区")
    assert "unit=441403" in page.url
    assert view.drawn() == [1, 0, 1]


def test_views_that_cannot_be_shown_say_why(client, reviewer, county):
    """No browser needed: the page's own answers to addresses that make no sense."""
    signed = client.post("/web/session", json={"username": reviewer.username, "password": PASSWORD})
    assert signed.status_code == 201
    for query, status, text in (
        ("unit=999999", 404, "没有代码为 999999 的行政单位"),
        ("town=441403100", 404, "页面地址中的筛选条件无效"),
        ("year=abc", 400, "页面地址中的筛选条件无效"),
        ("unit=441403", 403, "无权查看 梅县区 (441403) 的数据"),
        ("unit=<b>x</b>", 404, "&lt;b&gt;x&lt;/b&gt;"),
    ):
        response = client.get(f"/dashboard?{query}")
        assert response.status_code == status, query
        assert text in response.get_data(as_text=True), query
        assert response.headers["Cache-Control"] == "private, no-store"
    data = "/api/v1/dashboard/records"
    assert client.get(f"{data}?status=approvedx").status_code == 400
    assert client.get(f"{data}?indicator=nope").status_code == 400
    assert client.get(f"{data}?town=441403100").status_code == 404
    approved = client.get(f"{data}?status=approved&year=2025").get_json()["features"]
    assert len(approved) == 4 and {f["properties"]["status"] for f in approved} == {"approved"}
    plots = [f for f in approved if "plot" in f["properties"]]
    assert len(plots) == 1 and plots[0]["properties"]["plot"]["type"] == "MultiPolygon"
    client.delete("/web/session", headers={"X-CSRF-Token": signed.get_json()["csrf"]})
    assert client.get(data).status_code == 401
    assert "signin-form" in client.get("/dashboard?unit=441403").get_data(as_text=True)


def test_a_record_corrected_after_the_queue_loaded_is_not_approved_unseen(pages, client, officer, reviewer, county):
    """The queue's approve sends If-Match with the revision it shows: a correction made
    meanwhile gets 412, shown on the item, and the record stays pending."""
    view = pages().sign_in(reviewer.username).wait_ready()
    page = view.page
    record_id = county["pending_film"]["id"]
    item = page.locator(f'#queue-list article[data-record="{record_id}"]')
    expect(item).to_be_visible()
    corrected = client.patch(
        f"/api/v1/records/{record_id}", json={"values": {"film_recovered_t": 50}}, headers=officer.headers
    )
    assert corrected.status_code == 200 and corrected.get_json()["revision"] == 2
    item.get_by_role("button", name=f"通过记录 #{record_id}").click()
    expect(item.get_by_role("alert")).to_contain_text("2")  # names the current revision
    stored = _api(view, f"/api/v1/records/{record_id}")
    assert stored["status"] == "pending" and stored["revision"] == 2
    assert [entry["action"] for entry in _api(view, f"/api/v1/records/{record_id}/history")] == ["created", "corrected"]
