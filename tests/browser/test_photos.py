"""Photos on /collect and in the dashboard's review queue, in headless Chromium."""

import datetime as dt

from playwright.sync_api import expect

from backend.extensions import db
from backend.models import Attachment
from tests.browser.test_collect import fill_film, locate, phone, save, server_records, sign_in_on, waiting  # noqa: F401
from tests.browser.test_dashboard import pages  # noqa: F401
from tests.images import photo

TAKEN = dt.datetime(2025, 6, 29, 16, 30)
AT_SANJIAO = (116.1177, 24.2991)


def sent_photos(page):
    return page.locator(".photos li[data-state=sent]")


def test_two_photos_taken_offline_arrive_once_after_a_reload(phone, officer, screenshot):
    one = phone()
    page = one.open()
    sign_in_on(page, officer.username)
    assert page.evaluate("navigator.serviceWorker.ready.then(r => !!r.active)")
    one.context.set_offline(True)
    fill_film(page, 120.5, 110.2)
    locate(page)
    # one small photo and one larger than PHOTO_MAX_SIDE_PX (2048): downscaled on the phone
    small = photo(size=(800, 600), taken=TAKEN, lonlat=AT_SANJIAO, seed=1)
    large = photo(size=(3000, 2000), taken=TAKEN, lonlat=AT_SANJIAO, seed=2, noise=True)
    page.set_input_files(
        "input.photo-input",
        files=[
            {"name": "a.jpg", "mimeType": "image/jpeg", "buffer": small},
            {"name": "b.jpg", "mimeType": "image/jpeg", "buffer": large},
        ],
    )
    expect(page.locator(".record-form .photos li")).to_have_count(2)
    screenshot(page, "form-photos")
    save(page)
    expect(waiting(page).locator(".photos li[data-state=waiting]")).to_have_count(2)

    page.reload()  # offline: the service worker serves the shell, IndexedDB keeps the photos
    page.wait_for_selector("html[data-ready]")
    page.goto(page.url.split("#")[0] + "#queue")
    expect(waiting(page).locator(".photos li[data-state=waiting]")).to_have_count(2)
    screenshot(page, "queued-photos")
    assert server_records() == []

    sent = []
    page.on("request", lambda r: sent.append((r.method, r.url)) if "/api/v1/records" in r.url else None)
    one.context.set_offline(False)  # the 'online' event sends by itself
    expect(sent_photos(page)).to_have_count(2, timeout=30_000)
    screenshot(page, "photos-sent")
    [stored] = server_records()
    photos = db.session.execute(db.select(Attachment).where(Attachment.record_id == stored.id)).scalars().all()
    assert len(photos) == 2
    assert sorted(max(p.width, p.height) for p in photos) == [800, 2048]
    # the EXIF time and place survived the downscaling on the phone
    assert all(p.taken_at == TAKEN and abs(p.lon - AT_SANJIAO[0]) < 1e-5 for p in photos)
    assert [f for f in stored.flags if f["code"].startswith("photo_")] == []
    puts = [url for method, url in sent if method == "PUT"]
    assert len(puts) == 2 and len(set(puts)) == 2

    # a forced second sync sends nothing at all
    sent.clear()
    page.get_by_role("button", name="立即发送").click()
    page.wait_for_timeout(1000)
    assert [s for s in sent if s[0] in ("PUT", "POST")] == []
    assert len(db.session.execute(db.select(Attachment)).scalars().all()) == 2


def test_reviewer_sees_the_evidence_and_approves(pages, client, officer, reviewer, screenshot):
    import uuid

    from tests.factories import approve as _approve  # noqa: F401
    from tests.factories import create_record, record

    film = create_record(client, officer, record())
    plot = create_record(client, officer, record("water_saving_irrigation"))
    ids = []
    for seed in (1, 2):
        aid = str(uuid.uuid4())
        body = photo(size=(1200, 900), taken=TAKEN, lonlat=(AT_SANJIAO[0] + 0.03, AT_SANJIAO[1]), seed=seed)
        response = client.put(
            f"/api/v1/records/{film['id']}/attachments/{aid}",
            data=body,
            headers={**officer.headers, "Content-Type": "image/jpeg"},
        )
        assert response.status_code == 201
        ids.append(aid)

    view = pages().sign_in(reviewer.username).wait_ready()
    page = view.page
    item = page.locator(f'.queue-item[data-record="{film["id"]}"]')
    thumbs = item.locator(".evidence img.photo-thumb")
    expect(thumbs).to_have_count(2)
    item.scroll_into_view_if_needed()
    page.wait_for_function(
        'id => [...document.querySelectorAll(`.queue-item[data-record="${id}"] img`)]'
        ".every(img => img.complete && img.naturalWidth > 0)",
        arg=film["id"],
    )
    expect(item).to_contain_text("照片位置偏远")  # 3 km from the record
    expect(page.locator(f'.queue-item[data-record="{plot["id"]}"]')).to_contain_text("缺少照片")
    screenshot(page, "queue-evidence")

    # a photo opens full size
    with view.context.expect_page() as opened:
        item.locator(".evidence a").first.click()
    full = opened.value
    full.wait_for_load_state()
    assert full.evaluate("document.images[0].naturalWidth") == 1200
    full.close()

    item.get_by_role("button", name=f"通过记录 #{film['id']}").click()
    expect(item).to_have_count(0)
    db.session.rollback()
    assert [r.status for r in server_records() if r.id == film["id"]] == ["approved"]
