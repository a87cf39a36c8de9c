"""Synthetic field records for the summaries benchmark, written straight into the database.

Records are spread over the 112 towns with uneven weights (a few towns send nothing for
some indicators), the seven indicators of the registry and the years 2023–2025, with
plausible numerators and denominators, ~80 % approved, ~15 % pending, ~5 % rejected.
A fixed seed makes every run (and both databases) hold the same records.

Numbers and dates are drawn with numpy a chunk at a time and rows are formatted from
templates: a million records take seconds, not minutes.
"""

import json
from pathlib import Path

import numpy as np
from shapely.geometry import shape

from domain.indicators import INDICATORS

SEED = 20251231
YEARS = np.array([2023, 2024, 2025])
YEAR_SHARE = [0.30, 0.33, 0.37]
STATUSES = np.array(["approved", "pending", "rejected"])
STATUS_SHARE = [0.80, 0.15, 0.05]
INDICATOR_SHARE = {
    "film_recovery": 0.15,
    "straw_utilization": 0.20,
    "manure_utilization": 0.20,
    "fertilizer_efficiency": 0.10,
    "pesticide_efficiency": 0.10,
    "water_saving_irrigation": 0.10,
    "irrigation_water_coefficient": 0.15,
}
SILENT_SHARE = 0.04  # (town, indicator) pairs that never report
TECHNOLOGIES = ("drip", "micro_sprinkler", "sprinkler", "low_pressure_pipe")
COUNTIES = Path(__file__).resolve().parents[2] / "backend" / "data" / "meizhou_counties_wgs84.geojson"
COLUMNS = (
    "client_id",
    "indicator",
    "town_code",
    "county_code",
    "year",
    "observed_on",
    "counted_on",
    "status",
    "lon",
    "lat",
    "crs",
    "posted_location",
    "accuracy_m",
    "values",
    "note",
    "numerator",
    "denominator",
    "flags",
    "content",
    "revision",
    "created_at",
    "created_by",
    "updated_at",
    "updated_by",
    "reviewed_at",
    "reviewed_by",
)
# ratio-like indicators: (denominator field, numerator field, median amount, spread, mean share, sd)
SHARES = {
    "film_recovery": ("film_used_t", "film_recovered_t", 50, 0.8, 0.88, 0.08),
    "straw_utilization": ("straw_collectable_t", "straw_utilized_t", 300, 0.9, 0.90, 0.06),
    "manure_utilization": ("manure_produced_t", "manure_utilized_t", 800, 1.0, 0.80, 0.10),
    "pesticide_efficiency": ("pesticide_applied_kg", "pesticide_deposited_kg", 20, 0.8, 0.43, 0.06),
    "irrigation_water_coefficient": ("water_withdrawn_m3", "water_effective_m3", 1e5, 1.0, 0.53, 0.03),
}


def county_points():
    """A point inside each county, around which its towns' records are placed."""
    collection = json.loads(COUNTIES.read_text(encoding="utf-8"))
    points = {}
    for feature in collection["features"]:
        point = shape(feature["geometry"]).representative_point()
        points[feature["properties"]["code"]] = (point.x, point.y)
    return points


def _values(code, rng, n, completed_on):
    """JSON texts of the values, numerators and denominators of n records of one indicator."""

    def amount(median, spread):
        return np.round(rng.lognormal(np.log(median), spread, n), 3)

    if code == "fertilizer_efficiency":
        applied = amount(200, 0.7)
        control = np.round(applied * rng.uniform(0.3, 0.6, n), 3)
        fertilized = np.round(control + applied * np.clip(rng.normal(0.40, 0.06, n), 0, 0.9), 3)
        texts = [
            f'{{"crop": "水稻", "nutrient_applied_kg": {a!r}, "uptake_fertilized_kg": {f!r}, '
            f'"uptake_control_kg": {c!r}}}'
            for a, f, c in zip(applied.tolist(), fertilized.tolist(), control.tolist())
        ]
        return texts, (fertilized - control).tolist(), applied.tolist()
    if code == "water_saving_irrigation":
        area = amount(30, 0.8)
        technology = rng.integers(0, len(TECHNOLOGIES), n)
        texts = [
            f'{{"area_mu": {a!r}, "technology": "{TECHNOLOGIES[t]}", "completed_on": "{d}"}}'
            for a, t, d in zip(area.tolist(), technology.tolist(), completed_on)
        ]
        return texts, area.tolist(), [None] * n
    denominator_field, numerator_field, median, spread, mean, sd = SHARES[code]
    denominator = amount(median, spread)
    numerator = np.round(denominator * np.clip(rng.normal(mean, sd, n), 0.0, 1.0), 3)
    texts = [
        f'{{"{denominator_field}": {d!r}, "{numerator_field}": {m!r}}}'
        for d, m in zip(denominator.tolist(), numerator.tolist())
    ]
    return texts, numerator.tolist(), denominator.tolist()


