"""One load step (a locust run at a number of users) and its figures; the search for capacity.

A step starts ``users`` people over about three seconds (locust ``-r``), then measures for
``seconds``: requests a second, p50 and p95 of every answer, answers by status, and the
server's CPU per request of each kind (the workers' clocks, :mod:`bench.load.wsgi`).

Capacity is the most users served with p95 ≤ 1 s and no server error. The search doubles the
users until a step misses (or the last step allowed is reached), then tries once halfway
between the last step served and the first missed; the missed steps are the overload, which
must answer without a server error too.
"""

import json
import math
import os
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench.database import REPO

P95_MAX_MS = 1000
RAMP_SECONDS = 3


@dataclass
class Step:
    users: int
    seconds: float
    times: dict  # kind -> [ms]
    statuses: dict  # kind -> {status: count}
    samples: list
    board: dict
    cpu: dict = field(default_factory=dict)  # kind -> [cpu seconds]
    worker_cpu: float = 0.0  # seconds, all gunicorn processes (from /proc)
    database_cpu: float = 0.0  # seconds, the MariaDB server (from /proc), 0 on SQLite

    @property
    def requests(self):
        return sum(len(values) for values in self.times.values())

    @property
    def rate(self):
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, share):
        return percentile([ms for values in self.times.values() for ms in values], share)

    def count(self, test):
        return sum(n for by_status in self.statuses.values() for status, n in by_status.items() if test(int(status)))

    @property
    def server_errors(self):
        return self.count(lambda status: status >= 500 and status != 503 or status == 0)

    @property
    def served(self):
        return self.server_errors == 0 and self.requests > 0 and self.percentile(0.95) <= P95_MAX_MS

    def summary(self):
        by_status = {}
        for kinds in self.statuses.values():
            for status, n in kinds.items():
                by_status[status] = by_status.get(status, 0) + n
        return {
            "users": self.users,
            "requests": self.requests,
            "rate": round(self.rate, 1),
            "p50_ms": round(self.percentile(0.5)),
            "p95_ms": round(self.percentile(0.95)),
            "statuses": dict(sorted(by_status.items())),
            "server_errors": self.server_errors,
            "served": self.served,
            "worker_cpu_ms_per_request": round(1000 * self.worker_cpu / self.requests, 1) if self.requests else None,
            "database_cpu_ms_per_request": round(1000 * self.database_cpu / self.requests, 1)
            if self.requests
            else None,
        }


def percentile(values, share):
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def run_step(server, folder, classes, users, seconds, prefix, usage_id, database_pid=None):
    """One locust run against ``server``; returns its :class:`Step`."""
    from .server import process_cpu

    folder = Path(folder)
    cpu_dir = Path(server.env["LOAD_CPU_DIR"])
    before = {path: path.stat().st_size for path in cpu_dir.glob("cpu-*.tsv")}  # the workers keep them open
    output = folder / f"{prefix}.json"
    env = {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "LOAD_USAGE_ID": usage_id,
        "LOAD_PREFIX": prefix,
        "LOAD_CLASSES": classes,
        "LOAD_OUTPUT": str(output),
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(REPO / "bench" / "load" / "locustfile.py"), "--headless",
        "--host", server.url, "-u", str(users), "-r", str(max(1, math.ceil(users / RAMP_SECONDS))),
        "-t", f"{seconds + RAMP_SECONDS}s", "--stop-timeout", "30", "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    worker_before, database_before = server.cpu_seconds(), process_cpu(database_pid) if database_pid else 0.0
    started = time.monotonic()
    with open(folder / f"{prefix}.locust.log", "wb") as log:
        subprocess.run(command, env=env, stdout=log, stderr=subprocess.STDOUT, check=False,
                       timeout=seconds + RAMP_SECONDS + 120)  # fmt: skip
    worker_cpu = server.cpu_seconds() - worker_before
    database_cpu = (process_cpu(database_pid) - database_before) if database_pid else 0.0
    if not output.exists():
        raise SystemExit(f"locust wrote no results; see {folder / f'{prefix}.locust.log'}")
    found = json.loads(output.read_text())
    step = Step(users, found["seconds"] or time.monotonic() - started, found["times"], found["statuses"],
                found["samples"], found["board"], cpu=read_clocks(cpu_dir, before), worker_cpu=worker_cpu,
                database_cpu=database_cpu)  # fmt: skip
    summary = step.summary()
    print(f"    {classes} {users:>3} users: {summary['rate']:>5} req/s, p50 {summary['p50_ms']} ms, "
          f"p95 {summary['p95_ms']} ms, statuses {summary['statuses']}", flush=True)  # fmt: skip
    return step


def read_clocks(folder, before):
    """kind -> [CPU seconds] of every request the workers' clocks noted past the sizes ``before``."""
    clocks = {}
    for path in Path(folder).glob("cpu-*.tsv"):
        with path.open(encoding="utf-8") as handle:
            handle.seek(before.get(path, 0))
            lines = handle.read().splitlines()
        for line in lines:
            kind, _status, cpu, _wall = line.split("\t")
            clocks.setdefault(kind, []).append(float(cpu))
    return clocks


def search(run, start, limit):
    """Steps of ``run(users)`` (a :class:`Step`) by doubling from ``start`` up to ``limit``, then
    one halfway between the last served and the first missed. Returns (steps, capacity)."""
    steps, users, served, missed = [], start, 0, None
    while True:
        step = run(users)
        steps.append(step)
        if not step.served:
            missed = users
            break
        served = users
        if users >= limit:
            break
        users = min(users * 2, limit)
    if missed is not None and served and missed - served > 1:
        middle = (served + missed) // 2
        steps.append(run(middle))
        if steps[-1].served:
            served = middle
    return steps, served
