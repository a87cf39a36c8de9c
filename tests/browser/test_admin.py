"""The administration pages in headless Chromium against the live test server: a county
reviewer manages a town officer; a city admin enters the next plan and the dashboard
switches to it; a temporary password leads to the password form first."""

import datetime as dt

from playwright.sync_api import expect

from tests.browser.test_collect import phone  # noqa: F401 (the fixture)
from tests.browser.test_dashboard import pages  # noqa: F401 (the fixture)
from tests.factories import CHANGSHA

NEW_PLAN_NAME = "梅州市农业清洁生产实施方案（2026—2030年）"


def test_a_county_reviewer_creates_a_town_officer_and_resets_its_password(pages, client, reviewer, screenshot):
    view = pages().sign_in(reviewer.username)
    page = view.page
    expect(page.locator("#nav-accounts")).to_be_visible()
    page.locator("#nav-accounts").click()
    expect(page.locator("#accounts-heading")).to_be_visible()
    # a reviewer may only make town officers, and only in its own county
    expect(page.locator("#acc-role option")).to_have_count(1)
    page.get_by_label("用户名").fill("changsha_clerk")
    page.get_by_label("临时密码（至少10个字符）").fill("first temporary pw")
    page.locator("#acc-unit").select_option(CHANGSHA)
    page.get_by_role("button", name="新建账户").click()
    expect(page.locator("#account-message")).to_have_text("已新建账户 changsha_clerk。")
    row = page.locator("#accounts-table tr", has_text="changsha_clerk")
    expect(row).to_contain_text("待改密码")
    row.locator("[data-reset]").click()
    temporary = page.locator("#temporary-password")
    expect(temporary).to_be_visible()
    password = temporary.text_content()
    assert len(password) >= 10
    screenshot(page, "reset")

    # the officer signs in with it and must choose a password of its own first
    officer = pages()
    officer.page.goto(officer.live_server + "/dashboard")
    officer.page.get_by_label("用户名").fill("changsha_clerk")
    officer.page.get_by_label("密码").fill(password)
    officer.page.get_by_role("button", name="登录", exact=True).click()
    expect(officer.page.locator("#must-change")).to_be_visible()
    assert officer.page.url.endswith("/dashboard/password")
    officer.page.get_by_label("当前密码（或临时密码）").fill(password)
    officer.page.get_by_label("新密码（至少10个字符）").fill("chosen by the clerk")
    officer.page.get_by_label("再次输入新密码").fill("chosen by the clerk")
    officer.page.get_by_role("button", name="保存新密码").click()
    officer.page.wait_for_url(officer.live_server + "/dashboard")
    officer.wait_ready()
    signed_in = client.post(
        "/api/v1/auth/tokens", json={"username": "changsha_clerk", "password": "chosen by the clerk"}
    )
    assert signed_in.status_code == 201 and signed_in.get_json()["must_change_password"] is False
    assert signed_in.get_json()["user"]["unit_code"] == CHANGSHA


def test_a_city_admin_enters_the_next_plan_and_the_dashboard_switches_to_it(pages, admin, monkeypatch, screenshot):
    monkeypatch.setattr("domain.clock.today_in_china", lambda: dt.date(2026, 12, 3))
    view = pages().sign_in(admin.username)
    page = view.page
    view.wait_ready()
    expect(page.locator("#plan-name")).to_have_attribute("data-plan", "2023-2025")
    expect(page.locator("#plan-name")).to_contain_text("已结束")

    page.locator("#nav-plans").click()
    expect(page.locator("#plans-table")).to_contain_text("2023-2025")
    page.get_by_role("button", name="新建规划").click()
    page.get_by_label("规划代码").first.fill("2026-2030")
    page.get_by_label("规划名称").fill(NEW_PLAN_NAME)
    page.get_by_label("开始日期").fill("2026-01-01")
    page.get_by_label("结束日期").fill("2030-12-31")
    page.locator("#target-film_recovery").fill("92")
    page.locator("#target-water_saving_irrigation").fill("12000")
    page.get_by_role("button", name="保存规划").click()
    expect(page.locator("#plan-message")).to_have_text("规划 2026-2030 已保存。")
    expect(page.locator("#plans-table tr", has_text="2026-2030")).to_contain_text("执行中")
    screenshot(page, "plans")

    page.locator("#nav-dashboard").click()
    view.wait_ready()
    expect(page.locator("#plan-name")).to_have_attribute("data-plan", "2026-2030")
    expect(page.locator("#plan-name")).to_contain_text(NEW_PLAN_NAME)
    expect(page.locator("#plan-name")).not_to_contain_text("已结束")
    expect(page.locator("#progress-note")).to_contain_text("2026")
    plan = view.page.request.get(view.live_server + "/api/v1/plans/2026-2030").json()
    assert {(t["indicator"], t["value"]) for t in plan["targets"]} == {
        ("film_recovery", 0.92),
        ("water_saving_irrigation", 12000),
    }
    screenshot(page, "dashboard")
    # the ended plan stays one address away
    page.goto(view.live_server + "/dashboard?plan=2023-2025")
    view.wait_ready()
    expect(page.locator("#plan-name")).to_have_attribute("data-plan", "2023-2025")
    expect(page.locator("#progress-note")).to_contain_text("2023")


