"""Running sums of a unit's history, kept as members write, so that the programme dashboard
reads a few hundred rows instead of every pair's records.

Per unit, :class:`models.UnitTally` rows keep:

* ``now``, one row per figure (its key): the pairs (``total``), the active ones (``active``), the
  active ones by stage (``not_started``, ``in_progress``, ``complete``) and the active ones that
  reached each step of the funnel (``agreed``, ``goals``, ``met``, ``assessed``);
* ``started`` and ``closed``, one row per day: the pairs that started, and that ended or
  completed, that day (the pairs running in a week are counted from them);
* ``held``, one row per day: the confirmed sessions held that day;
* ``quiet``, one row per day: how many pairs fell quiet that day less how many stopped being
  quiet. The pairs quiet at the end of a day are the sum of these changes up to it. A pair is
  quiet on a day when, at its end, it is neither ended nor complete, it started more than the
  at-risk window before, and no confirmed session was held in the window ending that day;
* ``baseline``, ``self`` and ``mentor``, one row per learning area: the sum (``total``) and the
  number of the ratings at the baseline and at each rater's last round (the final, else the
  latest later round), over the pairs with a submitted self-assessment at the baseline and a
  later submitted round, whose number is the ``assessed`` row;
* ``built``: the at-risk window (``number``) the quiet changes were counted with.

A pair's part in them follows from what it stored (:func:`pair_part`, :func:`ratings_part`);
each write that changes it adds the difference, in one statement and in the write's own
transaction (:func:`add`). A unit without a ``built`` row, or built with another window, is
counted again from its records by the next reader (:func:`current`): after an upgrade, or when
its window changed. A changed program counts them again with its pairs' standing
(:func:`units.follow_published`: completions may change). Days are the server's
(``TIME_ZONE``): a pair that ended at 23:30 there ended on that day.
"""

import datetime
from collections import Counter

from django.db import connection
from django.utils import timezone

from ..core.transactions import retrying_atomic
from ..models import Assessment, Pair, Session, UnitTally

NOW, STARTED, CLOSED, HELD, QUIET, ASSESSED, BUILT = "now", "started", "closed", "held", "quiet", "assessed", "built"
# What a pair's part in the ``now`` rows and its days follow: its row's columns (pairs.tracking
# stores them with its standing).
COLUMNS = (
    "started_on", "status", "ended_at", "completed_at", "stage", "signed_mentor", "signed_mentee", "goals_set",
    "sessions_confirmed", "final_self", "final_mentor",
)  # fmt: skip
BASELINE, SELF, MENTOR = "baseline", "self", "mentor"
# Rows written by one statement: 10,000 values, within every supported database's limit
# (SQLite's since 3.32: 32,766); a unit counted afresh has about two rows per day of its history.
ROWS_PER_STATEMENT = 2000


# -- a pair's part --------------------------------------------------------------------------------


def days_text(days):
    """``days`` (dates) as :attr:`Pair.confirmed_days` stores them: sorted ISO dates."""
    return " ".join(sorted(day.isoformat() for day in days))


def days_of(text):
    return [datetime.date.fromisoformat(part) for part in (text or "").split()]


def server_day(moment):
    """The day of a stored moment in the server's time zone (None stays None)."""
    if moment is None:
        return None
    return timezone.localtime(moment, timezone.get_default_timezone()).date()


def closed_on(ended_at, completed_at):
    """The first day at whose end the pair is ended or complete (None while it is neither)."""
    days = [day for day in (server_day(ended_at), server_day(completed_at)) if day is not None]
    return min(days, default=None)


def quiet_spans(started_on, closed, held_days, window):
    """The days ``[first, after)`` on which the pair is quiet (``after`` None: still quiet).

    Between two confirmed sessions the pair is quiet from ``window`` days after the first of
    them; it is never quiet before ``window`` days after its start, nor once it is closed."""
    anchors = sorted(set(held_days))
    earliest = started_on + datetime.timedelta(days=window + 1)
    starts = [earliest] + [max(day + datetime.timedelta(days=window), earliest) for day in anchors]
    spans = []
    for first, after in zip(starts, [*anchors, None], strict=True):
        if closed is not None:
            after = closed if after is None else min(after, closed)
        if after is None or first < after:
            spans.append((first, after))
    return spans


