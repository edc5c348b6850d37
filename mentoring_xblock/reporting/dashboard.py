"""A unit's programme at a glance: headline figures, the stage funnel, confirmed sessions per week
against the expected rhythm, pairs at risk by week, and per learning area the average change
from the baseline to the last round.

One read of the unit's tallies (:mod:`pairs.tallies`), which the writes keep, however many
pairs the unit has: the pairs by stage and by step of the funnel, the days pairs started and
closed, the confirmed sessions held each day, the changes in how many pairs were quiet, and the
sums of the ratings at the baseline and at each rater's last round. The pairs at risk today are
the staff list's own count (:func:`staff_overview.at_risk_q`), which the staff page has read
already.

A unit whose tallies do not follow its at-risk window yet (after an upgrade or a program change)
has them counted from its records first, once (docs/decisions/0008-dashboard-from-unit-tallies.md).
The course's Mentoring page reads every unit's dashboard in the same one query
(:func:`for_units`). "Open concerns" are not part of the product yet, so the headline figures
have no slot for them.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from ..models import Pair
from ..pairs import tallies
from ..pairs.progress import DAYS_PER_MONTH
from .staff_overview import at_risk_q

WEEKS = 12
FUNNEL = ("paired", "agreed", "goals", "met", "assessed", "complete")


@dataclass(frozen=True)
class Week:
    """One of the last :data:`WEEKS` weeks (the last one ends today) and its figures."""

    first: datetime.date
    last: datetime.date
    sessions: int = 0
    expected: float = 0.0
    at_risk: int = 0


@dataclass(frozen=True)
class AreaChange:
    """One learning area: average ratings at the baseline and at the last round, by rater."""

    area_id: str
    baseline: float | None
    self_last: float | None
    mentor_last: float | None

    @property
    def self_change(self):
        return _minus(self.self_last, self.baseline)

    @property
    def mentor_change(self):
        return _minus(self.mentor_last, self.baseline)

    @property
    def gap(self):
        """The mentee's own last rating minus the mentor's (positive: the mentee rates higher)."""
        return _minus(self.self_last, self.mentor_last)


@dataclass(frozen=True)
class Dashboard:
    """What :func:`dashboard` found for a unit."""

    total: int
    active: int
    not_started: int
    in_progress: int
    complete: int
    at_risk: int
    funnel: dict  # FUNNEL key -> active pairs that reached it
    weeks: list  # [Week], oldest first
    areas: list  # [AreaChange], in the program's order
    assessed_pairs: int  # pairs with a baseline and a later round
    at_risk_days: int
    sessions_per_month: int = 0


def _minus(first, second):
    if first is None or second is None:
        return None
    return round(first - second, 2)


def weeks_ending(today, count=WEEKS):
    """``[(first day, last day)]`` of the ``count`` weeks that end on ``today``, oldest first."""
    return [
        (today - datetime.timedelta(days=7 * back + 6), today - datetime.timedelta(days=7 * back))
        for back in reversed(range(count))
    ]


def _weeks(kept, spans, per_month):
    """The :class:`Week` figures from a unit's tallies: sessions held each week, the pairs
    running in it (started by its last day, not closed before its first) and quiet at its end."""
    by_kind = {}
    for (kind, key), (_total, number) in kept.items():
        by_kind.setdefault(kind, []).append((key, number))

    def upto(kind, day, inclusive=True):
        day = day.isoformat()
        return sum(number for key, number in by_kind.get(kind, ()) if key < day or (inclusive and key == day))

    weeks = []
    for first, last in spans:
        running = upto(tallies.STARTED, last) - upto(tallies.CLOSED, first, inclusive=False)
        weeks.append(
            Week(
                first=first,
                last=last,
                sessions=upto(tallies.HELD, last) - upto(tallies.HELD, first, inclusive=False),
                expected=round(running * per_month * 7 / DAYS_PER_MONTH, 1),
                at_risk=upto(tallies.QUIET, last),
            )
        )
    return weeks


def _areas(kept, program):
    def average(kind, area_id):
        total, number = kept.get((kind, area_id), (0.0, 0))
        return round(total / number, 2) if number else None

    return [
        AreaChange(
            area["id"],
            average(tallies.BASELINE, area["id"]),
            average(tallies.SELF, area["id"]),
            average(tallies.MENTOR, area["id"]),
        )
        for area in program["learning_areas"]
    ]


def _dashboard(kept, at_risk, program, spans):
    """A :class:`Dashboard` from one unit's tallies (``kept``) and pairs at risk today."""

    def now(figure):
        return kept.get((tallies.NOW, figure), (0.0, 0))[1]

    return Dashboard(
        total=now("total"),
        active=now("active"),
        not_started=now(Pair.NOT_STARTED),
        in_progress=now(Pair.IN_PROGRESS),
        complete=now(Pair.COMPLETE),
        at_risk=at_risk,
        funnel={
            "paired": now("active"),
            "agreed": now("agreed"),
            "goals": now("goals"),
            "met": now("met"),
            "assessed": now("assessed"),
            "complete": now(Pair.COMPLETE),
        },
        weeks=_weeks(kept, spans, program["min_sessions_per_month"]),
        areas=_areas(kept, program),
        assessed_pairs=kept.get((tallies.ASSESSED, ""), (0.0, 0))[1],
        at_risk_days=program["at_risk_days"],
        sessions_per_month=program["min_sessions_per_month"],
    )


def dashboard(unit, program, today=None, at_risk=None):
    """The unit's :class:`Dashboard`: one read of its tallies, and a count of its pairs at risk
    today unless the caller counted them (``at_risk``: the staff page's filter counts have it)."""
    today = today or timezone.localdate()
    spans = weeks_ending(today)
    days = program["at_risk_days"]
    if at_risk is None:
        at_risk = Pair.objects.filter(at_risk_q(today, days), usage_key=unit.usage_key).count()
    kept = tallies.current([unit.usage_key], {unit.usage_key: days}, spans[0][0])[unit.usage_key]
    return _dashboard(kept, at_risk, program, spans)


def for_units(units, today=None):
    """The :class:`Dashboard` of each of a course's units, in one query however many units and
    pairs: ``units`` is ``[(usage key, program, pairs at risk today)]`` (the course's progress
    counts them, each with its own window); returns ``{usage key: Dashboard}``."""
    today = today or timezone.localdate()
    spans = weeks_ending(today)
    windows = {key: program["at_risk_days"] for key, program, _at_risk in units}
    kept = tallies.current(list(windows), windows, spans[0][0])
    return {key: _dashboard(kept[key], at_risk, program, spans) for key, program, at_risk in units}
