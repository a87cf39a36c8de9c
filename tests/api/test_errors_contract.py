"""The error contract (DESIGN.md section 9): a stable `code` on every problem,
`invalid_params` on validation problems, English or Chinese by Accept-Language, the
catalogue at GET /api/v1/messages, and a database outage answered 503 `unavailable`."""

import json

import pytest

from backend import create_app
from domain.messages import CATALOGUE
from tests.conftest import PASSWORD
from tests.factories import create_record, record, square_plot

RECORDS = "/api/v1/records"
ZH = {"Accept-Language": "zh-CN,zh;q=0.9,en;q=0.5"}


def _bad_json(c, a):
    return c.post(RECORDS, data=b"{", headers=a["officer"].headers | {"Content-Type": "application/json"})


def _no_token(c, a):
    return c.get(RECORDS)


def _analyst_writes(c, a):
    return c.put(
        "/api/v1/targets",
        json={"indicator": "film_recovery", "unit_code": "441400", "year": 2025, "value": 0.9},
        headers=a["reviewer"].headers,
    )


def _no_record(c, a):
    return c.get(f"{RECORDS}/999999", headers=a["officer"].headers)


def _wrong_method(c, a):
    return c.delete(RECORDS, headers=a["officer"].headers)


def _replay_other_content(c, a):
    body = record()
    create_record(c, a["officer"], body)
    return c.post(RECORDS, json=body | {"note": "other"}, headers=a["officer"].headers)


def _too_large(c, a):
    return c.post(
        f"{RECORDS}/batch",
        data=b" " * (c.application.config["MAX_CONTENT_LENGTH"] + 1),
        headers=a["officer"].headers | {"Content-Type": "application/json"},
    )


def _form_body(c, a):
    return c.post(RECORDS, data={"a": "1"}, headers=a["officer"].headers)


def _invalid_value(c, a):
    return c.post(
        RECORDS, json=record(values={"film_used_t": 1e9, "film_recovered_t": 1}), headers=a["officer"].headers
    )


def _throttled(c, a):
    for _ in range(c.application.config["LOGIN_MAX_FAILS_PER_USER"] + 1):
        response = c.post("/api/v1/auth/tokens", json={"username": a["officer"].username, "password": "wrong!"})
    return response


PROBLEMS = {
    "invalid_json": (_bad_json, 400),
    "unauthorized": (_no_token, 401),
    "forbidden": (_analyst_writes, 403),
    "not_found": (_no_record, 404),
    "method_not_allowed": (_wrong_method, 405),
    "conflict": (_replay_other_content, 409),
    "payload_too_large": (_too_large, 413),
    "unsupported_media_type": (_form_body, 415),
    "validation_failed": (_invalid_value, 422),
    "rate_limited": (_throttled, 429),
}


@pytest.mark.parametrize("code", PROBLEMS)
@pytest.mark.parametrize("language", ["en", "zh"])
def test_every_problem_has_its_code_and_speaks_the_language_asked(client, accounts, code, language):
    make, status = PROBLEMS[code]
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = ZH["Accept-Language"] if language == "zh" else "en-GB"
    response = make(client, accounts)
    assert response.status_code == status and response.mimetype == "application/problem+json"
    problem = response.get_json()
    assert problem["code"] == code and problem["status"] == status
    assert code in CATALOGUE  # every code a client can meet is in the catalogue
    has_chinese = any("\u4e00" <= ch <= "\u9fff" for ch in problem["detail"])
    assert has_chinese == (language == "zh"), problem["detail"]


def test_validation_problems_list_invalid_params_with_code_and_params(client, officer):
    body = record(values={"film_used_t": 1e9, "film_recovered_t": -1}, town_code="4414", note="x" * 501)
    problem = client.post(RECORDS, json=body, headers=officer.headers).get_json()
    by_name = {p["name"]: p for p in problem["invalid_params"]}
    assert by_name["values.film_used_t"]["code"] == "too_large"
    assert by_name["values.film_used_t"]["params"] == {"max": 100000}
    assert by_name["values.film_recovered_t"] | {"reason": ""} == {
        "name": "values.film_recovered_t",
        "code": "too_small",
        "params": {"min": 0},
        "reason": "",
    }
    assert by_name["town_code"]["code"] == "pattern_mismatch"
    assert by_name["note"]["code"] == "too_long" and by_name["note"]["params"] == {"max": 500}
    assert set(problem["errors"]) == set(by_name)
    for name, item in by_name.items():
        assert problem["errors"][name] == [item["reason"]]


