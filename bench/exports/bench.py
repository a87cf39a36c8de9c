"""Exports and OGC API benchmark on PostGIS (run it through bench/exports/run.sh).

1. GeoJSON and GeoPackage exports of 100,000 records through the HTTP API (gunicorn, 2
   workers) against ogr2ogr exporting the same rows and columns from the same tables.
2. Peak memory growth of the worker serving a 100,000-feature GeoJSON export.
3. OGC API items pages of 1,000 features per second, against pygeoapi 0.24 serving the
   same table through its PostgreSQL provider.
"""

import json
import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import pyogrio  # noqa: E402  (before anything loads another GDAL/PROJ, see backend/__init__.py)

from bench.common import create_account, throwaway_postgis, token  # noqa: E402
from bench.exports import baseline, data, servers  # noqa: E402
from bench.exports.measure import RssSampler, download, fetch_pages, median  # noqa: E402

RECORDS = int(os.environ.get("BENCH_RECORDS", 100_000))
REPEAT = int(os.environ.get("BENCH_REPEAT", 3))
PAGE = 1_000
OUT = servers.OUT
GOALS = {"throughput_ratio": 0.5, "memory_mib": 100}


def connection(database_url):
    parts = urlsplit(database_url)
    return {
        "host": parts.hostname,
        "port": parts.port or 5432,
        "dbname": parts.path.lstrip("/"),
        "user": parts.username,
        "password": parts.password,
    }


def feature_count(path):
    return sum(
        pyogrio.read_info(path, layer=name, force_feature_count=True)["features"]
        for name, _ in pyogrio.list_layers(path)
    )


def api_export(base, headers, fmt, workers):
    """One export through the API: (seconds, peak RSS growth of a worker in MiB)."""
    with RssSampler(workers) as sampler:
        seconds, _size = download(f"{base}/api/v1/exports/records?format={fmt}", OUT / f"api.{fmt}", headers)
    return seconds, sampler.growth_mib()


def time_exports(base, headers, workers, pg, expected):
    """API and ogr2ogr runs interleaved, so that whatever else the machine does weighs on both."""
    runs = {key: [] for key in ("api_geojson", "api_gpkg", "ogr2ogr_geojson", "ogr2ogr_gpkg")}
    growth = {"api_geojson": [], "api_gpkg": []}
    for _ in range(REPEAT):
        for fmt in ("geojson", "gpkg"):
            seconds, grown = api_export(base, headers, fmt, workers)
            runs[f"api_{fmt}"].append(seconds)
            growth[f"api_{fmt}"].append(grown)
            runs[f"ogr2ogr_{fmt}"].append(getattr(baseline, fmt)(pg, OUT / f"ogr2ogr.{fmt}"))
    for name in runs:
        path = OUT / name.replace("_", ".", 1)  # api.geojson, ogr2ogr.gpkg, …
        assert feature_count(path) == expected, f"{path.name}: {feature_count(path)} features, not {expected}"
    results = {name: {"seconds": median(values), "runs": values} for name, values in runs.items()}
    for name, values in growth.items():
        results[name]["rss_growth_mib"] = values
    return results


def time_pages(servers_urls, threads):
    """{server: pages per second} over the same pages, servers taking turns."""
    runs = {name: [] for name in servers_urls}
    for _ in range(REPEAT):
        for name, (urls, headers) in servers_urls.items():
            seconds, bodies = fetch_pages(urls, headers, threads)
            runs[name].append(seconds)
            counts = {len(json.loads(body)["features"]) for body in bodies}
            assert counts == {PAGE}, f"{name}: pages of {counts} features"
    return {
        name: {"pages_per_s": len(servers_urls[name][0]) / median(values), "runs": values}
        for name, values in runs.items()
    }


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with throwaway_postgis("meizhou_bench_exports") as database_url:
        password = create_account(database_url, "bench_admin", "city_admin", "441400")
        print(f"generating {RECORDS:,} approved records …", file=sys.stderr)
        counts = data.generate(database_url, RECORDS)
        results = run(database_url, counts, password)
    (OUT / "exports.json").write_text(json.dumps(results, indent=2))
    report(results)


