"""The summary rollup answers exactly what the records say, after any sequence of writes.

Random sequences of creates, batches, corrections and reviews go through the HTTP API;
then every summary (each level, status and period), the lagging towns and the monthly
progress are compared with the same figures computed here, directly from the records.
Counts must be equal; sums of floats equal to the rollup's RELATIVE_PRECISION (the order
of addition differs, so the last bits may)."""

import datetime as dt
import math
import os
import random
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from backend.extensions import db
from backend.models import Record, SummaryRollup
from backend.services import rollup
from domain.indicators import INDICATORS, TOTAL
from tests.factories import CHANGSHA, CHANGSHA_POINT, SANJIAO, SANJIAO_POINT, SONGKOU, SONGKOU_POINT, record

TOWNS = {SANJIAO: SANJIAO_POINT, CHANGSHA: CHANGSHA_POINT, SONGKOU: SONGKOU_POINT}
CITY = "441400"
STATUS_SETS = {"approved": {"approved"}, "pending": {"pending"}, "all": {"pending", "approved"}}
# years, the plan window, whole months (the rollup answers) and days (the records answer)
PERIODS = [
    {"year": 2024},
    {"year": 2025},
    {},
    {"date_from": "2024-03-01", "date_to": "2025-02-28"},
    {"date_from": "2024-03-15", "date_to": "2025-02-10"},
]


def _random_values(rng, indicator):
    body = record(indicator)["values"]
    for name in INDICATORS[indicator].numerator_fields + (
        (INDICATORS[indicator].denominator_field,) if INDICATORS[indicator].denominator_field else ()
    ):
        body[name] = round(rng.uniform(0, 1000), rng.choice((0, 1, 3, 7)))
    entry = INDICATORS[indicator]
    if indicator == "fertilizer_efficiency":
        low, high = sorted((body["uptake_control_kg"], body["uptake_fertilized_kg"]))
        body["uptake_control_kg"], body["uptake_fertilized_kg"] = low, min(high, low + body["nutrient_applied_kg"])
    elif entry.denominator_field:  # one record never uses more than it has
        [numerator] = entry.numerator_fields
        body[numerator] = min(body[numerator], body[entry.denominator_field])
    if indicator == "water_saving_irrigation":
        body["completed_on"] = _random_day(rng).isoformat()
    return body


def _random_day(rng):
    return dt.date(2023, 11, 1) + dt.timedelta(days=rng.randrange(800))


def random_record(rng):
    indicator = rng.choice(list(INDICATORS))
    town = rng.choice(list(TOWNS))
    observed = _random_day(rng)
    body = record(
        indicator,
        town_code=town,
        observed_on=observed.isoformat(),
        location={"type": "Point", "coordinates": list(TOWNS[town])},
    )
    if indicator == "water_saving_irrigation":
        from tests.factories import square_plot

        body["geometry"] = square_plot(TOWNS[town])
        body["values"]["area_mu"] = round(rng.uniform(1, 500), 2)
    else:
        body["values"] = _random_values(rng, indicator)
    if rng.random() < 0.2:  # a reporting year other than the observation's
        body["year"] = observed.year + rng.choice((-1, 1))
    return body


def random_patch(rng, stored):
    """A merge patch that moves a record in time, to another town, or changes its figures."""
    choice = rng.randrange(4)
    if choice == 0:
        return {"observed_on": _random_day(rng).isoformat()}
    if choice == 1:
        return {"year": rng.choice((2023, 2024, 2025))}
    if choice == 2 and stored["indicator"] != "water_saving_irrigation":
        town = rng.choice(list(TOWNS))
        return {"town_code": town, "location": {"type": "Point", "coordinates": list(TOWNS[town])}}
    if stored["indicator"] == "water_saving_irrigation":
        return {"values": {"area_mu": round(rng.uniform(1, 500), 2), "completed_on": _random_day(rng).isoformat()}}
    return {"values": _random_values(rng, stored["indicator"])}


class Api:
    """The writes and reads of the test, through the test client or over real HTTP."""

    def __init__(self, account, client=None, base=None):
        self.account, self.client, self.base = account, client, base

    def call(self, method, path, **kwargs):
        if self.client is not None:
            response = self.client.open(path, method=method, headers=self.account.headers, **kwargs)
            return response.status_code, response.get_json()
        if "query_string" in kwargs:
            kwargs["params"] = kwargs.pop("query_string")
        response = requests.request(method, self.base + path, headers=self.account.headers, timeout=120, **kwargs)
        return response.status_code, response.json()


