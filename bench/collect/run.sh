#!/usr/bin/env bash
# /collect benchmark: first-load transfer and time to interactive on Slow 3G (see run.py).
#   bench/collect/run.sh [--runs 3] [--cpu-slowdown 4]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
export SPATIALITE_LIBRARY_PATH=mod_spatialite
exec .venv/bin/python bench/collect/run.py "$@"
