"""Export jobs: POST /api/v1/exports → 202 and a job; a worker makes the file; the file is
served with ETag and Range; a job outlives a dead worker; the same request reuses its job."""

import concurrent.futures
import contextlib
import threading
import time
import uuid

import pytest
import requests

from backend.extensions import db
from backend.models import ExportJob, User
from backend.services import export_jobs
from tests.factories import approve, create_record, record

EXPORTS = "/api/v1/exports"


@pytest.fixture
def jobs_app(app, tmp_path):
    app.config.update(EXPORT_JOB_DIR=str(tmp_path / "jobs"), EXPORT_JOB_LEASE_S=60, EXPORT_JOB_REUSE_S=300)
    return app


@pytest.fixture
def approved(client, officer, reviewer):
    made = [create_record(client, officer, record(observed_on=f"2025-0{n + 1}-01")) for n in range(5)]
    made.append(create_record(client, officer, record("water_saving_irrigation")))
    for created in made:
        approve(client, reviewer, created["id"])
    return made


def run_worker(app):
    result = app.test_cli_runner().invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    return result.output


def submit(client, account, expect=202, **params):
    response = client.post(EXPORTS, json=params, headers=account.headers)
    assert response.status_code == expect, response.get_json()
    return response


def test_a_job_is_made_by_the_worker_and_its_file_equals_the_direct_export(jobs_app, client, reviewer, approved):
    response = submit(client, reviewer, format="geojson")
    job = response.get_json()
    assert job["state"] == "queued" and response.headers["Location"] == job["url"]
    assert job["file_url"] is None and job["params"]["format"] == "geojson"
    assert client.get(f"{EXPORTS}/{job['id']}/file", headers=reviewer.headers).status_code == 404
    assert "1 job(s) run" in run_worker(jobs_app)

    done = client.get(job["url"], headers=reviewer.headers).get_json()
    assert done["state"] == "done" and done["progress"] == {"records_done": 6, "records_total": 6, "fraction": 1.0}
    download = client.get(done["file_url"], headers=reviewer.headers)
    assert download.status_code == 200 and download.headers["ETag"].strip('"') == export_jobs_etag(done)
    direct = client.get("/api/v1/exports/records", query_string={"format": "geojson"}, headers=reviewer.headers)
    assert download.get_data() == direct.get_data()
    assert done["file_bytes"] == len(download.get_data())
    assert download.headers["Content-Disposition"].startswith("attachment; filename=meizhou_all-indicators_")


def export_jobs_etag(job_document):
    return db.session.get(ExportJob, job_document["id"]).etag


def test_the_file_resumes_with_range_and_answers_304_to_its_etag(jobs_app, client, reviewer, approved):
    job = submit(client, reviewer, format="gpkg", crs="EPSG:4548").get_json()
    run_worker(jobs_app)
    url = client.get(job["url"], headers=reviewer.headers).get_json()["file_url"]
    whole = client.get(url, headers=reviewer.headers)
    etag = whole.headers["ETag"]
    body = whole.get_data()
    first = client.get(url, headers={**reviewer.headers, "Range": "bytes=0-999"})
    rest = client.get(url, headers={**reviewer.headers, "Range": "bytes=1000-", "If-Range": etag})
    assert (first.status_code, rest.status_code) == (206, 206)
    assert first.headers["Content-Range"] == f"bytes 0-999/{len(body)}"
    assert first.get_data() + rest.get_data() == body
    assert client.get(url, headers={**reviewer.headers, "If-None-Match": etag}).status_code == 304
    # a changed file (another ETag) is sent whole, not spliced
    stale = client.get(url, headers={**reviewer.headers, "Range": "bytes=1000-", "If-Range": '"other"'})
    assert stale.status_code == 200 and stale.get_data() == body


