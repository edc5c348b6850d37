"""Pacing: when, in a pair's time, each part of the program is due or open.

A program is paced ``guided`` or ``free`` (the author's setting). Guided, each agenda item is
suggested for a week counted from the pair's start (week 1 starts on the start day), the
mid-point assessment round opens half-way through the program and the final round
``final_round_weeks`` weeks before its planned end. Free, nothing has a date and every round
opens as soon as the needs assessment is in (the behaviour before pacing existed; a program
stored without a ``pacing`` setting reads as free, see :func:`config.resolve_stored`).

The dates come from the program as it is now, so a program edited mid-way (a new duration, a
switch of pacing) moves them for running pairs; a round a pair has already begun stays open
(see :func:`assessments.write`). Dates are days, not moments: no time zone is involved.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format

from ..core.errors import Conflict
from ..core.i18n import gettext as _
from . import progress

GUIDED, FREE = "guided", "free"
MIDPOINT, FINAL = "midpoint", "final"


@dataclass(frozen=True)
class Schedule:
    """The dates of one pair's program; all None (but the planned end) when it is paced free."""

    guided: bool
    started_on: datetime.date
    planned_end: datetime.date
    midpoint_opens: datetime.date | None
    final_opens: datetime.date | None

    def item_date(self, week):
        """The first day of the suggested ``week`` of an agenda item, or None when free."""
        return self.started_on + datetime.timedelta(weeks=week - 1) if self.guided else None

    def opens_on(self, round_):
        """The day ``round_`` opens by the calendar, or None when the calendar does not hold it back."""
        return {MIDPOINT: self.midpoint_opens, FINAL: self.final_opens}.get(round_)

    def is_open(self, round_, today):
        """Whether the calendar lets ``round_`` be written on ``today``."""
        opens = self.opens_on(round_)
        return opens is None or today >= opens


def schedule(program, started_on):
    """The :class:`Schedule` of a pair that started on ``started_on``."""
    end = progress.planned_end(started_on, program)
    if program.get("pacing") != GUIDED:
        return Schedule(False, started_on, end, None, None)
    weeks = program["duration_weeks"]
    # Half the duration, in whole days (13 weeks of 26; 17 days of 5 weeks).
    midpoint = started_on + datetime.timedelta(days=weeks * 7 // 2)
    final_weeks = min(program.get("final_round_weeks") or 1, weeks)
    final = end - datetime.timedelta(weeks=final_weeks)
    return Schedule(True, started_on, end, midpoint, final)


class RoundNotOpen(Conflict):
    """A write to an assessment round that the guided calendar does not open yet."""

    code = "round_not_open"

    def __init__(self, round_label, opens_on):
        message = _("{round} opens on {date}; it cannot be filled in before then.").format(
            round=round_label, date=date_format(opens_on, "DATE_FORMAT")
        )
        super().__init__(message, {"round": message})
