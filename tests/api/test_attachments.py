"""Photos of records through the HTTP API, on both databases and both storages."""

import datetime as dt
import hashlib
import io
import uuid

import pytest
from PIL import Image

from tests.factories import SANJIAO_POINT, SONGKOU, approve, create_record, record
from tests.images import TODAY, photo, png_bomb


@pytest.fixture(params=["db", "fs"])
def app_overrides(request, tmp_path):
    return {
        "ATTACHMENT_STORAGE": request.param,
        "ATTACHMENT_DIR": str(tmp_path / "photos"),
        "ATTACHMENT_MAX_BYTES": 300_000,
        "ATTACHMENT_MAX_COUNT": 3,
    }


def url(record_id, attachment_id=None, suffix=""):
    base = f"/api/v1/records/{record_id}/attachments"
    return base if attachment_id is None else f"{base}/{attachment_id}{suffix}"


def put(client, account, record_id, body, attachment_id=None, media_type="image/jpeg"):
    return client.put(
        url(record_id, attachment_id or str(uuid.uuid4())),
        data=body,
        headers={**account.headers, "Content-Type": media_type},
    )


def assert_problem(response, status, code=None):
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/problem+json"
    if code:
        assert response.get_json()["code"] == code


@pytest.fixture
def posted(client, officer):
    return create_record(client, officer, record())


def test_upload_read_thumbnail_and_replay(client, officer, posted):
    body = photo(taken=TODAY, lonlat=SANJIAO_POINT, seed=1)
    aid = str(uuid.uuid4())
    created = put(client, officer, posted["id"], body, aid)
    assert created.status_code == 201, created.get_json()
    meta = created.get_json()
    sha = hashlib.sha256(body).hexdigest()
    assert meta | {"url": None, "thumbnail_url": None} == meta | {
        "id": aid,
        "content_type": "image/jpeg",
        "bytes": len(body),
        "width": 64,
        "height": 48,
        "sha256": sha,
        "taken_at": "2025-06-30T10:00:00",
        "url": None,
        "thumbnail_url": None,
        "location": {"type": "Point", "coordinates": SANJIAO_POINT},
    }
    assert created.headers["ETag"] == f'"{sha}"'

    again = put(client, officer, posted["id"], body, aid)
    assert again.status_code == 200 and again.get_json()["id"] == aid

    original = client.get(url(posted["id"], aid), headers=officer.headers)
    assert original.status_code == 200 and original.data == body
    assert original.mimetype == "image/jpeg" and original.headers["ETag"] == f'"{sha}"'
    unchanged = client.get(url(posted["id"], aid), headers={**officer.headers, "If-None-Match": f'"{sha}"'})
    assert unchanged.status_code == 304 and unchanged.data == b""

    thumbnail = client.get(url(posted["id"], aid, "/thumbnail"), headers=officer.headers)
    assert thumbnail.status_code == 200 and thumbnail.mimetype == "image/jpeg"
    small = Image.open(io.BytesIO(thumbnail.data))
    assert small.format == "JPEG" and max(small.size) <= 320 and not small.getexif()

    listed = client.get(url(posted["id"]), headers=officer.headers).get_json()["items"]
    assert [a["id"] for a in listed] == [aid]
    shown = client.get(f"/api/v1/records/{posted['id']}", headers=officer.headers).get_json()
    assert [a["id"] for a in shown["attachments"]] == [aid]
    assert shown["attachments"][0]["url"].endswith(url(posted["id"], aid))


def test_other_bytes_under_the_same_id_conflict(client, officer, posted):
    aid = str(uuid.uuid4())
    assert put(client, officer, posted["id"], photo(seed=1), aid).status_code == 201
    assert_problem(put(client, officer, posted["id"], photo(seed=2), aid), 409, "conflict")
    other = create_record(client, officer, record())
    assert_problem(put(client, officer, other["id"], photo(seed=1), aid), 409, "conflict")


