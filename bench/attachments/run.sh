#!/usr/bin/env bash
# Photo upload benchmark on a throwaway PostGIS database with gunicorn (2 workers):
# PUT …/attachments MB/s against psycopg writes of the same bytes, worker memory, thumbnails.
#
#   bench/attachments/run.sh [--photos 200] [--senders 4] [--rounds 2]
set -euo pipefail
# shellcheck source=scripts/lib.sh
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../scripts/lib.sh"
cd "$PROJECT_ROOT"
ensure_packages python3-venv postgresql-15-postgis-3
ensure_venv
ensure_postgres_running
exec .venv/bin/python bench/attachments/run.py "$@"
