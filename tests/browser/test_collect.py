"""/collect, the town officer's mobile form (issue #7), in headless Chromium posing as a phone.

Each test drives a persistent Chromium profile (IndexedDB and the service worker live in it
and survive closing and reopening the browser, which new_context(storage_state=...) would
not keep) at 360×740 with touch, against the live test server. What reached the server is
read from the database. Screenshots of every screen go to artifacts/screenshots/.
"""

import base64
import hashlib
import json
import math
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from backend import create_app
from backend.extensions import db
from backend.models import Record
from backend.web import collect
from domain import roles
from domain.indicators import INDICATORS, TOTAL, Indicator, ValueField
from tests.browser.conftest import BLANK_TILE, CHROMIUM, CHROMIUM_ARGS
from tests.conftest import PASSWORD
from tests.factories import CHANGSHA, CHANGSHA_POINT, SANJIAO, SONGKOU, SONGKOU_POINT, record, square_plot

SANJIAO_GPS = {"latitude": 24.2991, "longitude": 116.1177, "accuracy": 8}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 1,
    "locale": "zh-CN",
    "timezone_id": "Asia/Shanghai",
}
STATIC = Path(__file__).resolve().parents[2] / "backend" / "web" / "static" / "collect"
# the page's one script: static/collect's modules bundled by frontend/build.mjs
BUNDLE = Path(__file__).resolve().parents[2] / "frontend" / "dist" / "collect.js"
# the phone's IndexedDB read directly (not through the app): resolves the named stores' rows
READ_STORES = """(names) => new Promise((resolve, reject) => {
  const open = indexedDB.open('mz-collect');
  open.onerror = () => reject(open.error);
  open.onsuccess = () => {
    const db = open.result;
    const tx = db.transaction(names, 'readonly');
    const requests = names.map((name) => tx.objectStore(name).getAll());
    tx.oncomplete = () => { db.close(); resolve(requests.map((r) => r.result)); };
    tx.onerror = () => reject(tx.error);
  };
})"""
OUTBOX = f"""({READ_STORES})(['outbox']).then(([rows]) =>
  rows.sort((a, b) => a.saved_at < b.saved_at ? -1 : a.saved_at > b.saved_at ? 1 : 0))"""
STORED_USER = f"""({READ_STORES})(['meta']).then(([rows]) => {{
  const row = rows.find((r) => r.key === 'user');
  return row ? row.value : null;
}})"""


class Phone:
    """One phone: a persistent browser profile that can be closed and opened again."""

    def __init__(self, browser, base, profile):
        self.browser_type, self.base, self.profile = browser.browser_type, base, profile
        self.context = self.page = None
        self.problems = []  # script errors on the page: a test fails on any

    def open(self, offline=False, geolocation=SANJIAO_GPS):
        self.context = self.browser_type.launch_persistent_context(
            str(self.profile),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            headless=True,
            permissions=["geolocation"],
            geolocation=geolocation,
            accept_downloads=True,
            **PHONE,
        )
        self.context.set_offline(offline)
        self.page = self.context.pages[0] if self.context.pages else self.context.new_page()
        self.page.on("pageerror", lambda error: self.problems.append(str(error)))
        # the page's Content-Security-Policy must never have to refuse anything of its own
        self.page.on("console", lambda m: self.problems.append(m.text) if "Content Security Policy" in m.text else None)
        self.page.goto(f"{self.base}/collect")
        self.page.wait_for_selector("html[data-ready]")
        return self.page

    def close(self):
        if self.context is not None:
            self.context.close()
            self.context = None

    def outbox(self):
        """The records on the phone, straight from IndexedDB."""
        return self.page.evaluate(OUTBOX)


@pytest.fixture
def phone(browser, live_server, tmp_path):
    made = []

    def make(name="phone"):
        made.append(Phone(browser, live_server, tmp_path / name))
        return made[-1]

    yield make
    for each in made:
        each.close()
        assert each.problems == []


def server_records():
    db.session.rollback()  # see what the live server committed since
    return db.session.execute(db.select(Record).order_by(Record.id)).scalars().all()


def sign_in_on(page, username):
    page.fill("#username", username)
    page.fill("#password", PASSWORD)
    page.click("form.signin button[type=submit]")
    expect(page.locator(".tile").first).to_be_visible()


