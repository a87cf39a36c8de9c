"""Ledger imports (GET /imports/template, POST /imports) with files built here, as Excel and
county offices write them, on both databases."""

import codecs
import datetime as dt
import io
import json
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from tests.factories import SANJIAO

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILM_HEADER = [
    "指标",
    "县（市、区）",
    "镇（街道）",
    "观测日期",
    "经度",
    "纬度",
    "农膜使用量（吨）",
    "农膜回收量（吨）",
    "备注",
]
DABU_MEIXIAN = "441403104"  # 大坪镇, 梅县区 (another 大坪镇 lies in 兴宁市)


def xlsx(rows, *, number_formats=None):
    """Workbook bytes as Excel saves them; number_formats: {column index: format}."""
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for column, fmt in (number_formats or {}).items():
        for cells in sheet.iter_rows(min_row=2, min_col=column, max_col=column):
            cells[0].number_format = fmt
    body = io.BytesIO()
    workbook.save(body)
    return body.getvalue()


def csv_bytes(rows, encoding="utf-8"):
    cell = lambda c: "" if c is None else f'"{c}"' if "," in str(c) else str(c)  # noqa: E731
    text = "\r\n".join(",".join(map(cell, row)) for row in rows) + "\r\n"
    return text.encode(encoding)


def upload(client, account, data, filename="ledger.xlsx", expect=200, **form):
    fields = {"file": (io.BytesIO(data), filename), **{k: str(v).lower() for k, v in form.items()}}
    response = client.post("/api/v1/imports", data=fields, headers=account.headers, content_type="multipart/form-data")
    assert response.status_code == expect, response.get_data(as_text=True)[:2000]
    if expect != 200:
        assert response.mimetype == "application/problem+json"
    return response.get_json()


def records(client, account, **params):
    response = client.get("/api/v1/records", query_string={"per_page": 500, **params}, headers=account.headers)
    assert response.status_code == 200
    return response.get_json()


def film_rows(n, start=dt.date(2024, 3, 1), town="三角镇", county="梅江区", lon=116.1177, lat=24.2991):
    return [
        ["农膜回收率", county, town, start + dt.timedelta(days=i % 365), lon, lat, 100 + i, 90, f"台账 {i}"]
        for i in range(n)
    ]


# ---- the template -------------------------------------------------------------------


def test_template_has_chinese_headers_codes_lists_and_an_example(client, officer):
    response = client.get("/api/v1/imports/template?indicator=manure_utilization", headers=officer.headers)
    assert response.status_code == 200 and response.mimetype == XLSX
    assert "ledger-template-manure_utilization.xlsx" in response.headers["Content-Disposition"]
    workbook = load_workbook(io.BytesIO(response.data))
    sheet, lists = workbook["台账"], workbook["选项"]
    headers, codes, example = [[c.value for c in row] for row in sheet.iter_rows(max_row=3)]
    assert "粪污产生量（吨）" in headers and "畜禽种类" in headers and "镇（街道）" in headers
    assert codes[headers.index("粪污产生量（吨）")] == "manure_produced_t"
    assert example[headers.index("指标")] == "畜禽粪污资源化利用率"
    assert example[headers.index("镇（街道）")] == "三角镇"  # the officer's one town
    assert lists.sheet_state == "hidden"
    lists_by_code = {col[0].value: [c.value for c in col[1:] if c.value] for col in lists.iter_cols()}
    assert lists_by_code["town"] == ["三角镇"] and lists_by_code["county"] == ["梅江区"]
    assert lists_by_code["livestock"] == ["pig", "cattle", "poultry", "sheep", "other"]
    validated = {str(v.sqref).split(":")[0][0] for v in sheet.data_validations.dataValidation}
    letter = lambda name: chr(ord("A") + headers.index(name))  # noqa: E731
    assert {letter("镇（街道）"), letter("县（市、区）"), letter("畜禽种类"), letter("指标")} <= validated


