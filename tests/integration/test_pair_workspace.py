"""Through the workbench runtime: a mentor and a mentee work through their shared workspace."""

import pytest

from mentoring_xblock.models import Pair

from .helpers import act, html_of, load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(workbench):
    load_demo()
    return Pair.objects.get(mentee__username="mentee1")


def test_a_pair_agrees_sets_a_goal_logs_and_confirms_a_session(demo):
    pair_id = demo.pk
    status, body = act(
        "mentor",
        "agreement_save",
        {"pair_id": pair_id, "version": 0, "cadence": "Every two weeks", "session_minutes": 45,
         "session_format": "video", "channels": "Course messages"},
    )  # fmt: skip
    assert status == 200, body
    assert body["agreement"]["version"] == 1
    for student in ("mentor", "mentee1"):
        status, body = act(student, "agreement_sign", {"pair_id": pair_id, "version": 1})
        assert status == 200, body
    assert body["agreement"]["signed"] == ["mentee", "mentor"]
    assert "Maya Ortiz (Mentor) signed version 1" in html_of(body)

    status, body = act(
        "mentee1",
        "goal_add",
        {"pair_id": pair_id, "statement": "Present a dashboard to my team", "measure": "Team uses it weekly",
         "target_date": "2099-01-31", "areas": ["storytelling"]},
    )  # fmt: skip
    assert status == 200, body
    goal = body["goal"]
    status, body = act(
        "mentor", "goal_progress", {"pair_id": pair_id, "goal_id": goal["id"], "value": 40, "note": "Draft done"}
    )
    assert status == 200, body
    assert body["goal"]["status"] == "in_progress"
    assert body["goal"]["updates"][0]["author"] == "Maya Ortiz"

    status, body = act(
        "mentee1",
        "session_log",
        {"pair_id": pair_id, "held_on": demo.started_on.isoformat(), "minutes": 50, "session_format": "video",
         "agenda_items": ["kickoff"], "notes": "Met", "review": {"useful": "Clear plan"},
         "action_items": [{"text": "Send the draft", "owner": "mentee", "due_on": ""}]},
    )  # fmt: skip
    assert status == 200, body
    session = body["session"]
    assert session["confirmation"] == "pending"
    status, body = act(
        "mentee1", "session_review", {"pair_id": pair_id, "session_id": session["id"], "decision": "confirm"}
    )
    assert status == 403, body
    status, body = act(
        "mentor", "session_review", {"pair_id": pair_id, "session_id": session["id"], "decision": "confirm"}
    )
    assert status == 200, body
    assert body["workspace"]["sessions_confirmed"] == 1
    agenda = {item["id"]: item for item in body["workspace"]["agenda"]}
    assert agenda["kickoff"]["covered_on"] == demo.started_on.isoformat()
    action = body["workspace"]["actions_open"][0]
    status, body = act("mentor", "action_done", {"pair_id": pair_id, "action_id": action["id"]})
    assert status == 200, body
    assert body["action"]["open"] is False


def test_a_staff_member_who_mentors_sees_their_own_workspace_under_the_staff_panel(workbench, client, settings):
    load_demo()
    settings.MENTORING_STAFF_USERS = ["staff", "dana"]  # staff never pair themselves: Dana pairs them
    status, body = act("dana", "staff_add_pair", {"mentor": "staff", "mentee": "learner"})
    assert status == 200, body
    pair_id = body["pair"]["id"]
    html = client.get("/scenario/mentorship.0/?student=staff").content.decode()
    assert "Pairs in this unit (course staff only)" in html
    assert "Your own mentoring in this unit" in html
    assert "Your partner: learner (Mentee)" in html
    status, body = act(
        "staff",
        "agreement_save",
        {"pair_id": pair_id, "version": 0, "cadence": "Weekly", "session_minutes": 30,
         "session_format": "video", "channels": "Email"},
    )  # fmt: skip
    assert status == 200, body
    assert "Your partner: staff (Mentor)" in client.get("/scenario/mentorship.0/?student=learner").content.decode()