@pytest.mark.parametrize(
    "body,name,code",
    [
        ({"decision": "maybe"}, "decision", "not_one_of"),
        ({"decision": "reject"}, "reason", "rejection_needs_reason"),
        ({}, "decision", "required"),
        ({"decision": None}, "decision", "null"),
        ({"decision": 1}, "decision", "not_a_string"),
        ({"decision": "approve", "extra": 1}, "extra", "unknown_field"),
    ],
)
def test_argument_errors_carry_codes(client, officer, reviewer, body, name, code):
    stored = create_record(client, officer, record())
    problem = client.post(f"{RECORDS}/{stored['id']}/review", json=body, headers=reviewer.headers).get_json()
    assert problem["code"] == "validation_failed"
    assert {"name": name, "code": code} in [{"name": p["name"], "code": p["code"]} for p in problem["invalid_params"]]


FERTILIZER = {"crop": "稻", "nutrient_applied_kg": 100, "uptake_fertilized_kg": 30, "uptake_control_kg": 40}


@pytest.mark.parametrize(
    "body,name,code,reason",
    [
        (
            record(values={"film_used_t": 10, "film_recovered_t": 11}),
            "values.film_recovered_t",
            "exceeds_for_one_record",
            "同一条记录中，农膜回收量（11）不能超过农膜使用量（10）。",
        ),
        (record("fertilizer_efficiency", values=FERTILIZER), "values.uptake_control_kg", "exceeds", None),
        (record(observed_on="2999-01-01"), "observed_on", "date_in_future", "日期不能晚于今天。"),
        (record(observed_on="1999-12-31"), "observed_on", "date_too_early", "日期不能早于 2000-01-01。"),
        (record(observed_on="30 June"), "observed_on", "not_a_date", None),
        (record(client_id="abc"), "client_id", "not_a_uuid", None),
        (record(values={"film_used_t": "lots", "film_recovered_t": 1}), "values.film_used_t", "not_a_number", None),
        (
            record(values={"film_used_t": 2e5, "film_recovered_t": 1}),
            "values.film_used_t",
            "too_large",
            "数值不能大于 100000。",
        ),
        (record(year="2025"), "year", "not_an_integer", None),
        (record() | {"indicator": "rice"}, "indicator", "not_one_of", None),
        (record("water_saving_irrigation", geometry=None), "geometry", "plot_required", None),
        (record(town_code="4414"), "town_code", "pattern_mismatch", "不是有效的9 位或 12 位镇街代码。"),
    ],
)
def test_record_errors_carry_codes_and_chinese_reasons(client, officer, body, name, code, reason):
    problem = client.post(RECORDS, json=body, headers=officer.headers | ZH).get_json()
    [item] = [p for p in problem["invalid_params"] if p["name"] == name]
    assert item["code"] == code
    assert any("\u4e00" <= ch <= "\u9fff" for ch in item["reason"]), item["reason"]
    if reason:
        assert item["reason"] == reason
    assert problem["errors"][name] == [item["reason"]]


def test_the_catalogue_is_served_in_both_languages_and_documented(client):
    response = client.get("/api/v1/messages")
    assert response.status_code == 200
    served = response.get_json()
    assert served["languages"] == ["en", "zh"]
    assert served["messages"] == CATALOGUE
    assert all(set(templates) == {"en", "zh"} for templates in served["messages"].values())
    assert served["patterns"]["town_code"]["zh"]
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/api/v1/messages" in spec["paths"]
    problem_schema = spec["components"]["schemas"]["Problem"]["properties"]
    assert {"code", "invalid_params"} <= set(problem_schema)


def test_the_registry_publishes_every_bound_a_client_checks(client, app):
    indicators = client.get("/api/v1/indicators").get_json()
    for indicator in indicators:
        rules = indicator["record"]
        assert rules["note"]["max_length"] == 500
        assert rules["observed_on"]["min"] == "2000-01-01"
        assert rules["town_code"]["pattern"]
        assert rules["batch_max_records"] == app.config["BATCH_MAX_RECORDS"]
        assert rules["plot_max_vertices"] == app.config["PLOT_MAX_VERTICES"]
        for field in indicator["fields"]:
            if field["kind"] == "quantity":
                assert field["minimum"] == 0 and field["maximum"] > 0
            if field["kind"] == "text":
                assert field["max_length"]
    # the bounds published are the bounds enforced
    film = next(i for i in indicators if i["code"] == "film_recovery")
    assert film["fields"][0]["maximum"] == 100000


