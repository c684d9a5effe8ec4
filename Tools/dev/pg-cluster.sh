#!/usr/bin/env bash
# A PostgreSQL 15 cluster in a directory of its own, on loopback, for tests and `make run`.
#   pg-cluster.sh up    DIR PORT   start it (initdb first if DIR has none); idempotent
#   pg-cluster.sh fresh DIR PORT   stop it, delete DIR, and start a new one
#   pg-cluster.sh down  DIR        stop it, keeping the data
# Installs the Debian server package when the binaries are missing. PostgreSQL refuses to run as root,
# so as root the server runs as the unprivileged `postgres` user.
set -euo pipefail
cmd=${1:?usage: pg-cluster.sh up|fresh|down DIR [PORT]}
dir=${2:?data directory}
port=${3:-55432}
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

install_server() {
    [ -x "$PGBIN/initdb" ] && return 0
    if [ "$(id -u)" != 0 ]; then
        echo "PostgreSQL 15 is not installed ($PGBIN/initdb missing); install postgresql-15 as root" >&2
        exit 1
    fi
    echo "installing postgresql-15 from Debian packages" >&2
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 postgresql-client-15 >/dev/null
}

stop() {
    if [ -f "$dir/data/postmaster.pid" ]; then
        as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
    fi
}

start() {
    install_server
    if [ "$(id -u)" = 0 ]; then
        id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    fi
    mkdir -p "$dir/sock"
    [ "$(id -u)" != 0 ] || chown -R postgres:postgres "$dir"
    if [ ! -f "$dir/data/PG_VERSION" ]; then
        # C.UTF-8 so that pg_trgm makes trigrams of Chinese text (name search).
        as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -o "-p $port -k $dir/sock \
            -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off \
            -c full_page_writes=off" start >/dev/null
    fi
    "$PGBIN/pg_isready" -q -h 127.0.0.1 -p "$port" -t 10
}

case "$cmd" in
    up) start ;;
    fresh) stop; rm -rf "$dir"; start ;;
    down) stop ;;
    *) echo "unknown command $cmd" >&2; exit 64 ;;
esac
