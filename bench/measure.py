"""How the benchmark measures: SQL statements (and who sent them), medians of repeated timings,
memory growth, rows read from the database, and query plans."""

import collections
import gc
import statistics
import time
import traceback
import tracemalloc
from contextlib import contextmanager
from pathlib import Path

from django.db import connection
from django.db.backends.utils import CursorWrapper
from django.test.utils import CaptureQueriesContext

import mentoring_xblock

PACKAGE = str(Path(mentoring_xblock.__file__).resolve().parent)
# Our user and field-data services for the workbench stand in for the runtime, not the block.
RUNTIME_FILES = ("/workbench/", "/xblock/", "mentoring_xblock/workbench/services.py")
# edx-completion (and django-waffle, for its switch): the platform's completion service, which the
# block asks to credit a partner when the pair's progress changed.
COMPLETION_FILES = ("/completion/", "/waffle/")
TRANSACTION_CONTROL = ("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def owner_of(stack):
    """``block`` when the innermost caller outside Django is the package's own code, ``runtime``
    when it is the XBlock runtime or the workbench (field data, user service, pages),
    ``completion`` when it is the platform's completion service, else ``other``."""
    for frame in reversed(stack):
        name = frame.filename
        if "/django/" in name:
            continue
        if any(part in name for part in COMPLETION_FILES):
            return "completion"
        if any(part in name for part in RUNTIME_FILES):
            return "runtime"
        if name.startswith(PACKAGE):
            return "block"
    return "other"


class _OwnedLog(collections.deque):
    """``connection.queries_log`` that notes who sent each statement (transaction control included)."""

    def append(self, item):
        item["owner"] = owner_of(traceback.extract_stack()[:-1])
        super().append(item)


class Captured:
    """The statements of one measured call."""

    def __init__(self, queries):
        self.queries = queries

    @property
    def total(self):
        return len(self.queries)

    @property
    def block(self):
        return sum(1 for query in self.queries if query["owner"] == "block")

    @property
    def completion(self):
        return sum(1 for query in self.queries if query["owner"] == "completion")

    @property
    def runtime(self):
        return sum(1 for query in self.queries if query["owner"] == "runtime")

    def listing(self):
        return [f"[{q['owner']}] {q['sql'][:160]}" for q in self.queries]


@contextmanager
def capture():
    """Every statement Django sends inside the block, each with its owner (see :func:`owner_of`)."""
    original = connection.queries_log
    connection.queries_log = _OwnedLog(maxlen=original.maxlen)
    found = Captured([])
    try:
        with CaptureQueriesContext(connection) as captured:
            yield found
        found.queries = list(captured.captured_queries)
    finally:
        connection.queries_log = original


def count(action):
    """(:class:`Captured`, result) of calling ``action``."""
    with capture() as found:
        result = action()
    return found, result


@contextmanager
def statements():
    """The (sql, params) of every statement executed inside the block, for EXPLAIN."""
    seen = []

    def wrapper(execute, sql, params, many, context):
        seen.append((sql, params, owner_of(traceback.extract_stack()[:-1])))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(wrapper):
        yield seen


def medians(actions, runs, warmup=2):
    """Median wall time in milliseconds of each of ``actions`` ({name: callable}), run in turns
    (one of each, ``runs`` times) so that a slow moment of the machine hits them all alike."""
    for _ in range(warmup):
        for action in actions.values():
            action()
    times = {name: [] for name in actions}
    for _ in range(runs):
        for name, action in actions.items():
            gc.collect()
            started = time.perf_counter()
            action()
            times[name].append((time.perf_counter() - started) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


@contextmanager
def rows_read():
    """Counts the rows Python reads from the database (every fetch of every cursor) while active."""
    counter = {"rows": 0}

    def fetchone(self):
        row = self.cursor.fetchone()
        counter["rows"] += row is not None
        return row

    def fetchmany(self, *args, **kwargs):
        rows = self.cursor.fetchmany(*args, **kwargs)
        counter["rows"] += len(rows)
        return rows

    def fetchall(self):
        rows = self.cursor.fetchall()
        counter["rows"] += len(rows)
        return rows

    patched = {"fetchone": fetchone, "fetchmany": fetchmany, "fetchall": fetchall}
    for name, method in patched.items():
        setattr(CursorWrapper, name, method)
    try:
        yield counter
    finally:
        for name in patched:
            delattr(CursorWrapper, name)


def streaming(items, is_data=lambda item: True):
    """Consume ``items``; returns (rows read when the first data item came out, rows read in all,
    items, seconds to the first data item, seconds in all)."""
    with rows_read() as counter:
        started = time.perf_counter()
        iterator = iter(items)
        first_rows = first_time = None
        produced = 0
        for item in iterator:
            produced += 1
            if first_rows is None and is_data(item):
                first_rows, first_time = counter["rows"], time.perf_counter() - started
        return first_rows, counter["rows"], produced, first_time, time.perf_counter() - started


def peak_growth_mb(consume):
    """Peak growth of Python's traced memory (MB) while ``consume()`` runs."""
    gc.collect()
    tracemalloc.start()
    try:
        base = tracemalloc.get_traced_memory()[0]
        tracemalloc.reset_peak()
        consume()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return (peak - base) / 2**20


def explain(sql, params):
    """The database's plan of one statement, as lines of text."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
            return [row[-1] for row in cursor.fetchall()]
        cursor.execute(f"EXPLAIN {sql}", params)
        columns = [column[0] for column in cursor.description]
        return [
            "{table}: type={type} key={key} rows={rows} {Extra}".format(**dict(zip(columns, row, strict=True)))
            for row in cursor.fetchall()
        ]
