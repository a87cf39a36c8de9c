"""Read throughput with a streaming replica, against the primary alone.

    bench/replica/run.sh [-n 200000] [--seconds 20] [--clients 8]

1. scripts/replica.sh up: a primary cluster (5441) and its streaming replica (5442), made
   with pg_basebackup; the database is migrated and seeded, N synthetic records COPYed in
   (bench/summaries' loader) and the rollup rebuilt; the replica catches up.
2. Three set-ups, each for --seconds with --clients concurrent clients asking in turn for
   the county summary of a year and a page of 1,000 OGC items (by cursor, spread over
   the collection):
   - baseline: one gunicorn, DATABASE_URL only (every read on the primary);
   - one gunicorn with DATABASE_REPLICA_URL (the reads on the replica);
   - two gunicorns on two ports with DATABASE_REPLICA_URL, the clients split between them.
3. Prints requests/s of each and the ratio to the baseline. scripts/replica.sh down at the end.

Both clusters and the servers share this machine's cores: the figure shows the routing
working and what it costs, not what a second database server would add.
"""

import argparse
import contextlib
import os
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402
import requests  # noqa: E402

from bench.common import create_account, flask, gunicorn, token  # noqa: E402
from bench.summaries.run import libpq, load_postgis, log  # noqa: E402
from schemas import cursors  # noqa: E402

PASSWORD = "bench password " + uuid.uuid4().hex
SCRIPT = ROOT / "scripts" / "replica.sh"


@contextlib.contextmanager
def replica_pair():
    output = subprocess.run([str(SCRIPT), "up"], check=True, capture_output=True, text=True).stdout
    urls = dict(line.split("=", 1) for line in output.splitlines() if "=" in line)
    try:
        yield urls["DATABASE_URL"], urls["DATABASE_REPLICA_URL"]
    finally:
        subprocess.run([str(SCRIPT), "down"], check=False, capture_output=True)


def wait_caught_up(primary, replica):
    with psycopg.connect(libpq(primary), autocommit=True) as p, psycopg.connect(libpq(replica), autocommit=True) as r:
        target = p.execute("SELECT pg_current_wal_lsn()").fetchone()[0]
        for _ in range(600):
            if r.execute("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", (target,)).fetchone()[0]:
                return
            time.sleep(0.5)
    raise SystemExit("the replica did not catch up")


def throughput(bases, seconds, clients, year, ogc_ids):
    """Requests per second of clients alternating summary and OGC page requests."""
    count, errors, stop = [0], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def client(k):
        session = requests.Session()
        base = bases[k % len(bases)]
        session.headers.update(token(base, "replica_admin", PASSWORD))
        n = k
        while time.monotonic() < stop:
            if n % 2:
                response = session.get(
                    f"{base}/api/v1/summaries", params={"level": "county", "year": year}, timeout=120
                )
            else:
                after = ogc_ids[n % len(ogc_ids)]
                response = session.get(
                    f"{base}/ogc/collections/film_recovery/items",
                    params={"limit": 1000, "cursor": cursors.encode("id", None, after)},
                    timeout=120,
                )
            with lock:
                count[0] += response.ok
                errors[0] += not response.ok
            n += 1

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors[0] == 0, f"{errors[0]} failed requests"
    return count[0] / (time.monotonic() - start)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--records", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    with replica_pair() as (primary, replica):
        log("migrating, seeding, loading")
        flask("db", "upgrade", url=primary)
        flask("seed", url=primary)
        with psycopg.connect(libpq(primary), autocommit=True) as conn:
            conn.execute(
                "TRUNCATE records, revisions, summary_rollup, export_jobs, tokens, users RESTART IDENTITY CASCADE"
            )
        load_postgis(primary, args.records)
        flask("rollup", "rebuild", url=primary)
        create_account(primary, "replica_admin", "city_admin", "441400", password=PASSWORD)
        wait_caught_up(primary, replica)
        with psycopg.connect(libpq(primary)) as conn:
            ids = [
                row[0]
                for row in conn.execute(
                    "SELECT id FROM records WHERE indicator = 'film_recovery' AND status = 'approved' ORDER BY id"
                )
            ]
        ogc_ids = ids[:: max(1, len(ids) // 50)][:-2] or [0]
        results = {}
        with gunicorn(primary) as (base, _):
            results["primary alone, 1 gunicorn"] = throughput([base], args.seconds, args.clients, args.year, ogc_ids)
        with contextlib.ExitStack() as stack:
            os.environ["DATABASE_REPLICA_URL"] = replica
            try:
                first, _ = stack.enter_context(gunicorn(primary))
                results["reads on the replica, 1 gunicorn"] = throughput(
                    [first], args.seconds, args.clients, args.year, ogc_ids
                )
                second, _ = stack.enter_context(gunicorn(primary))
                results["reads on the replica, 2 gunicorns"] = throughput(
                    [first, second], args.seconds, args.clients, args.year, ogc_ids
                )
            finally:
                del os.environ["DATABASE_REPLICA_URL"]
    print()
    print(
        f"{args.records:,} records; {args.clients} clients for {args.seconds:.0f} s each; "
        "county summary and 1,000 OGC items by cursor, alternately"
    )
    baseline = results["primary alone, 1 gunicorn"]
    for name, rate in results.items():
        print(f"  {name:<36}{rate:>8.1f} requests/s   ratio {rate / baseline:.2f}")


if __name__ == "__main__":
    main()
