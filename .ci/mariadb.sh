#!/usr/bin/env bash
# A private MariaDB server for the test suite, independent of the system
# service (no systemd, no /etc/mysql configuration, no /var/lib/mysql).
#
# Usage: .ci/mariadb.sh start|stop|status|env
#
#   start   initialise var/mariadb/data if needed, start mariadbd in the
#           background, wait until it answers, create the database and user.
#           Does not start a second server if one is already answering.
#   stop    shut the server down cleanly; no error if it is not running.
#   status  print whether the server answers; exit 0 if it does, 3 if not.
#   env     print (one line of JSON) the value for WORKBENCH_DATABASES.
#
# Everything lives under <repo>/var/mariadb/: data/, mariadb.sock,
# mariadb.pid, mariadb.err. The server listens on 127.0.0.1, port
# $MENTORING_MARIADB_PORT (default 3307), and on the unix socket.
# Database "mentoring", user "mentoring" with password "mentoring"
# (from 127.0.0.1 and localhost).
set -euo pipefail

script_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
repo_root="$(dirname "$script_dir")"
base="$repo_root/var/mariadb"
datadir="$base/data"
socket="$base/mariadb.sock"
pidfile="$base/mariadb.pid"
errlog="$base/mariadb.err"
lockfile="$base/lock"

port="${MENTORING_MARIADB_PORT:-3307}"
db_name=mentoring
db_user=mentoring
db_password=mentoring
start_timeout=60

# mariadbd lives in /usr/sbin, which is not on every user's PATH.
PATH="$PATH:/usr/sbin:/sbin"

# Client environment variables that would override our explicit options.
unset MYSQL_PWD MYSQL_HOST MYSQL_TCP_PORT MYSQL_UNIX_PORT MARIADB_HOST 2>/dev/null || true

log() { echo "mariadb.sh: $*"; }
die() { echo "mariadb.sh: error: $*" >&2; exit 1; }

case "$port" in
    ''|*[!0-9]*) die "MENTORING_MARIADB_PORT must be a number, got '$port'" ;;
esac

usage() {
    sed -n '2,18p' "$0" | sed 's/^# \{0,1\}//'
}

require() {
    local cmd
    for cmd in "$@"; do
        command -v "$cmd" >/dev/null 2>&1 \
            || die "'$cmd' not found; run '.ci/system-deps.sh mariadb' first"
    done
}

# Root connection over our own socket; --no-defaults keeps /etc/mysql out.
admin() { mariadb-admin --no-defaults --socket="$socket" --user=root --connect-timeout=2 "$@"; }
client() { mariadb --no-defaults --socket="$socket" --user=root --batch "$@"; }

is_alive() { admin ping >/dev/null 2>&1; }

server_pid() {
    # Prints the pid of our server process if the pid file names a live one.
    local pid
    [ -s "$pidfile" ] || return 1
    pid="$(cat "$pidfile" 2>/dev/null)" || return 1
    case "$pid" in ''|*[!0-9]*) return 1 ;; esac
    kill -0 "$pid" 2>/dev/null || return 1
    echo "$pid"
}

show_log_tail() {
    if [ -f "$errlog" ]; then
        echo "---- last lines of $errlog ----" >&2
        tail -n 40 "$errlog" >&2
        echo "-------------------------------" >&2
    fi
}

lock() {
    mkdir -p "$base"
    if command -v flock >/dev/null 2>&1; then
        exec 9>"$lockfile"
        flock -w 120 9 || die "could not lock $lockfile"
    fi
}

as_root_opts=()
if [ "$(id -u)" -eq 0 ]; then
    # mariadbd refuses to run as root unless told to explicitly.
    as_root_opts=(--user=root)
fi

init_datadir() {
    if [ -d "$datadir/mysql" ]; then
        return 0
    fi
    log "initialising data directory $datadir"
    mkdir -p "$datadir"
    if ! mariadb-install-db --no-defaults \
            --datadir="$datadir" \
            "${as_root_opts[@]}" \
            --auth-root-authentication-method=normal \
            --skip-test-db \
            --skip-name-resolve \
            >"$base/install-db.log" 2>&1; then
        cat "$base/install-db.log" >&2
        rm -rf "$datadir"
        die "mariadb-install-db failed"
    fi
}

