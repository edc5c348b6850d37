"""Pairs read as plain values for the exports: the columns a staff row shows, no model instances.

The CSV export and the Data Download report go through every pair of a unit (100,000
participants in a large course). Building a model instance for each pair and both its members
(and converting every date column of all three) costs several times what reading the rows
does; these objects carry only what :func:`reports.pair_row` and the report read, under the
same attribute names, so the row functions serve model instances and these alike.
"""

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
STANDING_COLUMNS = PAIR_COLUMNS[:8]
COLUMNS = (
    *PAIR_COLUMNS,
    *(f"mentor__{column}" for column in MEMBER_COLUMNS),
    *(f"mentee__{column}" for column in MEMBER_COLUMNS),
)


class Member:
    """A pair's mentor or mentee, as far as a row names them."""

    __slots__ = ("pk", *MEMBER_COLUMNS)

    def __init__(self, pk, username, display_name="", retired_at=None):
        self.pk, self.username, self.display_name, self.retired_at = pk, username, display_name, retired_at


class PairValues:
    """A pair's row values (the leading columns of :data:`PAIR_COLUMNS` that were read), with
    ``mentor`` and ``mentee`` as :class:`Member`."""

    __slots__ = (*PAIR_COLUMNS, "mentor", "mentee")

    def __init__(self, values, mentor, mentee):
        for column, value in zip(PAIR_COLUMNS, values, strict=False):
            setattr(self, column, value)
        self.mentor = Member(self.mentor_id, *mentor)
        self.mentee = Member(self.mentee_id, *mentee)


def read(pairs, chunk_size=2000):
    """The pairs of the queryset ``pairs`` (in its order), read lazily as :class:`PairValues`."""
    count, member = len(PAIR_COLUMNS), len(MEMBER_COLUMNS)
    rows = pairs.values_list(*COLUMNS).iterator(chunk_size=chunk_size)
    return (PairValues(row[:count], row[count : count + member], row[count + member :]) for row in rows)


def standings(pairs):
    """The pairs of the queryset ``pairs`` (in its order) with only their standing and their
    members' usernames (what the Data Download report shows), in a list."""
    count = len(STANDING_COLUMNS)
    rows = pairs.values_list(*STANDING_COLUMNS, "mentor__username", "mentee__username")
    return [PairValues(row[:count], row[count : count + 1], row[count + 1 :]) for row in rows]