def test_admin_pages_refuse_roles_they_are_not_for(pages, reviewer):
    view = pages().sign_in(reviewer.username)
    view.wait_ready()
    response = view.page.goto(view.live_server + "/dashboard/audit")
    assert response.status == 403
    expect(view.page.locator("#refused-heading")).to_be_visible()


def test_the_mobile_form_asks_for_a_new_password_after_a_reset(phone, client, admin, officer):
    temporary = client.post(f"/api/v1/users/{officer.username}/password-reset", headers=admin.headers).get_json()[
        "temporary_password"
    ]
    page = phone().open()
    page.fill("#username", officer.username)
    page.fill("#password", temporary)
    page.click("form.signin button[type=submit]")
    expect(page.locator("form.password .error")).to_contain_text("临时密码")
    page.fill("#pw-current", temporary)
    page.fill("#pw-new", "the officer's own")
    page.fill("#pw-again", "the officer's own")
    page.get_by_role("button", name="保存新密码").click()
    expect(page.locator("form.password .ok")).to_have_text("密码已修改。")
    answer = client.post("/api/v1/auth/tokens", json={"username": officer.username, "password": "the officer's own"})
    assert answer.status_code == 201 and answer.get_json()["must_change_password"] is False


def test_a_city_admin_uploads_a_town_boundary_then_finds_it_in_the_audit_log(pages, admin, reviewer, screenshot):
    import json

    ring = [[116.11, 24.29], [116.13, 24.29], [116.13, 24.31], [116.11, 24.31], [116.11, 24.29]]
    view = pages().sign_in(admin.username)
    page = view.page
    view.wait_ready()
    page.locator("#nav-boundaries").click()
    expect(page.locator("#boundary-town option")).to_have_count(112)
    page.locator("#boundary-town").select_option("441402102")
    page.locator("#boundary-file").set_input_files(
        files=[
            {
                "name": "sanjiao.geojson",
                "mimeType": "application/geo+json",
                "buffer": json.dumps(
                    {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [ring]}}
                ).encode(),
            }
        ]
    )
    expect(page.locator("#boundary-preview-note")).to_contain_text("5 个顶点")
    assert page.evaluate("document.querySelectorAll('#boundary-map path.leaflet-interactive').length") == 1
    screenshot(page, "preview")
    page.get_by_role("button", name="上传边界").click()
    expect(page.locator("#boundary-message")).to_contain_text("边界已上传")
    town = view.page.request.get(view.live_server + "/api/v1/units/441402102").json()
    assert town["boundary"]["type"] == "MultiPolygon"

    page.locator("#nav-audit").click()
    page.get_by_label("操作", exact=True).fill("boundary.uploaded")
    page.get_by_role("button", name="查询").click()
    row = page.locator("#audit-table tbody tr").first
    expect(row).to_contain_text(admin.username)
    expect(row).to_contain_text("441402102")

    # the reviewer's reminders: every town of its county is silent this month
    other = pages().sign_in(reviewer.username)
    other.wait_ready()
    other.page.locator("#nav-reminders").click()
    expect(other.page.locator("#silent-table tbody tr")).to_have_count(7)
    expect(other.page.locator("#reminder-xlsx")).to_have_attribute("href", "/api/v1/reminders?period=month&format=xlsx")
