"""A hostile client's inputs (issue 11): each answered 4xx with a problem naming the field
and the problem, never a 500, on either database; a bad item of a batch fails only itself."""

import json

import pytest

from backend.ids import MAX_ID
from backend.json_provider import MAX_DEPTH
from tests.conftest import PASSWORD
from tests.factories import create_record, record

RECORDS = "/api/v1/records"
NUL = "\u0000"


def assert_problem(response, status):
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["status"] == status and problem["code"] and problem["detail"]
    return problem


def assert_nul_refused(response, field):
    problem = assert_problem(response, 422)
    assert field in problem["errors"], problem["errors"]
    assert {"name": field, "code": "nul_character"} in [
        {"name": p["name"], "code": p["code"]} for p in problem["invalid_params"]
    ]


# --- NUL in any string of any body ----------------------------------------------------------


def _post_record(client, accounts, text):
    return client.post(RECORDS, json=record(note=f"a{text}b"), headers=accounts["officer"].headers), "note"


def _post_record_crop(client, accounts, text):
    body = record("straw_utilization", values={"straw_collectable_t": 10, "straw_utilized_t": 5, "crop": f"稻{text}"})
    return client.post(RECORDS, json=body, headers=accounts["officer"].headers), "values.crop"


def _nul_in_a_key(client, accounts, text):
    body = record(values={"film_used_t": 10, "film_recovered_t": 5, f"x{text}": 1})
    return client.post(RECORDS, json=body, headers=accounts["officer"].headers), "values.x\\u0000"


def _patch(client, accounts, text):
    stored = create_record(client, accounts["officer"], record())
    return client.patch(f"{RECORDS}/{stored['id']}", json={"note": text}, headers=accounts["officer"].headers), "note"


def _review(client, accounts, text):
    stored = create_record(client, accounts["officer"], record())
    return client.post(
        f"{RECORDS}/{stored['id']}/review",
        json={"decision": "reject", "reason": f"no{text}"},
        headers=accounts["reviewer"].headers,
    ), "reason"


def _sign_in_username(client, accounts, text):
    return client.post("/api/v1/auth/tokens", json={"username": f"admin{text}", "password": "x"}), "username"


def _sign_in_password(client, accounts, text):
    return client.post("/api/v1/auth/tokens", json={"username": "admin", "password": f"x{text}"}), "password"


def _web_sign_in(client, accounts, text):
    return client.post("/web/session", json={"username": f"u{text}", "password": "x"}), "username"


def _create_user(client, accounts, text):
    return client.post(
        "/api/v1/users",
        json={"username": f"new{text}user", "password": "a long password", "role": "analyst", "unit_code": "441400"},
        headers=accounts["admin"].headers,
    ), "username"


def _change_password(client, accounts, text):
    return client.patch(
        f"/api/v1/users/{accounts['officer'].username}",
        json={"password": f"long enough {text}"},
        headers=accounts["admin"].headers,
    ), "password"


def _set_target(client, accounts, text):
    return client.put(
        "/api/v1/targets",
        json={"indicator": "film_recovery", "unit_code": f"441402{text}", "year": 2025, "value": 0.9},
        headers=accounts["admin"].headers,
    ), "unit_code"


NUL_CASES = {
    f.__name__.strip("_"): f
    for f in (
        _post_record,
        _post_record_crop,
        _nul_in_a_key,
        _patch,
        _review,
        _sign_in_username,
        _sign_in_password,
        _web_sign_in,
        _create_user,
        _change_password,
        _set_target,
    )
}


@pytest.mark.parametrize("case", NUL_CASES.values(), ids=NUL_CASES.keys())
def test_a_nul_anywhere_in_a_body_is_422_naming_the_field(client, accounts, case):
    response, field = case(client, accounts, NUL)
    assert_nul_refused(response, field)


def test_a_nul_in_one_batch_item_fails_only_that_item(client, officer):
    items = [
        record(),
        record(note=f"x{NUL}"),
        record(location={"type": f"Point{NUL}", "coordinates": [1, 2]}),
        record(),
    ]
    response = client.post(f"{RECORDS}/batch", json={"records": items}, headers=officer.headers)
    assert response.status_code == 200
    results = response.get_json()["results"]
    assert [r["outcome"] for r in results] == ["created", "invalid", "invalid", "created"]
    assert "note" in results[1]["errors"] and "location.type" in results[2]["errors"]
    listed = client.get(RECORDS, headers=officer.headers).get_json()
    assert listed["total"] == 2


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/users/a%00b",
        "/api/v1/records?town_code=%00",
        "/api/v1/units/441402%00",
        "/api/v1/summaries?unit_code=441402&year=20%0025",
    ],
)
def test_a_nul_in_the_url_is_422(client, admin, url):
    method = client.patch if url.startswith("/api/v1/users/") else client.get
    kwargs = {"json": {"active": True}} if method == client.patch else {}
    assert_problem(method(url, headers=admin.headers, **kwargs), 422)