def open_form(page, indicator):
    if page.locator("a.tab[href='#home']").is_visible():
        page.click("a.tab[href='#home']")
    page.click(f"[data-indicator={indicator}]")
    expect(page.locator(".record-form")).to_be_visible()


def field(page, name):
    """The input of a registry field, found by its label as the officer sees it."""
    return page.get_by_label(re.compile("^" + re.escape(name)))


def locate(page):
    page.get_by_role("button", name="使用手机定位").click()
    expect(page.locator(".loc-status")).to_contain_text("精度")


def tap_corners(page, offsets):
    """Tap plot corners on the map, offsets in pixels from the map's centre."""
    map_el = page.locator(".map")
    expect(page.locator(".leaflet-container")).to_be_visible()
    map_el.evaluate("el => el.scrollIntoView({block: 'center'})")
    box = map_el.bounding_box()
    cx, cy = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    for dx, dy in offsets:
        page.touchscreen.tap(cx + dx, cy + dy)
    expect(page.locator(".area")).to_contain_text(f"{len(offsets)} 个拐点")


def save(page):
    page.get_by_role("button", name="保存到手机").click()
    expect(page.locator("#screen-title")).to_have_text("待发送")


def waiting(page):
    return page.locator("[data-group=queue_group_waiting] .card")


def fill_film(page, used, recovered, day="2025-06-30"):
    open_form(page, "film_recovery")
    page.get_by_label("观测日期").fill(day)
    field(page, "农膜使用量").fill(str(used))
    field(page, "农膜回收量").fill(str(recovered))


SQUARE = ((-70, -70), (70, -70), (70, 70), (-70, 70))


def test_offline_records_survive_a_restart_and_are_sent_exactly_once(phone, officer, screenshot):
    one = phone()
    page = one.open()
    screenshot(page, "signin")
    sign_in_on(page, officer.username)
    screenshot(page, "home")
    # the service worker has the shell and Leaflet before the phone loses signal
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")

    one.context.set_offline(True)
    expect(page.locator("#net")).to_have_text("离线")
    fill_film(page, 120.5, 110.2)
    locate(page)
    save(page)

    open_form(page, "water_saving_irrigation")
    page.get_by_label("观测日期").fill("2025-06-30")
    locate(page)
    tap_corners(page, SQUARE)
    field(page, "节水技术").select_option("drip")
    field(page, "建成日期").fill("2025-05-01")
    phone_mu = float(re.search(r"([\d.]+) 亩", page.locator(".area").inner_text()).group(1))
    assert field(page, "面积（亩）").input_value() == f"{phone_mu:g}"  # filled from the plot
    screenshot(page, "plot")
    save(page)

    open_form(page, "manure_utilization")
    page.get_by_label("观测日期").fill("2025-06-30")
    field(page, "粪污产生量").fill("1000")
    field(page, "粪污资源化利用量").fill("850")
    field(page, "畜禽种类").select_option("pig")
    locate(page)
    save(page)
    expect(waiting(page)).to_have_count(3)
    screenshot(page, "queued-offline")
    client_ids = sorted(item["key"] for item in one.outbox())

    # offline reload: the service worker serves the shell, IndexedDB still has the three
    page.reload()
    page.wait_for_selector("html[data-ready]")
    page.goto(page.url.split("#")[0] + "#queue")
    expect(waiting(page)).to_have_count(3)

    # close the browser, start it again, still without a connection
    one.close()
    page = one.open(offline=True)
    page.click("a.tab[href='#queue']")
    expect(waiting(page)).to_have_count(3)
    screenshot(page, "queued-after-restart")
    assert sorted(item["key"] for item in one.outbox()) == client_ids
    assert server_records() == []

    # the connection returns; the server stores the batch but its answer is lost on the way
    lost = []

    def lose_answer(route):
        if not lost:
            response = route.fetch()
            lost.append(response.json()["counts"])
            route.abort("connectionreset")
        else:
            route.continue_()

    page.route("**/api/v1/records/batch", lose_answer)
    with page.expect_request("**/records/batch"):
        one.context.set_offline(False)  # the 'online' event sends by itself
    expect(page.locator(".toast")).to_contain_text("发送失败")
    assert lost == [{"created": 3}]
    assert len(server_records()) == 3
    assert all(item["state"] == "queued" for item in one.outbox())  # no answer, nothing settled

    # sending again: the server recognises every record, creates nothing
    page.get_by_role("button", name="立即发送").click()
    done = page.locator("[data-group=queue_group_done] .card")
    expect(done).to_have_count(3)
    expect(done.filter(has_text="已发送（服务器已有此记录）")).to_have_count(3)
    screenshot(page, "sent-replayed")
    # a forced second sync: nothing is waiting, nothing is posted, nothing created
    page.get_by_role("button", name="立即发送").click()
    stored = server_records()
    assert sorted(r.client_id for r in stored) == client_ids
    assert sorted(r.indicator for r in stored) == ["film_recovery", "manure_utilization", "water_saving_irrigation"]
    plot = next(r for r in stored if r.indicator == "water_saving_irrigation")
    assert plot.values["area_mu"] == phone_mu
    assert math.isclose(plot.computed_area_mu, phone_mu, rel_tol=0.005)  # the phone's area is the server's
    assert all(r.created_by == officer.username for r in stored)


