"""Every workflow write is one transaction, run again when the database breaks a deadlock or
loses the connection."""

import sqlite3

import pytest
from django.db import IntegrityError, InterfaceError, OperationalError, transaction

from mentoring_xblock.core import transactions
from mentoring_xblock.core.transactions import Busy, Unavailable, is_disconnected, is_transient, retrying_atomic
from mentoring_xblock.models import MentoringUnit

# Retries only happen in the outermost transaction, so these tests run outside the one that
# pytest-django wraps around ordinary tests.
pytestmark = pytest.mark.django_db(transaction=True)


class PostgresError(Exception):
    """What psycopg raises, as far as the retry cares: an exception with a SQLSTATE (None for the
    driver's own errors, such as "the connection is closed")."""

    def __init__(self, sqlstate):
        super().__init__(sqlstate)
        self.sqlstate = sqlstate


def mysql(code):
    return OperationalError(code, "Deadlock found when trying to get lock; try restarting transaction")


def sqlite_error(connection, sql):
    """The error SQLite really gives for ``sql`` on ``connection``, as Django raises it."""
    try:
        connection.execute(sql)
    except sqlite3.Error as cause:
        error = OperationalError(*cause.args)
        error.__cause__ = cause
        return error
    raise AssertionError(f"{sql} did not fail")


def sqlite_locked(tmp_path):
    """The error SQLite really gives a writer while another connection holds the write lock."""
    path = str(tmp_path / "locked.db")
    holder, waiter = sqlite3.connect(path, timeout=0), sqlite3.connect(path, timeout=0)
    holder.execute("CREATE TABLE t (x)")
    holder.execute("BEGIN IMMEDIATE")
    try:
        return sqlite_error(waiter, "BEGIN IMMEDIATE")
    finally:
        holder.close()
        waiter.close()


def postgresql(sqlstate, kind=OperationalError):
    error = kind("could not serialize access")
    error.__cause__ = PostgresError(sqlstate)
    return error


@pytest.fixture(autouse=True)
def no_pause(monkeypatch):
    monkeypatch.setattr(transactions, "FIRST_PAUSE", 0)


def failing(times, error):
    """A write that stores a unit row, then fails ``times`` times with ``error`` before succeeding."""
    calls = []

    @retrying_atomic
    def write():
        calls.append(len(calls))
        MentoringUnit.objects.create(usage_key=f"unit-{len(calls)}", course_key="course-v1:A+B+C")
        if len(calls) <= times:
            raise error
        return "saved"

    return write, calls


@pytest.mark.parametrize(
    "error",
    [mysql(1213), mysql(1205), postgresql("40001"), postgresql("40P01")],
    ids=["mysql-deadlock", "mysql-lock-wait-timeout", "pg-serialization-failure", "pg-deadlock"],
)
def test_a_write_broken_by_a_deadlock_is_run_again_and_its_failed_attempts_leave_nothing(error):
    write, calls = failing(2, error)
    assert write() == "saved"
    assert len(calls) == 3
    # The rows of the two rolled-back attempts are gone; only the third attempt's stays.
    assert list(MentoringUnit.objects.values_list("usage_key", flat=True)) == ["unit-3"]


@pytest.mark.parametrize("error", [IntegrityError(1062, "Duplicate entry"), mysql(1064), postgresql("23505")])
def test_other_database_errors_are_not_retried(error):
    write, calls = failing(1, error)
    with pytest.raises(type(error)):
        write()
    assert len(calls) == 1
    assert not MentoringUnit.objects.exists()


def test_inside_another_transaction_the_error_goes_up_to_the_outermost_one():
    write, calls = failing(1, mysql(1213))
    with pytest.raises(OperationalError), transaction.atomic():
        write()
    assert len(calls) == 1

    @retrying_atomic
    def outer():
        return write()

    assert outer() == "saved"  # the outer transaction ran again, and with it the inner write
    assert len(calls) == 2


