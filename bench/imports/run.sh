#!/usr/bin/env bash
# Ledger import benchmark on a throwaway PostGIS database with gunicorn (2 workers):
# a 100,000-row XLSX through POST /imports against POST /records/batch with the same records.
#
#   bench/imports/run.sh [--rows 100000]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../scripts/lib.sh"
cd "$PROJECT_ROOT"
ensure_packages python3-venv postgresql-15-postgis-3
ensure_venv
ensure_postgres_running
exec .venv/bin/python bench/imports/run.py "$@"
