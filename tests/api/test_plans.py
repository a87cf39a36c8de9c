"""Plans: the default plan by the date in China, each plan's window and targets, saving a
plan as JSON or XLSX; on both databases."""

import datetime as dt
import io
import json

import pytest
from openpyxl import load_workbook

from tests.factories import approve, record, square_plot

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FIRST = "2023-2025"
NEXT = "2026-2030"
WATER = "water_saving_irrigation"
NEXT_PLAN = {
    "name": "梅州市农业清洁生产实施方案（2026—2030年）",
    "starts_on": "2026-01-01",
    "ends_on": "2030-12-31",
    "targets": [
        {"indicator": "film_recovery", "unit_code": "441400", "year": None, "value": 0.92},
        {"indicator": "film_recovery", "unit_code": "441400", "year": 2026, "value": 0.91},
        {"indicator": WATER, "unit_code": "441400", "year": None, "value": 12000},
    ],
}


@pytest.fixture
def today(monkeypatch):
    """today("2026-12-03"): the service's clock stands on that day in China."""

    def stand_on(day):
        monkeypatch.setattr("domain.clock.today_in_china", lambda: dt.date.fromisoformat(day))

    return stand_on


def get(client, account, url, expect=200, **params):
    response = client.get(url, query_string=params, headers=account.headers)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def city_item(answer, indicator):
    [found] = [i for i in answer["items"] if i["unit_code"] == "441400" and i["indicator"] == indicator]
    return found


def save(client, account, code, body, expect):
    response = client.put(f"/api/v1/plans/{code}", json=body, headers=account.headers)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def plot_record(client, admin, completed_on, area_mu):
    body = record(WATER, observed_on=completed_on, geometry=square_plot())
    body["values"].update(completed_on=completed_on, area_mu=area_mu)
    response = client.post("/api/v1/records", json=body, headers=admin.headers)
    assert response.status_code == 201, response.get_json()
    approve(client, admin, response.get_json()["id"])


def test_default_plan_inside_its_window_is_running(client, admin, today):
    today("2024-06-01")
    answer = get(client, admin, "/api/v1/summaries", level="city")
    assert answer["plan"] == {
        "code": FIRST,
        "name": "梅州市农业清洁生产实施方案（2023—2025年）",
        "starts_on": "2023-01-01",
        "ends_on": "2025-12-31",
        "ended": False,
    }
    assert (answer["date_from"], answer["date_to"]) == ("2023-01-01", "2025-12-31")
    assert get(client, admin, "/api/v1/plans/default")["code"] == FIRST


def test_after_its_end_the_last_plan_is_used_and_marked_ended_until_the_next_is_entered(client, admin, today):
    today("2026-12-03")
    answer = get(client, admin, "/api/v1/summaries", level="city")
    assert answer["plan"]["code"] == FIRST and answer["plan"]["ended"] is True
    assert [p["code"] for p in get(client, admin, "/api/v1/plans")] == [FIRST]

    created = save(client, admin, NEXT, NEXT_PLAN, 201)
    assert created["code"] == NEXT and created["ended"] is False and len(created["targets"]) == 3
    answer = get(client, admin, "/api/v1/summaries", level="city")
    assert answer["plan"] == {
        "code": NEXT,
        "name": NEXT_PLAN["name"],
        "starts_on": "2026-01-01",
        "ends_on": "2030-12-31",
        "ended": False,
    }
    assert (answer["date_from"], answer["date_to"]) == ("2026-01-01", "2030-12-31")
    assert city_item(answer, "film_recovery")["target"] == pytest.approx(0.92)
    # a 2025 summary is still measured against the plan that held 2025
    old = get(client, admin, "/api/v1/summaries", level="city", year=2025)
    assert old["plan"]["code"] == FIRST and city_item(old, "film_recovery")["target"] == pytest.approx(0.90)
    this_year = get(client, admin, "/api/v1/summaries", level="city", year=2026)
    assert city_item(this_year, "film_recovery")["target"] == pytest.approx(0.91)
    assert [p["code"] for p in get(client, admin, "/api/v1/plans")] == [FIRST, NEXT]