def test_the_same_request_reuses_its_job_and_another_does_not(jobs_app, client, reviewer, admin, approved):
    first = submit(client, reviewer, format="csv", status="all").get_json()
    again = submit(client, reviewer, format="csv", status="all").get_json()
    other = submit(client, reviewer, format="csv", status="approved").get_json()
    someone_else = submit(client, admin, format="csv", status="all").get_json()
    assert first["id"] == again["id"] and len({first["id"], other["id"], someone_else["id"]}) == 3
    run_worker(jobs_app)
    assert submit(client, reviewer, format="csv", status="all").get_json()["id"] == first["id"]
    jobs_app.config["EXPORT_JOB_REUSE_S"] = 0
    assert submit(client, reviewer, format="csv", status="all").get_json()["id"] != first["id"]


def test_identical_requests_at_the_same_instant_make_one_job(jobs_app, live_server, reviewer, approved, monkeypatch):
    """N identical POSTs over real HTTP, each held after its look-up for the others until
    all have looked (or 3 s have passed: SQLite's write lock lets one request in at a time,
    so there the others arrive later): exactly one job, and every answer names it."""
    threads = 6
    barrier = threading.Barrier(threads)
    looked = threading.local()
    look_up = export_jobs._reusable

    def held_look_up(user, key):
        found = look_up(user, key)
        if not getattr(looked, "once", False):  # the first look of each request only
            looked.once = True
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.wait(timeout=3)
        return found

    monkeypatch.setattr(export_jobs, "_reusable", held_look_up)

    def post(_):
        response = requests.post(
            f"{live_server}{EXPORTS}", json={"format": "csv", "status": "all"}, headers=reviewer.headers, timeout=60
        )
        assert response.status_code == 202, response.text
        return response.json()["id"]

    with concurrent.futures.ThreadPoolExecutor(threads) as pool:
        answers = list(pool.map(post, range(threads)))
    db.session.rollback()  # the test's own session sees what the requests committed
    stored = db.session.execute(db.select(ExportJob.id)).scalars().all()
    assert len(stored) == 1 and answers == stored * threads


def test_large_exports_and_async_requests_become_jobs(jobs_app, client, reviewer, approved):
    query = {"format": "geojson"}
    assert client.get("/api/v1/exports/records", query_string=query, headers=reviewer.headers).status_code == 200
    forced = client.get("/api/v1/exports/records", query_string={**query, "async": "true"}, headers=reviewer.headers)
    assert forced.status_code == 202 and forced.headers["Location"].endswith(forced.get_json()["id"])
    jobs_app.config["EXPORT_ASYNC_MIN_RECORDS"] = 5
    large = client.get("/api/v1/exports/records", query_string=query, headers=reviewer.headers)
    assert large.status_code == 202 and large.get_json()["id"] == forced.get_json()["id"]
    small = client.get(
        "/api/v1/exports/records",
        query_string={**query, "indicator": "water_saving_irrigation"},
        headers=reviewer.headers,
    )
    assert small.status_code == 200


def test_a_job_outlives_its_dead_worker(jobs_app, client, reviewer, approved):
    job = submit(client, reviewer, format="kml").get_json()
    assert export_jobs.claim("dead-worker") == (job["id"], 1)  # claimed, then the worker died
    assert "0 job(s) run" in run_worker(jobs_app)  # its lease still holds: nobody takes it
    jobs_app.config["EXPORT_JOB_LEASE_S"] = 0.2
    time.sleep(0.3)
    assert "1 job(s) run" in run_worker(jobs_app)
    db.session.remove()
    stored = db.session.get(ExportJob, job["id"])
    assert (stored.state, stored.attempt) == ("done", 2) and stored.worker != "dead-worker"
    finished = (stored.etag, stored.finished_at)
    # the dead attempt, were it to wake up, can no longer finish or fail the job
    export_jobs.run(job["id"], 1)
    db.session.remove()
    again = db.session.get(ExportJob, job["id"])
    assert (again.state, again.etag, again.finished_at) == ("done", *finished)
    assert client.get(f"{job['url']}/file", headers=reviewer.headers).status_code == 200


