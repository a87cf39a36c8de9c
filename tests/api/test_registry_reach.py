"""An indicator added to the registry (domain/indicators.py) reaches every client with no
other change: the API, the OpenAPI document, the phone form, the dashboard, the summaries
and every export format. The test adds one at run time, then builds the app."""

import json
import re
import zipfile

import pyogrio
import pytest

from backend import create_app
from backend.exports.shapefile_names import shapefile_names
from backend.exports.writers import WRITERS
from backend.extensions import db
from backend.services.seeding import seed_all
from domain.indicators import INDICATORS, RATE, Indicator, ValueField
from tests.conftest import PASSWORD, _empty_tables
from tests.factories import approve, record

CODE = "biogas_utilization"
BIOGAS = Indicator(
    code=CODE,
    name_zh="沼气利用率",
    name_en="Biogas utilisation rate",
    kind=RATE,
    target=0.85,
    measures="biogas used ÷ biogas produced",
    fields=(
        ValueField("biogas_produced_m3", "quantity", "m3", maximum=1e9, name_zh="沼气产量", name_en="produced"),
        ValueField("biogas_used_m3", "quantity", "m3", maximum=1e9, name_zh="沼气利用量", name_en="used"),
    ),
    numerator=lambda v: v["biogas_used_m3"],
    numerator_fields=("biogas_used_m3",),
    denominator=lambda v: v["biogas_produced_m3"],
    denominator_field="biogas_produced_m3",
)
VALUES = {"biogas_produced_m3": 2000, "biogas_used_m3": 1700}


def biogas(values):
    """A record of the new indicator as a phone posts it (tests.factories knows the shipped ones)."""
    return {**record("film_recovery"), "indicator": CODE, "values": values}


@pytest.fixture
def app(database_url, monkeypatch):
    """The app built with the registry plus BIOGAS (this module's own `app`)."""
    monkeypatch.setitem(INDICATORS, CODE, BIOGAS)
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "TESTING": True})
    with app.app_context():
        seed_all()  # as `flask seed` does after a deploy: the new indicator's default target
        yield app
        db.session.remove()
        monkeypatch.undo()  # the registry as shipped again before the tables are re-seeded
        _empty_tables()
        db.session.remove()
        db.engine.dispose()


@pytest.fixture
def approved(client, officer, reviewer):
    posted = client.post("/api/v1/records", json=biogas(VALUES), headers=officer.headers)
    assert posted.status_code == 201, posted.get_json()
    approve(client, reviewer, posted.get_json()["id"])
    return posted.get_json()


def test_the_registry_and_the_openapi_document(client):
    served = {i["code"]: i for i in client.get("/api/v1/indicators").get_json()}
    assert [f["name"] for f in served[CODE]["fields"]] == ["biogas_produced_m3", "biogas_used_m3"]
    assert served[CODE]["default_target"] == 0.85
    spec = client.get("/api/v1/openapi.json").get_json()
    listed = next(p for p in spec["paths"]["/api/v1/records"]["get"]["parameters"] if p["name"] == "indicator")
    assert CODE in listed["schema"]["enum"]
    dashboard_filter = next(
        p for p in spec["paths"]["/api/v1/dashboard/records"]["get"]["parameters"] if p["name"] == "indicator"
    )
    assert CODE in dashboard_filter["schema"]["enum"]


def test_the_ogc_api_lists_its_collection(client, reviewer):
    document = client.get("/ogc/api", headers=reviewer.headers).get_json()
    assert CODE in document["components"]["parameters"]["collectionId"]["schema"]["enum"]
    collections = client.get("/ogc/collections?f=json", headers=reviewer.headers).get_json()["collections"]
    assert CODE in [c["id"] for c in collections]


def test_the_phone_form_is_built_from_it(client):
    page = client.get("/collect").get_data(as_text=True)
    settings = json.loads(
        re.search(r'<script id="mz-settings" type="application/json">(.*?)</script>', page, re.S).group(1)
    )
    form = next(i for i in settings["indicators"] if i["code"] == CODE)
    assert {f["name"]: f["maximum"] for f in form["fields"]} == {"biogas_produced_m3": 1e9, "biogas_used_m3": 1e9}


def test_records_are_checked_by_its_rules(client, officer):
    body = biogas({"biogas_produced_m3": 100, "biogas_used_m3": 120})
    refused = client.post("/api/v1/records", json=body, headers=officer.headers)
    assert refused.status_code == 422
    assert "biogas_produced_m3" in refused.get_json()["errors"]["values.biogas_used_m3"][0]


def test_summaries_and_the_dashboard_show_it(client, reviewer, approved):
    summary = client.get("/api/v1/summaries?unit=441402&year=2025", headers=reviewer.headers).get_json()
    item = next(i for i in summary["items"] if i["indicator"] == CODE)
    assert item["value"] == pytest.approx(0.85) and item["target"] == 0.85 and item["met"] is True
    client.post("/web/session", json={"username": reviewer.username, "password": PASSWORD})
    page = client.get(f"/dashboard?indicator={CODE}&year=2025").get_data(as_text=True)
    config = json.loads(
        re.search(r'<script type="application/json" id="dashboard-config">(.*?)</script>', page, re.S).group(1)
    )
    assert config["view"]["indicator"] == CODE
    points = client.get(config["urls"]["records"] + f"?indicator={CODE}").get_json()["features"]
    assert [f["id"] for f in points] == [approved["id"]]


@pytest.mark.parametrize("fmt", sorted(WRITERS))
def test_every_export_format_carries_its_values(client, reviewer, approved, fmt, tmp_path):
    answer = client.get(f"/api/v1/exports/records?format={fmt}&indicator={CODE}", headers=reviewer.headers)
    assert answer.status_code == 200, answer.get_data(as_text=True)[:300]
    path = tmp_path / f"export.{WRITERS[fmt].extension}"
    path.write_bytes(answer.get_data())
    if fmt == "geojson":
        properties = json.loads(path.read_text())["features"][0]["properties"]
        fields = {name: properties[name] for name in VALUES}
    elif fmt == "csv":
        header, row = path.read_text(encoding="utf-8-sig").splitlines()[:2]
        fields = dict(zip(header.split(","), row.split(",")))
    elif fmt == "shp":
        with zipfile.ZipFile(path) as archive:
            shp = next(n for n in archive.namelist() if n.endswith(".shp"))
        fields = _first_row(f"/vsizip/{path}/{shp}")
        fields = {long: fields[short] for long, short in shapefile_names().items() if short in fields}
    else:
        fields = _first_row(str(path))
    assert {name: float(fields[name]) for name in VALUES} == VALUES


def _first_row(path):
    meta, _fids, _geometry, values = pyogrio.raw.read(path, max_features=1)
    return {name: column[0] for name, column in zip(meta["fields"], values)}
