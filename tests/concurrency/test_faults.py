"""The database connection lost in the middle of a request: the server killed the session (an
operator's ``KILL``, ``pg_terminate_backend``, a restart). A write runs once more on a new
connection; when that one is lost too, the request answers a JSON 503 ``unavailable`` with
``Retry-After``, nothing half-written stays, and the next request, on a new connection, succeeds.

Only a database server can lose a connection this way, so these tests run on the MariaDB and
PostgreSQL passes; on SQLite they are deselected (``server_faults``, in this folder's conftest).
"""

import contextlib
import json

import pytest
from django.db import DatabaseError, connection, connections
from webob import Request

from mentoring_xblock.core.transactions import is_disconnected
from mentoring_xblock.models import Agreement, AgreementSignature, Goal, Pair, Session
from mentoring_xblock.pairs import pair_summary
from mentoring_xblock.ui import workspace

from ..conftest import DEMO, load_block
from .conftest import assert_invariants, prime

pytestmark = [pytest.mark.concurrency, pytest.mark.server_faults, pytest.mark.django_db(transaction=True)]

GOAL = {"statement": "Present a dashboard", "measure": "Team uses it weekly", "target_date": "2099-01-31"}
AGREEMENT = {"session_minutes": 45, "session_format": "video", "channels": "Course messages", "cadence": "Weekly"}
STANDING = ("progress", "sessions_confirmed", "last_activity_at")


def connection_id(conn):
    with conn.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()" if conn.vendor == "postgresql" else "SELECT CONNECTION_ID()")
        return cursor.fetchone()[0]


def kill(victim):
    """End the server session ``victim`` from another connection, as an operator would."""
    killer = connections.create_connection("default")
    try:
        with killer.cursor() as cursor:
            if killer.vendor == "postgresql":
                cursor.execute("SELECT pg_terminate_backend(%s, 10000)", [victim])  # waits until it is gone
                assert cursor.fetchone()[0], "the session was not terminated"
            else:
                cursor.execute(f"KILL {int(victim)}")
    finally:
        killer.close()


def killing_before(func, times):
    """``func``, whose first ``times`` calls kill this thread's database connection first."""
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(None)
        if len(calls) <= times:
            kill(connection_id(connection))
        return func(*args, **kwargs)

    wrapper.calls = calls
    return wrapper


def request(student, handler, data):
    """A handler call as one browser request; returns the status, the JSON body and the headers."""
    block = load_block(DEMO, student)
    body = json.dumps(data).encode()
    response = block.runtime.handle(
        block, handler, Request.blank("/", method="POST", body=body, content_type="application/json")
    )
    return response.status_code, json.loads(response.body), response.headers


def standing(pair):
    return Pair.objects.filter(pk=pair.pk).values(*STANDING).get()


def saved_agreement(demo):
    """The pair's agreement, saved by the mentee; the mentor has not signed it yet."""
    status, body, _headers = request("mentee1", "agreement_save", {"pair_id": demo.pk, "version": 0, **AGREEMENT})
    assert status == 200, body
    return Agreement.objects.get(pair=demo)


# Each write: the student, the handler, its data (for the pair), and the rows it adds.
WRITES = {
    "goal_add": ("mentee1", lambda demo: {"pair_id": demo.pk, **GOAL}, lambda demo: Goal.objects.filter(pair=demo)),
    "session_log": (
        "mentor",
        lambda demo: {
            "pair_id": demo.pk,
            "held_on": demo.started_on.isoformat(),
            "minutes": 50,
            "session_format": "video",
            "notes": "Met",
        },
        lambda demo: Session.objects.filter(pair=demo),
    ),
    "agreement_sign": (
        "mentor",
        lambda demo: {"pair_id": demo.pk, "version": saved_agreement(demo).version},
        lambda demo: AgreementSignature.objects.filter(agreement__pair=demo, role="mentor"),
    ),
}


@pytest.mark.parametrize("handler", list(WRITES))
def test_a_write_that_loses_its_connection_again_on_the_new_one_answers_503_and_stores_nothing(
    demo, monkeypatch, handler
):
    student, make_data, rows = WRITES[handler]
    prime("mentor", "mentee1")
    data = make_data(demo)
    before, standing_before = rows(demo).count(), standing(demo)
    # The write has stored its row, and is about to read the pair's summary to store its new
    # standing, when its connection is killed: on the first attempt and on the one on a new connection.
    read = killing_before(pair_summary.read, times=2)
    monkeypatch.setattr(pair_summary, "read", read)

    status, body, headers = request(student, handler, data)

    assert status == 503, body
    assert body["error"]["code"] == "unavailable"
    assert "try again" in body["error"]["message"]
    assert headers["Retry-After"] == "5"
    assert len(read.calls) == 2  # run once more on a new connection, then given up
    assert rows(demo).count() == before  # nothing half-written
    assert standing(demo) == standing_before

    status, body, _headers = request(student, handler, data)  # the page's next try
    assert status == 200, body
    assert rows(demo).count() == before + 1
    assert_invariants(demo.usage_key)


@pytest.mark.parametrize("handler", list(WRITES))
def test_a_write_that_loses_its_connection_once_is_run_again_on_a_new_one_and_stored_once(demo, monkeypatch, handler):
    student, make_data, rows = WRITES[handler]
    prime("mentor", "mentee1")
    data = make_data(demo)
    before = rows(demo).count()
    read = killing_before(pair_summary.read, times=1)
    monkeypatch.setattr(pair_summary, "read", read)

    status, body, _headers = request(student, handler, data)

    assert status == 200, body
    assert len(read.calls) == 2
    assert rows(demo).count() == before + 1  # the killed attempt's row is gone, the second one's stays
    assert_invariants(demo.usage_key)


def test_a_read_that_loses_its_connection_answers_503_and_the_next_one_succeeds(demo, monkeypatch):
    prime("mentee1")
    view = killing_before(workspace.view, times=1)
    monkeypatch.setattr(workspace, "view", view)

    status, body, headers = request("mentee1", "workspace_state", {"pair_id": demo.pk})

    assert (status, body["error"]["code"], headers["Retry-After"]) == (503, "unavailable", "5")
    status, body, _headers = request("mentee1", "workspace_state", {"pair_id": demo.pk})
    assert status == 200, body
    assert body["pair_id"] == demo.pk


def test_a_session_killed_by_the_server_is_told_from_other_database_errors():
    """What the driver really raises, through Django, on a killed session: the first error (MariaDB
    2013 "lost connection", PostgreSQL 57P01 "terminating connection") and the next one (2006
    "server has gone away", "the connection is closed") count as a lost connection; an error in
    the statement itself does not."""
    victim = connections.create_connection("default")
    try:
        with victim.cursor() as cursor, pytest.raises(DatabaseError) as plain:
            cursor.execute("SELECT * FROM no_such_table")
        kill(connection_id(victim))
        errors = []
        for _ in range(2):
            with pytest.raises(DatabaseError) as raised, victim.cursor() as cursor:
                cursor.execute("SELECT 1")
            errors.append(raised.value)
    finally:
        with contextlib.suppress(DatabaseError):
            victim.close()
    assert not is_disconnected(plain.value)
    assert [is_disconnected(error) for error in errors] == [True, True], [repr(error) for error in errors]
    assert errors[0].__cause__ is not None  # a driver's exception, wrapped by Django
