"""Blind retries from a phone on a bad network, several at the same moment, over real HTTP."""

from concurrent.futures import ThreadPoolExecutor

import requests

from tests.factories import record


def test_concurrent_replays_of_one_client_id_create_exactly_one_record(live_server, officer):
    body = record()
    session_headers = officer.headers

    def post(_):
        return requests.post(f"{live_server}/api/v1/records", json=body, headers=session_headers, timeout=60)

    with ThreadPoolExecutor(max_workers=8) as pool:
        responses = list(pool.map(post, range(16)))
    statuses = sorted(r.status_code for r in responses)
    assert statuses.count(201) == 1 and statuses.count(200) == 15, statuses
    assert len({r.json()["id"] for r in responses}) == 1
    listed = requests.get(f"{live_server}/api/v1/records", headers=session_headers, timeout=60).json()
    assert listed["total"] == 1


def test_concurrent_batches_with_overlapping_items_store_each_once(live_server, officer):
    items = [record() for _ in range(40)]

    def post(offset):
        batch = items[offset : offset + 20]
        return requests.post(
            f"{live_server}/api/v1/records/batch", json={"records": batch}, headers=officer.headers, timeout=60
        )

    with ThreadPoolExecutor(max_workers=6) as pool:
        responses = list(pool.map(post, [0, 10, 20, 0, 10, 20]))
    outcomes = [r["outcome"] for response in responses for r in response.json()["results"]]
    assert set(outcomes) <= {"created", "replayed"}
    assert outcomes.count("created") == 40
    listed = requests.get(f"{live_server}/api/v1/records?per_page=100", headers=officer.headers, timeout=60).json()
    assert listed["total"] == 40