def test_the_template_filled_in_imports(client, reviewer):
    template = client.get("/api/v1/imports/template?indicator=film_recovery", headers=reviewer.headers).data
    workbook = load_workbook(io.BytesIO(template))
    sheet = workbook["台账"]
    sheet.append(["农膜回收率", "梅江区", "长沙镇", dt.date(2024, 6, 1), None, None, None, None, None, 10, 9, None])
    body = io.BytesIO()
    workbook.save(body)
    report = upload(client, reviewer, body.getvalue())
    assert report["counts"] == {"created": 2} and report["committed"] is True  # the example row too
    assert [r["row"] for r in report["rows"]] == [3, 4]


@pytest.mark.parametrize("query", ["", "?indicator=", "?indicator=nope", "?indicator=%00"])
def test_template_needs_a_known_indicator(client, officer, query):
    response = client.get(f"/api/v1/imports/template{query}", headers=officer.headers)
    assert response.status_code == 422 and response.mimetype == "application/problem+json"
    assert any(name.startswith("indicator") for name in response.get_json()["errors"])


# ---- reading files as offices write them ----------------------------------------------


def test_xlsx_as_excel_writes_it(client, reviewer):
    """Dates as serial numbers and as real dates, numbers with thousands separators as text."""
    data = xlsx(
        [
            FILM_HEADER,
            ["农膜回收率", "梅江区", "三角镇", 45413, 116.1177, 24.2991, "1,200.5", 1100, "序列号日期"],
            ["film_recovery", None, "长沙镇", dt.datetime(2024, 5, 2), None, None, 80, "70", None],
            ["农膜回收率", None, "441402102000", "2024年5月6日", None, None, "2,000", "1,999", None],
            [None] * 9,  # a blank row in the middle is no record
            ["农膜回收率", None, "三角镇", "2024/5/7", None, None, 10, 9, None],
            ["农膜回收率", None, "三角镇", "2024-05-08", None, None, 10, 9, None],
        ],
        number_formats={4: "General"},
    )
    report = upload(client, reviewer, data)
    assert report["counts"] == {"created": 5}, report
    assert [r["row"] for r in report["rows"]] == [2, 3, 4, 6, 7]
    stored = sorted(records(client, reviewer)["items"], key=lambda r: r["observed_on"])
    assert [r["observed_on"] for r in stored] == ["2024-05-01", "2024-05-02", "2024-05-06", "2024-05-07", "2024-05-08"]
    assert stored[0]["values"] == {"film_used_t": 1200.5, "film_recovered_t": 1100.0}
    assert stored[0]["location"] == {"type": "Point", "coordinates": [116.1177, 24.2991]}
    assert stored[2]["town_code"] == SANJIAO and stored[2]["values"]["film_used_t"] == 2000
    assert all(r["status"] == "pending" and r["created_by"] == reviewer.username for r in stored)


@pytest.mark.parametrize("encoding", ["gbk", "utf-8-sig", "utf-8"])
def test_csv_in_gbk_or_utf8_with_or_without_bom(client, officer, encoding):
    rows = [
        ["镇街", "观测日期", "秸秆可收集量（吨）", "秸秆利用量（吨）", "作物", "备注"],
        ["三角镇", "2024/5/6", "1,500", "1,400", "水稻", "晚稻秸秆还田"],
        ["三角镇", "2024年6月6日", "800", "700", "玉米", ""],
    ]
    report = upload(client, officer, csv_bytes(rows, encoding), "台账.csv", indicator="straw_utilization")
    assert report["counts"] == {"created": 2}, report
    stored = sorted(records(client, officer)["items"], key=lambda r: r["observed_on"])
    assert stored[0]["note"] == "晚稻秸秆还田" and stored[0]["values"]["crop"] == "水稻"
    assert stored[0]["values"]["straw_collectable_t"] == 1500


def test_codes_as_headers_and_a_county_column_tell_apart_towns_of_one_name(client, admin):
    rows = [
        ["indicator", "county", "town", "observed_on", "film_used_t", "film_recovered_t"],
        ["film_recovery", "梅县区", "大坪镇", "2024-05-06", 10, 9],
        ["film_recovery", "", "大坪镇", "2024-05-06", 10, 8],
    ]
    report = upload(client, admin, csv_bytes(rows), "x.csv", skip_invalid=True)
    created, ambiguous = report["rows"]
    assert created["outcome"] == "created"
    assert ambiguous["outcome"] == "invalid" and "兴宁市" in ambiguous["errors"]["town"][0]
    [stored] = records(client, admin)["items"]
    assert stored["town_code"] == DABU_MEIXIAN


