"""The reminder sweep: for every unit and every person in it, what is due (:mod:`nudges`), sent
as one message a day that lists it all, with a link to the unit and a way to stop them.

People are read in batches of :data:`BATCH` (by id), and each batch costs the same queries
whatever its unit's size: its people, their active pairs, those pairs' pending sessions, overdue
action items, submitted assessments and past planned sessions, what they were already reminded
of, the claim of the day's messages, the items recorded, and the recipients' accounts and
languages. The rules are worked out once per unit (:class:`nudges.Rules`); a pair comes with each
member's batch and yields there that member's items only. Who already had the day's message is
passed over: nothing more can be sent to them that day (a batch of only such people reads nothing
more).

Nothing is sent twice: a sweep first claims each person's message of the day (a row of
:class:`SentMessage`, unique per unit, person and day, marked with the sweep's own ``run``) and
sends only those it claimed; an item, once reminded of, is recorded (:class:`NudgeItem`) and
never listed again. A person with nothing new gets no message. A message that fails to send
gives its claim back, so that the next sweep tries again.
"""

import collections
import dataclasses
import functools
import logging
import uuid
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone, translation

from ..core import bulk, mail
from ..core.i18n import gettext as _
from ..core.i18n import ngettext
from ..models import (
    ActionItem,
    Assessment,
    MentoringUnit,
    NudgeItem,
    Pair,
    Participant,
    PlannedSession,
    SentMessage,
    Session,
)
from ..program import config
from . import nudges

log = logging.getLogger(__name__)

BATCH = 2000
ROLES = {(True, True): ("mentor", "mentee"), (True, False): ("mentor",), (False, True): ("mentee",), (False, False): ()}


@dataclass
class Outcome:
    """What a sweep did, in figures."""

    units: int = 0
    people: int = 0  # people read (those who did not stop their reminders)
    due: int = 0  # people with something new due
    sent: int = 0
    failed: int = 0
    batches: int = 0
    digests: int = 0
    details: list = field(default_factory=list)


def rules_of(unit):
    """The :func:`nudges.sweep_rules` a unit's row keeps (the defaults for a unit no view has
    seen since reminders exist, with its own at-risk threshold)."""
    if unit.sweep_rules:
        return unit.sweep_rules
    return nudges.sweep_rules({**config.default_program(), "at_risk_days": unit.at_risk_days})


def sweep(today=None, *, batch_size=BATCH, usage_keys=None, send=None):
    """Send every unit's reminders of ``today`` (UTC's today by default).

    Args:
        batch_size: people read at a time.
        usage_keys: only these units (all by default).
        send: ``send(name, recipient, context)``; :func:`mail.send` (edx-ace) by default.

    Returns:
        An :class:`Outcome`.

    Raises:
        ImproperlyConfigured: edx-ace is missing (and no ``send`` was given): nothing is claimed.
    """
    if send is None:
        mail.require()
        send = mail.send
    today = today or timezone.now().date()
    outcome = Outcome()
    units = MentoringUnit.objects.order_by("pk")
    if usage_keys is not None:
        units = units.filter(usage_key__in=list(usage_keys))
    for unit in units.iterator():
        outcome.units += 1
        sweep_unit(unit, today, outcome, batch_size=batch_size, send=send)
    return outcome


def sweep_unit(unit, today, outcome, *, batch_size=BATCH, send):
    """One unit's reminders, batch by batch (see the module's docstring)."""
    compiled = nudges.Rules(rules_of(unit), today)  # worked out once for all the unit's batches
    run = uuid.uuid4().hex
    # Who already has the day's message (one a day): nothing more can be sent to them today.
    messaged = SentMessage.objects.filter(
        participant=OuterRef("pk"), usage_key=unit.usage_key, kind=SentMessage.NUDGES, day=today
    )
    last = 0
    while True:
        people = list(
            Participant.objects.filter(
                usage_key=unit.usage_key,
                pk__gt=last,
                nudges_off_at__isnull=True,
                retired_at__isnull=True,
                user_id__isnull=False,
            )
            .order_by("pk")
            .values_list("pk", "user_id", Exists(messaged))[:batch_size]
        )
        if not people:
            return
        last = people[-1][0]
        outcome.batches += 1
        outcome.people += len(people)
        waiting = {pk: user_id for pk, user_id, done in people if not done}
        if waiting:
            _sweep_batch(unit, compiled, waiting, today, run, outcome, send)


