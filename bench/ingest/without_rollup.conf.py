"""Bench only: the production server's settings (gunicorn.conf.py) with the summary rollup's
maintenance on insert turned off, so that bench/ingest can measure what the rollup costs a
batch ingest, in the same run, without a switch in the product.

    gunicorn --config bench/ingest/without_rollup.conf.py … wsgi:app

Summaries read from a database served this way are wrong: use it on a throwaway one only."""

import runpy
from pathlib import Path

_product = runpy.run_path(str(Path(__file__).resolve().parents[2] / "gunicorn.conf.py"))
globals().update({name: value for name, value in _product.items() if not name.startswith("_")})


def post_worker_init(worker):
    # records.ingest calls rollup.add through the module: replacing the attribute reaches it
    from backend.services import rollup

    rollup.add = lambda rows: None
    _product["post_worker_init"](worker)
