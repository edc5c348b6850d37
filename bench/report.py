"""The benchmark's outputs: ``bench/results/latest.json`` and ``docs/PERFORMANCE.md``."""

import datetime
import json
import re

from .database import REPO

RESULTS = REPO / "bench" / "results" / "latest.json"
DOC = REPO / "docs" / "PERFORMANCE.md"


# What stands between a missed target and the product as it is, by the start of the figures' names.
WHY_MISSED = {
    "reminder sweep, 100,000 participants: first sweep": (
        "the first sweep of a day does all a later sweep does (below) and records what it sends: a "
        "message row for each person with something due and a row for each item it lists (one "
        "executemany each per batch, into tables with unique indexes), a transaction per batch, the "
        "claims read back and the recipients' accounts read. The raw scan only reads. The writes alone "
        "come near 3 raw scans: with `python -m bench nudges` (53,800 messages and 84,800 items) the "
        "inserts took about 800 ms and the accounts about 350 ms against a raw scan of about 300 ms "
        "(the sweep's parts timed apart), so this ratio cannot come down to 3 while the sweep records "
        "each message and item."
    ),
    "reminder sweep, 100,000 participants: a later sweep": (
        "a person's message lists what is due in all their pairs, and a batch is a range of people by "
        "id: each pair and its records are read twice (with its mentor's batch and its mentee's; "
        "57,000 active pairs, 114,000 reads with both members' names), where the raw scan reads each "
        "once. Reading each pair once would need both members in the same batch (a mentor's mentees "
        "are anywhere in the order of ids) or keeping the later member's items until their batch "
        "(memory growing with the unit). A later sweep also reads what each batch's people were "
        "reminded of. The rules are worked out once per member (not twice), those already sent the "
        "day's message are passed over, and the rules' thresholds are computed once per unit."
    ),
    "write handler": (
        "a write answers with the sections of the workspace it changed. In one transaction (BEGIN … "
        "COMMIT: 2) it reads and locks the pair with both members (1), makes the write with its own reads "
        "and writes (1 to 4), reads the pair's summary (its sessions and one row of figures: 2, or none "
        "when only a goal's details change) and stores the standing when it changed (0 or 1), then the "
        "records its sections show (0 to 2); both members' progress is read and published only when the "
        "pair's changed (0 or 1). The most a handler can send is 10."
    ),
    "learner view latency, the six-month pair": (
        "the page renders the latest part of the pair's history (ten sessions, the five items done last, "
        "five updates a goal; a button brings the rest), every open action item (80, twice: in the list "
        "and in the session form's carry-forward) and 20 goals, each with two editing forms. Its queries "
        "are few and flat (12); rendering the templates is about half of the page."
    ),
    "generate_report_data, 100,000 participants: time": (
        "the report yields a row per participant and pair in the platform's order of users, 1,000 users "
        "at a time, so each pair and its figures are read twice (with the mentor's batch and with the "
        "mentee's) and each participant is looked up by username; the raw scan reads each row once. A "
        "batch is five queries: its participants by username, their pairs by a range of their ids (a "
        "list when they are far apart), and the pairs' goals, open action items and assessments by "
        "pair ids alike; rows are plain values and each report row is made as it goes out. The "
        "usernames go to the database as they are (Django's own lookup prepared each one); on MariaDB "
        "finding a thousand of them by the unit's username index is about 5 ms, a quarter of the "
        "report. 17 times the raw scan at first, 5.6 with pairs read by index, about 2.2 now (2.9 "
        "on MariaDB)."
    ),
    "CSV export, 100,000 participants: time": (
        "each page of 1,000 pairs is its own query plus four for its figures, read as plain tuples that "
        "are almost the file's cells (dates as text, at risk as true/false by the staff list's SQL rule, "
        "figures counted from columns the driver does not convert); each distinct text, number of hours "
        "and day is worked out once. 2.9 times the raw scan with model-like rows and a dict per row, "
        "about 1.3 (1.5 on MariaDB) now."
    ),
}


def passes(row):
    if row["better"] == "lower":
        return row["measured"] <= row["target"]
    return row["measured"] >= row["target"]


# docs/PERFORMANCE.md holds two generated parts: the page written here, and at its end the Load
# section that ``make load`` writes between these markers; each run keeps the other's part.
LOAD_START, LOAD_END = "<!-- load: written by make load -->", "<!-- /load -->"


def write(results, notes):
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    DOC.parent.mkdir(parents=True, exist_ok=True)
    load = _load_section(DOC.read_text(encoding="utf-8")) if DOC.exists() else ""
    DOC.write_text(document(results, notes) + (f"\n{load}\n" if load else ""), encoding="utf-8")


def _load_section(text):
    """The Load section of a page (its markers included), or ""."""
    start, end = text.find(LOAD_START), text.find(LOAD_END)
    return text[start : end + len(LOAD_END)] if 0 <= start < end else ""


def put_load_section(section):
    """Put ``section`` (without markers) in place of the page's Load section, or at its end."""
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    block = f"{LOAD_START}\n{section.strip()}\n{LOAD_END}"
    old = _load_section(text)
    text = text.replace(old, block) if old else f"{text.rstrip()}\n\n{block}\n"
    DOC.write_text(text, encoding="utf-8")


def _number(value):
    if isinstance(value, float):
        return f"{value:,.2f}"
    return f"{value:,}"


def _statement(sql):
    """A statement shortened for the table: the columns it selects left out."""
    text = re.sub(r"\s+", " ", sql).strip()
    text = re.sub(r"^SELECT (DISTINCT )?.*? FROM ", r"SELECT \1… FROM ", text, count=1)
    return text if len(text) <= 260 else text[:257] + "…"