def test_two_records_share_one_blob_and_deleting_one_keeps_the_other(client, officer, posted, app):
    from backend.extensions import db

    other = create_record(client, officer, record())
    body = photo(seed=7)
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    assert put(client, officer, posted["id"], body, first).status_code == 201
    assert put(client, officer, other["id"], body, second).status_code == 201
    count = lambda: db.session.execute(db.text("SELECT count(*) FROM attachment_blobs")).scalar_one()  # noqa: E731
    assert count() == 1
    db.session.remove()
    assert client.delete(url(posted["id"], first), headers=officer.headers).status_code == 204
    assert count() == 1
    db.session.remove()
    assert client.get(url(other["id"], second), headers=officer.headers).data == body
    assert_problem(client.get(url(posted["id"], first), headers=officer.headers), 404, "not_found")
    assert client.delete(url(other["id"], second), headers=officer.headers).status_code == 204
    assert count() == 0
    db.session.remove()


TRUNCATED = photo(size=(400, 300), seed=3, noise=True)[:2000]
HTML = b"<!doctype html><html><body><script>alert(1)</script></body></html>"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


@pytest.mark.parametrize(
    "body, media_type, status",
    [
        (PDF, "image/jpeg", 422),  # a PDF's bytes claiming to be a JPEG
        (HTML, "image/jpeg", 422),  # an HTML page named .jpg
        (TRUNCATED, "image/jpeg", 422),  # a truncated JPEG
        (b"\xff\xd8\xff\xe0" + b"\x00" * 500, "image/jpeg", 422),  # a JPEG header and nothing
        (b"", "image/jpeg", 422),  # no bytes at all
        (photo("GIF", seed=4), "image/gif", 415),  # an image, but not a kind kept
        (photo(seed=5), "application/pdf", 415),  # a header that is no image type
        (photo(seed=5), "application/json", 415),
        ("\ud800".encode("utf-8", "surrogatepass") + b"\x00", "image/png", 422),
    ],
    ids=["pdf", "html", "truncated", "header-only", "empty", "gif", "pdf-header", "json-header", "surrogate"],
)
def test_not_a_photo_is_refused(client, officer, posted, body, media_type, status):
    assert_problem(put(client, officer, posted["id"], body, media_type=media_type), status)
    assert client.get(url(posted["id"]), headers=officer.headers).get_json()["items"] == []


def test_a_corrupt_photo_leaves_no_bytes_behind(client, officer, posted, app, tmp_path):
    """Its bytes are written while it is decoded: the refusal takes them back (row and file)."""
    from backend.extensions import db

    assert_problem(put(client, officer, posted["id"], TRUNCATED), 422, "validation_failed")
    assert db.session.execute(db.text("SELECT count(*) FROM attachment_blobs")).scalar_one() == 0
    db.session.remove()
    assert [path for path in (tmp_path / "photos").rglob("*") if path.is_file()] == []
    # the same bytes once more are refused the same way (nothing half-kept answers for them)
    assert_problem(put(client, officer, posted["id"], TRUNCATED), 422, "validation_failed")


def test_decompression_bomb_is_refused_without_decoding(client, officer, posted):
    bomb = png_bomb()
    assert len(bomb) < 300_000
    response = put(client, officer, posted["id"], bomb, media_type="image/png")
    assert_problem(response, 422, "validation_failed")
    assert "pixels" in response.get_json()["detail"]


def test_over_the_byte_limit_is_413(client, officer, posted):
    big = photo("PNG", size=(400, 400), seed=6, noise=True)
    assert len(big) > 300_000
    assert_problem(put(client, officer, posted["id"], big, media_type="image/png"), 413, "payload_too_large")
    # also without a Content-Length (chunked): counted while read
    response = client.put(
        url(posted["id"], str(uuid.uuid4())),
        input_stream=io.BytesIO(big),
        headers={**officer.headers, "Content-Type": "image/jpeg", "Transfer-Encoding": "chunked"},
        environ_overrides={"wsgi.input_terminated": True},
    )  # as gunicorn does
    assert_problem(response, 413)


