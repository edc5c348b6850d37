"""Planned sessions: the planner's wall-clock time in their zone becomes one UTC moment, and the
calendar invite (``scheduling.invite``, which the email part attaches) is one event that a
reschedule and a cancellation revise."""

import datetime
import functools
from zoneinfo import ZoneInfo

import icalendar
import pytest

from mentoring_xblock.core.errors import InvalidInput, NotFound
from mentoring_xblock.models import PlannedSession
from mentoring_xblock.pairs import scheduling
from mentoring_xblock.pairs.scheduling import NotPlanned

from .. import people

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime.datetime(2024, 3, 1, 12, 0, tzinfo=datetime.UTC)
VALID = {
    "date": "2024-03-20",
    "time": "18:30",
    "minutes": 60,
    "session_format": "video",
    "location": "Room 4, library",
    "agenda_items": ["kickoff"],
    "note": "",
}
member = functools.partial(people.member, today=NOW.date())


def plan(pair, name="ana", zone=NEW_YORK, **changes):
    ctx, locked = member(name, pair)
    return scheduling.plan(ctx, locked, scheduling.clean_plan(ctx, {**VALID, **changes}, zone, now=NOW))[0]


def event_of(data):
    calendar = icalendar.Calendar.from_ical(data)
    (event,) = calendar.walk("VEVENT")
    return str(calendar["method"]), event


@pytest.mark.parametrize(
    ("day", "time", "utc"),
    [
        ("2024-03-08", "18:30", datetime.datetime(2024, 3, 8, 23, 30, tzinfo=datetime.UTC)),  # EST, UTC-5
        ("2024-03-20", "18:30", datetime.datetime(2024, 3, 20, 22, 30, tzinfo=datetime.UTC)),  # EDT, UTC-4
        # 01:30 happens twice when summer time ends: the first one, still in summer time.
        ("2024-11-03", "01:30", datetime.datetime(2024, 11, 3, 5, 30, tzinfo=datetime.UTC)),
    ],
)
def test_the_planners_time_of_day_is_stored_in_utc_across_the_clock_changes(pair, day, time, utc):
    planned = plan(pair, date=day, time=time)
    assert planned.starts_at == utc and planned.zone == "America/New_York"
    _method, event = event_of(scheduling.invite(planned, scheduling.REQUEST))
    assert event.decoded("dtstart") == utc


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"date": "2024-03-10", "time": "02:30"}, "time"),  # skipped when summer time starts
        ({"date": "2024-03-01", "time": "06:59"}, "time"),  # 11:59 UTC: a minute ago
        ({"date": "2024-02-29"}, "date"),
        ({"time": "7pm"}, "time"),
        ({"time": None}, "time"),
        ({"location": "x" * 501}, "location"),
        ({"note": "x" * 2001}, "note"),
    ],
)
def test_a_wrong_field_is_named_and_nothing_is_planned(pair, changes, field):
    with pytest.raises(InvalidInput) as refused:
        plan(pair, **changes)
    assert list(refused.value.fields) == [field]
    assert not PlannedSession.objects.exists()


def test_the_invite_is_one_event_revised_by_a_reschedule_and_cancelled_by_a_cancellation(pair):
    planned = plan(pair)
    method, event = event_of(scheduling.invite(planned, scheduling.REQUEST))
    uid = str(event["uid"])
    assert (method, int(event["sequence"]), str(event["status"])) == ("REQUEST", 0, "CONFIRMED")
    assert event.decoded("dtend") - event.decoded("dtstart") == datetime.timedelta(hours=1)
    assert str(event["location"]) == "Room 4, library" and "url" not in event
    assert "organizer" not in event and "attendee" not in event  # no address unless the caller gives one

    ctx, locked = member("mira", pair)
    moved = scheduling.clean_plan(ctx, {**VALID, "time": "19:00"}, NEW_YORK, now=NOW)
    planned = scheduling.reschedule(ctx, locked, planned.pk, moved, "A late meeting")
    method, event = event_of(scheduling.invite(planned, scheduling.REQUEST))
    assert (str(event["uid"]), int(event["sequence"])) == (uid, 1)
    assert event.decoded("dtstart") == datetime.datetime(2024, 3, 20, 23, 0, tzinfo=datetime.UTC)

    planned = scheduling.cancel(ctx, locked, planned.pk, "Ana is ill")
    method, event = event_of(scheduling.invite(planned))  # a cancelled one is a CANCEL by default
    assert (method, str(event["status"]), str(event["uid"]), int(event["sequence"])) == ("CANCEL", "CANCELLED", uid, 2)
    with pytest.raises(NotPlanned):
        scheduling.cancel(ctx, locked, planned.pk, "Again")
    with pytest.raises(NotFound):
        scheduling.reschedule(ctx, locked, planned.pk + 100, moved, "No such one")


