"""Course-wide progress for staff: every Mentoring unit of a course with its pairs' completion.

The Instructor Dashboard section and tab and the plugin's staff page all read this. It takes two
queries however many units and pairs a course has: the course's units, then one aggregate over
its active pairs grouped by unit. Before counting, each unit is brought in line with its
published program (a unit whose rules changed costs a few statements more, once).
"""

import datetime
from dataclasses import dataclass

from django.db.models import Case, Count, DateField, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from ..core import platform
from ..models import MentoringUnit, Pair
from ..pairs.units import follow_published, follows
from ..program import config
from . import dashboard


@dataclass(frozen=True)
class UnitProgress:
    """One unit's active pairs by stage, and how many of them are at risk."""

    usage_key: str
    display_name: str
    at_risk_days: int
    active: int = 0
    not_started: int = 0
    in_progress: int = 0
    complete: int = 0
    at_risk: int = 0

    @property
    def percent_complete(self):
        """The share of active pairs that are complete, in whole percent; None without active pairs."""
        if not self.active:
            return None
        return round(100 * self.complete / self.active)


def course_units(course_key, today=None):
    """Every Mentoring unit of ``course_key`` seen so far, by name, with its active pairs' progress.

    Args:
        course_key: the course, as a string or an opaque key.
        today: the day "at risk" is measured from (the local date by default).

    Returns:
        A list of :class:`UnitProgress`, one per unit (a unit without pairs has zero counts).
        Closed pairs are not counted. A pair is at risk when it is not complete and either its
        last confirmed session (its start date before any) is more than the unit's
        ``at_risk_days`` days before ``today``, or its cadence fell due on or before ``today``.
    """
    return [unit for unit, _program in _course_units(course_key, today)]


def course_dashboards(course_key, today=None):
    """Every unit of :func:`course_units` with its programme :class:`dashboard.Dashboard`:
    ``[(UnitProgress, Dashboard, program)]``, in two queries more however many units and pairs
    (:func:`dashboard.for_units`). A unit whose published program cannot be read (no runtime to
    read it from) is counted under the default program with its stored at-risk threshold."""
    today = today or timezone.localdate()
    found = []
    for unit, program in _course_units(course_key, today):
        if program is None:
            program = {**config.default_program(), "at_risk_days": unit.at_risk_days}
        found.append((unit, program))
    dashboards = dashboard.for_units([(unit.usage_key, program, unit.at_risk) for unit, program in found], today)
    return [(unit, dashboards[unit.usage_key], program) for unit, program in found]


def _course_units(course_key, today):
    today = today or timezone.localdate()
    rows = list(
        MentoringUnit.objects.filter(course_key=str(course_key))
        .order_by("display_name", "usage_key")
        .values_list("usage_key", "display_name", "at_risk_days", "rules_digest")
    )
    if not rows:
        return []
    units, programs = _follow_published(str(course_key), rows)
    thresholds = {days for _key, _name, days in units}
    counts = {row.pop("usage_key"): row for row in _pair_counts(str(course_key), thresholds, today)}
    return [
        (
            UnitProgress(usage_key=key, display_name=name or key, at_risk_days=days, **counts.get(key, {})),
            programs.get(key),
        )
        for key, name, days in units
    ]


def _follow_published(course_key, rows):
    """The units of ``rows`` as ``(usage key, name, at-risk days)``, and the published programs
    read (``{usage key: program}``, where the runtime gives them), each unit first brought in line
    with its published program: a unit whose stored rules digest or at-risk threshold differs
    from the program's (a Studio save once published, an OLX import) has its pairs counted again
    (:func:`pairs.units.follow_published`) before the counts below read them. While nothing changed
    this is compared in Python over the rows read above, and no statement is added (in the LMS
    the programs come from the modulestore, :func:`platform.published_programs`)."""
    programs = platform.published_programs(course_key, [key for key, _name, _days, _digest in rows])
    units = []
    for key, name, days, digest in rows:
        program = programs.get(key)
        if program is not None and not follows(program, digest, days):
            follow_published(platform.Unit(course_key=course_key, usage_key=key), program)
            days = program["at_risk_days"]
        units.append((key, name, days))
    return units, programs


def _pair_counts(course_key, thresholds, today):
    """One aggregate row per unit with active pairs: counts by stage and at risk."""
    unit_days = MentoringUnit.objects.filter(usage_key=OuterRef("usage_key")).values("at_risk_days")[:1]
    # Each unit's threshold becomes a cutoff date here, one branch per distinct threshold (not
    # per unit), so the SQL stays the same size and portable: no date arithmetic in the database.
    cutoff = Case(
        *[When(unit_days=days, then=Value(today - datetime.timedelta(days=days))) for days in sorted(thresholds)],
        output_field=DateField(),
    )
    behind = Q(last_seen_on__lt=F("cutoff")) | Q(cadence_due_on__lte=today)
    return (
        Pair.objects.filter(course_key=course_key, status=Pair.ACTIVE)
        .alias(last_seen_on=Coalesce("last_session_on", "started_on"), unit_days=Subquery(unit_days))
        .alias(cutoff=cutoff)
        .values("usage_key")
        .annotate(
            active=Count("pk"),
            not_started=Count("pk", filter=Q(stage=Pair.NOT_STARTED)),
            in_progress=Count("pk", filter=Q(stage=Pair.IN_PROGRESS)),
            complete=Count("pk", filter=Q(stage=Pair.COMPLETE)),
            at_risk=Count("pk", filter=~Q(stage=Pair.COMPLETE) & behind),
        )
        .order_by()
    )