# ---- invalid rows, dry runs, skipping ----------------------------------------------------


def _three_bad_rows():
    rows = [FILM_HEADER, *film_rows(3)]
    rows.insert(2, ["农膜回收率", None, "三角镇", "2024-13-40", None, None, 10, 9, None])  # no such day
    rows.insert(3, ["农膜回收率", None, "火星镇", "2024-05-06", None, None, 10, 9, None])  # no such town
    rows.insert(5, ["农膜回收率", None, "三角镇", "2024-05-06", None, None, 10, 90, None])  # recovered > used
    return xlsx(rows)


def test_dry_run_lists_bad_rows_with_their_columns_and_stores_nothing(client, reviewer):
    report = upload(client, reviewer, _three_bad_rows(), dry_run=True)
    assert report["counts"] == {"valid": 3, "invalid": 3} and report["committed"] is False
    bad = {r["row"]: r["errors"] for r in report["rows"] if r["outcome"] == "invalid"}
    assert set(bad) == {3, 4, 6}
    assert list(bad[3]) == ["观测日期"] and "No such day" in bad[3]["观测日期"][0]
    assert list(bad[4]) == ["镇（街道）"] and "火星镇" in bad[4]["镇（街道）"][0]
    assert list(bad[6]) == ["农膜回收量（吨）"] and "cannot exceed" in bad[6]["农膜回收量（吨）"][0]
    assert records(client, reviewer)["total"] == 0


def test_a_file_with_bad_rows_imports_nothing_unless_told_to_skip_them(client, reviewer):
    report = upload(client, reviewer, _three_bad_rows())
    assert report["committed"] is False and report["counts"] == {"valid": 3, "invalid": 3}
    assert records(client, reviewer)["total"] == 0

    report = upload(client, reviewer, _three_bad_rows(), skip_invalid=True)
    assert report["committed"] is True and report["counts"] == {"created": 3, "invalid": 3}
    assert records(client, reviewer)["total"] == 3


def test_the_same_file_twice_creates_nothing_new(client, reviewer):
    data = xlsx([FILM_HEADER, *film_rows(4)])
    first = upload(client, reviewer, data)
    assert first["counts"] == {"created": 4}
    second = upload(client, reviewer, data)
    assert second["counts"] == {"replayed": 4} and second["committed"] is False
    assert [r["client_id"] for r in second["rows"]] == [r["client_id"] for r in first["rows"]]
    assert [r["record_id"] for r in second["rows"]] == [r["record_id"] for r in first["rows"]]
    # the same rows as CSV with codes for names: the same normalised content, the same ids
    csv_rows = [FILM_HEADER] + [[r[0], "441402", "441402102", r[3].isoformat(), *r[4:]] for r in film_rows(4)]
    third = upload(client, reviewer, csv_bytes(csv_rows), "again.csv")
    assert third["counts"] == {"replayed": 4}
    assert records(client, reviewer)["total"] == 4


def test_rows_beyond_a_chunk_stream_through(client, reviewer):
    report = upload(client, reviewer, xlsx([FILM_HEADER, *film_rows(1203)]))
    assert report["counts"] == {"created": 1203}
    assert records(client, reviewer, per_page=1)["total"] == 1203


# ---- a ledger without coordinates ----------------------------------------------------------


