"""Records through the HTTP API: create, replay, conflict, batch, list, correct, review."""

import pytest
from shapely.geometry import Point

import geo
from backend.services.geography import COUNTY_BOUNDARIES as COUNTY_FILE
from tests.factories import CHANGSHA, SANJIAO, SANJIAO_POINT, record, square_plot

RECORDS = "/api/v1/records"


def post(client, account, body):
    return client.post(RECORDS, json=body, headers=account.headers)


@pytest.mark.parametrize(
    "indicator",
    [
        "film_recovery",
        "straw_utilization",
        "manure_utilization",
        "fertilizer_efficiency",
        "pesticide_efficiency",
        "water_saving_irrigation",
        "irrigation_water_coefficient",
    ],
)
def test_each_indicator_reduces_to_numerator_and_denominator(client, officer, indicator):
    body = record(indicator)
    response = post(client, officer, body)
    assert response.status_code == 201, response.get_json()
    created = response.get_json()
    values = body["values"]
    expected = {
        "film_recovery": (values.get("film_recovered_t"), values.get("film_used_t")),
        "straw_utilization": (values.get("straw_utilized_t"), values.get("straw_collectable_t")),
        "manure_utilization": (values.get("manure_utilized_t"), values.get("manure_produced_t")),
        "fertilizer_efficiency": (40, 100),
        "pesticide_efficiency": (4.5, 10),
        "water_saving_irrigation": (values.get("area_mu"), None),
        "irrigation_water_coefficient": (5500, 10000),
    }[indicator]
    assert (created["numerator"], created["denominator"]) == pytest.approx(expected)
    assert created["status"] == "pending" and created["revision"] == 1
    assert created["created_by"] == officer.username


def test_replay_returns_the_stored_record_and_creates_nothing(client, officer):
    body = record()
    first = post(client, officer, body)
    # same content, other key order and the 12-digit town code
    replay = {k: body[k] for k in reversed(list(body))} | {"town_code": SANJIAO + "000"}
    second = post(client, officer, replay)
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.get_json()["id"] == first.get_json()["id"]
    assert client.get(RECORDS, headers=officer.headers).get_json()["total"] == 1


def test_conflict_lists_the_fields_that_differ(client, officer):
    body = record()
    post(client, officer, body)
    changed = body | {"values": {"film_used_t": 130, "film_recovered_t": 110.2}}
    response = post(client, officer, changed)
    assert response.status_code == 409
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["differences"] == {"values.film_used_t": {"stored": 120.5, "posted": 130}}


def test_an_invalid_post_leaves_its_client_id_free(client, officer):
    body = record()
    bad = body | {"values": {"film_used_t": -1, "film_recovered_t": 1}}
    assert post(client, officer, bad).status_code == 422
    assert post(client, officer, body).status_code == 201


def test_gcj02_input_is_stored_in_wgs84_with_the_posted_coordinates_kept(client, officer):
    shifted = geo.from_wgs84(Point(SANJIAO_POINT), "GCJ-02")
    body = record(location={"type": "Point", "coordinates": [shifted.x, shifted.y]}, crs="GCJ-02")
    created = post(client, officer, body).get_json()
    lon, lat = created["location"]["coordinates"]
    assert lon == pytest.approx(SANJIAO_POINT[0], abs=1e-7) and lat == pytest.approx(SANJIAO_POINT[1], abs=1e-7)
    assert created["crs"] == "GCJ-02"
    assert created["posted_location"]["coordinates"] == [shifted.x, shifted.y]


@pytest.mark.parametrize(
    "coordinates,message",
    [
        ([24.2991, 116.1177], "swapped"),
        ([113.2644, 23.1291], "outside Meizhou"),
    ],
)
def test_misplaced_locations_are_refused_with_a_message_that_says_why(client, officer, coordinates, message):
    response = post(client, officer, record(location={"type": "Point", "coordinates": coordinates}))
    assert response.status_code == 422
    problem = response.get_json()
    assert any(message.lower() in m.lower() for ms in problem["errors"].values() for m in ms), problem


def test_a_point_in_another_county_is_refused(client, officer):
    counties = geo.load_county_boundaries(COUNTY_FILE)
    inside_meixian = counties["441403"].representative_point()  # far from 梅江区 (441402)
    assert counties["441402"].distance(inside_meixian) > 0.05
    inside = {"type": "Point", "coordinates": [inside_meixian.x, inside_meixian.y]}
    response = post(client, officer, record(location=inside))
    assert response.status_code == 422
    [message] = response.get_json()["errors"]["location"]
    assert "441403" in message


def test_plot_area_mismatch_and_overlap_are_flagged(client, officer):
    first = post(client, officer, record("water_saving_irrigation")).get_json()
    assert first["computed_area_mu"] == pytest.approx(geo.area_mu(geo.parse_plot(square_plot())), rel=1e-6)
    assert first["computed_area_ha"] == pytest.approx(first["computed_area_mu"] / 15)
    assert [f["code"] for f in first["flags"]] == ["photo_missing"]  # no photo yet (evidence_required)
    second = record("water_saving_irrigation")
    second["values"]["area_mu"] = 200
    flagged = post(client, officer, second).get_json()
    codes = {f["code"]: f for f in flagged["flags"]}
    assert codes["area_mismatch"]["declared_mu"] == 200
    assert codes["overlap"]["record_ids"] == [first["id"]]