def records(n, town_codes, chunk=100_000):
    """Yield lists of row tuples (in COLUMNS order), chunk rows at a time."""
    rng = np.random.default_rng(SEED)
    codes = list(INDICATORS)
    shares = np.array([INDICATOR_SHARE.get(c, 0.1) for c in codes])
    weights = rng.lognormal(0.0, 0.6, len(town_codes))[:, None] * shares[None, :]
    weights[rng.random(weights.shape) < SILENT_SHARE] = 0.0
    weights = (weights / weights.sum()).ravel()
    points = county_points()
    town_points = np.array([points[town[:6]] for town in town_codes])
    water = codes.index("water_saving_irrigation")
    for start in range(0, n, chunk):
        size = min(chunk, n - start)
        pair = rng.choice(len(weights), size=size, p=weights)
        town_index, indicator_index = pair // len(codes), pair % len(codes)
        year = rng.choice(YEARS, size=size, p=YEAR_SHARE)
        observed = (year - 1970).astype("datetime64[Y]").astype("datetime64[D]") + rng.integers(0, 365, size)
        # a plot is completed up to three months before it is reported
        completed_before = np.where(indicator_index == water, rng.integers(0, 90, size), 0)
        counted = observed - completed_before
        status = rng.choice(STATUSES, size=size, p=STATUS_SHARE)
        lon_lat = np.round(town_points[town_index] + rng.uniform(-0.03, 0.03, (size, 2)), 6)
        accuracy = rng.integers(3, 30, size).astype(float)
        hour = rng.integers(7, 19, size)
        client_ids = rng.integers(0, 2**63, (size, 2), dtype=np.int64)
        observed_text = np.datetime_as_string(observed).tolist()
        counted_text = np.datetime_as_string(counted).tolist()
        reviewed_text = np.datetime_as_string(observed + 3).tolist()

        values, numerators, denominators = [None] * size, [None] * size, [None] * size
        for k, code in enumerate(codes):
            where = np.nonzero(indicator_index == k)[0].tolist()
            texts, num, den = _values(code, rng, len(where), [counted_text[i] for i in where])
            for i, text, a, b in zip(where, texts, num, den):
                values[i], numerators[i], denominators[i] = text, a, b

        rows = []
        for i, (t, k, y, state, (lon, lat), acc, h, (id_a, id_b)) in enumerate(
            zip(
                town_index.tolist(),
                indicator_index.tolist(),
                year.tolist(),
                status.tolist(),
                lon_lat.tolist(),
                accuracy.tolist(),
                hour.tolist(),
                client_ids.tolist(),
            )
        ):
            town, code, day = town_codes[t], codes[k], observed_text[i]
            point = f'{{"type": "Point", "coordinates": [{lon!r}, {lat!r}]}}'
            content = (
                f'{{"indicator": "{code}", "town_code": "{town}", "observed_on": "{day}", '
                f'"year": {y}, "crs": "EPSG:4326", "accuracy_m": {acc!r}, "values": {values[i]}, '
                f'"note": null, "location": {point}, "geometry": null}}'
            )
            created = f"{day} {h:02d}:00:00"
            reviewed = f"{reviewed_text[i]} 10:00:00" if state != "pending" else None
            reviewer = f"reviewer_{town[:6]}" if reviewed else None
            hex_id = f"{id_a:016x}{id_b:016x}"
            rows.append(
                (
                    f"{hex_id[:8]}-{hex_id[8:12]}-4{hex_id[13:16]}-a{hex_id[17:20]}-{hex_id[20:]}",
                    code,
                    town,
                    town[:6],
                    y,
                    day,
                    counted_text[i],
                    state,
                    lon,
                    lat,
                    "EPSG:4326",
                    point,
                    acc,
                    values[i],
                    None,
                    numerators[i],
                    denominators[i],
                    "[]",
                    content,
                    2 if reviewed else 1,
                    created,
                    f"officer_{town}",
                    reviewed or created,
                    reviewer or f"officer_{town}",
                    reviewed,
                    reviewer,
                )
            )
        yield rows
