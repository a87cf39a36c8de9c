"""Benchmark of GET /api/v1/summaries against the hand-written GROUP BY it stands for.

For each database (a throwaway PostGIS database, a temporary SpatiaLite file) it migrates
and seeds a fresh schema with the project's own commands, loads N synthetic records
(COPY on PostgreSQL, executemany on SQLite; not through the API), rebuilds the summary
rollup from them (`flask rollup rebuild`), serves the app with
gunicorn as scripts/run does (bench.common), then times the county-level summary of one year over all
indicators through HTTP and the equivalent SQL, and prints medians and their ratio.

    bench/summaries/run.sh                     # 1,000,000 records, PostGIS and SpatiaLite
    bench/summaries/run.sh -n 20000 --db postgis
"""

import argparse
import contextlib
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("SPATIALITE_LIBRARY_PATH", "mod_spatialite")

import psycopg  # noqa: E402
import requests  # noqa: E402

from bench.common import PG_ROLE as COMMON_ROLE  # noqa: E402
from bench.common import create_account, flask, gunicorn, libpq, token  # noqa: E402
from bench.summaries import generate  # noqa: E402
from domain.indicators import INDICATORS, TOTAL  # noqa: E402

PG_ROLE = PG_PASSWORD = COMMON_ROLE  # the one role of the tests and benchmarks
PG_PORT = int(os.environ.get("PGPORT", 5432))
PASSWORD = "bench password " + uuid.uuid4().hex


def log(message):
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def psql(*args):
    subprocess.run(
        ["runuser", "-u", "postgres", "--", "psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-p", str(PG_PORT), *args],
        check=True,
        cwd="/",
    )


@contextlib.contextmanager
def postgis_database(keep):
    name = f"meizhou_bench_{os.getpid()}"
    psql(
        "-d",
        "postgres",
        "-c",
        f"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{PG_ROLE}') THEN "
        f"CREATE ROLE {PG_ROLE} LOGIN PASSWORD '{PG_PASSWORD}'; END IF; END$$",
    )
    psql("-d", "postgres", "-c", f"CREATE DATABASE {name} OWNER {PG_ROLE}")
    try:
        psql("-d", name, "-c", "CREATE EXTENSION postgis")
        yield f"postgresql+psycopg://{PG_ROLE}:{PG_PASSWORD}@127.0.0.1:{PG_PORT}/{name}"
    finally:
        if keep:
            log(f"kept database {name}")
        else:
            psql("-d", "postgres", "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@contextlib.contextmanager
def spatialite_database(keep):
    directory = tempfile.mkdtemp(prefix="meizhou_bench_")
    path = Path(directory) / "bench.sqlite"
    try:
        yield f"sqlite:///{path}"
    finally:
        if keep:
            log(f"kept database {path}")
        else:
            for file in Path(directory).iterdir():
                file.unlink()
            os.rmdir(directory)


def load_postgis(url, n):
    """COPY straight into records, the points as EWKT text (PostGIS parses it on input).

    The secondary indexes, the unique constraint and the foreign keys (two trigger calls per
    row) are dropped for the load and made again afterwards from their own definitions: one
    sorted build and one join are much faster than millions of insertions and lookups.
    Returns the seconds of each phase."""
    columns = ", ".join(f'"{c}"' for c in (*generate.COLUMNS, "location"))
    lon, lat = generate.COLUMNS.index("lon"), generate.COLUMNS.index("lat")
    phases = {}
    with psycopg.connect(libpq(url)) as conn:
        towns = [r[0] for r in conn.execute("SELECT code FROM units WHERE level = 'town' ORDER BY code")]
        indexes = conn.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'records' AND indexname NOT IN "
            "(SELECT conname FROM pg_constraint WHERE conrelid = 'records'::regclass)"
        ).fetchall()
        constraints = conn.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'records'::regclass AND contype IN ('u', 'f')"
        ).fetchall()
        for name, _ in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        for name, _ in constraints:
            conn.execute(f'ALTER TABLE records DROP CONSTRAINT "{name}"')
        copying = conn.cursor().copy(f"COPY records ({columns}) FROM STDIN")
        with phase(phases, "COPY into records (rows generated on the way)"), copying as copy:
            for rows in generate.records(n, towns):
                for row in rows:
                    copy.write_row((*row, f"SRID=4326;POINT({row[lon]!r} {row[lat]!r})"))
        with phase(phases, f"index build ({len(indexes)} indexes, {len(constraints)} constraints)"):
            conn.execute("SET maintenance_work_mem = '512MB'")
            for _, definition in indexes:
                conn.execute(definition)
            for name, definition in constraints:
                conn.execute(f'ALTER TABLE records ADD CONSTRAINT "{name}" {definition}')
    with psycopg.connect(libpq(url), autocommit=True) as conn, phase(phases, "VACUUM (ANALYZE)"):
        conn.execute("VACUUM (ANALYZE) records")
    return phases


@contextlib.contextmanager
def phase(phases, name):
    """Time a phase of a load into phases[name], with a log line at its end."""
    start = time.perf_counter()
    yield
    phases[name] = time.perf_counter() - start
    log(f"{name}: {phases[name]:.1f} s")


