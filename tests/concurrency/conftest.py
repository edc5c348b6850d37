"""Many users acting at the same moment through the real handlers, each thread on its own
database connection: what the database sees when a pair, or the staff, click at once.

They run on SQLite, the embedded default (``make test-sqlite-concurrency``: a test database
file, since the in-memory one lives in a single connection), and on the MariaDB and PostgreSQL
passes; the main pass deselects them by their ``concurrency`` marker.
"""

import datetime
import threading
from collections import Counter

import pytest
from django.db import connections, transaction
from django.utils import timezone

from mentoring_xblock.core import limits
from mentoring_xblock.models import AgreementSignature, Assessment, Pair
from mentoring_xblock.pairs import pair_summary, progress, records, tallies

from ..conftest import DEMO, call_json, load_block

# Threads that act at once in each test: enough that every one of them collides with others.
THREADS = 12


def pytest_collection_modifyitems(config, items):
    """Deselect the ``server_faults`` tests on SQLite, a file in the same process: no server can
    kill its connection. They run on the MariaDB and PostgreSQL passes."""
    from django.db import connection

    if connection.vendor != "sqlite":
        return
    faults = [item for item in items if item.get_closest_marker("server_faults")]
    if faults:
        config.hook.pytest_deselected(items=faults)
        items[:] = [item for item in items if not item.get_closest_marker("server_faults")]


@pytest.fixture
def demo(workbench):
    """The demo unit after ``load_demo`` (Maya mentors Sam and Noor; capacity 3), its block's
    program, and the pair of Maya and Sam."""
    from ..integration.helpers import load_demo

    load_demo()
    found = Pair.objects.get(mentee__username="mentee1", status=Pair.ACTIVE)
    tallies.rebuild(found.usage_key, program()["at_risk_days"])  # as the first staff page does
    return found


def program():
    return load_block(DEMO, "staff").program


def prime(*students):
    """Create each student's own state row of the block before the threads start.

    The workbench keeps XBlock user state in a table without a unique key, so two first writes
    of the same user at once would store it twice; the LMS keeps it in StudentModule, which
    has one. Only the workbench needs this.
    """
    for student in students:
        block = load_block(DEMO, student)
        block.published_progress = -1.0
        block.save()


def call(student, handler, data):
    """A handler call as ``student`` from a block of their own, as one browser request."""
    return call_json(load_block(DEMO, student), handler, data)


def together(calls):
    """Run every ``(student, handler, data)`` call in its own thread, all released at the same
    moment; returns their ``(status, body)`` answers in the same order.

    Each thread opens its own database connection and closes it at its end.
    """
    barrier = threading.Barrier(len(calls))
    answers = [None] * len(calls)

    def run(index, student, handler, data):
        try:
            barrier.wait(timeout=60)
            answers[index] = call(student, handler, data)
        except BaseException as error:  # noqa: BLE001  (reported below, in the test's thread)
            answers[index] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index, *entry)) for index, entry in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(thread.is_alive() for thread in threads), "a thread never finished"
    failures = [answer for answer in answers if isinstance(answer, BaseException)]
    if failures:
        raise failures[0]
    server_errors = [(status, body) for status, body in answers if status >= 500 or status < 200]
    assert not server_errors, server_errors
    return answers


def statuses(answers):
    return Counter(status for status, _body in answers)


def codes(answers):
    return Counter(body["error"]["code"] for status, body in answers if status >= 400)


def assert_invariants(usage_key, capacity=None):
    """What must hold in the unit however many requests raced: one active mentor per mentee,
    every mentor within their capacity, one assessment per round and rater, one signature per
    version and role, and each pair's stored standing equal to what its records say."""
    active = Pair.objects.filter(usage_key=usage_key, status=Pair.ACTIVE)
    mentees = Counter(active.values_list("mentee_id", flat=True))
    assert all(count == 1 for count in mentees.values()), mentees
    mentors = Counter(active.values_list("mentor_id", flat=True))
    assert all(count <= (capacity or limits.MENTOR_CAPACITY_MAX) for count in mentors.values()), mentors
    for mentor_id in mentors:
        slots = list(active.filter(mentor_id=mentor_id).values_list("mentor_slot", flat=True))
        assert len(slots) == len(set(slots)), slots
    raters = Counter(Assessment.objects.values_list("pair_id", "round", "rater"))
    assert all(count == 1 for count in raters.values()), raters
    signatures = Counter(AgreementSignature.objects.values_list("agreement_id", "role", "version"))
    assert all(count == 1 for count in signatures.values()), signatures
    the_program = program()
    # The unit's running sums (pairs/tallies.py) equal a fresh count: no write's part was lost or
    # added twice while requests raced.
    kept = tallies.read([usage_key], datetime.date.min)[usage_key]
    if tallies.follows(kept, the_program["at_risk_days"]):
        with transaction.atomic():
            counted = tallies.rebuild(usage_key, the_program["at_risk_days"])
            transaction.set_rollback(True)
        assert _nonzero(kept) == _nonzero(counted)
    for pair in Pair.objects.filter(usage_key=usage_key):
        facts = pair_summary.from_records(records.load(pair), timezone.localdate()).facts
        share = progress.fraction(progress.checklist(the_program, facts))
        assert (pair.progress, pair.sessions_confirmed) == (pytest.approx(share), facts.confirmed_sessions), pair.pk


def _nonzero(found):
    return {key: (round(total, 6), number) for key, (total, number) in found.items() if (total, number) != (0.0, 0)}
