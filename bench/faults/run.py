"""Fault tests on PostGIS with the production server (issue 11, item 8); bench/faults/run.sh
sets up the throwaway cluster and calls this.

(a) worker kills: --senders threads post --batches batches of --batch-size new records to
    gunicorn (2 workers) while a worker is killed with SIGKILL --kills times; a batch whose
    answer did not come back (or is not 200 with every item created or replayed) is sent
    again unchanged, blindly, until it is.
(b) database restart: the same stream, with the PostgreSQL cluster stopped for 3 s and
    started again a third of the way through.
For each phase: sent (distinct client_ids), stored (rows with those client_ids), duplicates
(rows beyond one per client_id, and history entries beyond one per record), lost (sent but
not stored), and every failed answer by status, with how many were not problem+json.
PASS: no duplicates, nothing lost, every failure either no answer (the killed worker's) or
503 problem+json.
"""

import argparse
import collections
import os
import signal
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import psycopg
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.common import create_account, flask, gunicorn, seeded_random, token

# towns of 梅江区, the county of the reviewer account that posts
TOWNS = [("441402102", (116.1177, 24.2991)), ("441402103", (116.09, 24.32))]


def make_batches(rng, batches, size):
    out = []
    for _ in range(batches):
        items = []
        for _ in range(size):
            town, (lon, lat) = rng.choice(TOWNS)
            used = round(rng.uniform(50, 200), 2)
            items.append(
                {
                    "client_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
                    "indicator": "film_recovery",
                    "town_code": town,
                    "observed_on": "2025-06-30",
                    "location": {
                        "type": "Point",
                        "coordinates": [lon + rng.uniform(-0.002, 0.002), lat + rng.uniform(-0.002, 0.002)],
                    },
                    "values": {"film_used_t": used, "film_recovered_t": round(used * rng.uniform(0.5, 1), 2)},
                }
            )
        out.append(items)
    return out


class Stream:
    """Senders posting batches, each retried blindly until every item is stored."""

    def __init__(self, base, headers, batches, senders):
        self.base, self.headers, self.senders = base, headers, senders
        self.queue = collections.deque(enumerate(batches))
        self.lock = threading.Lock()
        self.done = 0
        self.failures = collections.Counter()  # (status, problem+json?) -> count
        self.examples = {}

    def _send(self, session, batch):
        while True:
            try:
                response = session.post(
                    f"{self.base}/api/v1/records/batch", json={"records": batch}, headers=self.headers, timeout=60
                )
            except requests.RequestException as error:
                self._failed(("no answer", type(error).__name__), None)
                time.sleep(0.2)
                continue
            if response.status_code == 200:
                outcomes = {r["outcome"] for r in response.json()["results"]}
                if outcomes <= {"created", "replayed"}:
                    return
                self._failed((200, "items " + ",".join(sorted(outcomes))), response)
            else:
                problem = response.headers.get("Content-Type", "").startswith("application/problem+json")
                self._failed((response.status_code, "problem+json" if problem else "NOT problem+json"), response)
            time.sleep(0.2)

    def _failed(self, key, response):
        with self.lock:
            self.failures[key] += 1
            if response is not None and key not in self.examples:
                self.examples[key] = response.text[:200]

    def _sender(self):
        session = requests.Session()
        while True:
            with self.lock:
                if not self.queue:
                    return
                _, batch = self.queue.popleft()
            self._send(session, batch)
            with self.lock:
                self.done += 1

    def run(self, fault=None):
        threads = [threading.Thread(target=self._sender) for _ in range(self.senders)]
        for thread in threads:
            thread.start()
        if fault:
            fault(self)
        for thread in threads:
            thread.join()


def workers_of(master):
    """The worker processes of the gunicorn master this script started (its children)."""
    path = Path(f"/proc/{master.pid}/task/{master.pid}/children")
    return [int(pid) for pid in path.read_text().split()] if path.exists() else []