def test_the_app_shell_opens_offline_from_the_service_worker(phone, officer):
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    page.evaluate("navigator.serviceWorker.ready")
    one.close()
    page = one.open(offline=True)  # a cold start with no network at all
    assert page.evaluate("!!navigator.serviceWorker.controller")
    expect(page.locator(".tile")).to_have_count(len(INDICATORS))
    open_form(page, "water_saving_irrigation")
    expect(page.locator(".leaflet-container")).to_be_visible()  # Leaflet came from the cache


def test_a_record_the_server_finds_invalid_comes_back_is_fixed_and_resent(phone, officer, admin, client, screenshot):
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    one.context.set_offline(True)
    fill_film(page, 100, 90)
    locate(page)
    save(page)
    [item] = one.outbox()

    # meanwhile the city admin uploads 三角镇's boundary: 3 km away from where the officer was
    boundary = square_plot(CHANGSHA_POINT, side_deg=0.01)
    response = client.put(f"/api/v1/units/{SANJIAO}/boundary", json=boundary, headers=admin.headers)
    assert response.status_code == 200, response.get_json()

    one.context.set_offline(False)
    card = page.locator("[data-group=queue_group_attention] .card")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("数据有误")
    expect(card).to_contain_text(re.compile(r"位置在本镇边界外 [\d.]+ 公里"))
    screenshot(page, "invalid")
    assert server_records() == []

    card.get_by_role("link", name="修改后重新发送").click()
    expect(page.locator(".error[data-path=location]")).to_contain_text("本镇边界外")
    screenshot(page, "invalid-open")
    one.context.set_geolocation({"latitude": CHANGSHA_POINT[1], "longitude": CHANGSHA_POINT[0], "accuracy": 5})
    locate(page)
    expect(page.locator(".error[data-path=location]")).to_be_hidden()  # the refused value changed
    save(page)
    expect(page.locator("[data-group=queue_group_done] .card")).to_contain_text("已发送")
    [stored] = server_records()
    assert stored.client_id == item["key"]  # an invalid post leaves its client_id free
    assert stored.content["location"]["coordinates"] == CHANGSHA_POINT


def _reject(client, reviewer, record_id, reason):
    response = client.post(
        f"/api/v1/records/{record_id}/review", json={"decision": "reject", "reason": reason}, headers=reviewer.headers
    )
    assert response.status_code == 200, response.get_json()


def test_a_rejected_record_is_corrected_from_my_records(phone, officer, reviewer, client, screenshot):
    posted = client.post("/api/v1/records", json=record(), headers=officer.headers).get_json()
    _reject(client, reviewer, posted["id"], "回收量与台账不符")

    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    page.click("a.tab[href='#mine']")
    card = page.locator(f".record[data-id='{posted['id']}']")
    expect(card).to_contain_text("已退回")
    expect(card).to_contain_text("退回原因：回收量与台账不符")
    screenshot(page, "my-records")

    card.get_by_role("link", name="更正").click()
    expect(field(page, "农膜回收量")).to_have_value("110.2")
    # a figure the API would refuse is refused here first, with the API's rule
    field(page, "农膜回收量").fill("130")
    expect(page.locator(".error[data-path='values.film_recovered_t']")).to_have_text(
        "同一条记录中，农膜回收量（130）不能超过农膜使用量（120.5）。"
    )
    field(page, "农膜回收量").fill("100.4")
    screenshot(page, "correct")
    page.get_by_role("button", name="保存更正").click()
    expect(page.locator("#screen-title")).to_have_text("我的记录")
    expect(page.locator(f".record[data-id='{posted['id']}']")).to_contain_text("待审核")

    [stored] = server_records()
    assert stored.status == "pending"
    assert stored.values["film_recovered_t"] == 100.4
    assert stored.revision == 3 and stored.updated_by == officer.username
    assert stored.review_reason is None