def _uses_index(lines):
    text = " ".join(lines)
    full_scan = re.search(r"\bSCAN (?!CONSTANT ROW|SUBQUERY)(\w+)\b(?! USING (COVERING )?INDEX)", text)
    mysql_scan = "type=ALL" in text
    return "no: full scan" if full_scan or mysql_scan else "yes"


def table(results):
    """The lines of the results table: one row per figure, with its target and verdict."""
    lines = ["| what | measured | target | unit | pass |", "|---|---:|---:|---|---|"]
    for row in results:
        sign = "≤" if row["better"] == "lower" else "≥"
        verdict = "pass" if passes(row) else "**MISS**"
        measured, target = _number(row["measured"]), _number(row["target"])
        lines.append(f"| {row['name']} | {measured} | {sign} {target} | {row['unit']} | {verdict} |")
    return lines


def document(results, notes):
    explain = "EXPLAIN QUERY PLAN" if notes["backend"] == "sqlite" else "EXPLAIN"
    date = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    lines = [
        "# Performance at course scale",
        "",
        "`make bench` (or `BENCH_DB=mariadb make bench`) seeds a fresh database with bulk inserts, drives the",
        "workbench in-process with Django's test client and writes `bench/results/latest.json` and this page.",
        "Every figure below comes from the last committed run; the table is generated, do not edit it by hand.",
        "The [Load](#load) section at the end comes from `make load`: the workbench behind a multi-process server",
        "with many simulated users at once.",
        "",
        "## Results",
        "",
        *table(results),
        "",
        "## This run",
        "",
        f"- Date: {date}",
        f"- Machine: {notes['machine']}",
        f"- Database: {notes['database']} (`BENCH_DB={notes['backend']}`), seeded in {notes['seed_seconds']} s",
        f"- Timings: medians of {notes['runs']} runs (exports: {notes['export_runs']}) after warm-up, each",
        "  figure taken in turns with its baseline in the same run and reported as a ratio, because the machine is",
        "  shared and noisy. Memory: tracemalloc's peak growth while the whole stream is consumed (a separate run,",
        "  since tracing slows Python down).",
        "",
        "### What is counted",
        "",
        "- **learner view** is the block's whole `student_view` as a page request renders it: a new runtime and",
        "  block, the runtime's field reads (the workbench keeps field data in its `workbench_xblockstate` table),",
        "  the user service, and everything the block reads and writes. The workbench page around it adds its own",
        "  (its template and the blocks it loads); the details below give both, and the share of the block's own",
        "  code (statements sent from `mentoring_xblock`, not from the XBlock runtime or the workbench).",
        "- **write handlers** are counted on the whole request through the workbench's handler view; the target",
        "  is the block's own statements (reads, writes and transaction control: BEGIN and COMMIT count).",
        "- **programme dashboard** is `reporting.dashboard.dashboard` alone, after every pair got three earlier",
        "  confirmed sessions and both final assessments. It is computed at every read (there is no cache): an",
        "  aggregate over the pair rows and a read of the unit's tallies (`pairs/tallies.py`, kept by the writes).",
        "  **unit tallies counted afresh** is what a unit costs once after an upgrade or a program change.",
        "- Transaction control statements count as queries everywhere, as Django's `assertNumQueries` counts them.",
        "- The exports are measured on the block's own code: the CSV handler's streamed body (the workbench's",
        "  handler view joins a body into one response; the LMS streams it) and `generate_report_data` fed the",
        "  unit's 100,000 usernames as the platform's user-state iterator would. \"Rows read before the first row",
        '  is out" counts every row Python fetched from the database (every cursor) until the first data row is',
        "  produced; the target is one less than all the rows it reads, i.e. the first row comes out before the",
        "  last is read. The raw scan reads the same rows (pairs with both members, goals, action items,",
        "  confirmed sessions, assessments, and for the report the participants) with `values_list().iterator()`,",
        "  each once: the report, in the platform's order of users, reads each pair and its figures with each",
        "  member (580,000 rows for the scan's 400,000) and looks each participant up by username.",
        "- **reminder sweep** is `pairs/nudge_sweep.py` on the 100,000-participant unit once each has a platform",
        "  account: batches of 2,000 people, what is due for each, the day's messages claimed and the items",
        "  recorded; delivery is counted, not rendered (edx-ace's work, the same whatever the sweep does). The raw",
        "  scan reads once each the rows the sweep reads to decide: the people who take reminders, the active pairs",
        "  (their stored standing), their pending sessions, open action items past due, submitted assessments and",
        "  planned sessions past their time, and the accounts. It leaves out what the sweep reads besides: each",
        "  pair and its records a second time (with its other member's batch), the members' names, what each",
        "  person was reminded of before, whether they had the day's message; and the first sweep's writes.",
        "",
        "### Details",
        "",
    ]
    lines += [f"- {text}" for text in notes["details"]]
    missed = [(start, why) for start, why in WHY_MISSED.items() if any(
        row["name"].startswith(start) and not passes(row) for row in results
    )]  # fmt: skip
    if missed:
        lines += ["", "## Targets missed, and why", ""]
        lines += [f"- **{start}**: {why}" for start, why in missed]
    lines += [
        "",
        "## Query plans checked",
        "",
        "Every distinct SELECT the block's own code sent while the learner view, the staff overview and a write",
        f"handler ran on the 10,000-pair unit, through {explain}:",
        "",
        "| where | statement | plan | index used |",
        "|---|---|---|---|",
    ]
    for sql, found in notes["plans"].items():
        plan = "<br>".join(line.replace("|", "\\|") for line in found["plan"])
        statement = _statement(sql).replace("|", "\\|")
        lines.append(f"| {found['where']} | `{statement}` | {plan} | {_uses_index(found['plan'])} |")
    lines.append("")
    return "\n".join(lines)