def test_a_write_that_keeps_failing_ends_in_a_clean_conflict_not_a_server_error():
    write, calls = failing(100, mysql(1213))
    with pytest.raises(Busy) as raised:
        write()
    assert len(calls) == transactions.ATTEMPTS
    assert (raised.value.status, raised.value.code) == (409, "busy")
    assert "try again" in raised.value.message
    assert not MentoringUnit.objects.exists()


def test_only_transient_errors_count_as_transient():
    assert is_transient(mysql(1213)) and is_transient(postgresql("40P01"))
    assert not is_transient(mysql(1062)) and not is_transient(postgresql("42P01"))
    assert not is_transient(ValueError(1213))


def test_a_write_refused_by_sqlites_lock_is_run_again(tmp_path):
    error = sqlite_locked(tmp_path)
    assert "database is locked" in str(error) and is_transient(error)
    write, calls = failing(2, error)
    assert write() == "saved"
    assert len(calls) == 3


def test_sqlite_errors_that_are_not_a_lock_are_not_tried_again(tmp_path):
    connection = sqlite3.connect(str(tmp_path / "plain.db"))
    try:
        error = sqlite_error(connection, "SELECT * FROM missing")
    finally:
        connection.close()
    assert not is_transient(error)
    assert not is_disconnected(error)


LOST = {
    "mysql-gone-away": mysql(2006),
    "mysql-lost-during-query": mysql(2013),
    "mysql-cannot-connect": mysql(2003),
    "mariadb-connection-killed": mysql(1927),
    "pg-terminated-by-administrator": postgresql("57P01"),
    "pg-connection-failure": postgresql("08006"),
    "pg-connection-closed": postgresql(None),
    "interface-error": InterfaceError("connection already closed"),
}
NOT_LOST = {
    "mysql-deadlock": mysql(1213),
    "mysql-duplicate": IntegrityError(1062, "Duplicate entry"),
    "pg-deadlock": postgresql("40P01"),
    "pg-syntax-error": postgresql("42601"),
    "pg-driver-programming-error": postgresql(None, kind=IntegrityError),
    "not-a-database-error": ValueError(2006),
}


@pytest.mark.parametrize("error", list(LOST.values()), ids=list(LOST))
def test_the_errors_of_a_lost_connection_count_as_one(error):
    assert is_disconnected(error)
    assert not is_transient(error)


@pytest.mark.parametrize("error", list(NOT_LOST.values()), ids=list(NOT_LOST))
def test_other_errors_do_not_count_as_a_lost_connection(error):
    assert not is_disconnected(error)


def test_sqlites_lock_is_not_a_lost_connection(tmp_path):
    assert not is_disconnected(sqlite_locked(tmp_path))


@pytest.mark.parametrize("error", [mysql(2013), postgresql("57P01")], ids=["mysql", "postgresql"])
def test_a_write_whose_connection_was_lost_runs_once_more_on_a_new_one(error):
    write, calls = failing(1, error)
    assert write() == "saved"
    assert len(calls) == 2
    # The server rolled back the first attempt; only the second attempt's row stays.
    assert list(MentoringUnit.objects.values_list("usage_key", flat=True)) == ["unit-2"]


def test_a_write_that_loses_its_connection_twice_is_answered_unavailable_and_leaves_nothing():
    write, calls = failing(100, mysql(2006))
    with pytest.raises(Unavailable) as raised:
        write()
    assert len(calls) == 2
    assert (raised.value.status, raised.value.code) == (503, "unavailable")
    assert dict(raised.value.headers) == {"Retry-After": "5"}
    assert "try again" in raised.value.message
    assert not MentoringUnit.objects.exists()


def test_a_connection_lost_while_committing_is_not_run_again(monkeypatch):
    """The commit may have happened: running the write again could store it twice."""
    connection = transaction.get_connection()
    real_commit = connection.commit

    def commit_then_lose_the_answer():
        real_commit()
        raise mysql(2013)

    monkeypatch.setattr(connection, "commit", commit_then_lose_the_answer)
    write, calls = failing(0, None)
    with pytest.raises(Unavailable):
        write()
    assert len(calls) == 1
    assert list(MentoringUnit.objects.values_list("usage_key", flat=True)) == ["unit-1"]
