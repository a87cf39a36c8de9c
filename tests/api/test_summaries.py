"""Summaries against the targets, through the HTTP API (SpatiaLite and PostGIS alike)."""

import csv
import io

import pytest
from openpyxl import load_workbook

from tests.factories import CHANGSHA, SANJIAO, SANJIAO_POINT, approve, record, square_plot

MEIJIANG = "441402"  # 梅江区: 7 towns
CHENGBEI = "441402105"  # 城北镇, 梅江区
XIYANG = "441402106"  # 西阳镇, 梅江区
MEIXIAN_TOWN = "441403101"  # 城东镇, 梅县区
MEIXIAN_POINT = [116.3139, 24.3543]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def post(client, account, indicator="film_recovery", town=SANJIAO, point=SANJIAO_POINT, **fields):
    body = record(indicator, town_code=town, location={"type": "Point", "coordinates": point})
    body["values"].update(fields.pop("values", {}))
    body.update(fields)
    response = client.post("/api/v1/records", json=body, headers=account.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()["id"]


def film(client, reviewer, town, recovered, used, approved=True, **fields):
    record_id = post(client, reviewer, town=town, values={"film_recovered_t": recovered, "film_used_t": used}, **fields)
    if approved:
        approve(client, reviewer, record_id)
    return record_id


def summary(client, account, expect=200, **params):
    response = client.get("/api/v1/summaries", query_string=params, headers=account.headers)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def item(body, unit_code, indicator="film_recovery"):
    [found] = [i for i in body["items"] if i["unit_code"] == unit_code and i["indicator"] == indicator]
    return found


def test_county_rate_is_the_ratio_of_the_sums(client, reviewer):
    film(client, reviewer, SANJIAO, 95, 100)
    film(client, reviewer, CHANGSHA, 5, 10)

    county = item(
        summary(client, reviewer, level="county", unit=MEIJIANG, year=2025, indicators="film_recovery"), MEIJIANG
    )
    assert county["numerator"] == pytest.approx(100) and county["denominator"] == pytest.approx(110)
    assert county["value"] == pytest.approx(100 / 110)  # not (0.95 + 0.5) / 2
    assert county["target"] == pytest.approx(0.90)
    assert county["target_source"] == {"unit_code": "441400", "year": None}
    assert county["met"] is True and county["gap"] == 0
    assert (county["records"], county["towns_reporting"], county["towns_total"]) == (2, 2, 7)

    towns = summary(client, reviewer, level="town", unit=MEIJIANG, year=2025, indicators="film_recovery")
    assert len(towns["items"]) == 7
    changsha = item(towns, CHANGSHA)
    assert changsha["value"] == pytest.approx(0.5) and changsha["met"] is False
    assert changsha["gap"] == pytest.approx(0.4)
    silent = item(towns, XIYANG)
    assert (silent["records"], silent["value"], silent["met"], silent["gap"]) == (0, None, None, None)


def test_every_indicator_and_unit_of_the_level_has_a_row(client, admin):
    body = summary(client, admin, level="county", year=2024)
    assert len(body["items"]) == 8 * 7
    assert [i["indicator"] for i in body["items"][:8]] == ["film_recovery"] * 8
    city = summary(client, admin)  # the account's own unit and level: the city, plan window
    assert {i["unit_code"] for i in city["items"]} == {"441400"} and len(city["items"]) == 7
    assert city["date_from"] == "2023-01-01" and city["date_to"] == "2025-12-31"


def test_pending_records_count_only_when_asked(client, reviewer):
    film(client, reviewer, SANJIAO, 95, 100)
    film(client, reviewer, CHENGBEI, 30, 100, approved=False)

    approved = summary(client, reviewer, level="town", year=2025, indicators="film_recovery")
    assert item(approved, CHENGBEI)["records"] == 0 and item(approved, CHENGBEI)["value"] is None
    every = summary(client, reviewer, level="county", year=2025, indicators="film_recovery", status="all")
    assert item(every, MEIJIANG)["value"] == pytest.approx(125 / 200)
    assert item(every, MEIJIANG)["towns_reporting"] == 2
    pending = summary(client, reviewer, level="county", year=2025, indicators="film_recovery", status="pending")
    assert item(pending, MEIJIANG)["value"] == pytest.approx(0.3)


def test_all_zero_denominator_gives_no_value(client, reviewer):
    film(client, reviewer, SANJIAO, 0, 0)
    row = item(summary(client, reviewer, level="town", unit=SANJIAO, year=2025), SANJIAO)
    assert row["records"] == 1 and row["denominator"] == 0
    assert (row["value"], row["met"], row["gap"]) == (None, None, None)


def test_a_correction_after_approval_counts_only_the_current_revision(client, reviewer):
    record_id = film(client, reviewer, SANJIAO, 95, 100)
    patched = client.patch(
        f"/api/v1/records/{record_id}", json={"values": {"film_recovered_t": 50}}, headers=reviewer.headers
    )
    assert patched.status_code == 200 and patched.get_json()["status"] == "pending"
    assert item(summary(client, reviewer, unit=SANJIAO, year=2025), SANJIAO)["records"] == 0

    approve(client, reviewer, record_id)
    row = item(summary(client, reviewer, unit=SANJIAO, year=2025), SANJIAO)
    assert (row["records"], row["numerator"], row["value"]) == (1, 50, 0.5)


def plot(client, reviewer, completed_on, area_mu, offset):
    center = [SANJIAO_POINT[0] + offset, SANJIAO_POINT[1]]
    record_id = post(
        client,
        reviewer,
        "water_saving_irrigation",
        point=center,
        observed_on=completed_on,
        geometry=square_plot(center),
        values={"area_mu": area_mu, "completed_on": completed_on},
    )
    approve(client, reviewer, record_id)


def test_water_saving_area_is_summed_over_the_plan_window(client, admin, reviewer):
    for completed_on, area, offset in (
        ("2022-12-31", 1000, 0),
        ("2023-01-01", 60, 0.01),
        ("2024-06-30", 61, 0.02),
        ("2025-12-31", 62, 0.03),
    ):
        plot(client, reviewer, completed_on, area, offset)

    city = item(summary(client, admin, indicators="water_saving_irrigation"), "441400", "water_saving_irrigation")
    assert (city["value"], city["records"], city["denominator"]) == (183, 3, None)
    assert city["date_from"] == "2023-01-01" and city["date_to"] == "2025-12-31"
    assert city["target"] == 9700 and city["gap"] == 9700 - 183 and city["met"] is False
    assert city["target_source"] == {"unit_code": "441400", "year": None}

    one_year = item(
        summary(client, admin, indicators="water_saving_irrigation", year=2024), "441400", "water_saving_irrigation"
    )
    assert one_year["value"] == 61 and one_year["date_from"] == "2024-01-01"
    assert one_year["target"] is None  # the 9,700 mu is for the window, not for one year
    ranged = item(
        summary(client, admin, indicators="water_saving_irrigation", date_from="2022-01-01", date_to="2023-12-31"),
        "441400",
        "water_saving_irrigation",
    )
    assert ranged["value"] == 1060

    county = item(summary(client, reviewer, indicators="water_saving_irrigation"), MEIJIANG, "water_saving_irrigation")
    assert county["value"] == 183 and county["target"] is None and county["met"] is None


def test_irrigation_coefficient_against_0535(client, reviewer):
    for town, effective in ((SANJIAO, 5500), (CHANGSHA, 5000)):
        record_id = post(
            client,
            reviewer,
            "irrigation_water_coefficient",
            town=town,
            values={"water_withdrawn_m3": 10000, "water_effective_m3": effective},
        )
        approve(client, reviewer, record_id)
    body = summary(client, reviewer, level="town", year=2025, indicators="irrigation_water_coefficient")
    assert item(body, SANJIAO, "irrigation_water_coefficient")["met"] is True
    county = item(
        summary(client, reviewer, year=2025, indicators="irrigation_water_coefficient"),
        MEIJIANG,
        "irrigation_water_coefficient",
    )
    assert county["value"] == pytest.approx(0.525) and county["target"] == pytest.approx(0.535)
    assert county["met"] is False and county["gap"] == pytest.approx(0.01)


def test_scope(client, reviewer, officer, sign_in):
    summary(client, reviewer, 403, level="town", unit="441403")
    summary(client, reviewer, 403, unit=MEIXIAN_TOWN)
    summary(client, reviewer, 403, unit="441400", level="county")
    summary(client, reviewer, 422, level="city")  # its county has no city below it
    assert {i["unit_code"] for i in summary(client, reviewer)["items"]} == {MEIJIANG}

    assert {i["unit_code"] for i in summary(client, officer, level="town")["items"]} == {SANJIAO}
    summary(client, officer, 403, unit=MEIJIANG, level="town")
    summary(client, officer, 403, unit=CHANGSHA)
    analyst = sign_in("analyst", "441400")
    assert len(summary(client, analyst, level="town", indicators="film_recovery")["items"]) == 112


def test_invalid_requests(client, admin):
    assert "year" in summary(client, admin, 422, year=2025, date_from="2025-01-01")["errors"]
    assert "indicators" in summary(client, admin, 422, indicators="film_recovery,nonsense")["errors"]
    assert "date_from" in summary(client, admin, 422, date_from="2025-02-01", date_to="2025-01-01")["errors"]
    assert "status" in summary(client, admin, 422, status="rejected")["errors"]
    summary(client, admin, 404, unit="441499")
    summary(client, admin, 422, unit=SANJIAO, level="county")
    response = client.get("/api/v1/summaries", headers={**admin.headers, "Accept": "application/pdf"})
    assert response.status_code == 406
    assert client.get("/api/v1/summaries").status_code == 401


def test_indicators_by_comma_or_repeated(client, admin):
    by_comma = summary(client, admin, indicators="straw_utilization,film_recovery")
    response = client.get(
        "/api/v1/summaries?indicators=straw_utilization&indicators=film_recovery", headers=admin.headers
    )
    assert [i["indicator"] for i in by_comma["items"]] == ["straw_utilization", "film_recovery"]
    assert response.get_json()["items"] == by_comma["items"]


def test_lagging_towns(client, reviewer):
    film(client, reviewer, SANJIAO, 95, 100)  # met
    film(client, reviewer, CHANGSHA, 5, 10)  # gap 0.4
    film(client, reviewer, "441402004", 20, 100)  # gap 0.7
    film(client, reviewer, CHENGBEI, 30, 100, approved=False)  # reported, not yet counted

    response = client.get(
        "/api/v1/summaries/lagging", headers=reviewer.headers, query_string={"indicator": "film_recovery", "year": 2025}
    )
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert [t["unit_code"] for t in body["below_target"]] == ["441402004", CHANGSHA]
    assert [t["unit_code"] for t in body["without_value"]] == [CHENGBEI]
    assert [t["unit_code"] for t in body["not_reporting"]] == ["441402006", "441402007", XIYANG]
    assert body["towns_total"] == 7 and body["unit_name"] == "梅江区"
    other = client.get(
        "/api/v1/summaries/lagging",
        headers=reviewer.headers,
        query_string={"indicator": "film_recovery", "unit": "441403"},
    )
    assert other.status_code == 403


def test_monthly_progress(client, reviewer):
    film(client, reviewer, SANJIAO, 40, 100, observed_on="2025-03-10")
    film(client, reviewer, CHANGSHA, 95, 100, observed_on="2025-06-01")
    film(client, reviewer, CHANGSHA, 99, 100, observed_on="2024-06-01")  # another year

    response = client.get(
        "/api/v1/summaries/monthly", headers=reviewer.headers, query_string={"indicator": "film_recovery", "year": 2025}
    )
    assert response.status_code == 200, response.get_json()
    months = response.get_json()["months"]
    assert [m["month"] for m in months] == list(range(1, 13))
    assert months[0]["value"] is None and months[0]["cum_value"] is None and months[0]["records"] == 0
    assert months[2]["value"] == pytest.approx(0.4) and months[2]["cum_met"] is False
    assert months[5]["value"] == pytest.approx(0.95)
    assert months[5]["cum_value"] == pytest.approx(135 / 200) and months[5]["cum_records"] == 2
    year = item(summary(client, reviewer, year=2025, indicators="film_recovery"), MEIJIANG)
    assert months[11]["cum_value"] == pytest.approx(year["value"])
    assert months[11]["target_source"] == {"unit_code": "441400", "year": None}


def test_monthly_total_counts_by_completion(client, admin, reviewer):
    plot(client, reviewer, "2024-02-15", 60, 0)
    plot(client, reviewer, "2024-11-01", 40, 0.01)
    response = client.get(
        "/api/v1/summaries/monthly",
        headers=admin.headers,
        query_string={"indicator": "water_saving_irrigation", "year": 2024},
    )
    months = response.get_json()["months"]
    assert [m["cum_value"] for m in months] == [0, 60, 60, 60, 60, 60, 60, 60, 60, 60, 100, 100]
    assert months[1]["denominator"] is None


def header_codes(headers):
    """ "数值 (value)" → "value"."""
    return [h.rsplit("(", 1)[1].rstrip(")") for h in headers]


def as_json_value(value):
    if value == "":
        return None
    if value in ("true", "false"):
        return value == "true"
    try:
        return int(value) if value.lstrip("-").isdigit() else float(value)
    except ValueError:
        return value


def expected_row(item, plan):
    """A JSON item as the file's row: its target source spread, the answer's plan named."""
    source = item["target_source"] or {}
    return {
        **item,
        "target_unit_code": source.get("unit_code"),
        "target_year": source.get("year"),
        "plan": plan["code"],
        "plan_ended": plan["ended"],
    }


def test_csv_and_xlsx_hold_what_the_json_says(client, reviewer):
    film(client, reviewer, SANJIAO, 95, 100)
    film(client, reviewer, CHANGSHA, 5, 10)
    params = {"level": "town", "year": 2025}
    answer = summary(client, reviewer, **params)
    items, plan = answer["items"], answer["plan"]
    assert plan == {
        "code": "2023-2025",
        "name": "梅州市农业清洁生产实施方案（2023—2025年）",
        "starts_on": "2023-01-01",
        "ends_on": "2025-12-31",
        "ended": plan["ended"],
    }

    response = client.get("/api/v1/summaries", query_string=params, headers={**reviewer.headers, "Accept": "text/csv"})
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert response.data.startswith(b"\xef\xbb\xbf")
    disposition = response.headers["Content-Disposition"]
    assert disposition.isascii() and 'filename="summary_town_441402_2025_approved_plan2023-2025.csv"' in disposition
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][1] == "指标 (indicator_name)"
    codes = header_codes(rows[0])
    assert len(rows) - 1 == len(items) == 7 * 7
    for row, expected in zip(rows[1:], items):
        expected = expected_row(expected, plan)
        for code, cell in zip(codes, row):
            if isinstance(expected[code], float):
                assert float(cell) == expected[code], code
            else:
                assert as_json_value(cell) == expected[code] or cell == str(expected[code]), code

    response = client.get("/api/v1/summaries", query_string={**params, "format": "xlsx"}, headers=reviewer.headers)
    assert response.status_code == 200 and response.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = list(sheet.iter_rows())
    codes = header_codes([cell.value for cell in rows[0]])
    for row, expected in zip(rows[1:], items):
        expected = expected_row(expected, plan)
        for code, cell in zip(codes, row):
            value = cell.value.date().isoformat() if hasattr(cell.value, "date") else cell.value
            assert value == pytest.approx(expected[code]) if isinstance(value, float) else value == expected[code], code
        by_code = dict(zip(codes, row))
        if expected["value"] is not None:
            assert by_code["value"].number_format == ("0.0%" if expected["kind"] == "rate" else "#,##0.00")
    assert len(rows) - 1 == len(items)


