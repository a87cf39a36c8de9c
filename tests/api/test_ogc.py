"""OGC API – Features under /ogc: the documents, the items and their parameters, access,
and GDAL's own OAPIF client reading every collection from a live server."""

import base64
import datetime as dt
import re
import shutil
import subprocess

import numpy as np
import pyproj
import pytest

from domain.indicators import INDICATORS
from schemas import cursors
from schemas.common import MAX_OFFSET
from tests.factories import SANJIAO_POINT, approve, create_record, record, square_plot

CRS84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"
EPSG = "http://www.opengis.net/def/crs/EPSG/0/"
DABU_TOWN, DABU_POINT = "441422100", [116.66231, 24.338056]


@pytest.fixture
def dataset(client, officer, reviewer, admin):
    """film_recovery: three approved in 三角镇 on three days, one pending; one approved in
    大埔县. water_saving_irrigation: one approved plot."""
    made = {}
    for key, day in (("june", "2025-06-30"), ("march", "2025-03-01"), ("last_year", "2024-10-15")):
        made[key] = create_record(client, officer, record("film_recovery", observed_on=day))
        approve(client, reviewer, made[key]["id"])
    made["pending"] = create_record(client, officer, record("film_recovery", observed_on="2025-05-05"))
    made["dabu"] = create_record(
        client,
        admin,
        record("film_recovery", town_code=DABU_TOWN, location={"type": "Point", "coordinates": DABU_POINT}),
    )
    approve(client, admin, made["dabu"]["id"])
    made["plot"] = create_record(client, officer, record("water_saving_irrigation"))
    approve(client, reviewer, made["plot"]["id"])
    return made


def get(client, account, path, **params):
    headers = account.headers if account else {}
    return client.get(path, query_string=params, headers=headers)