def test_jobs_of_others_are_not_found(jobs_app, client, reviewer, sign_in, approved):
    job = submit(client, reviewer, format="geojson").get_json()
    run_worker(jobs_app)
    other = sign_in("county_reviewer", "441402")
    assert client.get(job["url"], headers=other.headers).status_code == 404
    assert client.get(f"{job['url']}/file", headers=other.headers).status_code == 404
    assert client.get(job["url"]).status_code == 401


@pytest.mark.parametrize(
    "job_id, status",
    [
        ("x", 404),
        ("..%2F..%2Fetc%2Fpasswd", 404),
        (str(uuid.uuid4()), 404),
        ("9" * 300, 404),
        ("%00", 422),
        ("records%00", 422),  # NUL in a path is refused as such (backend/api/body.py)
    ],
)
def test_unknown_job_ids_are_404(client, reviewer, job_id, status):
    response = client.get(f"{EXPORTS}/{job_id}", headers=reviewer.headers)
    assert response.status_code == status and response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    "body, status, field",
    [
        ([], 422, "_schema"),
        ("geojson", 422, "_schema"),
        ({}, 422, "format"),
        ({"format": "exe"}, 422, "format"),
        ({"format": "geojson", "year": 2**63}, 422, "year"),
        ({"format": "geojson", "status": "\x00"}, 422, "status"),
        ({"format": "geojson", "crs": "EPSG:99999"}, 400, "crs"),
        ({"format": "kml", "crs": "EPSG:4548"}, 400, "crs"),
        ({"format": "geojson", "cursor": "abc"}, 202, None),
        ({"format": "geojson", "async": "maybe"}, 422, "async"),
    ],
)
def test_invalid_job_requests_name_the_problem(jobs_app, client, reviewer, body, status, field):
    response = client.post(EXPORTS, json=body, headers=reviewer.headers)
    assert response.status_code == status, response.get_json()
    if field:
        assert field in response.get_json()["errors"]


def test_a_job_body_must_be_json(client, reviewer):
    assert (
        client.post(
            EXPORTS, data="format=geojson", headers=reviewer.headers, content_type="application/x-www-form-urlencoded"
        ).status_code
        == 415
    )
    assert client.post(EXPORTS, data="{", headers=reviewer.headers, content_type="application/json").status_code == 400


def test_a_job_of_a_deactivated_account_fails_with_a_reason(jobs_app, client, reviewer, approved):
    job = submit(client, reviewer, format="geojson").get_json()
    db.session.execute(db.update(User).where(User.username == reviewer.username).values(active=False))
    db.session.commit()
    run_worker(jobs_app)
    db.session.remove()
    stored = db.session.get(ExportJob, job["id"])
    assert stored.state == "failed" and "no longer active" in stored.error


def test_expired_files_are_removed_and_answer_410(jobs_app, client, reviewer, approved):
    job = submit(client, reviewer, format="csv").get_json()
    run_worker(jobs_app)
    path = export_jobs.file_path(db.session.get(ExportJob, job["id"]))
    assert path.exists()
    db.session.execute(db.update(ExportJob).values(expires_at=ExportJob.finished_at))
    db.session.commit()
    time.sleep(0.01)
    run_worker(jobs_app)
    assert not path.exists()
    assert client.get(job["url"], headers=reviewer.headers).get_json()["state"] == "expired"
    assert client.get(f"{job['url']}/file", headers=reviewer.headers).status_code == 410


def test_a_whole_city_job_counts_every_record(jobs_app, client, admin, approved):
    # no filter at all: the count behind the progress once had no FROM and answered 1
    job = submit(client, admin, format="csv", status="all").get_json()
    run_worker(jobs_app)
    done = client.get(job["url"], headers=admin.headers).get_json()
    assert done["progress"] == {"records_done": len(approved), "records_total": len(approved), "fraction": 1.0}