def test_a_rejected_plot_no_longer_counts_as_reported(client, officer, reviewer):
    first = post(client, officer, record("water_saving_irrigation")).get_json()
    review = client.post(
        f"{RECORDS}/{first['id']}/review", json={"decision": "reject", "reason": "duplicate"}, headers=reviewer.headers
    )
    assert review.get_json()["status"] == "rejected", review.get_json()
    again = post(client, officer, record("water_saving_irrigation")).get_json()
    assert "overlap" not in [f["code"] for f in again["flags"]]


def test_batch_answers_each_item_in_order_and_stores_the_valid_ones(client, officer):
    stored = record()
    post(client, officer, stored)
    items = [
        record(),
        stored,
        stored | {"note": "changed"},
        record(values={"film_used_t": "x"}),
        record(town_code="441403100"),
        "not an object",
    ]
    response = client.post(f"{RECORDS}/batch", json={"records": items}, headers=officer.headers)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["outcome"] for r in results] == ["created", "replayed", "conflict", "invalid", "forbidden", "invalid"]
    assert [r["index"] for r in results] == list(range(6))
    assert results[0]["record"]["client_id"] == items[0]["client_id"]
    assert "values.film_used_t" in results[3]["errors"]
    assert response.get_json()["counts"] == {"created": 1, "replayed": 1, "conflict": 1, "invalid": 2, "forbidden": 1}
    assert client.get(RECORDS, headers=officer.headers).get_json()["total"] == 2


def test_the_same_client_id_twice_in_one_batch_is_stored_once(client, officer):
    body = record()
    response = client.post(f"{RECORDS}/batch", json={"records": [body, body]}, headers=officer.headers)
    assert [r["outcome"] for r in response.get_json()["results"]] == ["created", "replayed"]


def test_a_replayed_batch_reads_its_records_in_one_query(client, officer, statements):
    items = [record() for _ in range(20)]
    first = client.post(f"{RECORDS}/batch", json={"records": items}, headers=officer.headers)
    assert first.get_json()["counts"] == {"created": 20}
    statements.clear()
    again = client.post(f"{RECORDS}/batch", json={"records": items}, headers=officer.headers)
    assert again.get_json()["counts"] == {"replayed": 20}
    reading_records = [s for s in statements if "FROM records" in s]
    assert len(reading_records) == 1, reading_records


def test_overlapping_plots_within_one_batch_are_linked_by_id(client, officer):
    response = client.post(
        f"{RECORDS}/batch",
        json={"records": [record("water_saving_irrigation"), record("water_saving_irrigation")]},
        headers=officer.headers,
    )
    first, second = (r["record"] for r in response.get_json()["results"])
    assert [f for f in second["flags"] if f["code"] == "overlap"][0]["record_ids"] == [first["id"]]


def test_a_batch_over_the_limit_is_413_and_stores_nothing(client, officer):
    items = [record() for _ in range(501)]
    response = client.post(f"{RECORDS}/batch", json={"records": items}, headers=officer.headers)
    assert response.status_code == 413 and response.get_json()["limit"] == 500
    assert client.get(RECORDS, headers=officer.headers).get_json()["total"] == 0


def test_list_filters_and_pages(client, officer, admin):
    for year in (2023, 2024, 2024):
        post(client, officer, record(observed_on=f"{year}-05-01"))
    post(client, officer, record("straw_utilization", observed_on="2024-05-01"))
    page = client.get(f"{RECORDS}?year=2024&indicator=film_recovery&per_page=1", headers=admin.headers)
    body = page.get_json()
    assert (body["total"], body["pages"], len(body["items"])) == (2, 2, 1)
    assert 'rel="next"' in page.headers["Link"]
    lon, lat = SANJIAO_POINT
    inside = client.get(f"{RECORDS}?bbox={lon - 0.01},{lat - 0.01},{lon + 0.01},{lat + 0.01}", headers=admin.headers)
    outside = client.get(f"{RECORDS}?bbox=110,20,111,21", headers=admin.headers)
    assert (inside.get_json()["total"], outside.get_json()["total"]) == (4, 0)
    assert client.get(f"{RECORDS}?county_code=441403", headers=admin.headers).get_json()["total"] == 0


