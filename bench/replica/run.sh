#!/usr/bin/env bash
# Read throughput with reads on a streaming replica vs the primary alone (scripts/replica.sh).
#   bench/replica/run.sh [-n 200000] [--seconds 10] [--clients 8] [--rounds 3]
set -euo pipefail
cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../.."
export SPATIALITE_LIBRARY_PATH=mod_spatialite
exec .venv/bin/python bench/replica/run.py "$@"
