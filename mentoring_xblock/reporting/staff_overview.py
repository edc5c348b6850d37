"""What course staff see of a unit's pairs: one row per pair, filtered, searched and paged in SQL.

Filters, search, counts and ordering read the standing every pair stores on its own row
(:func:`tracking.refresh` keeps it current), so they stay fast however many pairs a unit has.
The figures that live in other tables (goals, action items, agenda coverage, assessments) are
read only for the rows shown, in a fixed number of grouped queries (:func:`figures`). The CSV
export (:mod:`exports`) and the Data Download report (:mod:`data_download`) count the same way.
"""

import datetime
import math
from collections import defaultdict
from dataclasses import dataclass, field
from functools import reduce
from operator import and_

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Lower, NullIf

from ..core import limits
from ..core.cleaner import Cleaner
from ..core.dates import local_day
from ..models import ActionItem, Assessment, Goal, Pair, Participant, Session
from ..pairs.access import require_staff
from ..pairs.participants import label, name

FILTERS = ("all", "not_started", "in_progress", "at_risk", "complete")
PAGE_SIZE = 25
PAGE_MAX = 1_000_000
# Newest pairings first, as staff create them; the pk makes the order total, so pages never overlap.
ORDER = ("-created_at", "-pk")
# The columns staff may sort by (``sort=<key>``, or ``sort=-<key>`` for the reverse), each read in
# SQL from the pair's stored standing; ties keep the newest-first order.
SORTS = ("mentor", "mentee", "stage", "completion", "at_risk", "last_session", "sessions", "hours", "activity",
         "started")  # fmt: skip
SORT_CHOICES = frozenset(SORTS) | {f"-{key}" for key in SORTS}
UNPAIRED_SHOWN = 50
ROUNDS = [key for key, _label in Assessment.ROUNDS]
RATERS = [key for key, _label in Assessment.RATERS]


@dataclass(frozen=True)
class View:
    """What staff asked to see: a filter, a username search, a page (from 1) and an order
    (one of :data:`SORT_CHOICES`; empty for the newest pairings first)."""

    filter: str = "all"
    search: str = ""
    page: int = 1
    sort: str = ""


def clean_view(data):
    """The :class:`View` named by request data (a dict or a query-string multidict).

    Missing values take their defaults; a page past the last is shown as the last page.

    Raises:
        InvalidInput: an unknown filter or sort, a search that cannot be a username, or a page
            that is not a positive whole number.
    """
    cleaner = Cleaner()
    chosen = data.get("filter") or "all"
    chosen = cleaner.choice("filter", chosen, FILTERS) or "all"
    search = cleaner.text("search", data.get("search"), required=False, max_length=limits.SEARCH_MAX, multiline=False)
    page = data.get("page")
    page = cleaner.integer("page", 1 if page in (None, "") else page, (1, PAGE_MAX))
    sort = cleaner.choice("sort", data.get("sort"), SORT_CHOICES, required=False) or ""
    cleaner.done()
    return View(filter=chosen, search=search, page=page, sort=sort)


# -- the rules, in SQL and in Python ----------------------------------------------------------------


def at_risk_q(today, at_risk_days):
    """Pairs at risk on ``today``: active, not complete, and either without a confirmed session
    for more than ``at_risk_days`` days (counted from the start before the first one) or behind
    the cadence (due on or before ``today``). :func:`is_at_risk` is the same rule for one pair."""
    cutoff = today - datetime.timedelta(days=at_risk_days)
    quiet = Q(last_session_on__lt=cutoff) | Q(last_session_on__isnull=True, started_on__lt=cutoff)
    return Q(status=Pair.ACTIVE) & ~Q(stage=Pair.COMPLETE) & (quiet | Q(cadence_due_on__lte=today))


def is_at_risk(pair, today, at_risk_days):
    """:func:`at_risk_q` for one pair already loaded."""
    if pair.status != Pair.ACTIVE or pair.stage == Pair.COMPLETE:
        return False
    last = pair.last_session_on or pair.started_on
    behind = pair.cadence_due_on is not None and pair.cadence_due_on <= today
    return (today - last).days > at_risk_days or behind


