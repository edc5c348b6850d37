"""One database's load run, in its own process (Django is set up once per process):
``python -m bench.load.backend sqlite|mariadb [smoke]``.

A fresh database (bench/database.py: a new SQLite file under var/load/sqlite, or the database
``mentoring_load`` created anew on the MariaDB server of .ci/mariadb.sh), migrated, with the
demo unit (``load_demo``) and 300 more pairs in it so that the staff page and the CSV read real
rows; then gunicorn, the mentoring steps, the thumbs steps, the invariants after each mentoring
step. Writes ``var/load/<database>/result.json`` (read by :mod:`bench.load.run`).

``smoke``: one step of 10 people for 30 seconds (mentoring only); exits 1 on a server error or
a broken invariant.
"""

import json
import os
import statistics
import sys
import time

from bench import database

from . import server as servers
from . import steps as stepping

VAR = database.REPO / "var" / "load"
BACKGROUND_PAIRS = 300
MEASURE_SECONDS = int(os.environ.get("LOAD_SECONDS", "20"))
MENTORING_USERS = (int(os.environ.get("LOAD_START", "5")), int(os.environ.get("LOAD_MAX", "80")))
THUMBS_USERS = (int(os.environ.get("LOAD_THUMBS_START", "10")), int(os.environ.get("LOAD_THUMBS_MAX", "160")))
SMOKE_USERS, SMOKE_SECONDS = 10, 27  # with the 3-second ramp: 30 seconds


def prepare(backend):
    """A fresh, migrated, seeded database; returns (demo usage key, database description)."""
    database.configure(backend, var=VAR / backend, mariadb_name="mentoring_load")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from bench import seed
    from mentoring_xblock.management.commands.load_demo import DEMO_SCENARIO, demo_usage_key
    from mentoring_xblock.models import Pair
    from mentoring_xblock.pairs import tracking

    from ..workloads import load_block

    started = time.monotonic()
    call_command("migrate", "--run-syncdb", verbosity=0)
    usage_key = demo_usage_key()
    program = load_block(DEMO_SCENARIO, None).program
    spec = seed.UnitSpec("load", "", BACKGROUND_PAIRS, 50, False)
    with transaction.atomic():
        seed.seed_unit(spec, usage_key, program)  # first: it reads the unit's participants as its own
        call_command("load_demo", verbosity=0)
        for pair in Pair.objects.filter(usage_key=usage_key):  # standings as the records say
            tracking.refresh(pair, program)
    print(f"  {backend}: seeded in {time.monotonic() - started:.1f} s", flush=True)
    return usage_key, database.describe(connection)


def server_env(folder):
    cpu_dir = folder / "cpu"
    cpu_dir.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "LOAD_CPU_DIR": str(cpu_dir),
        "MENTORING_STAFF_USERS": ",".join(["staff", *stepping_staff()]),
        "PYTHONPATH": str(database.REPO),
    }
    if os.environ.get("LOAD_PROFILE"):
        (folder / "profiles").mkdir(exist_ok=True)
        env["LOAD_PROFILE_DIR"] = str(folder / "profiles")
    return env


def stepping_staff():
    from .story import staff_names

    return staff_names()


def main(backend, smoke=False):
    folder = VAR / backend
    for old in [
        *folder.glob("[mt]*.json"),
        *folder.glob("*.locust.log"),
        *folder.glob("*/*.tsv"),
        *folder.glob("*/*.prof"),
    ]:
        old.unlink()
    usage_key, described = prepare(backend)
    from workbench.scenarios import get_scenarios

    from . import invariants

    usage_id = str(get_scenarios()["mentorship.0"].usage_id)
    database_pid = servers.mariadb_pid() if backend == "mariadb" else None
    server = servers.Server(folder, server_env(folder)).start()
    broken, runs = [], {"mentoring": [], "thumbs": []}
    try:

        def step(classes, users, seconds=MEASURE_SECONDS):
            prefix = f"{classes[0]}{len(runs[classes])}"
            found = stepping.run_step(server, folder, classes, users, seconds, prefix, usage_id, database_pid)
            runs[classes].append(found)
            if classes == "mentoring":
                problems = invariants.check(usage_key, found.board)
                broken.extend(f"{users} users: {problem}" for problem in problems)
                print(f"    invariants: {'; '.join(problems) if problems else 'hold'}", flush=True)
            return found

        if smoke:
            step("mentoring", SMOKE_USERS, SMOKE_SECONDS)
            capacity = {}
        else:
            _found, mentoring = stepping.search(lambda users: step("mentoring", users), *MENTORING_USERS)
            _found, thumbs = stepping.search(lambda users: step("thumbs", users), *THUMBS_USERS)
            capacity = {"mentoring": mentoring, "thumbs": thumbs}
    finally:
        server.stop()
        database.finish()
    result = {
        "backend": backend,
        "database": described,
        "capacity": capacity,
        "limits": {"mentoring": MENTORING_USERS[1], "thumbs": THUMBS_USERS[1]},
        "seconds": MEASURE_SECONDS,
        "steps": {classes: [found.summary() for found in found_steps] for classes, found_steps in runs.items()},
        "cpu_ms": cpu_by_kind(runs),
        "samples": [sample for found_steps in runs.values() for found in found_steps for sample in found.samples][:20],
        "broken": broken,
    }
    (folder / "result.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    errors = sum(found["server_errors"] for found_steps in result["steps"].values() for found in found_steps)
    print(f"  {backend}: {errors} server errors; invariants {'broken' if broken else 'hold'}", flush=True)
    return 1 if errors or broken else 0


def cpu_by_kind(runs):
    """kind -> {"mean": ms, "median": ms, "requests": n} of the worker's CPU per request, all steps."""
    pooled = {}
    for found_steps in runs.values():
        for found in found_steps:
            for kind, values in found.cpu.items():
                pooled.setdefault(kind, []).extend(values)
    return {
        kind: {
            "mean": round(1000 * statistics.fmean(values), 2),
            "median": round(1000 * statistics.median(values), 2),
            "requests": len(values),
        }
        for kind, values in sorted(pooled.items())
    }


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], smoke=sys.argv[2:] == ["smoke"]))
