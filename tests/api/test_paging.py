"""Paging GET /records by cursor: every record once, in the order asked, however deep;
offsets bounded; any malformed cursor is a 422 naming the cursor."""

import base64
import json

import pytest

from schemas import cursors
from schemas.common import MAX_OFFSET
from tests.factories import CHANGSHA, CHANGSHA_POINT, record

RECORDS = "/api/v1/records"


@pytest.fixture
def stored(client, admin):
    """23 records, several on the same day (ties the id must break), in two towns."""
    items = [record(observed_on=f"2025-0{1 + n % 3}-1{n % 2}") for n in range(15)]
    items += [
        record(town_code=CHANGSHA, observed_on="2025-02-10", location={"type": "Point", "coordinates": CHANGSHA_POINT})
        for _ in range(8)
    ]
    body = client.post(f"{RECORDS}/batch", json={"records": items}, headers=admin.headers).get_json()
    assert body["counts"] == {"created": 23}
    return [result["record"] for result in body["results"]]


def walk(client, account, **params):
    """Every page from the first by following next_cursor; (ids, pages, Link headers)."""
    ids, pages, links = [], 0, []
    response = client.get(RECORDS, query_string=params, headers=account.headers)
    while True:
        assert response.status_code == 200, response.get_json()
        body = response.get_json()
        ids += [item["id"] for item in body["items"]]
        links.append(response.headers.get("Link", ""))
        pages += 1
        if not body["next_cursor"]:
            return ids, pages, links
        assert f"cursor={body['next_cursor']}" in response.headers["Link"]
        response = client.get(RECORDS, query_string={**params, "cursor": body["next_cursor"]}, headers=account.headers)


@pytest.mark.parametrize("sort", ["id", "-id", "observed_on", "-observed_on", "updated_at", "-updated_at"])
def test_cursor_pages_give_every_record_once_in_the_order_of_offset_pages(client, admin, stored, sort):
    by_cursor, pages, _ = walk(client, admin, sort=sort, per_page=4)
    whole = client.get(RECORDS, query_string={"sort": sort, "per_page": 500}, headers=admin.headers).get_json()
    assert by_cursor == [item["id"] for item in whole["items"]] and len(by_cursor) == 23
    assert pages == 6


def test_cursor_pages_keep_the_filters_and_the_readers_scope(client, admin, sign_in, stored):
    changsha = {r["id"] for r in stored if r["town_code"] == CHANGSHA}
    ids, _, _ = walk(client, admin, town_code=CHANGSHA, per_page=3)
    assert set(ids) == changsha and len(ids) == 8
    officer = sign_in("town_officer", CHANGSHA)
    ids, _, _ = walk(client, officer, per_page=5)
    assert set(ids) == changsha
    # a cursor made on an admin's list shows an officer nothing beyond the officer's scope
    first = client.get(RECORDS, query_string={"per_page": 1}, headers=admin.headers).get_json()
    page = client.get(
        RECORDS, query_string={"cursor": first["next_cursor"], "per_page": 500}, headers=officer.headers
    ).get_json()
    assert {item["id"] for item in page["items"]} <= changsha


def test_a_cursor_page_is_not_counted_and_links_next_and_first(client, admin, stored):
    first = client.get(RECORDS, query_string={"per_page": 10}, headers=admin.headers)
    assert first.get_json()["total"] == 23
    second = client.get(
        RECORDS, query_string={"per_page": 10, "cursor": first.get_json()["next_cursor"]}, headers=admin.headers
    )
    body = second.get_json()
    assert "total" not in body and "page" not in body and len(body["items"]) == 10
    assert 'rel="next"' in second.headers["Link"] and 'rel="first"' in second.headers["Link"]
    assert 'rel="last"' not in second.headers["Link"]


def _b64(value):
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "",
        "x",
        "%%%",
        "\x00",
        "\ufffd" * 3,
        "A" * 201,
        _b64({"sort": "id"}),
        _b64(["id"]),
        _b64(["id", "7"]),
        _b64(["id", 2**63]),
        _b64(["id", -1]),
        _b64(["id", 1.5]),
        _b64(["id", True]),
        _b64(["name", 1]),
        _b64(["observed_on", 5]),
        _b64(["observed_on", "2025-13-01", 5]),
        _b64(["observed_on", None, 5]),
        _b64(["updated_at", "2025-01-01T00:00:00", 5]),
        _b64(["observed_on", "2025-01-01\x00", 5]),
        _b64([[[[[]]]]]),
        base64.urlsafe_b64encode(b"\xff\xfe").decode(),
        base64.urlsafe_b64encode(b'["id", "\\udc80"]').decode(),
    ],
)
def test_malformed_cursors_are_422_naming_the_cursor(client, admin, stored, cursor):
    response = client.get(RECORDS, query_string={"cursor": cursor}, headers=admin.headers)
    assert response.status_code == 422, response.get_json()
    assert response.mimetype == "application/problem+json"
    assert any(name.startswith("cursor") for name in response.get_json()["errors"])


def test_a_cursor_of_another_sort_is_refused(client, admin, stored):
    cursor = cursors.encode("-observed_on", __import__("datetime").date(2025, 2, 10), stored[0]["id"])
    response = client.get(RECORDS, query_string={"cursor": cursor, "sort": "id"}, headers=admin.headers)
    assert response.status_code == 422 and "cursor" in response.get_json()["errors"]
    # without a sort the cursor's own applies
    assert client.get(RECORDS, query_string={"cursor": cursor}, headers=admin.headers).status_code == 200


@pytest.mark.parametrize(
    "page, per_page, status",
    [
        (MAX_OFFSET // 50 + 1, 50, 200),
        (MAX_OFFSET // 50 + 2, 50, 422),
        (2**63, 1, 422),
        (10**30, 500, 422),
    ],
)
def test_offsets_are_bounded(client, admin, page, per_page, status):
    response = client.get(RECORDS, query_string={"page": page, "per_page": per_page}, headers=admin.headers)
    assert response.status_code == status, response.get_json()
    if status == 422:
        assert "page" in response.get_json()["errors"]