def test_lagging_towns_download(client, reviewer):
    film(client, reviewer, CHANGSHA, 5, 10)
    params = {"indicator": "film_recovery", "year": 2025}
    body = client.get("/api/v1/summaries/lagging", query_string=params, headers=reviewer.headers).get_json()
    expected = [("not_reporting", t["unit_code"]) for t in body["not_reporting"]] + [
        ("below_target", t["unit_code"]) for t in body["below_target"]
    ]
    response = client.get(
        "/api/v1/summaries/lagging", query_string={**params, "format": "csv"}, headers=reviewer.headers
    )
    rows = list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert [(r["情况代码 (situation)"], r["镇代码 (unit_code)"]) for r in rows] == expected
    assert rows[-1]["差距 (gap)"] and float(rows[-1]["差距 (gap)"]) == pytest.approx(0.4)

    response = client.get(
        "/api/v1/summaries/lagging", query_string=params, headers={**reviewer.headers, "Accept": XLSX}
    )
    assert response.mimetype == XLSX and response.headers["Content-Disposition"].isascii()
    sheet = load_workbook(io.BytesIO(response.data)).active
    cells = list(sheet.iter_rows(values_only=True))
    assert [(r[0], r[4]) for r in cells[1:]] == expected


def test_one_query_whatever_the_number_of_units(client, admin, statements):
    film(client, admin, SANJIAO, 95, 100)
    statements.clear()
    body = summary(client, admin, level="town")
    assert len(body["items"]) == 112 * 7
    reading_rollup = [s for s in statements if "FROM summary_rollup" in s]
    reading_records = [s for s in statements if "FROM records" in s or "JOIN records" in s]
    reading_targets = [s for s in statements if "FROM targets" in s]
    # the plan window is whole months: the rollup answers, the records are not read
    assert len(reading_rollup) == 1 and len(reading_targets) == 1 and not reading_records
    assert " GROUP BY " in reading_rollup[0]


def test_other_counties_point(client, admin):
    """Counties are kept apart: a town of 梅县区 counts in 梅县区 only."""
    film(client, admin, MEIXIAN_TOWN, 10, 10, point=MEIXIAN_POINT)
    body = summary(client, admin, level="county", year=2025, indicators="film_recovery")
    assert item(body, "441403")["records"] == 1 and item(body, MEIJIANG)["records"] == 0
    assert item(body, "441403")["towns_reporting"] == 1