# The facts of a pair as the sweep reads them: :class:`nudges.PairFacts`' fields in a plain tuple,
# made many times faster than the frozen dataclass (the rules only read the fields).
Facts = collections.namedtuple("Facts", [entry.name for entry in dataclasses.fields(nudges.PairFacts)])
EMPTY = ()


def _pair_facts(unit, people, today):
    """Each active pair of the batch's ``people`` as :class:`Facts` (the fields of
    :class:`nudges.PairFacts`), the roles of its members among ``people`` and the names of its
    mentor and its mentee: five queries. The
    batch's people are a range of ids: its pairs are found by that range (a pair may come with a
    member outside the batch, whose items are left out)."""
    first, last = min(people), max(people)
    columns = (
        "pk",
        "mentor_id",
        "mentee_id",
        "started_on",
        "stage",
        "sessions_confirmed",
        "last_session_on",
        "mentor__display_name",
        "mentor__username",
        "mentee__display_name",
        "mentee__username",
    )
    # Each half of the OR is found by its own index (the pairs by mentor, by mentee), and the
    # pairs' records by their pair index, with the pairs as a subquery: no list of ids is sent.
    pairs = Pair.objects.filter(usage_key=unit.usage_key, status=Pair.ACTIVE).filter(
        Q(mentor_id__gte=first, mentor_id__lte=last) | Q(mentee_id__gte=first, mentee_id__lte=last)
    )
    of_pairs = {"pair__in": pairs.values("pk")}
    pending, overdue, submitted = {}, {}, {}
    sessions = Session.objects.filter(**of_pairs, confirmation=Session.PENDING)
    for session_id, pair_id, logged_by, logged_at in sessions.values_list("pk", "pair_id", "logged_by_id", "logged_at"):
        pending.setdefault(pair_id, []).append((session_id, logged_by, logged_at.date()))
    actions = ActionItem.objects.filter(**of_pairs, status="open", due_on__lt=today)
    for item_id, pair_id, owner in actions.values_list("pk", "pair_id", "owner"):
        overdue.setdefault(pair_id, []).append((item_id, owner))
    rounds = Assessment.objects.filter(**of_pairs, submitted_at__isnull=False)
    for pair_id, round_, rater in rounds.values_list("pair_id", "round", "rater"):
        submitted.setdefault(pair_id, set()).add((round_, rater))
    planned = {}
    past = PlannedSession.objects.filter(**of_pairs, status=PlannedSession.PLANNED, starts_at__lt=timezone.now())
    for planned_id, pair_id, starts_at in past.values_list("pk", "pair_id", "starts_at"):
        planned.setdefault(pair_id, []).append((planned_id, starts_at.date()))
    result = []
    for pk, mentor_id, mentee_id, started_on, stage, confirmed, last_on, *names in pairs.values_list(*columns):
        # Each member's items only in their own batch (the other's come with theirs); a pair whose
        # member in the range already had the day's message has nothing to work out here.
        roles = ROLES[mentor_id in people, mentee_id in people]
        if roles:
            pair = (pending.get(pk, EMPTY), overdue.get(pk, EMPTY), submitted.get(pk, EMPTY), planned.get(pk, EMPTY))
            facts = Facts(pk, mentor_id, mentee_id, started_on, stage, confirmed, last_on, *pair)
            result.append((facts, roles, names[0] or names[1], names[2] or names[3]))
    return result