def test_a_correction_of_a_record_changed_meanwhile_does_not_overwrite_it(phone, officer, reviewer, client):
    """The phone sends If-Match with the revision it corrected: a change made on the server
    since is refused (412), shown in the form, and the server's record is kept."""
    posted = client.post("/api/v1/records", json=record(), headers=officer.headers).get_json()
    _reject(client, reviewer, posted["id"], "回收量与台账不符")
    page = phone().open()
    sign_in_on(page, officer.username)
    page.click("a.tab[href='#mine']")
    page.locator(f".record[data-id='{posted['id']}']").get_by_role("link", name="更正").click()
    expect(field(page, "农膜回收量")).to_have_value("110.2")
    meanwhile = client.patch(
        f"/api/v1/records/{posted['id']}", json={"values": {"film_recovered_t": 99}}, headers=reviewer.headers
    )
    assert meanwhile.status_code == 200 and meanwhile.get_json()["revision"] == 3
    field(page, "农膜回收量").fill("100.4")
    page.get_by_role("button", name="保存更正").click()
    expect(page.locator(".form-errors")).to_be_visible()
    expect(page.locator("#screen-title")).not_to_have_text("我的记录")
    [stored] = server_records()
    assert stored.values["film_recovered_t"] == 99 and stored.revision == 3


def test_a_town_officer_sees_only_its_own_town(phone, officer, reviewer, admin, client, screenshot):
    ours = client.post("/api/v1/records", json=record(), headers=officer.headers).get_json()
    neighbour = record(town_code=CHANGSHA, location={"type": "Point", "coordinates": CHANGSHA_POINT})
    assert client.post("/api/v1/records", json=neighbour, headers=reviewer.headers).status_code == 201
    elsewhere = record(town_code=SONGKOU, location={"type": "Point", "coordinates": SONGKOU_POINT})
    assert client.post("/api/v1/records", json=elsewhere, headers=admin.headers).status_code == 201

    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    page.click("a.tab[href='#mine']")
    expect(page.locator(".record")).to_have_count(1)
    expect(page.locator(".record")).to_have_attribute("data-id", str(ours["id"]))
    expect(page.locator(".record")).to_contain_text("三角镇")
    screenshot(page, "my-records-own-town")
    # asking the API from the page for the neighbour town gives nothing either
    answer = page.evaluate(
        f"fetch('/api/v1/records?town_code={CHANGSHA}', {{headers: {{Accept: 'application/json'}}}})"
        ".then(async (r) => ({ok: r.ok, data: await r.json()}))"
    )
    assert answer["ok"] and answer["data"]["items"] == []
    # and the form offers no other town
    page.click("a.tab[href='#home']")
    open_form(page, "film_recovery")
    expect(page.locator(".fixed")).to_contain_text("三角镇（441402102）")
    expect(page.locator("select", has_text="请选择镇")).to_have_count(0)


CASES = [
    ("film_recovery", {"film_used_t": "120.5", "film_recovered_t": "130"}),
    ("film_recovery", {"film_used_t": "200000", "film_recovered_t": "abc"}),
    (
        "fertilizer_efficiency",
        {"crop": "水稻", "nutrient_applied_kg": "100", "uptake_fertilized_kg": "80", "uptake_control_kg": "90"},
    ),
    (
        "fertilizer_efficiency",
        {"crop": "水稻", "nutrient_applied_kg": "10", "uptake_fertilized_kg": "80", "uptake_control_kg": "9"},
    ),
    ("straw_utilization", {"straw_collectable_t": "500", "straw_utilized_t": "460", "crop": "x" * 51}),
    (
        "straw_utilization",
        {"straw_collectable_t": "500", "straw_utilized_t": "460", "by_use": {"feed_t": "100", "fuel_t": "0.00001"}},
    ),
    ("manure_utilization", {"manure_produced_t": "1234567.5", "manure_utilized_t": "1299999"}),
]


