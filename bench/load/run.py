"""``make load`` (``python -m bench.load``): the load test on SQLite, then on MariaDB, each in its
own process (:mod:`bench.load.backend`); writes ``bench/results/load.json`` and the Load section
of docs/PERFORMANCE.md and exits 1 when a target is missed.

``python -m bench.load smoke``: the 30-second smoke on MariaDB (``make load-smoke``, part of
``make test`` in CI); exits 1 on a server error or a broken invariant, writes nothing.

    LOAD_DB=sqlite,mariadb   the databases of the full run
    LOAD_SECONDS=20          measured seconds per step (after a 3-second ramp)
    LOAD_PROFILE=1           profile every request in the workers (cProfile, var/load/<db>/profiles)
"""

import json
import os
import subprocess
import sys

from bench import report as bench_report
from bench.run import machine_description

from . import report
from .backend import VAR


def run_backend(backend, *extra):
    return subprocess.run([sys.executable, "-m", "bench.load.backend", backend, *extra], check=False).returncode


def main():
    if sys.argv[1:] == ["smoke"]:
        sys.exit(run_backend("mariadb", "smoke"))
    backends = os.environ.get("LOAD_DB", "sqlite,mariadb").split(",")
    results = []
    for backend in backends:
        print(f"load: {backend}", flush=True)
        (VAR / backend / "result.json").unlink(missing_ok=True)
        run_backend(backend)
        path = VAR / backend / "result.json"
        if not path.exists():
            raise SystemExit(f"load: the {backend} run wrote no results")
        results.append(json.loads(path.read_text(encoding="utf-8")))
    found = report.write(results, machine_description())
    for row in found:
        mark = "ok  " if bench_report.passes(row) else "MISS"
        print(f"{mark} {row['name']:<95} {row['measured']:>8} (target {row['target']} {row['unit']})")
    sys.exit(0 if all(bench_report.passes(row) for row in found) else 1)