def load_spatialite(url, n):
    """executemany in one transaction per chunk; indexes (the R*Trees too) built after the load."""
    path = url.removeprefix("sqlite:///")
    conn = sqlite3.connect(path)
    conn.enable_load_extension(True)
    conn.load_extension("mod_spatialite")
    conn.execute("PRAGMA synchronous = OFF")
    towns = [r[0] for r in conn.execute("SELECT code FROM units WHERE level = 'town' ORDER BY code")]
    indexes = conn.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL"
    ).fetchall()
    for name, _ in indexes:
        conn.execute(f'DROP INDEX "{name}"')
    spatial = [
        r[0]
        for r in conn.execute(
            "SELECT f_geometry_column FROM geometry_columns "
            "WHERE f_table_name = 'records' AND spatial_index_enabled = 1"
        )
    ]
    for column in spatial:
        conn.execute(f"SELECT DisableSpatialIndex('records', '{column}')")
        conn.execute(f'DROP TABLE "idx_records_{column}"')
    columns = ", ".join(f'"{c}"' for c in generate.COLUMNS)
    marks = ", ".join("?" for _ in generate.COLUMNS)
    insert = f"INSERT INTO records ({columns}, location) VALUES ({marks}, MakePoint(?, ?, 4326))"
    lon, lat = generate.COLUMNS.index("lon"), generate.COLUMNS.index("lat")
    for rows in generate.records(n, towns):
        conn.executemany(insert, (row + (row[lon], row[lat]) for row in rows))
        conn.commit()
    log(f"inserted; building {len(indexes)} indexes and {len(spatial)} spatial indexes")
    for _, definition in indexes:
        conn.execute(definition)
    for column in spatial:  # creates and fills the R*Tree
        conn.execute(f"SELECT CreateSpatialIndex('records', '{column}')")
    conn.execute("ANALYZE")
    conn.commit()
    conn.close()


def hand_sql(year, naive=False):
    """The county summary of a year as one would write it by hand (same figures as the API).

    The default form sums per town (rates by reporting year and totals by counted_on, in
    two UNION ALL branches) and then per county; the naive form filters with OR and counts
    towns with COUNT(DISTINCT), which PostgreSQL can only do by sorting every row."""

    def listed(codes):
        return ", ".join(f"'{code}'" for code in codes)

    totals = listed(code for code, i in INDICATORS.items() if i.kind == TOTAL)
    rates = listed(code for code, i in INDICATORS.items() if i.kind != TOTAL)
    indicators = ", ".join(f"('{code}')" for code in INDICATORS)
    rates_of_year = f"status = 'approved' AND indicator IN ({rates}) AND year = {year}"
    totals_of_year = (
        f"status = 'approved' AND indicator IN ({totals}) AND counted_on BETWEEN '{year}-01-01' AND '{year}-12-31'"
    )
    if naive:
        aggregate = f"""
    SELECT county_code, indicator, sum(numerator) AS numerator, sum(denominator) AS denominator,
           count(*) AS records, count(DISTINCT town_code) AS towns
    FROM records
    WHERE ({rates_of_year}) OR ({totals_of_year})
    GROUP BY county_code, indicator"""
    else:
        per_town = (
            "SELECT county_code, town_code, indicator, sum(numerator) AS numerator, "
            "sum(denominator) AS denominator, count(*) AS records FROM records WHERE {} "
            "GROUP BY indicator, county_code, town_code"
        )
        aggregate = f"""
    SELECT county_code, indicator, sum(numerator) AS numerator, sum(denominator) AS denominator,
           sum(records) AS records, count(*) AS towns
    FROM ({per_town.format(rates_of_year)}
          UNION ALL
          {per_town.format(totals_of_year)}) AS per_town
    GROUP BY county_code, indicator"""
    return f"""
SELECT u.code, i.column1 AS indicator, COALESCE(a.numerator, 0) AS numerator, a.denominator,
       CASE WHEN i.column1 IN ({totals}) THEN COALESCE(a.numerator, 0)
            WHEN a.denominator > 0 THEN a.numerator / a.denominator END AS value,
       COALESCE(a.records, 0) AS records, COALESCE(a.towns, 0) AS towns_reporting,
       (SELECT count(*) FROM units t WHERE t.parent_code = u.code AND t.level = 'town') AS towns_total
FROM units u
CROSS JOIN (VALUES {indicators}) AS i
LEFT JOIN ({aggregate}
) a ON a.county_code = u.code AND a.indicator = i.column1
WHERE u.level = 'county'
ORDER BY u.code, i.column1"""