def _api_errors(client, account, indicator, raw):
    """What the API answers for the same figures, as typed."""
    values = {}
    for name, text in raw.items():
        if isinstance(text, dict):
            values[name] = {k: float(v) for k, v in text.items()}
        else:
            try:
                values[name] = float(text) if name != "crop" else text
            except ValueError:
                values[name] = text
    body = record(indicator, values=values)
    response = client.post("/api/v1/records", json=body, headers=account.headers)
    assert response.status_code == 422
    return {path: msgs for path, msgs in response.get_json()["errors"].items() if path.startswith("values")}


@pytest.mark.parametrize("indicator, raw", CASES, ids=[f"{c[0]}-{i}" for i, c in enumerate(CASES)])
def test_the_form_gives_the_apis_own_messages(phone, officer, client, indicator, raw, screenshot):
    expected = _api_errors(client, officer, indicator, raw)
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    page.click("#lang")  # English shows the API's wording itself
    open_form(page, indicator)
    spec = INDICATORS[indicator]
    for name, text in raw.items():
        label = spec.field(name).name_en
        if isinstance(text, dict):
            for part, value in text.items():
                page.get_by_label(_part_en(part)).fill(value)
        else:
            page.get_by_label(re.compile("^" + re.escape(label))).fill(text)
    page.get_by_role("button", name="Save on phone").click()
    shown = {}
    for el in page.locator(".error[data-path^='values']:visible").all():
        shown[el.get_attribute("data-path")] = el.inner_text()
    assert {path: " ".join(msgs) for path, msgs in expected.items()} == shown
    # and in Chinese, beside the same fields
    page.click("#lang")
    zh = page.locator(".error[data-path^='values']:visible")
    expect(zh).to_have_count(len(expected))
    for el in zh.all():
        assert re.search(r"[\u4e00-\u9fff]", el.inner_text()), el.inner_text()
    screenshot(page, "messages")


def _part_en(part):
    return {
        "fertilizer_t": "as fertilizer",
        "feed_t": "as feed",
        "fuel_t": "as fuel",
        "substrate_t": "as substrate",
        "raw_material_t": "as raw material",
    }[part]


def test_a_new_indicator_in_the_registry_gets_its_form(phone, officer, monkeypatch):
    pond = Indicator(
        code="pond_cleanup",
        name_zh="坑塘清淤面积",
        name_en="Pond dredging area",
        kind=TOTAL,
        unit="mu",
        measures="pond area dredged",
        target=100,
        fields=(
            ValueField("pond_mu", "quantity", "mu", maximum=5000.0, name_zh="清淤面积", name_en="area dredged"),
            ValueField("method", "choice", choices=("dry", "wet"), name_zh="清淤方式", name_en="method"),
        ),
        numerator=lambda v: v["pond_mu"],
        numerator_fields=("pond_mu",),
    )
    monkeypatch.setitem(INDICATORS, pond.code, pond)
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    expect(page.locator("[data-indicator=pond_cleanup]")).to_contain_text("坑塘清淤面积")
    open_form(page, "pond_cleanup")
    expect(page.locator(".record-form")).to_contain_text("范围 0–5000 亩")
    field(page, "清淤面积").fill("6000")
    field(page, "清淤面积").blur()
    expect(page.locator(".error[data-path='values.pond_mu']")).to_have_text("数值不能大于 5000。")
    expect(field(page, "清淤方式").locator("option")).to_have_count(3)


def test_a_poor_gps_fix_is_flagged_against_the_configured_threshold(phone, officer, app, screenshot):
    poor = {"latitude": 24.2991, "longitude": 116.1177, "accuracy": 120}
    page = phone("default").open(geolocation=poor)
    sign_in_on(page, officer.username)
    fill_film(page, 10, 5)
    locate(page)
    expect(page.locator(".loc-status")).to_contain_text("精度 ±120 米")
    expect(page.locator(".warn[role=alert]")).to_contain_text("超过 50 米")
    screenshot(page, "gps-warning")

    # another deployment tolerates 150 m (a phone installing the app there)
    app.config["GPS_WARN_ACCURACY_M"] = 150
    page = phone("tolerant").open(geolocation=poor)
    sign_in_on(page, officer.username)
    fill_film(page, 10, 5)
    locate(page)
    expect(page.locator(".loc-status")).to_contain_text("精度 ±120 米")
    expect(page.locator(".warn[role=alert]")).to_be_hidden()


