"""Scale benchmark: what users ask for, on a PostGIS database of N records (default 10 M).

    bench/scale/run.sh [-n 10000000] [--runs 7] [--year 2024]
    bench/scale/run.sh -n 10000000 --keep meizhou_scale10m --load-only   # the slow part, once
    bench/scale/run.sh --reuse meizhou_scale10m --runs 5                  # measure, any number of times

1. A PostGIS database (throwaway, or named and kept with --keep), migrated and seeded with the project's commands; N
   synthetic records COPYed into records by bench/summaries' loader (the project's own),
   then `flask --app wsgi rollup rebuild` (each phase timed): the records arrive behind the
   API's back. With --reuse NAME the load is skipped: `flask db upgrade` brings the kept
   database to the code's head (new migrations such as indexes apply, timed) and N is its count.
2. gunicorn serves it as scripts/run does. Then, in one run, medians of --runs:
   - county summary of a year over all indicators through the API, against the hand-written
     GROUP BY over the records (bench/summaries' SQL), same figures checked;
   - the town-level lagging list of one indicator for the city;
   - the dashboard's first load for a county reviewer: the page and the data requests it
     starts from its head (backend/web/dashboard._early_requests), fetched in parallel as
     the browser does (server side only, no browser: bench/dashboard measures one);
   - GET /records page 1, and page 10,000 of 10 by offset and by cursor;
   - OGC items, 1,000 per page: the first page, and one ~99,000 deep by offset and by cursor;
   - a whole-city GeoJSON export job (status all): POST, a `flask worker --once` process,
     poll until done; records/s and the file's size.
Ratios: API / hand SQL; deep page / first page.
"""

import argparse
import contextlib
import os
import statistics
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import requests  # noqa: E402

from bench.common import (  # noqa: E402
    VENV_BIN,
    create_account,
    create_postgis,
    drop_postgis,
    flask,
    gunicorn,
    libpq,
    postgis_exists,
    postgis_url,
    token,
)
from bench.summaries.run import hand_sql, load_postgis, log, phase, same_figures  # noqa: E402
from schemas import cursors  # noqa: E402

PASSWORD = "bench password " + uuid.uuid4().hex


def median_ms(function, runs, warmup=1):
    for _ in range(warmup):
        function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def getter(session, base):
    def get(path, **params):
        response = session.get(base + path, params=params, timeout=600)
        response.raise_for_status()
        return response

    return get