def _sweep_batch(unit, rules, people, today, run, outcome, send):
    due = {}  # participant id -> [(Due, partner name)]
    for facts, roles, mentor_name, mentee_name in _pair_facts(unit, people, today):
        mentor_id, mentee_id = facts.mentor_id, facts.mentee_id
        for item in rules.due(facts, roles):
            if item.role == "mentor":
                due.setdefault(mentor_id, []).append((item, mentee_name))
            else:
                due.setdefault(mentee_id, []).append((item, mentor_name))
    if not due:
        return
    # What these people were reminded of before (by the unique index's first column, their ids).
    known = set(
        NudgeItem.objects.filter(participant_id__gte=min(people), participant_id__lte=max(people)).values_list(
            "participant_id", "key"
        )
    )
    fresh = {pk: items for pk, items in due.items() if any((pk, item.key) not in known for item, _p in items)}
    if not fresh:
        return
    outcome.due += len(fresh)
    day = bulk.prepared(SentMessage, "day", today)
    now = bulk.prepared(SentMessage, "sent_at", timezone.now())
    scope = (unit.course_key, unit.usage_key)
    with transaction.atomic():
        bulk.insert_new(
            SentMessage,
            (
                "course_key",
                "usage_key",
                "kind",
                "recipient",
                "participant",
                "user_id",
                "day",
                "run",
                "items",
                "sent_at",
            ),
            (
                (*scope, SentMessage.NUDGES, f"p{pk}", pk, people[pk], day, run, len(items), now)
                for pk, items in fresh.items()
            ),
        )
        # Found by the unique index (unit, kind, recipient, day), then kept when this run wrote them.
        claimed = set(
            SentMessage.objects.filter(
                usage_key=unit.usage_key, kind=SentMessage.NUDGES, recipient__in=[f"p{pk}" for pk in fresh], day=today
            )
            .filter(run=run)
            .values_list("participant_id", flat=True)
        )
        bulk.insert_new(
            NudgeItem,
            ("course_key", "usage_key", "participant", "key", "sent_on"),
            (
                (*scope, pk, item.key, day)
                for pk in claimed
                for item, _partner in fresh[pk]
                if (pk, item.key) not in known
            ),
        )
    recipients = mail.recipients(people[pk] for pk in claimed)
    for pk in sorted(claimed):
        recipient = recipients.get(people[pk])
        if recipient is None:  # no account (any more): nothing to send to
            continue
        try:
            # The words are made by delivery, when it renders the message (mail.send).
            send(mail.NUDGES, recipient, functools.partial(nudge_context, unit, recipient, fresh[pk]))
        except Exception:  # noqa: BLE001  (any channel's failure: counted, and tried again next time)
            log.exception("Mentoring reminders to user %s in %s could not be sent", recipient.user_id, unit.usage_key)
            _give_back(unit, pk, today, fresh[pk])
            outcome.failed += 1
        else:
            outcome.sent += 1


@transaction.atomic
def _give_back(unit, participant_id, today, items):
    SentMessage.objects.filter(
        usage_key=unit.usage_key, kind=SentMessage.NUDGES, recipient=f"p{participant_id}", day=today
    ).delete()
    NudgeItem.objects.filter(participant_id=participant_id, key__in=[item.key for item, _p in items]).delete()


def nudge_context(unit, recipient, items):
    """The words of a person's reminders, in their language: edx-ace's templates lay them out
    (HTML escaped, text as is)."""
    url = mail.unit_url(unit.course_key, unit.usage_key, recipient.username)
    with translation.override(recipient.language):
        name = unit.display_name or _("Mentoring")
        return {
            "language": recipient.language,
            "from_name": name,
            "subject": ngettext(
                "{unit}: {count} thing to do in your mentoring",
                "{unit}: {count} things to do in your mentoring",
                len(items),
            ).format(unit=name, count=len(items)),
            "heading": _("Your mentoring in {unit}").format(unit=name),
            "intro": _("Here is what is waiting for you:"),
            "items": [nudges.describe(item, partner) for item, partner in items],
            "unit_url": url,
            "open_label": _("Open {unit}").format(unit=name),
            "stop_text": _("You get at most one of these reminders a day, only when something new is due."),
            "stop_label": _("Stop these reminders"),
            "stop_url": f"{url}#mentoring-reminders",
        }