def api_sql(url, year):
    """The statement the API sends for the benchmark's request, with its values inlined."""
    from backend import create_app
    from backend.extensions import db
    from backend.services import summaries

    app = create_app({"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        statement = summaries.summary_statement(
            "county", "441400", summaries.Period(year=year), tuple(INDICATORS), ("approved",)
        )
        text = str(statement.compile(db.engine, compile_kwargs={"literal_binds": True}))
        db.engine.dispose()
    return text


def sql_runner(url):
    if url.startswith("sqlite"):
        conn = sqlite3.connect(url.removeprefix("sqlite:///"))
    else:
        conn = psycopg.connect(libpq(url), autocommit=True)

    def run(sql):
        cursor = conn.execute(sql)
        return cursor.fetchall()

    return conn, run


def timed_alternately(functions, runs, warmup=2):
    """Median milliseconds of each function, run in turns so that neither gets a warmer cache."""
    results = [None] * len(functions)
    for _ in range(warmup):
        results = [function() for function in functions]
    times = [[] for _ in functions]
    for _ in range(runs):
        for k, function in enumerate(functions):
            start = time.perf_counter()
            results[k] = function()
            times[k].append((time.perf_counter() - start) * 1000)
    return [statistics.median(t) for t in times], times, results


def same_figures(api_items, sql_rows):
    """The API answers what the hand SQL answers (sums to the last few bits)."""
    api = {(i["unit_code"], i["indicator"]): i for i in api_items}
    assert len(api) == len(sql_rows), (len(api), len(sql_rows))
    for code, indicator, numerator, _denominator, value, records, towns, towns_total in sql_rows:
        item = api[(code, indicator)]
        assert (item["records"], item["towns_reporting"], item["towns_total"]) == (records, towns, towns_total)
        for mine, theirs in ((item["numerator"], numerator), (item["value"], value)):
            assert (mine is None and theirs is None) or abs(mine - theirs) <= 1e-9 * max(1, abs(theirs))


def bench(backend, n, runs, year, keep, explain):
    database = postgis_database if backend == "postgis" else spatialite_database
    with database(keep) as url:
        log(f"{backend}: migrating and seeding")
        flask("db", "upgrade", url=url)
        flask("seed", url=url)
        log(f"{backend}: loading {n:,} records")
        start = time.perf_counter()
        (load_postgis if backend == "postgis" else load_spatialite)(url, n)
        load_s = time.perf_counter() - start
        log(f"{backend}: loaded in {load_s:.1f} s; rebuilding the summary rollup")
        flask("rollup", "rebuild", url=url)
        create_account(url, "bench_admin", "city_admin", "441400", password=PASSWORD)
        conn, run_sql = sql_runner(url)
        sql, naive_sql = hand_sql(year), hand_sql(year, naive=True)
        if explain:
            prefix = "EXPLAIN QUERY PLAN " if backend == "spatialite" else "EXPLAIN (ANALYZE, BUFFERS) "
            for name, statement in (("hand SQL", sql), ("API's SQL", api_sql(url, year))):
                log(f"plan of the {name}")
                for row in run_sql(prefix + statement):
                    print("   ", *row)
        with gunicorn(url) as (base, _):
            session = requests.Session()
            session.headers.update(token(base, "bench_admin", PASSWORD))

            def api():
                response = session.get(
                    f"{base}/api/v1/summaries", params={"level": "county", "year": year}, timeout=120
                )
                response.raise_for_status()
                return response.json()["items"]

            (api_ms, sql_ms, naive_ms), times, (items, rows, naive_rows) = timed_alternately(
                [api, lambda: run_sql(sql), lambda: run_sql(naive_sql)], runs
            )
        conn.close()
        same_figures(items, rows)
        same_figures(items, naive_rows)
        for name, runs_ms in zip(("API", "hand SQL", "naive SQL"), times):
            log(f"{backend}: {name} runs (ms) {[round(t) for t in runs_ms]}")
        return {
            "backend": backend,
            "n": n,
            "load_s": load_s,
            "api_ms": api_ms,
            "sql_ms": sql_ms,
            "naive_ms": naive_ms,
            "ratio": api_ms / sql_ms,
        }


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--records", type=int, default=1_000_000, help="records to generate")
    parser.add_argument("--db", choices=("postgis", "spatialite", "both"), default="both")
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (median reported)")
    parser.add_argument("--year", type=int, default=2024)
    parser.add_argument("--keep", action="store_true", help="keep the database (for a look at plans)")
    parser.add_argument("--explain", action="store_true", help="print the plan of the hand SQL")
    args = parser.parse_args()
    backends = ("postgis", "spatialite") if args.db == "both" else (args.db,)
    results = [bench(b, args.records, args.runs, args.year, args.keep, args.explain) for b in backends]
    print()
    print(f"county summary, year {args.year}, all {len(INDICATORS)} indicators, median of {args.runs} runs")
    print(f"{'database':<12}{'records':>12}{'load s':>9}{'API ms':>9}{'SQL ms':>9}{'ratio':>8}{'naive SQL ms':>14}")
    for r in results:
        print(
            f"{r['backend']:<12}{r['n']:>12,}{r['load_s']:>9.1f}{r['api_ms']:>9.1f}{r['sql_ms']:>9.1f}"
            f"{r['ratio']:>8.2f}{r['naive_ms']:>14.1f}"
        )
    print("ratio = API median / hand SQL median; naive SQL: OR filter and COUNT(DISTINCT), for reference")


if __name__ == "__main__":
    main()
