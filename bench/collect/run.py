"""Benchmark of /collect, the town officer's mobile form (issue #7): what a phone downloads
the first time it opens the app, and how soon it can use it on a slow-3G link.

Starts its own production server (gunicorn) on a throwaway SpatiaLite file (migrated and
seeded with `flask --app wsgi db upgrade` and `seed`), then drives Debian's Chromium with
Playwright as a 360×740 touch phone, throttled through CDP Network.emulateNetworkConditions
to DevTools' classic "Slow 3G" profile: 2,000 ms request latency, 400 kbit/s (50,000 B/s)
down and up. Every run uses a fresh browser context (empty HTTP cache, no service worker).

Reported, median of --runs:
  * first-load transfer of /collect: bytes on the wire (headers + compressed bodies, from
    CDP loadingFinished.encodedDataLength) of every request the page makes until it is
    ready; goal < 400 KB. Map tiles are not involved (no basemap is configured).
  * the service worker's offline copy fetched right after (the shell, the app files it
    already has come from the HTTP cache, Leaflet from /vendor/): bytes the server sends
    for those requests, measured with the same Accept-Encoding a browser sends.
  * time to interactive: navigation start → the first screen (sign-in) drawn and its
    handlers attached (the app stamps window.__mzReadyAt = performance.now()); goal < 5 s.
    Also first contentful paint.
  * signing in: the tap on 登录 → the indicator tiles shown, on the same slow link.
  * a second visit, same link: the shell and files come from the service worker.

    .venv/bin/python bench/collect/run.py [--runs 3] [--cpu-slowdown 1] [--json bench/out/collect.json]
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from bench.common import ROOT, create_account, flask, gunicorn

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SLOW_3G = {
    "offline": False,
    "latency": 2000,
    "downloadThroughput": 50_000,
    "uploadThroughput": 50_000,
    "connectionType": "cellular3g",
}
PHONE = {
    "viewport": {"width": 360, "height": 740},
    "is_mobile": True,
    "has_touch": True,
    "device_scale_factor": 2,
    "locale": "zh-CN",
}
BROWSER_ENCODINGS = "gzip, deflate, br, zstd"
GOAL_BYTES = 400 * 1024
GOAL_TTI_MS = 5000
USERNAME, PASSWORD = "bench_officer", "bench password 1"


class Wire:
    """Bytes per request of one page, from the DevTools protocol."""

    def __init__(self, cdp):
        self.urls, self.sizes, self.encodings, self.from_cache = {}, {}, {}, set()
        cdp.on("Network.requestWillBeSent", lambda e: self.urls.__setitem__(e["requestId"], e["request"]["url"]))
        cdp.on("Network.responseReceived", self._response)
        cdp.on("Network.loadingFinished", lambda e: self.sizes.__setitem__(e["requestId"], e["encodedDataLength"]))

    def _response(self, event):
        response = event["response"]
        headers = {k.lower(): v for k, v in response.get("headers", {}).items()}
        self.encodings[event["requestId"]] = headers.get("content-encoding", "-")
        if response.get("fromServiceWorker") or response.get("fromDiskCache"):
            self.from_cache.add(event["requestId"])

    def rows(self, base):
        out = []
        for rid, url in self.urls.items():
            if rid in self.sizes:
                out.append(
                    {
                        "url": url.replace(base, ""),
                        "bytes": int(self.sizes[rid]),
                        "encoding": self.encodings.get(rid, "-"),
                        "cached": rid in self.from_cache,
                    }
                )
        return out


def throttle(context, page, cpu_slowdown):
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": False})
    cdp.send("Network.emulateNetworkConditions", SLOW_3G)
    if cpu_slowdown > 1:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": cpu_slowdown})
    return cdp


def offline_copy_bytes(base, page):
    """What the service worker downloads for its cache beyond what the page had loaded."""
    precache = page.evaluate("""async () => {
        const text = await (await fetch('/collect/sw.js')).text();
        return JSON.parse(text.match(/var PRECACHE = (\\[.*?\\]);/s)[1]);
    }""")
    loaded = set(
        page.evaluate(
            "performance.getEntriesByType('resource').map(e => new URL(e.name).pathname + new URL(e.name).search)"
        )
        + ["/collect"]
    )
    total, rows = 0, []
    for url in precache:
        if "?v=" in url and url in loaded:
            continue  # from the HTTP cache: no transfer
        headers = {"Accept-Encoding": BROWSER_ENCODINGS}
        if url in loaded:  # revalidated against the copy in the HTTP cache: a 304
            headers["If-None-Match"] = requests.get(base + url, headers=headers).headers.get("ETag", "")
        response = requests.get(base + url, headers=headers, stream=True)
        body = response.raw.read(decode_content=False)
        head = sum(len(k) + len(v) + 4 for k, v in response.headers.items()) + 20
        rows.append(
            {
                "url": url,
                "bytes": len(body) + head,
                "status": response.status_code,
                "encoding": response.headers.get("Content-Encoding", "-"),
            }
        )
        total += len(body) + head
    return total, rows


def one_run(playwright, base, cpu_slowdown):
    browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
    try:
        context = browser.new_context(**PHONE)
        page = context.new_page()
        wire = Wire(throttle(context, page, cpu_slowdown))
        started = time.perf_counter()
        page.goto(f"{base}/collect", wait_until="commit", timeout=120_000)
        page.wait_for_selector("html[data-ready]", state="attached", timeout=120_000)
        tti = page.evaluate("window.__mzReadyAt")
        fcp = page.evaluate("(performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime || null")
        page.wait_for_load_state("load", timeout=120_000)
        first_rows = wire.rows(base)
        page.evaluate("navigator.serviceWorker.ready")
        offline_total, offline_rows = offline_copy_bytes(base, page)

        page.fill("#username", USERNAME)
        page.fill("#password", PASSWORD)
        clicked = time.perf_counter()
        page.click("form.signin button[type=submit]")
        page.wait_for_selector(".tile", timeout=120_000)
        sign_in_ms = (time.perf_counter() - clicked) * 1000

        again = context.new_page()
        throttle(context, again, cpu_slowdown)
        again.goto(f"{base}/collect", wait_until="commit", timeout=120_000)
        again.wait_for_selector("html[data-ready]", state="attached", timeout=120_000)
        repeat_ms = again.evaluate("window.__mzReadyAt")
        wall = (time.perf_counter() - started) * 1000
        return {
            "tti_ms": tti,
            "fcp_ms": fcp,
            "first_load_bytes": sum(r["bytes"] for r in first_rows),
            "first_load": first_rows,
            "offline_copy_bytes": offline_total,
            "offline_copy": offline_rows,
            "sign_in_ms": sign_in_ms,
            "repeat_visit_tti_ms": repeat_ms,
            "wall_ms": wall,
        }
    finally:
        browser.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--cpu-slowdown", type=float, default=1, help="CDP CPU throttling rate (Lighthouse's mobile profile uses 4)"
    )
    parser.add_argument("--json", default=str(ROOT / "bench" / "out" / "collect.json"))
    args = parser.parse_args()

    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="bench-collect-") as tmp:
        url = f"sqlite:///{tmp}/bench.sqlite"
        flask("db", "upgrade", url=url)
        flask("seed", url=url)
        create_account(url, USERNAME, "town_officer", "441402102", password=PASSWORD)
        with gunicorn(url) as (base, _process), sync_playwright() as playwright:
            runs = [one_run(playwright, base, args.cpu_slowdown) for _ in range(args.runs)]

    median = lambda key: statistics.median(r[key] for r in runs)  # noqa: E731
    result = {
        "profile": {
            "network": SLOW_3G,
            "cpu_slowdown": args.cpu_slowdown,
            "viewport": PHONE["viewport"],
            "runs": args.runs,
        },
        "first_load_kb": round(median("first_load_bytes") / 1024, 1),  # what the first screen needs
        "offline_copy_kb": round(median("offline_copy_bytes") / 1024, 1),
        "first_visit_total_kb": round(
            statistics.median(r["first_load_bytes"] + r["offline_copy_bytes"] for r in runs) / 1024, 1
        ),
        "tti_ms": round(median("tti_ms")),
        "fcp_ms": round(median("fcp_ms") or 0),
        "sign_in_ms": round(median("sign_in_ms")),
        "repeat_visit_tti_ms": round(median("repeat_visit_tti_ms")),
        "goals": {"first_load_kb_under": GOAL_BYTES / 1024, "tti_ms_under": GOAL_TTI_MS},
        "runs": runs,
    }
    result["met"] = {"first_load": median("first_load_bytes") < GOAL_BYTES, "tti": result["tti_ms"] < GOAL_TTI_MS}
    Path(args.json).parent.mkdir(parents=True, exist_ok=True)
    Path(args.json).write_text(json.dumps(result, indent=2, ensure_ascii=False))

    print(f"/collect on Slow 3G (2000 ms, 400 kbit/s), CPU ×{args.cpu_slowdown:g}, median of {args.runs} runs")
    print(f"  first load, on the wire      {result['first_load_kb']:8.1f} KB   (goal < 400 KB)")
    for row in runs[0]["first_load"]:
        print(f"      {row['bytes'] / 1024:7.1f} KB  {row['encoding']:5}  {row['url']}")
    print(f"  + offline copy (service worker) {result['offline_copy_kb']:5.1f} KB   (after the page is usable)")
    for row in runs[0]["offline_copy"]:
        print(f"      {row['bytes'] / 1024:7.1f} KB  {row['encoding']:5}  {row['url']}  ({row['status']})")
    print(f"  first visit in all           {result['first_visit_total_kb']:8.1f} KB")
    print(f"  first contentful paint       {result['fcp_ms']:8d} ms")
    print(f"  time to interactive          {result['tti_ms']:8d} ms   (goal < 5000 ms)")
    print(f"  sign-in → forms shown        {result['sign_in_ms']:8d} ms")
    print(f"  second visit (service worker){result['repeat_visit_tti_ms']:8d} ms")
    print(f"  goals met: first load {result['met']['first_load']}, TTI {result['met']['tti']}  → {args.json}")
    return 0 if all(result["met"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
