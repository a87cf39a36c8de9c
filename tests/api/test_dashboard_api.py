"""GET /api/v1/dashboard/records and /outlines: the dashboard map's data, through the API."""

import pytest

from tests.factories import SANJIAO, SONGKOU, SONGKOU_POINT, approve, create_record, record, square_plot

RECORDS = "/api/v1/dashboard/records"
OUTLINES = "/api/v1/dashboard/outlines"


@pytest.fixture
def mapped(client, admin, reviewer):
    """Two approved records of 三角镇 (one a plot), one pending there, one of 松口镇 (梅县区)."""
    film = create_record(client, admin, record())
    plot = create_record(client, admin, record("water_saving_irrigation"))
    create_record(client, admin, record(observed_on="2024-05-01"))
    create_record(client, admin, record(town_code=SONGKOU, location={"type": "Point", "coordinates": SONGKOU_POINT}))
    for created in (film, plot):
        approve(client, reviewer, created["id"])
    return {"film": film, "plot": plot}


def test_map_records_in_scope_with_filters(client, reviewer, mapped):
    answer = client.get(f"{RECORDS}?status=approved&year=2025", headers=reviewer.headers)
    assert answer.status_code == 200 and answer.mimetype == "application/geo+json"
    assert answer.headers["Cache-Control"] == "private, no-store"
    features = answer.get_json()["features"]
    assert sorted(f["id"] for f in features) == sorted([mapped["film"]["id"], mapped["plot"]["id"]])
    by_id = {f["id"]: f for f in features}
    film = by_id[mapped["film"]["id"]]
    assert film["geometry"] == {"type": "Point", "coordinates": [116.1177, 24.2991]}
    assert film["properties"] == {
        "id": film["id"],
        "indicator": "film_recovery",
        "status": "approved",
        "town_code": SANJIAO,
        "observed_on": "2025-06-30",
        "flags": [],
    }
    plot = by_id[mapped["plot"]["id"]]["properties"]["plot"]
    assert plot["type"] == "MultiPolygon"
    corners = {(round(x, 6), round(y, 6)) for x, y in square_plot()["coordinates"][0]}
    assert {(x, y) for x, y in plot["coordinates"][0][0]} == corners  # 6 decimals, as the database wrote
    # the county reviewer sees its own county only, whatever it asks without a unit
    everything = client.get(RECORDS, headers=reviewer.headers).get_json()["features"]
    assert {f["properties"]["town_code"][:6] for f in everything} == {"441402"} and len(everything) == 3


def test_a_city_account_sees_every_county_and_a_town_filter_narrows(client, admin, mapped):
    everything = client.get(RECORDS, headers=admin.headers).get_json()["features"]
    assert len(everything) == 4
    one_town = client.get(f"{RECORDS}?town={SONGKOU}000", headers=admin.headers).get_json()["features"]
    assert [f["properties"]["town_code"] for f in one_town] == [SONGKOU]


def test_the_map_draws_the_newest_records_up_to_its_limit_and_counts_every_town(client, admin, reviewer, mapped):
    """A bounded answer: the newest `limit` points, truncated said, the per-town counts of
    every record matched (from the rollup, whatever the limit or the box)."""
    whole = client.get(RECORDS, headers=admin.headers).get_json()
    newest = sorted((f["id"] for f in whole["features"]), reverse=True)
    assert [f["id"] for f in whole["features"]] == newest and len(newest) == 4
    assert (whole["limit"], whole["truncated"], whole["records_matched"]) == (2000, False, 4)
    assert whole["towns"] == [{"code": SANJIAO, "records": 3}, {"code": SONGKOU, "records": 1}]

    capped = client.get(f"{RECORDS}?limit=2", headers=admin.headers).get_json()
    assert [f["id"] for f in capped["features"]] == newest[:2]
    assert (capped["limit"], capped["truncated"], capped["records_matched"]) == (2, True, 4)
    assert capped["towns"] == whole["towns"]
    exact = client.get(f"{RECORDS}?limit=4", headers=admin.headers).get_json()
    assert len(exact["features"]) == 4 and exact["truncated"] is False

    lon, lat = SONGKOU_POINT
    box = f"{lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}"
    boxed = client.get(f"{RECORDS}?bbox={box}&limit=1", headers=admin.headers).get_json()
    assert [f["properties"]["town_code"] for f in boxed["features"]] == [SONGKOU] and boxed["truncated"] is False
    assert boxed["records_matched"] == 4

    # the counts follow the filters and the scope, as the points do
    county = client.get(f"{RECORDS}?status=approved", headers=reviewer.headers).get_json()
    assert county["towns"] == [{"code": SANJIAO, "records": 2}] and len(county["features"]) == 2
    assert client.get(f"{RECORDS}?year=2024", headers=reviewer.headers).get_json()["towns"] == [
        {"code": SANJIAO, "records": 1}
    ]


@pytest.mark.parametrize(
    ("query", "status", "field"),
    [
        ("limit=0", 400, "limit"),
        ("limit=10001", 400, "limit"),
        ("limit=x", 400, "limit"),
        ("bbox=1,2,3", 400, "bbox"),
        ("bbox=116.2,24,116.1,25", 400, "bbox"),
        ("status=approvedx", 400, "status"),
        ("indicator=nope", 400, "indicator"),
        ("year=1999", 400, "year"),
        ("year=abc", 400, "year"),
        ("year=9223372036854775808", 400, "year"),
        ("unit=<b>x</b>", 400, "unit"),
        ("unit=44140%00", 422, "unit"),  # a NUL anywhere in a URL: 422 naming it, on every route
        ("unit=%EF%BC%94%EF%BC%94%EF%BC%91%EF%BC%94%EF%BC%90%EF%BC%92", 400, "unit"),  # full-width digits
        ("town=%ED%A0%80", 400, "town"),
        ("unit=999999", 404, None),
        ("town=441403100", 404, None),  # a town, not of the reviewer's county
        ("unit=441403", 403, None),
    ],
)
def test_bad_filters_are_problems_naming_the_field(client, reviewer, query, status, field):
    answer = client.get(f"{RECORDS}?{query}", headers=reviewer.headers)
    assert answer.status_code == status, answer.get_json()
    assert answer.mimetype == "application/problem+json"
    if field:
        assert field in {name.split("[")[0] for name in answer.get_json()["errors"]}


def test_outlines_of_the_county_and_of_the_city(client, reviewer, admin):
    county = client.get(OUTLINES, headers=reviewer.headers).get_json()["features"]
    assert [(f["id"], f["properties"]["level"]) for f in county] == [("441402", "county")]
    city = client.get(f"{OUTLINES}?unit=441400", headers=admin.headers).get_json()["features"]
    assert len(city) == 8 and {f["properties"]["level"] for f in city} == {"county"}
    assert client.get(f"{OUTLINES}?unit=441403", headers=reviewer.headers).status_code == 403
    assert client.get(OUTLINES).status_code == 401


def test_the_openapi_document_describes_the_dashboard_data(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    records = paths[RECORDS]["get"]
    parameters = {p["name"] for p in records["parameters"]}
    assert parameters >= {"unit", "town", "year", "indicator", "status", "bbox", "limit"}
    answer = records["responses"]["200"]["content"]["application/geo+json"]["schema"]
    assert answer == {"$ref": "#/components/schemas/MapRecords"}
    described = client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]["MapRecords"]["properties"]
    assert {"features", "limit", "truncated", "records_matched", "towns"} <= set(described)
    assert "application/geo+json" in records["responses"]["200"]["content"]
    assert "application/geo+json" in paths[OUTLINES]["get"]["responses"]["200"]["content"]