def test_a_photo_above_the_json_limit_is_accepted(client, officer, posted, app):
    app.config["ATTACHMENT_MAX_BYTES"] = 4 * 1024 * 1024
    body = photo("PNG", size=(1000, 900), seed=8, noise=True)
    assert len(body) > app.config["MAX_CONTENT_LENGTH"]
    assert put(client, officer, posted["id"], body).status_code == 201


def test_one_photo_more_than_the_limit_is_refused(client, officer, posted):
    for seed in range(3):
        assert put(client, officer, posted["id"], photo(seed=seed)).status_code == 201
    response = put(client, officer, posted["id"], photo(seed=99))
    assert_problem(response, 422)
    assert response.get_json()["limit"] == 3


@pytest.mark.parametrize(
    "attachment_id, record_id, status",
    [
        ("not-a-uuid", None, 422),
        (str(uuid.uuid4()), 2**63, 404),
        (str(uuid.uuid4()), 999999, 404),
    ],
)
def test_bad_ids(client, officer, posted, attachment_id, record_id, status):
    response = client.put(
        url(record_id or posted["id"], attachment_id),
        data=photo(seed=1),
        headers={**officer.headers, "Content-Type": "image/jpeg"},
    )
    assert_problem(response, status)


def test_another_towns_officer_sees_nothing(client, officer, posted, sign_in):
    aid = str(uuid.uuid4())
    assert put(client, officer, posted["id"], photo(seed=1), aid).status_code == 201
    stranger = sign_in("town_officer", SONGKOU)
    for response in (
        client.get(url(posted["id"]), headers=stranger.headers),
        client.get(url(posted["id"], aid), headers=stranger.headers),
        client.get(url(posted["id"], aid, "/thumbnail"), headers=stranger.headers),
        put(client, stranger, posted["id"], photo(seed=2)),
        client.delete(url(posted["id"], aid), headers=stranger.headers),
    ):
        assert_problem(response, 404, "not_found")
    analyst = sign_in("analyst", "441400")
    assert client.get(url(posted["id"], aid), headers=analyst.headers).status_code == 200
    assert_problem(put(client, analyst, posted["id"], photo(seed=2)), 403)
    assert client.get(url(posted["id"])).status_code == 401


def test_delete_while_pending_not_after_approval(client, officer, reviewer, posted, sign_in):
    first, second = str(uuid.uuid4()), str(uuid.uuid4())
    assert put(client, officer, posted["id"], photo(seed=1), first).status_code == 201
    assert put(client, officer, posted["id"], photo(seed=2), second).status_code == 201
    colleague = sign_in("town_officer", officer.unit_code)
    assert_problem(client.delete(url(posted["id"], first), headers=colleague.headers), 403, "forbidden")
    assert client.delete(url(posted["id"], first), headers=officer.headers).status_code == 204
    approve(client, reviewer, posted["id"])
    assert_problem(client.delete(url(posted["id"], second), headers=officer.headers), 409, "conflict")
    assert_problem(client.delete(url(posted["id"], second), headers=reviewer.headers), 409, "conflict")
    assert_problem(put(client, officer, posted["id"], photo(seed=3)), 409)
    # a resend whose answer was lost before the approval is still answered 200
    assert put(client, officer, posted["id"], photo(seed=2), second).status_code == 200
    assert len(client.get(url(posted["id"]), headers=officer.headers).get_json()["items"]) == 1


def _flag(record_json, code):
    return next((f for f in record_json["flags"] if f["code"] == code), None)