def test_the_area_total_is_measured_over_each_plans_window(client, admin, today):
    plot_record(client, admin, "2023-03-01", 4000)
    plot_record(client, admin, "2025-11-30", 5000)
    plot_record(client, admin, "2026-02-01", 700)
    today("2026-12-03")
    save(client, admin, NEXT, NEXT_PLAN, 201)

    first = city_item(get(client, admin, "/api/v1/summaries", level="city", plan=FIRST), WATER)
    assert first["value"] == pytest.approx(9000) and first["target"] == pytest.approx(9700)
    assert first["met"] is False and first["gap"] == pytest.approx(700)
    current = city_item(get(client, admin, "/api/v1/summaries", level="city"), WATER)
    assert current["value"] == pytest.approx(700) and current["target"] == pytest.approx(12000)

    # lagging towns and monthly figures name the plan they used too
    lagging = get(client, admin, "/api/v1/summaries/lagging", indicator=WATER, unit="441402", plan=FIRST)
    assert lagging["plan"]["code"] == FIRST and lagging["date_to"] == "2025-12-31"
    monthly = get(client, admin, "/api/v1/summaries/monthly", indicator="film_recovery", year=2026)
    assert monthly["plan"]["code"] == NEXT and monthly["months"][0]["target"] == pytest.approx(0.91)


def test_summary_files_name_their_plan(client, admin, today):
    today("2026-12-03")
    response = client.get("/api/v1/summaries", query_string={"format": "xlsx", "level": "city"}, headers=admin.headers)
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.properties.keywords == f"plan={FIRST}; ended=true"
    header = [cell.value for cell in next(workbook.active.iter_rows())]
    assert header[-2:] == ["规划 (plan)", "规划已结束 (plan_ended)"]
    assert [cell.value for cell in list(workbook.active.iter_rows())[1]][-2:] == [FIRST, True]
    text = (
        client.get("/api/v1/summaries", query_string={"format": "csv", "level": "city"}, headers=admin.headers)
        .data.decode("utf-8-sig")
        .splitlines()
    )
    assert text[1].endswith(f",{FIRST},true")


def test_target_endpoints_work_on_a_plan(client, admin, reviewer, today):
    today("2026-12-03")
    save(client, admin, NEXT, NEXT_PLAN, 201)
    listed = get(client, reviewer, "/api/v1/targets", indicator="film_recovery")
    assert {(t["plan"], t["year"], t["value"]) for t in listed} == {(NEXT, None, 0.92), (NEXT, 2026, 0.91)}
    first = get(client, reviewer, "/api/v1/targets", indicator="film_recovery", plan=FIRST)
    assert [(t["plan"], t["value"]) for t in first] == [(FIRST, 0.90)]
    changed = client.put(
        "/api/v1/targets",
        json={"plan": FIRST, "indicator": "film_recovery", "unit_code": "441402", "year": 2025, "value": 0.95},
        headers=admin.headers,
    )
    assert changed.status_code == 201 and changed.get_json()["plan"] == FIRST
    effective = get(client, reviewer, "/api/v1/targets/effective", unit_code="441402", year=2025)
    assert [t["target"] for t in effective if t["indicator"] == "film_recovery"] == [0.95]
    changes = get(client, admin, "/api/v1/targets/changes", plan=FIRST, unit_code="441402")
    assert [(c["old_value"], c["new_value"], c["by"]) for c in changes] == [(None, 0.95, admin.username)]


def test_saving_a_plan_again_replaces_its_targets(client, admin):
    save(client, admin, NEXT, NEXT_PLAN, 201)
    fewer = {**NEXT_PLAN, "name": "新名称", "targets": NEXT_PLAN["targets"][:1]}
    saved = save(client, admin, NEXT, fewer, 200)
    assert saved["name"] == "新名称" and [t["value"] for t in saved["targets"]] == [0.92]
    removed = get(client, admin, "/api/v1/targets/changes", plan=NEXT, indicator=WATER)
    assert [(c["old_value"], c["new_value"]) for c in removed] == [(None, 12000), (12000, None)]


