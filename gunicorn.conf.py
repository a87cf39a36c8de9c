"""Settings of the production server, read by `gunicorn --config gunicorn.conf.py wsgi:app`
(scripts/run and the benchmarks). Command-line options override them."""

import gc
import os

bind = os.environ.get("BIND", "127.0.0.1:5000")
workers = int(os.environ.get("WORKERS", "2"))
# threaded workers: a long export streaming to a slow phone or desktop does not hold a
# whole worker, and is not killed by the worker timeout
worker_class = "gthread"
threads = int(os.environ.get("THREADS", "4"))


def post_worker_init(worker):
    """Runs once the worker has built the app.

    The app, its libraries and the county boundaries live as long as the worker; frozen,
    they are left out of every garbage collection. Otherwise each full collection scans them
    all again, which took a fifth of a batch ingest's time."""
    gc.freeze()
