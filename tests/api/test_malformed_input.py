"""Whatever arrives, the answer is a 4xx problem document naming what is wrong, never a 500."""

import json

import pytest

from tests.factories import SANJIAO_POINT, record, square_plot

RECORDS = "/api/v1/records"


def _ring_with(n):
    lon, lat = SANJIAO_POINT
    import math

    ring = [
        [lon + 0.001 * math.cos(2 * math.pi * i / n), lat + 0.001 * math.sin(2 * math.pi * i / n)] for i in range(n)
    ]
    return {"type": "Polygon", "coordinates": [ring + [ring[0]]]}


def _bowtie():
    lon, lat = SANJIAO_POINT
    return {
        "type": "Polygon",
        "coordinates": [[[lon, lat], [lon + 0.002, lat + 0.002], [lon + 0.002, lat], [lon, lat + 0.002], [lon, lat]]],
    }


def _unclosed():
    plot = square_plot()
    plot["coordinates"][0] = plot["coordinates"][0][:-1]
    return plot


MALFORMED_RECORDS = {
    "wrong type for a value": (record(values={"film_used_t": "lots", "film_recovered_t": 1}), "values.film_used_t"),
    "bool for a number": (record(values={"film_used_t": True, "film_recovered_t": 1}), "values.film_used_t"),
    "negative quantity": (record(values={"film_used_t": -5, "film_recovered_t": 1}), "values.film_used_t"),
    "huge number": (record(values={"film_used_t": 1e300, "film_recovered_t": 1}), "values.film_used_t"),
    "recovered above used": (record(values={"film_used_t": 10, "film_recovered_t": 11}), "values.film_recovered_t"),
    "control above fertilised": (
        record(
            "fertilizer_efficiency",
            values={"crop": "稻", "nutrient_applied_kg": 100, "uptake_fertilized_kg": 30, "uptake_control_kg": 40},
        ),
        "values.uptake_control_kg",
    ),
    "straw parts do not add up": (
        record(
            "straw_utilization",
            values={"straw_collectable_t": 100, "straw_utilized_t": 90, "by_use": {"fertilizer_t": 10}},
        ),
        "values.by_use",
    ),
    "missing value": (record(values={"film_used_t": 10}), "values.film_recovered_t"),
    "unknown value field": (record(values={"film_used_t": 10, "film_recovered_t": 5, "x": 1}), "values.x"),
    "unknown indicator": (record(indicator="film_recovery") | {"indicator": "rice_yield"}, "indicator"),
    "client_id not a UUID": (record(client_id="abc"), "client_id"),
    "missing client_id": ({k: v for k, v in record().items() if k != "client_id"}, "client_id"),
    "future date": (record(observed_on="2999-01-01"), "observed_on"),
    "date before 2000": (record(observed_on="1999-12-31"), "observed_on"),
    "bad town code": (record(town_code="4414"), "town_code"),
    "unknown town": (record(town_code="441402999"), "town_code"),
    "county code as town": (record(town_code="441402000"), "town_code"),
    "unknown crs": (record(crs="EPSG:3857"), "crs"),
    "note too long": (record(note="长" * 501), "note"),
    "location not a point": (record(location={"type": "LineString", "coordinates": [[1, 2], [3, 4]]}), "location"),
    "location as a string": (record(location="116.1,24.3"), "location"),
    "NaN-free but empty coordinates": (record(location={"type": "Point", "coordinates": []}), "location"),
    "swapped coordinates": (record(location={"type": "Point", "coordinates": SANJIAO_POINT[::-1]}), "location"),
    "point in another province": (record(location={"type": "Point", "coordinates": [113.26, 23.13]}), "location"),
    "self-intersecting plot": (record("water_saving_irrigation", geometry=_bowtie()), "geometry"),
    "unclosed plot": (record("water_saving_irrigation", geometry=_unclosed()), "geometry"),
    "50,000-vertex plot": (record("water_saving_irrigation", geometry=_ring_with(50_000)), "geometry"),
    "plot missing for water saving": (record("water_saving_irrigation", geometry=None), "geometry"),
    "year as a string": (record(year="2025"), "year"),
}


