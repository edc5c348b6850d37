"""The staff list as a CSV file, streamed: the same rows and rules as the table (:mod:`staff_overview`).

Values are machine-readable (usernames, ISO dates, plain numbers, ``true``/``false``) and the
column names are stable identifiers, not translated. Pairs are listed newest pairing first (by
id) and read in pages (windows of ids, :func:`pair_values.pages`), each with its figures read at
once, so memory holds one page on every database and the query count grows with the number of
pages, not of pairs. A page is read as plain tuples that become the CSV's rows as they are
written (no model instance, no dict per row).
"""

import datetime

from ..core import dates
from ..pairs.access import require_staff
from . import pair_values, staff_overview
from .csv_lines import CsvLines

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
    pairs = staff_overview.matching(ctx.unit, ctx.program, view, ctx.today)
    return _lines(pairs, ctx.program, ctx.today)


def _lines(pairs, program, today):
    writer = CsvLines()

    writer.writerow(COLUMNS)
    yield writer.take()
    values = pair_values.columns(program, today)
    rows = _Rows(program, today)
    for page in pair_values.pages(pairs, CHUNK_SIZE, values):
        writer.writerows(rows.of(page, pair_values.Figures([pair[0] for pair in page], program, today)))
        yield writer.take()


class _Rows:
    """The CSV rows of pages of :func:`pair_values.columns` tuples: the staff table's values
    (:func:`staff_overview.pair_row`) as cells, each distinct text, number of hours or day worked out once."""

    def __init__(self, program, today):
        self.required = staff_overview.required_items(program)
        self.today = today.toordinal()
        self.text = pair_values.Memo(cell)  # status and stage: the model's choices, each a cell like any text
        self.hours = pair_values.Memo(lambda minutes: round(minutes / 60, 1))
        self.percent = pair_values.Memo(lambda progress: round(progress * 100))
        self.day = pair_values.Memo(lambda text: datetime.date.fromisoformat(text).toordinal())

    def of(self, page, found):
        """The rows of ``page``, its figures ``found`` (a :class:`pair_values.Figures`)."""
        text, hours, percent, day = self.text, self.hours, self.percent, self.day
        today, required = self.today, self.required
        goals_set, goals_achieved = found.goals_set.get, found.goals_achieved.get
        actions_open, actions_overdue = found.actions_open.get, found.actions_overdue.get
        covered, submitted = found.agenda_covered.get, found.submitted.get
        for (
            pk,
            mentor,
            mentee,
            status,
            stage,
            at_risk,
            sessions,
            minutes,
            last_session_on,
            last_activity_at,
            started_on,
            ended_at,
            progress,
        ) in page:
            last = dates.local_day(last_activity_at).toordinal() if last_activity_at else day[started_on]
            yield (
                "'" + mentor if mentor.startswith(FORMULA_STARTS) else mentor,
                "'" + mentee if mentee.startswith(FORMULA_STARTS) else mentee,
                text[status],
                text[stage],
                at_risk,
                sessions,
                hours[minutes],
                last_session_on or "",
                max(0, today - last),
                len(covered(pk, ())),
                required,
                goals_set(pk, 0),
                goals_achieved(pk, 0),
                actions_open(pk, 0),
                actions_overdue(pk, 0),
                submitted(pk, 0),
                percent[progress],
                started_on,
                dates.local_day(ended_at).isoformat() if ended_at else "",
            )