def filter_q(name, today, at_risk_days):
    """The condition of one of :data:`FILTERS` (None for ``all``)."""
    if name == "at_risk":
        return at_risk_q(today, at_risk_days)
    if name in (Pair.NOT_STARTED, Pair.IN_PROGRESS, Pair.COMPLETE):
        return Q(stage=name)
    return None


def search_q(search):
    """Pairs whose mentor's or mentee's username contains ``search``, whatever the case (None for no search)."""
    if not search:
        return None
    return Q(mentor__username__icontains=search) | Q(mentee__username__icontains=search)


def _all_of(*conditions):
    present = [condition for condition in conditions if condition is not None]
    return reduce(and_, present) if present else None


def matching(unit, program, view, today):
    """The unit's pairs that ``view``'s filter and search select, in the order ``view`` asks."""
    pairs = Pair.objects.filter(usage_key=unit.usage_key)
    condition = _all_of(filter_q(view.filter, today, program["at_risk_days"]), search_q(view.search))
    if condition is not None:
        pairs = pairs.filter(condition)
    return pairs.order_by(*ordering(view.sort, today, program["at_risk_days"]))


def _name(member):
    """A member's name as :func:`participants.name` shows it, for sorting (whatever the case)."""
    return Lower(Coalesce(NullIf(f"{member}__display_name", Value("")), f"{member}__username"))


def _sort_value(key, today, at_risk_days):
    if key in ("mentor", "mentee"):
        return _name(key)
    if key == "stage":
        steps = [When(stage=stage, then=Value(number)) for number, (stage, _label) in enumerate(Pair.STAGES)]
        return Case(*steps, default=Value(len(steps)), output_field=IntegerField())
    if key == "at_risk":
        return Case(When(at_risk_q(today, at_risk_days), then=Value(1)), default=Value(0), output_field=IntegerField())
    columns = {
        "completion": "progress",
        "last_session": "last_session_on",
        "sessions": "sessions_confirmed",
        "hours": "minutes_confirmed",
        "activity": "last_activity_at",
        "started": "started_on",
    }
    return F(columns[key])


def ordering(sort, today, at_risk_days):
    """The ``ORDER BY`` of the staff list for ``sort`` (see :data:`SORTS`): the column, missing
    values first when ascending and last when descending, then the newest pairings first."""
    if not sort:
        return ORDER
    key = sort.lstrip("-")
    value = _sort_value(key, today, at_risk_days)
    first = value.desc(nulls_last=True) if sort.startswith("-") else value.asc(nulls_first=True)
    return (first, *ORDER)


def counts(unit, program, search, today):
    """In one query: the unit's pairs, its active pairs, and how many match the search under each filter."""
    matches = search_q(search)
    aggregates = {"unit_total": Count("pk"), "active": Count("pk", filter=Q(status=Pair.ACTIVE))}
    for key in FILTERS:
        condition = _all_of(filter_q(key, today, program["at_risk_days"]), matches)
        aggregates[f"filter_{key}"] = Count("pk", filter=condition) if condition is not None else Count("pk")
    found = Pair.objects.filter(usage_key=unit.usage_key).aggregate(**aggregates)
    return {
        "unit_total": found["unit_total"],
        "active": found["active"],
        "filters": {key: found[f"filter_{key}"] for key in FILTERS},
    }


# -- per-row figures from the other tables ------------------------------------------------------------


@dataclass(slots=True)
class Figures:
    """What a pair's row shows from its goals, action items, sessions and assessments."""

    goals_set: int = 0
    goals_achieved: int = 0
    actions_open: int = 0
    actions_overdue: int = 0
    agenda_covered: set = field(default_factory=set)
    assessments: dict = field(default_factory=dict)  # (round, rater) -> submitted?

    @property
    def assessments_submitted(self):
        return sum(1 for submitted in self.assessments.values() if submitted)


