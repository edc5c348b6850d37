"""A planned session by email: when a member plans, moves or cancels a session, both members get
an email with its calendar invite attached, so that their calendar programs add, update or
cancel the event (the same ``UID``, a higher ``SEQUENCE``: pairs/scheduling.py).

Each member gets a message of their own: in their language (their ``pref-lang`` preference),
with the session's time in their own zone, named (their ``time_zone`` preference; for the member
who made the change, the zone they made it in, :func:`platform.reader_zone`; otherwise UTC, as the
platform's ``get_user_timezone_or_last_seen_timezone_or_utc`` in
openedx/core/djangoapps/user_api/preferences/api.py falls back), a link to the unit, and an
invite whose only attendee is that member, the organizer being the block's sender address: one
member's address is never shown to the other.

The messages are made and sent once the write has committed (``transaction.on_commit``): a
refused or rolled-back write sends nothing. Reading the two members' accounts and preferences
then costs two queries (:func:`mail.accounts`). A failure to send is logged; the member's write
stands. The ``MENTORING_INVITE_EMAILS`` setting (on by default) turns these emails off.
"""

import functools
import logging
from dataclasses import dataclass
from email.mime.text import MIMEText
from email.utils import parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation

from ..core import mail, platform
from ..core.i18n import gettext as _
from ..core.i18n import ngettext
from ..pairs import participants, scheduling
from ..program import config
from . import presenters

log = logging.getLogger(__name__)

PLANNED, RESCHEDULED, CANCELLED = "planned", "rescheduled", "cancelled"
SETTING = "MENTORING_INVITE_EMAILS"
TEMPLATES = "mentoring_xblock/invite_mail/"
FILE_NAME = "mentoring-session.ics"


def enabled():
    """Whether planned sessions are emailed (the ``MENTORING_INVITE_EMAILS`` setting, on by default)."""
    return bool(getattr(settings, SETTING, True))


@dataclass(frozen=True)
class Change:
    """What a member did to the pair's planned sessions, as the emails tell it."""

    kind: str  # PLANNED, RESCHEDULED or CANCELLED
    planned: tuple  # the PlannedSession rows, the soonest first
    pair: object  # the Pair, with its mentor and mentee
    program: dict
    unit_name: str
    actor_id: int | None  # the Participant who made the change
    actor_zone: str  # the zone they made it in
    actor_language: str  # the language they made it in


def after_commit(block, ctx, pair, planned, kind):
    """Email both members of ``pair`` about ``planned`` (a :class:`PlannedSession` or a list of
    them) once the transaction the call runs in commits; nothing when the setting is off."""
    if not enabled():
        return
    rows = tuple(planned) if isinstance(planned, list | tuple) else (planned,)
    zone = timezone.get_current_timezone()
    change = Change(
        kind=kind,
        planned=rows,
        pair=pair,
        program=ctx.program,
        unit_name=getattr(block, "display_name", "") or "",
        actor_id=ctx.participant.pk if ctx.participant is not None else None,
        actor_zone=getattr(zone, "key", platform.UTC),
        actor_language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    transaction.on_commit(functools.partial(send, change), robust=True)


def send(change):
    """Make and send the members' emails of a :class:`Change`; a failure is logged, never raised:
    the write it tells of is stored already."""
    try:
        sent = mail.send_email(messages(change))
    except Exception:  # noqa: BLE001  (any backend's error: the member's write stands)
        log.exception(
            "The %s planned session emails of pair %s could not be sent", change.kind, getattr(change.pair, "pk", None)
        )
        return 0
    return sent


def messages(change):
    """One ``EmailMultiAlternatives`` per member who has an address, each in its reader's
    language and zone (two queries: the members' accounts and their preferences)."""
    pair = change.pair
    members = [m for m in (pair.mentor, pair.mentee) if m is not None and m.retired_at is None and m.user_id]
    found = mail.accounts([member.user_id for member in members])
    from_address = mail.sender()
    made = []
    for member in members:
        account = found.get(member.user_id)
        if account is None or not _usable(account.email):
            log.info("No email for member %s of pair %s: their planned session is not emailed", member.pk, pair.pk)
            continue
        partner = pair.mentee if member.pk == pair.mentor_id else pair.mentor
        me = member.pk == change.actor_id
        language = account.language or (change.actor_language if me else settings.LANGUAGE_CODE)
        zone = platform.zone_named(account.zone or (change.actor_zone if me else platform.UTC))
        with translation.override(language), timezone.override(zone):
            made.append(_message(change, member, partner, account, me, language, from_address))
    return made


def _usable(email):
    return bool(email) and "@" in email and not any(c in email for c in "\r\n")


def _message(change, member, partner, account, me, language, from_address):
    """One member's email, in the active language and zone."""
    context = _context(change, partner, account, me, language)
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=render_to_string(TEMPLATES + "body.txt", context),
        from_email=from_address or None,
        to=[account.email],
    )
    message.attach_alternative(render_to_string(TEMPLATES + "body.html", context), "text/html")
    method = scheduling.CANCEL if change.kind == CANCELLED else scheduling.REQUEST
    organizer = parseaddr(from_address)[1] if from_address else ""
    text = scheduling.InviteText(
        summary=context["summary"],
        agenda=tuple(context["agenda"]),
        link=context["unit_url"],
        organizer=(organizer, context["unit"]) if organizer else None,
        attendees=((account.email, participants.name(member)),),
    )
    for number, planned in enumerate(change.planned, start=1):
        name = FILE_NAME if len(change.planned) == 1 else f"mentoring-session-{number}.ics"
        message.attach(_calendar_part(scheduling.invite(planned, method=method, text=text), method, name))
    return message