def random_writes(api, rng, steps):
    """steps random writes; returns the ids created."""
    ids = []
    for _ in range(steps):
        action = rng.choices(("create", "batch", "patch", "review"), (3, 1, 3, 3))[0]
        if action == "create" or (not ids and action in ("patch", "review")):
            status, body = api.call("POST", "/api/v1/records", json=random_record(rng))
            assert status == 201, body
            ids.append(body["id"])
        elif action == "batch":
            items = [random_record(rng) for _ in range(rng.randrange(1, 30))]
            status, body = api.call("POST", "/api/v1/records/batch", json={"records": items})
            assert status == 200 and body["counts"] == {"created": len(items)}, body
            ids += [result["record"]["id"] for result in body["results"]]
        elif action == "patch":
            record_id = rng.choice(ids)
            status, stored = api.call("GET", f"/api/v1/records/{record_id}")
            status, body = api.call("PATCH", f"/api/v1/records/{record_id}", json=random_patch(rng, stored))
            assert status == 200, body
        else:
            record_id = rng.choice(ids)
            status, body = api.call(
                "POST",
                f"/api/v1/records/{record_id}/review",
                json={"decision": rng.choice(("approve", "reject")), "reason": "checked"},
            )
            assert status in (200, 409), body  # 409: not pending any more
    return ids


# --- the same figures, computed here from the records -------------------------------------


def _stored_records():
    db.session.remove()
    return db.session.execute(
        db.select(
            Record.town_code,
            Record.county_code,
            Record.indicator,
            Record.year,
            Record.counted_on,
            Record.status,
            Record.numerator,
            Record.denominator,
        )
    ).all()


def _placed(row, period, indicator):
    if "year" in period:
        if indicator.kind == TOTAL:
            return row.counted_on.year == period["year"]
        return row.year == period["year"]
    first = dt.date.fromisoformat(period.get("date_from", "2023-01-01"))
    last = dt.date.fromisoformat(period.get("date_to", "2025-12-31"))
    return first <= row.counted_on <= last


def _unit_of(row, level):
    return {"town": row.town_code, "county": row.county_code, "city": CITY}[level]


def expected_sums(rows, level, period, statuses):
    """{(unit, indicator): [numerator, denominator, records, towns, submitted]}"""
    sums = {}
    for row in rows:
        indicator = INDICATORS[row.indicator]
        if not _placed(row, period, indicator):
            continue
        cell = sums.setdefault((_unit_of(row, level), row.indicator), [0.0, 0.0, 0, set(), 0])
        cell[4] += 1
        if row.status in statuses:
            cell[0] += row.numerator
            cell[1] += row.denominator or 0.0
            cell[2] += 1
            cell[3].add(row.town_code)
    return sums


def close(a, b):
    return math.isclose(a, b, rel_tol=rollup.RELATIVE_PRECISION, abs_tol=1e-9)


def check_summaries(api, rows):
    compared = 0
    for level in ("town", "county", "city"):
        for status, statuses in STATUS_SETS.items():
            for period in PERIODS:
                code, body = api.call(
                    "GET", "/api/v1/summaries", query_string={"unit": CITY, "level": level, "status": status, **period}
                )
                assert code == 200, body
                expected = expected_sums(rows, level, period, statuses)
                for item in body["items"]:
                    numerator, denominator, count, towns, _ = expected.get(
                        (item["unit_code"], item["indicator"]), (0.0, 0.0, 0, set(), 0)
                    )
                    where = (level, status, period, item["unit_code"], item["indicator"])
                    assert item["records"] == count, where
                    assert item["towns_reporting"] == len(towns), where
                    assert close(item["numerator"], numerator), (where, item["numerator"], numerator)
                    if INDICATORS[item["indicator"]].kind == TOTAL:
                        assert item["denominator"] is None
                    else:
                        assert close(item["denominator"], denominator), where
                        if denominator > 0:
                            assert close(item["value"], numerator / denominator), where
                        else:
                            assert item["value"] is None, where
                    compared += 1
    return compared


def check_lagging(api, rows):
    for indicator in INDICATORS:
        for unit in (CITY, "441402"):
            code, body = api.call(
                "GET", "/api/v1/summaries/lagging", query_string={"unit": unit, "indicator": indicator, "year": 2025}
            )
            assert code == 200, body
            sums = expected_sums(
                [r for r in rows if unit == CITY or r.county_code == unit], "town", {"year": 2025}, {"approved"}
            )
            reporting = {town for (town, code_), cell in sums.items() if code_ == indicator and cell[4] > 0}
            assert {row["unit_code"] for row in body["not_reporting"]}.isdisjoint(reporting)
            assert body["towns_total"] - len(body["not_reporting"]) == len(reporting), (indicator, unit)
            for row in body["below_target"] + body["without_value"]:
                numerator, _, count, _, submitted = sums[(row["unit_code"], indicator)]
                assert row["records"] == count and row["submitted"] == submitted
                assert close(row["numerator"], numerator)