def figures(pair_ids, program, today, *, agenda=True):
    """:class:`Figures` for each of ``pair_ids``, in four queries however many pairs (three
    without the ``agenda`` coverage, which reads the confirmed sessions)."""
    found = defaultdict(Figures)
    ids = list(pair_ids)
    if not ids:
        return found
    among = _among(ids)
    # Plain rows counted here: cheaper than grouping in SQL for the few rows a pair has.
    for pair_id, status in Goal.objects.filter(among).values_list("pair_id", "status"):
        counted = found[pair_id]
        counted.goals_set += 1
        counted.goals_achieved += status == "achieved"
    for pair_id, due_on in ActionItem.objects.filter(among, status="open").values_list("pair_id", "due_on"):
        counted = found[pair_id]
        counted.actions_open += 1
        counted.actions_overdue += due_on is not None and due_on < today
    if agenda:
        required = {item["id"] for item in program["agenda"] if item["required"]}
        covered = Session.objects.filter(among, confirmation=Session.CONFIRMED).values_list("pair_id", "agenda_items")
        for pair_id, items in covered:
            found[pair_id].agenda_covered |= required.intersection(items or [])
    submitted = ExpressionWrapper(Q(submitted_at__isnull=False), output_field=BooleanField())
    assessments = Assessment.objects.filter(among).values_list("pair_id", "round", "rater", submitted)
    for pair_id, round_, rater, is_submitted in assessments:
        found[pair_id].assessments[(round_, rater)] = is_submitted
    wanted = set(ids)
    for pair_id in [pair_id for pair_id in found if pair_id not in wanted]:
        del found[pair_id]
    return found


def _among(ids):
    """The rows of the pairs ``ids`` (see :func:`id_among`)."""
    return id_among("pair__id", ids)


def id_among(field, ids):
    """The rows whose ``field`` (an id, named through its relation: ``"pair__id"``) is one of ``ids``,
    or a neighbour: by an id range when the ids fill most of it (the exports read pairs in chunks
    of neighbours, the report participants as they came, and a range costs the database nothing
    per id), else by the list. Callers leave out the neighbours' rows they do not want."""
    low, high = min(ids), max(ids)
    if high - low < 2 * len(ids):
        return Q(**{f"{field}__gte": low, f"{field}__lte": high})
    return Q(**{f"{field}__in": ids})


# -- rows --------------------------------------------------------------------------------------------


def days_since_activity(pair, today):
    """Whole days since a member last wrote to the pair (since it started, before any write)."""
    last = local_day(pair.last_activity_at) if pair.last_activity_at else pair.started_on
    return max(0, (today - last).days)


def pair_row(pair, found, program, today, required=None):
    """One pair's row as plain data (usernames, dates, numbers); ``found`` is its :class:`Figures`.
    ``required``: how many agenda items the program requires (counted here when not given)."""
    if required is None:
        required = required_items(program)
    return {
        "id": pair.pk,
        "mentor": pair.mentor.username,
        "mentee": pair.mentee.username,
        "mentor_name": name(pair.mentor),
        "mentee_name": name(pair.mentee),
        "mentor_label": label(pair.mentor),
        "mentee_label": label(pair.mentee),
        "status": pair.status,
        "stage": pair.stage,
        "at_risk": is_at_risk(pair, today, program["at_risk_days"]),
        "sessions_confirmed": pair.sessions_confirmed,
        "hours": round(pair.minutes_confirmed / 60, 1),
        "last_session_on": pair.last_session_on,
        "days_since_activity": days_since_activity(pair, today),
        "agenda_covered": len(found.agenda_covered),
        "agenda_required": required,
        "goals_set": found.goals_set,
        "goals_achieved": found.goals_achieved,
        "actions_open": found.actions_open,
        "actions_overdue": found.actions_overdue,
        "assessments_submitted": found.assessments_submitted,
        "completion_percent": round(pair.progress * 100),
        "started_on": pair.started_on,
        "ended_on": local_day(pair.ended_at) if pair.ended_at else None,
        "end_reason": pair.end_reason,
        "formed_by": pair.formed_by,
    }