def _calendar_part(body, method, name):
    """An iCalendar file as a MIME part: ``text/calendar; method=…; charset=utf-8``, attached as
    ``name``, which calendar programs read as an invite (RFC 6047, 2.4)."""
    part = MIMEText(body.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method, requote=False)
    part.add_header("Content-Disposition", "attachment", filename=name)
    return part


def _context(change, partner, account, me, language):
    """The words of one member's email, in the active language: the templates lay them out
    (HTML escaped, text as is)."""
    first = change.planned[0]
    name = participants.name(partner)
    unit = change.unit_name or _("Mentoring")
    count = len(change.planned)
    when = [presenters.moment(planned.starts_at) for planned in change.planned]
    titles = {item["id"]: presenters.translate(item["title"]) for item in change.program["agenda"]}
    formats = {key: _(label) for key, label in config.SESSION_FORMATS.items()}
    url = mail.unit_url(first.course_key, first.usage_key, account.username)
    subject, intro = _headline(change.kind, me, name, when[0], count)
    details = [
        (_("When"), when),
        (_("Length"), [_("{minutes} minutes").format(minutes=first.minutes)]),
        (_("Format"), [formats.get(first.session_format, first.session_format)]),
    ]
    if first.location:
        details.append((_("Where"), [first.location]))
    if change.kind == CANCELLED:
        calendar = _("The attached calendar file cancels the session in your calendar.")
    else:
        calendar = ngettext(
            "The calendar invite is attached: open it to add the session to your calendar, or to update it there.",
            "The calendar invites are attached: open them to add the sessions to your calendar.",
            count,
        )
    return {
        "language": language,
        "subject": " ".join(subject.split()),
        "intro": intro,
        "details": details,
        "agenda_label": _("Agenda items to cover:"),
        "agenda": [titles.get(item, item) for item in first.agenda_items],
        "note_label": _("Note"),
        "note": first.note,
        "reason": _("Why it changed: {reason}").format(reason=first.reason) if first.reason else "",
        "calendar": calendar,
        "unit": unit,
        "unit_url": url,
        "open_label": _("Open {unit}").format(unit=unit),
        "summary": _("Mentoring session with {name}").format(name=name),
    }


def _headline(kind, me, name, when, count):
    """The subject and the first sentence of an email about a change of ``kind``."""
    if kind == CANCELLED:
        subject = _("Mentoring session with {name} on {when} cancelled")
        intro = _("You cancelled your mentoring session with {name}.") if me else _(
            "{name} cancelled your mentoring session.")  # fmt: skip
    elif kind == RESCHEDULED:
        subject = _("Mentoring session with {name} moved to {when}")
        intro = _("You moved your mentoring session with {name}.") if me else _("{name} moved your mentoring session.")
    else:
        subject = ngettext(
            "Mentoring session with {name} planned for {when}",
            "{count} mentoring sessions with {name} planned, the first on {when}",
            count,
        )
        intro = ngettext(
            "You planned a mentoring session with {name}.", "You planned {count} mentoring sessions with {name}.", count
        ) if me else ngettext(
            "{name} planned a mentoring session with you.", "{name} planned {count} mentoring sessions with you.", count
        )  # fmt: skip
    return subject.format(name=name, when=when, count=count), intro.format(name=name, count=count)
