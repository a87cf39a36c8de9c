"""Browser tests: Debian's Chromium driven by Playwright, against the live test server.

Screenshots go to artifacts/screenshots/ (kept by CI as test artefacts)."""

import os
import shutil
import struct
import zlib
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"
# the flags this machine needs: no sandbox as root, no background calls to a closed network
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def _blank_png():
    """A transparent 1×1 PNG: the tests' stand-in for a basemap tile."""

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 6, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(b"\x00\x00\x00\x00\x00"))
        + chunk(b"IEND", b"")
    )


BLANK_TILE = _blank_png()


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: scripts/test installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def screenshot(request):
    """screenshot(page, name): saves artifacts/screenshots/<db>-<test>-<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    database = os.environ.get("TEST_DATABASE", "spatialite")

    def take(page, name):
        path = SCREENSHOTS / f"{database}-{request.node.name}-{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