def check_monthly(api, rows):
    for indicator_code, indicator in INDICATORS.items():
        for unit in (CITY, "441402", SANJIAO):
            for year in (2024, 2025):
                code, body = api.call(
                    "GET",
                    "/api/v1/summaries/monthly",
                    query_string={"unit": unit, "indicator": indicator_code, "year": year, "status": "all"},
                )
                assert code == 200, body
                expected = {month: [0.0, 0.0, 0, set()] for month in range(1, 13)}
                for row in rows:
                    if (
                        row.indicator != indicator_code
                        or row.status == "rejected"
                        or not _placed(row, {"year": year}, indicator)
                        or unit not in (CITY, row.county_code, row.town_code)
                    ):
                        continue
                    month = min(max(row.counted_on, dt.date(year, 1, 1)), dt.date(year, 12, 31)).month
                    cell = expected[month]
                    cell[0] += row.numerator
                    cell[1] += row.denominator or 0.0
                    cell[2] += 1
                    cell[3].add(row.town_code)
                for month in body["months"]:
                    numerator, denominator, count, towns = expected[month["month"]]
                    where = (indicator_code, unit, year, month["month"])
                    assert month["records"] == count and month["towns_reporting"] == len(towns), where
                    assert close(month["numerator"], numerator), where
                    if indicator.kind != TOTAL:
                        assert close(month["denominator"], denominator), where


def check_list_totals(api, rows):
    """GET /records' total (read from the rollup when the filters are its keys) against a
    count of the records, for filters of each kind and their combinations."""
    first = rows[0]
    filters = [
        {},
        {"indicator": first.indicator},
        {"county_code": first.county_code, "status": first.status},
        {"town_code": first.town_code, "year": first.year},
        {"indicator": first.indicator, "year": first.year, "status": "approved"},
        {"year": 2025, "bbox": "115,23,117,25.5"},  # a box (all of Meizhou): counted over the records
    ]
    for asked in filters:
        status, body = api.call("GET", "/api/v1/records", query_string={**asked, "per_page": 1})
        assert status == 200, body
        plain = {k: v for k, v in asked.items() if k != "bbox"}
        expected = sum(all(getattr(row, k) == v for k, v in plain.items()) for row in rows)
        assert (body["total"], body["pages"]) == (expected, expected), asked


def check_everything(api):
    rows = _stored_records()
    assert rows, "the writes stored nothing"
    assert check_summaries(api, rows) == len(STATUS_SETS) * len(PERIODS) * 7 * (112 + 8 + 1)
    check_lagging(api, rows)
    check_monthly(api, rows)
    check_list_totals(api, rows)
    assert rollup.differences() == []


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_random_writes_keep_the_rollup_equal_to_the_records(client, admin, seed):
    api = Api(admin, client=client)
    random_writes(api, random.Random(seed), 60)
    check_everything(api)


@pytest.mark.skipif(
    not os.environ.get("DATABASE_URL", "").startswith("postgresql"),
    reason="concurrent writers are PostgreSQL's case: SQLite runs one writer at a time, and "
    "eight queued on this shared machine can outwait its 30 s busy timeout (503)",
)
def test_concurrent_writers_keep_the_rollup_equal_to_the_records(live_server, admin):
    """Eight writers at once, over real HTTP, on the same towns and months: creates,
    batches, corrections and reviews, also of the same records."""
    api = Api(admin, base=live_server)
    shared = random_writes(api, random.Random(99), 10)

    def writer(seed):
        rng = random.Random(seed)
        ids = random_writes(api, rng, 25)
        for _ in range(5):  # corrections and reviews racing on records that all writers share
            record_id = rng.choice(shared)
            if rng.random() < 0.5:
                code, body = api.call(
                    "POST", f"/api/v1/records/{record_id}/review", json={"decision": "approve", "reason": "ok"}
                )
                assert code in (200, 409), body
            else:
                code, body = api.call(
                    "PATCH",
                    f"/api/v1/records/{record_id}",
                    json={"values": _random_values(rng, _indicator_of(api, record_id))},
                )
                assert code in (200, 409, 412), body
        return ids

    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(writer, range(8)))
    check_everything(api)


def _indicator_of(api, record_id):
    return api.call("GET", f"/api/v1/records/{record_id}")[1]["indicator"]


def test_rebuild_reports_and_repairs_a_damaged_rollup(app, client, admin):
    random_writes(Api(admin, client=client), random.Random(7), 20)
    db.session.execute(
        db.update(SummaryRollup).where(SummaryRollup.status == "pending").values(records=SummaryRollup.records + 1)
    )
    db.session.commit()
    runner = app.test_cli_runner()
    checked = runner.invoke(args=["rollup", "rebuild", "--check"])
    assert checked.exit_code == 1 and "differs: " in checked.output, checked.output
    assert rollup.differences(), "--check changed nothing"
    rebuilt = runner.invoke(args=["rollup", "rebuild"])
    assert rebuilt.exit_code == 0 and "rollup rebuilt" in rebuilt.output, rebuilt.output
    db.session.remove()
    assert rollup.differences() == []
    assert runner.invoke(args=["rollup", "rebuild", "--check"]).output.startswith("0 cell(s) differed")
