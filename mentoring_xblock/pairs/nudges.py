"""Reminders: what is due for each member of a pair on a day, by the program's rules.

The same rules give the notices at the top of a member's page and the reminders the sweep
(:mod:`nudge_sweep`) sends. Pure functions over plain facts (the pair's stored standing, its
pending sessions, overdue action items and submitted assessments), so that one pair's page and a
batch of thousands of pairs count the same way.

Rules (the program's ``nudges``, set in Studio; a number of days of 0 turns its rule off):

- ``first_session_days``: no session logged that many days after pairing (both members);
- ``no_session``: no confirmed session for more than the at-risk threshold (both members);
- ``unconfirmed_days``: a session waiting that many days for the partner's confirmation (the partner);
- ``action_overdue``: an open action item past its due date (its owner);
- ``round_open_days``: an assessment round open that many days without this rater's submission;
- ``end_within_days``: the planned end (start + duration) that near, the pair not complete (both);
- ``planned_unlogged_days``: a planned session (pairs/scheduling.py) still not logged that many
  days after its day (both members: either logs it).

Assessment rounds open as the program's pacing says (pairs/pacing.py): the needs assessment at
the start; guided, the mid-point and final rounds on their days; free, the later rounds have no
day, so only the needs assessment is reminded of.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from ..core.i18n import gettext as _
from ..core.i18n import ngettext
from ..models import Pair, Participant
from . import assessments, pacing

RULES = ("first_session", "no_session", "unconfirmed", "action_overdue", "round_open", "end_near", "planned_unlogged")
ROLE_OF_RATER = {"self": "mentee", "mentor": "mentor"}
# How many last weeks the final round is open for, where the program does not say (pacing may).
FINAL_ROUND_WEEKS = 2


@dataclass(frozen=True)
class Due:
    """One thing due for one member: ``rule`` (of :data:`RULES`), for ``role`` in ``pair_id``;
    ``key`` names it (rule and record) so that it is reminded of once; ``count`` and ``days``,
    ``round`` and ``on`` say more where the rule has them."""

    rule: str
    key: str
    pair_id: int
    role: str
    count: int = 1
    days: int = 0
    round: str = ""
    on: datetime.date | None = None


@dataclass(frozen=True)
class PairFacts:
    """What the rules read of a pair: its stored standing (columns of :class:`Pair`) and three
    lists read beside it. ``pending``: ``(session id, logged by participant id, logged on)`` of
    its sessions waiting for confirmation; ``overdue``: ``(action item id, owner role)`` of its
    open action items past due; ``submitted``: ``(round, rater)`` of its submitted assessments."""

    pair_id: int
    mentor_id: int
    mentee_id: int
    started_on: datetime.date
    stage: str
    sessions_confirmed: int
    last_session_on: datetime.date | None
    pending: tuple = ()
    overdue: tuple = ()
    submitted: frozenset = frozenset()
    planned: tuple = ()  # (planned session id, its day) of those still planned, not logged nor cancelled


def sweep_rules(program):
    """What the sweep needs of a program (stored on the unit's row, as the sweep runs without the
    course): the reminders, the at-risk threshold and what dates the rounds and the planned end."""
    return {
        "nudges": dict(program["nudges"]),
        "at_risk_days": program["at_risk_days"],
        "duration_weeks": program["duration_weeks"],
        "midpoint_round": program["midpoint_round"],
        "pacing": program.get("pacing", pacing.FREE),
        "final_round_weeks": program.get("final_round_weeks", FINAL_ROUND_WEEKS),
    }


def planned_end(started_on, rules):
    return started_on + datetime.timedelta(weeks=rules["duration_weeks"])


def round_opens_on(round_, started_on, rules):
    """The day a round is open from, for the reminder, or None when it has no day: the needs
    assessment at the start; the others on their days when the pacing is guided (pacing.schedule)."""
    if round_ == assessments.BASELINE:
        return started_on
    return pacing.schedule(rules, started_on).opens_on(round_)


def due_items(rules, facts, today):
    """Everything due in one pair on ``today``, for both members: a list of :class:`Due`.

    Args:
        rules: :func:`sweep_rules` of the program.
        facts: the pair's :class:`PairFacts`.
    """
    return Rules(rules, today).due(facts)


BOTH = ("mentor", "mentee")


class Rules:
    """A program's rules on one day, worked out once (for a page, or a unit's whole sweep): each
    rule's number of days as the day before which it is due, and each round's opening as days
    after a pair's start (the pacing is the same for every pair of a unit). :meth:`due` then
    only compares a pair's dates and lists."""

    def __init__(self, rules, today):
        nudges = rules["nudges"]
        self.today = today
        self.no_session = bool(nudges["no_session"])
        self.at_risk_days = rules["at_risk_days"]
        self.first = nudges["first_session_days"]
        self.unconfirmed = nudges["unconfirmed_days"]
        self.action_overdue = bool(nudges["action_overdue"])
        self.unlogged = nudges.get("planned_unlogged_days", 0)
        self.within = nudges["end_within_days"]
        self.duration = datetime.timedelta(weeks=rules["duration_weeks"])
        # (round, days after the start it opens, its raters with their roles)
        self.rounds = []
        if nudges["round_open_days"]:
            self.round_days = nudges["round_open_days"]
            rounds = [
                assessments.BASELINE,
                *([assessments.MIDPOINT] if rules["midpoint_round"] else []),
                assessments.FINAL,
            ]
            epoch = datetime.date(2000, 1, 1)  # any day: the pacing's dates are days after the start
            for round_ in rounds:
                opened = round_opens_on(round_, epoch, rules)
                if opened is not None:  # a round with no day is never reminded of
                    raters = tuple((rater, ROLE_OF_RATER[rater]) for rater in assessments.raters_of(round_))
                    self.rounds.append((round_, (opened - epoch).days, raters))

    def due(self, facts, roles=BOTH):
        """Everything due in the pair of ``facts`` for its members in ``roles`` (both by default),
        in the order of :data:`RULES`' checks: a list of :class:`Due`."""
        today, items = self.today, []
        pair_id = facts.pair_id
        complete = facts.stage == Pair.COMPLETE
        started_on = facts.started_on
        last = facts.last_session_on or started_on
        quiet = (today - last).days
        quiet_due = self.no_session and not complete and quiet > self.at_risk_days
        if quiet_due:
            key = f"no_session:{pair_id}:{last.isoformat()}"
            items += [Due("no_session", key, pair_id, r, days=quiet) for r in roles]
        waited = (today - started_on).days
        first = self.first
        quiet_start = not quiet_due and not facts.sessions_confirmed and not facts.pending
        if first and not complete and quiet_start and waited >= first:
            items += [Due("first_session", f"first_session:{pair_id}", pair_id, r, days=waited) for r in roles]
        if self.unconfirmed and facts.pending:
            items += self._unconfirmed(facts, roles)
        if self.action_overdue and facts.overdue:
            for role in roles:
                ids = sorted(item_id for item_id, owner in facts.overdue if owner == role)
                if ids:
                    items.append(Due("action_overdue", f"action:{ids[-1]}", pair_id, role, count=len(ids)))
        if self.rounds:
            items += self._rounds(facts, waited, roles)
        if self.unlogged and facts.planned:
            late = [(planned_id, day) for planned_id, day in facts.planned if (today - day).days >= self.unlogged]
            if late:
                planned_id, day = min(late, key=lambda entry: entry[1])
                key = f"planned:{max(planned_id for planned_id, _day in late)}"
                days = (today - day).days
                items += [Due("planned_unlogged", key, pair_id, r, count=len(late), days=days) for r in roles]
        within = self.within
        if within and not complete:
            left = (started_on + self.duration - today).days
            if 0 <= left <= within:
                end = started_on + self.duration
                items += [Due("end_near", f"end_near:{pair_id}", pair_id, r, days=left, on=end) for r in roles]
        return items

    def _unconfirmed(self, facts, roles):
        waiting = {"mentor": [], "mentee": []}
        for session_id, logged_by, logged_on in facts.pending:
            if (self.today - logged_on).days >= self.unconfirmed:
                partner = "mentee" if logged_by == facts.mentor_id else "mentor"
                waiting[partner].append(session_id)
        return [
            Due("unconfirmed", f"unconfirmed:{max(ids)}", facts.pair_id, role, count=len(ids))
            for role, ids in waiting.items()
            if ids and role in roles
        ]

    def _rounds(self, facts, waited, roles):
        items = []
        if waited < self.round_days:
            return items  # no round open long enough: the first, the needs assessment, opens at the start
        submitted = facts.submitted
        baseline_in = (assessments.BASELINE, assessments.SELF) in submitted
        for round_, opens_after, raters in self.rounds:  # those with a day, the needs assessment first
            if round_ != assessments.BASELINE and not baseline_in:
                break  # the later rounds open once the needs assessment is in
            days = waited - opens_after
            if days < self.round_days:
                continue
            for rater, role in raters:
                if role in roles and (round_, rater) not in submitted:
                    key = f"round:{facts.pair_id}:{round_}:{rater}"
                    items.append(Due("round_open", key, facts.pair_id, role, days=days, round=round_))
        return items


