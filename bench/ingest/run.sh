#!/usr/bin/env bash
# Ingest benchmark on a throwaway PostGIS database with gunicorn (2 workers):
# POST /records/batch (with and without the rollup's maintenance) and single POST against
# raw psycopg inserts.
#
#   bench/ingest/run.sh [--records 20000] [--rounds 3] [--singles 300] [--senders 2]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../scripts/lib.sh"
cd "$PROJECT_ROOT"
ensure_packages python3-venv postgresql-15-postgis-3
ensure_venv
ensure_postgres_running
exec .venv/bin/python bench/ingest/run.py "$@"
