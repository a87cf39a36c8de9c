# shellcheck shell=bash
# Shared helpers for scripts/run and scripts/test.  Source it, don't execute it:
#   source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
#
# Provides: PROJECT_ROOT, VENV, log/die, as_root, ensure_packages,
#           ensure_venv, ensure_postgres_running, pg_admin_psql.

# --- project root (works from any cwd, follows symlinks to this file) --------
PROJECT_ROOT="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd -P)"
VENV="$PROJECT_ROOT/.venv"
# Debian's interpreter: the pyenv python on PATH cannot load sqlite extensions.
SYSTEM_PYTHON=/usr/bin/python3
export PROJECT_ROOT VENV

# GeoAlchemy2 loads SpatiaLite through this.
export SPATIALITE_LIBRARY_PATH=mod_spatialite
# Never prompt (CI has no stdin).
export PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1

log() { printf '==> %s\n' "$*" >&2; }
warn() { printf '==> WARNING: %s\n' "$*" >&2; }
die() { printf '==> ERROR: %s\n' "$*" >&2; exit 1; }

# Run a command as root (directly if we already are root, else via sudo).
as_root() {
    if [[ $EUID -eq 0 ]]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        die "need root for: $* (not root and sudo is not installed)"
    fi
}

# Run a command as the postgres OS user (peer auth over the local socket).
as_postgres() {
    if [[ $EUID -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        sudo -u postgres -- "$@"
    fi
}

# Run a command quietly; show its output only if it fails.
_quiet() {
    local out rc=0
    out="$(mktemp)"
    "$@" >"$out" 2>&1 || rc=$?
    if [[ $rc -ne 0 ]]; then
        cat "$out" >&2
        rm -f "$out"
        return "$rc"
    fi
    rm -f "$out"
}

_APT_UPDATED=0

# ensure_packages PKG... : apt-get install only the packages not yet installed.
ensure_packages() {
    local pkg missing=()
    for pkg in "$@"; do
        dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
    done
    [[ ${#missing[@]} -eq 0 ]] && return 0

    local apt_opts=(-o DPkg::Lock::Timeout=600 -o Dpkg::Use-Pty=0)
    if [[ $_APT_UPDATED -eq 0 ]]; then
        log "apt-get update"
        _quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" update \
            || die "apt-get update failed"
        _APT_UPDATED=1
    fi
    log "installing system packages: ${missing[*]}"
    _quiet as_root env DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" \
        install -y --no-install-recommends "${missing[@]}" \
        || die "apt-get install failed: ${missing[*]}"
}

# Print "<base_prefix> <version>" of a python interpreter (empty on failure).
_python_identity() {
    "$1" -c 'import sys; print(sys.base_prefix, sys.version.split()[0])' 2>/dev/null || true
}

# ensure_venv [LOCK]: .venv built by /usr/bin/python3, with every package of LOCK installed
# exactly as locked (hashes checked). LOCK is requirements.lock (run; the default) or
# requirements-dev.lock (tests, linters, benchmarks); both are compiled by scripts/lock.
ensure_venv() {
    local lock="$PROJECT_ROOT/${1:-requirements.lock}"
    if [[ ! -x $SYSTEM_PYTHON ]]; then
        ensure_packages python3 python3-venv
    fi
    if ! "$SYSTEM_PYTHON" -m venv --help >/dev/null 2>&1 \
        || ! "$SYSTEM_PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
        ensure_packages python3-venv
    fi
    [[ -f $lock ]] || die "missing $lock (scripts/lock compiles it)"

    # Serialise concurrent runs (two scripts creating the same venv at once).
    local lock_fd lock_file
    lock_file="${TMPDIR:-/tmp}/meizhou-venv-$(printf '%s' "$PROJECT_ROOT" | sha256sum | cut -c1-16).lock"
    if command -v flock >/dev/null 2>&1 && exec {lock_fd}>>"$lock_file"; then
        flock "$lock_fd"
    fi

    local want have
    want="$(_python_identity "$SYSTEM_PYTHON")"
    [[ -n $want ]] || die "$SYSTEM_PYTHON does not run"
    if [[ -e $VENV ]]; then
        have="$(_python_identity "$VENV/bin/python")"
        if [[ $have != "$want" ]]; then
            log "existing .venv was built by another python (${have:-broken}); recreating"
            rm -rf "$VENV"
        fi
    fi
    if [[ ! -x $VENV/bin/python ]]; then
        log "creating .venv with $SYSTEM_PYTHON ($want)"
        _quiet "$SYSTEM_PYTHON" -m venv "$VENV" || die "venv creation failed"
        _quiet "$VENV/bin/python" -m pip install -q --upgrade pip \
            || warn "pip self-upgrade failed; continuing with the bundled pip"
    fi

    # one stamp per lock: the dev lock is a superset, and a venv may serve both scripts
    local name stamp hash
    name="$(basename "$lock")"
    stamp="$VENV/.$name.sha256"
    hash="$(sha256sum "$lock" | cut -d' ' -f1)"
    if [[ ! -f $stamp || "$(cat "$stamp")" != "$hash" ]]; then
        log "installing Python packages ($name changed)"
        # the lock carries hashes, so pip checks every file (--require-hashes is implied)
        "$VENV/bin/python" -m pip install -q --no-deps -r "$lock" \
            || die "pip install -r $name failed"
        printf '%s\n' "$hash" >"$stamp"
    else
        log "Python packages up to date ($name)"
    fi

    if [[ -n ${lock_fd:-} ]]; then
        exec {lock_fd}>&-
    fi
}

PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432

# ensure_postgres_running: cluster 15/main exists and accepts TCP connections
# on 127.0.0.1.  Sets PG_PORT from the cluster's configuration.
ensure_postgres_running() {
    command -v pg_lsclusters >/dev/null 2>&1 || ensure_packages "postgresql-$PG_VERSION"
    local info status
    info="$(pg_lsclusters -h "$PG_VERSION" "$PG_CLUSTER" 2>/dev/null || true)"
    if [[ -z $info ]]; then
        log "creating PostgreSQL cluster $PG_VERSION/$PG_CLUSTER"
        _quiet as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --start \
            || die "pg_createcluster failed"
        info="$(pg_lsclusters -h "$PG_VERSION" "$PG_CLUSTER")"
    fi
    PG_PORT="$(awk '{print $3}' <<<"$info")"
    PG_PORT="${PG_PORT:-5432}"
    status="$(awk '{print $4}' <<<"$info")"
    if [[ $status != online* ]]; then
        log "starting PostgreSQL cluster $PG_VERSION/$PG_CLUSTER"
        _quiet as_root pg_ctlcluster --skip-systemctl-redirect "$PG_VERSION" "$PG_CLUSTER" start \
            || die "could not start PostgreSQL (see /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log)"
    fi
    local i
    for ((i = 0; i < 60; i++)); do
        if pg_isready -q -h 127.0.0.1 -p "$PG_PORT"; then
            log "PostgreSQL $PG_VERSION/$PG_CLUSTER is up on 127.0.0.1:$PG_PORT"
            export PG_PORT
            return 0
        fi
        sleep 1
    done
    die "PostgreSQL is not accepting connections on 127.0.0.1:$PG_PORT"
}

# pg_admin_psql [psql args...]: psql as the postgres superuser over the local
# socket (works whatever pg_hba.conf demands on 127.0.0.1).
pg_admin_psql() {
    (cd / && as_postgres psql -X -q -v ON_ERROR_STOP=1 -p "$PG_PORT" "$@")
}

# ensure_frontend: the web pages' libraries from the npm registry, exactly as locked in
# frontend/package-lock.json (npm ci, only when the lock file changed), then the pages' script
# bundles (frontend/build.mjs: esbuild, a few hundred milliseconds, every time).
ensure_frontend() {
    command -v npm >/dev/null 2>&1 || ensure_packages nodejs npm
    local stamp="$PROJECT_ROOT/frontend/node_modules/.lock.sha256"
    local want
    want="$(sha256sum "$PROJECT_ROOT/frontend/package-lock.json" | cut -d' ' -f1)"
    if [[ ! -f $stamp || "$(cat "$stamp")" != "$want" ]]; then
        log "installing front-end libraries (npm ci)"
        # no install scripts: esbuild's binary comes as its optional platform package
        (cd "$PROJECT_ROOT/frontend" && _quiet npm ci --ignore-scripts --no-audit --no-fund) \
            || die "npm ci failed"
        printf '%s\n' "$want" >"$stamp"
    fi
    node "$PROJECT_ROOT/frontend/build.mjs" || die "building the front-end bundles failed (frontend/build.mjs)"
}
