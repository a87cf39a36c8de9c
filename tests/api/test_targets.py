"""Targets: seeded from the plan, changed by city admins only, every change on record."""

import pytest

from tests.api.test_summaries import MEIJIANG, film, item, summary
from tests.factories import SANJIAO

CITY = "441400"


def put(client, account, expect, **body):
    response = client.put("/api/v1/targets", json=body, headers=account.headers)
    assert response.status_code == expect, response.get_json()
    return response.get_json()


def changes(client, account, **params):
    response = client.get("/api/v1/targets/changes", query_string=params, headers=account.headers)
    assert response.status_code == 200
    return response.get_json()


def effective(client, account, unit_code, year=None):
    params = {"unit_code": unit_code} | ({"year": year} if year else {})
    response = client.get("/api/v1/targets/effective", query_string=params, headers=account.headers)
    assert response.status_code == 200, response.get_json()
    return {t["indicator"]: t for t in response.get_json()}


def test_the_plan_is_seeded_as_city_targets_for_every_year(client, officer):
    response = client.get("/api/v1/targets", headers=officer.headers)
    seeded = {t["indicator"]: t for t in response.get_json()}
    assert seeded["film_recovery"]["value"] == 0.9 and seeded["film_recovery"]["unit_code"] == CITY
    assert seeded["water_saving_irrigation"]["value"] == 9700
    assert seeded["irrigation_water_coefficient"]["value"] == 0.535
    assert all(t["year"] is None for t in seeded.values()) and len(seeded) == 7


def test_an_admin_change_is_recorded(client, admin):
    created = put(client, admin, 201, indicator="film_recovery", unit_code=MEIJIANG, year=None, value=0.95)
    assert created["updated_by"] == admin.username
    put(client, admin, 200, indicator="film_recovery", unit_code=MEIJIANG, year=None, value=0.96)
    put(client, admin, 200, indicator="film_recovery", unit_code=MEIJIANG, year=None, value=0.96)  # no change

    history = changes(client, admin, unit_code=MEIJIANG)
    assert [(c["old_value"], c["new_value"], c["by"]) for c in history] == [
        (None, 0.95, admin.username),
        (0.95, 0.96, admin.username),
    ]
    assert all(c["at"] and c["year"] is None for c in history)
    stored = client.get("/api/v1/targets", query_string={"unit_code": MEIJIANG}, headers=admin.headers)
    assert [t["value"] for t in stored.get_json()] == [0.96]

    put(client, admin, 200, indicator="film_recovery", unit_code=CITY, value=0.91)  # year left out: every year
    assert changes(client, admin, unit_code=CITY)[-1]["old_value"] == 0.9


def test_only_city_admins_change_targets(client, reviewer, officer, sign_in, admin):
    body = {"indicator": "film_recovery", "unit_code": MEIJIANG, "year": 2025, "value": 0.5}
    put(client, reviewer, 403, **body)
    put(client, officer, 403, **body)
    put(client, sign_in("analyst", CITY), 403, **body)
    assert changes(client, admin) == []
    assert item(summary(client, reviewer, year=2025), MEIJIANG)["target"] == 0.9


@pytest.mark.parametrize(
    "body, field",
    [
        ({"indicator": "film_recovery", "unit_code": MEIJIANG, "value": 90}, "value"),
        ({"indicator": "water_saving_irrigation", "unit_code": MEIJIANG, "value": -1}, "value"),
        ({"indicator": "nonsense", "unit_code": MEIJIANG, "value": 0.5}, "indicator"),
        ({"indicator": "film_recovery", "unit_code": "441499", "value": 0.5}, "unit_code"),
        ({"indicator": "film_recovery", "unit_code": MEIJIANG, "year": "2025", "value": 0.5}, "year"),
        ({"indicator": "film_recovery", "unit_code": MEIJIANG}, "value"),
    ],
)
def test_invalid_targets(client, admin, body, field):
    assert field in put(client, admin, 422, **body)["errors"]


def test_nearest_unit_and_then_the_year_decide(client, admin, officer):
    town = effective(client, officer, SANJIAO, 2025)
    assert town["film_recovery"]["target_source"] == {"unit_code": CITY, "year": None}

    put(client, admin, 201, indicator="film_recovery", unit_code=CITY, year=2025, value=0.92)
    assert effective(client, officer, SANJIAO, 2025)["film_recovery"]["target_source"] == {
        "unit_code": CITY,
        "year": 2025,
    }
    put(client, admin, 201, indicator="film_recovery", unit_code=MEIJIANG, year=None, value=0.95)
    town = effective(client, officer, SANJIAO, 2025)["film_recovery"]
    assert town["target"] == 0.95 and town["target_source"] == {"unit_code": MEIJIANG, "year": None}
    put(client, admin, 201, indicator="film_recovery", unit_code=MEIJIANG, year=2025, value=0.97)
    assert effective(client, officer, SANJIAO, 2025)["film_recovery"]["target"] == 0.97
    assert effective(client, officer, SANJIAO, 2024)["film_recovery"]["target"] == 0.95
    put(client, admin, 201, indicator="film_recovery", unit_code=SANJIAO, year=None, value=0.5)
    assert effective(client, officer, SANJIAO, 2025)["film_recovery"]["target_source"] == {
        "unit_code": SANJIAO,
        "year": None,
    }


def test_the_area_total_is_the_citys_alone(client, admin, reviewer):
    assert effective(client, admin, CITY)["water_saving_irrigation"]["target"] == 9700
    county = effective(client, reviewer, MEIJIANG)
    assert county["water_saving_irrigation"]["target"] is None
    assert county["straw_utilization"]["target_source"] == {"unit_code": CITY, "year": None}

    put(client, admin, 201, indicator="water_saving_irrigation", unit_code=MEIJIANG, value=1200)
    assert effective(client, reviewer, MEIJIANG)["water_saving_irrigation"]["target"] == 1200
    assert effective(client, reviewer, SANJIAO)["water_saving_irrigation"]["target"] is None
    row = item(summary(client, reviewer, indicators="water_saving_irrigation"), MEIJIANG, "water_saving_irrigation")
    assert (row["value"], row["target"], row["gap"], row["met"]) == (0, 1200, 1200, False)


def test_summaries_say_which_target_applied(client, admin, reviewer):
    film(client, reviewer, SANJIAO, 92, 100)
    put(client, admin, 201, indicator="film_recovery", unit_code=MEIJIANG, year=2025, value=0.95)
    towns = summary(client, reviewer, level="town", year=2025, indicators="film_recovery")
    sanjiao = item(towns, SANJIAO)
    assert sanjiao["target"] == 0.95 and sanjiao["target_source"] == {"unit_code": MEIJIANG, "year": 2025}
    assert sanjiao["met"] is False and sanjiao["gap"] == pytest.approx(0.03)
    other_year = item(summary(client, reviewer, level="town", year=2024, indicators="film_recovery"), SANJIAO)
    assert other_year["target_source"] == {"unit_code": CITY, "year": None}


def test_targets_are_read_within_scope(client, admin, reviewer):
    put(client, admin, 201, indicator="film_recovery", unit_code="441403", value=0.93)
    put(client, admin, 201, indicator="film_recovery", unit_code=MEIJIANG, value=0.94)
    seen = {t["unit_code"] for t in client.get("/api/v1/targets", headers=reviewer.headers).get_json()}
    assert seen == {CITY, MEIJIANG}
    assert {c["unit_code"] for c in changes(client, reviewer)} == {MEIJIANG}
    response = client.get("/api/v1/targets/effective", query_string={"unit_code": "441403"}, headers=reviewer.headers)
    assert response.status_code == 403
