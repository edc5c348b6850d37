"""One transaction per write, tried again when the database gives up on it for a moment.

On MariaDB/MySQL and PostgreSQL, two transactions that wait on each other's locks end in a
deadlock the server breaks by rolling one of them back (MySQL 1213, PostgreSQL 40P01); a lock
wait can time out (MySQL 1205); PostgreSQL may refuse a serialisable transaction (40001). None
of these is the user's fault and all of them succeed on a second try. SQLite, the embedded
default, has one writer at a time: a writer that waited past its busy timeout gets "database is
locked" (SQLITE_BUSY, or SQLITE_LOCKED inside one connection), which a new attempt cures too.
So every workflow write
runs through :func:`retrying_atomic`: the whole transaction is rolled back and run again, a
few times, before the user is told to try later (409 ``busy``) — never a server error.

A lost connection (the server restarted, an operator or a timeout killed the session, the network
dropped) ends the transaction too: the server rolls back what it had not committed. The broken
connection is closed so that the next query opens a new one, and the whole transaction runs once
more on it; if that fails too, or if the connection broke while committing (when nobody knows
whether the commit happened), the user is told the service is briefly unavailable (503
``unavailable``, with ``Retry-After``). SQLite, a file in the same process, cannot lose its
connection this way, and none of its errors counts as a lost connection.
"""

import contextlib
import contextvars
import functools
import logging
import random
import sqlite3
import time

from django.db import DatabaseError, InterfaceError, OperationalError, transaction

from .errors import Conflict, MentoringError
from .i18n import gettext as _

log = logging.getLogger(__name__)

ATTEMPTS = 6
# Seconds before the second attempt; each further one waits about twice as long, with jitter
# so that the transactions that collided do not collide again.
FIRST_PAUSE = 0.02

MYSQL_TRANSIENT = {1205, 1213}  # lock wait timeout, deadlock
POSTGRESQL_TRANSIENT = {"40001", "40P01"}  # serialization failure, deadlock detected
SQLITE_TRANSIENT = {5, 6}  # SQLITE_BUSY ("database is locked"), SQLITE_LOCKED (a table is locked)

MYSQL_DISCONNECTED = {
    1053,  # server shutdown in progress
    1927,  # connection was killed (MariaDB)
    2002,  # can't connect (socket)
    2003,  # can't connect (TCP)
    2006,  # server has gone away
    2013,  # lost connection to server during query
    2055,  # lost connection to server, system error
    4031,  # disconnected by the server after an inactivity timeout (MySQL 8)
}
POSTGRESQL_DISCONNECTED = {
    "25P03",  # idle-in-transaction session timeout: the server ended the session
    "57P01",  # terminating connection due to administrator command (pg_terminate_backend, shutdown)
    "57P02",  # crash shutdown
    "57P03",  # cannot connect now (starting up or shutting down)
    "57P05",  # idle session timeout
}


class Busy(Conflict):
    code = "busy"

    def default_message(self):
        return _("Many changes arrived at the same moment and this one could not be saved. Please try again.")


def is_transient(error):
    """True for the database errors that a new attempt of the whole transaction can cure."""
    if not isinstance(error, DatabaseError):
        return False
    cause = error.__cause__
    state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    if state in POSTGRESQL_TRANSIENT:
        return True
    if getattr(cause, "sqlite_errorcode", None) in SQLITE_TRANSIENT:
        return True
    code = error.args[0] if error.args else None
    return isinstance(code, int) and code in MYSQL_TRANSIENT


class Unavailable(MentoringError):
    """The database could not be reached; nothing was changed, or nothing is known to have been."""

    status = 503
    code = "unavailable"
    headers = (("Retry-After", "5"),)

    def default_message(self):
        return _("The service is briefly unavailable. Please try again in a moment.")