def run(database_url, counts, password):
    total = sum(counts.values())
    db = connection(database_url)
    pg = "PG:" + " ".join(f"{k}={v}" for k, v in db.items())

    service = pygeoapi = None
    try:
        port = servers.free_port()
        service = servers.start_service(database_url, port)
        base = f"http://127.0.0.1:{port}"
        headers = token(base, "bench_admin", password)
        workers = service.workers()
        # warm-up: both workers import and connect before anything is timed
        fetch_pages([f"{base}/ogc/collections/film_recovery/items?limit=10"] * 4, headers, threads=2)
        fetch_pages([f"{base}/api/v1/exports/records?format=gpkg&bbox=116,24,116.01,24.01"] * 4, headers, 2)

        print("timing exports …", file=sys.stderr)
        results = {"records": total, "per_indicator": counts, "load_average_before": os.getloadavg()}
        results.update(time_exports(base, headers, workers, pg, total))

        print("timing OGC API pages …", file=sys.stderr)
        collection = "film_recovery"
        offsets = range(0, counts[collection] - PAGE + 1, PAGE)
        ours = [f"{base}/ogc/collections/{collection}/items?limit={PAGE}&offset={o}" for o in offsets]
        pygeoapi_port = servers.free_port()
        pygeoapi = servers.start_pygeoapi(
            pygeoapi_port,
            db,
            [
                "id",
                "indicator",
                "town_code",
                "county_code",
                "year",
                "observed_on",
                "status",
                "values",
                "numerator",
                "denominator",
                "computed_area_mu",
                "flags",
            ],
        )
        theirs = [
            f"http://127.0.0.1:{pygeoapi_port}/collections/records/items?f=json&limit={PAGE}&offset={o}"
            for o in offsets
        ]
        fetch_pages(theirs[:4], None, threads=2)  # warm-up
        for threads in (1, 2):
            results[f"ogc_pages_{threads}_client"] = time_pages(
                {"service": (ours, headers), "pygeoapi": (theirs, None)}, threads
            )
        results["load_average_after"] = os.getloadavg()
    finally:
        for server in (service, pygeoapi):
            if server is not None:
                server.stop()
    return results


def report(r):
    n = r["records"]

    def throughput(name, ours, theirs):
        a, b = n / r[ours]["seconds"], n / r[theirs]["seconds"]
        ratio = a / b
        verdict = "meets" if ratio >= GOALS["throughput_ratio"] else "BELOW"
        print(
            f"{name:<9} API {r[ours]['seconds']:6.2f} s = {a:9,.0f} features/s   ogr2ogr "
            f"{r[theirs]['seconds']:6.2f} s = {b:9,.0f} features/s   ratio {ratio:4.2f}× "
            f"({verdict} the ≥ {GOALS['throughput_ratio']}× goal)"
        )

    print(
        f"\n{n:,} approved records on PostGIS, gunicorn with {servers.WORKERS} workers, median of {REPEAT} "
        f"interleaved runs; load average {r['load_average_before'][0]:.1f} before, "
        f"{r['load_average_after'][0]:.1f} after ({os.cpu_count()} CPUs)"
    )
    throughput("GeoJSON", "api_geojson", "ogr2ogr_geojson")
    throughput("GeoPackage", "api_gpkg", "ogr2ogr_gpkg")
    growth = r["api_geojson"]["rss_growth_mib"]
    verdict = "meets" if max(growth) < GOALS["memory_mib"] else "ABOVE"
    print(
        f"worker RSS growth during a {n:,}-feature GeoJSON export: "
        f"{', '.join(f'{g:.1f}' for g in growth)} MiB (max {max(growth):.1f}; {verdict} the "
        f"< {GOALS['memory_mib']} MB goal); GeoPackage: "
        f"{max(r['api_gpkg']['rss_growth_mib']):.1f} MiB"
    )
    for threads in (1, 2):
        pages = r[f"ogc_pages_{threads}_client"]
        ours, theirs = pages["service"]["pages_per_s"], pages["pygeoapi"]["pages_per_s"]
        print(
            f"OGC items, {PAGE:,}-feature pages, {threads} client(s): service {ours:5.2f} pages/s, "
            f"pygeoapi 0.24 {theirs:5.2f} pages/s, ratio {ours / theirs:4.2f}×"
        )
    print(f"(raw figures: {OUT / 'exports.json'})")


if __name__ == "__main__":
    main()
