"""A pair's records, read in a fixed number of queries: what its workspace shows and what its
standing is counted from."""

from collections import namedtuple

from ..models import ActionItem, Assessment, Goal, GoalUpdate
from . import agreement as agreements
from . import pair_summary, staff_access

RECORDS = ("agreement", "goals", "sessions", "actions", "assessments", "staff_accesses")


def _goals(pair):
    """The pair's goals, each with its progress history (newest first) as ``history``: two
    queries, the updates grouped here (cheaper than a prefetch for a long history)."""
    goals = list(Goal.objects.filter(pair=pair).select_related("updated_by").order_by("created_at", "pk"))
    by_goal = {goal.pk: goal for goal in goals}
    for goal in goals:
        goal.history = []
    updates = GoalUpdate.objects.filter(goal__pair=pair).select_related("author").order_by("-created_at", "-pk")
    for update in updates:
        by_goal[update.goal_id].history.append(update)
    return goals


# What the workspace shows of an action item, read as plain rows (a pair may have hundreds).
ActionRow = namedtuple("ActionRow", "pk text owner due_on status done_at session_id")


def _actions(pair):
    rows = ActionItem.objects.filter(pair=pair).order_by("due_on", "pk").values_list(*ActionRow._fields)
    return [ActionRow(*row) for row in rows]


READERS = {
    "agreement": agreements.agreement_of,
    "goals": _goals,
    "sessions": pair_summary.sessions_of,
    "actions": _actions,
    "assessments": lambda pair: list(Assessment.objects.filter(pair=pair).order_by("pk")),
    "staff_accesses": staff_access.recent,
}


def load(pair, names=RECORDS):
    """The records ``names`` of a pair (all that the workspace shows by default: eight queries,
    however much the pair has done)."""
    return {name: READERS[name](pair) for name in RECORDS if name in names}