def test_a_conflicting_record_shows_its_differences_and_can_correct_the_server(phone, officer, client, screenshot):
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    one.context.set_offline(True)
    fill_film(page, 120.5, 100)
    locate(page)
    save(page)
    [item] = one.outbox()
    # the same client_id reached the server with other figures (an older edit on this phone)
    other = dict(item["record"], values={"film_used_t": 120.5, "film_recovered_t": 90})
    assert client.post("/api/v1/records", json=other, headers=officer.headers).status_code == 201

    one.context.set_offline(False)
    card = page.locator("[data-group=queue_group_attention] .card")
    expect(card).to_contain_text("冲突")
    row = card.locator("table.diff tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("农膜回收量")
    expect(row.locator("td")).to_have_text(["90", "100"])
    screenshot(page, "conflict")
    card.get_by_role("button", name="用本机内容更正服务器记录").click()
    expect(page.locator("[data-group=queue_group_done] .card")).to_contain_text("更正已发送")
    [stored] = server_records()
    assert stored.values["film_recovered_t"] == 100
    assert stored.revision == 2


def test_signing_out_keeps_unsent_records_until_they_are_exported(phone, officer, screenshot):
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    one.context.set_offline(True)
    fill_film(page, 50, 40)
    locate(page)
    save(page)
    # the server is unreachable although the phone has signal
    page.route("**/api/v1/records/batch", lambda route: route.abort("connectionrefused"))
    one.context.set_offline(False)
    expect(page.locator(".toast")).to_contain_text("发送失败")

    page.click("a.tab[href='#account']")
    page.get_by_role("button", name="退出登录").click()
    expect(page.locator(".prompt")).to_contain_text("1 条记录未被服务器接收")
    screenshot(page, "signout-unsent")
    assert len(one.outbox()) == 1  # nothing cleared yet

    with page.expect_download() as download:
        page.get_by_role("button", name="导出后退出").click()
    exported = json.loads(Path(download.value.path()).read_text())
    assert [r["values"] for r in exported["records"]] == [{"film_used_t": 50, "film_recovered_t": 40}]
    expect(page.locator("#screen-title")).to_have_text("登录")
    assert one.outbox() == []
    assert page.evaluate(STORED_USER) is None
    assert page.evaluate("fetch('/web/session').then(r => r.status)") == 401


def test_nothing_page_readable_holds_a_credential(phone, officer):
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    cookies = one.context.cookies()
    assert cookies and all(c["httpOnly"] for c in cookies)
    assert page.evaluate("document.cookie") == ""
    stored = json.dumps(
        page.evaluate(f"({READ_STORES})(['meta', 'outbox']).then(x => [x, Object.assign({{}}, localStorage)])")
    )
    assert "csrf" not in stored and "token" not in stored and PASSWORD not in stored


def test_the_page_is_one_compressed_response_with_a_strict_policy(client):
    page = client.get("/collect", headers={"Accept-Encoding": "gzip"})
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    assert page.headers["Cache-Control"] == "no-cache" and page.headers["ETag"]
    again = client.get("/collect", headers={"Accept-Encoding": "gzip", "If-None-Match": page.headers["ETag"]})
    assert again.status_code == 304  # the service worker's background refresh costs a few bytes

    response = client.get("/collect")
    html = response.get_data(as_text=True)
    settings = json.loads(
        re.search(r'<script id="mz-settings" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    registry = client.get("/api/v1/indicators").get_json()
    assert settings["indicators"] == registry
    assert settings["gps_warn_accuracy_m"] == 50
    # the bundle of static/collect is in the page, and only it may run (CSP hashes)
    policy = response.headers["Content-Security-Policy"]
    inline = re.findall(r"<script>(.*?)</script>", html, re.S)
    assert len(inline) == 1 and BUNDLE.read_text() in inline[0]
    for code in inline:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy
    assert "'unsafe-inline'" not in policy and "connect-src 'self'" in policy
    assert re.search(r"<script[^>]* src=", html) is None
    assert (
        client.get(f"/collect/static/app.js?v={settings['version']}").headers["Cache-Control"]
        == "public, max-age=31536000, immutable"
    )

    manifest = client.get("/collect/manifest.webmanifest").get_json()
    assert manifest["start_url"] == "/collect" and manifest["lang"] == "zh-CN"
    assert {"192x192", "512x512"} <= {icon["sizes"] for icon in manifest["icons"]}
    for icon in manifest["icons"]:
        assert client.get(icon["src"]).status_code == 200

    worker = client.get("/collect/sw.js")
    assert worker.headers["Service-Worker-Allowed"] == "/collect"
    assert worker.headers["Cache-Control"] == "no-cache"
    body = worker.get_data(as_text=True)
    assert settings["version"] in body and "/vendor/leaflet/leaflet.js" in body
    assert client.get("/collect/static/nothing.js").status_code == 404


def test_the_page_is_handed_every_url_and_the_session_its_capabilities(client, reviewer):
    html = client.get("/collect").get_data(as_text=True)
    settings = json.loads(
        re.search(r'<script id="mz-settings" type="application/json">(.*?)</script>', html, re.S).group(1)
    )
    urls = settings["urls"]
    assert urls["session"] == "/web/session" and urls["batch"] == "/api/v1/records/batch"
    assert urls["record"] == "/api/v1/records/{record_id}"
    assert urls["attachment"] == "/api/v1/records/{record_id}/attachments/{attachment_id}"
    assert urls["unit"] == "/api/v1/units/{code}"
    signed = client.post("/web/session", json={"username": reviewer.username, "password": PASSWORD}).get_json()
    expected = roles.capabilities(reviewer.role, reviewer.unit_code)
    assert signed["capabilities"] == expected and expected["reachLevel"] == "county"
    assert client.get("/web/session").get_json()["capabilities"] == expected


def test_the_service_refuses_to_start_without_the_pages_bundle(database_url, monkeypatch, tmp_path):
    monkeypatch.setattr(collect, "BUNDLE", tmp_path / "collect.js")
    with pytest.raises(RuntimeError, match="node frontend/build.mjs"):
        create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})


def test_the_policy_lets_the_configured_basemap_in(client, app):
    app.config["BASEMAP_URL"] = "https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY&x={x}&y={y}&l={z}"
    policy = client.get("/collect").headers["Content-Security-Policy"]
    assert "img-src 'self' data: blob: https://*.tianditu.gov.cn;" in policy


FORBIDDEN = [
    (r"\?\.", "optional chaining (ES2020)"),
    (r"\?\?", "nullish coalescing (ES2020)"),
    (r"\.\.\.", "spread or rest (object spread is ES2018)"),
    (r"catch\s*\{", "optional catch binding (ES2019)"),
    (r"^\s*(import|export)\b(?!\s*:)", "module syntax"),
    (r"\.(flat|flatMap|replaceAll|at)\(", "post-ES2017 methods"),
    (r"Object\.fromEntries|Promise\.allSettled", "post-ES2017 methods"),
]


def _code_only(source):
    """The script without comments and string literals (regular expressions stay, and our
    patterns above do not occur in them)."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    # one pass over all three kinds, so a quote inside another kind's string is left alone
    strings = r"""'(?:\\.|[^'\\\n])*'|"(?:\\.|[^"\\\n])*"|`(?:\\.|[^`\\])*`"""
    source = re.sub(strings, lambda m: m.group(0)[0] * 2, source)
    return re.sub(r"(^|[^:\\])//[^\n]*", r"\1", source)


