"""Planned sessions: a member plans the pair's next meeting, both get it as a calendar invite.

A planned session keeps one calendar event for good: its ``uid`` never changes and its
``sequence`` goes up at every reschedule and at the cancellation, so that calendar programs
update the event they already have instead of adding another (RFC 5545, 3.8.4.7 and 3.8.7.4).
Its time is stored in UTC, computed from the date and time of day the planner typed and the
planner's time zone (the platform's preference, else the browser's: ``platform.reader_zone``).

A pair plans a few sessions ahead at most (:data:`limits.PLANNED_AHEAD`). Once a session's time has passed, logging it
(``sessions.log`` with ``planned_id``) marks it logged and links the session, which the partner
then confirms as any other.
"""

import datetime
import re
import uuid
from dataclasses import dataclass

import icalendar
from django.db.models import Count, Q
from django.utils import timezone

from ..core import limits, platform
from ..core.cleaner import Cleaner
from ..core.errors import Conflict, InvalidInput, NotFound
from ..core.i18n import gettext as _
from ..models import PlannedSession
from .sessions import MINUTES

TIME_PATTERN = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
LINK_PATTERN = re.compile(r"https?://\S+", re.IGNORECASE)
REQUEST, CANCEL = "REQUEST", "CANCEL"
PRODUCT_ID = "-//Open edX//mentoring-xblock//EN"
# How often a plan may repeat, in weeks ("" or 0: once): the same weekday and time of day in the
# planner's zone, summer time or not.
REPEATS = ("1", "2", "4")


@dataclass(frozen=True)
class Plan:
    """A planned session's when, how and what, cleaned (:func:`clean_plan`)."""

    starts_at: datetime.datetime  # aware, UTC
    zone: str  # the planner's zone, an IANA name
    minutes: int
    session_format: str
    location: str
    agenda_items: list
    note: str
    repeats: tuple = ()  # the later sessions' starts (aware, UTC), when the plan repeats

    def fields(self):
        names = ("starts_at", "zone", "minutes", "session_format", "location", "agenda_items", "note")
        return {key: getattr(self, key) for key in names}


def _clean_time(cleaner, value):
    """A time of day as ``HH:MM`` (24 hours), or None after naming the field."""
    found = TIME_PATTERN.fullmatch(value.strip()) if isinstance(value, str) else None
    if found is None:
        cleaner.fail("time", _("Enter a time as HH:MM (24 hours).") if value not in (None, "") else _("Enter a time."))
        return None
    return datetime.time(int(found.group(1)), int(found.group(2)))


def local_moment(day, time, zone):
    """The aware moment of wall-clock ``time`` on ``day`` in ``zone``, or None where the clocks
    skip that time (the hour lost when summer time starts). A time that happens twice (the hour
    repeated when it ends) is the first of the two."""
    moment = datetime.datetime.combine(day, time, tzinfo=zone)
    again = moment.astimezone(datetime.UTC).astimezone(zone)
    if (again.date(), again.time()) != (day, time):
        return None
    return moment


def clean_plan(ctx, data, zone, now=None, repeat=False):
    """The :class:`Plan` a member sent: ``date`` and ``time`` in ``zone`` (a :class:`ZoneInfo`,
    the planner's), ``minutes``, ``session_format``, ``location`` (a place or an http(s) link),
    ``agenda_items`` of the program, ``note``; with ``repeat``, ``repeat_weeks`` (one of
    :data:`REPEATS`, or none) and ``times`` (how many sessions in all, 2 to
    :data:`limits.PLANNED_AHEAD`).

    Raises:
        InvalidInput: every wrong field, named (a time past or skipped by the clocks, a format
            or agenda item not in the program, too long a text).
    """
    now = now or timezone.now()
    cleaner = Cleaner()
    agenda_ids = [item["id"] for item in ctx.program["agenda"]]
    today_there = now.astimezone(zone).date()
    day = cleaner.date("date", data.get("date"), earliest=today_there)
    time = _clean_time(cleaner, data.get("time"))
    location = cleaner.text("location", data.get("location"), required=False, max_length=limits.URL_MAX,
                            multiline=False)  # fmt: skip
    if location.lower().startswith(("http:", "https:")) and not LINK_PATTERN.fullmatch(location):
        cleaner.fail("location", _("Enter a place, or a link starting with https://."))
    plan = Plan(
        starts_at=None,
        zone=zone.key,
        minutes=cleaner.integer("minutes", data.get("minutes"), MINUTES),
        session_format=cleaner.choice("session_format", data.get("session_format"), ctx.program["session_formats"]),
        location=location,
        agenda_items=cleaner.subset("agenda_items", data.get("agenda_items"), agenda_ids),
        note=cleaner.text("note", data.get("note"), required=False, max_length=limits.TEXT_MAX),
    )
    starts_at = None
    if day is not None and time is not None and "date" not in cleaner.errors:
        moment = local_moment(day, time, zone)
        if moment is None:
            cleaner.fail("time", _("This time does not exist on that day in {zone}: the clocks change.").format(
                zone=zone.key))  # fmt: skip
        elif moment <= now:
            cleaner.fail("time", _("Choose a time that is still to come."))
        else:
            starts_at = moment.astimezone(datetime.UTC)
    repeats = _clean_repeats(cleaner, data, day, time, zone) if repeat and starts_at is not None else ()
    cleaner.done()
    return Plan(**{**plan.fields(), "starts_at": starts_at, "repeats": repeats})


