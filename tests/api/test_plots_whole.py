"""Plots are checked whole (DESIGN.md section 9): every part of a plot inside Meizhou and
inside its county, over HTTP on both databases; the overlap search bounded by the plot."""

import pytest

from tests.factories import SANJIAO_POINT, create_record, record, square_plot

RECORDS = "/api/v1/records"
BEIJING = [[[116.39, 39.90], [116.40, 39.90], [116.40, 39.91], [116.39, 39.91], [116.39, 39.90]]]
SONGKOU_RING = square_plot(center=[116.3139, 24.3543])["coordinates"]  # 梅县区, next county


def plot_record(geometry):
    return record("water_saving_irrigation", geometry=geometry) | {
        "values": {"area_mu": 15.0, "technology": "drip", "completed_on": "2025-05-01"}
    }


@pytest.mark.parametrize("far_part, code_text", [(BEIJING, "Meizhou City"), (SONGKOU_RING, "梅江区")])
def test_a_multipolygon_with_a_part_outside_the_county_is_refused(client, officer, far_part, code_text):
    home = square_plot()["coordinates"]
    body = plot_record({"type": "MultiPolygon", "coordinates": [home, far_part]})
    response = client.post(RECORDS, json=body, headers=officer.headers)
    assert response.status_code == 422, response.get_json()
    problem = response.get_json()
    [message] = problem["errors"]["geometry"]
    assert message.startswith("part 2 of the plot lies ") and code_text in message
    assert client.get(RECORDS, headers=officer.headers).get_json()["total"] == 0
    # in a batch, the same item is invalid and the others are stored
    batch = client.post(f"{RECORDS}/batch", json={"records": [body, record()]}, headers=officer.headers)
    assert [r["outcome"] for r in batch.get_json()["results"]] == ["invalid", "created"]


def test_a_correction_adding_a_far_part_is_refused(client, officer):
    stored = create_record(client, officer, plot_record(square_plot()))
    patch = {"geometry": {"type": "MultiPolygon", "coordinates": [square_plot()["coordinates"], BEIJING]}}
    response = client.patch(f"{RECORDS}/{stored['id']}", json=patch, headers=officer.headers)
    assert response.status_code == 422
    assert "part 2 of the plot" in response.get_json()["errors"]["geometry"][0]


def test_a_multipolygon_wholly_in_its_county_is_stored(client, officer):
    lon, lat = SANJIAO_POINT
    parts = [square_plot()["coordinates"], square_plot(center=[lon + 0.01, lat])["coordinates"]]
    created = create_record(client, officer, plot_record({"type": "MultiPolygon", "coordinates": parts}))
    assert not [f for f in created["flags"] if f["code"] == "near_boundary"]


def test_the_overlap_search_reads_only_plots_near_the_new_one(client, officer, statements):
    lon, lat = SANJIAO_POINT
    near = create_record(client, officer, plot_record(square_plot()))
    far = create_record(client, officer, plot_record(square_plot(center=[lon + 0.05, lat + 0.02])))
    statements.clear()
    created = create_record(client, officer, plot_record(square_plot()))
    [overlap] = [f for f in created["flags"] if f["code"] == "overlap"]
    assert overlap["record_ids"] == [near["id"]]
    assert far["id"] not in overlap["record_ids"]
    spatial = [s for s in statements if "SpatialIndex" in s or "&&" in s]
    assert spatial, "the reported plots are read through the spatial index, by the plot's envelope"