@pytest.mark.parametrize("body,field", MALFORMED_RECORDS.values(), ids=MALFORMED_RECORDS.keys())
def test_malformed_records_are_422_naming_the_field(client, officer, body, field):
    response = client.post(RECORDS, json=body, headers=officer.headers)
    assert response.status_code == 422, response.get_json()
    problem = response.get_json()
    assert response.mimetype == "application/problem+json"
    assert problem["status"] == 422 and problem["title"] and problem["detail"]
    assert field in problem["errors"], problem["errors"]
    assert all(isinstance(m, str) and m for m in problem["errors"][field])


RAW_BODIES = {
    "not JSON": (b"{not json", "application/json", 400),
    "NaN": (b'{"client_id": NaN}', "application/json", 400),
    "Infinity": (json.dumps(record()).replace("120.5", "Infinity").encode(), "application/json", 400),
    "overflowing float": (json.dumps(record()).replace("120.5", "1e400").encode(), "application/json", 400),
    "enormous integer": (json.dumps(record()).replace("120.5", "9" * 5000).encode(), "application/json", 400),
    "a JSON list": (b"[1, 2]", "application/json", 422),
    "a JSON string": (b'"hello"', "application/json", 422),
    "null": (b"null", "application/json", 400),
    "form data": (b"a=1", "application/x-www-form-urlencoded", 415),
    "no content type": (b"{}", None, 415),
    "invalid UTF-8": (b'{"note": "\xff\xfe"}', "application/json", 400),
    "deep nesting": (b"[" * 100_000 + b"]" * 100_000, "application/json", 400),
}


@pytest.mark.parametrize("data,content_type,status", RAW_BODIES.values(), ids=RAW_BODIES.keys())
def test_unparseable_bodies_get_a_4xx_problem(client, officer, data, content_type, status):
    headers = dict(officer.headers)
    if content_type:
        headers["Content-Type"] = content_type
    response = client.post(RECORDS, data=data, headers=headers)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"


def test_a_body_over_the_size_limit_is_413(client, officer):
    body = json.dumps({"records": [record(note="x" * 400) for _ in range(3000)]})
    assert len(body) > 2 * 1024 * 1024
    response = client.post(
        f"{RECORDS}/batch", data=body, headers=officer.headers | {"Content-Type": "application/json"}
    )
    assert response.status_code == 413 and response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    "method,path,status",
    [
        ("get", "/api/v1/records/999999", 404),
        ("get", "/api/v1/nowhere", 404),
        ("delete", "/api/v1/records", 405),
        ("get", "/api/v1/records?per_page=100000", 422),
        ("get", "/api/v1/records?bbox=1,2,3", 422),
        ("get", "/api/v1/records?year=abc", 422),
    ],
)
def test_other_errors_are_problems_too(client, officer, method, path, status):
    response = getattr(client, method)(path, headers=officer.headers)
    assert response.status_code == status
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["status"] == status


def test_batch_items_of_any_shape_get_their_own_outcome(client, officer):
    items = [None, 1, [], "x", {}, {"client_id": None}, {"client_id": {"a": 1}}, record()]
    response = client.post(f"{RECORDS}/batch", json={"records": items}, headers=officer.headers)
    assert response.status_code == 200
    assert [r["outcome"] for r in response.get_json()["results"]] == ["invalid"] * 7 + ["created"]


@pytest.mark.parametrize("body", [{}, {"records": "x"}, {"records": None}, [], {"records": {"a": 1}}])
def test_a_batch_that_is_not_a_list_is_422(client, officer, body):
    response = client.post(f"{RECORDS}/batch", json=body, headers=officer.headers)
    assert response.status_code == 422 and "records" in response.get_json()["errors"]
