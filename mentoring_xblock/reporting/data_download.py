"""Rows for the platform's Problem Responses report (Instructor Dashboard → Data Download).

The platform loads the block without a user (in a worker) and calls
``generate_report_data(user_state_iterator, limit_responses)``. Only the authored program, the
iterator and this package's models are used here: no runtime service. Every visitor has a
per-user state row (the block stores ``published_progress`` at each visit), so the iterator
yields each participant once; this yields one row per pair they belong to (a mentor with
three mentees gets three rows), or one ``unpaired`` row.

Users are read in batches, each with its participants, pairs and figures read at once, so the
number of queries grows with the number of batches, not of users. A course's report reads a
hundred thousand participants: a batch holds plain values (no model instances, no per-row query),
each report row is made as it goes out, and the figures are counted as the staff table counts
them (:func:`staff_overview.figures`) from the few columns the report shows.
"""

from collections import OrderedDict, defaultdict
from functools import cache
from itertools import islice

from django.db.models import Case, F, Value, When

from ..core.django_compat import TextIn
from ..models import ActionItem, Assessment, Goal, Pair, Participant
from . import exports, staff_overview

BATCH_SIZE = 1000
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
# The values of the one row of a participant without a pair (see :func:`_row`).
UNPAIRED = [("unpaired", *[""] * (len(KEYS) - 1))]
# What a batch reads of each pair: its standing, its members' ids (to tell the batch's own) and names.
PAIR_COLUMNS = (
    "pk",
    "status",
    "stage",
    "sessions_confirmed",
    "minutes_confirmed",
    "progress",
    "mentor_id",
    "mentee_id",
    "mentor__username",
    "mentee__username",
)
# Each (round, rater) in the report's order as two bits of one number: a draft, a submission.
SLOTS = [(round_, rater) for round_ in staff_overview.ROUNDS for rater in staff_overview.RATERS]
BITS = {
    (*slot, state): 1 << (2 * n + bit)
    for n, slot in enumerate(SLOTS)
    for bit, state in enumerate(("draft", "submitted"))
}
# As text, which the database driver gives as it is (a number would be converted in Python, row by row).
STATE = Case(When(submitted_at__isnull=False, then=Value("submitted")), default=Value("draft"))
NOTHING = (0, 0)


def report_rows(unit, program, user_states, limit=None, today=None):
    """Yield ``(username, OrderedDict)`` for the users of ``user_states``, at most ``limit`` rows.

    Args:
        unit: the block's :class:`platform.Unit`.
        program: the authored program (the block's content and settings fields); no column
            depends on it.
        user_states: items with a ``username`` (the platform's ``XBlockUserState``).
        limit: the most rows to yield; None for all.
        today: the day the figures would be counted on; no column depends on it.
    """
    states = iter(user_states)
    emitted = 0
    while limit is None or emitted < limit:
        # Every user yields at least one row: never read more users than rows still wanted.
        size = BATCH_SIZE if limit is None else min(BATCH_SIZE, limit - emitted)
        batch = [state.username for state in islice(states, size)]
        if not batch:
            return
        found = _rows_by_username(unit, set(batch))
        for username in batch:
            for values in found.get(username, UNPAIRED):
                if limit is not None and emitted >= limit:
                    return
                # Each row is made as it goes out, so that a batch holds plain values only.
                yield username, _row(*values)
                emitted += 1


