"""Ingest benchmark (issue: record ingestion), on PostGIS with the production server.

Measures, in one run, in --rounds rounds of each in turn:
  * records/s through POST /api/v1/records/batch (500 per batch, --senders at once),
  * the same without the summary rollup's maintenance: a second gunicorn on a second
    throwaway database, started with bench/ingest/without_rollup.conf.py (the product's
    settings, rollup.add made a no-op in each worker; no switch in the product), for the
    rollup's cost (goal: batch ingest loses at most 10 %),
  * the raw insert rate of the same kind of rows straight into the same table with psycopg
    (executemany in a pipeline, one transaction) as the baseline,
  * p50/p95 latency of single POST /api/v1/records.
Goals: batch ≥ 2,000 records/s and ≥ 0.25× raw; single POST p50 ≤ 15 ms.

    .venv/bin/python bench/ingest/run.py [--records 20000] [--rounds 3] [--singles 300] [--senders 2]
"""

import argparse
import contextlib
import datetime as dt
import json
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import requests
from shapely.geometry import Point, shape

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.common import (
    ROOT,
    create_account,
    gunicorn,
    libpq,
    new_client_id,
    percentile,
    seeded_random,
    throwaway_postgis,
    token,
)

INDICATOR_VALUES = [
    (
        "film_recovery",
        lambda r: {"film_used_t": round(r.uniform(50, 200), 2), "film_recovered_t": round(r.uniform(20, 50), 2)},
    ),
    (
        "straw_utilization",
        lambda r: {
            "straw_collectable_t": round(r.uniform(500, 900), 1),
            "straw_utilized_t": round(r.uniform(300, 500), 1),
        },
    ),
    ("manure_utilization", lambda r: {"manure_produced_t": 1000, "manure_utilized_t": round(r.uniform(500, 999), 1)}),
    (
        "irrigation_water_coefficient",
        lambda r: {"water_withdrawn_m3": 10000, "water_effective_m3": round(r.uniform(4000, 6000))},
    ),
]


def town_points(rng):
    """Points well inside each town's county: (town_code, lon, lat) for the 112 towns."""
    import csv

    counties = {
        f["properties"]["code"]: shape(f["geometry"])
        for f in json.loads((ROOT / "backend/data/meizhou_counties_wgs84.geojson").read_text())["features"]
    }
    inner = {code: polygon.buffer(-0.01) for code, polygon in counties.items()}
    with open(ROOT / "backend/data/meizhou_admin_units.csv", encoding="utf-8") as handle:
        towns = [row["code"] for row in csv.DictReader(handle) if row["level"] == "town"]
    points = []
    for code in towns:
        area = inner[code[:6]]
        minx, miny, maxx, maxy = area.bounds
        while True:
            lon, lat = rng.uniform(minx, maxx), rng.uniform(miny, maxy)
            if area.contains(Point(lon, lat)):
                points.append((code, round(lon, 6), round(lat, 6)))
                break
    return points


def make_records(count, rng, places):
    records = []
    for n in range(count):
        town, lon, lat = places[n % len(places)]
        indicator, values = INDICATOR_VALUES[n % len(INDICATOR_VALUES)]
        records.append(
            {
                "client_id": new_client_id(),
                "indicator": indicator,
                "town_code": town,
                "observed_on": (dt.date(2024, 1, 1) + dt.timedelta(days=n % 365)).isoformat(),
                "location": {"type": "Point", "coordinates": [lon, lat]},
                "accuracy_m": 5,
                "values": values(rng),
            }
        )
    return records


def batch_rate(base, headers, records, senders=2):
    batches = [records[i : i + 500] for i in range(0, len(records), 500)]

    def send(batch):
        with requests.Session() as session:
            response = session.post(
                f"{base}/api/v1/records/batch", json={"records": batch}, headers=headers, timeout=300
            )
            response.raise_for_status()
            counts = response.json()["counts"]
            assert counts == {"created": len(batch)}, counts

    send(batches[0])  # warm-up: connections, caches
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=senders) as pool:
        list(pool.map(send, batches[1:]))
    elapsed = time.perf_counter() - started
    return sum(map(len, batches[1:])) / elapsed


