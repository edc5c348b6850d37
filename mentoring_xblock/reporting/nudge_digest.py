"""The weekly staff digest of a unit: the pairs at risk, the reminders sent in the last seven
days, and who was reminded but has not been back since.

Sent by the sweep (``mentoring_send_nudges``) to the course's staff, once a week: the first
sweep of a week (Monday to Sunday) claims it (a :class:`SentMessage` of the week's Monday, unique
per unit and staff member), later sweeps of the same week find it claimed. Six queries per unit,
however many pairs it has, and one or two for the recipients.
"""

import datetime
import functools
import logging
import uuid

from django.db import transaction
from django.db.models import F
from django.utils import translation

from ..core import mail
from ..core.i18n import gettext as _
from ..core.i18n import ngettext
from ..models import MentoringUnit, Pair, SentMessage
from ..pairs import nudge_sweep
from ..pairs.participants import person_label
from .staff_overview import at_risk_q

log = logging.getLogger(__name__)

NAMES_SHOWN = 20
WEEK = datetime.timedelta(days=7)


def week_of(day):
    """The Monday of ``day``'s week."""
    return day - datetime.timedelta(days=day.weekday())


def figures(unit, today, at_risk_days):
    """What the digest says of a unit, as plain data."""
    at_risk = Pair.objects.filter(at_risk_q(today, at_risk_days), usage_key=unit.usage_key)
    risky = at_risk.order_by("last_session_on", "started_on", "pk").values_list(
        "mentor__display_name", "mentor__username", "mentee__display_name", "mentee__username"
    )
    since = today - WEEK
    sent = SentMessage.objects.filter(usage_key=unit.usage_key, kind=SentMessage.NUDGES, day__gt=since)
    silent = sent.filter(participant__last_seen__lt=F("sent_at"))
    silent_names = silent.order_by("sent_at", "pk").values_list("participant__display_name", "participant__username")
    return {
        "at_risk": at_risk.count(),
        "at_risk_pairs": [(person_label(a, b), person_label(c, d)) for a, b, c, d in risky[:NAMES_SHOWN]],
        "sent": sent.count(),
        "silent": silent.count(),
        "silent_names": [person_label(name, username) for name, username in silent_names[:NAMES_SHOWN]],
    }


def digest_context(unit, recipient, numbers):
    """The digest's words in the recipient's language."""
    url = mail.unit_url(unit.course_key, unit.usage_key, recipient.username)
    with translation.override(recipient.language):
        name = unit.display_name or _("Mentoring")
        return {
            "language": recipient.language,
            "from_name": name,
            "subject": _("{unit}: this week's mentoring digest").format(unit=name),
            "heading": _("Mentoring in {unit}: the week in brief").format(unit=name),
            "parts": [
                {
                    "title": ngettext("{count} pair at risk", "{count} pairs at risk", numbers["at_risk"]).format(
                        count=numbers["at_risk"]
                    ),
                    "names": [
                        _("{mentor} and {mentee}").format(mentor=mentor, mentee=mentee)
                        for mentor, mentee in numbers["at_risk_pairs"]
                    ],
                    "more": _more(numbers["at_risk"], len(numbers["at_risk_pairs"])),
                },
                {
                    "title": ngettext(
                        "{count} reminder sent in the last seven days",
                        "{count} reminders sent in the last seven days",
                        numbers["sent"],
                    ).format(count=numbers["sent"]),
                    "names": [],
                    "more": "",
                },
                {
                    "title": ngettext(
                        "{count} person reminded has not been back since",
                        "{count} people reminded have not been back since",
                        numbers["silent"],
                    ).format(count=numbers["silent"]),
                    "names": numbers["silent_names"],
                    "more": _more(numbers["silent"], len(numbers["silent_names"])),
                },
            ],
            "unit_url": url,
            "open_label": _("Open {unit}").format(unit=name),
            "why_text": _("You get this digest once a week as course staff of this course."),
        }


def _more(total, shown):
    if total <= shown:
        return ""
    return ngettext("And {count} more.", "And {count} more.", total - shown).format(count=total - shown)


def send_digests(today, outcome, *, usage_keys=None, send):
    """Send each unit's digest of this week to its course staff, once a week (see the module)."""
    week = week_of(today)
    units = MentoringUnit.objects.order_by("pk")
    if usage_keys is not None:
        units = units.filter(usage_key__in=list(usage_keys))
    for unit in units.iterator():
        rules = nudge_sweep.rules_of(unit)
        if not rules["nudges"].get("staff_digest", True):
            continue
        staff = mail.course_staff_user_ids(unit.course_key)
        if not staff:
            continue
        claimed = _claim(unit, staff, week)
        if not claimed:
            continue
        numbers = figures(unit, today, rules["at_risk_days"])
        recipients = mail.recipients(claimed)
        for user_id in claimed:
            recipient = recipients.get(user_id)
            if recipient is None:
                continue
            try:
                send(mail.DIGEST, recipient, functools.partial(digest_context, unit, recipient, numbers))
            except Exception:  # noqa: BLE001  (any channel's failure: given back, tried again next time)
                log.exception("The mentoring digest to user %s in %s could not be sent", user_id, unit.usage_key)
                SentMessage.objects.filter(
                    usage_key=unit.usage_key, kind=SentMessage.DIGEST, recipient=f"u{user_id}", day=week
                ).delete()
                outcome.failed += 1
            else:
                outcome.digests += 1


@transaction.atomic
def _claim(unit, staff, week):
    run = uuid.uuid4().hex
    SentMessage.objects.bulk_create(
        [
            SentMessage(
                course_key=unit.course_key,
                usage_key=unit.usage_key,
                kind=SentMessage.DIGEST,
                recipient=f"u{user_id}",
                user_id=user_id,
                day=week,
                run=run,
            )
            for user_id in staff
        ],
        ignore_conflicts=True,
    )
    rows = SentMessage.objects.filter(usage_key=unit.usage_key, kind=SentMessage.DIGEST, day=week, run=run)
    return sorted(rows.values_list("user_id", flat=True))


def run(today=None, *, batch_size=nudge_sweep.BATCH, usage_keys=None, digests=True, send=None):
    """The whole sweep: every unit's reminders of ``today``, then (``digests``) the staff digests
    of its week. What ``mentoring_send_nudges`` and the periodic task run.

    Returns:
        The :class:`nudge_sweep.Outcome`.

    Raises:
        ImproperlyConfigured: edx-ace is missing (and no ``send`` was given): nothing is claimed.
    """
    if send is None:
        mail.require()
        send = mail.send
    today = today or datetime.datetime.now(datetime.UTC).date()
    outcome = nudge_sweep.sweep(today, batch_size=batch_size, usage_keys=usage_keys, send=send)
    if digests:
        send_digests(today, outcome, usage_keys=usage_keys, send=send)
    return outcome
