#!/usr/bin/env bash
# Scale benchmark on PostGIS: rollup summaries, deep pages (offset vs cursor), export job.
#   bench/scale/run.sh [-n 10000000] [--runs 7] [--year 2024] [--keep DB | --reuse DB] [--no-export]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
export SPATIALITE_LIBRARY_PATH=mod_spatialite
exec .venv/bin/python bench/scale/run.py "$@"
