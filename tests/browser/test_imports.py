"""The dashboard's import page in headless Chromium: a ledger uploaded, checked (the dry
run's per-row table), then confirmed; the records are then in the API."""

import datetime as dt

from playwright.sync_api import expect

from tests.api.test_imports import FILM_HEADER, film_rows, xlsx
from tests.conftest import PASSWORD


def test_a_ledger_is_uploaded_checked_and_confirmed(browser, live_server, client, reviewer, tmp_path, screenshot):
    bad_row = ["农膜回收率", None, "三角镇", dt.date(2024, 5, 6), None, None, 10, 90, None]
    ledger = tmp_path / "台账.xlsx"
    ledger.write_bytes(xlsx([FILM_HEADER, *film_rows(3), bad_row]))

    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    outside = []
    page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(live_server) else None)
    page.goto(live_server + "/dashboard/imports")
    page.get_by_label("用户名").fill(reviewer.username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录", exact=True).click()

    expect(page.get_by_role("heading", name="导入台账")).to_be_visible()
    page.get_by_label("指标").select_option("film_recovery")
    expect(page.get_by_role("link", name="下载模板")).to_be_visible()
    page.get_by_label("台账文件").set_input_files(str(ledger))
    page.get_by_role("button", name="检查").click()
    message = page.locator("#import-message")
    expect(message).to_contain_text("3 行可导入")
    expect(message).to_contain_text("1 行有误")
    bad = page.locator('#import-rows tr[data-row="5"]')
    expect(bad).to_contain_text("有误")
    expect(bad).to_contain_text("农膜回收量（吨）")
    confirm = page.get_by_role("button", name="确认导入")
    expect(confirm).to_be_disabled()  # a file with a bad row imports nothing unless told to skip it
    screenshot(page, "checked")

    page.get_by_label("跳过有误的行，导入其余行").check()
    page.get_by_role("button", name="检查").click()
    expect(confirm).to_be_enabled()
    assert client.get("/api/v1/records", headers=reviewer.headers).get_json()["total"] == 0  # only checked

    confirm.click()
    expect(message).to_contain_text("已导入 3 行")
    expect(page.locator('#import-rows tr[data-row="2"]')).to_contain_text("已导入")
    screenshot(page, "imported")
    page.wait_for_load_state("networkidle")
    assert client.get("/api/v1/records", headers=reviewer.headers).get_json()["total"] == 3
    assert errors == [] and outside == []
    context.close()