@pytest.mark.parametrize("name", [BUNDLE.name])
def test_scripts_stay_within_es2017_for_old_webviews(name):
    code = _code_only((BUNDLE.parent / name).read_text())
    for pattern, what in FORBIDDEN:
        found = re.search(pattern, code, re.M)
        assert found is None, f"{name}: {what}: …{code[max(0, found.start() - 40) : found.end() + 40]}…"


def test_a_record_the_account_may_no_longer_post_comes_back_forbidden(phone, officer, admin, client, screenshot):
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    one.context.set_offline(True)
    fill_film(page, 80, 60)
    locate(page)
    save(page)
    # the officer is moved to 长沙镇 while the record waits on the phone
    moved = client.patch(f"/api/v1/users/{officer.username}", json={"unit_code": CHANGSHA}, headers=admin.headers)
    assert moved.status_code == 200, moved.get_json()
    one.context.set_offline(False)
    card = page.locator("[data-group=queue_group_attention] .card")
    expect(card).to_contain_text("无权限")
    expect(card).to_contain_text("镇 441402102 不在本账号的范围内。")
    screenshot(page, "forbidden")
    assert server_records() == []
    assert [item["state"] for item in one.outbox()] == ["forbidden"]  # still on the phone


def test_a_county_reviewer_chooses_among_the_towns_of_its_county(phone, reviewer, client):
    towns = client.get("/api/v1/units/441402").get_json()["children"]
    one = phone()
    page = one.open(geolocation={"latitude": CHANGSHA_POINT[1], "longitude": CHANGSHA_POINT[0], "accuracy": 6})
    sign_in_on(page, reviewer.username)
    fill_film(page, 70, 63)
    town = page.get_by_label("镇（街道）")
    expect(town.locator("option")).to_have_count(len(towns) + 1)
    town.select_option(CHANGSHA)
    locate(page)
    save(page)
    expect(page.locator("[data-group=queue_group_done] .card")).to_contain_text("已发送")
    [stored] = server_records()
    assert stored.town_code == CHANGSHA and stored.created_by == reviewer.username


