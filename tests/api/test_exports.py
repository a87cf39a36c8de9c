"""GET /api/v1/exports/records: every format read back with GDAL (pyogrio), on both databases."""

import io
import json
import re
import tempfile
import zipfile
from pathlib import Path

import numpy as np
import pyogrio
import pyogrio.raw
import pyproj
import pytest
import shapely

from backend.exports import rows
from backend.exports.columns import ALL_COLUMNS, columns_for
from backend.exports.shapefile_names import MAX_LENGTH, SHAPEFILE_NAMES
from tests.factories import SANJIAO, SANJIAO_POINT, approve, create_record, record, square_plot

DABU_TOWN = "441422100"  # 湖寮镇, 大埔县: outside the reviewer's county
DABU_POINT = [116.66231, 24.338056]
# WGS84, CGCS2000, CGCS2000 3° Gauss–Krüger CM 117°E without and with the zone prefix
CRSES = (4326, 4490, 4548, 4527)
# 0.01 m, in degrees of latitude for geographic CRSs
TOLERANCE = {4326: 0.01 / 111_000, 4490: 0.01 / 111_000, 4548: 0.01, 4527: 0.01}
PLOT = square_plot()  # the plot tests.factories posts


@pytest.fixture
def dataset(client, officer, reviewer, admin):
    """Three approved records of 三角镇 (a point, a plot, a straw record with a breakdown),
    one pending there, and one approved record in 大埔县."""
    film = create_record(client, officer, record("film_recovery"))
    plot = create_record(client, officer, record("water_saving_irrigation"))
    straw = create_record(
        client,
        officer,
        record(
            "straw_utilization",
            observed_on="2024-10-15",
            values={
                "straw_collectable_t": 500,
                "straw_utilized_t": 460,
                "crop": "水稻",
                "by_use": {"fertilizer_t": 400, "feed_t": 60},
            },
        ),
    )
    pending = create_record(client, officer, record("film_recovery", observed_on="2025-03-01"))
    for created in (film, plot, straw):
        approve(client, reviewer, created["id"])
    dabu = create_record(
        client,
        admin,
        record("film_recovery", town_code=DABU_TOWN, location={"type": "Point", "coordinates": DABU_POINT}),
    )
    approve(client, admin, dabu["id"])
    return {"film": film, "plot": plot, "straw": straw, "pending": pending, "dabu": dabu}


def export(client, account, **params):
    return client.get("/api/v1/exports/records", query_string=params, headers=account.headers)


def save(tmp_path, response):
    """The download, under the name the server gave it."""
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    filename = re.search(r'filename="([^"]+)"', response.headers["Content-Disposition"]).group(1)
    path = tmp_path / filename
    path.write_bytes(response.get_data())
    return path


def read_layers(path):
    """{layer: (meta, geometries, {field: values})} of every layer GDAL finds in the file."""
    layers = {}
    for name, _type in pyogrio.list_layers(path):
        meta, _fids, wkb, field_data = pyogrio.raw.read(path, layer=name)
        layers[name] = (meta, shapely.from_wkb(wkb), dict(zip(meta["fields"], field_data)))
    return layers


def features_by_id(layers, id_field="id"):
    """{record id: (meta, geometry, {field: value})} over all layers."""
    found = {}
    for meta, geometries, fields in layers.values():
        for index, record_id in enumerate(fields[id_field]):
            found[int(record_id)] = (meta, geometries[index], {k: v[index] for k, v in fields.items()})
    return found


def reference_coordinates(lon_lat, epsg):
    transformer = pyproj.Transformer.from_crs("EPSG:4326", f"EPSG:{epsg}", always_xy=True)
    xs, ys = transformer.transform(*np.asarray(lon_lat, dtype=float).T)
    return np.column_stack([xs, ys])


def assert_same_vertices(geometry, lon_lat, epsg):
    """Every vertex within 0.01 m of pyproj's reprojection of the posted coordinates."""
    expected = reference_coordinates(lon_lat, epsg)
    actual = shapely.get_coordinates(geometry)
    assert len(actual) == len(expected)
    for vertex in actual:
        assert np.min(np.max(np.abs(expected - vertex), axis=1)) <= TOLERANCE[epsg], vertex


def assert_crs(meta, epsg):
    assert pyproj.CRS.from_user_input(meta["crs"]).equals(pyproj.CRS.from_epsg(epsg), ignore_axis_order=True), meta[
        "crs"
    ]


# --- what is exported ---------------------------------------------------------------------


