"""Visits: a learner who opens the unit becomes a participant; reading stays cheap."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring_xblock.core.platform import Unit
from mentoring_xblock.models import Participant
from mentoring_xblock.pairs import participants

from .. import people
from ..people import UNIT

pytestmark = pytest.mark.django_db


def actor(name="ana", **changes):
    """Ana with the user id 7, unless told otherwise."""
    return people.actor(name, **{"user_id": 7, **changes})


def test_first_visit_creates_the_participant_with_names_and_ids():
    participant = participants.record_visit(UNIT, actor())
    assert (participant.username, participant.display_name, participant.user_id) == ("ana", "Ana", 7)
    assert (participant.course_key, participant.usage_key) == (UNIT.course_key, UNIT.usage_key)


def test_staff_anonymous_and_studio_preview_users_are_not_recorded():
    assert participants.record_visit(UNIT, actor(is_staff=True, role="staff")) is None
    assert participants.record_visit(UNIT, actor(is_authenticated=False)) is None
    assert participants.record_visit(UNIT, actor(anonymous_id="student")) is None
    assert not Participant.objects.exists()


def test_the_same_learner_in_another_unit_is_another_participant():
    participants.record_visit(UNIT, actor())
    participants.record_visit(Unit(UNIT.course_key, "block-v1:A+B+C+type@mentorship+block@two"), actor())
    assert Participant.objects.filter(username="ana").count() == 2


def test_repeat_visits_write_only_when_names_change_or_last_seen_is_stale():
    participants.record_visit(UNIT, actor())
    with CaptureQueriesContext(connection) as queries:
        participants.record_visit(UNIT, actor())
    assert not [q for q in queries if q["sql"].lstrip().upper().startswith("UPDATE")]

    participants.record_visit(UNIT, actor(full_name="Ana María"))
    assert Participant.objects.get().display_name == "Ana María"

    old = Participant.objects.get().last_seen - datetime.timedelta(hours=1)
    Participant.objects.update(last_seen=old)
    participants.record_visit(UNIT, actor(full_name="Ana María"))
    assert Participant.objects.get().last_seen > old


# -- names and usernames -------------------------------------------------------------------------


def test_a_person_is_named_once_when_they_have_no_full_name():
    assert participants.person_label("sam", "sam") == "sam"
    assert participants.person_label("", "sam") == "sam"
    assert participants.person_label("Maya Ortiz", "maya") == "Maya Ortiz (maya)"


def test_staff_lists_show_a_participant_without_a_full_name_by_username_only():
    nameless = participants.record_visit(UNIT, actor("sam", full_name="sam"))
    named = participants.record_visit(UNIT, actor("ana"))
    assert (participants.label(nameless), participants.label(named)) == ("sam", "Ana (ana)")


def test_a_username_typed_in_another_case_is_the_known_participants():
    participants.record_visit(UNIT, actor("ana"))
    assert participants.known_spelling(UNIT, "ANA") == "ana"
    assert participants.known_spelling(UNIT, "nobody") == "nobody"
    other_unit = Unit(course_key=UNIT.course_key, usage_key=UNIT.usage_key + "-other")
    assert participants.known_spelling(other_unit, "ANA") == "ANA"
