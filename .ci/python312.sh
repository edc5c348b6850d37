#!/usr/bin/env bash
# Print the path of a working Python 3.12 interpreter (with venv and ensurepip), for make test-py312.
#
# Tries, in order: $PYTHON312; python3.12 on PATH (a pyenv shim counts only if it runs);
# pyenv's versions folder; /usr/local/bin and /usr/bin. When none works and we are root, installs
# Debian's python3.12 and python3.12-venv if apt offers them. Otherwise it fails, naming what it
# tried: the Python 3.12 pass is never skipped silently.
set -euo pipefail

works() {
    "$1" -c 'import sys, venv, ensurepip; sys.exit(sys.version_info[:2] != (3, 12))' >/dev/null 2>&1
}

candidates=()
if [ -n "${PYTHON312:-}" ]; then candidates+=("$PYTHON312"); fi
if command -v python3.12 >/dev/null 2>&1; then candidates+=("$(command -v python3.12)"); fi
for root in "${PYENV_ROOT:-}" "$HOME/.pyenv" /root/.pyenv /opt/pyenv; do
    [ -n "$root" ] || continue
    # Newest patch release first.
    for python in $(ls -d "$root"/versions/3.12*/bin/python3.12 2>/dev/null | sort -rV); do
        candidates+=("$python")
    done
done
candidates+=(/usr/local/bin/python3.12 /usr/bin/python3.12)

for python in "${candidates[@]}"; do
    if works "$python"; then
        echo "$python"
        exit 0
    fi
done

if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "python312.sh: no working Python 3.12; trying Debian's python3.12" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2 || true
    if apt-cache show python3.12-venv >/dev/null 2>&1; then
        apt-get install -y --no-install-recommends python3.12 python3.12-venv >&2
        if works /usr/bin/python3.12; then
            echo /usr/bin/python3.12
            exit 0
        fi
    fi
fi

echo "python312.sh: no working Python 3.12 (tried: ${candidates[*]}, and Debian's package where apt offers one as root)." >&2
echo "python312.sh: install one (pyenv install 3.12, or apt-get install python3.12 python3.12-venv)" >&2
echo "python312.sh: or set PYTHON312=/path/to/python3.12." >&2
exit 1