def test_rows_without_coordinates_are_flagged_counted_and_exported_without_geometry(client, reviewer):
    data = xlsx([FILM_HEADER, *film_rows(2, lon=None, lat=None)])
    report = upload(client, reviewer, data, approve=True)
    assert report["counts"] == {"created": 2}
    [first, _] = records(client, reviewer)["items"]
    assert first["location"] is None and first["flags"] == [{"code": "no_location"}]
    assert first["status"] == "approved" and first["reviewed_by"] == reviewer.username
    history = client.get(f"/api/v1/records/{first['id']}/history", headers=reviewer.headers).get_json()
    assert [(h["action"], h["by"]) for h in history] == [("imported", reviewer.username)]
    assert history[0]["changes"]["status"] == [None, "approved"] and "ledger.xlsx" in history[0]["reason"]

    summary = client.get(
        "/api/v1/summaries",
        query_string={"level": "county", "unit": "441402", "year": 2024, "indicators": "film_recovery"},
        headers=reviewer.headers,
    ).get_json()
    [county] = [i for i in summary["items"] if i["unit_code"] == "441402"]
    assert county["records"] == 2 and county["denominator"] == pytest.approx(201)

    exported = client.get(
        "/api/v1/exports/records", query_string={"format": "geojson", "year": 2024}, headers=reviewer.headers
    )
    assert exported.status_code == 200
    features = json.loads(exported.get_data())["features"]
    assert len(features) == 2 and all(f["geometry"] is None for f in features)
    for fmt in ("csv", "gpkg", "shp", "kml"):
        response = client.get(
            "/api/v1/exports/records", query_string={"format": fmt, "year": 2024}, headers=reviewer.headers
        )
        assert response.status_code == 200, (fmt, response.get_data()[:300])
    # a bbox around Meizhou excludes what has no place; the map draws no point for it
    boxed = records(client, reviewer, bbox="115,23,117,25")
    assert boxed["total"] == 0
    items = client.get("/ogc/collections/film_recovery/items?f=json", headers=reviewer.headers).get_json()
    assert items["numberMatched"] == 2 and all(f["geometry"] is None for f in items["features"])


def test_a_record_imported_without_coordinates_can_be_corrected_without_them(client, reviewer):
    upload(client, reviewer, xlsx([FILM_HEADER, *film_rows(1, lon=None, lat=None)]))
    [stored] = records(client, reviewer)["items"]
    response = client.patch(
        f"/api/v1/records/{stored['id']}",
        json={"values": {"film_recovered_t": 50}},
        headers=reviewer.headers,
        content_type="application/merge-patch+json",
    )
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["values"]["film_recovered_t"] == 50


# ---- who may import -----------------------------------------------------------------------


def test_a_town_officer_imports_pending_only_and_only_its_town(client, officer):
    data = xlsx([FILM_HEADER, *film_rows(1), *film_rows(1, town="长沙镇")])
    upload(client, officer, data, approve=True, expect=403)
    report = upload(client, officer, data, skip_invalid=True)
    assert [r["outcome"] for r in report["rows"]] == ["created", "invalid"]
    assert "scope" in report["rows"][1]["errors"]["镇（街道）"][0]


def test_analysts_and_strangers_cannot_import(client, sign_in):
    analyst = sign_in("analyst", "441400")
    upload(client, analyst, xlsx([FILM_HEADER, *film_rows(1)]), expect=403)
    response = client.post(
        "/api/v1/imports", data={"file": (io.BytesIO(b"x"), "a.csv")}, content_type="multipart/form-data"
    )
    assert response.status_code == 401


# ---- hostile files ---------------------------------------------------------------------------


