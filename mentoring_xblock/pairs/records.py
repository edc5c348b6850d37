"""A pair's records, read in a fixed number of queries: what its workspace shows and what its
standing is counted from."""

from collections import namedtuple

from ..models import ActionItem, Assessment, Goal, GoalUpdate
from . import agreement as agreements
from . import pair_summary, scheduling, staff_access

RECORDS = ("agreement", "goals", "goal_updates", "sessions", "actions", "assessments", "staff_accesses")
# What the workspace shows beside them: the sessions planned ahead.
WORKSPACE = (*RECORDS, "planned")


def _goals(pair):
    return list(Goal.objects.filter(pair=pair).select_related("updated_by").order_by("created_at", "pk"))


def _goal_updates(pair):
    """The progress history of each of the pair's goals, newest first, by goal id (a goal without
    one is missing): one query, grouped here (cheaper than a prefetch for a long history)."""
    by_goal = {}
    updates = GoalUpdate.objects.filter(goal__pair=pair).select_related("author").order_by("-created_at", "-pk")
    for update in updates:
        by_goal.setdefault(update.goal_id, []).append(update)
    return by_goal


# What the workspace shows of an action item, read as plain rows (a pair may have hundreds).
ActionRow = namedtuple("ActionRow", "pk text owner due_on status done_at session_id")


def _actions(pair):
    rows = ActionItem.objects.filter(pair=pair).order_by("due_on", "pk").values_list(*ActionRow._fields)
    return [ActionRow(*row) for row in rows]


READERS = {
    "agreement": agreements.agreement_of,
    "goals": _goals,
    "goal_updates": _goal_updates,
    "sessions": pair_summary.sessions_of,
    "actions": _actions,
    "assessments": lambda pair: list(Assessment.objects.filter(pair=pair).order_by("pk")),
    "staff_accesses": staff_access.recent,
    "planned": scheduling.still_planned,
}


def load(pair, names=RECORDS):
    """The records ``names`` of a pair (by default those its standing is counted from: eight
    queries, however much the pair has done; :data:`WORKSPACE`, one more)."""
    return {name: READERS[name](pair) for name in WORKSPACE if name in names}
