"""Keeping each pair's progress current, and what it means for each participant.

After every write by a member, :func:`refresh` stores the pair's standing (checklist share,
stage, confirmed sessions and minutes, last confirmed session, when it falls behind the cadence)
on the pair row, so that staff lists, filters and reports read it in SQL at any scale. Beside it
go the facts it was counted from (:data:`program_rules.FACTS`), from which a changed program
counts every pair's standing again (:func:`program_rules.follow`).
"""

import datetime

from django.db.models import Q
from django.utils import timezone

from ..core.dates import local_day
from ..core.transactions import retrying_atomic
from ..models import Pair
from . import pair_summary, program_rules, progress, records, tallies

STANDING = (
    "progress",
    "stage",
    "completed_at",
    "sessions_confirmed",
    "minutes_confirmed",
    "last_session_on",
    "cadence_due_on",
    "last_activity_at",
    "confirmed_days",
    # what the pair has done, whatever the program asks: a changed program re-counts the
    # standing from these (program_rules.follow)
    *program_rules.FACTS,
)


@retrying_atomic
def refresh(pair, program):
    """Recompute and store ``pair``'s standing from all its records; returns the checklist share
    (0 to 1).

    One transaction that holds the pair's row before reading its records: when both members
    write at once, the refresh that runs last sees both writes, so the stored standing is
    never an older one.
    """
    stored = Pair.objects.select_for_update().filter(pk=pair.pk).values(*STANDING).first() or {}
    return store(pair, program, pair_summary.from_records(records.load(pair), timezone.localdate()), stored)


def store_after_write(pair, program, summary):
    """Store the standing of ``pair``, locked and read with its standing by
    :func:`access.pair_for` in this transaction, after a member's write; ``summary``: what the
    pair has now (:func:`pair_summary.read`). Returns whether its checklist share changed."""
    stored = {key: getattr(pair, key) for key in STANDING}
    return store(pair, program, summary, stored) != stored["progress"]


def touch(pair):
    """After a member's write that changes none of the facts the standing counts (a goal's
    wording or progress): note the day of the pair's last activity, if it is a new one. The
    pair is locked and read with its standing by :func:`access.pair_for`."""
    now = timezone.now()
    if _new_day(pair.last_activity_at, now):
        Pair.objects.filter(pk=pair.pk).update(last_activity_at=now)
        pair.last_activity_at = now


def _new_day(last_activity_at, now):
    """Whether ``now`` falls on another day than the last activity (staff see it in whole days)."""
    return last_activity_at is None or local_day(last_activity_at) != local_day(now)


def store(pair, program, summary, stored):
    """Compute ``pair``'s standing from ``summary`` and write it when it differs from ``stored``
    (the day of the last activity included: staff see it in whole days); returns the share."""
    share = progress.fraction(
        progress.checklist(program, summary.facts, started_on=pair.started_on, today=timezone.localdate())
    )
    confirmed = summary.confirmed
    stage = Pair.COMPLETE if share >= 1.0 else Pair.IN_PROGRESS if summary.started else Pair.NOT_STARTED
    now = timezone.now()
    values = {
        "progress": share,
        "stage": stage,
        "completed_at": (stored.get("completed_at") or now) if stage == Pair.COMPLETE else None,
        "sessions_confirmed": len(confirmed),
        "minutes_confirmed": sum(s.minutes for s in confirmed),
        "last_session_on": max((s.held_on for s in confirmed), default=None),
        "cadence_due_on": cadence_due_on(pair.started_on, len(confirmed), program),
        **program_rules.facts_columns(summary.facts, summary.started),
    }
    held_days = sorted(session.held_on for session in confirmed)
    values["confirmed_days"] = tallies.days_text(held_days)
    if _new_day(stored.get("last_activity_at"), now):
        values["last_activity_at"] = now
    # The unit's tallies follow the pair's sessions, stage and close (a pair complete is no longer quiet).
    was = {key: stored[key] for key in tallies.COLUMNS if key in stored}
    before = (tallies.columns_of(pair, **was), tallies.days_of(stored.get("confirmed_days")))
    after = (tallies.columns_of(pair, **{**was, **values}), held_days)
    tallies.follow_pair(pair, program["at_risk_days"], before=before, after=after)
    if any(stored.get(key) != value for key, value in values.items()):
        Pair.objects.filter(pk=pair.pk).update(**values)
    for key, value in {**stored, **values}.items():
        setattr(pair, key, value)
    return share


def initial(program, started_on):
    """The standing of a new pair, which has done nothing yet, as ``program`` counts it (its
    cadence falls due a month in; a program that asks nothing counts it complete)."""
    share = progress.fraction(
        progress.checklist(program, progress.Facts(), started_on=started_on, today=timezone.localdate())
    )
    complete = share >= 1.0
    return {
        "progress": share,
        "stage": Pair.COMPLETE if complete else Pair.NOT_STARTED,
        "completed_at": timezone.now() if complete else None,
        "cadence_due_on": cadence_due_on(started_on, 0, program),
    }


def cadence_due_on(started_on, confirmed, program):
    """The first day on which ``confirmed`` sessions fall short of what the cadence expects
    (see :func:`progress.cadence_offset`), or None if they never do before the planned end."""
    days = progress.cadence_offset(confirmed, program)
    return None if days is None else started_on + datetime.timedelta(days=days)


def progress_of(participants):
    """:func:`participant_progress` of each of ``participants`` (by id), in one query."""
    ids = [person.pk for person in participants if person is not None]
    rows = Pair.objects.filter(Q(mentor_id__in=ids) | Q(mentee_id__in=ids)).values_list(
        "mentor_id", "mentee_id", "status", "progress"
    )
    standing = {pk: [] for pk in ids}
    for mentor_id, mentee_id, status, share in rows:
        for member in {mentor_id, mentee_id} & standing.keys():
            standing[member].append((status, share))
    return {pk: _mean_or_best(found) for pk, found in standing.items()}


def _mean_or_best(standing):
    shares = [share for status, share in standing if status == Pair.ACTIVE]
    if shares:
        return sum(shares) / len(shares)
    return max((share for _status, share in standing), default=0.0)


def participant_progress(participant, pairs=None):
    """A participant's progress in the unit: the mean share over their active pairs (a mentor
    with several mentees progresses with all of them); with none active, their best ended pair.

    ``pairs``: every pair of the participant, already read (else one query reads their shares).
    """
    if participant is None:
        return 0.0
    if pairs is None:
        pairs = Pair.objects.filter(Q(mentor=participant) | Q(mentee=participant), usage_key=participant.usage_key)
        standing = list(pairs.values_list("status", "progress"))
    else:
        standing = [(pair.status, pair.progress) for pair in pairs]
    return _mean_or_best(standing)