def days_part(started_on, closed, held_days, window):
    """A pair's part in the ``started``, ``closed``, ``held`` and ``quiet`` rows:
    ``{(kind, ISO day): number}``."""
    part = Counter((HELD, day.isoformat()) for day in held_days)
    part[(STARTED, started_on.isoformat())] += 1
    if closed is not None:
        part[(CLOSED, closed.isoformat())] += 1
    for first, after in quiet_spans(started_on, closed, held_days, window):
        part[(QUIET, first.isoformat())] += 1
        if after is not None:
            part[(QUIET, after.isoformat())] -= 1
    return {key: (0.0, number) for key, number in part.items() if number}


def standing_part(values):
    """A pair's part in the ``now`` rows, from its columns (:data:`COLUMNS`)."""
    figures = ["total"]
    if values["status"] == Pair.ACTIVE:
        figures += ["active", values["stage"]]
        reached = {
            "agreed": values["signed_mentor"] and values["signed_mentee"],
            "goals": values["goals_set"] > 0,
            "met": values["sessions_confirmed"] > 0,
            "assessed": values["final_self"] and values["final_mentor"],
        }
        figures += [step for step, done in reached.items() if done]
    return {(NOW, figure): (0.0, 1) for figure in figures}


def pair_part(values, held_days, window):
    """A pair's part in every row but the ratings: ``values`` maps :data:`COLUMNS` to its
    columns, ``held_days`` are the days of its confirmed sessions."""
    closed = closed_on(values["ended_at"], values["completed_at"])
    return {**days_part(values["started_on"], closed, held_days, window), **standing_part(values)}


def columns_of(pair, **changed):
    """:data:`COLUMNS` of a loaded pair, with ``changed`` instead where given."""
    return {name: changed[name] if name in changed else getattr(pair, name) for name in COLUMNS}


def ratings_part(assessments):
    """A pair's part in the rating rows: ``{(kind, area id): (sum, number)}``.

    ``assessments``: the pair's assessments, as ``(round, rater, ratings, submitted_at)``; only
    the submitted ones count."""
    submitted = [row for row in assessments if row[3] is not None]
    baseline = next((row for row in submitted if row[0] == BASELINE and row[1] == SELF), None)
    later = [row for row in submitted if row[0] != BASELINE]
    if baseline is None or not later:
        return {}
    part = {(ASSESSED, ""): (0.0, 1)}
    chosen = {BASELINE: baseline}
    for rater in (SELF, MENTOR):
        own = sorted((row for row in later if row[1] == rater), key=lambda row: (row[0] == "final", row[3]))
        if own:
            chosen[rater] = own[-1]
    for kind, row in chosen.items():
        for area_id, value in (row[2] or {}).items():
            if isinstance(value, int | float) and not isinstance(value, bool):
                part[(kind, str(area_id))] = (float(value), 1)
    return part


def difference(before, after):
    """``after`` less ``before``, both as the parts above; entries that cancel are left out."""
    changes = {}
    for key in before.keys() | after.keys():
        total = after.get(key, (0.0, 0))[0] - before.get(key, (0.0, 0))[0]
        number = after.get(key, (0.0, 0))[1] - before.get(key, (0.0, 0))[1]
        if total or number:
            changes[key] = (total, number)
    return changes


# -- writes ---------------------------------------------------------------------------------------


def add(usage_key, changes):
    """Add ``changes`` (``{(kind, key): (sum, number)}``) to the unit's rows in one statement,
    creating the rows that are new. Called inside the write's transaction; rows are written in
    one order, so two writes never wait for each other in a circle."""
    rows = sorted(changes.items())
    for start in range(0, len(rows), ROWS_PER_STATEMENT):
        _add(usage_key, rows[start : start + ROWS_PER_STATEMENT])


