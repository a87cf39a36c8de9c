#!/usr/bin/env bash
# Exports and OGC API benchmark on a throwaway PostGIS database with 100,000 records:
# API exports against ogr2ogr, worker memory during a GeoJSON export, OGC items pages
# against pygeoapi 0.24 (installed into bench/out/pygeoapi-venv on first run).
#
#   bench/exports/run.sh                     # BENCH_RECORDS=100000 BENCH_REPEAT=3
#   BENCH_RECORDS=20000 bench/exports/run.sh
set -euo pipefail

# shellcheck source=scripts/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../scripts/lib.sh"
cd "$PROJECT_ROOT"

ensure_packages python3-venv postgresql-15-postgis-3 gdal-bin
ensure_venv
ensure_postgres_running
exec .venv/bin/python bench/exports/bench.py "$@"