def test_geojson_defaults_to_approved_records_in_scope(client, reviewer, dataset):
    collection = export(client, reviewer, format="geojson").get_json()
    assert collection["type"] == "FeatureCollection"
    assert "crs" not in collection  # RFC 7946: WGS84, said by nothing
    ids = {feature["id"] for feature in collection["features"]}
    assert ids == {dataset[k]["id"] for k in ("film", "plot", "straw")}  # no pending, no 大埔县
    film = next(f for f in collection["features"] if f["id"] == dataset["film"]["id"])
    assert film["properties"]["town_name"] == "三角镇" and film["properties"]["county_name"] == "梅江区"
    assert film["properties"]["indicator_name"] == "农膜回收率"
    assert film["properties"]["film_used_t"] == 120.5 and film["properties"]["numerator"] == 110.2
    plot = next(f for f in collection["features"] if f["id"] == dataset["plot"]["id"])
    assert plot["geometry"]["type"] == "MultiPolygon"
    assert shapely.Polygon(plot["geometry"]["coordinates"][0][0]).exterior.is_ccw  # RFC 7946 orientation
    assert plot["properties"]["computed_area_mu"] == pytest.approx(dataset["plot"]["computed_area_mu"])
    assert plot["properties"]["flags"] == ",".join(f["code"] for f in dataset["plot"]["flags"])


def test_status_all_exports_every_record_in_scope(client, officer, admin, dataset):
    ids = {f["id"] for f in export(client, officer, format="geojson", status="all").get_json()["features"]}
    assert ids == {dataset[k]["id"] for k in ("film", "plot", "straw", "pending")}
    ids = {f["id"] for f in export(client, admin, format="geojson", status="all").get_json()["features"]}
    assert ids == {created["id"] for created in dataset.values()}


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"status": "pending"},
        {"indicator": "film_recovery"},
        {"year": 2024},
        {"town_code": SANJIAO},
        {"county_code": "441422"},
        {"bbox": "116.5,24.2,116.8,24.5"},
        {"indicator": "film_recovery", "status": "approved", "bbox": "116.0,24.0,116.2,24.4"},
    ],
)
def test_filters_are_those_of_the_records_list(client, admin, dataset, filters):
    listed = client.get(
        "/api/v1/records", query_string={"per_page": 500, "status": "approved", **filters}, headers=admin.headers
    ).get_json()
    exported = export(client, admin, format="geojson", **filters).get_json()
    assert {f["id"] for f in exported["features"]} == {item["id"] for item in listed["items"]}


def test_a_town_officer_cannot_export_another_county(client, officer, dataset):
    response = export(client, officer, format="geojson", county_code="441422")
    assert response.get_json()["features"] == []


def test_export_needs_a_token(client, dataset):
    response = client.get("/api/v1/exports/records?format=geojson")
    assert response.status_code == 401
    assert response.mimetype == "application/problem+json"


# --- every format, every CRS, read back with GDAL ----------------------------------------

FORMATS = [(fmt, epsg) for fmt in ("geojson", "gpkg", "shp", "csv") for epsg in CRSES] + [("kml", 4326)]


@pytest.mark.parametrize("fmt,epsg", FORMATS)
def test_export_reads_back_in_gdal(client, reviewer, dataset, tmp_path, fmt, epsg):
    response = export(client, reviewer, format=fmt, crs=f"EPSG:{epsg}", status="all")
    path = save(tmp_path, response)
    assert path.name.isascii() and f"epsg{epsg}" in path.name
    layers = read_layers(path)
    id_field = "record_id" if fmt == "kml" else "id"
    found = features_by_id(layers, id_field)
    assert set(found) == {dataset[k]["id"] for k in ("film", "plot", "straw", "pending")}

    names = (lambda n: SHAPEFILE_NAMES[n]) if fmt == "shp" else (lambda n: n)
    for key in ("film", "plot", "straw", "pending"):
        posted = dataset[key]
        meta, geometry, fields = found[posted["id"]]
        assert fields[names("town_name")] == "三角镇"
        assert fields[names("county_name")] == "梅江区"
        assert fields[names("indicator_name")] == posted["indicator_name"]
        assert fields[names("indicator")] == posted["indicator"]
        assert fields[names("status")] == ("pending" if key == "pending" else "approved")
        assert str(fields[names("observed_on")])[:10] == posted["observed_on"]
        assert float(fields[names("numerator")]) == pytest.approx(posted["numerator"])
        if fmt != "csv":  # CSV has no SRS; its WKT is in crs= all the same
            assert_crs(meta, epsg)
        if posted["geometry"] is not None:
            # a Shapefile has one polygon type: GDAL reads a one-part plot back as a Polygon
            assert geometry.geom_type == "MultiPolygon" or (fmt == "shp" and geometry.geom_type == "Polygon")
            assert_same_vertices(geometry, PLOT["coordinates"][0], epsg)
        else:
            assert geometry.geom_type == "Point"
            assert_same_vertices(geometry, [SANJIAO_POINT], epsg)
    straw = found[dataset["straw"]["id"]][2]
    assert float(straw[names("by_use_fertilizer_t")]) == 400
    assert straw[names("crop")] == "水稻"