def test_photo_far_and_photo_date(client, officer, posted):
    two_km_east = [SANJIAO_POINT[0] + 0.0197, SANJIAO_POINT[1]]  # ≈ 2 km at 24.3° N
    aid = str(uuid.uuid4())
    assert put(client, officer, posted["id"], photo(lonlat=two_km_east, seed=1), aid).status_code == 201
    shown = client.get(f"/api/v1/records/{posted['id']}", headers=officer.headers).get_json()
    far = _flag(shown, "photo_far")
    assert far and far["photos"][0]["id"] == aid and 1900 < far["photos"][0]["distance_m"] < 2100
    assert _flag(shown, "photo_date") is None

    late = TODAY + dt.timedelta(days=90)
    late_id = str(uuid.uuid4())
    assert (
        put(client, officer, posted["id"], photo(taken=late, lonlat=SANJIAO_POINT, seed=2), late_id).status_code == 201
    )
    listed = client.get("/api/v1/records", headers=officer.headers).get_json()["items"]
    date_flag = _flag(listed[0], "photo_date")
    assert date_flag["photos"] == [{"id": late_id, "taken_on": late.date().isoformat(), "days": 90}]

    # a correction that moves the observation day next to the photo clears the flag
    patched = client.patch(
        f"/api/v1/records/{posted['id']}", json={"observed_on": late.date().isoformat()}, headers=officer.headers
    )
    assert patched.status_code == 200, patched.get_json()
    assert _flag(patched.get_json(), "photo_date") is None
    assert _flag(patched.get_json(), "photo_far")  # still 2 km away

    assert client.delete(url(posted["id"], aid), headers=officer.headers).status_code == 204
    shown = client.get(f"/api/v1/records/{posted['id']}", headers=officer.headers).get_json()
    assert _flag(shown, "photo_far") is None


def test_photo_near_and_on_time_raises_no_flag(client, officer, posted):
    near = [SANJIAO_POINT[0] + 0.002, SANJIAO_POINT[1]]  # ≈ 200 m
    body = photo(taken=TODAY - dt.timedelta(days=20), lonlat=near, seed=1)
    assert put(client, officer, posted["id"], body).status_code == 201
    shown = client.get(f"/api/v1/records/{posted['id']}", headers=officer.headers).get_json()
    assert [f for f in shown["flags"] if f["code"].startswith("photo_")] == []


def test_photo_missing_until_a_photo_arrives(client, officer):
    plot = create_record(client, officer, record("water_saving_irrigation"))
    assert _flag(plot, "photo_missing") == {"code": "photo_missing"}
    batch = client.post(
        "/api/v1/records/batch",
        json={
            "records": [
                record(
                    "water_saving_irrigation",
                    location={"type": "Point", "coordinates": [116.13, 24.31]},
                    geometry={
                        "type": "Polygon",
                        "coordinates": [
                            [
                                [116.129, 24.309],
                                [116.131, 24.309],
                                [116.131, 24.311],
                                [116.129, 24.311],
                                [116.129, 24.309],
                            ]
                        ],
                    },
                )
            ]
        },
        headers=officer.headers,
    ).get_json()
    assert _flag(batch["results"][0]["record"], "photo_missing")
    assert _flag(create_record(client, officer, record()), "photo_missing") is None  # film: not required
    # in the plot, on the day it was completed
    body = photo(taken=dt.datetime(2025, 5, 1, 9), lonlat=SANJIAO_POINT, seed=1)
    aid = str(uuid.uuid4())
    assert put(client, officer, plot["id"], body, aid).status_code == 201
    shown = client.get(f"/api/v1/records/{plot['id']}", headers=officer.headers).get_json()
    assert [f for f in shown["flags"] if f["code"].startswith("photo_")] == []
    assert client.delete(url(plot["id"], aid), headers=officer.headers).status_code == 204
    shown = client.get(f"/api/v1/records/{plot['id']}", headers=officer.headers).get_json()
    assert _flag(shown, "photo_missing")


def test_a_page_of_records_loads_its_photos_in_one_query(client, officer, statements):
    for index in range(4):
        posted = create_record(client, officer, record())
        assert put(client, officer, posted["id"], photo(seed=index)).status_code == 201
    statements.clear()
    items = client.get("/api/v1/records?per_page=10", headers=officer.headers).get_json()["items"]
    assert all(len(item["attachments"]) == 1 for item in items) and len(items) == 4
    assert sum("FROM attachments" in s for s in statements) == 1


