"""Timing and memory helpers: downloads, page loops, a /proc RSS sampler."""

import contextlib
import statistics
import threading
import time
from pathlib import Path

import requests


def rss_kib(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


class RssSampler:
    """Peak resident memory of some processes, sampled every few milliseconds."""

    def __init__(self, pids, interval=0.005):
        self.pids, self.interval = list(pids), interval
        self.baseline = {pid: rss_kib(pid) for pid in self.pids}
        self.peak = dict(self.baseline)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self):
        while not self._stop.is_set():
            for pid in self.pids:
                with contextlib.suppress(OSError):  # the worker may have exited
                    self.peak[pid] = max(self.peak[pid], rss_kib(pid))
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def growth_mib(self):
        """The largest growth of any one process over its baseline."""
        return max(self.peak[pid] - self.baseline[pid] for pid in self.pids) / 1024


def download(url, path, headers=None, timeout=900):
    """Seconds to receive the whole body, written to path; (seconds, bytes)."""
    start = time.perf_counter()
    size = 0
    with requests.get(url, headers=headers, stream=True, timeout=timeout) as response:
        response.raise_for_status()
        with open(path, "wb") as out:
            for block in response.iter_content(1 << 20):
                out.write(block)
                size += len(block)
    return time.perf_counter() - start, size


def fetch_pages(urls, headers=None, threads=1):
    """Fetch every URL (split over `threads` clients); (seconds, [bodies])."""
    bodies = [None] * len(urls)

    def client(indices):
        session = requests.Session()
        for index in indices:
            response = session.get(urls[index], headers=headers, timeout=300)
            response.raise_for_status()
            bodies[index] = response.content

    workers = [threading.Thread(target=client, args=(range(i, len(urls), threads),)) for i in range(threads)]
    start = time.perf_counter()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return time.perf_counter() - start, bodies


def median(values):
    return statistics.median(values)