# --- bodies the strict parser refuses, on every route that reads one -------------------------

LONE_SURROGATE = b'"\\ud800"'
DEEP = b"[" * 100_000 + b"]" * 100_000


def _body(value):
    return lambda template: template.replace(b'"@"', value)


BODY_ROUTES = {
    "sign-in": ("post", "/api/v1/auth/tokens", b'{"username": "@", "password": "x"}', None),
    "web sign-in": ("post", "/web/session", b'{"username": "@", "password": "x"}', None),
    "review": ("post", "/api/v1/records/{id}/review", b'{"decision": "reject", "reason": "@"}', "reviewer"),
    "merge patch": ("patch", "/api/v1/records/{id}", b'{"note": "@"}', "officer"),
    "record": ("post", "/api/v1/records", b'{"client_id": "@"}', "officer"),
    "batch item": (
        "post",
        "/api/v1/records/batch",
        b'{"records": [{"client_id": "x"}, {"client_id": "@"}]}',
        "officer",
    ),
    "users": ("post", "/api/v1/users", b'{"username": "@"}', "admin"),
    "targets": ("put", "/api/v1/targets", b'{"indicator": "@"}', "admin"),
}
BAD_VALUES = {
    "lone surrogate": LONE_SURROGATE,
    "nested 300 arrays": b"[" * 300 + b"]" * 300,
    f"nested {MAX_DEPTH + 1} objects": b'{"a":' * (MAX_DEPTH + 1) + b"1" + b"}" * (MAX_DEPTH + 1),
    "nested 100,000 arrays": DEEP,
    "NaN": b"NaN",
    "Infinity": b"-Infinity",
}


@pytest.mark.parametrize("bad", BAD_VALUES.values(), ids=BAD_VALUES.keys())
@pytest.mark.parametrize("route", BODY_ROUTES.values(), ids=BODY_ROUTES.keys())
def test_bodies_the_strict_parser_refuses_are_400(client, accounts, route, bad):
    method, path, template, role = route
    if "{id}" in path:
        path = path.format(id=create_record(client, accounts["officer"], record())["id"])
    headers = {"Content-Type": "application/merge-patch+json" if method == "patch" else "application/json"}
    if role:
        headers |= accounts[role].headers
    response = getattr(client, method)(path, data=template.replace(b'"@"', bad), headers=headers)
    problem = assert_problem(response, 400)
    assert problem["code"] == "invalid_json"


def test_a_document_as_deep_as_the_limit_is_read(client, officer):
    nested = {"a": 1}
    for _ in range(MAX_DEPTH - 2):  # the record object and its note hold the rest
        nested = {"a": nested}
    response = client.post(RECORDS, json=record(note=nested), headers=officer.headers)
    problem = assert_problem(response, 422)  # read, then refused by the schema: a note is text
    assert problem["errors"]["note"]


# --- ids, pages, offsets bounded to what the database holds ---------------------------------

HUGE_IDS = [str(MAX_ID + 1), "99999999999999999999", "2305843009213693952", "0", "-1", "%C2%B2", "1e3", "0x10"]


@pytest.mark.parametrize("record_id", HUGE_IDS)
@pytest.mark.parametrize(
    "method,suffix,body",
    [
        ("get", "", None),
        ("get", "/history", None),
        ("patch", "", {"note": "x"}),
        ("post", "/review", {"decision": "approve"}),
    ],
)
def test_ids_beyond_the_database_are_404(client, reviewer, record_id, method, suffix, body):
    kwargs = {"json": body} if body is not None else {}
    response = getattr(client, method)(f"{RECORDS}/{record_id}{suffix}", headers=reviewer.headers, **kwargs)
    assert assert_problem(response, 404)["code"] == "not_found"


def test_the_largest_id_is_a_plain_not_found(client, reviewer):
    assert_problem(client.get(f"{RECORDS}/{MAX_ID}", headers=reviewer.headers), 404)


