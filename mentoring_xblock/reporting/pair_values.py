"""Pairs read as plain values for the CSV export: the columns a staff row shows, no model instances.

The CSV export goes through every pair of a unit (100,000 participants in a large course).
Building a model instance for each pair and both its members, converting every date of all three
and making a dict of each row costs several times what reading the rows does. Here a window of
pairs is read as plain tuples whose values are almost the CSV's cells already: the dates the
file shows as text (ISO dates, as the database gives them), whether the pair is at risk as
``true``/``false`` by the staff list's own SQL rule (:func:`staff_overview.at_risk_q`), and the figures
from other tables counted from four plain queries of one or two columns each, none of which the
database driver converts row by row. (The Data Download report reads its few columns as plain
tuples too: :mod:`data_download`.)
"""

import json
import math

from django.db.models import Case, CharField, Count, IntegerField, Max, Min, TextField, Value, When
from django.db.models.functions import Cast

from ..models import ActionItem, Assessment, Goal, Session
from . import staff_overview


def columns(program, today):
    """What a window reads of each pair, in the order :func:`exports` rows unpack it."""
    at_risk = staff_overview.at_risk_q(today, program["at_risk_days"])
    return (
        "pk",
        "mentor__username",
        "mentee__username",
        "status",
        "stage",
        Case(When(at_risk, then=Value("true")), default=Value("false"), output_field=CharField()),
        "sessions_confirmed",
        "minutes_confirmed",
        Cast("last_session_on", CharField()),
        "last_activity_at",
        Cast("started_on", CharField()),
        "ended_at",
        "progress",
    )


def pages(pairs, size, values):
    """The pairs of the queryset ``pairs``, newest first (the latest pairing first, by id), as lists of
    about ``size`` tuples of ``values`` (see :func:`columns`), so that memory holds one page on every
    database, including MySQL and MariaDB, whose drivers load a query's whole result.

    Each page is a window of ids, read as a range of the index (MariaDB answers "the next ``size``
    below this id" by walking the unit's pairs from its newest, so each page would cost more than
    the one before). The windows are as wide as the matching pairs' density says ``size`` of them
    take, from one query that counts them and finds their lowest and highest ids.
    """
    found = pairs.aggregate(count=Count("pk"), low=Min("pk"), high=Max("pk"))
    if not found["count"]:
        return
    low, high = found["low"], found["high"]
    width = max(size, math.ceil(size * (high - low + 1) / found["count"]))
    while high >= low:
        start = max(low, high - width + 1)
        rows = list(pairs.filter(pk__gte=start, pk__lte=high).order_by("-pk").values_list(*values))
        if rows:
            yield rows
        high = start - 1


class Figures:
    """What the rows of some pairs show from their goals, open action items, confirmed sessions and
    assessments, counted in four queries: each attribute maps a pair's id to its figure (pairs
    without any are absent; rows of other pairs in an id range may be counted too, never looked up).

    ``agenda_covered`` maps a pair to the required agenda items its confirmed sessions covered.
    """

    __slots__ = ("goals_set", "goals_achieved", "actions_open", "actions_overdue", "agenda_covered", "submitted")

    def __init__(self, pair_ids, program, today):
        among = staff_overview.id_among("pair__id", pair_ids)
        self.goals_set, self.goals_achieved = goals_set, goals_achieved = {}, {}
        for pair_id, status in Goal.objects.filter(among).values_list("pair_id", "status"):
            goals_set[pair_id] = goals_set.get(pair_id, 0) + 1
            if status == "achieved":
                goals_achieved[pair_id] = goals_achieved.get(pair_id, 0) + 1
        self.actions_open, self.actions_overdue = actions_open, actions_overdue = {}, {}
        overdue = Case(When(due_on__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField())
        for pair_id, late in ActionItem.objects.filter(among, status="open").values_list("pair_id", overdue):
            actions_open[pair_id] = actions_open.get(pair_id, 0) + 1
            if late:
                actions_overdue[pair_id] = actions_overdue.get(pair_id, 0) + 1
        self.agenda_covered = covered = {}
        required = Memo(_required_in({item["id"] for item in program["agenda"] if item["required"]}))
        sessions = Session.objects.filter(among, confirmation=Session.CONFIRMED)
        # The lists as the text they are stored as: each distinct list is read once, not each row.
        for pair_id, items in sessions.values_list("pair_id", Cast("agenda_items", TextField())):
            found = required[items]
            if found:
                covered[pair_id] = covered[pair_id] | found if pair_id in covered else found
        # One assessment per round and rater: a pair's submitted ones are its rows with a date.
        self.submitted = submitted = {}
        for (pair_id,) in Assessment.objects.filter(among, submitted_at__isnull=False).values_list("pair_id"):
            submitted[pair_id] = submitted.get(pair_id, 0) + 1


def _required_in(required):
    def covered(text):
        """The required items an agenda list (as stored text, None when absent) names."""
        return frozenset(required.intersection(json.loads(text) or ())) if text else frozenset()

    return covered


class Memo(dict):
    """``make(key)`` for each key, made once."""

    __slots__ = ("make",)

    def __init__(self, make):
        super().__init__()
        self.make = make

    def __missing__(self, key):
        value = self[key] = self.make(key)
        return value