def for_member(items, role):
    return [item for item in items if item.role == role]


# -- words ------------------------------------------------------------------------------------------


def round_label(round_):
    return {
        assessments.BASELINE: _("the needs assessment"),
        assessments.MIDPOINT: _("the mid-point assessment"),
        assessments.FINAL: _("the final assessment"),
    }[round_]


def describe(item, partner_name):
    """One sentence for a :class:`Due`, in the active language: what is due and what to do."""
    if item.rule == "first_session":
        return ngettext(
            "You were paired with {partner} {days} day ago and no session is logged yet: meet and log it.",
            "You were paired with {partner} {days} days ago and no session is logged yet: meet and log it.",
            item.days,
        ).format(partner=partner_name, days=item.days)
    if item.rule == "no_session":
        return ngettext(
            "No session with {partner} confirmed for {days} day: plan the next one.",
            "No session with {partner} confirmed for {days} days: plan the next one.",
            item.days,
        ).format(partner=partner_name, days=item.days)
    if item.rule == "unconfirmed":
        return ngettext(
            "{partner} logged {count} session that waits for you to confirm it.",
            "{partner} logged {count} sessions that wait for you to confirm them.",
            item.count,
        ).format(partner=partner_name, count=item.count)
    if item.rule == "action_overdue":
        return ngettext(
            "{count} of your action items is past its due date.",
            "{count} of your action items are past their due date.",
            item.count,
        ).format(count=item.count)
    if item.rule == "round_open":
        return ngettext(
            "Submit {round}: it has been open for {days} day.",
            "Submit {round}: it has been open for {days} days.",
            item.days,
        ).format(round=round_label(item.round), days=item.days)
    if item.rule == "planned_unlogged":
        return ngettext(
            "The session you planned with {partner} {days} day ago is not logged yet: log it, or cancel it.",
            "The session you planned with {partner} {days} days ago is not logged yet: log it, or cancel it.",
            item.days,
        ).format(partner=partner_name, days=item.days)
    return ngettext(
        "Your mentoring with {partner} is planned to end in {days} day: plan the final review.",
        "Your mentoring with {partner} is planned to end in {days} days: plan the final review.",
        item.days,
    ).format(partner=partner_name, days=item.days)


# -- stopping and restarting ------------------------------------------------------------------------


@transaction.atomic
def set_reminders(participant, on):
    """Turn a person's reminders from this unit on or off (their own choice: ``participant`` is
    the one who asks). Returns whether they are on now."""
    Participant.objects.filter(pk=participant.pk).update(nudges_off_at=None if on else timezone.now())
    participant.nudges_off_at = None if on else timezone.now()
    return on
