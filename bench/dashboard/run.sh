#!/usr/bin/env bash
# Dashboard first-load benchmark (10,000 records of one county, headless Chromium, gunicorn).
#   bench/dashboard/run.sh [--records 10000] [--runs 5] [--workers 2] [--strict] [--keep]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
export SPATIALITE_LIBRARY_PATH=mod_spatialite
exec .venv/bin/python bench/dashboard/run.py "$@"
