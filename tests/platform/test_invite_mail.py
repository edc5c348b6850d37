"""Planned sessions by email, on the LMS-faithful runtime: each member gets their own message,
with the calendar invite attached, in their language and time zone (their ``pref-lang`` and
``time_zone`` preferences, the platform's ``UserPreference`` rows), naming no one else's address.

Django's test runner keeps the emails in ``mail.outbox`` (its locmem backend); the messages are
sent when the write commits, which ``django_capture_on_commit_callbacks`` stands in for.
"""

import datetime
import email
import html

import icalendar
import pytest
from django.core import mail as django_mail

from mentoring_xblock.models import PlannedSession

from .accounts import install_preference_table
from .conftest import pair_before_first_visit

MAYA = {"time_zone": "America/New_York", "pref-lang": "en"}
BRUNO = {"time_zone": "Europe/Madrid", "pref-lang": "es"}
DAY = datetime.date(2027, 3, 15)
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def preferences(lms, monkeypatch):
    """The platform's ``UserPreference`` table (openedx/core/djangoapps/user_api/models.py) and
    ``LANGUAGE_KEY`` (openedx/core/djangoapps/lang_pref), read from this course's accounts."""
    reads = []

    class Rows:
        def filter(self, user_id__in, key__in):
            reads.append((tuple(user_id__in), tuple(key__in)))
            chosen = lms.accounts.preferences
            self.rows = [
                (user_id, key, chosen[user_id][key])
                for user_id in user_id__in
                for key in key__in
                if key in chosen.get(user_id, {})
            ]
            return self

        def values_list(self, *fields):
            assert fields == ("user_id", "key", "value")
            return self.rows

    install_preference_table(monkeypatch, Rows())
    return reads


@pytest.fixture
def pair_id(lms, preferences, settings):
    settings.LMS_ROOT_URL = "https://lms.example.org"
    settings.MENTORING_UNIT_URL = None  # the LMS: its jump_to page
    settings.MENTORING_FROM_EMAIL = "Mentoring <mentoring@lms.example.org>"
    found = pair_before_first_visit(lms)
    lms.accounts.preferences[lms.user("maya").pk] = dict(MAYA)
    lms.accounts.preferences[lms.user("bruno").pk] = dict(BRUNO)
    return found


def plan(pair_id, **extra):
    return {
        "pair_id": pair_id,
        "date": DAY.isoformat(),
        "time": "10:00",
        "minutes": 45,
        "session_format": "video",
        "location": "https://meet.example.org/maya-bruno",
        "agenda_items": ["kickoff"],
        "note": "Bring the draft",
        **extra,
    }


def committed(capture, lms, username, handler, data):
    with capture(execute=True):
        status, body = lms.call(username, handler, data)
    return status, body


def by_recipient(outbox):
    found = {}
    for message in outbox:
        (to,) = message.to
        found[to] = message
    return found


