#!/usr/bin/env bash
# Summaries benchmark: API vs hand-written SQL on a fresh PostGIS database and SpatiaLite file.
#   bench/summaries/run.sh [-n RECORDS] [--db postgis|spatialite|both] [--runs 9] [--year 2024]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
export SPATIALITE_LIBRARY_PATH=mod_spatialite
exec .venv/bin/python bench/summaries/run.py "$@"
