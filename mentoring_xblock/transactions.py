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
"""

import contextvars
import functools
import logging
import random
import time

from django.db import DatabaseError, transaction

from .errors import Conflict
from .i18n import gettext as _

log = logging.getLogger(__name__)

ATTEMPTS = 6
# Seconds before the second attempt; each further one waits about twice as long, with jitter
# so that the transactions that collided do not collide again.
FIRST_PAUSE = 0.02

MYSQL_TRANSIENT = {1205, 1213}  # lock wait timeout, deadlock
POSTGRESQL_TRANSIENT = {"40001", "40P01"}  # serialization failure, deadlock detected
SQLITE_TRANSIENT = {5, 6}  # SQLITE_BUSY ("database is locked"), SQLITE_LOCKED (a table is locked)


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


def retrying_atomic(func=None, *, using=None):
    """Run the decorated function in one transaction, again when it fails for a transient reason.

    Only the outermost transaction is tried again: inside another one, a deadlock has already
    rolled everything back, so the error travels up to the outermost :func:`retrying_atomic`.

    Raises:
        Busy: the transaction still failed after :data:`ATTEMPTS` tries.
    """
    if func is None:
        return functools.partial(retrying_atomic, using=using)

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if transaction.get_connection(using).in_atomic_block:
            with transaction.atomic(using=using, savepoint=_SAVEPOINTS.get()):
                return func(*args, **kwargs)
        for attempt in range(1, ATTEMPTS + 1):
            try:
                with transaction.atomic(using=using):
                    return func(*args, **kwargs)
            except DatabaseError as error:
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
