"""Photo upload benchmark (issue 13), on a throwaway PostGIS database with the production server.

Measures, in one run on one database:
  * MB/s of PUT /api/v1/records/{id}/attachments/{aid} for --photos photos of about 3 MB each
    (--senders at once), every photo distinct bytes, ATTACHMENT_STORAGE=db;
  * the baseline: the same number of distinct byte strings of the same size hashed and written
    straight into the same table (attachment_blobs) with psycopg, one commit each, as many
    connections at once;
  * the gunicorn workers' peak RSS growth while 8 uploads run at once (sampled every 10 ms);
  * time per photo in this process (the code the server runs): the upload's check of one 3 MB
    photo (every byte decoded, size, EXIF), and making its thumbnail (on its first GET); and
    GET …/thumbnail p50 over the server (the first request makes it, the others read it).
Goals: uploads ≥ 0.5× the psycopg rate; peak memory growth < 100 MB.

    .venv/bin/python bench/attachments/run.py [--photos 200] [--senders 4] [--rounds 2]
"""

import argparse
import datetime as dt
import hashlib
import io
import os
import statistics
import struct
import sys
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import psycopg
import requests
from PIL import Image

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.common import create_account, gunicorn, percentile, throwaway_postgis, token
from tests.images import exif_block

PER_RECORD = 10
MB = 1024 * 1024