def invite_of(message):
    """The one calendar file of a message, as a calendar program reads it: (its MIME part, the
    calendar, its event)."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
    (event,) = calendar.walk("VEVENT")
    return part, calendar, event


def html_of(message):
    (body, mimetype) = message.alternatives[0]
    assert mimetype == "text/html"
    return body


def test_both_members_get_each_change_as_one_calendar_event_in_their_language_and_zone(
    lms, pair_id, preferences, django_capture_on_commit_callbacks
):
    status, body = committed(django_capture_on_commit_callbacks, lms, "maya", "session_plan", plan(pair_id))
    assert status == 200, body
    # Both members' language and zone preferences, read in one query once the write committed.
    assert preferences == [(tuple(sorted([lms.user("maya").pk, lms.user("bruno").pk])), ("pref-lang", "time_zone"))]
    planned_id = body["planned"]["id"]
    sent = by_recipient(django_mail.outbox)
    assert sorted(sent) == ["bruno@example.com", "maya@example.com"]
    maya, bruno = sent["maya@example.com"], sent["bruno@example.com"]
    assert maya.from_email == "Mentoring <mentoring@lms.example.org>"

    # Maya (English, New York): 10:00 in her zone, named; Bruno (Spanish, Madrid): 15:00 in his.
    assert maya.subject == "Mentoring session with Bruno Costa planned for March 15, 2027, 10 a.m. (America/New_York)"
    assert "You planned a mentoring session with Bruno Costa." in maya.body
    assert "Kickoff: meet and set expectations" in maya.body
    assert "https://lms.example.org/courses/" in maya.body and "/jump_to/" in maya.body
    assert "(Europe/Madrid)" in bruno.subject and "15:00" in bruno.subject
    assert "Maya Ortiz ha planificado una sesión de mentoría contigo." in bruno.body

    # Each invite: METHOD REQUEST, the same event, the reader alone as its attendee.
    part, calendar, event = invite_of(maya)
    assert part.get_content_type() == "text/calendar"
    assert part.get_param("method") == "REQUEST" and part.get_content_charset() == "utf-8"
    assert part.get_filename() == "mentoring-session.ics"
    assert str(calendar["method"]) == "REQUEST"
    uid = str(event["uid"])
    assert event.decoded("dtstart") == datetime.datetime(2027, 3, 15, 14, 0, tzinfo=datetime.UTC)
    assert int(event["sequence"]) == 0
    assert str(event["organizer"]) == "mailto:mentoring@lms.example.org"
    assert str(event["attendee"]) == "mailto:maya@example.com"
    _part, _calendar, his = invite_of(bruno)
    assert str(his["uid"]) == uid and str(his["attendee"]) == "mailto:bruno@example.com"
    assert str(his["summary"]) == "Sesión de mentoría con Maya Ortiz"

    # Never the partner's address: not in the message, its HTML or its invite.
    for mine, partners in ((maya, "bruno@example.com"), (bruno, "maya@example.com")):
        assert partners not in mine.message().as_string()
        assert partners not in mine.body and partners not in html_of(mine)

    # Bruno moves it: both are told, the same event one revision later.
    django_mail.outbox.clear()
    moved = {**plan(pair_id, time="18:00"), "planned_id": planned_id, "reason": "A deadline moved"}
    status, body = committed(django_capture_on_commit_callbacks, lms, "bruno", "session_reschedule", moved)
    assert status == 200, body
    sent = by_recipient(django_mail.outbox)
    assert sorted(sent) == ["bruno@example.com", "maya@example.com"]
    assert "Bruno Costa moved your mentoring session." in sent["maya@example.com"].body
    assert "A deadline moved" in sent["maya@example.com"].body
    _part, calendar, event = invite_of(sent["maya@example.com"])
    assert str(event["uid"]) == uid and int(event["sequence"]) == 1 and str(calendar["method"]) == "REQUEST"
    # 18:00 in Madrid (Bruno planned it in his zone) is 13:00 in New York.
    assert "March 15, 2027, 1 p.m. (America/New_York)" in sent["maya@example.com"].subject

    # Maya cancels it: METHOD CANCEL, the same event, one revision later.
    django_mail.outbox.clear()
    cancel = {"pair_id": pair_id, "planned_id": planned_id, "reason": "Ill"}
    status, body = committed(django_capture_on_commit_callbacks, lms, "maya", "session_cancel", cancel)
    assert status == 200, body
    sent = by_recipient(django_mail.outbox)
    assert sorted(sent) == ["bruno@example.com", "maya@example.com"]
    for message in sent.values():
        part, calendar, event = invite_of(message)
        assert part.get_param("method") == "CANCEL" and str(calendar["method"]) == "CANCEL"
        assert str(event["uid"]) == uid and int(event["sequence"]) == 2 and str(event["status"]) == "CANCELLED"
    assert "Maya Ortiz ha cancelado vuestra sesión de mentoría." in sent["bruno@example.com"].body


def test_names_are_escaped_in_the_html_and_plain_in_the_text(lms, pair_id, django_capture_on_commit_callbacks):
    lms.accounts.profiles[lms.user("bruno").pk].name = SCRIPT
    PlannedSession.objects.all().delete()
    # Bruno's name reaches the block when he is next seen: his first visit.
    lms.render("bruno")
    note = "Bring <b>the plan</b>"
    status, body = committed(django_capture_on_commit_callbacks, lms, "maya", "session_plan", plan(pair_id, note=note))
    assert status == 200, body
    maya = by_recipient(django_mail.outbox)["maya@example.com"]
    page = html_of(maya)
    assert SCRIPT not in page and html.escape(SCRIPT) in page
    assert "<b>the plan</b>" not in page and html.escape(note) in page
    assert SCRIPT in maya.body and note in maya.body


def test_a_refused_write_sends_nothing(lms, pair_id, django_capture_on_commit_callbacks):
    refused = plan(pair_id, time="25:00")
    status, _body = committed(django_capture_on_commit_callbacks, lms, "maya", "session_plan", refused)
    assert status == 400
    assert django_mail.outbox == []
