"""Through the LMS-faithful runtime: the block's tracking events reach the platform's tracking log.

xmodule/services.py ``EventPublishingService.publish`` hands every event other than ``grade`` and
``completion`` to the request's track function (lms/djangoapps/courseware/block_render.py,
``make_track_function``: ``server_track``), with the acting user in its context; the test
runtime's service records them in ``gradebook.tracked`` as ``(name, fields, user id)``. They are
published when the write commits, which ``django_capture_on_commit_callbacks`` stands in for.
"""

from mentoring_xblock.web import events

from .conftest import pair_before_first_visit
from .story import goal


def mentoring_events(course):
    return [(name, fields, user) for name, fields, user in course.gradebook.tracked if name.startswith(events.PREFIX)]


def test_pairing_and_a_goal_reach_the_tracking_log_as_the_user_who_acted(lms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pair_id = pair_before_first_visit(lms)
    with django_capture_on_commit_callbacks(execute=True):
        status, body = lms.call("bruno", "goal_add", goal(pair_id))
    assert status == 200, body
    unit = str(lms.usage_key)
    assert mentoring_events(lms) == [
        (
            events.PAIR_CREATED,
            {"block_id": unit, "pair_id": pair_id, "role": "staff", "formed_by": "staff"},
            lms.user("dana").id,
        ),
        (
            events.GOAL_ADDED,
            {
                "block_id": unit,
                "pair_id": pair_id,
                "role": "mentee",
                "goal_id": body["goal"]["id"],
                "status": "not_started",
                "areas": ["direction"],
            },
            lms.user("bruno").id,
        ),
    ]


def test_refused_writes_reach_no_tracking_log(lms, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        pair_id = pair_before_first_visit(lms)
    lms.gradebook.tracked.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert lms.call("dana", "goal_add", goal(pair_id))[0] == 403  # staff do not write to a pair
        assert lms.call("bruno", "goal_add", goal(pair_id, statement=""))[0] == 400
        lms.masquerade("dana", "bruno")
        assert lms.call("dana", "goal_add", goal(pair_id))[0] == 403  # viewing as Bruno
    assert mentoring_events(lms) == []
