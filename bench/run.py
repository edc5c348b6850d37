"""``make bench``: seed a fresh database, measure every target, write the results and the report.

    BENCH_DB=sqlite|mariadb   the database (SQLite by default; see bench/database.py)
    BENCH_RUNS=25             timed runs per latency figure (after two warm-up runs)
    BENCH_EXPORT_RUNS=5       timed runs per export figure (each reads 100,000 participants)

Writes ``bench/results/latest.json`` (one object per figure) and ``docs/PERFORMANCE.md``.
Exits with status 1 when a target is missed.

``python -m bench exports`` seeds the 100,000-participant unit only and measures the exports only:
it prints their figures and writes nothing. ``python -m bench nudges`` does the same for the
reminder sweep (bench/nudges.py).
"""

import gc
import os
import platform as machine
import statistics
import sys
import time

from . import database

RUNS = int(os.environ.get("BENCH_RUNS", "25"))
EXPORT_RUNS = int(os.environ.get("BENCH_EXPORT_RUNS", "5"))


def main():
    backend = database.configure()
    import django

    django.setup()
    from django.conf import settings

    # Production-like: no query logging outside the measured blocks, no debug cursors.
    settings.DEBUG = False
    only = sys.argv[1] if sys.argv[1:] in (["exports"], ["nudges"]) else None
    try:
        bench = Bench(backend)
        results, notes = bench.run_only(only) if only else bench.run()
    finally:
        database.finish()
    from . import report

    if not only:
        report.write(results, notes)
    failed = [row for row in results if not report.passes(row)]
    for row in results:
        mark = "ok  " if report.passes(row) else "MISS"
        print(f"{mark} {row['name']:<70} {row['measured']:>10} (target {row['target']} {row['unit']})")
    sys.exit(1 if failed else 0)


