#!/usr/bin/env bash
# A PostgreSQL primary and its streaming replica on this machine, for the read-routing
# tests and bench/replica. Two throwaway clusters of PostgreSQL 15, made with PostgreSQL's
# own tools; the machine's main cluster (5432) is never touched.
#
#   scripts/replica.sh up      # rprimary on 5441 (wal_level=replica), rreplica on 5442
#                              # (pg_basebackup -R), a database meizhou_replica with PostGIS
#   scripts/replica.sh down    # stop and drop both clusters
#   scripts/replica.sh status
#
# Prints the two URLs for DATABASE_URL and DATABASE_REPLICA_URL. Role and password are
# those of the tests (meizhou_test); replication uses the role replicator over loopback.
set -euo pipefail

VERSION=15
PRIMARY=rprimary PRIMARY_PORT=${REPLICA_PRIMARY_PORT:-5441}
REPLICA=rreplica REPLICA_PORT=${REPLICA_PORT:-5442}
DB=meizhou_replica ROLE=meizhou_test
DATA=/var/lib/postgresql/$VERSION

as_postgres() { (cd / && runuser -u postgres -- "$@"); }
psql_on() { local port=$1; shift; as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$port" "$@"; }
exists() { pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION $1"; }

urls() {
    echo "DATABASE_URL=postgresql+psycopg://$ROLE:$ROLE@127.0.0.1:$PRIMARY_PORT/$DB"
    echo "DATABASE_REPLICA_URL=postgresql+psycopg://$ROLE:$ROLE@127.0.0.1:$REPLICA_PORT/$DB"
}

# both clusters up, the replica replaying the primary and the tests' role signing in on it:
# a pair left half made (a run stopped during `up`) is not reused
healthy() {
    exists $PRIMARY && exists $REPLICA || return 1
    pg_ctlcluster $VERSION $PRIMARY start >/dev/null 2>&1 || true
    pg_ctlcluster $VERSION $REPLICA start >/dev/null 2>&1 || true
    [[ $(psql_on "$REPLICA_PORT" -d postgres -tAc "SELECT pg_is_in_recovery()" 2>/dev/null) == t ]] &&
        PGPASSWORD=$ROLE psql -X -q -h 127.0.0.1 -p "$REPLICA_PORT" -U $ROLE -d $DB -tAc "SELECT 1" >/dev/null 2>&1
}

up() {
    if healthy; then
        urls
        return
    fi
    down >/dev/null 2>&1 || true
    pg_createcluster $VERSION $PRIMARY -p "$PRIMARY_PORT" -- --auth-local=trust --auth-host=scram-sha-256 >/dev/null
    cat >"/etc/postgresql/$VERSION/$PRIMARY/conf.d/replication.conf" <<CONF
listen_addresses = '127.0.0.1'
wal_level = replica
max_wal_senders = 5
hot_standby = on
fsync = off
synchronous_commit = off
full_page_writes = off
CONF
    echo "host replication replicator 127.0.0.1/32 scram-sha-256" >>"/etc/postgresql/$VERSION/$PRIMARY/pg_hba.conf"
    pg_ctlcluster $VERSION $PRIMARY start
    psql_on "$PRIMARY_PORT" -d postgres <<SQL
CREATE ROLE replicator REPLICATION LOGIN PASSWORD 'replicator';
CREATE ROLE $ROLE LOGIN PASSWORD '$ROLE';
CREATE DATABASE $DB OWNER $ROLE;
\c $DB
CREATE EXTENSION postgis;
SQL
    # the replica: a cluster of its own (configuration, port), its data a base backup
    pg_createcluster $VERSION $REPLICA -p "$REPLICA_PORT" >/dev/null
    cp "/etc/postgresql/$VERSION/$PRIMARY/conf.d/replication.conf" "/etc/postgresql/$VERSION/$REPLICA/conf.d/"
    find "${DATA:?}/$REPLICA" -mindepth 1 -delete
    as_postgres env PGPASSWORD=replicator pg_basebackup -h 127.0.0.1 -p "$PRIMARY_PORT" -U replicator \
        -D "$DATA/$REPLICA" -R -X stream -c fast
    pg_ctlcluster $VERSION $REPLICA start
    for _ in $(seq 50); do
        [[ $(psql_on "$REPLICA_PORT" -d postgres -tAc "SELECT pg_is_in_recovery()") == t ]] && break
        sleep 0.2
    done
    urls
}

down() {
    for cluster in $REPLICA $PRIMARY; do
        if exists $cluster; then pg_dropcluster --stop $VERSION $cluster; fi
    done
}

status() { pg_lsclusters | grep -E "^Ver|$PRIMARY|$REPLICA" || true; }

case ${1:-} in
    up) up ;;
    down) down ;;
    status) status ;;
    *) echo "usage: $0 up|down|status" >&2; exit 2 ;;
esac