def test_the_email_part_names_who_gets_it_and_the_units_link(pair):
    planned = plan(pair, location="https://meet.example.org/ana")
    text = scheduling.InviteText(
        summary="Mentoring session with Mira",
        agenda=("Kickoff: meet and set expectations",),
        link="https://lms.example.org/courses/c/jump_to/u",
        organizer=("ana@example.org", "Ana"),
        attendees=(("mira@example.org", "Mira"),),
    )
    _method, event = event_of(scheduling.invite(planned, scheduling.REQUEST, text))
    assert str(event["organizer"]) == "mailto:ana@example.org" and str(event["attendee"]) == "mailto:mira@example.org"
    assert str(event["url"]) == "https://meet.example.org/ana"
    description = str(event["description"])
    assert "- Kickoff: meet and set expectations" in description
    assert "https://lms.example.org/courses/c/jump_to/u" in description
    with pytest.raises(ValueError, match="PUBLISH"):
        scheduling.invite(planned, "PUBLISH")


def test_a_pair_plans_a_few_sessions_ahead_at_most(pair, monkeypatch):
    monkeypatch.setattr(scheduling.limits, "PLANNED_AHEAD", 2)
    plan(pair)
    plan(pair, time="19:30")
    with pytest.raises(InvalidInput) as refused:
        plan(pair, time="20:30")
    assert list(refused.value.fields) == ["date"]


def test_a_plan_repeats_at_the_same_time_of_day_in_the_planners_zone_each_its_own_event(pair):
    ctx, locked = member("ana", pair)
    data = {**VALID, "date": "2024-03-01", "time": "18:30", "repeat_weeks": "1", "times": 3}
    planned = scheduling.plan(ctx, locked, scheduling.clean_plan(ctx, data, NEW_YORK, now=NOW, repeat=True))
    # Summer time starts on 10 March: 18:30 in New York is 23:30 UTC, then 22:30.
    assert [p.starts_at for p in planned] == [
        datetime.datetime(2024, 3, 1, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2024, 3, 8, 23, 30, tzinfo=datetime.UTC),
        datetime.datetime(2024, 3, 15, 22, 30, tzinfo=datetime.UTC),
    ]
    assert len({p.uid for p in planned}) == 3 and {p.sequence for p in planned} == {0}
    # Rescheduling one moves it alone.
    moved = scheduling.clean_plan(ctx, {**VALID, "date": "2024-03-09"}, NEW_YORK, now=NOW)
    scheduling.reschedule(ctx, locked, planned[1].pk, moved, "Away that Friday")
    assert [p.sequence for p in PlannedSession.objects.order_by("pk")] == [0, 1, 0]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"repeat_weeks": "3", "times": 2}, "repeat_weeks"),
        ({"repeat_weeks": "1", "times": 1}, "times"),
        ({"repeat_weeks": "1", "times": 11}, "times"),
        # 02:30 on 3 March repeats into 10 March, when New York's clocks skip it.
        ({"date": "2024-03-03", "time": "02:30", "repeat_weeks": "1", "times": 2}, "times"),
    ],
)
def test_a_wrong_repeat_is_named_and_nothing_is_planned(pair, changes, field):
    ctx, _locked = member("ana", pair)
    with pytest.raises(InvalidInput) as refused:
        scheduling.clean_plan(ctx, {**VALID, **changes}, NEW_YORK, now=NOW, repeat=True)
    assert list(refused.value.fields) == [field]


def test_a_repeating_plan_counts_every_session_against_the_cap(pair):
    plan(pair, time="08:00")
    ctx, locked = member("ana", pair)
    data = {**VALID, "repeat_weeks": "1", "times": 10}
    with pytest.raises(InvalidInput) as refused:
        scheduling.plan(ctx, locked, scheduling.clean_plan(ctx, data, NEW_YORK, now=NOW, repeat=True))
    assert list(refused.value.fields) == ["date"]
    assert PlannedSession.objects.count() == 1