class Bench:
    def __init__(self, backend):
        self.backend = backend
        self.results = []
        self.notes = {"backend": backend, "runs": RUNS, "export_runs": EXPORT_RUNS, "details": [], "plans": {}}

    def figure(self, name, measured, target, unit, better="lower"):
        measured = round(measured, 3) if isinstance(measured, float) else measured
        self.results.append({"name": name, "measured": measured, "target": target, "unit": unit, "better": better})
        print(f"  {name}: {measured} {unit} (target {target})", flush=True)

    def detail(self, text):
        self.notes["details"].append(text)

    # -- setup -------------------------------------------------------------------------------------

    def setup(self, units=None):
        from django.core.management import call_command
        from django.db import connection, transaction

        from . import seed, workloads

        started = time.perf_counter()
        call_command("migrate", "--run-syncdb", verbosity=0)
        self.keys = seed.register_scenarios()
        seed.seed_users()
        self.program = workloads.load_block(seed.SMALL.scenario, None).program
        self.focus = {}
        with transaction.atomic():  # one commit for all of it
            for spec in units or seed.UNITS:
                pair = seed.seed_unit(spec, self.keys[spec.scenario], self.program)
                if pair is not None:
                    self.focus[spec.scenario] = workloads.Focus(spec.scenario, pair)
        self.notes["seed_seconds"] = round(time.perf_counter() - started, 1)
        self.notes["database"] = database.describe(connection)
        print(f"seeded in {self.notes['seed_seconds']} s ({self.notes['database']})", flush=True)

    def run(self):
        self.setup()
        self.learner_view()
        self.staff_overview()
        self.write_handlers()
        self.exports()
        self.query_plans()
        self.program_change()
        self.dashboard()
        self.nudges()
        self.notes["machine"] = machine_description()
        return self.results, self.notes

    def run_only(self, name):
        """Seed the 100,000-participant unit only, and measure ``exports`` or ``nudges`` on it."""
        from . import seed

        self.setup(units=[seed.EXPORT])
        getattr(self, name)()
        for text in self.notes["details"]:
            print(f"  {text}")
        return self.results, self.notes

    # -- the learner view ----------------------------------------------------------------------------

    def learner_view(self):
        from . import measure, seed, workloads

        browser = workloads.client()
        small, large = seed.SMALL.scenario, seed.LARGE.scenario
        for scenario in (small, large):
            for student in (seed.MENTEE, seed.MENTOR, seed.TYPICAL.mentee):
                workloads.page(browser, scenario, student)  # first visits: users, state rows
        counts = {}
        for scenario, label in ((small, "10 pairs"), (large, "10,000 pairs")):
            view, _ = measure.count(lambda scenario=scenario: workloads.student_view(scenario, seed.MENTEE))
            whole, _ = measure.count(lambda scenario=scenario: workloads.page(browser, scenario, seed.MENTEE))
            counts[scenario] = view
            self.figure(f"learner view: SQL queries, {label}", view.total, 12, "queries")
            self.detail(
                f"learner view, {label}: student_view {view.total} queries ({view.block} by the block's code, "
                f"{view.runtime} by the runtime); the whole workbench page {whole.total} "
                f"({whole.block} block, {whole.runtime} runtime and workbench, "
                f"{whole.total - whole.block - whole.runtime} other)"
            )
            self.notes.setdefault("listings", {})[f"learner view, {label}"] = view.listing()
        self.figure(
            "learner view: SQL queries, 10,000 pairs minus 10 pairs",
            counts[large].total - counts[small].total,
            0,
            "queries",
        )
        timed = measure.medians(
            {
                "small": lambda: workloads.page(browser, small, seed.MENTEE),
                "large": lambda: workloads.page(browser, large, seed.MENTEE),
                "typical": lambda: workloads.page(browser, large, seed.TYPICAL.mentee),
                "thumbs": lambda: workloads.page(browser, workloads.THUMBS, seed.MENTEE),
            },
            RUNS,
        )
        self.learner_ms = timed["large"]
        self.figure("learner view latency: 10,000 pairs / 10 pairs", timed["large"] / timed["small"], 1.2, "ratio")
        thumbs = "the thumbs sample page"
        ratio = timed["large"] / timed["thumbs"]
        self.figure(f"learner view latency, the six-month pair / {thumbs}", ratio, 1.5, "ratio")
        self.figure(f"learner view latency, a pair two months in / {thumbs}", timed["typical"] / timed["thumbs"], 3,
                    "ratio")  # fmt: skip
        self.detail(
            "page medians (10,000 pairs unless said): learner, six-month pair {large:.1f} ms (10 pairs: {small:.1f} "
            "ms), learner, pair two months in {typical:.1f} ms, thumbs sample {thumbs:.1f} ms".format(**timed)
        )

    # -- the staff overview ------------------------------------------------------------------------------

    def staff_overview(self):
        from django.core.cache import cache

        from . import measure, seed, workloads

        browser = workloads.client()
        large = seed.LARGE.scenario
        workloads.page(browser, large, seed.STAFF)
        cache.clear()  # counted with the programme dashboard computed, as the first read in five minutes
        view, _ = measure.count(lambda: workloads.student_view(large, seed.STAFF))
        whole, _ = measure.count(lambda: workloads.page(browser, large, seed.STAFF))
        self.figure("staff overview, first page, 10,000 pairs: SQL queries", view.total, 15, "queries")
        self.notes.setdefault("listings", {})["staff overview, 10,000 pairs"] = view.listing()
        self.detail(
            f"staff overview, 10,000 pairs: student_view {view.total} queries ({view.block} block, "
            f"{view.runtime} runtime); the whole page {whole.total}"
        )
        learner = self.focus[large]
        timed = measure.medians(
            {
                "staff": lambda: workloads.page(browser, large, seed.STAFF),
                "learner": lambda: workloads.page(browser, learner.scenario, seed.MENTEE),
            },
            RUNS,
        )
        ratio = timed["staff"] / timed["learner"]
        self.figure("staff overview latency, 10,000 pairs / learner view", ratio, 3, "ratio")
        self.detail(
            "page medians: staff overview {staff:.1f} ms, learner view {learner:.1f} ms (10,000 pairs)".format(**timed)
        )

    # -- write handlers -----------------------------------------------------------------------------------

    def write_handlers(self):
        from django.core.cache import cache

        from . import measure, seed, workloads

        browser = workloads.client()
        answers = seed.assessment_answers(self.program)
        found = {}
        for scenario, label in ((seed.SMALL.scenario, "10 pairs"), (seed.LARGE.scenario, "10,000 pairs")):
            for name, student, handler, data in workloads.writes(self.focus[scenario], self.program, answers):
                payload = data()
                call = (browser, scenario, student, handler, payload)
                # Each from a cold cache: django-waffle keeps a switch it read (edx-completion's,
                # when a write credits the partner) in the cache, which only the first size
                # measured would otherwise pay for.
                cache.clear()
                counted, _ = measure.count(lambda call=call: workloads.handler(*call))
                found[(name, label)] = counted
                self.notes.setdefault("listings", {})[f"{name}, {label}"] = counted.listing()
        names = [name for name, *_ in workloads.writes(self.focus[seed.SMALL.scenario], self.program, answers)]
        for name in names:
            for label in ("10 pairs", "10,000 pairs"):
                counted = found[(name, label)]
                self.figure(f"write handler {name}: SQL queries, {label}", counted.block, 10, "queries")
            small, large = found[(name, "10 pairs")], found[(name, "10,000 pairs")]
            self.detail(
                f"{name}: {small.block} queries by the block's code ({small.total} in the whole request, "
                f"{small.runtime} by the runtime) with 10 pairs; {large.block} ({large.total}, {large.runtime}) "
                "with 10,000 pairs"
            )
        spread = max(abs(found[(n, "10,000 pairs")].total - found[(n, "10 pairs")].total) for n in names)
        self.figure("write handlers: largest query difference, 10,000 vs 10 pairs", spread, 0, "queries")

    # -- exports -----------------------------------------------------------------------------------------

    def exports(self):
        from . import measure, seed, workloads

        scenario, usage_key = seed.EXPORT.scenario, self.keys[seed.EXPORT.scenario]
        names = workloads.usernames(usage_key)
        kinds = {
            "CSV export": (
                lambda: workloads.csv_chunks(scenario),
                lambda chunk: chunk.count(b"\n") > 0 and not chunk.startswith(b"mentor,"),
                lambda: workloads.raw_scan(usage_key),
            ),
            "generate_report_data": (
                lambda: workloads.report_rows(scenario, names),
                lambda item: True,
                lambda: workloads.raw_scan(usage_key, participants=True),
            ),
        }
        for label, (produce, is_data, scan) in kinds.items():
            first, total, produced, first_s, all_s = measure.streaming(produce(), is_data)
            self.figure(f"{label}, 100,000 participants: rows read before the first row is out", first, total - 1,
                        "rows")  # fmt: skip
            growth = measure.peak_growth_mb(lambda produce=produce: sum(1 for _ in produce()))
            self.figure(f"{label}, 100,000 participants: peak memory growth", growth, 64, "MB")
            timed = measure.medians(
                {"export": lambda produce=produce: sum(1 for _ in produce()), "scan": scan}, EXPORT_RUNS, warmup=1
            )
            self.figure(f"{label}, 100,000 participants: time / raw values_list scan", timed["export"] / timed["scan"],
                        3, "ratio")  # fmt: skip
            self.detail(
                f"{label}: {produced} items out; the first data item after {first} of {total} rows read "
                f"({first_s * 1000:.0f} ms of {all_s * 1000:.0f} ms); medians {timed['export']:.0f} ms vs "
                f"{timed['scan']:.0f} ms for the raw scan ({scan()} rows)"
            )

    # -- the reminder sweep ----------------------------------------------------------------------------

    def nudges(self):
        from . import measure, seed
        from . import nudges as sweep

        usage_key = self.keys[seed.EXPORT.scenario]
        people = sweep.prepare(usage_key)
        label = "reminder sweep, 100,000 participants"
        sweep.forget(usage_key)
        with measure.capture() as queries:
            outcome = sweep.sweep(usage_key)
        per_batch = len(queries.queries) / max(outcome.batches, 1)
        # A batch's people, its pairs and their four kinds of records, what its people were
        # reminded of, the day's messages claimed and read back, the items, the accounts, BEGIN
        # and COMMIT: the same whatever the batch's size (each insert is one executemany).
        self.figure(f"{label}: queries per batch of {sweep.nudge_sweep.BATCH}", per_batch, 20, "queries")
        again = sweep.sweep(usage_key)  # a second sweep the same day sends nothing
        self.figure(f"{label}: messages a second sweep the same day sends", again.sent, 0, "messages")
        sweep.forget(usage_key)
        growth = measure.peak_growth_mb(lambda: sweep.sweep(usage_key))
        self.figure(f"{label}: peak memory growth", growth, 64, "MB")

        # In turns, as measure.medians times its actions: the first sweep of a day (what a sweep
        # recorded is deleted before it, outside its time), the same day's next sweep (nothing
        # new: it reads and works out everything and writes nothing), and the raw scan.
        times = {"first": [], "next": [], "scan": []}
        actions = (
            ("first", lambda: sweep.sweep(usage_key)),
            ("next", lambda: sweep.sweep(usage_key)),
            ("scan", lambda: sweep.raw_scan(usage_key)),
        )
        for run in range(EXPORT_RUNS + 1):
            sweep.forget(usage_key)
            for name, action in actions:
                gc.collect()
                started = time.perf_counter()
                action()
                if run:  # the first turn warms up
                    times[name].append((time.perf_counter() - started) * 1000)
        timed = {name: statistics.median(values) for name, values in times.items()}
        self.figure(f"{label}: first sweep of a day, time / raw values_list scan", timed["first"] / timed["scan"], 3,
                    "ratio")  # fmt: skip
        self.figure(f"{label}: a later sweep the same day, time / raw values_list scan", timed["next"] / timed["scan"],
                    3, "ratio")  # fmt: skip
        self.detail(
            f"Reminder sweep: {people} participants in {outcome.batches} batches, {outcome.due} with something "
            f"new due, {outcome.sent} messages handed to delivery (counted, not rendered: edx-ace's work), "
            f"{len(queries.queries)} queries in all; medians {timed['first']:.0f} ms for the first sweep of a day, "
            f"{timed['next']:.0f} ms for a later one, {timed['scan']:.0f} ms for the raw scan "
            f"({sweep.raw_scan(usage_key)} rows)"
        )

    # -- the programme dashboard ---------------------------------------------------------------------

    def dashboard(self):
        """The programme dashboard above the staff table (reporting/dashboard.py): two queries
        with 10 pairs as with 10,000, the time they take, and the staff page that shows it, computed
        at every read, within the staff page's budget. Runs last: it first gives every pair three
        earlier confirmed sessions and both final assessments, so that every chart has weeks and
        rounds to count; they are written straight to the tables, so the units' tallies are then
        counted again from the records, as after an upgrade (pairs/tallies.py), and that is timed too."""
        import datetime

        from django.db import transaction
        from django.utils import timezone

        from mentoring_xblock.core.platform import Unit
        from mentoring_xblock.models import Assessment, Session
        from mentoring_xblock.pairs import tallies
        from mentoring_xblock.reporting import dashboard
        from mentoring_xblock.workbench.services import workbench_course_key

        from . import measure, seed, workloads

        large, small = seed.LARGE.scenario, seed.SMALL.scenario
        today, now = timezone.localdate(), timezone.now()
        with transaction.atomic():
            for scenario in (small, large):
                key = self.keys[scenario]
                for back in (14, 35, 63):
                    seed.for_each_pair(key, Session, held_on=today - datetime.timedelta(days=back), minutes=45,
                                       session_format="video", agenda_items=["kickoff"],
                                       confirmation=Session.CONFIRMED)  # fmt: skip
                Assessment.objects.filter(usage_key=key, round="final").delete()  # the write handlers' own
                for rater in ("self", "mentor"):
                    seed.for_each_pair(key, Assessment, round="final", rater=rater, ratings={"sql": 3},
                                       submitted_at=now)  # fmt: skip
        counts, timed = {}, {}
        for scenario, label in ((small, "10 pairs"), (large, "10,000 pairs")):
            program = workloads.load_block(scenario, seed.STAFF).program
            key, window = self.keys[scenario], program["at_risk_days"]
            rebuilt, _ = measure.count(lambda key=key, window=window: tallies.rebuild(key, window))
            self.figure(f"unit tallies counted afresh, {label}: SQL queries", rebuilt.total, 7, "queries")
            if scenario == large:
                again = measure.medians({"rebuild": lambda k=key, w=window: tallies.rebuild(k, w)}, 5)["rebuild"]
                self.figure("unit tallies counted afresh, 10,000 pairs with history: time", again, 5000, "ms")
            unit = Unit(course_key=workbench_course_key(), usage_key=key)
            found, shown = measure.count(lambda unit=unit, program=program: dashboard.dashboard(unit, program))
            counts[label] = found.total
            self.figure(f"programme dashboard, {label}: SQL queries", found.total, 2, "queries")
            timed[label] = measure.medians({"dashboard": lambda u=unit, p=program: dashboard.dashboard(u, p)}, RUNS)
        self.figure("programme dashboard: SQL queries, 10,000 pairs minus 10 pairs",
                    counts["10,000 pairs"] - counts["10 pairs"], 0, "queries")  # fmt: skip
        assert shown.active and shown.funnel["assessed"] and any(week.sessions for week in shown.weeks[:-1])
        assert shown.assessed_pairs and any(week.at_risk for week in shown.weeks)
        fresh = timed["10,000 pairs"]["dashboard"]
        self.figure("programme dashboard, 10,000 pairs with history: time", fresh, 1000, "ms")
        browser = workloads.client()
        workloads.page(browser, large, seed.STAFF)
        view, _ = measure.count(lambda: workloads.student_view(large, seed.STAFF))
        self.figure("staff page with the dashboard, 10,000 pairs with history: SQL queries", view.total,
                    15, "queries")  # fmt: skip
        self.notes.setdefault("listings", {})["staff page with the dashboard, 10,000 pairs"] = view.listing()
        learner = self.focus[large]
        pages = measure.medians(
            {
                "staff": lambda: workloads.page(browser, large, seed.STAFF),
                "learner": lambda: workloads.page(browser, learner.scenario, seed.MENTEE),
            },
            RUNS,
        )
        # The dashboard is computed at every read: there is no cache.
        self.figure("staff page with the dashboard, 10,000 pairs with history / learner view",
                    pages["staff"] / pages["learner"], 3, "ratio")  # fmt: skip
        self.detail(
            f"programme dashboard, medians: {timed['10 pairs']['dashboard']:.1f} ms with 10 pairs, "
            f"{fresh:.1f} ms with 10,000 (three earlier sessions and both final assessments per pair); "
            f"staff page {pages['staff']:.1f} ms, learner view {pages['learner']:.1f} ms"
        )

    # -- a program change -------------------------------------------------------------------------------

    def program_change(self):
        """The first staff page after the author changed the rules: every pair's standing is counted
        again (program_rules.follow), and the unit's tallies with it (pairs/tallies.count_again), in
        the same statements with 10 pairs as with 10,000. Runs last: it changes every pair's stored
        standing."""
        from . import measure, seed, workloads

        def change(scenario):
            block = workloads.load_block(scenario, seed.STAFF)
            program = block.program
            program["completion"]["min_goals"] = 3 - program["completion"]["min_goals"]  # 1 <-> 2
            block.program = program
            block.save()

        counts = {}
        for scenario, label in ((seed.SMALL.scenario, "10 pairs"), (seed.LARGE.scenario, "10,000 pairs")):
            workloads.student_view(scenario, seed.STAFF)  # the unit's tallies counted, as by any first page
            steady, _ = measure.count(lambda scenario=scenario: workloads.student_view(scenario, seed.STAFF))
            change(scenario)
            first, _ = measure.count(lambda scenario=scenario: workloads.student_view(scenario, seed.STAFF))
            counts[label] = first.total
            # BEGIN, the unit's row locked, one UPDATE of every pair, the unit's tallies counted again
            # (five statements: pairs/tallies.count_again), the unit's row stored, COMMIT.
            self.figure(f"staff overview after a program change, {label}: SQL queries", first.total,
                        steady.total + 10, "queries")  # fmt: skip
            self.notes.setdefault("listings", {})[f"staff overview after a program change, {label}"] = first.listing()
        self.figure("staff overview after a program change: SQL queries, 10,000 pairs minus 10 pairs",
                    counts["10,000 pairs"] - counts["10 pairs"], 0, "queries")  # fmt: skip
        large = seed.LARGE.scenario
        # Each turn changes the rules twice (there and back), each change read by a staff page.
        timed = measure.medians(
            {
                "steady": lambda: workloads.student_view(large, seed.STAFF),
                "changed": lambda: (change(large), workloads.student_view(large, seed.STAFF)),
                "changed back": lambda: (change(large), workloads.student_view(large, seed.STAFF)),
            },
            RUNS,
        )
        saving = measure.medians({"two saves": lambda: (change(large), change(large))}, RUNS)["two saves"] / 2
        recount = timed["changed"] - saving
        self.figure("staff overview after a program change, 10,000 pairs: time", recount, 1000, "ms")
        self.figure("staff overview after a program change / steady staff overview, 10,000 pairs",
                    recount / timed["steady"], 10, "ratio")  # fmt: skip
        self.detail(
            f"staff overview after a program change: {counts['10 pairs']} queries with 10 pairs, "
            f"{counts['10,000 pairs']} with 10,000 (every pair counted again in one UPDATE); medians with 10,000 "
            f"pairs: {recount:.1f} ms (the steady page {timed['steady']:.1f} ms)"
        )

    # -- query plans -------------------------------------------------------------------------------------

    def query_plans(self):
        from . import measure, seed, workloads

        browser = workloads.client()
        large = seed.LARGE.scenario
        plans = self.notes["plans"]
        actions = {
            "learner view": lambda: workloads.page(browser, large, seed.MENTEE),
            "staff overview": lambda: workloads.page(browser, large, seed.STAFF),
            "add goal update": lambda: workloads.handler(
                browser, large, seed.MENTEE, "goal_progress",
                {"pair_id": self.focus[large].pair.pk, "goal_id": self.focus[large].goal().pk, "value": 70},
            ),
        }  # fmt: skip
        for label, action in actions.items():
            with measure.statements() as seen:
                action()
            for sql, params, owner in seen:
                if owner != "block" or not sql.lstrip().upper().startswith("SELECT") or sql in plans:
                    continue
                plans[sql] = {"where": label, "plan": measure.explain(sql, params)}


def machine_description():
    cpus = os.cpu_count()
    model = ""
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            model = next((line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")), "")
    except OSError:
        pass
    system = f"{machine.system()} {machine.release()}, Python {machine.python_version()}"
    return f"{model or machine.processor()} ({cpus} CPUs), {system}"