def _add(usage_key, rows):
    table = connection.ops.quote_name(UnitTally._meta.db_table)
    names = [connection.ops.quote_name(name) for name in ("usage_key", "kind", "key", "total", "number")]
    values = ", ".join(["(%s, %s, %s, %s, %s)"] * len(rows))
    params = [item for (kind, key), (total, number) in rows for item in (usage_key, kind, key, total, number)]
    total, number = names[3], names[4]
    if connection.vendor == "mysql":
        then = f"ON DUPLICATE KEY UPDATE {total} = {total} + VALUES({total}), {number} = {number} + VALUES({number})"
    else:  # SQLite and PostgreSQL
        then = (
            f"ON CONFLICT ({names[0]}, {names[1]}, {names[2]}) DO UPDATE SET "
            f"{total} = {table}.{total} + excluded.{total}, {number} = {table}.{number} + excluded.{number}"
        )
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({', '.join(names)}) VALUES {values} {then}", params)  # noqa: S608


def follow_pair(pair, window, *, before, after):
    """Add the difference a write made to ``pair``'s part. ``before`` and ``after``:
    ``(columns, held days)`` as they were and are (see :func:`pair_part`)."""
    if before == after:
        return
    add(pair.usage_key, difference(pair_part(*before, window), pair_part(*after, window)))


def forget(usage_key):
    """The unit's tallies may no longer follow its pairs (a pair formed without its program):
    the next reader counts them afresh (:func:`current`)."""
    UnitTally.objects.filter(usage_key=usage_key, kind=BUILT).delete()


# -- reads ----------------------------------------------------------------------------------------


def read(usage_keys, since):
    """The tallies of ``usage_keys``, in one query: ``{usage key: {(kind, key): (sum, number)}}``.
    ``held`` rows of days before ``since`` are left out; every other row is read."""
    found = {key: {} for key in usage_keys}
    rows = UnitTally.objects.filter(usage_key__in=list(usage_keys)).exclude(kind=HELD, key__lt=since.isoformat())
    for usage_key, kind, key, total, number in rows.values_list("usage_key", "kind", "key", "total", "number"):
        found[usage_key][(kind, key)] = (total, number)
    return found


def follows(tallies, window):
    """Whether a unit's tallies (as :func:`read` gives them) were counted with ``window``."""
    return tallies.get((BUILT, ""), (0.0, None))[1] == window


def current(usage_keys, windows, since):
    """:func:`read`, with each unit whose tallies do not follow its at-risk window
    (``windows``: ``{usage key: days}``) counted again first (:func:`rebuild`)."""
    found = read(usage_keys, since)
    for usage_key, tallies in found.items():
        if not follows(tallies, windows[usage_key]):
            found[usage_key] = {
                key: value
                for key, value in rebuild(usage_key, windows[usage_key]).items()
                if key[0] != HELD or key[1] >= since.isoformat()
            }
    return found


@retrying_atomic
def rebuild(usage_key, window):
    """:func:`count_again` in a transaction of its own (a reader finding the tallies behind)."""
    return count_again(usage_key, window)


def count_again(usage_key, window):
    """Count the unit's tallies afresh from its pairs, confirmed sessions and submitted
    assessments, and store them; returns them. The caller is in a transaction. Five statements
    however many pairs: the unit's rows deleted, three reads, the new rows inserted (about two
    per day of the unit's history, :data:`ROWS_PER_STATEMENT` to a statement)."""
    # Deleting the unit's rows first holds them: a write adding to them waits until these are stored.
    UnitTally.objects.filter(usage_key=usage_key).delete()
    held = {}
    sessions = Session.objects.filter(usage_key=usage_key, confirmation=Session.CONFIRMED)
    for pair_id, held_on in sessions.values_list("pair_id", "held_on").iterator(chunk_size=5000):
        held.setdefault(pair_id, []).append(held_on)
    assessments = {}
    submitted = Assessment.objects.filter(usage_key=usage_key, submitted_at__isnull=False)
    for pair_id, *row in submitted.values_list("pair_id", "round", "rater", "ratings", "submitted_at"):
        assessments.setdefault(pair_id, []).append(tuple(row))
    totals = {}
    pairs = Pair.objects.filter(usage_key=usage_key).values_list("pk", *COLUMNS)
    for pk, *row in pairs.iterator(chunk_size=5000):
        values = dict(zip(COLUMNS, row, strict=True))
        for part in (pair_part(values, held.get(pk, []), window), ratings_part(assessments.get(pk, []))):
            for key, (total, number) in part.items():
                was = totals.get(key, (0.0, 0))
                totals[key] = (was[0] + total, was[1] + number)
    totals[(BUILT, "")] = (0.0, window)
    add(usage_key, totals)
    return totals
