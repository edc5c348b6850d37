#!/usr/bin/env bash
# A private PostgreSQL server for the test suite, independent of the system
# service (no systemd, no /etc/postgresql cluster, no /var/lib/postgresql).
#
# Usage: .ci/postgresql.sh start|stop|status|env
#
#   start   initialise var/postgresql/data if needed, start the server in the
#           background, wait until it answers, create the database and user.
#           Does not start a second server if one is already answering.
#   stop    shut the server down cleanly; no error if it is not running.
#   status  print whether the server answers; exit 0 if it does, 3 if not.
#   env     print (one line of JSON) the value for WORKBENCH_DATABASES.
#
# Everything lives under <repo>/var/postgresql/: data/, the unix socket,
# postgresql.log. The server listens on 127.0.0.1, port
# $MENTORING_POSTGRESQL_PORT (default 5433), and on the unix socket.
# Database "mentoring", user "mentoring" with password "mentoring".
#
# PostgreSQL refuses to run as root. As root the server runs as the
# "postgres" system user (created by Debian's postgresql package), which then
# owns var/postgresql; when that user cannot reach the checkout (a checkout
# under /root, say), the server lives in /tmp/mentoring-postgresql-<hash>
# instead, and var/postgresql/location names it.
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(dirname "$script_dir")"
home="$repo_root/var/postgresql"
lockfile="$repo_root/var/postgresql.lock"

port="${MENTORING_POSTGRESQL_PORT:-5433}"
db_name=mentoring
db_user=mentoring
db_password=mentoring
start_timeout=60

log() { echo "postgresql.sh: $*"; }
die() { echo "postgresql.sh: error: $*" >&2; exit 1; }

case "$port" in
    ''|*[!0-9]*) die "MENTORING_POSTGRESQL_PORT must be a number, got '$port'" ;;
esac

usage() {
    sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
}

# Debian installs the server programs outside PATH, one folder per major version.
bindir=""
for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V); do
    bindir="$dir"
done

require_server() {
    [ -n "$bindir" ] && [ -x "$bindir/pg_ctl" ] \
        || die "PostgreSQL server programs not found; run '.ci/system-deps.sh postgresql' first"
}

server_user=""
if [ "$(id -u)" -eq 0 ]; then
    server_user=postgres
fi

# Run a command as the user that owns the server (from /, which that user can always enter).
as_server() {
    if [ -n "$server_user" ]; then
        (cd / && runuser -u "$server_user" -- "$@")
    else
        "$@"
    fi
}

lock() {
    mkdir -p "$repo_root/var"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$lockfile"
        flock -w 120 9 || die "could not lock $lockfile"
    fi
}

# Where the server's files live: var/postgresql, or the place var/postgresql/location names.
base_dir() {
    if [ -s "$home/location" ]; then
        cat "$home/location"
    else
        echo "$home"
    fi
}

choose_base() {
    mkdir -p "$home"
    if [ -s "$home/location" ]; then
        return 0
    fi
    if [ -z "$server_user" ]; then
        return 0
    fi
    id "$server_user" >/dev/null 2>&1 \
        || die "user '$server_user' not found; run '.ci/system-deps.sh postgresql' first"
    chown "$server_user" "$home"
    if ! runuser -u "$server_user" -- test -w "$home"; then
        local hash
        hash="$(printf '%s' "$repo_root" | sha256sum | cut -c1-12)"
        local elsewhere="${TMPDIR:-/tmp}/mentoring-postgresql-$hash"
        mkdir -p "$elsewhere"
        chown "$server_user" "$elsewhere"
        chmod 700 "$elsewhere"
        echo "$elsewhere" >"$home/location"
        log "'$server_user' cannot reach $home; using $elsewhere"
    fi
}

datadir() { echo "$(base_dir)/data"; }
socketdir() { base_dir; }
logfile() { echo "$(base_dir)/postgresql.log"; }

