"""The programme dashboard's figures, from known pairs, sessions and assessments."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring_xblock.models import Assessment, Pair, Session
from mentoring_xblock.pairs import tallies
from mentoring_xblock.program import config
from mentoring_xblock.reporting import dashboard

from ..people import OTHER_UNIT, START, TODAY, UNIT
from .test_staff_overview import make_one, make_pairs

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def program(**changes):
    return {**config.default_program(), **changes}


def confirmed(pair, held_on):
    return Session.objects.create(
        course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, held_on=held_on, minutes=30,
        session_format="video", confirmation=Session.CONFIRMED,
    )  # fmt: skip


def assessed(pair, round_, rater, ratings, submitted=True):
    return Assessment.objects.create(
        course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, round=round_, rater=rater,
        ratings=ratings, submitted_at=timezone.now() if submitted else None,
    )  # fmt: skip


def test_headline_figures_and_the_funnel_count_the_stored_standing():
    make_pairs(2, tag="n", stage=Pair.NOT_STARTED, started_on=TODAY - 3 * DAY)
    make_one("s", stage=Pair.IN_PROGRESS, signed_mentor=True, signed_mentee=True, goals_set=2,
             sessions_confirmed=1, last_session_on=TODAY - 2 * DAY)  # fmt: skip
    make_one("q", stage=Pair.IN_PROGRESS, signed_mentor=True, goals_set=1)  # quiet since START: at risk
    make_one("c", stage=Pair.COMPLETE, signed_mentor=True, signed_mentee=True, goals_set=1, sessions_confirmed=4,
             final_self=True, final_mentor=True, last_session_on=TODAY - 40 * DAY)  # fmt: skip
    make_one("e", status=Pair.CLOSED, stage=Pair.IN_PROGRESS, ended_at=timezone.now())
    make_one("o", unit=OTHER_UNIT)

    found = dashboard.dashboard(UNIT, program(), TODAY)

    assert (found.total, found.active, found.not_started, found.in_progress, found.complete) == (6, 5, 2, 2, 1)
    assert found.at_risk == 1
    assert found.funnel == {"paired": 5, "agreed": 2, "goals": 3, "met": 2, "assessed": 1, "complete": 1}


def test_sessions_per_week_and_the_expected_rhythm():
    early = make_one("a", started_on=TODAY - 100 * DAY)
    late = make_one("b", started_on=TODAY - 10 * DAY)
    confirmed(early, TODAY)
    confirmed(early, TODAY - 6 * DAY)  # the last week still
    confirmed(late, TODAY - 7 * DAY)  # the week before
    Session.objects.create(course_key=late.course_key, usage_key=late.usage_key, pair=late, held_on=TODAY,
                           minutes=30, session_format="video")  # pending: not counted  # fmt: skip

    found = dashboard.dashboard(UNIT, program(min_sessions_per_month=2), TODAY)

    assert len(found.weeks) == dashboard.WEEKS
    assert found.weeks[-1].last == TODAY and found.weeks[-1].first == TODAY - 6 * DAY
    assert [week.sessions for week in found.weeks[-3:]] == [0, 1, 2]
    per_pair = round(2 * 7 / (365.25 / 12), 1)
    # Two pairs ran in the last two weeks, one before.
    assert found.weeks[-1].expected == pytest.approx(2 * per_pair, abs=0.1)
    assert found.weeks[-3].expected == pytest.approx(per_pair, abs=0.1)


def test_pairs_at_risk_by_week_follow_the_session_history():
    quiet = make_one("q", started_on=TODAY - 80 * DAY)  # met 50 days ago, then nothing
    confirmed(quiet, TODAY - 50 * DAY)
    steady = make_one("s", started_on=TODAY - 80 * DAY)
    for back in range(0, 80, 7):
        confirmed(steady, TODAY - back * DAY)
    make_one("n", started_on=TODAY - 5 * DAY)  # too new to be quiet

    found = dashboard.dashboard(UNIT, program(at_risk_days=21), TODAY)

    by_end = {week.last: week.at_risk for week in found.weeks}
    assert by_end[TODAY] == 1  # quiet for 50 days
    assert by_end[TODAY - 28 * DAY] == 1  # 22 days after its last session
    assert by_end[TODAY - 49 * DAY] == 0  # it had just met


def test_learning_areas_average_the_change_from_the_baseline_and_the_gap():
    one, two, three = make_one("a"), make_one("b"), make_one("c")
    assessed(one, "baseline", "self", {"direction": 1, "skills": 2})
    assessed(one, "midpoint", "self", {"direction": 2, "skills": 2})
    assessed(one, "final", "self", {"direction": 4, "skills": 3})  # the last round: final
    assessed(one, "final", "mentor", {"direction": 3, "skills": 3})
    assessed(two, "baseline", "self", {"direction": 2, "skills": 2})
    assessed(two, "midpoint", "self", {"direction": 3, "skills": 4})  # no final yet: the midpoint
    assessed(two, "midpoint", "mentor", {"direction": 2, "skills": 2})
    assessed(two, "final", "self", {"direction": 5, "skills": 5}, submitted=False)  # a draft: left out
    assessed(three, "baseline", "self", {"direction": 5, "skills": 5})  # nothing later: left out

    found = dashboard.dashboard(UNIT, program(), TODAY)

    assert found.assessed_pairs == 2
    areas = {area.area_id: area for area in found.areas}
    assert [area.area_id for area in found.areas] == ["direction", "skills", "communication", "habits"]
    direction = areas["direction"]
    assert (direction.baseline, direction.self_last, direction.mentor_last) == (1.5, 3.5, 2.5)
    assert (direction.self_change, direction.mentor_change, direction.gap) == (2.0, 1.0, 1.0)
    assert (areas["skills"].self_change, areas["skills"].mentor_change, areas["skills"].gap) == (1.5, 0.5, 1.0)
    assert areas["habits"].baseline is None and areas["habits"].self_change is None


def count_queries(action):
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def test_two_queries_however_many_pairs_once_the_tallies_are_counted():
    def read():
        return count_queries(lambda: dashboard.dashboard(UNIT, program(), TODAY))

    first = read()  # the unit's tallies are counted from its records, once
    small = read()
    for pair in make_pairs(30, tag="x", started_on=START):
        confirmed(pair, TODAY - 3 * DAY)
        assessed(pair, "baseline", "self", {"direction": 2})
        assessed(pair, "final", "self", {"direction": 3})
    tallies.forget(UNIT.usage_key)  # these rows were written behind the writes' backs: count again
    assert read() == first  # counting them again takes the same statements with 31 pairs as with none
    found = dashboard.dashboard(UNIT, program(), TODAY)
    assert small == read() == 2
    assert found.assessed_pairs == 30 and found.weeks[-1].sessions == 30


def test_a_changed_at_risk_window_counts_the_quiet_pairs_again():
    quiet = make_one("q", started_on=TODAY - 80 * DAY)
    confirmed(quiet, TODAY - 25 * DAY)

    assert dashboard.dashboard(UNIT, program(at_risk_days=30), TODAY).weeks[-1].at_risk == 0
    assert dashboard.dashboard(UNIT, program(at_risk_days=21), TODAY).weeks[-1].at_risk == 1
    assert count_queries(lambda: dashboard.dashboard(UNIT, program(at_risk_days=21), TODAY)) == 2