def kill_workers(master, kills, every_s, total):
    def fault(stream):
        killed = 0
        while killed < kills and stream.done < total:
            time.sleep(every_s)
            workers = workers_of(master)
            if workers:
                os.kill(workers[killed % len(workers)], signal.SIGKILL)
                killed += 1
        print(f"  workers killed with SIGKILL: {killed}")

    return fault


def restart_database(cluster, total):
    version, name = cluster.split()

    def fault(stream):
        while stream.done < total // 3:
            time.sleep(0.05)
        started, at = time.monotonic(), stream.done
        subprocess.run(["pg_ctlcluster", version, name, "stop", "-m", "fast"], check=True)
        time.sleep(3)
        subprocess.run(["pg_ctlcluster", version, name, "start"], check=True)
        print(
            f"  PostgreSQL {version}/{name} stopped and started again "
            f"({time.monotonic() - started:.1f} s) after {at} of {total} batches"
        )

    return fault


def count(url, batches):
    sent = [item["client_id"] for batch in batches for item in batch]
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn) as conn:
        rows, distinct = conn.execute(
            "SELECT count(*), count(DISTINCT client_id) FROM records WHERE client_id = ANY(%s)", (sent,)
        ).fetchone()
        (history,) = conn.execute(
            "SELECT count(*) FROM revisions JOIN records ON records.id = revisions.record_id "
            "WHERE records.client_id = ANY(%s)",
            (sent,),
        ).fetchone()
    return {
        "sent": len(set(sent)),
        "stored": distinct,
        "duplicates": (rows - distinct) + (history - rows),
        "lost": len(set(sent)) - distinct,
    }


def report(name, figures, stream, seconds):
    print(
        f"{name}: sent {figures['sent']}, stored {figures['stored']}, duplicates {figures['duplicates']}, "
        f"lost {figures['lost']} ({seconds:.1f} s)"
    )
    if not stream.failures:
        print("  failed answers: none")
    for (status, kind), n in sorted(stream.failures.items(), key=str):
        example = stream.examples.get((status, kind), "")
        print(f"  failed answers {status} {kind}: {n}" + (f"  e.g. {example!r}" if example else ""))
    # a failure may be no answer (a killed worker) or 503 problem+json (the database away)
    expected = all(
        status == "no answer" or (status == 503 and kind == "problem+json") for status, kind in stream.failures
    )
    return figures["duplicates"] == 0 and figures["lost"] == 0 and expected


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batches", type=int, default=100)
    parser.add_argument("--batch-size", type=int, default=50)
    parser.add_argument("--senders", type=int, default=3)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument(
        "--server-log",
        default="/tmp/meizhou-faults-server.log",
        help="where the server's own error log goes (tracebacks of the outage)",
    )
    args = parser.parse_args()
    url, cluster = os.environ["FAULTS_DATABASE_URL"], os.environ["FAULTS_PG_CLUSTER"]
    flask("db", "upgrade", url=url)
    flask("seed", url=url)
    password = create_account(url, "faults_reviewer", "county_reviewer", "441402")
    rng = seeded_random(20261203)
    ok = True
    # the server inherits this process's stderr: its tracebacks go to a file, not the report
    log = open(args.server_log, "w")  # noqa: SIM115 (stderr for the rest of the run)
    os.dup2(log.fileno(), 2)
    print(f"server log: {args.server_log}")
    with gunicorn(url, workers=2) as (base, master):
        headers = token(base, "faults_reviewer", password)
        for name, fault in (
            ("(a) SIGKILL of workers", lambda total: kill_workers(master, args.kills, 0.5, total)),
            ("(b) PostgreSQL restart", lambda total: restart_database(cluster, total)),
        ):
            batches = make_batches(rng, args.batches, args.batch_size)
            stream = Stream(base, headers, batches, args.senders)
            print(f"{name}: {args.batches} batches of {args.batch_size} records, {args.senders} senders")
            started = time.monotonic()
            stream.run(fault(len(batches)))
            ok &= report(name, count(url, batches), stream, time.monotonic() - started)
    print("RESULT:", "PASS" if ok else "FAIL", flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