is_alive() {
    [ -n "$bindir" ] || return 1
    "$bindir/pg_isready" -q -h "$(socketdir)" -p "$port" >/dev/null 2>&1
}

psql_admin() {
    as_server "$bindir/psql" -X -q -v ON_ERROR_STOP=1 -h "$(socketdir)" -p "$port" -U postgres -d postgres "$@"
}

init_datadir() {
    local data
    data="$(datadir)"
    if [ -f "$data/PG_VERSION" ]; then
        return 0
    fi
    log "initialising data directory $data"
    local pwfile
    pwfile="$(base_dir)/.pwfile"
    echo "postgres" >"$pwfile"
    [ -z "$server_user" ] || chown "$server_user" "$pwfile"
    if ! as_server "$bindir/initdb" -D "$data" -U postgres --pwfile="$pwfile" \
            --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 \
            >"$(base_dir)/initdb.log" 2>&1; then
        cat "$(base_dir)/initdb.log" >&2
        rm -rf "$data" "$pwfile"
        die "initdb failed"
    fi
    rm -f "$pwfile"
}

setup_sql() {
    cat <<SQL
DO \$\$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$db_user') THEN
        CREATE ROLE $db_user LOGIN PASSWORD '$db_password';
    END IF;
END
\$\$;
-- Django's test runner creates and drops test_$db_name.
ALTER ROLE $db_user LOGIN CREATEDB PASSWORD '$db_password';
SQL
}

create_database() {
    psql_admin <<<"$(setup_sql)" || die "could not create the user"
    if ! psql_admin -tA -c "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
        psql_admin -c "CREATE DATABASE $db_name OWNER $db_user ENCODING 'UTF8'" || die "could not create the database"
    fi
}

cmd_start() {
    require_server
    lock
    choose_base
    local socket
    socket="$(socketdir)/.s.PGSQL.$port"
    if [ "${#socket}" -gt 100 ]; then
        die "socket path too long (${#socket} bytes): $socket; move the checkout to a shorter path"
    fi
    if is_alive; then
        log "already running (socket dir $(socketdir), port $port)"
        create_database
        return 0
    fi
    init_datadir
    log "starting PostgreSQL on 127.0.0.1:$port (socket dir $(socketdir))"
    # Test data only: durability is traded for speed (no fsync).
    # 9>&-: the server must not inherit (and keep holding) the lock.
    if ! as_server "$bindir/pg_ctl" -D "$(datadir)" -l "$(logfile)" -w -t "$start_timeout" start \
            -o "-p $port -k $(socketdir) -c listen_addresses=127.0.0.1 -c max_connections=200 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            </dev/null >/dev/null 9>&-; then
        tail -n 40 "$(logfile)" >&2 || true
        die "PostgreSQL did not start"
    fi
    create_database
    log "running: 127.0.0.1:$port, database '$db_name', user '$db_user'"
}

cmd_stop() {
    if [ ! -d "$home" ]; then
        log "not running (no $home)"
        return 0
    fi
    lock
    if [ -z "$bindir" ] || [ ! -f "$(datadir)/postmaster.pid" ]; then
        log "not running"
        return 0
    fi
    as_server "$bindir/pg_ctl" -D "$(datadir)" -m fast -w -t 60 stop >/dev/null 9>&- || die "could not stop PostgreSQL"
    log "stopped"
}

cmd_status() {
    if is_alive; then
        log "running (127.0.0.1:$port, socket dir $(socketdir))"
    else
        log "not running"
        return 3
    fi
}

cmd_env() {
    printf '{"default": {"ENGINE": "django.db.backends.postgresql", "NAME": "%s", "USER": "%s", "PASSWORD": "%s", "HOST": "127.0.0.1", "PORT": "%s"}}\n' \
        "$db_name" "$db_user" "$db_password" "$port"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    env) cmd_env ;;
    -h|--help|help) usage ;;
    *)
        usage >&2
        exit 2
        ;;
esac