@pytest.mark.parametrize("fmt", ["gpkg", "shp"])
def test_binary_formats_carry_typed_columns(client, reviewer, dataset, tmp_path, fmt):
    path = save(tmp_path, export(client, reviewer, format=fmt, crs="EPSG:4548"))
    for meta, _geometries, _fields in read_layers(path).values():
        types = dict(zip(meta["fields"], meta["dtypes"]))
        name = (lambda n: SHAPEFILE_NAMES[n]) if fmt == "shp" else (lambda n: n)
        assert types[name("id")] == "int64" and types[name("year")] == "int64"
        assert types[name("observed_on")] == "datetime64[D]"
        assert types[name("completed_on")] == "datetime64[D]"
        assert types[name("numerator")] == "float64" and types[name("film_used_t")] == "float64"
        assert types[name("town_name")] == "object"


def test_points_and_plots_go_to_separate_layers(client, reviewer, dataset, tmp_path):
    layers = dict(pyogrio.list_layers(save(tmp_path, export(client, reviewer, format="gpkg"))))
    assert layers == {"records_points": "Point", "records_plots": "MultiPolygon"}
    one = dict(
        pyogrio.list_layers(
            save(tmp_path, export(client, reviewer, format="gpkg", indicator="water_saving_irrigation"))
        )
    )
    assert one == {"water_saving_irrigation_plots": "MultiPolygon"}


def test_an_export_that_matches_nothing_is_still_a_file(client, reviewer, tmp_path):
    for fmt in ("gpkg", "shp", "kml"):
        path = save(tmp_path, export(client, reviewer, format=fmt, indicator="film_recovery"))
        [(meta, geometries, _fields)] = read_layers(path).values()
        assert len(geometries) == 0
    assert export(client, reviewer, format="geojson").get_json()["features"] == []


def test_geojson_in_another_crs_says_which(client, reviewer, dataset, tmp_path):
    collection = export(client, reviewer, format="geojson", crs="EPSG:4548").get_json()
    assert collection["crs"]["properties"]["name"] == "urn:ogc:def:crs:EPSG::4548"


def test_csv_has_wkt_in_crs_and_wgs84_lon_lat(client, reviewer, dataset):
    response = export(client, reviewer, format="csv", crs="EPSG:4548")
    assert response.mimetype == "text/csv"
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")  # for Excel
    import csv

    rows_ = {int(r["id"]): r for r in csv.DictReader(io.StringIO(text.lstrip("\ufeff")))}
    film = rows_[dataset["film"]["id"]]
    assert (float(film["lon"]), float(film["lat"])) == tuple(SANJIAO_POINT)
    assert_same_vertices(shapely.from_wkt(film["WKT"]), [SANJIAO_POINT], 4548)
    assert film["town_name"] == "三角镇" and film["observed_on"] == "2025-06-30"


# --- parameters the formats cannot take ----------------------------------------------------


def test_kml_in_another_crs_is_a_400_that_says_so(client, reviewer):
    response = export(client, reviewer, format="kml", crs="EPSG:4490")
    assert response.status_code == 400 and response.mimetype == "application/problem+json"
    assert "WGS84" in response.get_json()["detail"] and "crs" in response.get_json()["errors"]


@pytest.mark.parametrize(
    "crs,why",
    [
        ("EPSG:999999", "not a coordinate reference system"),
        ("4548", "EPSG:<code>"),
        ("EPSG:5773", "not a 2-D"),  # a vertical CRS
        ("EPSG:10622", "cannot express coordinates in Meizhou"),  # San Francisco orthographic
    ],
)
def test_a_crs_that_cannot_be_written_is_a_400(client, reviewer, crs, why):
    response = export(client, reviewer, format="gpkg", crs=crs)
    assert response.status_code == 400 and why in response.get_json()["detail"]


def test_gbk_is_for_shapefiles_only(client, reviewer):
    response = export(client, reviewer, format="geojson", encoding="gbk")
    assert response.status_code == 400 and "Shapefile" in response.get_json()["detail"]


def test_unknown_format_is_rejected(client, reviewer):
    response = export(client, reviewer, format="dxf")
    assert response.status_code == 422 and "format" in response.get_json()["errors"]


# --- Shapefile ------------------------------------------------------------------------------


