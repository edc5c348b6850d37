"""The notices at the top of a member's workspace: what the reminders (:mod:`pairs.nudges`) say
is due for them in this pair today, read from what the page has already read (the pair's stored
standing and its summary), so that they cost no query."""

from django.utils import timezone

from ..models import Pair, PlannedSession
from ..pairs import nudges


def facts(pair, summary, planned=()):
    """The :class:`nudges.PairFacts` of a pair from its :class:`pair_summary.Summary`."""
    pending = tuple(
        (session.pk, session.logged_by_id, timezone.localdate(session.logged_at))
        for session in summary.sessions
        if session.confirmation == "pending"
    )
    # The page needs how many are overdue, not which: stand-in ids count them.
    overdue = tuple((index, role) for role, count in summary.overdue_count.items() for index in range(count))
    return nudges.PairFacts(
        pair_id=pair.pk,
        mentor_id=pair.mentor_id,
        mentee_id=pair.mentee_id,
        started_on=pair.started_on,
        stage=pair.stage,
        sessions_confirmed=pair.sessions_confirmed,
        last_session_on=pair.last_session_on,
        pending=pending,
        overdue=overdue,
        submitted=summary.submitted,
        planned=tuple(
            (entry.pk, entry.starts_at.date())
            for entry in planned
            if entry.status == PlannedSession.PLANNED and entry.starts_at <= timezone.now()
        ),
    )


def notices(program, pair, summary, role, today, partner_name, planned=()):
    """What is due for ``role`` (``mentor`` or ``mentee``) in ``pair`` on ``today``, each as one
    translated sentence; empty for anyone else and for an ended pair. ``planned``: the pair's
    planned sessions where the page read them (its schedule)."""
    if role not in ("mentor", "mentee") or summary is None or pair.status != Pair.ACTIVE:
        return []
    found = facts(pair, summary, planned)
    items = nudges.for_member(nudges.due_items(nudges.sweep_rules(program), found, today), role)
    return [{"rule": item.rule, "text": nudges.describe(item, partner_name)} for item in items]
