"""Through the workbench runtime: a mentor and a mentee work through their shared workspace."""

from html.parser import HTMLParser

import pytest

from mentoring_xblock.models import Pair

from .helpers import act, html_of, load_demo, ok

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


class _FormFields(HTMLParser):
    """The fields the page's script sends for the first form marked ``marker`` (as forms.js reads them)."""

    def __init__(self, marker):
        super().__init__()
        self.marker, self.inside, self.done, self.data, self.attrs = marker, False, False, {}, {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.marker in attrs and not self.done:
            self.inside, self.attrs = True, attrs
        elif tag == "input" and self.inside and attrs.get("name"):
            if "data-multi" in attrs:
                self.data.setdefault(attrs["name"], []).extend([attrs["value"]] if "checked" in attrs else [])
            else:
                self.data[attrs["name"]] = attrs.get("value", "")

    def handle_endtag(self, tag):
        if tag == "form" and self.inside:
            self.inside, self.done = False, True


def form_fields(markup, marker):
    parser = _FormFields(marker)
    parser.feed(markup)
    return parser.data, parser.attrs


def test_a_goal_at_100_percent_is_marked_achieved_in_one_click_and_keeps_its_values(demo):
    pair_id = demo.pk
    added = {"pair_id": pair_id, "statement": 'Ship the "report"', "why": "Line one\nLine two",
             "measure": "Used weekly", "target_date": "2099-01-31", "areas": ["storytelling"]}  # fmt: skip
    goal = ok(act("mentee1", "goal_add", added))["goal"]
    body = ok(act("mentor", "goal_progress", {"pair_id": pair_id, "goal_id": goal["id"], "value": 90}))
    assert "Mark as achieved" not in html_of(body)
    body = ok(act("mentor", "goal_progress", {"pair_id": pair_id, "goal_id": goal["id"], "value": 100}))
    assert body["goal"]["status"] == "in_progress"
    fields, attrs = form_fields(html_of(body), "data-mark-achieved")
    assert attrs["data-action"] == "goal_edit" and attrs["data-success"] == "The goal is marked as achieved."
    body = ok(act("mentee1", "goal_edit", fields))
    saved = body["goal"]
    assert (saved["status"], saved["statement"], saved["why"], saved["areas"]) == (
        "achieved",
        'Ship the "report"',
        "Line one\nLine two",
        ["storytelling"],
    )
    assert "Mark as achieved" not in html_of(body)
    # The same click from a page that missed a change meets the goal's version check.
    status, body = act("mentor", "goal_edit", fields)
    assert status == 409, body


def test_editing_an_agreement_both_signed_says_completion_waits_for_both_signatures(demo):
    pair_id = demo.pk
    values = {"pair_id": pair_id, "cadence": "Weekly", "session_minutes": 45, "session_format": "video",
              "channels": "Course messages"}  # fmt: skip
    body = ok(act("mentor", "agreement_save", {**values, "version": 0}))
    assert "data-resign-note" not in html_of(body)
    ok(act("mentor", "agreement_sign", {"pair_id": pair_id, "version": 1}))
    body = ok(act("mentee1", "agreement_sign", {"pair_id": pair_id, "version": 1}))
    markup = html_of(body)
    assert "You have both signed version 1. Saving a change makes version 2: completion waits" in markup
    # After saving, the answer's message (the form's data-success) says it again.
    assert 'data-success="The agreement is saved as a new version. It counts as signed toward completion' in markup
    body = ok(act("mentor", "agreement_save", {**values, "cadence": "Every week", "version": 1}))
    assert body["agreement"]["signed"] == [] and "data-resign-note" not in html_of(body)