def raw_rate(url, records):
    """The same rows, with the same derived columns, straight into records via psycopg."""
    dsn = libpq(url)
    now = dt.datetime.now(dt.UTC)
    rows = []
    for r in records:
        (lon, lat), v = r["location"]["coordinates"], r["values"]
        num, den = {
            "film_recovery": ("film_recovered_t", "film_used_t"),
            "straw_utilization": ("straw_utilized_t", "straw_collectable_t"),
            "manure_utilization": ("manure_utilized_t", "manure_produced_t"),
            "irrigation_water_coefficient": ("water_effective_m3", "water_withdrawn_m3"),
        }[r["indicator"]]
        content = json.dumps(r)
        rows.append(
            (
                r["client_id"],
                r["indicator"],
                r["town_code"],
                r["town_code"][:6],
                2024,
                r["observed_on"],
                r["observed_on"],
                f"SRID=4326;POINT({lon} {lat})",
                lon,
                lat,
                json.dumps(r["location"]),
                json.dumps(v),
                v[num],
                v[den],
                content,
                now,
                now,
            )
        )
    sql = """INSERT INTO records (client_id, indicator, town_code, county_code, year, observed_on,
             counted_on, status, location, lon, lat, crs, posted_location, accuracy_m, "values",
             numerator, denominator, flags, content, revision, created_at, created_by, updated_at, updated_by)
             VALUES (%s, %s, %s, %s, %s, %s, %s, 'pending', ST_GeomFromEWKT(%s), %s, %s, 'EPSG:4326', %s, 5,
             %s, %s, %s, '[]', %s, 1, %s, 'bench', %s, 'bench')"""
    with psycopg.connect(dsn) as connection:
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.executemany(sql, rows)
        connection.commit()
        return len(rows) / (time.perf_counter() - started)


def single_latencies(base, headers, records):
    timings = []
    with requests.Session() as session:
        for record in records:
            started = time.perf_counter()
            response = session.post(f"{base}/api/v1/records", json=record, headers=headers, timeout=60)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 201, response.text
    return timings[10:]  # the first few warm the worker up


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--records", type=int, default=20_000, help="records per round, each way")
    parser.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="rounds of API then raw insert; medians are reported (the machine is noisy)",
    )
    parser.add_argument("--singles", type=int, default=300)
    parser.add_argument("--senders", type=int, default=2, help="phones sending batches at once")
    args = parser.parse_args()
    rng = seeded_random()
    places = town_points(rng)
    single_records = make_records(args.singles + 10, rng, places)

    api_rates, bare_rates, raw_rates = [], [], []
    with contextlib.ExitStack() as stack:
        url = stack.enter_context(throwaway_postgis("meizhou_bench_ingest"))
        bare_url = stack.enter_context(throwaway_postgis("meizhou_bench_ingest_bare"))
        password = create_account(url, "bench_admin", "city_admin", "441400")
        create_account(bare_url, "bench_admin", "city_admin", "441400", password=password)
        base, _ = stack.enter_context(gunicorn(url, workers=2))
        bare_base, _ = stack.enter_context(
            gunicorn(bare_url, workers=2, config=Path(__file__).with_name("without_rollup.conf.py"))
        )
        headers, bare_headers = token(base, "bench_admin", password), token(bare_base, "bench_admin", password)
        for _ in range(args.rounds):
            # fresh rows each round, each way: every insert is a new record
            api_rates.append(
                batch_rate(base, headers, make_records(args.records + 500, rng, places), senders=args.senders)
            )
            bare_rates.append(
                batch_rate(bare_base, bare_headers, make_records(args.records + 500, rng, places), args.senders)
            )
            raw_rates.append(raw_rate(url, make_records(args.records, rng, places)))
        latencies = single_latencies(base, headers, single_records)
        cells, bare_cells = (rollup_cells(u) for u in (url, bare_url))
        assert cells > 0 and bare_cells == 0, (cells, bare_cells)  # the no-op did replace the maintenance

    api, bare, raw = statistics.median(api_rates), statistics.median(bare_rates), statistics.median(raw_rates)
    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    each = ", ".join(f"{a / r:.2f}" for a, r in zip(api_rates, raw_rates))
    each_bare = ", ".join(f"{a / b:.2f}" for a, b in zip(api_rates, bare_rates))
    print(
        f"batch ingest via API : {api:8.0f} records/s   (goal >= 2000; {args.senders} senders; "
        f"median of {args.rounds} rounds of {args.records})"
    )
    print(f"  without the rollup : {bare:8.0f} records/s   (median, same rounds; rollup.add a no-op)")
    print(f"raw psycopg insert   : {raw:8.0f} records/s   (median, same rounds)")
    print(f"ratio API / raw      : {api / raw:8.2f}          (goal >= 0.25; rounds: {each})")
    print(
        f"ratio with / without the rollup: {api / bare:.3f} (goal >= 0.90; rounds: {each_bare}; "
        f"median of the rounds' ratios {statistics.median(a / b for a, b in zip(api_rates, bare_rates)):.3f}); "
        f"{cells} rollup cells written"
    )
    print(f"single POST latency  : p50 {p50:.1f} ms, p95 {p95:.1f} ms over {len(latencies)} posts (goal p50 <= 15 ms)")


def rollup_cells(url):
    with psycopg.connect(libpq(url)) as connection:
        return connection.execute("SELECT count(*) FROM summary_rollup").fetchone()[0]


if __name__ == "__main__":
    main()
