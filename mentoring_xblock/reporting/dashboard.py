"""A unit's programme at a glance: headline figures, the stage funnel, confirmed sessions per week
against the expected rhythm, pairs at risk by week, and per learning area the average change
from the baseline to the last round.

Three queries however many pairs the unit has, each an aggregate computed by the database:

* one over the unit's pairs (their stored standing and facts, see :mod:`pairs.tracking`):
  the headline figures, the funnel, and for each week the pairs running and the pairs that
  could have been quiet at its end yet had no confirmed session in the at-risk window before it
  (a correlated ``NOT EXISTS`` each, one probe of the session index on pair and day per pair);
* one over the unit's confirmed sessions of the last weeks: how many were held each week;
* one over the unit's submitted assessments: the average rating of each learning area at the
  baseline and at each rater's last round (which pairs have a baseline, a later round or a final
  are subqueries the database computes once, not once per row).

There is no stored history of who was at risk when: a week's count is derived from the session
rows (docs/decisions/0007-dashboard-history-from-sessions.md). With 10,000 pairs and a term of
sessions these aggregates take a couple of hundred milliseconds on SQLite (docs/PERFORMANCE.md),
so the staff page reads them through :func:`cached`: computed at most once per
:data:`CACHE_SECONDS` for the same unit, day, rules and headline counts. "Open concerns" are not
part of the product yet, so the headline figures have no slot for them.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Avg, Case, CharField, Count, Exists, F, FloatField, OuterRef, Q, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils import timezone

from ..models import Assessment, Pair, Session
from ..pairs.progress import DAYS_PER_MONTH
from .staff_overview import at_risk_q

WEEKS = 12
# How long a unit's dashboard is kept (the Django cache); MENTORING_DASHBOARD_CACHE_SECONDS in the
# settings changes it, 0 turns the cache off.
CACHE_SECONDS = 300
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


def _end_of(day):
    """The first moment after ``day``, in the current time zone (stored times are compared with it)."""
    return timezone.make_aware(datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time.min))


def weeks_ending(today, count=WEEKS):
    """``[(first day, last day)]`` of the ``count`` weeks that end on ``today``, oldest first."""
    return [
        (today - datetime.timedelta(days=7 * back + 6), today - datetime.timedelta(days=7 * back))
        for back in reversed(range(count))
    ]


def _open_on(moment, prefix=""):
    """Pairs not ended and not complete before ``moment``."""
    ended, completed = f"{prefix}ended_at", f"{prefix}completed_at"
    return (Q(**{f"{ended}__isnull": True}) | Q(**{f"{ended}__gte": moment})) & (
        Q(**{f"{completed}__isnull": True}) | Q(**{f"{completed}__gte": moment})
    )


def _could_be_quiet(last, at_risk_days, prefix=""):
    """Pairs that, at the end of ``last``, had run longer than the at-risk window and were open."""
    cutoff = last - datetime.timedelta(days=at_risk_days)
    return Q(**{f"{prefix}started_on__lt": cutoff}) & _open_on(_end_of(last), prefix)


def _pair_figures(unit, program, today, weeks):
    days = program["at_risk_days"]
    active = Q(status=Pair.ACTIVE)
    aggregates = {
        "total": Count("pk"),
        "active": Count("pk", filter=active),
        "not_started": Count("pk", filter=active & Q(stage=Pair.NOT_STARTED)),
        "in_progress": Count("pk", filter=active & Q(stage=Pair.IN_PROGRESS)),
        "complete": Count("pk", filter=active & Q(stage=Pair.COMPLETE)),
        "at_risk": Count("pk", filter=at_risk_q(today, days)),
        "f_agreed": Count("pk", filter=active & Q(signed_mentor=True, signed_mentee=True)),
        "f_goals": Count("pk", filter=active & Q(goals_set__gt=0)),
        "f_met": Count("pk", filter=active & Q(sessions_confirmed__gt=0)),
        "f_assessed": Count("pk", filter=active & Q(final_self=True, final_mentor=True)),
    }
    for number, (first, last) in enumerate(weeks):
        running = Q(started_on__lte=last) & _open_on(_end_of(first - datetime.timedelta(days=1)))
        aggregates[f"running_{number}"] = Count("pk", filter=running)
        met = Session.objects.filter(
            pair=OuterRef("pk"),
            confirmation=Session.CONFIRMED,
            held_on__gt=last - datetime.timedelta(days=days),
            held_on__lte=last,
        )
        aggregates[f"quiet_{number}"] = Count("pk", filter=_could_be_quiet(last, days) & ~Exists(met))
    return Pair.objects.filter(usage_key=unit.usage_key).aggregate(**aggregates)


def _session_figures(unit, weeks):
    aggregates = {
        f"held_{number}": Count("pk", filter=Q(held_on__gte=first, held_on__lte=last))
        for number, (first, last) in enumerate(weeks)
    }
    return Session.objects.filter(
        usage_key=unit.usage_key, confirmation=Session.CONFIRMED, held_on__gte=weeks[0][0], held_on__lte=weeks[-1][1]
    ).aggregate(**aggregates)


def _submitted_pairs(unit, **conditions):
    """The ids of the unit's pairs with a submitted assessment matching ``conditions`` (a subquery
    the database computes once, not once per row)."""
    found = Assessment.objects.filter(usage_key=unit.usage_key, submitted_at__isnull=False, **conditions)
    return found.values("pair_id")


def _area_figures(unit, program):
    """Average ratings per area at the baseline and at each rater's last round, over the pairs
    that have a submitted baseline and a later submitted round. Returns (rows by kind, pairs)."""
    area_ids = [area["id"] for area in program["learning_areas"]]
    if not area_ids:
        return {}, 0
    later = ~Q(round="baseline")
    has_final = Q(rater="self", pair_id__in=_submitted_pairs(unit, round="final", rater="self")) | Q(
        rater="mentor", pair_id__in=_submitted_pairs(unit, round="final", rater="mentor")
    )
    kind = Case(
        When(round="baseline", rater="self", then=Value("baseline")),
        When(round="final", then=F("rater")),
        When(later & ~has_final, then=F("rater")),
        default=Value(""),
        output_field=CharField(),
    )
    averages = {
        f"area_{number}": Avg(Cast(KT(f"ratings__{area_id}"), FloatField())) for number, area_id in enumerate(area_ids)
    }
    rows = (
        Assessment.objects.filter(
            usage_key=unit.usage_key,
            submitted_at__isnull=False,
            pair_id__in=_submitted_pairs(unit, round="baseline", rater="self"),
        )
        .filter(pair_id__in=_submitted_pairs(unit).exclude(round="baseline"))
        .annotate(kind=kind)
        .values("kind")
        .annotate(pairs=Count("pk"), **averages)  # one row per pair, round and rater: a pair once per kind
        .order_by()
    )
    found = {row["kind"]: row for row in rows if row["kind"]}
    pairs = found.get("baseline", {}).get("pairs", 0)
    return {key: [row[f"area_{n}"] for n in range(len(area_ids))] for key, row in found.items()}, pairs


def dashboard(unit, program, today=None):
    """The unit's :class:`Dashboard`, in three queries (see the module's docstring)."""
    today = today or timezone.localdate()
    spans = weeks_ending(today)
    pairs = _pair_figures(unit, program, today, spans)
    sessions = _session_figures(unit, spans)
    averages, assessed = _area_figures(unit, program)
    per_month = program["min_sessions_per_month"]
    weeks = [
        Week(
            first=first,
            last=last,
            sessions=sessions[f"held_{n}"],
            expected=round(pairs[f"running_{n}"] * per_month * 7 / DAYS_PER_MONTH, 1),
            at_risk=pairs[f"quiet_{n}"],
        )
        for n, (first, last) in enumerate(spans)
    ]
    areas = []
    for number, area in enumerate(program["learning_areas"]):

        def value(kind, number=number):
            found = averages.get(kind)
            return None if found is None or found[number] is None else round(found[number], 2)

        areas.append(AreaChange(area["id"], value("baseline"), value("self"), value("mentor")))
    return Dashboard(
        total=pairs["total"],
        active=pairs["active"],
        not_started=pairs["not_started"],
        in_progress=pairs["in_progress"],
        complete=pairs["complete"],
        at_risk=pairs["at_risk"],
        funnel={
            "paired": pairs["active"],
            "agreed": pairs["f_agreed"],
            "goals": pairs["f_goals"],
            "met": pairs["f_met"],
            "assessed": pairs["f_assessed"],
            "complete": pairs["complete"],
        },
        weeks=weeks,
        areas=areas,
        assessed_pairs=assessed,
        at_risk_days=program["at_risk_days"],
        sessions_per_month=per_month,
    )


def cached(unit, program, today, version):
    """:func:`dashboard`, kept in Django's cache for a few minutes (:data:`CACHE_SECONDS`).

    The key names the unit, the day, what of the program the figures depend on, and ``version``:
    figures the caller has just read live (the staff page passes its pair counts), so that a new,
    ended or newly complete pair shows at once; sessions and assessments show within the
    cache's lifetime. Only counts and averages are kept, never a name."""
    seconds = getattr(settings, "MENTORING_DASHBOARD_CACHE_SECONDS", CACHE_SECONDS)
    if not seconds:
        return dashboard(unit, program, today)
    rules = {key: program[key] for key in ("at_risk_days", "min_sessions_per_month", "learning_areas")}
    text = json.dumps([unit.usage_key, today.isoformat(), rules, version], sort_keys=True, default=str)
    key = "mentoring_xblock:dashboard:" + hashlib.sha256(text.encode()).hexdigest()
    found = cache.get(key)
    if found is None:
        found = dashboard(unit, program, today)
        cache.set(key, found, seconds)
    return found
