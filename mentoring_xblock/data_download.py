"""Rows for the platform's Problem Responses report (Instructor Dashboard → Data Download).

The platform loads the block without a user (in a worker) and calls
``generate_report_data(user_state_iterator, limit_responses)``. Only the authored program, the
iterator and this package's models are used here: no runtime service. Every visitor has a
per-user state row (the block stores ``published_progress`` at each visit), so the iterator
yields each participant once; this yields one row per pair they belong to (a mentor with
three mentees gets three rows), or one ``unpaired`` row.

Users are read in batches, each with its participants, pairs and figures read at once, so the
number of queries grows with the number of batches, not of users.
"""

from collections import OrderedDict, defaultdict
from itertools import islice

from django.db.models import Q
from django.utils import timezone

from . import exports, pair_values, reports
from .models import Pair, Participant

BATCH_SIZE = 500
KEYS = (
    "role",
    "partner",
    "pair_status",
    "stage",
    "sessions_confirmed",
    "hours",
    "goals_set",
    "goals_achieved",
    "actions_open",
    "assessments",
    "completion_percent",
)


def report_rows(unit, program, user_states, limit=None, today=None):
    """Yield ``(username, OrderedDict)`` for the users of ``user_states``, at most ``limit`` rows.

    Args:
        unit: the block's :class:`platform.Unit`.
        program: the authored program (the block's content and settings fields).
        user_states: items with a ``username`` (the platform's ``XBlockUserState``).
        limit: the most rows to yield; None for all.
        today: the day the figures are counted on (the local date by default).
    """
    today = today or timezone.localdate()
    states = iter(user_states)
    emitted = 0
    while limit is None or emitted < limit:
        # Every user yields at least one row: never read more users than rows still wanted.
        size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - emitted)
        batch = list(islice(states, size))
        if not batch:
            return
        rows = _rows_by_username(unit, program, {state.username for state in batch}, today)
        for state in batch:
            for row in rows.get(state.username) or [_unpaired_row()]:
                if limit is not None and emitted >= limit:
                    return
                yield state.username, row
                emitted += 1


def _rows_by_username(unit, program, usernames, today):
    participants = Participant.objects.filter(usage_key=unit.usage_key, username__in=usernames)
    ids = list(participants.values_list("pk", flat=True))
    # The participants are the unit's, so their pairs are too: naming the unit here would lead the
    # database to read every pair of the unit instead of the members' pairs by their indexes (and
    # the ids are a list, not a subquery, which MariaDB would answer by reading every pair).
    members = Pair.objects.filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids))
    pairs = pair_values.standings(members.order_by("created_at", "pk"))
    # Active pairs first, then ended ones, each oldest first.
    pairs.sort(key=lambda pair: pair.status != Pair.ACTIVE)
    found = reports.figures([pair.pk for pair in pairs], program, today, agenda=False)
    rows = defaultdict(list)
    for pair in pairs:
        for role, member, partner in (("mentor", pair.mentor, pair.mentee), ("mentee", pair.mentee, pair.mentor)):
            if member.username in usernames:
                rows[member.username].append(_pair_row(role, partner, pair, found[pair.pk]))
    return rows


def _pair_row(role, partner, pair, found):
    return OrderedDict(
        [
            ("role", role),
            # The platform writes these rows to a CSV file: a username is the one text people choose.
            ("partner", exports.cell(partner.username)),
            ("pair_status", pair.status),
            ("stage", pair.stage),
            ("sessions_confirmed", pair.sessions_confirmed),
            ("hours", round(pair.minutes_confirmed / 60, 1)),
            ("goals_set", found.goals_set),
            ("goals_achieved", found.goals_achieved),
            ("actions_open", found.actions_open),
            ("assessments", assessments_text(found.assessments)),
            ("completion_percent", round(pair.progress * 100)),
        ]
    )


def _unpaired_row():
    return OrderedDict((key, "unpaired" if key == "role" else "") for key in KEYS)


def assessments_text(assessments):
    """``{(round, rater): submitted}`` as text, in round order: ``"baseline self: submitted; final mentor: draft"``."""
    parts = [
        f"{round_} {rater}: {'submitted' if assessments[(round_, rater)] else 'draft'}"
        for round_ in reports.ROUNDS
        for rater in reports.RATERS
        if (round_, rater) in assessments
    ]
    return "; ".join(parts)