def _zip(members):
    body = io.BytesIO()
    with zipfile.ZipFile(body, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return body.getvalue()


def _bomb():
    """An XLSX-looking zip of a few KB that claims gigabytes... here 8 MB of zeros, with the
    test's limit at 1 MB."""
    return _zip({"[Content_Types].xml": "<Types/>", "xl/worksheets/sheet1.xml": b"\0" * (8 << 20)})


def _formulas():
    return xlsx([FILM_HEADER, ["农膜回收率", None, "三角镇", "=TODAY()", None, None, "=1/0", "=A1", None]])


HOSTILE = {
    "empty": (b"", "a.xlsx", 422),
    "not a zip": (b"PK\x03\x04 this is not really a zip" * 10, "a.xlsx", 422),
    "random bytes": (bytes(range(256)) * 40, "a.xlsx", 415),
    "zip bomb": (_bomb(), "bomb.xlsx", 413),
    "a zip, not a workbook": (_zip({"readme.txt": "hello"}), "a.xlsx", 415),
    "old xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "a.xls", 415),
    "utf-16": (codecs.BOM_UTF16_LE + "镇街,观测日期\r\n".encode("utf-16-le"), "a.csv", 415),
    "nul bytes": ("镇街,观测日期\r\n三角镇\0,2024-05-06\r\n".encode(), "a.csv", 415),
    # past the 64 KB the encoding is told from
    "gbk then garbage": (
        "镇街,观测日期\r\n".encode("gbk") + "三角镇,2024-05-06\r\n".encode("gbk") * 5000 + b"\xff\xfe\xfd" * 10,
        "a.csv",
        422,
    ),
    "only blank rows": (b"\r\n,,,\r\n", "a.csv", 422),
    "no town column": ("观测日期,农膜使用量\r\n2024-05-06,1\r\n".encode(), "a.csv", 422),
    "two town columns": ("镇街,town,观测日期\r\n".encode(), "a.csv", 422),
    "a huge field": (b'town,observed_on\r\n"' + b"x" * 300_000 + b'",1\r\n', "a.csv", 422),
}


@pytest.mark.parametrize("name", HOSTILE)
def test_hostile_files_get_a_problem(client, app, reviewer, name):
    app.config["IMPORT_MAX_UNZIPPED_BYTES"] = 1 << 20
    data, filename, status = HOSTILE[name]
    problem = upload(client, reviewer, data, filename, expect=status, indicator="film_recovery")
    assert problem["status"] == status and problem["detail"] and problem.get("code")
    assert records(client, reviewer)["total"] == 0


@pytest.mark.parametrize("filename", [b"a\x00b.xlsx", b"\xed\xa0\x80.xlsx", b"\xff\xfe.xlsx", b"x" * 5000, b""])
def test_hostile_file_names_are_cleaned_into_the_history(client, reviewer, filename):
    """Raw multipart: a NUL, a lone surrogate as UTF-8, invalid UTF-8, 5,000 bytes, nothing."""
    body = (
        b'--b\r\nContent-Disposition: form-data; name="file"; filename="' + filename + b'"\r\n'
        b"Content-Type: application/octet-stream\r\n\r\n" + xlsx([FILM_HEADER, *film_rows(1)]) + b"\r\n--b--\r\n"
    )
    response = client.post(
        "/api/v1/imports", data=body, headers=reviewer.headers, content_type="multipart/form-data; boundary=b"
    )
    assert response.status_code in (200, 422), response.get_data()[:300]
    if response.status_code == 422:  # no file part at all (a file field needs a name)
        assert "file" in response.get_json()["errors"]
        return
    record_id = response.get_json()["rows"][0]["record_id"]
    [entry] = client.get(f"/api/v1/records/{record_id}/history", headers=reviewer.headers).get_json()
    assert "\x00" not in entry["reason"] and len(entry["reason"]) <= 500 and entry["action"] == "imported"


@pytest.mark.parametrize(
    "cells, column",
    [
        ([9223372036854775808, 1], "农膜使用量（吨）"),
        (["9,223,372,036,854,775,807", 1], "农膜使用量（吨）"),
        (["1e999", 1], "农膜使用量（吨）"),
        (["NaN", 1], "农膜使用量（吨）"),
        ([-1, 1], "农膜使用量（吨）"),
        (["十", 1], "农膜使用量（吨）"),
        ([True, 1], "农膜使用量（吨）"),
    ],
)
def test_hostile_numbers_are_row_errors(client, reviewer, cells, column):
    data = xlsx([FILM_HEADER, ["农膜回收率", None, "三角镇", "2024-05-06", None, None, *cells, None]])
    report = upload(client, reviewer, data, dry_run=True)
    [row] = report["rows"]
    assert row["outcome"] == "invalid" and column in row["errors"], row


@pytest.mark.parametrize(
    "cell, column",
    [
        ("2099-01-01", "观测日期"),
        ("1999-12-31", "观测日期"),
        (10**12, "观测日期"),
        ("昨天", "观测日期"),
        ("三角镇\x07", "镇（街道）"),
        ("x" * 5000, "镇（街道）"),
    ],
)
def test_hostile_dates_and_towns_are_row_errors(client, reviewer, cell, column):
    row = ["农膜回收率", None, "三角镇", "2024-05-06", None, None, 10, 9, None]
    row[FILM_HEADER.index(column)] = cell
    report = upload(client, reviewer, csv_bytes([FILM_HEADER, row]), "a.csv", dry_run=True)
    [result] = report["rows"]
    assert result["outcome"] == "invalid" and column in result["errors"], result


def test_formulas_are_read_as_values_never_run(client, reviewer):
    report = upload(client, reviewer, _formulas(), dry_run=True)
    [row] = report["rows"]
    # openpyxl wrote no cached values: the cells are empty, as Excel-less tools see them
    assert row["outcome"] == "invalid" and {"观测日期", "农膜使用量（吨）"} <= set(row["errors"])


def test_coordinates_outside_meizhou_are_a_row_error(client, reviewer):
    row = ["农膜回收率", None, "三角镇", "2024-05-06", 24.2991, 116.1177, 10, 9, None]  # swapped
    report = upload(client, reviewer, xlsx([FILM_HEADER, row]), dry_run=True)
    [result] = report["rows"]
    assert result["outcome"] == "invalid" and "经度" in result["errors"]


@pytest.mark.parametrize(
    "name, value",
    [("dry_run", b"maybe"), ("indicator", b"x"), ("approve", b"\xed\xa0\x80"), ("skip_invalid", b"\xff\x00")],
)
def test_bad_form_fields_are_named(client, reviewer, name, value):
    """Raw multipart, so a field can hold bytes no client library would send (a lone surrogate
    encoded as UTF-8, invalid UTF-8, NUL)."""
    body = (
        b'--b\r\nContent-Disposition: form-data; name="'
        + name.encode()
        + b'"\r\n\r\n'
        + value
        + b'\r\n--b\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\ntown,observed_on\r\n--b--\r\n"
    )
    response = client.post(
        "/api/v1/imports", data=body, headers=reviewer.headers, content_type="multipart/form-data; boundary=b"
    )
    assert response.status_code == 422 and name in response.get_json()["errors"], response.get_json()


def test_a_missing_file_and_wrong_media_types(client, reviewer):
    response = client.post(
        "/api/v1/imports", data={"dry_run": "true"}, headers=reviewer.headers, content_type="multipart/form-data"
    )
    assert response.status_code == 422 and "file" in response.get_json()["errors"]
    response = client.post("/api/v1/imports", json={"file": "x"}, headers=reviewer.headers)
    assert response.status_code == 415 and response.get_json()["code"] == "unsupported_media_type"
    # the multipart exemption is the import route's alone
    response = client.post(
        "/api/v1/records",
        data={"file": (io.BytesIO(b"x"), "a.csv")},
        headers=reviewer.headers,
        content_type="multipart/form-data",
    )
    assert response.status_code == 415


def test_the_import_route_has_its_own_body_limit(client, app, reviewer):
    # over the 2 MB JSON limit: a column the import does not know, with 100 KB in each cell
    rows = [row[:3] + [row[3].isoformat()] + row[4:] + ["x" * 100_000] for row in film_rows(3)]
    big = csv_bytes([FILM_HEADER + ["说明"], *(rows * 10)])
    assert len(big) > 2 << 20
    report = upload(client, reviewer, big, "big.csv")
    assert report["counts"] == {"created": 3, "replayed": 27} and report["ignored_columns"] == ["说明"]
    app.config["IMPORT_MAX_BYTES"] = 1 << 20
    problem = upload(client, reviewer, big, "big.csv", expect=413)
    assert problem["status"] == 413


def test_more_rows_than_the_limit_is_413_and_stores_nothing(client, app, reviewer):
    app.config["IMPORT_MAX_ROWS"] = 5
    upload(client, reviewer, xlsx([FILM_HEADER, *film_rows(6)]), expect=413)
    assert records(client, reviewer)["total"] == 0


WATER_HEADER = ["镇（街道）", "观测日期", "面积（亩）", "节水技术", "建成日期", "地块范围（WKT 或 GeoJSON）"]
SQUARE_WKT = "POLYGON((116.1167 24.2981, 116.1187 24.2981, 116.1187 24.3001, 116.1167 24.3001, 116.1167 24.2981))"


def test_plots_as_wkt_or_geojson_or_none(client, reviewer):
    geojson = json.dumps(
        {
            "type": "Polygon",
            "coordinates": [[[116.1267, 24.2981], [116.1287, 24.2981], [116.1287, 24.3001], [116.1267, 24.2981]]],
        }
    )
    rows = [
        WATER_HEADER,
        ["三角镇", "2024-05-06", "60", "drip", "2024/4/30", SQUARE_WKT],
        ["三角镇", "2024-05-06", "30", "sprinkler", "2024/4/30", geojson],
        ["三角镇", "2024-05-06", "15", "DRIP", 45412, None],
    ]
    report = upload(client, reviewer, xlsx(rows), indicator="water_saving_irrigation")
    assert report["counts"] == {"created": 3}, report
    stored = {r["values"]["area_mu"]: r for r in records(client, reviewer)["items"]}
    assert stored[60]["geometry"]["type"] == "MultiPolygon" and stored[60]["computed_area_mu"] > 0
    # a plot record without photos also waits for its evidence (photo_missing)
    assert stored[15]["geometry"] is None
    assert stored[15]["flags"] == [{"code": "no_location"}, {"code": "photo_missing"}]
    assert stored[15]["values"]["technology"] == "drip" and stored[15]["values"]["completed_on"] == "2024-04-30"


@pytest.mark.parametrize(
    "plot",
    [
        "{" + "[" * 5000 + "]" * 5000 + "}",
        '{"type": "Polygon", "coordinates": ' + "[" * 3000 + "]" * 3000 + "}",
        "POLYGON((1 2, 3",
        "GEOMETRYCOLLECTION(POINT(1 2))",
        "POLYGON((116 24, 116 NaN, 117 24, 116 24))",
        "POINT(116.1 24.3)",
        '{"type": "Polygon"}',
        "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))",
    ],
)
def test_hostile_plots_are_row_errors(client, reviewer, plot):
    row = ["三角镇", "2024-05-06", "60", "drip", "2024/4/30", plot]
    report = upload(
        client, reviewer, csv_bytes([WATER_HEADER, row]), "w.csv", dry_run=True, indicator="water_saving_irrigation"
    )
    [result] = report["rows"]
    assert result["outcome"] == "invalid" and "地块范围（WKT 或 GeoJSON）" in result["errors"], result


def test_two_imports_of_one_file_racing_store_each_row_once(live_server, reviewer, sign_in):
    import threading

    import requests

    other = sign_in("city_admin", "441400")
    data = xlsx([FILM_HEADER, *film_rows(300)])
    answers = []

    def send(account):
        answers.append(
            requests.post(
                f"{live_server}/api/v1/imports",
                headers=account.headers,
                timeout=120,
                files={"file": ("ledger.xlsx", data)},
            ).json()
        )

    threads = [threading.Thread(target=send, args=(account,)) for account in (reviewer, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(a["counts"].get("created", 0) for a in answers) == [0, 300], answers
    assert all(a["counts"].get("replayed", 0) in (0, 300) for a in answers)
    listed = requests.get(f"{live_server}/api/v1/records?per_page=1", headers=other.headers).json()
    assert listed["total"] == 300


def test_the_command_line_imports_with_the_same_service(app, client, reviewer, tmp_path):
    ledger = tmp_path / "台账.xlsx"
    ledger.write_bytes(_three_bad_rows())
    runner = app.test_cli_runner()
    result = runner.invoke(args=["import", str(ledger), "--as", reviewer.username, "--dry-run"])
    assert result.exit_code == 1, result.output
    assert (
        "row 3: invalid: 观测日期" in result.output and "invalid 3, valid 3 (dry run, nothing stored)" in result.output
    )
    result = runner.invoke(args=["import", str(ledger), "--as", reviewer.username, "--skip-invalid", "--approve"])
    assert result.exit_code == 0, result.output
    assert "created 3, invalid 3 (stored)" in result.output
    stored = records(client, reviewer)["items"]
    assert len(stored) == 3 and {r["status"] for r in stored} == {"approved"}
    result = runner.invoke(args=["import", str(ledger), "--as", "nobody"])
    assert result.exit_code != 0 and "No active account nobody" in result.output