def test_batch_items_errors_are_in_the_language_asked(client, officer):
    response = client.post(f"{RECORDS}/batch", json={"records": [record(note="x" * 501)]}, headers=officer.headers | ZH)
    [result] = response.get_json()["results"]
    assert result["errors"]["note"] == [CATALOGUE["too_long"]["zh"].format(max=500)]


# --- the database out of reach: 503, never 500 ----------------------------------------------

UNREACHABLE = "postgresql+psycopg://nobody:nothing@127.0.0.1:9/none?connect_timeout=2"


@pytest.fixture
def unreachable_app():
    app = create_app({"SQLALCHEMY_DATABASE_URI": UNREACHABLE, "TESTING": True})
    yield app
    with app.app_context():
        from backend.extensions import db

        db.engine.dispose()


@pytest.mark.parametrize(
    "method,path,body",
    [
        ("get", "/healthz", None),
        ("get", "/api/v1/records", None),
        ("post", "/api/v1/auth/tokens", {"username": "demo_admin", "password": PASSWORD}),
        ("post", "/api/v1/records/batch", {"records": [record()]}),
        ("get", "/api/v1/units", None),
    ],
)
def test_an_unreachable_database_is_503_with_retry_after(unreachable_app, method, path, body):
    client = unreachable_app.test_client()
    kwargs = {"data": json.dumps(body), "content_type": "application/json"} if body else {}
    response = getattr(client, method)(path, headers={"Authorization": "Bearer whatever"}, **kwargs)
    assert response.status_code == 503, response.get_data(as_text=True)[:300]
    assert response.mimetype == "application/problem+json"
    assert response.get_json()["code"] == "unavailable"
    assert int(response.headers["Retry-After"]) > 0


SONGKOU = [116.3139, 24.3543]  # 梅县区 (441403), the officer's town is in 梅江区 (441402)


def _point(coordinates):
    return record(location={"type": "Point", "coordinates": coordinates})


def _plot(geometry):
    return record("water_saving_irrigation", geometry=geometry) | {
        "values": {"area_mu": 15.0, "technology": "drip", "completed_on": "2025-05-01"}
    }


def _far_part():
    home = square_plot()["coordinates"]
    return _plot({"type": "MultiPolygon", "coordinates": [home, square_plot(center=SONGKOU)["coordinates"]]})


@pytest.mark.parametrize(
    "body,name,code,params,reason",
    [
        (
            _point(SONGKOU),
            "location",
            "outside_county",
            {"path": "location", "county": "441402", "relation": "in", "actual": "441403"},
            "位置在梅江区（441402）边界外",
        ),
        (_point([24.2991, 116.1177]), "location", "swapped_coordinates", {"lat": 116.1177}, "经度和纬度写反了"),
        (_point([113.2644, 23.1291]), "location", "outside_meizhou", {"lon": 113.2644, "lat": 23.1291}, "梅州市范围外"),
        (
            _far_part(),
            "geometry",
            "outside_county",
            {"variant": "part", "part": 2, "shape": "plot", "county": "441402", "actual": "441403"},
            "地块第 2 部分在梅江区（441402）边界外",
        ),
    ],
    ids=["outside its county", "swapped", "outside Meizhou", "plot part outside"],
)
def test_place_errors_carry_codes_params_and_chinese_reasons(client, officer, body, name, code, params, reason):
    response = client.post(RECORDS, json=body, headers=officer.headers | ZH)
    assert response.status_code == 422
    problem = response.get_json()
    [item] = [p for p in problem["invalid_params"] if p["name"] == name]
    assert item["code"] == code
    assert params.items() <= item["params"].items(), item["params"]
    assert reason in item["reason"], item["reason"]
    assert not any(word in item["reason"] for word in ("outside", "swapped", "part ")), item["reason"]
    assert problem["errors"][name] == [item["reason"]]
    if "distance" in item["params"]:
        assert item["params"]["distance"] > 500
        assert "公里" in item["reason"] or " 米" in item["reason"]
    # the same problem in English keeps today's wording
    english = client.post(RECORDS, json=body, headers=officer.headers).get_json()
    [item_en] = [p for p in english["invalid_params"] if p["name"] == name]
    assert item_en["code"] == code and item_en["params"] == item["params"]
    assert any(word in item_en["reason"] for word in ("outside", "swapped")), item_en["reason"]
