#!/usr/bin/env bash
# Install the Debian packages the test suite needs, if they are missing.
#
# Usage: .ci/system-deps.sh [mariadb] [postgresql]
#
#   chromium           browser used by the Playwright tests (/usr/bin/chromium)
#   gettext            msgfmt, to compile translation catalogs
#   fonts-dejavu-core  fonts, so that screenshots render text
#   nodejs npm         only when `node` or `npm` is missing: the JavaScript linter and unit
#                      tests (make lint-js test-js); a Node.js already on the machine is kept
#
# With the argument "mariadb" (or MENTORING_WITH_MARIADB=1) also:
#   mariadb-server mariadb-client  private test database server (.ci/mariadb.sh)
#   libmariadb-dev pkg-config      needed by pip to build mysqlclient
#
# With the argument "postgresql" (or MENTORING_WITH_POSTGRESQL=1) also:
#   postgresql                     private test database server (.ci/postgresql.sh);
#                                  the driver (psycopg[binary]) needs no headers
#
# Idempotent: when everything is installed it only runs dpkg-query and exits.
# As root it installs what is missing; otherwise it names the missing packages
# and exits with status 1.
set -euo pipefail

packages=(chromium gettext fonts-dejavu-core)

with_mariadb="${MENTORING_WITH_MARIADB:-0}"
with_postgresql="${MENTORING_WITH_POSTGRESQL:-0}"
for arg in "$@"; do
    case "$arg" in
        "") ;;
        mariadb) with_mariadb=1 ;;
        postgresql) with_postgresql=1 ;;
        -h|--help)
            sed -n '2,22p' "$0" | sed 's/^# \{0,1\}//'
            exit 0
            ;;
        *)
            echo "system-deps.sh: unknown argument '$arg' (expected: mariadb, postgresql)" >&2
            exit 2
            ;;
    esac
done
if [ "$with_mariadb" = 1 ]; then
    packages+=(mariadb-server mariadb-client libmariadb-dev pkg-config)
fi
if [ "$with_postgresql" = 1 ]; then
    packages+=(postgresql)
fi
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    packages+=(nodejs npm)
fi

is_installed() {
    local status
    status="$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)"
    [ "$status" = "install ok installed" ]
}

missing=()
for pkg in "${packages[@]}"; do
    is_installed "$pkg" || missing+=("$pkg")
done

if [ "${#missing[@]}" -eq 0 ]; then
    echo "system-deps: all present (${packages[*]})"
    exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
    echo "system-deps: missing Debian packages: ${missing[*]}" >&2
    echo "system-deps: install them as root, e.g.:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "system-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends "${missing[@]}"

# Check again: apt-get may succeed while leaving a package unconfigured.
still_missing=()
for pkg in "${missing[@]}"; do
    is_installed "$pkg" || still_missing+=("$pkg")
done
if [ "${#still_missing[@]}" -ne 0 ]; then
    echo "system-deps: still not installed after apt-get: ${still_missing[*]}" >&2
    exit 1
fi
echo "system-deps: done"
