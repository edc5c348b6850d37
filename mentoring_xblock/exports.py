"""The staff list as a CSV file, streamed: the same rows and rules as the table (:mod:`reports`).

Values are machine-readable (usernames, ISO dates, plain numbers, ``true``/``false``) and the
column names are stable identifiers, not translated. Pairs are listed newest pairing first (by
id) and read in pages (windows of ids, :func:`pair_values.pages`), each with its figures read at
once, so memory holds one page on every database and the query count grows with the number of
pages, not of pairs.
"""

import csv
import datetime
import io
import operator

from . import pair_values, reports
from .access import require_staff

COLUMNS = (
    "mentor",
    "mentee",
    "status",
    "stage",
    "at_risk",
    "sessions_confirmed",
    "hours",
    "last_session_on",
    "days_since_activity",
    "agenda_covered",
    "agenda_required",
    "goals_set",
    "goals_achieved",
    "actions_open",
    "actions_overdue",
    "assessments_submitted",
    "completion_percent",
    "started_on",
    "ended_on",
)
CHUNK_SIZE = 1000
# Spreadsheets run a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def cell(value):
    """One CSV cell: text that a spreadsheet would run as a formula gets a leading apostrophe."""
    kind = type(value)
    if kind is int or kind is float:  # most cells: numbers, as they are
        return value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, int | float):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def filename(view, today):
    """The download's file name, e.g. ``mentoring-pairs-at_risk-2024-03-15.csv``."""
    part = "" if view.filter == "all" else f"{view.filter}-"
    return f"mentoring-pairs-{part}{today.isoformat()}.csv"


def staff_csv(ctx, view):
    """The CSV of the pairs ``view`` selects (every page), as an iterator of UTF-8 byte chunks.

    The staff check happens here, before anything is read; the pairs are read while iterating.

    Raises:
        NotAllowed: the actor is not course staff.
    """
    require_staff(ctx)
    pairs = reports.matching(ctx.unit, ctx.program, view, ctx.today)
    return _lines(pairs, ctx.program, ctx.today)


def _lines(pairs, program, today):
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def flush():
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text.encode("utf-8")

    writer.writerow(COLUMNS)
    yield flush()
    for chunk in pair_values.pages(pairs, CHUNK_SIZE):
        writer.writerows(_cells(row) for row in reports.rows_for(chunk, program, today))
        yield flush()


_VALUES = operator.itemgetter(*COLUMNS)
# The columns that are not always plain numbers (text, yes/no, dates): only they go through cell().
_CONVERTED = [
    index
    for index, column in enumerate(COLUMNS)
    if column in ("mentor", "mentee", "status", "stage", "at_risk") or column.endswith("_on")
]


def _cells(row):
    """The CSV cells of a row: :func:`cell` of each value (numbers are written as they are)."""
    values = list(_VALUES(row))
    for index in _CONVERTED:
        values[index] = cell(values[index])
    return values
