"""Ledger import benchmark (issue 14, item 2), on PostGIS with the production server.

In one run on one database:
  * the baseline: the records of the ledger posted through POST /api/v1/records/batch
    (500 per batch, one sender: one client, as one import is one request), records/s;
  * a --rows-row XLSX ledger with Chinese headers (dates as Excel date cells, numbers with
    thousands separators as text, towns by name) through POST /api/v1/imports, records/s,
    and the peak resident-memory growth of the worker that took it (sampled from /proc).
Goals: import ≥ 0.5× the batch rate; memory growth < 200 MB.

    .venv/bin/python bench/imports/run.py [--rows 100000]
"""

import argparse
import datetime as dt
import io
import sys
import time
from pathlib import Path

import requests
from openpyxl import Workbook

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.common import (
    create_account,
    gunicorn,
    new_client_id,
    seeded_random,
    throwaway_postgis,
    token,
)
from bench.exports.measure import RssSampler
from bench.ingest.run import batch_rate, town_points

HEADER = [
    "指标",
    "县（市、区）",
    "镇（街道）",
    "观测日期",
    "经度",
    "纬度",
    "农膜使用量（吨）",
    "农膜回收量（吨）",
    "备注",
]


def town_names():
    import csv

    from bench.common import ROOT

    with open(ROOT / "backend/data/meizhou_admin_units.csv", encoding="utf-8") as units_file:
        units = list(csv.DictReader(units_file))
    return {u["code"]: u["name"] for u in units}


def make_rows(count, rng, places, names):
    """(ledger rows, the same records as a phone posts them)."""
    rows, records = [], []
    for n in range(count):
        town, lon, lat = places[n % len(places)]
        day = dt.date(2023, 1, 1) + dt.timedelta(days=n % 700)
        used = round(rng.uniform(1000, 5000), 2)
        recovered = round(used * rng.uniform(0.5, 0.99), 2)
        rows.append(
            ["农膜回收率", names[town[:6]], names[town], day, lon, lat, f"{used:,.2f}", recovered, f"台账第{n}行"]
        )
        records.append(
            {
                "client_id": new_client_id(),
                "indicator": "film_recovery",
                "town_code": town,
                "observed_on": day.isoformat(),
                "location": {"type": "Point", "coordinates": [lon, lat]},
                "values": {"film_used_t": used, "film_recovered_t": recovered},
                "note": f"台账第{n}行",
            }
        )
    return rows, records


def xlsx(rows):
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("台账")
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    body = io.BytesIO()
    workbook.save(body)
    return body.getvalue()


def workers_of(master_pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == master_pid:
                found.append(int(entry.name))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args()
    rng = seeded_random()
    places = town_points(rng)
    rows, records = make_rows(args.rows, rng, places, town_names())
    started = time.perf_counter()
    ledger = xlsx(rows)
    print(
        f"ledger: {args.rows} rows, {len(ledger) / 1e6:.1f} MB XLSX (written in {time.perf_counter() - started:.0f} s)"
    )

    with throwaway_postgis("meizhou_bench_imports") as url:
        password = create_account(url, "bench_admin", "city_admin", "441400")
        with gunicorn(url, workers=2) as (base, process):
            headers = token(base, "bench_admin", password)
            batch = batch_rate(base, headers, records, senders=1)
            with RssSampler(workers_of(process.pid)) as memory:
                started = time.perf_counter()
                response = requests.post(
                    f"{base}/api/v1/imports",
                    headers=headers,
                    timeout=3600,
                    files={"file": ("ledger.xlsx", ledger, "application/octet-stream")},
                )
                elapsed = time.perf_counter() - started
            response.raise_for_status()
            counts = response.json()["counts"]
            assert counts == {"created": args.rows}, counts
    rate = args.rows / elapsed
    print(f"batch API, 1 sender  : {batch:8.0f} records/s   (baseline, the same records)")
    print(f"XLSX import          : {rate:8.0f} records/s   ({args.rows} rows in {elapsed:.1f} s, one request)")
    print(f"ratio import / batch : {rate / batch:8.2f}          (goal >= 0.5)")
    print(
        f"worker memory growth : {memory.growth_mib():8.0f} MiB        "
        "(peak RSS over the worker's RSS before; goal < 200)"
    )


if __name__ == "__main__":
    main()