def rows_for(pairs, program, today):
    """The rows of ``pairs`` (loaded with their mentor and mentee), figures read for them at once."""
    pairs = list(pairs)
    found = figures([pair.pk for pair in pairs], program, today)
    required = required_items(program)
    return [pair_row(pair, found[pair.pk], program, today, required) for pair in pairs]


def required_items(program):
    """How many of the program's agenda items are required."""
    return sum(1 for item in program["agenda"] if item["required"])


# -- learners without a pair --------------------------------------------------------------------------


def unpaired_participants(unit):
    """The unit's participants without an active pair (never paired, or whose pairing ended)."""
    active = Pair.objects.filter(usage_key=unit.usage_key, status=Pair.ACTIVE)
    return Participant.objects.filter(usage_key=unit.usage_key).filter(
        ~Exists(active.filter(mentor=OuterRef("pk"))), ~Exists(active.filter(mentee=OuterRef("pk")))
    )


def unpaired_visitors(unit, limit=UNPAIRED_SHOWN):
    """The most recently seen unpaired participants (at most ``limit``), and how many there are."""
    people = unpaired_participants(unit)
    shown = people.order_by("-last_seen", "-pk")[:limit]  # read backwards off an index
    rows = [{"username": p.username, "name": name(p), "label": label(p), "last_seen": p.last_seen} for p in shown]
    return rows, people.count()


# -- the staff overview ----------------------------------------------------------------------------------


@dataclass
class Overview:
    """One page of the staff list, with everything the panel shows around it."""

    view: View
    rows: list
    total: int  # pairs matching the filter and search
    pages: int
    counts: dict  # see :func:`counts`
    unpaired: list
    unpaired_total: int
    at_risk_days: int

    @property
    def page(self):
        return self.view.page

    @property
    def first(self):
        """The position of the page's first row (0 when the page is empty)."""
        return (self.page - 1) * PAGE_SIZE + 1 if self.rows else 0

    @property
    def last(self):
        return (self.page - 1) * PAGE_SIZE + len(self.rows)

    def as_data(self):
        """The overview as a handler answers it (dates still as dates: the caller makes them JSON)."""
        return {
            "pairs": self.rows,
            "total": self.total,
            "page": self.page,
            "pages": self.pages,
            "page_size": PAGE_SIZE,
            "filter": self.view.filter,
            "search": self.view.search,
            "sort": self.view.sort,
            "counts": self.counts["filters"],
            "active": self.counts["active"],
            "unpaired": self.unpaired,
            "unpaired_total": self.unpaired_total,
        }


def overview(ctx, view=View()):  # noqa: B008  (a frozen dataclass: immutable)
    """One page of the unit's pairs for course staff, with the counts behind the filters and the
    unpaired visitors. A fixed number of queries (eight) however many pairs the unit has.

    Raises:
        NotAllowed: the actor is not course staff.
    """
    require_staff(ctx)
    program, today = ctx.program, ctx.today
    found = counts(ctx.unit, program, view.search, today)
    total = found["filters"][view.filter]
    pages = max(1, math.ceil(total / PAGE_SIZE))
    view = View(filter=view.filter, search=view.search, page=min(view.page, pages), sort=view.sort)
    start = (view.page - 1) * PAGE_SIZE
    shown = matching(ctx.unit, program, view, today).select_related("mentor", "mentee")[start : start + PAGE_SIZE]
    unpaired, unpaired_total = unpaired_visitors(ctx.unit)
    return Overview(
        view=view,
        rows=rows_for(shown, program, today),
        total=total,
        pages=pages,
        counts=found,
        unpaired=unpaired,
        unpaired_total=unpaired_total,
        at_risk_days=program["at_risk_days"],
    )