def items(client, account, collection="film_recovery", **params):
    response = get(client, account, f"/ogc/collections/{collection}/items", **params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def ids(response):
    return {feature["id"] for feature in response.get_json()["features"]}


def href(document, rel, media_type=None):
    return next(
        link["href"]
        for link in document["links"]
        if link["rel"] == rel and (media_type is None or link["type"] == media_type)
    )


# --- each conformance class declared, checked ------------------------------------------------


def check_core(client, admin, dataset):
    landing = get(client, admin, "/ogc").get_json()
    for rel in ("self", "service-desc", "conformance", "data"):
        assert href(landing, rel)
    collections = get(client, admin, "/ogc/collections").get_json()
    assert [c["id"] for c in collections["collections"]] == list(INDICATORS)
    for collection in collections["collections"]:
        assert len(collection["extent"]["spatial"]["bbox"][0]) == 4
        assert href(collection, "items", "application/geo+json")
    page = items(client, admin, limit=2).get_json()
    assert page["numberReturned"] == 2 and page["numberMatched"] == 4 and href(page, "next")
    one = get(client, admin, f"/ogc/collections/film_recovery/items/{dataset['june']['id']}")
    assert one.status_code == 200 and one.get_json()["id"] == dataset["june"]["id"]


def check_geojson(client, admin, dataset):
    response = items(client, admin)
    assert response.mimetype == "application/geo+json"
    assert response.get_json()["type"] == "FeatureCollection"
    one = get(client, admin, f"/ogc/collections/water_saving_irrigation/items/{dataset['plot']['id']}")
    assert one.mimetype == "application/geo+json"
    feature = one.get_json()
    assert feature["type"] == "Feature" and feature["geometry"]["type"] == "MultiPolygon"
    assert feature["properties"]["town_name"] == "三角镇"
    assert feature["properties"]["area_mu"] == dataset["plot"]["values"]["area_mu"]


def check_html(client, admin, dataset):
    for path in (
        "/ogc",
        "/ogc/conformance",
        "/ogc/api",
        "/ogc/collections",
        "/ogc/collections/film_recovery",
        "/ogc/collections/film_recovery/items",
        f"/ogc/collections/film_recovery/items/{dataset['june']['id']}",
    ):
        response = get(client, admin, path, f="html")
        assert response.status_code == 200 and response.mimetype == "text/html", path
        page = response.get_data(as_text=True)
        assert page.lower().startswith("<!doctype html>"), path
        # self-contained: nothing loaded from a CDN or anywhere else
        assert "<script" not in page and " src=" not in page and "<link" not in page, path
    assert "三角镇" in get(client, admin, "/ogc/collections/film_recovery/items", f="html").get_data(as_text=True)


def check_oas30(client, admin, dataset):
    response = get(client, admin, "/ogc/api")
    assert response.mimetype == "application/vnd.oai.openapi+json"
    assert response.headers["Content-Type"].endswith("version=3.0")
    document = response.get_json()
    assert document["openapi"].startswith("3.0.")
    assert set(document["paths"]) == {
        "/",
        "/conformance",
        "/api",
        "/collections",
        "/collections/{collectionId}",
        "/collections/{collectionId}/items",
        "/collections/{collectionId}/items/{featureId}",
    }
    limit = document["components"]["parameters"]["limit"]["schema"]
    assert (limit["default"], limit["maximum"]) == (100, 10_000)
    assert document["servers"][0]["url"] == "http://localhost/ogc"


def check_crs(client, admin, dataset):
    collection = get(client, admin, "/ogc/collections/film_recovery").get_json()
    assert {CRS84, f"{EPSG}4326", f"{EPSG}4490", f"{EPSG}4548"} <= set(collection["crs"])
    assert collection["storageCrs"] == CRS84
    response = items(client, admin, crs=f"{EPSG}4326", limit=1)
    assert response.headers["Content-Crs"] == f"<{EPSG}4326>"
    assert response.get_json()["features"][0]["geometry"]["coordinates"] == SANJIAO_POINT[::-1]  # lat, lon
    assert items(client, admin, limit=1).headers["Content-Crs"] == f"<{CRS84}>"


CHECKS = {
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core": check_core,
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson": check_geojson,
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html": check_html,
    "http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30": check_oas30,
    "http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs": check_crs,
}


def test_declared_conformance_classes_are_the_checked_ones(client, admin):
    declared = get(client, admin, "/ogc/conformance").get_json()["conformsTo"]
    assert sorted(declared) == sorted(CHECKS)


@pytest.mark.parametrize("uri", sorted(CHECKS))
def test_conformance_class(client, admin, dataset, uri):
    CHECKS[uri](client, admin, dataset)


# --- negotiation and documents -------------------------------------------------------------


def test_browser_gets_html_and_programs_get_json(client, admin):
    browser = client.get(
        "/ogc/collections", headers={**admin.headers, "Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}
    )
    assert browser.mimetype == "text/html"
    program = client.get("/ogc/collections", headers={**admin.headers, "Accept": "*/*"})
    assert program.mimetype == "application/json"
    forced = client.get("/ogc/collections?f=json", headers={**admin.headers, "Accept": "text/html"})
    assert forced.mimetype == "application/json"
    assert client.get("/ogc/collections?f=xml", headers=admin.headers).status_code == 400


def test_collection_extent_covers_its_records(client, admin, dataset):
    collection = get(client, admin, "/ogc/collections/film_recovery").get_json()
    min_lon, min_lat, max_lon, max_lat = collection["extent"]["spatial"]["bbox"][0]
    for lon, lat in (SANJIAO_POINT, DABU_POINT):
        assert min_lon <= lon <= max_lon and min_lat <= lat <= max_lat
    # approved records only, as the items answer by default
    assert collection["extent"]["temporal"]["interval"] == [["2024-10-15T00:00:00Z", "2025-06-30T23:59:59Z"]]


def test_collections_extent_follows_scope(client, reviewer, dataset):
    collection = get(client, reviewer, "/ogc/collections/film_recovery").get_json()
    assert collection["extent"]["spatial"]["bbox"][0][2] < DABU_POINT[0]  # 大埔县 is not the reviewer's


def test_unknown_collection_and_feature_are_404_problems(client, admin, dataset):
    for path in (
        "/ogc/collections/nope",
        "/ogc/collections/nope/items",
        "/ogc/collections/film_recovery/items/999999",
        "/ogc/collections/film_recovery/items/abc",
        f"/ogc/collections/film_recovery/items/{dataset['plot']['id']}",
    ):  # another collection's record
        response = get(client, admin, path)
        assert response.status_code == 404 and response.mimetype == "application/problem+json", path


# --- items: paging and filters ---------------------------------------------------------------


def test_paging_with_next_and_prev_links(client, admin, dataset):
    first = items(client, admin, limit=3).get_json()
    assert (first["numberMatched"], first["numberReturned"]) == (4, 3)
    assert not any(link["rel"] == "prev" for link in first["links"])
    assert "cursor=" in href(first, "next") and "offset=" not in href(first, "next")
    second = client.get(href(first, "next"), headers=admin.headers).get_json()
    # a page read by cursor is not counted
    assert second["numberReturned"] == 1 and "numberMatched" not in second
    assert not any(link["rel"] in ("next", "prev") for link in second["links"])
    back = items(client, admin, limit=3, offset=1).get_json()
    assert [f["id"] for f in back["features"]][:2] == [f["id"] for f in first["features"]][1:]
    back = client.get(href(back, "prev"), headers=admin.headers).get_json()
    seen = {f["id"] for f in first["features"]} | {f["id"] for f in second["features"]}
    assert seen == {dataset[k]["id"] for k in ("june", "march", "last_year", "dabu")}
    assert [f["id"] for f in back["features"]] == [f["id"] for f in first["features"]]


def test_limit_defaults_to_100_and_is_capped_at_10000(client, officer, admin):
    batch = {"records": [record("film_recovery") for _ in range(101)]}
    assert client.post("/api/v1/records/batch", json=batch, headers=officer.headers).get_json()["counts"] == {
        "created": 101
    }
    page = items(client, admin, status="all").get_json()
    assert (page["numberMatched"], page["numberReturned"]) == (101, 100)
    assert "cursor=" in href(page, "next")
    rest = client.get(href(page, "next"), headers=admin.headers).get_json()
    assert rest["numberReturned"] == 1 and not any(link["rel"] == "next" for link in rest["links"])
    assert items(client, admin, status="all", limit=50_000).get_json()["numberReturned"] == 101
    id_cursor = cursors.encode("id", None, 5)
    for bad in (
        {"limit": 0},
        {"limit": "many"},
        {"offset": -1},
        {"offset": MAX_OFFSET + 1},
        {"offset": 2**64},
        {"cursor": "nonsense"},
        {"cursor": "%ED%B2%80"},
        {"cursor": cursors.encode("-observed_on", dt.date(2025, 1, 1), 5)},
        {"cursor": id_cursor[:-2]},
        {"cursor": id_cursor, "offset": 3},
        {"cursor": base64.urlsafe_b64encode(b'["id", 9223372036854775808]').decode()},
    ):
        response = get(client, admin, "/ogc/collections/film_recovery/items", **bad)
        assert response.status_code == 400 and response.mimetype == "application/problem+json"


def test_bbox_in_crs84_and_in_other_crs(client, admin, dataset):
    sanjiao = {dataset[k]["id"] for k in ("june", "march", "last_year")}
    assert ids(items(client, admin, bbox="116.0,24.2,116.2,24.4")) == sanjiao
    # EPSG:4326 is lat/lon by definition
    assert ids(items(client, admin, bbox="24.2,116.0,24.4,116.2", **{"bbox-crs": f"{EPSG}4326"})) == sanjiao
    to_4548 = pyproj.Transformer.from_crs("EPSG:4326", "EPSG:4548")  # authority order both ways
    north, east = to_4548.transform(SANJIAO_POINT[1], SANJIAO_POINT[0])
    box = f"{north - 100},{east - 100},{north + 100},{east + 100}"  # northing, easting
    assert ids(items(client, admin, bbox=box, **{"bbox-crs": f"{EPSG}4548"})) == sanjiao
    for bad in ("1,2,3", "116.2,24.4,116.0,24.2", "a,b,c,d"):
        assert get(client, admin, "/ogc/collections/film_recovery/items", bbox=bad).status_code == 400


@pytest.mark.parametrize(
    "interval,expected",
    [
        ("2025-06-30", {"june", "dabu"}),
        ("2025-06-30T08:15:00Z", {"june", "dabu"}),
        ("2025-03-01/2025-06-29", {"march"}),
        ("2025-03-01/2025-06-30", {"june", "march", "dabu"}),
        ("../2025-03-01", {"march", "last_year"}),
        ("2025-01-01/..", {"june", "march", "dabu"}),
        ("2025-01-01T00:00:00Z/", {"june", "march", "dabu"}),
    ],
)
def test_datetime_filters_observed_on(client, admin, dataset, interval, expected):
    assert ids(items(client, admin, datetime=interval)) == {dataset[k]["id"] for k in expected}


@pytest.mark.parametrize("interval", ["yesterday", "2025-06-30/2025-01-01", "/", "2025-13-01"])
def test_bad_datetime_is_a_400(client, admin, interval):
    response = get(client, admin, "/ogc/collections/film_recovery/items", datetime=interval)
    assert response.status_code == 400 and "datetime" in response.get_json()["errors"]


def test_record_filters_of_the_list_apply(client, admin, dataset):
    assert ids(items(client, admin, county_code="441422")) == {dataset["dabu"]["id"]}
    assert ids(items(client, admin, year=2024)) == {dataset["last_year"]["id"]}
    assert ids(items(client, admin, status="pending")) == {dataset["pending"]["id"]}
    assert len(ids(items(client, admin, status="all"))) == 5


def test_unknown_parameter_is_a_400(client, admin):
    response = get(client, admin, "/ogc/collections/film_recovery/items", colour="red")
    assert response.status_code == 400 and response.get_json()["errors"] == {"colour": ["Unknown parameter."]}


# --- output CRS ------------------------------------------------------------------------------


@pytest.mark.parametrize("epsg", [4490, 4548, 4527])
def test_output_crs_in_its_own_axis_order(client, admin, dataset, epsg):
    response = get(
        client, admin, f"/ogc/collections/water_saving_irrigation/items/{dataset['plot']['id']}", crs=f"{EPSG}{epsg}"
    )
    assert response.status_code == 200 and response.headers["Content-Crs"] == f"<{EPSG}{epsg}>"
    ring = np.array(response.get_json()["geometry"]["coordinates"][0][0])
    # pyproj without always_xy: the CRS's own axis order (lat/lon, northing/easting)
    transformer = pyproj.Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}")
    posted = np.array(square_plot()["coordinates"][0])
    first, second = transformer.transform(posted[:, 1], posted[:, 0])
    expected = np.column_stack([first, second])
    tolerance = 0.01 if epsg != 4490 else 0.01 / 111_000
    for vertex in ring:
        assert np.min(np.max(np.abs(expected - vertex), axis=1)) <= tolerance


def test_unsupported_crs_is_a_400(client, admin):
    response = get(client, admin, "/ogc/collections/film_recovery/items", crs=f"{EPSG}2000")
    assert response.status_code == 400 and "crs" in response.get_json()["errors"]


# --- access ----------------------------------------------------------------------------------


def test_without_a_token_data_is_a_401_problem(client, dataset, app):
    app.config["OGC_ANONYMOUS"] = False
    for path in (
        "/ogc/collections",
        "/ogc/collections/film_recovery/items",
        f"/ogc/collections/film_recovery/items/{dataset['june']['id']}",
    ):
        response = client.get(path)
        assert response.status_code == 401 and response.mimetype == "application/problem+json", path
        assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert client.get("/ogc").status_code == 200  # the landing page says how to connect


def test_a_bad_token_is_a_401_even_when_anonymous_reading_is_on(client, app):
    app.config["OGC_ANONYMOUS"] = True
    response = client.get("/ogc/collections", headers={"Authorization": "Bearer nonsense"})
    assert response.status_code == 401


def test_anonymous_readers_see_approved_records_only(client, dataset, app):
    app.config["OGC_ANONYMOUS"] = True
    found = ids(client.get("/ogc/collections/film_recovery/items"))
    assert found == {dataset[k]["id"] for k in ("june", "march", "last_year", "dabu")}
    assert client.get("/ogc/collections/film_recovery/items?status=pending").status_code == 401
    assert client.get("/ogc/collections/film_recovery/items?status=all").status_code == 401
    assert client.get(f"/ogc/collections/film_recovery/items/{dataset['pending']['id']}").status_code == 404


def test_a_reader_sees_their_scope_only(client, officer, dataset):
    assert ids(items(client, officer)) == {dataset[k]["id"] for k in ("june", "march", "last_year")}
    response = get(client, officer, f"/ogc/collections/film_recovery/items/{dataset['dabu']['id']}")
    assert response.status_code == 404


# --- GDAL's OAPIF client against a live server ---------------------------------------------


def ogrinfo(*args, token):
    command = ["ogrinfo", "-ro", "--config", "GDAL_HTTP_HEADERS", f"Authorization: Bearer {token}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("ogrinfo") is None, reason="gdal-bin is not installed (scripts/test installs it)")
def test_gdal_lists_and_reads_every_collection(live_server, admin, dataset):
    url = f"OAPIF:{live_server}/ogc"
    listing = ogrinfo(url, token=admin.token)
    for code, indicator in INDICATORS.items():
        assert re.search(rf"^\d+: {code} \(title: {re.escape(indicator.name_zh)}", listing, re.MULTILINE), listing
    # PAGE_SIZE=2: GDAL follows the next links over several pages
    for code in INDICATORS:
        out = ogrinfo("-oo", "PAGE_SIZE=2", "-al", url, code, token=admin.token)
        expected = {"film_recovery": 4, "water_saving_irrigation": 1}.get(code, 0)
        assert out.count("OGRFeature(") == expected, out
    film = ogrinfo("-al", url, "film_recovery", token=admin.token)
    assert "town_name (String) = 三角镇" in film and "county_name (String) = 大埔县" in film
    assert f"POINT ({SANJIAO_POINT[0]} {SANJIAO_POINT[1]})" in film
    plots = ogrinfo("-al", url, "water_saving_irrigation", token=admin.token)
    assert "MULTIPOLYGON" in plots and "technology (String) = drip" in plots