def _clean_repeats(cleaner, data, day, time, zone):
    """The starts of the sessions after the first, when the plan repeats every ``repeat_weeks``
    weeks ``times`` times in all, each at the same time of day in ``zone``."""
    weeks = cleaner.choice("repeat_weeks", data.get("repeat_weeks"), REPEATS, required=False)
    if not weeks:
        return ()
    times = cleaner.integer("times", data.get("times"), (2, limits.PLANNED_AHEAD))
    starts = []
    for number in range(1, times if "times" not in cleaner.errors else 1):
        later = day + datetime.timedelta(weeks=int(weeks) * number)
        moment = local_moment(later, time, zone)
        if moment is None:
            cleaner.fail("times", _("On {date} this time does not exist in {zone}: the clocks change.").format(
                date=later.isoformat(), zone=zone.key))  # fmt: skip
            return ()
        starts.append(moment.astimezone(datetime.UTC))
    return tuple(starts)


def clean_reason(data):
    """Why a member reschedules or cancels: required, one paragraph."""
    cleaner = Cleaner()
    reason = cleaner.text("reason", data.get("reason"), max_length=limits.TEXT_MAX)
    cleaner.done()
    return reason


class NotPlanned(Conflict):
    code = "not_planned"

    def default_message(self):
        return _("This session was cancelled or logged already.")


def plan(ctx, locked, plan):
    """Plan the next session of the pair of ``locked`` (:class:`access.LockedPair`, its row held),
    and those after it when ``plan`` repeats. Returns the new :class:`PlannedSession` rows, the
    soonest first.

    Raises:
        InvalidInput: on ``date``, when the pair has :data:`limits.PLANNED_AHEAD` sessions planned
            already, or has planned :data:`limits.PLANNED_PER_PAIR` in all.
    """
    pair = locked.pair
    counts = PlannedSession.objects.filter(pair=pair).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(status=PlannedSession.PLANNED))
    )
    adding = 1 + len(plan.repeats)
    if counts["open"] + adding > limits.PLANNED_AHEAD:
        limit = limits.PLANNED_AHEAD
        raise InvalidInput({"date": _("A pair can plan up to {limit} sessions ahead.").format(limit=limit)})
    if counts["total"] + adding > limits.PLANNED_PER_PAIR:
        limit = limits.PLANNED_PER_PAIR
        raise InvalidInput({"date": _("A pair can plan up to {limit} sessions.").format(limit=limit)})
    # Each session of a repeating plan is an event of its own: moved, cancelled and logged alone.
    planned = [
        PlannedSession(
            course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, planned_by=ctx.participant,
            uid=f"{uuid.uuid4()}@mentoring-xblock", **{**plan.fields(), "starts_at": starts_at},
        )
        for starts_at in (plan.starts_at, *plan.repeats)
    ]  # fmt: skip
    if len(planned) == 1:
        planned[0].save()
    else:
        PlannedSession.objects.bulk_create(planned)
        # Their ids, on every database (MariaDB's bulk insert gives none back).
        planned = list(PlannedSession.objects.filter(uid__in=[p.uid for p in planned]).order_by("starts_at", "pk"))
    return planned


def _open_planned(pair, planned_id):
    """The pair's planned session ``planned_id``, locked.

    Raises:
        NotFound: no such planned session in this pair.
        NotPlanned: it was cancelled or logged already.
    """
    planned = PlannedSession.objects.select_for_update().filter(pk=planned_id, pair=pair).first()
    if planned is None:
        raise NotFound()
    if planned.status != PlannedSession.PLANNED:
        raise NotPlanned()
    return planned


def reschedule(ctx, locked, planned_id, plan, reason):
    """Move the planned session ``planned_id`` to ``plan`` (a :class:`Plan`), saying why: the same
    calendar event, one revision later. Returns it."""
    planned = _open_planned(locked.pair, planned_id)
    for key, value in plan.fields().items():
        setattr(planned, key, value)
    planned.reason, planned.sequence = reason, planned.sequence + 1
    planned.save()
    return planned


def cancel(ctx, locked, planned_id, reason):
    """Cancel the planned session ``planned_id``, saying why; its calendar event is cancelled one
    revision later. Returns it."""
    planned = _open_planned(locked.pair, planned_id)
    planned.status, planned.reason, planned.sequence = PlannedSession.CANCELLED, reason, planned.sequence + 1
    planned.save(update_fields=["status", "reason", "sequence", "updated_at"])
    return planned


