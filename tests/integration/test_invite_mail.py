"""Planned sessions by email, in the workbench: both members of the pair get each plan, move and
cancellation, once the write commits, with its calendar invite attached; a write refused or rolled
back sends nothing, and one whose email cannot be sent stands.

The demo's people have addresses (``<username>@example.org``) and no language or zone preference
(there is no platform here): their emails are in the site's language, their times in UTC, named.
Django's test runner keeps the emails in ``mail.outbox`` (its locmem backend); pytest-django's
``django_capture_on_commit_callbacks`` runs the on-commit callbacks as a commit would.
"""

import email
import logging

import icalendar
import pytest
from django.core import mail as django_mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring_xblock.models import Pair, PlannedSession
from mentoring_xblock.ui import invite_mail

from .helpers import act, load_demo, ok, rolled_back
from .world import plan_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def pair():
    load_demo()
    return Pair.objects.select_related("mentor", "mentee").get(mentee__username="mentee1", status=Pair.ACTIVE)


def committed(capture, student, handler, data):
    with capture(execute=True):
        return act(student, handler, data)


def calendars(message):
    """The calendar files of a message, parsed as a calendar program would: [(part, calendar, event)]."""
    parsed = email.message_from_bytes(message.message().as_bytes())
    found = []
    for part in parsed.walk():
        if part.get_content_type() == "text/calendar":
            calendar = icalendar.Calendar.from_ical(part.get_payload(decode=True))
            (event,) = calendar.walk("VEVENT")
            found.append((part, calendar, event))
    return found


def test_both_members_get_one_email_each_naming_only_their_own_address(pair, django_capture_on_commit_callbacks):
    body = ok(committed(django_capture_on_commit_callbacks, "mentor", "session_plan", plan_data(pair.pk)))
    assert sorted(m.to[0] for m in django_mail.outbox) == ["mentee1@example.org", "mentor@example.org"]
    for message, partner in zip(
        sorted(django_mail.outbox, key=lambda m: m.to[0]), ("mentor@example.org", "mentee1@example.org"), strict=True
    ):
        assert message.to == [message.to[0]] and not message.cc and not message.bcc
        assert message.from_email == "mentoring@workbench.invalid"
        assert partner not in message.message().as_string()
        ((part, calendar, event),) = calendars(message)
        assert str(calendar["method"]) == "REQUEST" and part.get_param("method") == "REQUEST"
        assert str(event["attendee"]) == f"mailto:{message.to[0]}"
        assert str(event["organizer"]) == "mailto:mentoring@workbench.invalid"
        assert int(event["sequence"]) == 0
        assert str(event["uid"]) == PlannedSession.objects.get(pk=body["planned"]["id"]).uid
        # No zone preference here: the time in UTC, the zone named; a link to the unit.
        assert "(UTC)" in message.subject and "(UTC)" in message.body
        assert "/scenario/mentorship.0/?student=" in message.body
    mentee = next(m for m in django_mail.outbox if m.to == ["mentee1@example.org"])
    assert "Maya Ortiz planned a mentoring session with you." in mentee.body


def test_a_repeating_plan_is_one_email_each_with_one_invite_per_session(pair, django_capture_on_commit_callbacks):
    data = plan_data(pair.pk, repeat_weeks="1", times=3)
    ok(committed(django_capture_on_commit_callbacks, "mentee1", "session_plan", data))
    assert len(django_mail.outbox) == 2
    for message in django_mail.outbox:
        found = calendars(message)
        assert len(found) == 3
        assert len({str(event["uid"]) for _part, _calendar, event in found}) == 3
        assert "You planned 3 mentoring sessions with" in message.body or "planned 3 mentoring sessions with you" in (
            message.body
        )


def test_a_refused_write_sends_nothing(pair, django_capture_on_commit_callbacks):
    status, _body = committed(django_capture_on_commit_callbacks, "mentor", "session_plan", {"pair_id": pair.pk})
    assert status == 400
    planned = ok(committed(django_capture_on_commit_callbacks, "mentor", "session_plan", plan_data(pair.pk)))
    django_mail.outbox.clear()
    status, _body = committed(
        django_capture_on_commit_callbacks,
        "mentee1",
        "session_cancel",
        {"pair_id": pair.pk, "planned_id": planned["planned"]["id"]},  # no reason: 400
    )
    assert status == 400
    assert django_mail.outbox == []


def test_a_write_rolled_back_sends_nothing(pair, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), rolled_back():
        ok(act("mentor", "session_plan", plan_data(pair.pk)))
    assert django_mail.outbox == []
    assert not PlannedSession.objects.exists()


def test_an_email_that_cannot_be_sent_is_logged_and_the_session_stays_planned(
    pair, django_capture_on_commit_callbacks, settings, caplog
):
    settings.EMAIL_BACKEND = "tests.integration.test_invite_mail.BrokenBackend"
    with caplog.at_level(logging.ERROR, logger=invite_mail.__name__):
        body = ok(committed(django_capture_on_commit_callbacks, "mentor", "session_plan", plan_data(pair.pk)))
    assert PlannedSession.objects.filter(pk=body["planned"]["id"], status=PlannedSession.PLANNED).exists()
    assert "could not be sent" in caplog.text and "the mail server is down" in caplog.text


class BrokenBackend:
    """A mail backend whose server cannot be reached."""

    def __init__(self, *args, **kwargs):
        pass

    def __enter__(self):
        raise OSError("the mail server is down")

    def __exit__(self, *args):
        return False

    def send_messages(self, messages):
        raise OSError("the mail server is down")


def test_the_setting_turns_the_emails_off(pair, django_capture_on_commit_callbacks, settings):
    settings.MENTORING_INVITE_EMAILS = False
    ok(committed(django_capture_on_commit_callbacks, "mentor", "session_plan", plan_data(pair.pk)))
    assert django_mail.outbox == []


def test_the_emails_read_the_members_accounts_in_one_query_after_the_commit(pair, django_capture_on_commit_callbacks):
    """Outside Open edX only the members' users are read (their preferences are the platform's:
    one more query there, tests/platform/test_invite_mail.py)."""
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ok(act("mentor", "session_plan", plan_data(pair.pk)))
    assert django_mail.outbox == []  # nothing before the commit
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    assert len(django_mail.outbox) == 2
    assert [q["sql"] for q in queries.captured_queries if "auth_user" in q["sql"]] == [
        q["sql"] for q in queries.captured_queries
    ]
    assert len(queries.captured_queries) == 1


def test_the_workbench_writes_the_emails_to_its_mail_folder(
    pair, django_capture_on_commit_callbacks, settings, tmp_path
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path)
    ok(committed(django_capture_on_commit_callbacks, "mentor", "session_plan", plan_data(pair.pk)))
    (written,) = list(tmp_path.iterdir())
    text = written.read_text()
    assert text.count("Content-Type: text/calendar") == 2 and 'charset="utf-8"; method=REQUEST' in text