def export_job(url, session, base):
    """Seconds from POST to done (a worker process started alongside), records, bytes."""
    start = time.perf_counter()
    job = session.post(f"{base}/api/v1/exports", json={"format": "geojson", "status": "all"}, timeout=60)
    job.raise_for_status()
    env = {
        "DATABASE_URL": url,
        "SPATIALITE_LIBRARY_PATH": "mod_spatialite",
        "EXPORT_JOB_DIR": str(Path("/tmp") / f"meizhou_scale_jobs_{uuid.uuid4().hex}"),
    }
    worker = subprocess.Popen(
        [str(VENV_BIN / "flask"), "--app", "wsgi", "worker", "--once"],
        cwd=ROOT,
        env={**os.environ, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        while True:
            state = session.get(job.json()["url"], timeout=60).json()
            if state["state"] not in ("queued", "running"):
                break
            time.sleep(0.5)
        seconds = time.perf_counter() - start
    finally:
        worker.wait(timeout=600)
    assert state["state"] == "done", state
    subprocess.run(["rm", "-rf", env["EXPORT_JOB_DIR"]], check=False)
    return seconds, state["progress"]["records_done"], state["file_bytes"]


@contextlib.contextmanager
def scale_database(n, keep=None, reuse=None):
    """Yields the URL of a database of n records, its record count and the seconds of each phase
    of its making: a throwaway one, one made and kept under the name keep, or the kept one reuse."""
    phases = {}
    if reuse:
        if not postgis_exists(reuse):
            sys.exit(f"no database {reuse}: make it first with --keep {reuse}")
        url = postgis_url(reuse)
        with phase(phases, "flask db upgrade"):
            flask("db", "upgrade", url=url)
        with psycopg.connect(libpq(url)) as conn:
            n = conn.execute("SELECT count(*) FROM records").fetchone()[0]
        yield url, n, phases
        return
    if keep and postgis_exists(keep):
        sys.exit(f"database {keep} exists: measure it with --reuse {keep}, or drop it first")
    name = keep or f"meizhou_scale_{os.getpid()}"
    try:
        url = create_postgis(name)
        log(f"loading {n:,} records into {name}")
        phases.update(load_postgis(url, n))
        with phase(phases, "rollup rebuild"):
            flask("rollup", "rebuild", url=url)
    except BaseException:
        drop_postgis(name)  # half loaded: of no use, kept or not
        raise
    try:
        yield url, n, phases
    finally:
        if keep:
            log(f"kept database {keep}: measure it with --reuse {keep}")
        else:
            drop_postgis(name)


def bench(url, runs, year, export=True):
    suffix = uuid.uuid4().hex[:8]  # a kept database is measured many times: new accounts each run
    admin_name, reviewer_name = f"scale_admin_{suffix}", f"scale_reviewer_{suffix}"
    create_account(url, admin_name, "city_admin", "441400", password=PASSWORD)
    create_account(url, reviewer_name, "county_reviewer", "441402", password=PASSWORD)
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        # where page 10,000 of 10 starts: the cursor a client would hold after 9,999 next links
        deep_id = conn.execute("SELECT id FROM records ORDER BY id OFFSET 99989 LIMIT 1").fetchone()[0]
        ogc_deep_id = conn.execute(
            "SELECT id FROM records WHERE indicator = 'film_recovery' AND status = 'approved' "
            "ORDER BY id OFFSET 98999 LIMIT 1"
        ).fetchone()[0]  # ~700,000 records or more
        sql = hand_sql(year)
        figures = {}

        def measure(name, function):
            """Median of runs, logged at once: a long run shows its figures as it goes."""
            figures[name] = median_ms(function, runs)
            log(f"{name}: {figures[name]:.1f} ms")

        with gunicorn(url) as (base, _):
            admin = requests.Session()
            admin.headers.update(token(base, admin_name, PASSWORD))
            reviewer = requests.Session()  # signed in as the web pages are, with the cookie
            reviewer.post(
                f"{base}/web/session", json={"username": reviewer_name, "password": PASSWORD}, timeout=60
            ).raise_for_status()
            get = getter(admin, base)

            items = get("/api/v1/summaries", level="county", year=year).json()["items"]
            same_figures(items, conn.execute(sql).fetchall())
            measure("county summary, API", lambda: get("/api/v1/summaries", level="county", year=year))
            measure("county summary, hand SQL", lambda: conn.execute(sql).fetchall())
            measure(
                "lagging towns (city, film_recovery)",
                lambda: get("/api/v1/summaries/lagging", indicator="film_recovery", year=year),
            )

            early = dashboard_requests(year)

            def first_load():
                with ThreadPoolExecutor(max_workers=6) as pool:
                    done = list(pool.map(lambda path: reviewer.get(base + path, timeout=600), ["/dashboard", *early]))
                assert all(r.ok for r in done), [r.status_code for r in done]

            measure("dashboard first load (server, county reviewer)", first_load)

            measure("GET /records page 1", lambda: get("/api/v1/records", per_page=10))
            measure("GET /records page 10,000 by offset", lambda: get("/api/v1/records", per_page=10, page=10_000))
            cursor = cursors.encode("id", None, deep_id)
            measure("GET /records page 10,000 by cursor", lambda: get("/api/v1/records", per_page=10, cursor=cursor))

            ogc = "/ogc/collections/film_recovery/items"
            measure("OGC items 1,000, first page", lambda: get(ogc, limit=1000))
            measure("OGC items 1,000 at 99,000 by offset", lambda: get(ogc, limit=1000, offset=99_000))
            ogc_cursor = cursors.encode("id", None, ogc_deep_id)
            measure("OGC items 1,000 at 99,000 by cursor", lambda: get(ogc, limit=1000, cursor=ogc_cursor))

            exported = export_job(url, admin, base) if export else None
    return figures, exported


def dashboard_requests(year):
    """The data URLs the dashboard page starts from its head for a county reviewer of 梅江区."""
    return [
        "/api/v1/indicators",
        "/api/v1/dashboard/outlines?unit=441402",
        f"/api/v1/dashboard/records?unit=441402&year={year}",
        f"/api/v1/summaries?unit=441402&year={year}&status=approved",
        "/api/v1/summaries?unit=441402&status=approved",
    ]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--records", type=int, default=10_000_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--year", type=int, default=2024)
    made = parser.add_mutually_exclusive_group()
    made.add_argument("--keep", metavar="DBNAME", help="load into a new database of this name and keep it")
    made.add_argument("--reuse", metavar="DBNAME", help="skip the load: migrate and measure a kept database")
    parser.add_argument("--load-only", action="store_true", help="with --keep: load, do not measure")
    parser.add_argument(
        "--no-export", action="store_true", help="skip the whole-city export job (about 30 min at 10 M records)"
    )
    args = parser.parse_args()
    if args.load_only and not args.keep:
        parser.error("--load-only needs --keep")
    with scale_database(args.records, keep=args.keep, reuse=args.reuse) as (url, n, phases):
        print()
        print(f"{n:,} records on PostGIS ({url.rsplit('/', 1)[1]})")
        for name, seconds in phases.items():
            print(f"  {name:<52}{seconds:>10.1f} s")
        if args.load_only:
            return
        figures, exported = bench(url, args.runs, args.year, export=not args.no_export)
    print(f"{n:,} records on PostGIS; median of {args.runs} runs")
    for name, ms in figures.items():
        print(f"  {name:<52}{ms:>10.1f} ms")
    print(
        f"  ratio county summary API / hand SQL: "
        f"{figures['county summary, API'] / figures['county summary, hand SQL']:.3f}"
    )
    for deep in ("GET /records page 10,000 by offset", "GET /records page 10,000 by cursor"):
        print(f"  ratio {deep} / page 1: {figures[deep] / figures['GET /records page 1']:.2f}")
    for deep in ("OGC items 1,000 at 99,000 by offset", "OGC items 1,000 at 99,000 by cursor"):
        print(f"  ratio {deep} / first page: {figures[deep] / figures['OGC items 1,000, first page']:.2f}")
    if exported:
        seconds, records, size = exported
        print(
            f"  whole-city GeoJSON export job: {records:,} records, {size / 1e6:.0f} MB in {seconds:.1f} s "
            f"({records / seconds:,.0f} records/s, queued to done, worker start included)"
        )


if __name__ == "__main__":
    main()
