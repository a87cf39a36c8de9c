"""The OpenAPI document describes what the service really accepts (issue 11, item 2)."""

import pytest

from backend import create_app
from domain.indicators import INDICATORS
from tests.factories import record

DOC = "/api/v1/openapi.json"


@pytest.fixture
def doc(client):
    response = client.get(DOC)
    assert response.status_code == 200
    return response.get_json()


def _schema(doc, ref):
    """A component by its reference, or by the property that refers to it."""
    if isinstance(ref, dict):
        ref = ref.get("$ref") or ref["allOf"][0]["$ref"]
    return doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]


@pytest.mark.parametrize("code", list(INDICATORS))
def test_each_indicator_has_its_record_schema_chosen_by_indicator(doc, code):
    record_in = doc["components"]["schemas"]["RecordIn"]
    assert record_in["discriminator"]["propertyName"] == "indicator"
    ref = record_in["discriminator"]["mapping"][code]
    assert {"$ref": ref} in record_in["oneOf"]
    variant = _schema(doc, ref)
    assert variant["properties"]["indicator"]["enum"] == [code]
    values = _schema(doc, variant["properties"]["values"])
    indicator = INDICATORS[code]
    assert set(values["properties"]) == {spec.name for spec in indicator.fields}
    assert set(values.get("required", [])) == {spec.name for spec in indicator.fields if spec.required}
    assert values["additionalProperties"] is False
    for spec in indicator.fields:
        prop = values["properties"][spec.name]
        if spec.kind == "quantity":
            assert (prop["type"], prop["minimum"], prop["maximum"]) == ("number", 0, spec.maximum)
        if spec.kind == "choice":
            assert prop["enum"] == list(spec.choices)
        if spec.kind == "text":
            assert prop["maxLength"] == spec.max_length
    if indicator.expects_plot:
        assert "geometry" in variant["required"]


def test_a_new_registry_entry_appears_by_itself(monkeypatch, database_url):
    from domain.indicators import Indicator, ValueField
    from schemas.records import record_in_schema_of
    from schemas.values import values_schema

    extra = Indicator(
        code="biogas_use",
        name_zh="沼气利用率",
        name_en="Biogas use rate",
        kind="rate",
        measures="biogas used ÷ produced",
        fields=(
            ValueField("biogas_produced_m3", "quantity", "m3", maximum=1e9),
            ValueField("biogas_used_m3", "quantity", "m3", maximum=1e9),
        ),
        numerator=lambda v: v["biogas_used_m3"],
        numerator_fields=("biogas_used_m3",),
        denominator=lambda v: v["biogas_produced_m3"],
        denominator_field="biogas_produced_m3",
    )
    monkeypatch.setitem(INDICATORS, extra.code, extra)
    values_schema.cache_clear(), record_in_schema_of.cache_clear()
    try:
        doc = create_app({"SQLALCHEMY_DATABASE_URI": database_url}).test_client().get(DOC).get_json()
    finally:
        values_schema.cache_clear(), record_in_schema_of.cache_clear()
    variant = _schema(doc, doc["components"]["schemas"]["RecordIn"]["discriminator"]["mapping"]["biogas_use"])
    values = _schema(doc, variant["properties"]["values"])
    assert values["properties"]["biogas_used_m3"]["maximum"] == 1e9


def test_bodies_and_bounds_are_the_real_ones(database_url):
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "BATCH_MAX_RECORDS": 7})
    doc = app.test_client().get(DOC).get_json()
    paths = doc["paths"]
    assert doc["components"]["schemas"]["BatchIn"]["properties"]["records"]["maxItems"] == 7
    body = paths["/api/v1/records/{record_id}"]["patch"]["requestBody"]["content"]
    assert "application/merge-patch+json" in body
    patch = _schema(doc, body["application/merge-patch+json"]["schema"]["$ref"])
    assert "required" not in patch and patch["properties"]["note"]["nullable"] is True
    listing = {p["name"]: p["schema"] for p in paths["/api/v1/records"]["get"]["parameters"]}
    assert listing["per_page"]["maximum"] == 500 and listing["page"]["minimum"] == 1
    location = _schema(doc, "FilmRecoveryRecordIn")["properties"]["location"]
    assert location["properties"]["type"]["enum"] == ["Point"]
    assert location["properties"]["coordinates"]["minItems"] == 2