def test_webp_png_and_heic(client, officer, posted):
    for fmt, media in (("WEBP", "image/webp"), ("PNG", "image/png")):
        body = photo(fmt, seed=11, taken=TODAY, lonlat=SANJIAO_POINT)
        response = put(client, officer, posted["id"], body, media_type="image/octet-stream")
        assert response.status_code == 201 and response.get_json()["content_type"] == media
        assert response.get_json()["taken_at"] == "2025-06-30T10:00:00"  # EXIF of PNG and WebP too
        assert response.get_json()["location"]["coordinates"] == SANJIAO_POINT
    pillow_heif = pytest.importorskip("pillow_heif")
    heic = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (64, 48), (10, 200, 30))).save(heic, quality=60)
    response = put(client, officer, posted["id"], heic.getvalue(), media_type="image/heic")
    assert response.status_code == 201, response.get_json()
    assert response.get_json()["content_type"] == "image/heic"


def test_in_the_openapi_document(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    assert {"put", "get", "delete"} <= set(paths["/api/v1/records/{record_id}/attachments/{attachment_id}"])
    assert "get" in paths["/api/v1/records/{record_id}/attachments/{attachment_id}/thumbnail"]


@pytest.mark.parametrize("fmt", ["geojson", "csv"])
def test_exports_and_ogc_items_carry_the_photos(client, officer, fmt):
    with_photos = create_record(client, officer, record())
    without = create_record(client, officer, record())
    ids = [str(uuid.uuid4()), str(uuid.uuid4())]
    for seed, aid in enumerate(ids):
        assert put(client, officer, with_photos["id"], photo(seed=seed), aid).status_code == 201
    response = client.get(f"/api/v1/exports/records?format={fmt}&status=pending", headers=officer.headers)
    assert response.status_code == 200
    if fmt == "csv":
        import csv

        rows = {int(row["id"]): row for row in csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))}
        assert rows[with_photos["id"]]["photos"] == "2" and rows[without["id"]]["photos"] == "0"
        return
    features = {f["id"]: f["properties"] for f in response.get_json()["features"]}
    assert features[with_photos["id"]]["photos"] == 2 and features[without["id"]]["photos"] == 0
    assert sorted(u.rsplit("/", 1)[1] for u in features[with_photos["id"]]["photo_urls"]) == sorted(ids)
    assert features[without["id"]]["photo_urls"] == []
    # the URLs work with the reader's own credentials
    assert client.get(features[with_photos["id"]]["photo_urls"][0], headers=officer.headers).status_code == 200
    items = client.get("/ogc/collections/film_recovery/items?f=json&status=pending", headers=officer.headers).get_json()
    ogc = {f["id"]: f["properties"] for f in items["features"]}
    assert ogc[with_photos["id"]]["photos"] == 2 and len(ogc[with_photos["id"]]["photo_urls"]) == 2


def test_racing_uploads_store_once_and_keep_the_limit(live_server, officer, client):
    """Eight phones at once: the same id (one 201, the rest 200, one row) and more photos
    than the limit (exactly the limit stored), over real HTTP with concurrent requests."""
    import concurrent.futures

    import requests

    from backend.extensions import db

    posted = create_record(client, officer, record())
    headers = {**officer.headers, "Content-Type": "image/jpeg"}
    aid, body = str(uuid.uuid4()), photo(seed=42)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        same = list(
            pool.map(
                lambda _: (
                    requests.put(
                        f"{live_server}{url(posted['id'], aid)}", data=body, headers=headers, timeout=60
                    ).status_code
                ),
                range(8),
            )
        )
    assert sorted(same) == [200] * 7 + [201]
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        many = list(
            pool.map(
                lambda seed: (
                    requests.put(
                        f"{live_server}{url(posted['id'], str(uuid.uuid4()))}",
                        data=photo(seed=100 + seed),
                        headers=headers,
                        timeout=60,
                    ).status_code
                ),
                range(8),
            )
        )
    assert sorted(many) == [201, 201] + [422] * 6  # 3 allowed, one was there already
    db.session.rollback()
    assert db.session.execute(db.text("SELECT count(*) FROM attachments")).scalar_one() == 3
