"""Read throughput with a streaming replica against the primary alone, two gunicorns against one.

    bench/replica/run.sh [-n 200000] [--seconds 10] [--clients 8] [--rounds 3]

1. scripts/replica.sh up: a primary cluster (5441) and its streaming replica (5442), made
   with pg_basebackup; the database is migrated and seeded, N synthetic records COPYed in
   (bench/summaries' loader) and the rollup rebuilt; the replica catches up.
2. Three servers, all up for the whole run: gunicorn A with DATABASE_URL only (every read
   on the primary), gunicorns B and C (two ports) with DATABASE_REPLICA_URL as well. Three
   set-ups: "primary alone" (A), "replica, 1 gunicorn" (B), "replica, 2 gunicorns" (B and C,
   the clients split between them).
3. Two workloads, each for --seconds with --clients concurrent clients: the county summary
   of a year, and pages of 1,000 OGC items (by cursor, spread over the collection). Set-ups
   and workloads take turns, --rounds times, so that none gets a quieter machine; the
   median requests/s of each is printed with the ratios, and the transactions each cluster
   counted (pg_stat_database) show where the reads went.

Both clusters and the servers share this machine's cores: the figure shows the routing
working and what it costs, not what a second database server would add.
"""

import argparse
import contextlib
import statistics
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

from bench.common import create_account, flask, gunicorn, libpq, token  # noqa: E402
from bench.summaries.run import load_postgis, log  # noqa: E402
from schemas import cursors  # noqa: E402

PASSWORD = "bench password " + uuid.uuid4().hex
SCRIPT = ROOT / "scripts" / "replica.sh"
PRIMARY_ALONE, REPLICA_ONE, REPLICA_TWO = (
    "primary alone, 1 gunicorn",
    "reads on the replica, 1 gunicorn",
    "reads on the replica, 2 gunicorns",
)


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


def transactions(url):
    """Transactions the cluster has counted in the benchmark's database (its own statistics)."""
    with psycopg.connect(libpq(url), autocommit=True) as conn:
        return conn.execute(
            "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()[0]


def throughput(bases, headers, seconds, clients, request):
    """Requests per second of clients repeating request(session, base, n) until the time is up."""
    count, errors, stop = [0], [0], time.monotonic() + seconds
    lock = threading.Lock()

    def client(k):
        session = requests.Session()
        session.headers.update(headers)
        base, n = bases[k % len(bases)], k
        while time.monotonic() < stop:
            response = request(session, base, n)
            with lock:
                count[0] += response.ok
                errors[0] += not response.ok
            n += clients

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    start = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors[0] == 0, f"{errors[0]} failed requests"
    return count[0] / (time.monotonic() - start)


def workloads(year, ogc_ids):
    def summary(session, base, _n):
        return session.get(f"{base}/api/v1/summaries", params={"level": "county", "year": year}, timeout=120)

    def ogc_items(session, base, n):
        return session.get(
            f"{base}/ogc/collections/film_recovery/items",
            params={"limit": 1000, "cursor": cursors.encode("id", None, ogc_ids[n % len(ogc_ids)])},
            timeout=120,
        )

    return {"county summary": summary, "OGC items, 1,000 by cursor": ogc_items}


def load(primary, replica, n):
    log("migrating, seeding, loading")
    flask("db", "upgrade", url=primary)
    flask("seed", url=primary)
    with psycopg.connect(libpq(primary), autocommit=True) as conn:
        # the clusters of an earlier run may still be up (scripts/replica.sh up reuses them)
        conn.execute("TRUNCATE records, revisions, summary_rollup, export_jobs, tokens, users RESTART IDENTITY CASCADE")
    load_postgis(primary, n)
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
    return ids[:: max(1, len(ids) // 50)][:-2] or [0]  # cursors of 48 pages spread over the collection


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", "--records", type=int, default=200_000)
    parser.add_argument("--seconds", type=float, default=10, help="length of one measurement")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=3, help="turns of every set-up and workload (median)")
    parser.add_argument("--year", type=int, default=2024)
    args = parser.parse_args()
    rates, counted = {}, {}
    with replica_pair() as (primary, replica):
        ogc_ids = load(primary, replica, args.records)
        with contextlib.ExitStack() as stack:
            alone, _ = stack.enter_context(gunicorn(primary))
            routed = {"DATABASE_REPLICA_URL": replica}
            first, _ = stack.enter_context(gunicorn(primary, env=routed))
            second, _ = stack.enter_context(gunicorn(primary, env=routed))
            headers = token(alone, "replica_admin", PASSWORD)
            setups = {PRIMARY_ALONE: [alone], REPLICA_ONE: [first], REPLICA_TWO: [first, second]}
            for request in workloads(args.year, ogc_ids).values():  # warm every server and cache
                for bases in setups.values():
                    throughput(bases, headers, 1, len(bases), request)
            for round_ in range(args.rounds):
                for work, request in workloads(args.year, ogc_ids).items():
                    for setup, bases in setups.items():
                        before = transactions(primary), transactions(replica)
                        rate = throughput(bases, headers, args.seconds, args.clients, request)
                        after = transactions(primary), transactions(replica)
                        rates.setdefault((work, setup), []).append(rate)
                        moved = counted.setdefault((work, setup), [0, 0])
                        moved[0] += after[0] - before[0]
                        moved[1] += after[1] - before[1]
                        log(f"round {round_ + 1}: {work}, {setup}: {rate:.1f} requests/s")
    print()
    print(
        f"{args.records:,} records; {args.clients} clients for {args.seconds:.0f} s per measurement; "
        f"median of {args.rounds} rounds taken in turns"
    )
    print(f"  {'':<64}{'requests/s':>11}{'primary tx':>12}{'replica tx':>12}")
    for (work, setup), runs in rates.items():
        primary_tx, replica_tx = counted[(work, setup)]
        print(f"  {work + ', ' + setup:<64}{statistics.median(runs):>11.1f}{primary_tx:>12}{replica_tx:>12}")
    for work in workloads(args.year, []):
        median = {setup: statistics.median(rates[(work, setup)]) for setup in (PRIMARY_ALONE, REPLICA_ONE, REPLICA_TWO)}
        print(
            f"  {work}: replica / primary alone (1 gunicorn each) {median[REPLICA_ONE] / median[PRIMARY_ALONE]:.2f}; "
            f"2 gunicorns / 1 (replica) {median[REPLICA_TWO] / median[REPLICA_ONE]:.2f}; "
            f"2 gunicorns on the replica / primary alone {median[REPLICA_TWO] / median[PRIMARY_ALONE]:.2f}"
        )
    print("  tx: transactions each cluster counted during the measurements (pg_stat_database), summed over rounds")


if __name__ == "__main__":
    main()
