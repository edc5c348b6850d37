"""The partner's credit goes through edx-completion's real service, and never fails a write.

edx-completion's ``CompletionService.submit_group_completion`` (completion/services.py) raises
``RuntimeError`` while the waffle switch ``completion.enable_completion_tracking`` is off (its
default) and ``User.DoesNotExist`` for an unknown id. The learner's write is committed before
the credit: it must answer 200, and a retry must find nothing to duplicate.
"""

import logging

from completion.models import BlockCompletion

from mentoring_xblock.models import Goal, Participant

from .conftest import pair_before_first_visit
from .story import goal


def test_with_completion_tracking_off_a_write_that_credits_the_partner_answers_200(lms_without_completion):
    course = lms_without_completion
    pair_id = pair_before_first_visit(course)
    course.render("maya")  # Maya has opened the unit: the platform's id of her is known
    assert Participant.objects.get(username="maya").user_id == course.user("maya").id
    status, body = course.call("bruno", "goal_add", goal(pair_id))
    assert status == 200, body
    assert Goal.objects.filter(pair_id=pair_id).count() == 1
    # Nothing is recorded while the platform does not track completion; the score still is.
    assert not BlockCompletion.objects.exists()
    assert course.score("bruno") is not None


def test_an_unknown_partner_id_is_logged_and_the_write_is_kept(lms, caplog):
    pair_id = pair_before_first_visit(lms)
    Participant.objects.filter(username="maya").update(user_id=987654)  # no such user on the platform
    caplog.set_level(logging.ERROR)
    status, body = lms.call("bruno", "goal_add", goal(pair_id))
    assert status == 200, body
    assert Goal.objects.filter(pair_id=pair_id).count() == 1
    logged = [r.getMessage() for r in caplog.records if r.name == "mentoring_xblock.core.platform"]
    assert len(logged) == 1 and "Could not credit completion" in logged[0] and "987654" in logged[0]
    # Bruno's own completion is recorded by the platform as usual.
    assert lms.completion("bruno") is not None


def test_the_partner_is_credited_at_once_when_the_platform_tracks_completion(lms):
    pair_id = pair_before_first_visit(lms)
    assert lms.call("bruno", "goal_add", goal(pair_id))[0] == 200
    share = lms.completion("bruno")
    assert share is not None and share > 0
    assert lms.completion("maya") == share  # Maya has not opened the unit since
    assert lms.score("maya") is None  # a score is the current user's only: Maya's comes at her visit
    lms.render("maya")
    assert lms.score("maya") == (share, 1.0)
