"""``python -m bench.profile``: where the hottest requests spend their time, in one process.

Seeds the 10-pair bench unit (with its six-month pair and its pair two months in) in a fresh
SQLite file under ``var/profile/``, then drives the workbench in-process with Django's test
client: the learner page of each pair's mentee, the ``workspace_state`` handler of each pair,
and the workbench's thumbs sample page as the baseline. For each kind it prints the median wall
time of ``PROFILE_RUNS`` requests (without the profiler), then profiles as many more and prints
the share of the profiled time spent under a few functions (cumulative time, each counted once
per request even when it recurses) and the costliest functions by their own time.

    PROFILE_RUNS=30          requests per kind, timed and then profiled
    PROFILE_TOP=15           functions listed by own time per kind
    PROFILE_DUMP=1           also write var/profile/<kind>.prof (for snakeviz, pstats)
"""

import cProfile
import os
import pstats
import statistics
import time

from . import database

RUNS = int(os.environ.get("PROFILE_RUNS", "30"))
TOP = int(os.environ.get("PROFILE_TOP", "15"))
VAR = database.REPO / "var" / "profile"

# (label, file suffix, function name) of the functions whose cumulative share is reported.
WATCHED = [
    ("template rendering", "django/template/base.py", "_render"),
    ("aside lookup", "xblock/runtime.py", "get_asides"),
    ("MentoringBlock.program", "mentoring_xblock/block.py", "program"),
    ("actions.jsonable", "mentoring_xblock/web/actions.py", "jsonable"),
    ("presenters.said", "mentoring_xblock/ui/presenters.py", "said"),
    ("workspace.view", "mentoring_xblock/ui/workspace.py", "view"),
    ("user service", "mentoring_xblock/workbench/services.py", "_build_current_user"),
    ("SQL (execute)", "django/db/backends/utils.py", "execute"),
]


def main():
    database.configure("sqlite", var=VAR)
    import django

    django.setup()
    from django.conf import settings

    settings.DEBUG = False  # as make bench and make load: no statement log kept
    from django.core.management import call_command
    from django.db import transaction

    from . import seed, workloads

    call_command("migrate", "--run-syncdb", verbosity=0)
    keys = seed.register_scenarios()
    seed.seed_users()
    program = workloads.load_block(seed.SMALL.scenario, None).program
    with transaction.atomic():
        heavy = seed.seed_unit(seed.SMALL, keys[seed.SMALL.scenario], program)
    typical = heavy.__class__.objects.get(mentee__username=seed.TYPICAL.mentee, usage_key=heavy.usage_key)
    browser = workloads.client()
    scenario = seed.SMALL.scenario
    kinds = {
        "learner page, six-month pair": lambda: workloads.page(browser, scenario, seed.MENTEE),
        "learner page, pair two months in": lambda: workloads.page(browser, scenario, seed.TYPICAL.mentee),
        "workspace_state, six-month pair": lambda: workloads.handler(
            browser, scenario, seed.MENTEE, "workspace_state", {"pair_id": heavy.pk}
        ),
        "workspace_state, pair two months in": lambda: workloads.handler(
            browser, scenario, seed.TYPICAL.mentee, "workspace_state", {"pair_id": typical.pk}
        ),
        "thumbs page": lambda: workloads.page(browser, workloads.THUMBS, seed.MENTEE),
    }
    for action in kinds.values():  # first visits: users, state rows, compiled templates
        action()
        action()
    for kind, action in kinds.items():
        report(kind, action)


def report(kind, action):
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    profiler = cProfile.Profile()
    for _ in range(RUNS):
        profiler.runcall(action)
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    print(f"\n== {kind}: median {statistics.median(times):.1f} ms per request ({RUNS} requests); "
          f"profiled {total / RUNS * 1000:.1f} ms per request")  # fmt: skip
    for label, suffix, name in WATCHED:
        cumulative, calls = _cumulative(stats, suffix, name)
        if calls:
            print(f"  {label:<26} {cumulative / total:6.1%}  ({calls / RUNS:.0f} calls per request)")
    print("  costliest by own time:")
    rows = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:TOP]
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in rows:
        share = f"{own / total:6.1%} own {cumulative / total:6.1%} cum"
        print(f"    {share} {calls / RUNS:8.0f}/req  {_short(filename)}:{line} {name}")
    if os.environ.get("PROFILE_DUMP"):
        stats.dump_stats(VAR / (kind.replace(" ", "-").replace(",", "") + ".prof"))


def _cumulative(stats, suffix, name):
    """The cumulative time and the calls of the functions ``name`` defined in a file ending with
    ``suffix`` (cProfile's cumulative time counts a recursive function once per outermost call)."""
    cumulative = calls = 0
    for (filename, _line, function), (_cc, total_calls, _own, cum, _callers) in stats.stats.items():
        if function == name and filename.endswith(suffix):
            cumulative += cum
            calls += total_calls
    return cumulative, calls


def _short(filename):
    for marker in ("site-packages/", "/work/main/"):
        if marker in filename:
            return filename.split(marker, 1)[1]
    return filename


if __name__ == "__main__":
    main()
