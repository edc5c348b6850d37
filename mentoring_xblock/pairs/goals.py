"""SMART goals and their progress history.

Goals carry a version number: an edit names the version it started from, and an edit made
after the partner changed the goal is refused (409) with the current version, so nobody
overwrites their partner's words without seeing them.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery

from ..core import limits
from ..core.cleaner import Cleaner
from ..core.errors import Conflict, InvalidInput, NotFound
from ..core.i18n import gettext as _
from ..core.transactions import retrying_atomic
from ..models import Goal, GoalUpdate
from . import pair_summary

STATUSES = dict(Goal.STATUSES)


class StaleGoal(Conflict):
    code = "stale"

    def default_message(self):
        return _(
            "Your partner saved this goal while you were editing it. Their version is shown in the "
            "form and your changes are kept: save again to replace theirs with yours."
        )


@dataclass(frozen=True)
class GoalFields:
    """A goal as a member wrote it (:func:`clean_goal`). ``status`` None: not sent (a new goal
    is not started; an edit keeps the goal's). ``version``: the version an edit started from."""

    statement: str
    why: str
    measure: str
    target_date: datetime.date
    areas: list
    status: str | None = None
    version: int | None = None

    def values(self, status):
        return {
            "statement": self.statement, "why": self.why, "measure": self.measure,
            "target_date": self.target_date, "areas": self.areas, "status": self.status or status,
        }  # fmt: skip


def clean_goal(ctx, pair, data, *, edit=False):
    """The :class:`GoalFields` a member sent for ``pair``; an ``edit`` also names its ``version``.

    Raises:
        InvalidInput: every wrong field, named.
    """
    cleaner = Cleaner()
    areas = {area["id"] for area in ctx.program["learning_areas"]}
    fields = GoalFields(
        statement=cleaner.text("statement", data.get("statement"), max_length=limits.GOAL_STATEMENT_MAX),
        why=cleaner.text("why", data.get("why"), required=False, max_length=limits.TEXT_MAX),
        measure=cleaner.text("measure", data.get("measure"), max_length=limits.TEXT_MAX),
        target_date=cleaner.date("target_date", data.get("target_date"), earliest=pair.started_on),
        areas=cleaner.subset("areas", data.get("areas"), areas),
        status=cleaner.choice("status", data.get("status"), STATUSES) if data.get("status") else None,
        version=cleaner.integer("version", data.get("version"), (1, 10**6)) if edit else None,
    )
    cleaner.done()
    return fields


@dataclass(frozen=True)
class Progress:
    """A progress update on a goal: a percentage and an optional note."""

    value: int
    note: str


def clean_progress(data):
    """The :class:`Progress` a member sent."""
    cleaner = Cleaner()
    value = cleaner.integer("value", data.get("value"), (0, 100))
    note = cleaner.text("note", data.get("note"), required=False, max_length=limits.TEXT_MAX)
    cleaner.done()
    return Progress(value, note)


def pair_goal(pair, goal_id, *, lock=False, goals=None):
    """Goal ``goal_id`` of ``pair``; a goal of any other pair is not found."""
    goals = goals if goals is not None else Goal.objects.all()
    goals = goals.select_for_update() if lock else goals
    goal = goals.filter(pk=goal_id, pair=pair).first() if goal_id else None
    if goal is None:
        raise NotFound()
    return goal


@retrying_atomic
def add(ctx, locked, fields):
    """Add a goal (``fields``: :class:`GoalFields`) to the pair of ``locked``
    (:class:`access.LockedPair`). Returns it.

    The pair's lock makes the limit hold when both members add a goal at once."""
    pair = locked.pair
    goal = Goal.objects.create(
        course_key=pair.course_key,
        usage_key=pair.usage_key,
        pair=pair,
        created_by=ctx.participant,
        updated_by=ctx.participant,
        **fields.values("not_started"),
    )
    locked.summary = pair_summary.read(pair, ctx.today)  # the answer shows it too
    if locked.summary.goals > limits.GOALS_PER_PAIR:  # one too many: undone
        raise InvalidInput({"statement": _("A pair can have up to {limit} goals.").format(limit=limits.GOALS_PER_PAIR)})
    return goal


@retrying_atomic
def edit(ctx, locked, goal_id, fields):
    """Change a goal to ``fields`` (:class:`GoalFields`, whose ``version`` is the one the editor
    started from).

    Raises:
        NotFound: no such goal in this pair.
        StaleGoal: the goal changed since that version (``current`` is set by the caller).
    """
    goal = pair_goal(locked.pair, goal_id, lock=True)
    if goal.version != fields.version:
        raise StaleGoal()
    for key, value in fields.values(goal.status).items():  # an edit that leaves the status out keeps it
        setattr(goal, key, value)
    goal.version += 1
    goal.updated_by = ctx.participant
    goal.save()
    return goal


@retrying_atomic
def add_update(ctx, locked, goal_id, progress):
    """Record ``progress`` (:class:`Progress`) on a goal. Returns the goal.

    A first update on a goal not started yet marks it in progress.
    """
    pair = locked.pair
    # The goal comes with how many updates it has (its limit), in the statement that locks it.
    with_count = Goal.objects.annotate(updates_count=Subquery(_updates_count()))
    goal = pair_goal(pair, goal_id, lock=True, goals=with_count)
    if (goal.updates_count or 0) >= limits.UPDATES_PER_GOAL:
        raise InvalidInput(
            {"value": _("A goal can have up to {limit} progress updates.").format(limit=limits.UPDATES_PER_GOAL)}
        )
    GoalUpdate.objects.create(
        course_key=pair.course_key,
        usage_key=pair.usage_key,
        goal=goal,
        author=ctx.participant,
        value=progress.value,
        note=progress.note,
    )
    if goal.status == "not_started":
        goal.status, goal.version = "in_progress", goal.version + 1  # the goal is locked: no one else changed it
        goal.save(update_fields=["status", "version", "updated_at"])
    else:
        # Touch updated_at so the goal shows its latest activity.
        goal.save(update_fields=["updated_at"])
    return goal


def _updates_count():
    updates = GoalUpdate.objects.filter(goal=OuterRef("pk")).order_by().values("goal")
    return updates.annotate(n=Count("pk")).values("n")
