"""Optimistic concurrency: ETag on every record answer, If-Match on PATCH and review, and
two edits racing on one record never both writing the same revision (over real HTTP)."""

import threading

import pytest
import requests

from tests.factories import create_record, record

RECORDS = "/api/v1/records"


def etag(revision):
    return f'"{revision}"'


def test_every_record_answer_carries_its_revision_as_etag(client, officer, reviewer):
    body = record()
    created = client.post(RECORDS, json=body, headers=officer.headers)
    assert created.status_code == 201 and created.headers["ETag"] == etag(1)
    replayed = client.post(RECORDS, json=body, headers=officer.headers)
    assert replayed.status_code == 200 and replayed.headers["ETag"] == etag(1)
    record_id = created.get_json()["id"]
    assert client.get(f"{RECORDS}/{record_id}", headers=officer.headers).headers["ETag"] == etag(1)
    patched = client.patch(
        f"{RECORDS}/{record_id}", json={"note": "更正"}, headers=officer.headers | {"If-Match": etag(1)}
    )
    assert patched.status_code == 200, patched.get_json()
    assert patched.headers["ETag"] == etag(2) and patched.get_json()["revision"] == 2
    reviewed = client.post(
        f"{RECORDS}/{record_id}/review", json={"decision": "approve"}, headers=reviewer.headers | {"If-Match": etag(2)}
    )
    assert reviewed.status_code == 200 and reviewed.headers["ETag"] == etag(3)


@pytest.mark.parametrize("if_match", ['"1"', '"7", "1"', "*"])
def test_if_match_naming_the_current_revision_applies(client, officer, if_match):
    record_id = create_record(client, officer, record())["id"]
    response = client.patch(
        f"{RECORDS}/{record_id}", json={"note": "x"}, headers=officer.headers | {"If-Match": if_match}
    )
    assert response.status_code == 200, response.get_json()


@pytest.mark.parametrize(
    "if_match",
    # '"", ' parses to a None tag (found by the fuzzer: it was a 500)
    ['"2"', '"0"', 'W/"1"', '"abc"', "", "garbage, ,,", '"1', "\x7f", '"99999999999999999999999"', '"-1"', '"", '],
)
def test_a_stale_or_malformed_if_match_is_refused_with_the_current_revision(client, officer, if_match):
    record_id = create_record(client, officer, record())["id"]
    response = client.patch(
        f"{RECORDS}/{record_id}", json={"note": "x"}, headers=officer.headers | {"If-Match": if_match}
    )
    assert response.status_code == 412, response.get_json()
    problem = response.get_json()
    assert response.mimetype == "application/problem+json"
    assert problem["code"] == "precondition_failed" and problem["current_revision"] == 1
    assert response.headers["ETag"] == etag(1)
    history = client.get(f"{RECORDS}/{record_id}/history", headers=officer.headers).get_json()
    assert [entry["revision"] for entry in history] == [1]


def test_a_reviewer_cannot_approve_content_patched_after_loading_it(client, officer, reviewer):
    record_id = create_record(client, officer, record())["id"]
    seen = client.get(f"{RECORDS}/{record_id}", headers=reviewer.headers).headers["ETag"]
    changed = client.patch(
        f"{RECORDS}/{record_id}", json={"values": {"film_recovered_t": 120}}, headers=officer.headers
    )
    assert changed.status_code == 200
    response = client.post(
        f"{RECORDS}/{record_id}/review", json={"decision": "approve"}, headers=reviewer.headers | {"If-Match": seen}
    )
    assert response.status_code == 412
    assert response.get_json()["current_revision"] == 2
    assert client.get(f"{RECORDS}/{record_id}", headers=reviewer.headers).get_json()["status"] == "pending"


def _race(live_server, account, record_id, rounds, with_if_match):
    """Two threads PATCHing one record `rounds` times each; every answer, per thread."""
    url = f"{live_server}{RECORDS}/{record_id}"
    answers = []
    lock = threading.Lock()

    def edit(name):
        session = requests.Session()
        session.headers.update(account.headers)
        revision = session.get(url, timeout=60).json()["revision"]
        for i in range(rounds):
            headers = {"If-Match": etag(revision)} if with_if_match else {}
            response = session.patch(url, json={"note": f"{name} {i}"}, headers=headers, timeout=60)
            body = response.json()
            with lock:
                answers.append((response.status_code, revision, body))
            revision = body["revision"] if response.status_code == 200 else body.get("current_revision", revision)

    threads = [threading.Thread(target=edit, args=(name,)) for name in ("a", "b")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def _history(live_server, account, record_id):
    return requests.get(f"{live_server}{RECORDS}/{record_id}/history", headers=account.headers, timeout=60).json()


def test_racing_edits_with_if_match_each_write_one_revision(live_server, client, officer):
    record_id = create_record(client, officer, record())["id"]
    answers = _race(live_server, officer, record_id, 200, with_if_match=True)
    statuses = [status for status, _, _ in answers]
    assert set(statuses) <= {200, 412}, sorted(set(statuses))
    for status, sent, body in answers:
        if status == 412:
            assert body["code"] == "precondition_failed"
            assert body["current_revision"] > sent  # the revision that beat the one sent
    history = _history(live_server, officer, record_id)
    revisions = [entry["revision"] for entry in history]
    accepted = statuses.count(200)
    assert revisions == list(range(1, accepted + 2))  # created + one per accepted edit


def test_racing_edits_without_if_match_never_overwrite_unseen(live_server, client, officer):
    record_id = create_record(client, officer, record())["id"]
    answers = _race(live_server, officer, record_id, 60, with_if_match=False)
    statuses = [status for status, _, _ in answers]
    assert set(statuses) <= {200, 409}, sorted(set(statuses))
    assert all(
        body["code"] == "conflict" and "current_revision" in body for status, _, body in answers if status == 409
    )
    history = _history(live_server, officer, record_id)
    revisions = [entry["revision"] for entry in history]
    assert len(set(revisions)) == len(revisions) == statuses.count(200) + 1
    final = requests.get(f"{live_server}{RECORDS}/{record_id}", headers=officer.headers, timeout=60).json()
    assert final["revision"] == max(revisions)
