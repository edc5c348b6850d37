"""How long the staff overview, its filters, search and pages, and the CSV export take for a unit
with many pairs (10,000 by default), on a fresh SQLite database in a temporary folder.

    DJANGO_SETTINGS_MODULE=mentoring_xblock.workbench.settings .venv/bin/python bench/staff_overview.py [PAIRS]

Prints one line per measurement (milliseconds and SQL queries) and the query plan of a page.
Not a test: the numbers depend on the machine.
"""

import datetime
import os
import sys
import tempfile
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mentoring_xblock.workbench.settings")
os.environ["MENTORING_VAR_DIR"] = tempfile.mkdtemp(prefix="mentoring-bench-")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from mentoring_xblock.core.platform import Actor, Unit  # noqa: E402
from mentoring_xblock.models import ActionItem, Goal, Pair, Participant, Session  # noqa: E402
from mentoring_xblock.pairs import access  # noqa: E402
from mentoring_xblock.program import config  # noqa: E402
from mentoring_xblock.reporting import exports, staff_overview  # noqa: E402

UNIT = Unit(course_key="course-v1:Bench+Mentoring+1", usage_key="block-v1:Bench+Mentoring+1+type@mentorship+block@u")
STAFF = Actor("anon-staff", "staff", "Staff", 1, True, "staff", True)
STAGES = [Pair.NOT_STARTED, Pair.IN_PROGRESS, Pair.IN_PROGRESS, Pair.COMPLETE]


def populate(count):
    today = timezone.localdate()
    people = Participant.objects.bulk_create(
        Participant(course_key=UNIT.course_key, usage_key=UNIT.usage_key, anonymous_id=f"a-{role}{n}",
                    username=f"{role}{n}", display_name=f"{role.title()} {n}")
        for n in range(count) for role in ("mentor", "mentee")
    )  # fmt: skip
    pairs = Pair.objects.bulk_create(
        Pair(course_key=UNIT.course_key, usage_key=UNIT.usage_key, mentor=people[2 * n], mentee=people[2 * n + 1],
             active_mentee=people[2 * n + 1], mentor_slot=1, started_on=today - datetime.timedelta(days=n % 90),
             stage=STAGES[n % 4], progress=(n % 5) / 4 if n % 5 < 4 else 1.0, sessions_confirmed=n % 7,
             minutes_confirmed=(n % 7) * 45,
             last_session_on=today - datetime.timedelta(days=n % 50) if n % 3 else None,
             cadence_due_on=today + datetime.timedelta(days=(n % 60) - 20))
        for n in range(count)
    )  # fmt: skip
    scoped = {"course_key": UNIT.course_key, "usage_key": UNIT.usage_key}
    Goal.objects.bulk_create(Goal(**scoped, pair=pair, statement="Goal", status="achieved") for pair in pairs)
    ActionItem.objects.bulk_create(ActionItem(**scoped, pair=pair, text="Do", owner="mentee") for pair in pairs)
    Session.objects.bulk_create(
        Session(**scoped, pair=pair, held_on=today, minutes=45, session_format="video", agenda_items=["kickoff"],
                confirmation=Session.CONFIRMED)
        for pair in pairs
    )  # fmt: skip


def measure(label, action):
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        action()
        elapsed = (time.perf_counter() - started) * 1000
    print(f"{label:<40} {elapsed:8.1f} ms  {len(captured.captured_queries):3d} queries")


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    call_command("migrate", "--run-syncdb", verbosity=0)
    populate(count)
    ctx = access.Context(unit=UNIT, actor=STAFF, program=config.default_program())
    print(f"{count} pairs, {connection.vendor}")
    for chosen in staff_overview.FILTERS:
        measure(
            f"page 1, filter {chosen}",
            lambda chosen=chosen: staff_overview.overview(ctx, staff_overview.View(filter=chosen)),
        )
    measure("page 200, all", lambda: staff_overview.overview(ctx, staff_overview.View(page=200)))
    measure("search 'TOR12'", lambda: staff_overview.overview(ctx, staff_overview.View(search="TOR12")))
    measure(
        "at risk + search 'mentee9'", lambda: staff_overview.overview(ctx, staff_overview.View("at_risk", "mentee9"))
    )
    measure("CSV export, every pair", lambda: sum(len(part) for part in exports.staff_csv(ctx, staff_overview.View())))
    page = staff_overview.matching(UNIT, ctx.program, staff_overview.View(), ctx.today).select_related(
        "mentor", "mentee"
    )[:25]
    with connection.cursor() as cursor:
        sql, params = page.query.sql_with_params()
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}" if connection.vendor == "sqlite" else f"EXPLAIN {sql}", params)
        print("plan of page 1:", *cursor.fetchall(), sep="\n  ")


if __name__ == "__main__":
    main()