def is_disconnected(error):
    """True for the database errors that mean the connection to the server is lost or cannot be
    opened: what the connection was doing is gone, and only a new connection can go on."""
    if not isinstance(error, (DatabaseError, InterfaceError)):  # Django's InterfaceError is not a DatabaseError
        return False
    cause = error.__cause__
    if isinstance(cause, sqlite3.Error):
        return False  # an SQLite InterfaceError is a value it cannot store, not a lost connection
    if isinstance(error, InterfaceError):
        return True  # MySQLdb's (0, '') and psycopg2's "connection already closed"
    if hasattr(cause, "sqlstate") or hasattr(cause, "pgcode"):  # psycopg 3, psycopg2
        state = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
        if state is None:
            # The driver's own errors, without a SQLSTATE from the server: "the connection is
            # closed", "server closed the connection unexpectedly", "connection failed".
            return isinstance(error, OperationalError)
        return state.startswith("08") or state in POSTGRESQL_DISCONNECTED  # class 08: connection exception
    code = error.args[0] if error.args else None
    return isinstance(code, int) and code in MYSQL_DISCONNECTED


def _drop_connection(using):
    """Close the connection whose server went away, so that the next query opens a new one."""
    with contextlib.suppress(DatabaseError, InterfaceError):  # closing a dead one may fail; it is dropped anyway
        transaction.get_connection(using).close()


def unavailable(error, using=None):
    """The :class:`Unavailable` to answer for ``error``, a lost connection met outside
    :func:`retrying_atomic` (a read): the connection is closed so that the next request opens a
    new one."""
    log.warning("the database connection was lost: %s", error)
    _drop_connection(using)
    return Unavailable()


def retrying_atomic(func=None, *, using=None):
    """Run the decorated function in one transaction, again when it fails for a transient reason.

    Only the outermost transaction is tried again: inside another one, a deadlock has already
    rolled everything back, so the error travels up to the outermost :func:`retrying_atomic`.

    A lost connection is closed and the transaction run once more on a new one, unless it was
    lost while committing: then the commit may have happened, and running the write again could
    store it twice.

    Raises:
        Busy: the transaction still failed after :data:`ATTEMPTS` tries.
        Unavailable: the connection was lost twice, or while committing.
    """
    if func is None:
        return functools.partial(retrying_atomic, using=using)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if transaction.get_connection(using).in_atomic_block:
            with transaction.atomic(using=using, savepoint=_SAVEPOINTS.get()):
                return func(*args, **kwargs)
        reconnected = False
        for attempt in range(1, ATTEMPTS + 1):
            committing = False
            try:
                with transaction.atomic(using=using):
                    result = func(*args, **kwargs)
                    committing = True
                return result
            except (DatabaseError, InterfaceError) as error:
                if is_disconnected(error):
                    _drop_connection(using)
                    if committing or reconnected or attempt == ATTEMPTS:
                        when = "while committing" if committing else f"on attempt {attempt}"
                        log.warning("%s lost its database connection %s: %s", func.__qualname__, when, error)
                        raise Unavailable() from error
                    log.info("%s lost its database connection (%s); trying on a new one", func.__qualname__, error)
                    reconnected = True
                    continue
                if not is_transient(error):
                    raise
                if attempt == ATTEMPTS:
                    log.warning("%s gave up after %d attempts: %s", func.__qualname__, attempt, error)
                    raise Busy() from error
                log.info("%s: attempt %d hit %s; trying again", func.__qualname__, attempt, error)
                time.sleep(FIRST_PAUSE * 2 ** (attempt - 1) * (0.5 + random.random()))  # noqa: S311
        raise AssertionError("unreachable")  # pragma: no cover

    return wrapper


# False while a :func:`together` transaction runs: the writes it calls join it without savepoints.
_SAVEPOINTS = contextvars.ContextVar("mentoring_savepoints", default=True)


def together(func):
    """Like :func:`retrying_atomic`, for a function that calls several writes which must succeed or
    fail as one: the :func:`retrying_atomic` functions it calls join its transaction without a
    savepoint each (their failure fails it all, and a transient one tries it all again).
    """

    @retrying_atomic
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        token = _SAVEPOINTS.set(False)
        try:
            return func(*args, **kwargs)
        finally:
            _SAVEPOINTS.reset(token)

    return wrapper
