"""Planning the next session, on the LMS-faithful runtime: the planner's time zone is the one
chosen in the account settings (the user service's ``time_zone`` preference), the partner's the
browser's; both get the same calendar event, which a reschedule and a cancellation update.

The invites are read back with the ``icalendar`` library, as a calendar program would.
"""

import datetime
import re

import icalendar
import pytest
from django.utils import timezone

from mentoring_xblock.core import platform
from mentoring_xblock.models import PlannedSession, Session

from .conftest import pair_before_first_visit

NEW_YORK = {"time_zone": "America/New_York", "pref-lang": "en"}
# Summer time starts in New York on 14 March 2027 (02:00 becomes 03:00).
AFTER_DST, BEFORE_DST = datetime.date(2027, 3, 15), datetime.date(2027, 3, 10)


@pytest.fixture
def pair_id(lms):
    found = pair_before_first_visit(lms)
    lms.accounts.preferences[lms.user("maya").pk] = dict(NEW_YORK)
    lms.cookies["bruno"] = {platform.ZONE_COOKIE: "Asia/Tokyo"}
    return found


def plan(pair_id, day, time="10:00", **extra):
    return {
        "pair_id": pair_id,
        "date": day.isoformat(),
        "time": time,
        "minutes": 45,
        "session_format": "video",
        "location": "https://meet.example.org/maya-bruno",
        "agenda_items": ["kickoff", "needs"],
        "note": "Bring the draft <b>plan</b>",
        **extra,
    }


def event_of(data):
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return calendar, event


def attendees(event):
    found = event.get("attendee", [])
    return [str(a) for a in (found if isinstance(found, list) else [found])]


def invite(lms, username, pair_id, planned_id):
    status, body = lms.download(username, "session_invite", f"pair_id={pair_id}&planned_id={planned_id}")
    assert status == 200, body
    return body


def test_a_planned_session_is_one_calendar_event_that_a_reschedule_and_a_cancellation_update(lms, pair_id):
    status, body = lms.call("maya", "session_plan", plan(pair_id, AFTER_DST))
    assert status == 200, body
    planned_id = body["planned"]["id"]

    # 10:00 in New York in summer time is 14:00 UTC; the event is in UTC, one revision, its own UID.
    calendar, event = event_of(invite(lms, "maya", pair_id, planned_id))
    assert str(calendar["method"]) == "REQUEST"
    uid = str(event["uid"])
    assert event.decoded("dtstart") == datetime.datetime(2027, 3, 15, 14, 0, tzinfo=datetime.UTC)
    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(minutes=45)
    assert int(event["sequence"]) == 0
    assert str(event["summary"]) == "Mentoring session with Bruno Costa"
    description = str(event["description"])
    assert "- Kickoff: meet and set expectations\n- Needs and a personal SWOT" in description
    assert str(event["url"]) == str(event["location"]) == "https://meet.example.org/maya-bruno"
    # Maya planned it: she is its organizer and attendee; Bruno's address is not in her file.
    assert str(event["organizer"]) == "mailto:maya@example.com"
    assert "bruno@example.com" not in invite(lms, "maya", pair_id, planned_id).decode()

    # Bruno downloads the same event: same UID, his own address only.
    _calendar, his = event_of(invite(lms, "bruno", pair_id, planned_id))
    assert str(his["uid"]) == uid and his.decoded("dtstart") == event.decoded("dtstart")
    assert "maya@example.com" not in invite(lms, "bruno", pair_id, planned_id).decode()
    assert attendees(his) == ["mailto:bruno@example.com"]

    # Moved to before summer time: 10:00 in New York is now 15:00 UTC; the same event, revision 1.
    moved = {**plan(pair_id, BEFORE_DST), "planned_id": planned_id, "reason": "A deadline moved"}
    status, body = lms.call("bruno", "session_reschedule", {**moved, "time": "00:00", "date": "2027-03-11"})
    assert status == 200, body  # Bruno plans in Tokyo time: 00:00 on the 11th there is 15:00 UTC on the 10th
    _calendar, event = event_of(invite(lms, "maya", pair_id, planned_id))
    assert str(event["uid"]) == uid and int(event["sequence"]) == 1
    assert event.decoded("dtstart") == datetime.datetime(2027, 3, 10, 15, 0, tzinfo=datetime.UTC)
    assert "A deadline moved" in str(event["description"])

    # Each sees it in their own zone, the zone named.
    assert "March 10, 2027, 10 a.m. (America/New_York)" in lms.render("maya")
    assert "March 11, 2027, midnight (Asia/Tokyo)" in lms.render("bruno")

    # Cancelled: the same event, cancelled, one revision later.
    status, body = lms.call("maya", "session_cancel", {"pair_id": pair_id, "planned_id": planned_id, "reason": "Ill"})
    assert status == 200, body
    calendar, event = event_of(invite(lms, "bruno", pair_id, planned_id))
    assert str(calendar["method"]) == "CANCEL" and str(event["status"]) == "CANCELLED"
    assert str(event["uid"]) == uid and int(event["sequence"]) == 2


