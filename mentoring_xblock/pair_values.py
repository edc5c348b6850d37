"""Pairs read as plain values for the CSV export: the columns a staff row shows, no model instances.

The CSV export goes through every pair of a unit (100,000 participants in a large course).
Building a model instance for each pair and both its members (and converting every date column
of all three) costs several times what reading the rows does; these objects carry only what
:func:`reports.pair_row` reads, under the same attribute names, so the row functions serve model
instances and these alike. (The Data Download report reads its few columns as plain tuples:
:mod:`data_download`.)
"""

import math
from collections import namedtuple

from django.db.models import Count, Max, Min

PAIR_COLUMNS = (
    "pk",
    "mentor_id",
    "mentee_id",
    "status",
    "stage",
    "progress",
    "sessions_confirmed",
    "minutes_confirmed",
    "last_session_on",
    "last_activity_at",
    "cadence_due_on",
    "started_on",
    "ended_at",
    "end_reason",
    "formed_by",
)
MEMBER_COLUMNS = ("username", "display_name", "retired_at")
# The CSV names the members by username only: their names (and whether they were retired,
# which hides a name) are not read.
COLUMNS = (*PAIR_COLUMNS, "mentor__username", "mentee__username")


# Named tuples: built in C from the rows read, their attributes read like a model's.
Member = namedtuple("Member", ("pk", *MEMBER_COLUMNS), defaults=("", None))
Member.__doc__ = "A pair's mentor or mentee, as far as a row names them."
PairValues = namedtuple("PairValues", (*PAIR_COLUMNS, "mentor", "mentee"))
PairValues.__doc__ = "A pair's row values (None for columns not read), its members as :class:`Member`."


def read(pairs):
    """The pairs of the queryset ``pairs`` (in its order) as :class:`PairValues` whose members carry
    their usernames, in a list."""
    count = len(PAIR_COLUMNS)
    return [
        PairValues(*row[:count], Member(row[1], row[count]), Member(row[2], row[count + 1]))
        for row in pairs.values_list(*COLUMNS)
    ]


def pages(pairs, size):
    """The pairs of the queryset ``pairs``, newest first (the latest pairing first, by id), as lists of
    about ``size`` :class:`PairValues`, so that memory holds one page on every database, including
    MySQL and MariaDB, whose drivers load a query's whole result.

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
        rows = read(pairs.filter(pk__gte=start, pk__lte=high).order_by("-pk"))
        if rows:
            yield rows
        high = start - 1