def base_photo(target=3 * MB):
    """A JPEG of about `target` bytes (noise does not compress), with EXIF time and place."""
    side = 1400
    while True:
        noise = Image.frombytes("RGB", (side, side * 3 // 4), os.urandom(side * (side * 3 // 4) * 3))
        out = io.BytesIO()
        noise.save(out, "JPEG", quality=92, exif=exif_block(dt.datetime(2025, 6, 30, 10), (116.1177, 24.2991)))
        if out.tell() >= target * 0.95:
            return out.getvalue()
        side = int(side * 1.1)


def variant(photo, tag):
    """The same photo with a comment segment after SOI: other bytes, the same picture."""
    comment = tag.encode()
    return photo[:2] + b"\xff\xfe" + struct.pack(">H", len(comment) + 2) + comment + photo[2:]


def make_records(base, headers, count):
    ids = []
    for start in range(0, count, 500):
        records = [
            {
                "client_id": str(uuid.uuid4()),
                "indicator": "film_recovery",
                "town_code": "441402102",
                "observed_on": "2025-06-30",
                "location": {"type": "Point", "coordinates": [116.1177, 24.2991]},
                "values": {"film_used_t": 10, "film_recovered_t": 9},
            }
            for _ in range(min(500, count - start))
        ]
        response = requests.post(
            f"{base}/api/v1/records/batch", json={"records": records}, headers=headers, timeout=300
        )
        response.raise_for_status()
        ids += [r["record"]["id"] for r in response.json()["results"]]
    return ids


def upload_rate(base, headers, record_ids, photo, tags, senders):
    """MB/s of uploading one variant of photo per tag; the bodies are made as they are sent
    (not hundreds of megabytes held in this process at once)."""
    jobs = [(record_ids[i // PER_RECORD], str(uuid.uuid4()), tag) for i, tag in enumerate(tags)]
    local = threading.local()

    def put(job):
        record_id, aid, tag = job
        body = variant(photo, tag)
        session = getattr(local, "session", None) or requests.Session()
        local.session = session
        response = session.put(
            f"{base}/api/v1/records/{record_id}/attachments/{aid}",
            data=body,
            headers={**headers, "Content-Type": "image/jpeg"},
            timeout=300,
        )
        assert response.status_code == 201, response.text
        return record_id, aid

    started = time.perf_counter()
    with ThreadPoolExecutor(senders) as pool:
        done = list(pool.map(put, jobs))
    elapsed = time.perf_counter() - started
    return sum(len(variant(photo, tag)) for tag in tags) / MB / elapsed, done


def psycopg_rate(url, photo, tags, senders):
    """Hash and write each byte string into attachment_blobs, one commit each (as the server does)."""
    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    connections = [psycopg.connect(dsn) for _ in range(senders)]
    chunks = [tags[i::senders] for i in range(senders)]

    def write(index):
        connection = connections[index]
        for tag in chunks[index]:
            body = variant(photo, tag)
            with connection.cursor() as cursor:
                cursor.execute(
                    "INSERT INTO attachment_blobs (sha256, bytes, data, created_at) "
                    "VALUES (%s, %s, %s, now()) ON CONFLICT (sha256) DO NOTHING",
                    (hashlib.sha256(body).hexdigest(), len(body), body),
                )
            connection.commit()

    started = time.perf_counter()
    with ThreadPoolExecutor(senders) as pool:
        list(pool.map(write, range(senders)))
    elapsed = time.perf_counter() - started
    for connection in connections:
        connection.close()
    return sum(len(variant(photo, tag)) for tag in tags) / MB / elapsed


def worker_pids(master):
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    return [int(pid) for pid in children]


def rss_mb(pids):
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1])
    return total / 1024


def peak_growth(base, headers, record_ids, photo, tags, master):
    """Peak RSS growth of the workers (summed) while 8 uploads run at once, over a warm server."""
    pids = worker_pids(master)
    before = rss_mb(pids)
    peak, running = before, True

    def sample():
        nonlocal peak
        while running:
            peak = max(peak, rss_mb(pids))
            time.sleep(0.01)

    sampler = threading.Thread(target=sample)
    sampler.start()
    try:
        upload_rate(base, headers, record_ids, photo, tags, senders=8)
    finally:
        running = False
        sampler.join()
    return before, peak - before


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--photos", type=int, default=200)
    parser.add_argument("--senders", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()

    photo = base_photo()
    print(
        f"photo size           : {len(photo) / MB:.2f} MB, {args.photos} photos per round, "
        f"{args.senders} at once, {args.rounds} rounds"
    )
    from backend.services.images import inspect, thumbnail

    def median_ms(work):
        timings = []
        for _ in range(10):
            started = time.perf_counter()
            work()
            timings.append(time.perf_counter() - started)
        return statistics.median(timings) * 1000

    check_ms = median_ms(lambda: inspect(io.BytesIO(photo), 50_000_000))
    thumbnail_ms = median_ms(lambda: thumbnail(photo, 50_000_000))

    with throwaway_postgis("meizhou_bench_photos") as url:
        password = create_account(url, "bench_officer", "town_officer", "441402102")
        os.environ["ATTACHMENT_STORAGE"] = "db"
        with gunicorn(url) as (base, process):
            headers = token(base, "bench_officer", password)
            needed = (args.rounds * args.photos + 8 * 5 + 10) // PER_RECORD + 1
            record_ids = make_records(base, headers, needed)
            # warm-up: connections, the image libraries in both workers
            upload_rate(base, headers, record_ids[-1:], photo, [f"warm-{i}" for i in range(4)], 4)
            api_rates, raw_rates = [], []
            for round_ in range(args.rounds):
                offset = round_ * args.photos // PER_RECORD
                tags = [f"api-{round_}-{i}" for i in range(args.photos)]
                rate, done = upload_rate(base, headers, record_ids[offset:], photo, tags, args.senders)
                api_rates.append(rate)
                raw_rates.append(
                    psycopg_rate(url, photo, [f"raw-{round_}-{i}" for i in range(args.photos)], args.senders)
                )
            spare = record_ids[args.rounds * args.photos // PER_RECORD :]
            before, growth = peak_growth(base, headers, spare, photo, [f"mem-{i}" for i in range(40)], process.pid)
            record_id, aid = done[0]
            thumbs = []
            with requests.Session() as session:
                for _ in range(30):
                    started = time.perf_counter()
                    response = session.get(
                        f"{base}/api/v1/records/{record_id}/attachments/{aid}/thumbnail", headers=headers
                    )
                    response.raise_for_status()
                    thumbs.append(time.perf_counter() - started)

    api, raw = statistics.median(api_rates), statistics.median(raw_rates)
    print(
        f"PUT attachments      : {api:8.1f} MB/s  (median of {args.rounds}: "
        + ", ".join(f"{r:.1f}" for r in api_rates)
        + ")"
    )
    print(
        f"psycopg into blobs   : {raw:8.1f} MB/s  (median of {args.rounds}: "
        + ", ".join(f"{r:.1f}" for r in raw_rates)
        + ")"
    )
    print(f"ratio                : {api / raw:8.2f}×   (goal ≥ 0.5×)")
    print(f"worker RSS, 8 at once: {before:8.0f} MB before, peak growth {growth:.0f} MB (goal < 100 MB)")
    print(f"check per photo      : {check_ms:8.1f} ms to check a 3 MB photo on upload (median of 10)")
    print(
        f"thumbnail per photo  : {thumbnail_ms:8.1f} ms to make its thumbnail on the first GET (median of 10); "
        f"GET …/thumbnail p50 {percentile(thumbs, 0.5) * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