def mark_logged(pair, planned_id, session, now=None):
    """The planned session ``planned_id`` of ``pair`` was held and logged as ``session``.

    Raises:
        InvalidInput: on ``planned_id``: no such planned session still open in this pair, or its
            time has not come yet.
    """
    planned = (
        PlannedSession.objects.select_for_update()
        .filter(pk=planned_id, pair=pair, status=PlannedSession.PLANNED)
        .first()
    )
    if planned is None:
        raise InvalidInput({"planned_id": _("This planned session was cancelled or logged already.")})
    if planned.starts_at > (now or timezone.now()):
        raise InvalidInput({"planned_id": _("This session has not started yet: log it once it has taken place.")})
    planned.status, planned.session = PlannedSession.LOGGED, session
    planned.save(update_fields=["status", "session", "updated_at"])
    return planned


def planned_of(pair, planned_id):
    """The planned session ``planned_id`` of ``pair``, whatever its status.

    Raises:
        NotFound: no such planned session in this pair.
    """
    planned = PlannedSession.objects.filter(pk=planned_id, pair=pair).first()
    if planned is None:
        raise NotFound()
    return planned


def still_planned(pair, now=None):
    """The pair's planned sessions still to log or cancel (at most :data:`limits.PLANNED_AHEAD`),
    then those cancelled whose time is still to come (as many again at most: their cancellation
    can still be sent to a calendar), each the soonest first: one query."""
    rows = PlannedSession.objects.filter(
        Q(status=PlannedSession.PLANNED) | Q(status=PlannedSession.CANCELLED, starts_at__gt=now or timezone.now()),
        pair=pair,
    ).select_related("planned_by")
    # "planned" sorts after "cancelled": the planned ones come first.
    return list(rows.order_by("-status", "starts_at", "pk")[: 2 * limits.PLANNED_AHEAD])


def is_link(location):
    """Whether a planned session's location is a video link (an http(s) address) rather than a place."""
    return bool(LINK_PATTERN.fullmatch(location or ""))


# -- the calendar invite (RFC 5545) ---------------------------------------------------------------------


@dataclass(frozen=True)
class InviteText:
    """The words of an invite, in the reader's language: its ``summary``, the ``agenda`` titles,
    the unit's ``link`` (or ""), and the organizer and attendees as ``(email, name)`` whose
    emails may be shown to whoever gets the file."""

    summary: str
    agenda: tuple = ()
    link: str = ""
    organizer: tuple | None = None
    attendees: tuple = ()


def invite(planned, method=None, text=None):
    """The iCalendar file (RFC 5545) of a :class:`PlannedSession`, as bytes.

    ``method``: ``REQUEST`` (the default while it is planned: a new or moved event) or
    ``CANCEL`` (the default once cancelled: the event is cancelled, ``STATUS:CANCELLED``).
    ``text``: an :class:`InviteText`; without one, a plain summary and the agenda item ids.
    The event keeps its ``UID``; ``SEQUENCE`` is the planned session's revision; its start and
    end are in UTC.
    """
    if method is None:
        method = CANCEL if planned.status == PlannedSession.CANCELLED else REQUEST
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"Unknown iCalendar method {method!r}")
    text = text or InviteText(summary=_("Mentoring session"), agenda=tuple(planned.agenda_items))
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    event = icalendar.Event()
    event.add("uid", planned.uid)
    event.add("sequence", planned.sequence)
    event.add("dtstamp", (planned.updated_at or timezone.now()).astimezone(datetime.UTC))
    start = planned.starts_at.astimezone(datetime.UTC)
    event.add("dtstart", start)
    event.add("dtend", start + datetime.timedelta(minutes=planned.minutes))
    event.add("summary", text.summary)
    event.add("description", _description(planned, text))
    if planned.location:
        event.add("location", planned.location)
        if is_link(planned.location):
            event.add("url", planned.location)
    elif text.link:
        event.add("url", text.link)
    event.add("status", "CANCELLED" if method == CANCEL else "CONFIRMED")
    if text.organizer:
        event.add("organizer", _address(*text.organizer))
    for email, name in text.attendees:
        event.add("attendee", _address(email, name, attendee=True))
    calendar.add_component(event)
    return calendar.to_ical()


def _address(email, name, attendee=False):
    address = icalendar.vCalAddress(f"mailto:{email}")
    if name:
        address.params["cn"] = icalendar.vText(name)
    if attendee:
        address.params["role"] = icalendar.vText("REQ-PARTICIPANT")
    return address


def _description(planned, text):
    lines = []
    if text.agenda:
        lines.append(_("Agenda items to cover:"))
        lines.extend(f"- {title}" for title in text.agenda)
    if planned.note:
        lines += ["", planned.note]
    if planned.reason:
        lines += ["", _("Why it changed: {reason}").format(reason=planned.reason)]
    if text.link:
        lines += ["", _("Open the mentoring unit: {link}").format(link=text.link)]
    return "\n".join(lines).strip()


def zone_of(planned):
    """The planner's zone of a planned session (UTC for a name this system lacks)."""
    return platform.zone_named(planned.zone)