def test_errors_are_documented_as_problem_documents(doc):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            if method == "parameters":
                continue
            default = operation["responses"]["default"]
            assert default == {"$ref": "#/components/responses/DEFAULT_ERROR"}, (method, path)
            for status, response in operation["responses"].items():
                if status != "default" and int(status) >= 400 and "content" in response:
                    assert list(response["content"]) == ["application/problem+json"], (method, path, status)
    assert list(doc["components"]["responses"]["DEFAULT_ERROR"]["content"]) == ["application/problem+json"]


def test_security_is_declared_and_public_operations_say_so(doc):
    assert doc["security"] == [{"bearer": []}]
    assert doc["components"]["securitySchemes"]["bearer"]["scheme"] == "bearer"
    assert doc["paths"]["/api/v1/auth/tokens"]["post"]["security"] == []
    assert doc["paths"]["/api/v1/indicators"]["get"]["security"] == []
    assert doc["paths"]["/api/v1/messages"]["get"]["security"] == []  # found by the fuzzer
    assert "security" not in doc["paths"]["/api/v1/records"]["post"]


@pytest.mark.parametrize(
    "method, path, kwargs",
    [
        ("get", "/api/v1/summaries?year=abc", {}),
        ("get", "/api/v1/records?per_page=100000", {}),
        ("post", "/api/v1/records/1/review", {"json": {"decision": "maybe"}}),
        ("put", "/api/v1/targets", {"json": {"value": "x"}}),
        ("post", "/api/v1/users", {"json": {}}),
        ("post", "/api/v1/records", {"json": record()}),
    ],
)
def test_no_token_is_401_before_the_arguments_are_read(client, method, path, kwargs):
    response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 401, response.get_json()
    assert response.mimetype == "application/problem+json"


@pytest.mark.parametrize(
    "method, path",
    [
        ("put", "/api/v1/indicators"),
        ("post", "/api/v1/records/1"),
        ("patch", "/api/v1/records"),
        ("put", "/api/v1/records/1/history"),
    ],
)
def test_a_method_the_path_does_not_take_is_405_whatever_the_body(client, admin, method, path):
    response = getattr(client, method)(path, data="x", content_type="text/plain", headers=admin.headers)
    assert response.status_code == 405, response.get_json()
    assert response.headers["Allow"]
    assert response.mimetype == "application/problem+json"


def test_answers_that_may_be_null_are_documented_nullable(client, doc):
    """Found by the fuzzer's response_schema_conformance: the city has no parent."""
    [city] = client.get("/api/v1/units?level=city").get_json()
    assert city["parent_code"] is None
    assert doc["components"]["schemas"]["Unit"]["properties"]["parent_code"]["nullable"] is True
    record_out = doc["components"]["schemas"]["RecordOut"]["properties"]
    for name in ("note", "accuracy_m", "denominator", "computed_area_mu", "reviewed_at", "review_reason"):
        assert record_out[name]["nullable"] is True, name


def test_problem_extension_members_are_allowed(client, officer, doc):
    """Found by the fuzzer: a 413 for a batch carries `limit`, which the Problem schema refused."""
    response = client.post("/api/v1/records/batch", json={"records": [{}] * 501}, headers=officer.headers)
    assert response.status_code == 413 and response.get_json()["limit"] == 500
    assert doc["components"]["schemas"]["Problem"]["additionalProperties"] is True


def test_a_geojson_export_is_documented_as_json(doc):
    """Found by the fuzzer: a GeoJSON export was documented as a binary string."""
    content = doc["paths"]["/api/v1/exports/records"]["get"]["responses"]["200"]["content"]
    assert content["application/geo+json"]["schema"]["type"] == "object"
    assert content["application/geopackage+sqlite3"]["schema"]["format"] == "binary"