def test_a_plan_round_trips_through_its_workbook(client, admin):
    response = client.get(f"/api/v1/plans/{FIRST}", query_string={"format": "xlsx"}, headers=admin.headers)
    assert response.status_code == 200 and response.mimetype == XLSX
    workbook = load_workbook(io.BytesIO(response.data))
    sheet = workbook["规划"]
    sheet["B1"], sheet["B2"] = NEXT, "下一期规划"
    sheet["B3"], sheet["B4"] = dt.datetime(2026, 1, 1), "2030/12/31"
    targets = workbook["目标"]
    targets.append(["film_recovery", "441402", 2027, "93%"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    uploaded = client.put(
        f"/api/v1/plans/{NEXT}", data=buffer.getvalue(), headers={**admin.headers, "Content-Type": XLSX}
    )
    assert uploaded.status_code == 201, uploaded.get_json()
    plan = uploaded.get_json()
    assert (plan["name"], plan["starts_on"], plan["ends_on"]) == ("下一期规划", "2026-01-01", "2030-12-31")
    assert len(plan["targets"]) == 8
    assert [t["value"] for t in plan["targets"] if t["unit_code"] == "441402"] == [pytest.approx(0.93)]


def _workbook(rows):
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.title = "规划"
    for row in (["规划名称 (name)", "x"], ["开始日期 (starts_on)", "2026-01-01"], ["结束日期 (ends_on)", "2030-12-31"]):
        workbook.active.append(row)
    sheet = workbook.create_sheet("目标")
    sheet.append(["indicator", "unit_code", "year", "value"])
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "body,field",
    [
        (b"not a zip at all", None),
        (b"PK\x03\x04" + b"\x00" * 40, None),
        (_workbook([["film_recovery", "441400", None, 90]]), "targets[0].value"),  # 90 % as 90
        (_workbook([["film_recovery", "441400", 2031, 0.9]]), "targets[0].year"),  # outside the plan
        (_workbook([["nonsense", "441400", None, 0.9]]), "targets[0].indicator"),
        (_workbook([["film_recovery", "999999", None, 0.9]]), "targets[0].unit_code"),
        (_workbook([["film_recovery", "441400", "every", 0.9]]), "targets[0].year"),
        (_workbook([["film_recovery", "441400", None, "abc"]]), "targets[0].value"),
    ],
)
def test_a_bad_workbook_is_422_naming_the_cell(client, admin, body, field):
    response = client.put(f"/api/v1/plans/{NEXT}", data=body, headers={**admin.headers, "Content-Type": XLSX})
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    if field:
        assert field in response.get_json()["errors"], response.get_json()
    assert client.get(f"/api/v1/plans/{NEXT}", headers=admin.headers).status_code == 404


def _with(**changes):
    return {**NEXT_PLAN, **changes}


@pytest.mark.parametrize(
    "code,body,field",
    [
        (NEXT, _with(starts_on="2031-01-01"), "ends_on"),
        (NEXT, _with(name=""), "name"),
        (NEXT, _with(name="a\x00b"), "name"),
        (NEXT, _with(name="名" * 101), "name"),
        (NEXT, _with(starts_on="2026-02-30"), "starts_on"),
        (NEXT, _with(targets=None), "targets"),
        (NEXT, {k: v for k, v in NEXT_PLAN.items() if k != "targets"}, "targets"),
        (
            NEXT,
            _with(targets=[{"indicator": "film_recovery", "unit_code": "441400", "year": 2026, "value": 1.5}]),
            "targets[0].value",
        ),
        (
            NEXT,
            _with(targets=[{"indicator": "film_recovery", "unit_code": "441400", "year": 2**63, "value": 0.9}]),
            "targets[0].year",
        ),
        (
            NEXT,
            _with(targets=[{"indicator": "film_recovery", "unit_code": "441400", "year": None, "value": 0.9}] * 2),
            "targets[1]",
        ),
        (
            NEXT,
            _with(targets=[{"indicator": "film_recovery", "unit_code": "441400", "year": None, "value": 0.9}] * 5001),
            "targets",
        ),
        ("a b", NEXT_PLAN, "code"),
        ("x" * 21, NEXT_PLAN, "code"),
        ("default", NEXT_PLAN, "code"),  # the default plan's own address
    ],
)
def test_invalid_plans_are_422_naming_the_field(client, admin, code, body, field):
    response = client.put(
        f"/api/v1/plans/{code}", data=json.dumps(body), content_type="application/json", headers=admin.headers
    )
    assert response.status_code == 422, response.get_json()
    assert field in response.get_json()["errors"], response.get_json()


def test_only_city_admins_save_plans_and_bodies_must_be_json_or_xlsx(client, admin, reviewer):
    assert client.put(f"/api/v1/plans/{NEXT}", json=NEXT_PLAN, headers=reviewer.headers).status_code == 403
    wrong_type = client.put(
        f"/api/v1/plans/{NEXT}", data="name=x", headers={**admin.headers, "Content-Type": "text/plain"}
    )
    assert wrong_type.status_code == 415
    assert client.put(f"/api/v1/plans/{NEXT}", json=[1, 2], headers=admin.headers).status_code == 400
    lone_surrogate = json.dumps({**NEXT_PLAN, "name": "\ud800"})
    assert (
        client.put(
            f"/api/v1/plans/{NEXT}", data=lone_surrogate, content_type="application/json", headers=admin.headers
        ).status_code
        == 400
    )
    assert client.get("/api/v1/plans/nope", headers=reviewer.headers).status_code == 404
    assert client.get("/api/v1/plans/%00", headers=reviewer.headers).status_code == 422
    assert client.get("/api/v1/summaries", query_string={"plan": "nope"}, headers=reviewer.headers).status_code == 422
    assert client.get("/api/v1/plans").status_code == 401


def test_exports_take_a_plan(client, admin, today):
    plot_record(client, admin, "2025-11-30", 5000)
    plot_record(client, admin, "2026-02-01", 700)
    today("2026-12-03")
    save(client, admin, NEXT, NEXT_PLAN, 201)
    response = client.get(
        "/api/v1/exports/records", query_string={"format": "geojson", "plan": NEXT}, headers=admin.headers
    )
    assert response.status_code == 200
    features = response.get_json()["features"]
    assert [f["properties"]["completed_on"] for f in features] == ["2026-02-01"]
    assert f"plan{NEXT}" in response.headers["Content-Disposition"]


def test_seed_keeps_the_first_plan_and_is_idempotent(app, client, admin):
    runner = app.test_cli_runner()
    assert "targets 0" in runner.invoke(args=["seed"]).output
    plans = get(client, admin, "/api/v1/plans")
    assert [(p["code"], p["starts_on"], p["ends_on"]) for p in plans] == [(FIRST, "2023-01-01", "2025-12-31")]
    targets = get(client, admin, f"/api/v1/plans/{FIRST}")["targets"]
    assert {t["indicator"]: t["value"] for t in targets}[WATER] == 9700 and len(targets) == 7


def test_two_admins_saving_the_same_new_plan_at_once_both_succeed(live_server, admin, sign_in):
    import concurrent.futures

    import requests

    other = sign_in("city_admin", "441400")

    def put(account):
        return requests.put(f"{live_server}/api/v1/plans/{NEXT}", json=NEXT_PLAN, headers=account.headers, timeout=60)

    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(put, [admin, other, admin, other]))
    # one creates it, the others replace it: never a 500, never two plans
    assert sorted(a.status_code for a in answers) == [200, 200, 200, 201]
    stored = requests.get(f"{live_server}/api/v1/plans/{NEXT}", headers=admin.headers, timeout=60).json()
    assert len(stored["targets"]) == 3