def test_scope_of_town_officers_and_county_reviewers(client, officer, sign_in):
    created = post(client, officer, record()).get_json()
    other_town = sign_in("town_officer", CHANGSHA)
    other_county = sign_in("county_reviewer", "441403")
    same_county = sign_in("county_reviewer", "441402")
    analyst = sign_in("analyst", "441400")
    assert client.get(f"{RECORDS}/{created['id']}", headers=other_town.headers).status_code == 404
    assert client.get(RECORDS, headers=other_town.headers).get_json()["total"] == 0
    assert client.get(RECORDS, headers=other_county.headers).get_json()["total"] == 0
    assert client.get(f"{RECORDS}/{created['id']}", headers=same_county.headers).status_code == 200
    assert client.get(f"{RECORDS}/{created['id']}", headers=analyst.headers).status_code == 200
    assert post(client, other_town, record()).status_code == 403
    assert post(client, analyst, record()).status_code == 403
    assert post(client, same_county, record()).status_code == 201


@pytest.mark.parametrize("change", [{}, {"town_code": CHANGSHA}], ids=["replay", "conflict"])
def test_a_client_id_is_no_key_to_records_outside_ones_scope(client, officer, sign_in, change):
    stored = record()
    created = post(client, officer, stored).get_json()
    other_town = sign_in("town_officer", CHANGSHA)
    single = post(client, other_town, stored | change)
    assert single.status_code == 403
    assert single.content_type == "application/problem+json"
    assert "record_id" not in single.get_json() and "differences" not in single.get_json()
    batch = client.post(f"{RECORDS}/batch", json={"records": [stored | change]}, headers=other_town.headers)
    [result] = batch.get_json()["results"]
    assert (result["outcome"], result["status"]) == ("forbidden", 403)
    assert result.get("record") is None and "client_id" in result["errors"]
    assert client.get(f"{RECORDS}/{created['id']}", headers=officer.headers).get_json() == created


def test_correction_history_and_review(client, officer, reviewer):
    created = post(client, officer, record()).get_json()
    url = f"{RECORDS}/{created['id']}"
    patch = client.patch(
        url,
        json={"values": {"film_recovered_t": 100}, "note": None},
        headers=officer.headers | {"Content-Type": "application/merge-patch+json"},
    )
    assert patch.status_code == 200, patch.get_json()
    corrected = patch.get_json()
    assert corrected["revision"] == 2 and corrected["numerator"] == 100 and corrected["note"] is None
    assert client.post(f"{url}/review", json={"decision": "reject"}, headers=reviewer.headers).status_code == 422
    assert client.post(f"{url}/review", json={"decision": "approve"}, headers=officer.headers).status_code == 403
    approved = client.post(f"{url}/review", json={"decision": "approve"}, headers=reviewer.headers)
    assert approved.get_json()["status"] == "approved"
    assert client.patch(url, json={"note": "late"}, headers=officer.headers).status_code == 409
    back = client.patch(url, json={"note": "checked"}, headers=reviewer.headers).get_json()
    assert back["status"] == "pending"
    history = client.get(f"{url}/history", headers=officer.headers).get_json()
    assert [h["action"] for h in history] == ["created", "corrected", "approved", "corrected"]
    assert history[1]["changes"]["values.film_recovered_t"] == [110.2, 100]
    assert history[1]["changes"]["note"] == ["村委会回收点", None]
    assert history[2]["by"] == reviewer.username
    assert [h["revision"] for h in history] == [1, 2, 3, 4]


def test_an_invalid_correction_changes_nothing(client, officer):
    created = post(client, officer, record()).get_json()
    url = f"{RECORDS}/{created['id']}"
    response = client.patch(url, json={"values": {"film_recovered_t": 500}}, headers=officer.headers)
    assert response.status_code == 422
    assert "values.film_recovered_t" in response.get_json()["errors"]
    assert client.get(url, headers=officer.headers).get_json()["revision"] == 1


def test_list_sorts_newest_first_on_request(client, officer):
    for day in ("2025-01-02", "2025-03-04", "2025-02-03"):
        post(client, officer, record(observed_on=day))
    listed = client.get(f"{RECORDS}?sort=-observed_on", headers=officer.headers).get_json()["items"]
    assert [r["observed_on"] for r in listed] == ["2025-03-04", "2025-02-03", "2025-01-02"]
    assert client.get(f"{RECORDS}?sort=note", headers=officer.headers).status_code == 422


def test_a_point_just_outside_an_uploaded_town_boundary_is_flagged_with_the_town(client, officer, admin):
    lon, lat = SANJIAO_POINT
    ring = [
        [lon - 0.01, lat - 0.01],
        [lon + 0.01, lat - 0.01],
        [lon + 0.01, lat + 0.01],
        [lon - 0.01, lat + 0.01],
        [lon - 0.01, lat - 0.01],
    ]
    uploaded = client.put(
        f"/api/v1/units/{SANJIAO}/boundary", json={"type": "Polygon", "coordinates": [ring]}, headers=admin.headers
    )
    assert uploaded.status_code == 200
    near = post(client, officer, record(location={"type": "Point", "coordinates": [lon + 0.0115, lat]}))
    assert near.status_code == 201, near.get_json()
    [flag] = [f for f in near.get_json()["flags"] if f["code"] == "near_boundary"]
    assert flag["town_code"] == SANJIAO and "county_code" not in flag
    assert 100 < flag["distance_m"] < 200