def _rows_by_username(unit, usernames):
    """The values of the rows (see :func:`_row`) of the unit's participants named ``usernames``, by
    username, each one's in the order of its pairs: active pairs first, then ended ones, each oldest
    first."""
    named = Participant.objects.filter(usage_key=unit.usage_key).filter(TextIn(F("username"), usernames))
    ids = set(named.values_list("pk", flat=True))
    if not ids:
        return {}
    # The participants are the unit's, so their pairs are too: naming the unit here would lead the
    # database to read every pair of the unit instead of the members' pairs by their indexes (and
    # the ids are values, not a subquery, which MariaDB would answer by reading every pair). A range
    # of ids may hold other participants, whose pairs are left out here.
    members = Pair.objects.filter(
        staff_overview.id_among("mentor__id", ids) | staff_overview.id_among("mentee__id", ids)
    )
    pairs = [
        pair
        for pair in members.order_by("created_at", "pk").values_list(*PAIR_COLUMNS)
        if pair[6] in ids or pair[7] in ids
    ]
    if not pairs:
        return {}
    pairs.sort(key=lambda pair: pair[1] != Pair.ACTIVE)  # stable: each part stays oldest first
    goals, actions, assessments = _figures([pair[0] for pair in pairs])
    rows = defaultdict(list)
    for pk, status, stage, sessions, minutes, progress, mentor_id, mentee_id, mentor, mentee in pairs:
        goals_set, goals_achieved = goals.get(pk, NOTHING)
        standing = (
            status,
            stage,
            sessions,
            round(minutes / 60, 1),
            goals_set,
            goals_achieved,
            actions.get(pk, 0),
            _assessments_text(assessments.get(pk, 0)),
            round(progress * 100),
        )
        if mentor_id in ids:
            rows[mentor].append(("mentor", mentee, *standing))
        if mentee_id in ids:
            rows[mentee].append(("mentee", mentor, *standing))
    return rows


def _row(role, partner, status, stage, sessions, hours, goals_set, goals_achieved, actions_open, assessments, percent):
    """One row, in the order of :data:`KEYS` (an ordered dict: the platform keeps its columns' order)."""
    row = OrderedDict()  # filled key by key: the quickest way to build one
    row["role"] = role
    # The platform writes these rows to a CSV file: a username is the one text people choose
    # (exports.cell, for the text it always is).
    row["partner"] = "'" + partner if partner.startswith(exports.FORMULA_STARTS) else partner
    row["pair_status"] = status
    row["stage"] = stage
    row["sessions_confirmed"] = sessions
    row["hours"] = hours
    row["goals_set"] = goals_set
    row["goals_achieved"] = goals_achieved
    row["actions_open"] = actions_open
    row["assessments"] = assessments
    row["completion_percent"] = percent
    return row


def _figures(pair_ids):
    """What the report shows of the pairs' goals, open action items and assessments, in three
    queries: ``({pair: (goals set, achieved)}, {pair: open actions}, {pair: assessments as bits})``.
    Rows of other pairs (in an id range) may be counted too; they are never looked up."""
    among = staff_overview.id_among("pair__id", pair_ids)
    goals = {}
    for pair_id, status in Goal.objects.filter(among).values_list("pair_id", "status"):
        set_, achieved = goals.get(pair_id, NOTHING)
        goals[pair_id] = (set_ + 1, achieved + (status == "achieved"))
    actions = defaultdict(int)
    for (pair_id,) in ActionItem.objects.filter(among, status="open").values_list("pair_id"):
        actions[pair_id] += 1
    assessments = defaultdict(int)
    for pair_id, round_, rater, state in Assessment.objects.filter(among).values_list(
        "pair_id", "round", "rater", STATE
    ):
        assessments[pair_id] |= BITS.get((round_, rater, state), 0)
    return goals, actions, assessments


@cache
def _assessments_text(bits):
    """:func:`assessments_text` of the :data:`BITS` of a pair's assessments (729 at most)."""
    return assessments_text({slot: bool(bits & (2 << 2 * n)) for n, slot in enumerate(SLOTS) if bits & (3 << 2 * n)})


def assessments_text(assessments):
    """``{(round, rater): submitted}`` as text, in round order: ``"baseline self: submitted; final mentor: draft"``."""
    parts = [
        f"{round_} {rater}: {'submitted' if assessments[(round_, rater)] else 'draft'}"
        for round_ in staff_overview.ROUNDS
        for rater in staff_overview.RATERS
        if (round_, rater) in assessments
    ]
    return "; ".join(parts)