@pytest.mark.parametrize(
    "query",
    [
        "page=786802280262199680",
        "page=0",
        "page=-1",
        "page=1e3",
        f"page={MAX_ID + 1}",
        "per_page=99999999999999999999",
        "year=99999999999999999999",
        "page=%C2%B2",
    ],
)
def test_pages_beyond_the_database_are_422(client, officer, query):
    problem = assert_problem(client.get(f"{RECORDS}?{query}", headers=officer.headers), 422)
    assert problem["invalid_params"]


def test_a_page_deeper_than_pages_reach_is_refused_not_an_error(client, officer):
    # page numbers reach MAX_OFFSET items deep (cursor paging goes further): 422, not 500
    response = client.get(f"{RECORDS}?page={MAX_ID}", headers=officer.headers)
    assert response.status_code == 422 and response.get_json()["errors"]["page"]
    past_the_end = client.get(f"{RECORDS}?page=2", headers=officer.headers)
    assert past_the_end.status_code == 200 and past_the_end.get_json()["items"] == []


@pytest.mark.parametrize(
    "path,status",
    [
        ("/ogc/collections/film_recovery/items/%C2%B2", 404),
        (f"/ogc/collections/film_recovery/items/{MAX_ID + 1}", 404),
        ("/ogc/collections/film_recovery/items/99999999999999999999", 404),
        ("/ogc/collections/film_recovery/items?offset=99999999999999999999", 400),
        ("/ogc/collections/film_recovery/items?offset=%C2%B2", 400),
        ("/ogc/collections/film_recovery/items?limit=99999999999999999999", 200),
        ("/ogc/collections/film_recovery/items?limit=%D9%A1", 400),
    ],
)
def test_ogc_ids_and_offsets(client, reviewer, path, status):
    response = client.get(path, headers=reviewer.headers)
    assert response.status_code == status, response.get_data(as_text=True)[:300]


# --- the web pages ---------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["_method=POST", "_external=1", "_anchor=x", "_scheme=ftp", "lang=%00"])
def test_dashboard_query_with_url_for_keywords_is_not_a_500(client, reviewer, query):
    response = client.get(f"/dashboard?{query}", headers=reviewer.headers)
    assert response.status_code in (200, 422), response.get_data(as_text=True)[:300]


@pytest.mark.parametrize("token", ["é", "令牌", "\u00ff" * 40, ""])
def test_a_non_ascii_csrf_token_is_403(client, reviewer, token):
    signed = client.post("/web/session", json={"username": reviewer.username, "password": PASSWORD})
    assert signed.status_code == 201
    response = client.delete("/web/session", headers={"X-CSRF-Token": token.encode().decode("latin-1")})
    problem = assert_problem(response, 403)
    assert problem["code"] == "csrf_failed"


# --- limits named, links kept ----------------------------------------------------------------


def test_the_413_names_the_limit(client, officer, app):
    limit = app.config["MAX_CONTENT_LENGTH"]
    body = json.dumps({"records": [record(note="x" * 400) for _ in range(3000)]})
    assert len(body) > limit
    response = client.post(
        f"{RECORDS}/batch", data=body, headers=officer.headers | {"Content-Type": "application/json"}
    )
    problem = assert_problem(response, 413)
    assert problem["code"] == "payload_too_large" and problem["limit"] == limit
    assert str(limit) in problem["detail"]


@pytest.mark.parametrize(
    "bbox", ["116.1176999876543,24.2990001234567,116.11770001234,24.29919998765", "116.1,24.2,116.2,24.4"]
)
def test_the_paging_link_keeps_the_bbox_as_given(client, officer, bbox):
    for _ in range(3):
        create_record(client, officer, record())
    response = client.get(RECORDS, query_string={"bbox": bbox, "per_page": 1}, headers=officer.headers)
    assert response.status_code == 200 and response.get_json()["total"] == 3
    links = response.headers["Link"]
    assert links.count("bbox=" + bbox.replace(",", "%2C")) == 3  # first, next, last
    next_url = next(part for part in links.split(", ") if 'rel="next"' in part).split(";")[0].strip("<>")
    following = client.get(next_url.replace("http://localhost", ""), headers=officer.headers)
    # the next page is a cursor page: the second record, and its own next link keeps the box
    assert following.status_code == 200 and len(following.get_json()["items"]) == 1
    assert following.get_json()["items"][0]["id"] != response.get_json()["items"][0]["id"]
    assert "bbox=" + bbox.replace(",", "%2C") in following.headers["Link"]
