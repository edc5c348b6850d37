"""Pairs read as plain values for the exports: the columns a staff row shows, no model instances.

The CSV export and the Data Download report go through every pair of a unit (100,000
participants in a large course). Building a model instance for each pair and both its members
(and converting every date column of all three) costs several times what reading the rows
does; these objects carry only what :func:`reports.pair_row` and the report read, under the
same attribute names, so the row functions serve model instances and these alike.
"""

from collections import namedtuple

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
    "created_at",
)
MEMBER_COLUMNS = ("username", "display_name", "retired_at")
STANDING_COLUMNS = PAIR_COLUMNS[:8]
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
    """The pairs of the queryset ``pairs``, newest first (``-created_at, -pk``), as lists of at most
    ``size`` :class:`PairValues`: each page one query that starts after the last pair of the one
    before (keyset paging along the unit's newest-first index), so that memory holds one page on
    every database, including MySQL and MariaDB, whose drivers load a query's whole result."""
    after = None
    while True:
        page = pairs
        if after is not None:
            # "At or before the last one's time, but not it or its elders of the same time": a range
            # on the index the database can start from, where an OR would make it walk the unit.
            # (The time is a value: MariaDB does not start an index range from a subquery.)
            when = after.created_at
            page = page.filter(created_at__lte=when).exclude(created_at=when, pk__gte=after.pk)
        rows = read(page.order_by("-created_at", "-pk")[:size])
        if rows:
            yield rows
        if len(rows) < size:
            return
        after = rows[-1]


def standings(pairs):
    """The pairs of the queryset ``pairs`` (in its order) with only their standing and their
    members' usernames (what the Data Download report shows), in a list."""
    count = len(STANDING_COLUMNS)
    unread = (None,) * (len(PAIR_COLUMNS) - count)
    rows = pairs.values_list(*STANDING_COLUMNS, "mentor__username", "mentee__username")
    return [
        PairValues(*row[:count], *unread, Member(row[1], row[count]), Member(row[2], row[count + 1])) for row in rows
    ]
