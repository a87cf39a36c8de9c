"""Reminders: towns silent this month or quarter, reviews overdue; JSON and XLSX; on both databases."""

import datetime as dt
import io

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from backend.extensions import db
from tests.factories import CHANGSHA, CHANGSHA_POINT, SANJIAO, SONGKOU, SONGKOU_POINT, create_record, record

URL = "/api/v1/reminders"
MEIJIANG_TOWNS = 7


@pytest.fixture
def june_15_2025(monkeypatch):
    monkeypatch.setattr("domain.clock.today_in_china", lambda: dt.date(2025, 6, 15))


def waited(record_id, days):
    """The record as if sent `days` days ago."""
    db.session.execute(
        sa.text("UPDATE records SET updated_at = :at WHERE id = :id"),
        {"at": (dt.datetime.now(dt.UTC) - dt.timedelta(days=days)).replace(tzinfo=None), "id": record_id},
    )
    db.session.commit()


def test_silent_towns_and_overdue_reviews(client, reviewer, officer, sign_in, june_15_2025):
    fresh = create_record(client, officer, record(observed_on="2025-06-10"))
    old = create_record(client, officer, record(observed_on="2025-04-02"))
    rejected = create_record(
        client,
        reviewer,
        record(town_code=CHANGSHA, observed_on="2025-06-01", location={"type": "Point", "coordinates": CHANGSHA_POINT}),
    )
    assert (
        client.post(
            f"/api/v1/records/{rejected['id']}/review",
            json={"decision": "reject", "reason": "x"},
            headers=reviewer.headers,
        ).status_code
        == 200
    )
    other = sign_in("county_reviewer", "441403")
    create_record(
        client,
        other,
        record(town_code=SONGKOU, location={"type": "Point", "coordinates": SONGKOU_POINT}, observed_on="2025-06-01"),
    )
    waited(old["id"], 8)
    waited(fresh["id"], 6)

    month = client.get(URL, headers=reviewer.headers).get_json()
    assert (month["period_label"], month["date_from"], month["date_to"]) == ("2025-06", "2025-06-01", "2025-06-30")
    silent = [t["town_code"] for t in month["silent_towns"]]
    assert SANJIAO not in silent and CHANGSHA in silent and len(silent) == MEIJIANG_TOWNS - 1
    assert [r["id"] for r in month["overdue_reviews"]] == [old["id"]] and month["overdue_total"] == 1
    assert month["overdue_reviews"][0]["days_waiting"] == 8 and month["review_reminder_days"] == 7

    quarter = client.get(URL, query_string={"period": "quarter"}, headers=reviewer.headers).get_json()
    assert (quarter["period_label"], quarter["date_from"], quarter["date_to"]) == (
        "2025-Q2",
        "2025-04-01",
        "2025-06-30",
    )

    city = client.get(URL, query_string={"unit": "441400"}, headers=sign_in("city_admin", "441400").headers).get_json()
    assert SONGKOU not in [t["town_code"] for t in city["silent_towns"]] and len(city["silent_towns"]) == 112 - 2

    workbook = load_workbook(
        io.BytesIO(client.get(URL, query_string={"format": "xlsx"}, headers=reviewer.headers).data)
    )
    towns, overdue = workbook.worksheets
    assert towns.title == "未报送镇 2025-06" and towns.max_row == 1 + MEIJIANG_TOWNS - 1
    assert overdue.title == "超7天待审" and [c.value for c in overdue[2]][0] == old["id"]


def test_the_reminder_days_are_configurable(app, client, reviewer, officer, june_15_2025):
    app.config["REVIEW_REMINDER_DAYS"] = 3
    posted = create_record(client, officer, record(observed_on="2025-06-10"))
    waited(posted["id"], 4)
    answer = client.get(URL, headers=reviewer.headers).get_json()
    assert answer["review_reminder_days"] == 3 and [r["id"] for r in answer["overdue_reviews"]] == [posted["id"]]


@pytest.mark.parametrize(
    "params,status",
    [
        ({"unit": "441403"}, 403),
        ({"unit": "441403100"}, 403),
        ({"unit": "441402999"}, 404),
        ({"unit": "x"}, 422),
        ({"period": "week"}, 422),
        ({"format": "pdf"}, 422),
        ({"unit": "4414\x00"}, 422),
    ],
)
def test_reminders_outside_scope_or_malformed(client, reviewer, params, status):
    assert client.get(URL, query_string=params, headers=reviewer.headers).status_code == status