def test_shapefile_zip_has_a_file_per_geometry_type_utf8_cpg_and_readme(client, reviewer, dataset, tmp_path):
    path = save(tmp_path, export(client, reviewer, format="shp", crs="EPSG:4527"))
    assert path.suffix == ".zip"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        for layer in ("records_points", "records_plots"):
            assert {f"{layer}.{ext}" for ext in ("shp", "shx", "dbf", "prj", "cpg")} <= names
            assert archive.read(f"{layer}.cpg").decode().strip() == "UTF-8"
            assert "CGCS2000" in archive.read(f"{layer}.prj").decode()
        readme = archive.read("README.txt").decode()
    assert "records_points.shp" in readme and "ind_name" in readme and "EPSG:4527" in readme


def test_shapefile_in_gbk_for_older_desktop_gis(client, reviewer, dataset, tmp_path):
    path = save(tmp_path, export(client, reviewer, format="shp", encoding="gbk"))
    with zipfile.ZipFile(path) as archive:
        assert archive.read("records_points.cpg").decode().strip() == "936"  # code page of GBK
        dbf = archive.read("records_points.dbf")
    assert "三角镇".encode("gbk") in dbf and "三角镇".encode() not in dbf
    points = read_layers(path)["records_points"][2]
    assert set(points[SHAPEFILE_NAMES["town_name"]]) == {"三角镇"}


def test_shapefile_field_names_are_short_unique_stable_and_documented():
    assert len(set(SHAPEFILE_NAMES.values())) == len(SHAPEFILE_NAMES)
    assert set(SHAPEFILE_NAMES) == {column.name for column in ALL_COLUMNS}
    assert all(len(short) <= MAX_LENGTH and short.isascii() for short in SHAPEFILE_NAMES.values())
    doc = (Path(__file__).resolve().parents[2] / "docs" / "shapefile-fields.md").read_text(encoding="utf-8")
    documented = dict(re.findall(r"^\|\s*`([a-z0-9_]+)`\s*\|\s*`([a-z0-9_]+)`\s*\|", doc, re.MULTILINE))
    assert documented == SHAPEFILE_NAMES


def test_one_indicator_exports_only_its_own_value_columns():
    names = [column.name for column in columns_for("film_recovery")]
    assert "film_used_t" in names and "area_mu" not in names
    assert names[:10] == [
        "id",
        "indicator",
        "indicator_name",
        "town_code",
        "town_name",
        "county_code",
        "county_name",
        "year",
        "observed_on",
        "status",
    ]
    assert names[-5:] == ["numerator", "denominator", "computed_area_mu", "flags", "photos"]


# --- names, streaming, temporary files ------------------------------------------------------


def test_file_name_says_what_is_inside(client, officer, dataset):
    response = export(client, officer, format="gpkg", indicator="film_recovery", year=2025, crs="EPSG:4548")
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(
        r'attachment; filename="meizhou_film_recovery_441402102_2025_approved_epsg4548_'
        r'\d{8}\.gpkg"',
        disposition,
    ), disposition
    assert response.mimetype == "application/geopackage+sqlite3"


def test_geojson_is_written_as_rows_come(client, reviewer, dataset, monkeypatch):
    monkeypatch.setattr(rows, "CHUNK_SIZE", 1)
    response = client.get("/api/v1/exports/records?format=geojson&status=all", headers=reviewer.headers, buffered=False)
    assert response.is_streamed
    pieces = list(response.response)
    response.close()
    # opening, one piece per database chunk of one record each, closing
    assert len(pieces) == 2 + 4
    assert len(json.loads(b"".join(pieces))["features"]) == 4


@pytest.fixture
def export_tmp(tmp_path, monkeypatch):
    directory = tmp_path / "exports-tmp"
    directory.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(directory))
    return directory


@pytest.mark.parametrize("fmt", ["gpkg", "shp"])
def test_temporary_file_goes_when_the_client_disconnects(client, reviewer, dataset, export_tmp, fmt):
    response = client.get(f"/api/v1/exports/records?format={fmt}", headers=reviewer.headers, buffered=False)
    assert response.status_code == 200
    assert len(list(export_tmp.iterdir())) == 1  # built on disk before sending
    next(iter(response.response))  # the client reads a little, then goes away
    response.close()
    assert list(export_tmp.iterdir()) == []


def test_temporary_file_goes_after_a_full_download(client, reviewer, dataset, export_tmp):
    # buffered: read to the end and closed, as a WSGI server does after the last byte
    response = client.get("/api/v1/exports/records?format=shp", headers=reviewer.headers, buffered=True)
    assert response.status_code == 200 and int(response.headers["Content-Length"]) == len(response.data)
    zipfile.ZipFile(io.BytesIO(response.data)).testzip()
    assert list(export_tmp.iterdir()) == []
