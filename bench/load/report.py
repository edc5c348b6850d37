"""The load test's outputs: ``bench/results/load.json`` (rows shaped as ``latest.json``'s) and
the Load section of docs/PERFORMANCE.md (kept apart from the page ``make bench`` writes)."""

import datetime
import json

from bench import report as bench_report
from bench.database import REPO

from .steps import P95_MAX_MS

RESULTS = REPO / "bench" / "results" / "load.json"
CAPACITY_RATIO_MIN = 1 / 3  # the same bound as a page against a bare block
CPU_RATIO_MAX = 3
BASELINE = "thumbs page"
NAMES = {"sqlite": "SQLite", "mariadb": "MariaDB"}


def _row(name, measured, target, unit, better="lower"):
    measured = round(measured, 3) if isinstance(measured, float) else measured
    return {"name": name, "measured": measured, "target": target, "unit": unit, "better": better}


def errors(result):
    return sum(step["server_errors"] for steps in result["steps"].values() for step in steps)


def cpu_ratios(result):
    """kind -> CPU per request / the thumbs page's, for every kind of the pair story."""
    cpu = result["cpu_ms"]
    base = cpu.get(BASELINE, {}).get("mean")
    return {kind: figures["mean"] / base for kind, figures in cpu.items() if kind != BASELINE and base}


def rows(results):
    found = []
    for result in results:
        db = NAMES[result["backend"]]
        found.append(_row(f"load, {db}: server errors (5xx or no answer), every step, overload included",
                          errors(result), 0, "answers"))  # fmt: skip
        found.append(_row(f"load, {db}: invariants broken after the steps", len(result["broken"]), 0, "invariants"))
        capacity = result["capacity"]
        ratio = capacity["mentoring"] / capacity["thumbs"] if capacity["thumbs"] else 0.0
        found.append(_row(f"load, {db}: capacity, the pair story / the thumbs sample page", ratio,
                          round(CAPACITY_RATIO_MIN, 3), "ratio", "higher"))  # fmt: skip
        ratios = cpu_ratios(result)
        if ratios:
            kind = max(ratios, key=ratios.get)
            found.append(_row(f"load, {db}: server CPU per request, the costliest kind ({kind}) / the thumbs page",
                              ratios[kind], CPU_RATIO_MAX, "ratio"))  # fmt: skip
    return found


def write(results, machine):
    found = rows(results)
    RESULTS.write_text(json.dumps(found, indent=2) + "\n", encoding="utf-8")
    bench_report.put_load_section(section(found, results, machine))
    return found


def _capacity(result, classes):
    users = result["capacity"][classes]
    return f"≥ {users}" if users >= result["limits"][classes] else str(users)


def section(found, results, machine):
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "## Load",
        "",
        "`make load` serves the workbench with gunicorn (4 sync workers, 127.0.0.1) and drives it with locust",
        "(headless): simulated mentors, mentees and course staff of the demo unit (with 300 more pairs in it) play",
        "the pair story, each person about one request a second: open the unit, pair by invite code, the needs",
        "assessment, two goals, write and sign the agreement, log sessions and confirm them, progress on goals,",
        "the mid-point and final rounds, the pair's workspace; staff open the staff page, page and search the",
        "pair list, download the CSV and open pairs. The workbench's `thumbs` sample page (three thumbs blocks)",
        "is driven the same way in the same run, as the baseline. Each step starts its users over 3 seconds, then",
        "measures; users double from step to step until a step misses (p95 over 1 s or a server error), then one",
        "step halfway. **Capacity** is the most users served with p95 ≤ 1 s and no server error. The steps past",
        "capacity are the overload: their answers may be slow, but none may be a server error (500 or more,",
        "or no answer; a 503 with `Retry-After` would be allowed). After each step of the pair story the",
        "invariants are checked (`bench/load/invariants.py`: those of the concurrency tests, plus every create",
        "the people saw succeed in the database exactly once).",
        "",
        "**Server CPU per request** is measured in the workers: each request's process CPU time, from the call",
        "to the end of its body (`bench/load/wsgi.py`; a sync worker serves one request at a time), filed under",
        "the kind the simulated browser names. On SQLite it includes the database; on MariaDB the server's own",
        "CPU is given per request beside it (from /proc, all kinds together).",
        "",
        *bench_report.table(found),
    ]
    lines += ["", f"Run: {date}; {machine}; {results[0]['seconds']} s measured per step.", ""]
    for result in results:
        lines += _backend_details(result)
    return "\n".join(lines)


def _backend_details(result):
    db = NAMES[result["backend"]]
    lines = [
        f"### {db} ({result['database']})",
        "",
        f"Capacity: the pair story {_capacity(result, 'mentoring')} users, the thumbs page "
        f"{_capacity(result, 'thumbs')} users (p95 ≤ {P95_MAX_MS} ms, no server error).",
        "",
        "| people | users | requests/s | p50 ms | p95 ms | answers by status | server CPU ms/request (workers"
        + (", MariaDB" if result["backend"] == "mariadb" else "")
        + ") | served |",
        "|---|---:|---:|---:|---:|---|---:|---|",
    ]
    for classes, steps in result["steps"].items():
        for step in steps:
            statuses = ", ".join(f"{status}: {n:,}" for status, n in step["statuses"].items())
            cpu = f"{step['worker_cpu_ms_per_request']}"
            if result["backend"] == "mariadb":
                cpu += f", {step['database_cpu_ms_per_request']}"
            served = "yes" if step["served"] else "no"
            lines.append(f"| {classes} | {step['users']} | {step['rate']} | {step['p50_ms']} | {step['p95_ms']} | "
                         f"{statuses} | {cpu} | {served} |")  # fmt: skip
    ratios = cpu_ratios(result)
    lines += [
        "",
        "| request kind | requests | CPU ms, mean | CPU ms, median | mean / thumbs page |",
        "|---|---:|---:|---:|---:|",
    ]
    for kind, figures in sorted(result["cpu_ms"].items(), key=lambda item: -item[1]["mean"]):
        ratio = f"{ratios[kind]:.2f}" if kind in ratios else "1 (baseline)" if kind == BASELINE else ""
        lines.append(f"| {kind} | {figures['requests']:,} | {figures['mean']} | {figures['median']} | {ratio} |")
    lines.append("")
    return lines