setup_sql() {
    cat <<SQL
CREATE DATABASE IF NOT EXISTS \`$db_name\`
    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;
CREATE USER IF NOT EXISTS '$db_user'@'127.0.0.1' IDENTIFIED BY '$db_password';
CREATE USER IF NOT EXISTS '$db_user'@'localhost' IDENTIFIED BY '$db_password';
ALTER USER '$db_user'@'127.0.0.1' IDENTIFIED BY '$db_password';
ALTER USER '$db_user'@'localhost' IDENTIFIED BY '$db_password';
-- Django's test runner creates and drops test_$db_name, so the user gets
-- every privilege; this server holds nothing but test data.
GRANT ALL PRIVILEGES ON *.* TO '$db_user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON *.* TO '$db_user'@'localhost';
GRANT ALL PRIVILEGES ON \`$db_name\`.* TO '$db_user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$db_name\`.* TO '$db_user'@'localhost';
GRANT ALL PRIVILEGES ON \`test_$db_name\`.* TO '$db_user'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`test_$db_name\`.* TO '$db_user'@'localhost';
FLUSH PRIVILEGES;
SQL
}

drop_host_root() {
    # mariadb-install-db also creates root@<hostname>, which --skip-name-resolve
    # ignores with a warning on every connection; remove it.
    local drops
    drops="$(client --skip-column-names -e "SELECT CONCAT('DROP USER \\'', user, '\\'@\\'', host, '\\';') FROM mysql.user WHERE user = 'root' AND host NOT IN ('localhost', '127.0.0.1', '::1')")" \
        || die "could not list root accounts"
    if [ -n "$drops" ]; then
        client <<<"$drops" || die "could not drop root@<hostname>"
    fi
}

cmd_start() {
    require mariadbd mariadb-install-db mariadb-admin mariadb
    # A unix socket path is limited to 107 bytes.
    if [ "${#socket}" -gt 100 ]; then
        die "socket path too long (${#socket} bytes): $socket; move the checkout to a shorter path"
    fi
    lock

    if is_alive; then
        log "already running (socket $socket, port $port)"
        client <<<"$(setup_sql)" || die "could not create database/user"
        return 0
    fi

    local pid
    if pid="$(server_pid)"; then
        log "process $pid from $pidfile exists but does not answer yet; waiting for it"
    else
        init_datadir
        rm -f "$socket" "$socket.lock" "$pidfile"
        log "starting mariadbd on 127.0.0.1:$port (socket $socket)"
        # setsid: the server must outlive this script and its process group.
        # 9>&-: it must not inherit (and keep holding) the lock.
        setsid mariadbd --no-defaults \
            "${as_root_opts[@]}" \
            --datadir="$datadir" \
            --socket="$socket" \
            --pid-file="$pidfile" \
            --log-error="$errlog" \
            --port="$port" \
            --bind-address=127.0.0.1 \
            --skip-name-resolve \
            --character-set-server=utf8mb4 \
            --collation-server=utf8mb4_unicode_ci \
            --innodb-buffer-pool-size=128M \
            --innodb-flush-log-at-trx-commit=2 \
            --max-connections=200 \
            </dev/null >>"$errlog" 2>&1 9>&- &
        pid=$!
    fi

    local waited=0
    until is_alive; do
        if ! kill -0 "$pid" 2>/dev/null; then
            # (setsid forks only when it is a process group leader; the
            # server's own pid is in the pid file in that case.)
            pid="$(server_pid)" || { show_log_tail; die "mariadbd exited during startup"; }
        fi
        if [ "$waited" -ge $((start_timeout * 2)) ]; then
            show_log_tail
            die "mariadbd did not answer within ${start_timeout}s (pid $pid)"
        fi
        sleep 0.5
        waited=$((waited + 1))
    done

    client <<<"$(setup_sql)" || { show_log_tail; die "could not create database/user"; }
    drop_host_root
    log "running: pid $(cat "$pidfile" 2>/dev/null || echo "$pid"), 127.0.0.1:$port, database '$db_name', user '$db_user'"
}

cmd_stop() {
    if [ ! -d "$base" ]; then
        log "not running (no $base)"
        return 0
    fi
    lock
    local pid=""
    pid="$(server_pid)" || pid=""
    if is_alive; then
        log "shutting down"
        admin shutdown || true
    elif [ -n "$pid" ]; then
        log "server (pid $pid) does not answer; sending SIGTERM"
        kill -TERM "$pid" 2>/dev/null || true
    else
        log "not running"
        rm -f "$socket" "$socket.lock" "$pidfile"
        return 0
    fi
    # mariadb-admin shutdown returns once the server says goodbye; wait for
    # the process itself to be gone so that a following start can bind.
    if [ -n "$pid" ]; then
        local waited=0
        while kill -0 "$pid" 2>/dev/null; do
            if [ "$waited" -ge 120 ]; then
                show_log_tail
                die "mariadbd (pid $pid) did not exit within 60s"
            fi
            sleep 0.5
            waited=$((waited + 1))
        done
    fi
    log "stopped"
}

cmd_status() {
    if is_alive; then
        log "running (pid $(cat "$pidfile" 2>/dev/null || echo '?'), 127.0.0.1:$port, socket $socket)"
    else
        log "not running"
        return 3
    fi
}

cmd_env() {
    printf '{"default": {"ENGINE": "django.db.backends.mysql", "NAME": "%s", "USER": "%s", "PASSWORD": "%s", "HOST": "127.0.0.1", "PORT": "%s", "OPTIONS": {"charset": "utf8mb4"}, "TEST": {"CHARSET": "utf8mb4", "COLLATION": "utf8mb4_unicode_ci"}}}\n' \
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