def test_the_page_never_shows_an_email_and_escapes_what_members_wrote(lms, pair_id):
    status, body = lms.call("maya", "session_plan", plan(pair_id, AFTER_DST, location="Café <script>x</script>"))
    assert status == 200, body
    staff_view = lms.call("dana", "workspace_state", {"pair_id": pair_id})[1]["html"]  # staff read it too
    for page in (lms.render("maya"), lms.render("bruno"), staff_view):
        assert "@example.com" not in page
        assert "<script>x</script>" not in page and "&lt;script&gt;x&lt;/script&gt;" in page
        assert "<b>plan</b>" not in page and "Bring the draft &lt;b&gt;plan&lt;/b&gt;" in page
    assert 'data-action="session_cancel"' not in staff_view  # staff read, and change nothing
    # The file is plain text: the note travels as written, in its DESCRIPTION.
    _calendar, event = event_of(invite(lms, "bruno", pair_id, body["planned"]["id"]))
    assert "Bring the draft <b>plan</b>" in str(event["description"])


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"date": "2027-03-14", "time": "02:30"}, "time"),  # the hour New York's clocks skip
        ({"date": "2020-01-01"}, "date"),
        ({"time": "25:00"}, "time"),
        ({"minutes": 2}, "minutes"),
        ({"session_format": "carrier pigeon"}, "session_format"),
        ({"agenda_items": ["not-an-item"]}, "agenda_items"),
        ({"location": "javascript:alert(1)"}, None),  # a place, as text: accepted, never a link
        ({"location": "https://a b"}, "location"),
    ],
)
def test_a_plan_with_a_wrong_field_is_refused_naming_it(lms, pair_id, change, field):
    status, body = lms.call("maya", "session_plan", {**plan(pair_id, AFTER_DST), **change})
    if field is None:
        assert status == 200, body
        assert 'href="javascript' not in lms.render("bruno")
        return
    assert status == 400, body
    assert list(body["error"]["fields"]) == [field]
    assert not PlannedSession.objects.exists()


def test_rescheduling_and_cancelling_need_a_reason(lms, pair_id):
    planned_id = lms.call("maya", "session_plan", plan(pair_id, AFTER_DST))[1]["planned"]["id"]
    moved = {**plan(pair_id, BEFORE_DST), "planned_id": planned_id, "reason": " "}
    status, body = lms.call("maya", "session_reschedule", moved)
    assert status == 400 and list(body["error"]["fields"]) == ["reason"]
    status, body = lms.call("bruno", "session_cancel", {"pair_id": pair_id, "planned_id": planned_id})
    assert status == 400 and list(body["error"]["fields"]) == ["reason"]
    assert PlannedSession.objects.get().sequence == 0


def test_after_its_time_a_planned_session_is_a_prefilled_log_that_the_partner_then_confirms(lms, pair_id):
    planned_id = lms.call("maya", "session_plan", plan(pair_id, AFTER_DST))[1]["planned"]["id"]
    # Before its time it cannot be logged from the plan.
    log = {"pair_id": pair_id, "planned_id": planned_id, "held_on": timezone.localdate().isoformat(),
           "minutes": 45, "session_format": "video", "agenda_items": ["kickoff"]}  # fmt: skip
    status, body = lms.call("bruno", "session_log", log)
    assert status == 400 and list(body["error"]["fields"]) == ["planned_id"]
    # Its time has come (it was held an hour ago).
    PlannedSession.objects.filter(pk=planned_id).update(starts_at=timezone.now() - datetime.timedelta(hours=1))
    page = lms.render("bruno")
    form = page[page.index('data-action="session_log" data-focus') :]
    form = form[: form.index("</form>")]
    assert f'name="planned_id" value="{planned_id}"' in form
    assert 'value="45"' in form and 'value="video" selected' in form
    assert 'value="kickoff" checked' in form and 'value="needs" checked' in form
    held_on = re.search(r'name="held_on"[^>]*value="([\d-]+)"', form).group(1)
    status, body = lms.call("bruno", "session_log", {**log, "held_on": held_on})
    assert status == 200, body
    planned = PlannedSession.objects.get(pk=planned_id)
    assert planned.status == PlannedSession.LOGGED and planned.session_id == body["session"]["id"]
    assert 'data-action="session_log" data-focus' not in body["sections"]["schedule"]
    # The partner confirms it as any other session: it then counts.
    status, body = lms.call("maya", "session_review", {"pair_id": pair_id, "session_id": planned.session_id,
                                                      "decision": "confirm"})  # fmt: skip
    assert status == 200, body
    assert Session.objects.get(pk=planned.session_id).confirmation == Session.CONFIRMED
    # Logged once: the same plan cannot be logged again.
    status, body = lms.call("bruno", "session_log", log)
    assert status == 400 and list(body["error"]["fields"]) == ["planned_id"]


def test_the_invite_links_to_the_unit_through_the_lms_jump_to_view(lms, pair_id, settings):
    settings.LMS_ROOT_URL = "https://lms.example.org"
    planned_id = lms.call("maya", "session_plan", plan(pair_id, AFTER_DST))[1]["planned"]["id"]
    _calendar, event = event_of(invite(lms, "bruno", pair_id, planned_id))
    link = f"https://lms.example.org/courses/{lms.course_key}/jump_to/"
    assert link in str(event["description"]).replace("\n", "")


def test_a_plan_repeats_every_two_weeks_each_session_shown_and_invited_alone(lms, pair_id):
    status, body = lms.call("maya", "session_plan", {**plan(pair_id, BEFORE_DST), "repeat_weeks": "2", "times": 3})
    assert status == 200, body
    assert body["planned"]["sessions"] == 3
    page = lms.render("bruno")
    assert page.count("data-planned-id=") == 3
    # 10:00 in New York each time: 15:00 UTC before summer time, 14:00 after.
    starts = [
        event_of(invite(lms, "bruno", pair_id, planned.pk))[1].decoded("dtstart")
        for planned in PlannedSession.objects.order_by("starts_at")
    ]
    assert [(s.day, s.hour) for s in starts] == [(10, 15), (24, 14), (7, 14)]
