"""Records as a phone would post them, with sensible defaults for each indicator."""

import datetime as dt
import uuid

import geo

SANJIAO = "441402102"  # 三角镇, 梅江区
SANJIAO_POINT = [116.1177, 24.2991]
CHANGSHA = "441402103"  # 长沙镇, 梅江区: another town of the same county
CHANGSHA_POINT = [116.09, 24.32]
SONGKOU = "441403100"  # 松口镇, 梅县区: a town of another county
SONGKOU_POINT = [116.3139, 24.3543]

VALUES = {
    "film_recovery": {"film_used_t": 120.5, "film_recovered_t": 110.2},
    "straw_utilization": {"straw_collectable_t": 500, "straw_utilized_t": 460, "crop": "水稻"},
    "manure_utilization": {"manure_produced_t": 1000, "manure_utilized_t": 850, "livestock": "pig"},
    "fertilizer_efficiency": {
        "crop": "水稻",
        "nutrient_applied_kg": 100,
        "uptake_fertilized_kg": 80,
        "uptake_control_kg": 40,
    },
    "pesticide_efficiency": {"crop": "柚子", "pesticide_applied_kg": 10, "pesticide_deposited_kg": 4.5},
    "water_saving_irrigation": {"area_mu": 15.0, "technology": "drip", "completed_on": "2025-05-01"},
    "irrigation_water_coefficient": {"water_withdrawn_m3": 10000, "water_effective_m3": 5500},
}


def square_plot(center=SANJIAO_POINT, side_deg=0.002):
    """A closed square ring around center (about 200 m × 200 m, ≈ 60 mu)."""
    lon, lat = center
    h = side_deg / 2
    ring = [[lon - h, lat - h], [lon + h, lat - h], [lon + h, lat + h], [lon - h, lat + h], [lon - h, lat - h]]
    return {"type": "Polygon", "coordinates": [ring]}


def record(indicator="film_recovery", **overrides):
    body = {
        "client_id": str(uuid.uuid4()),
        "indicator": indicator,
        "town_code": SANJIAO,
        "observed_on": "2025-06-30",
        "location": {"type": "Point", "coordinates": list(SANJIAO_POINT)},
        "crs": "EPSG:4326",
        "accuracy_m": 8,
        "values": dict(VALUES[indicator]),
        "note": "村委会回收点",
    }
    if indicator == "water_saving_irrigation":
        body["geometry"] = square_plot()
        body["values"]["area_mu"] = round(geo.area_mu(geo.parse_plot(body["geometry"])), 1)
    body.update(overrides)
    return body


def today():
    return dt.date.today()


def create_record(client, account, body):
    """POST a record that must be accepted; the created record."""
    response = client.post("/api/v1/records", json=body, headers=account.headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()


def approve(client, reviewer, record_id):
    response = client.post(
        f"/api/v1/records/{record_id}/review", json={"decision": "approve"}, headers=reviewer.headers
    )
    assert response.status_code == 200, response.get_json()
