#!/usr/bin/env bash
# Fault tests, too slow and disruptive for the test suite (issue 11, item 8):
#   (a) gunicorn workers killed with SIGKILL while batches are in flight, the client
#       retrying blindly: every record stored exactly once;
#   (b) PostgreSQL restarted in the middle of a stream of batches: nothing lost, nothing
#       doubled, every failed request a problem+json.
# Prints sent/stored/duplicates/lost and the failed answers of each phase.
#
#   bench/faults/run.sh [--batches 100] [--batch-size 50] [--senders 3] [--kills 10]
#
# It runs on a throwaway PostgreSQL cluster of its own (15/faults, port 5439), created and
# dropped here: the machine's main cluster, which other tests use, is never restarted.
set -euo pipefail
source "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/../../scripts/lib.sh"
cd "$PROJECT_ROOT"

CLUSTER_VERSION=15
CLUSTER=faults
PORT=${FAULTS_PG_PORT:-5439}

ensure_packages postgresql-15-postgis-3
ensure_venv

drop_cluster() {
    if pg_lsclusters -h | awk '{print $1, $2}' | grep -qx "$CLUSTER_VERSION $CLUSTER"; then
        log "dropping PostgreSQL cluster $CLUSTER_VERSION/$CLUSTER"
        as_root pg_dropcluster --stop "$CLUSTER_VERSION" "$CLUSTER" || warn "could not drop cluster $CLUSTER"
    fi
}
drop_cluster   # a run stopped half-way may have left it
trap drop_cluster EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "creating PostgreSQL cluster $CLUSTER_VERSION/$CLUSTER on port $PORT"
as_root pg_createcluster "$CLUSTER_VERSION" "$CLUSTER" -p "$PORT" --start >/dev/null
as_postgres psql -q -p "$PORT" -d postgres -v ON_ERROR_STOP=1 \
    -c "CREATE ROLE faults LOGIN PASSWORD 'faults'" -c "CREATE DATABASE faults OWNER faults"
as_postgres psql -q -p "$PORT" -d faults -v ON_ERROR_STOP=1 -c "CREATE EXTENSION postgis"

FAULTS_DATABASE_URL="postgresql+psycopg://faults:faults@127.0.0.1:$PORT/faults" \
FAULTS_PG_CLUSTER="$CLUSTER_VERSION $CLUSTER" \
    "$VENV/bin/python" bench/faults/run.py "$@"