def test_a_plot_is_walked_with_the_phones_location(phone, officer, screenshot):
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    open_form(page, "water_saving_irrigation")
    page.get_by_role("button", name="沿边界步行记录").click()
    lon, lat = SANJIAO_GPS["longitude"], SANJIAO_GPS["latitude"]
    walk = [(lon, lat), (lon + 0.001, lat), (lon + 0.001, lat + 0.001), (lon, lat + 0.001)]
    for n, (x, y) in enumerate(walk, start=1):
        one.context.set_geolocation({"longitude": x, "latitude": y, "accuracy": 5})
        expect(page.locator(".area")).to_contain_text(f"{n} 个拐点")
    page.get_by_role("button", name="停止步行记录").click()
    # a square of 0.001° at 24.3°N: about 101.5 m × 110.8 m ≈ 16.9 mu
    mu = float(re.search(r"([\d.]+) 亩", page.locator(".area").inner_text()).group(1))
    assert 16.0 < mu < 17.8
    assert field(page, "面积（亩）").input_value() == f"{mu:g}"
    screenshot(page, "walked")


def test_a_configured_basemap_is_drawn_under_the_form(phone, officer, app, live_server):
    app.config["BASEMAP_URL"] = f"{live_server}/test-tiles/{{z}}/{{x}}/{{y}}.png"
    app.config["BASEMAP_ATTRIBUTION"] = "测试底图"
    one = phone()
    page = one.open()
    tiles = []

    def tile(route):
        tiles.append(route.request.url)
        route.fulfill(status=200, content_type="image/png", body=BLANK_TILE)

    page.route("**/test-tiles/**", tile)
    sign_in_on(page, officer.username)
    open_form(page, "film_recovery")
    expect(page.locator(".leaflet-tile-loaded").first).to_be_attached()
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("测试底图")
    assert tiles


def test_every_screen_fits_a_phone_with_labelled_thumb_sized_controls(phone, officer, screenshot):
    one = phone()
    page = one.open()
    checks = []

    def check(name):
        checks.append((name, page.evaluate(FIT_CHECK)))

    check("signin")
    sign_in_on(page, officer.username)
    check("home")
    for tab, name in (("#queue", "queue"), ("#mine", "mine"), ("#account", "account")):
        page.click(f"a.tab[href='{tab}']")
        expect(page.locator("#screen-title")).to_be_visible()
        check(name)
        screenshot(page, name)
    open_form(page, "straw_utilization")
    expect(page.locator(".leaflet-container")).to_be_visible()
    check("form")
    page.click("#lang")
    expect(page.get_by_role("button", name="Save on phone")).to_be_visible()
    check("form-en")
    screenshot(page, "form-en")
    for name, result in checks:
        assert result["checked"] >= 3, (name, result)
        assert result["width"] <= 360, (name, result)
        assert result["small"] == [], (name, result["small"])
        assert result["unlabelled"] == [], (name, result["unlabelled"])


# document wider than the phone; controls under 44 px; form fields without a label
FIT_CHECK = """() => {
  const small = [], unlabelled = [];
  const controls = document.querySelectorAll('button, a.btn, a.tab, a.tile, a.chip, input, select, textarea, .seg label, .leaflet-bar a');
  for (const el of controls) {
    const r = el.getBoundingClientRect();
    if (!r.width || el.closest('.seg') && el.tagName === 'INPUT') continue;   // hidden, or a radio drawn by its label
    if (r.height < 44 || r.width < 44) small.push(el.outerHTML.slice(0, 80));
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName) && !(el.labels && el.labels.length) && !el.getAttribute('aria-label'))
      unlabelled.push(el.outerHTML.slice(0, 80));
  }
  return {width: document.documentElement.scrollWidth, checked: controls.length, small, unlabelled};
}"""
