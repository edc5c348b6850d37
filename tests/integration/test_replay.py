"""Through the workbench runtime: a create sent twice with the same request id happens once.

Every create handler (:data:`mentoring_xblock.web.replay.CREATES`) is called as the person allowed to
call it, with the world's ordinary request and a request id; the same request sent again answers
exactly what the first one answered and changes no record. The id is the caller's own: another
person's request with the same id is a request of its own; an id used for another action, or
malformed, is refused on ``request_id``; a failed request keeps nothing, so it can be sent again.
"""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from mentoring_xblock.models import Goal, HandledRequest
from mentoring_xblock.web import handlers, replay

from .helpers import MENTORING_MODELS, act, ok, rolled_back, snapshot
from .world import REQUESTS, goal_data

pytestmark = pytest.mark.django_db

# Who may make each create of the world's ordinary requests (see permissions.TABLE).
CALLER = {
    "session_log": "mentee1",
    "goal_add": "mentee1",
    "goal_progress": "mentee1",
    "invite_create": "learner",
    "invite_redeem": "learner",
    "staff_add_pair": "staff",
    "staff_reassign": "staff",
    "staff_import_pairs": "staff",
    "session_plan": "mentee1",
}
RID = "0b5e3c1a-7d7f-4a53-9d7e-3f7a3c2f9e10"


def test_every_create_handler_is_replayed():
    assert set(CALLER) == replay.CREATES


@pytest.mark.parametrize("handler", sorted(replay.CREATES))
def test_a_create_sent_again_with_its_request_id_answers_the_first_answer_and_creates_nothing(world, handler):
    data = {**REQUESTS[handler](world), "request_id": RID}
    with rolled_back():
        before = snapshot()
        first = ok(act(CALLER[handler], handler, data))
        after_first = snapshot()
        assert after_first != before  # the first request created something
        again = ok(act(CALLER[handler], handler, data))
        assert again == first
        assert snapshot() == after_first


def test_a_new_request_id_is_a_new_create(world):
    with rolled_back():
        goals = Goal.objects.count()
        ok(act("mentee1", "goal_add", {**goal_data(world.pair, "Run one workshop"), "request_id": RID}))
        ok(act("mentee1", "goal_add", {**goal_data(world.pair, "Run one workshop"), "request_id": RID + "-2"}))
        assert Goal.objects.count() == goals + 2


def test_a_request_id_belongs_to_the_person_who_sent_it(world):
    with rolled_back():
        goals = Goal.objects.count()
        mine = ok(act("mentee1", "goal_add", {**goal_data(world.pair, "Mine"), "request_id": RID}))
        theirs = ok(act("mentor", "goal_add", {**goal_data(world.pair, "Theirs"), "request_id": RID}))
        assert Goal.objects.count() == goals + 2
        assert mine["goal"]["id"] != theirs["goal"]["id"]


def test_a_request_id_used_for_another_action_is_refused_and_changes_nothing(world):
    with rolled_back():
        ok(act("mentee1", "goal_add", {**goal_data(world.pair, "Run one workshop"), "request_id": RID}))
        before = snapshot()
        status, body = act("mentee1", "session_log", {**REQUESTS["session_log"](world), "request_id": RID})
        assert status == 400
        assert set(body["error"]["fields"]) == {"request_id"}
        assert "another action" in body["error"]["fields"]["request_id"]
        assert snapshot() == before


@pytest.mark.parametrize("value", ["short", "x" * 65, "has space in it", 12345678, ["a-list-of-it"], "émoji-ñ-123"])
def test_a_malformed_request_id_is_refused_on_its_field_and_changes_nothing(world, value):
    before = snapshot((*MENTORING_MODELS, HandledRequest))
    status, body = act("mentee1", "goal_add", {**goal_data(world.pair, "Run one workshop"), "request_id": value})
    assert status == 400
    assert set(body["error"]["fields"]) == {"request_id"}
    assert snapshot((*MENTORING_MODELS, HandledRequest)) == before


def test_a_refused_create_keeps_nothing_so_the_same_request_can_be_corrected_and_sent(world):
    with rolled_back():
        status, body = act("mentee1", "goal_add", {**goal_data(world.pair, ""), "request_id": RID})
        assert status == 400 and "statement" in body["error"]["fields"]
        assert not HandledRequest.objects.filter(request_id=RID).exists()
        created = ok(act("mentee1", "goal_add", {**goal_data(world.pair, "Now with a statement"), "request_id": RID}))
        assert Goal.objects.get(pk=created["goal"]["id"]).statement == "Now with a statement"


def test_an_answer_lost_after_the_commit_is_given_again_to_the_repeat(world, monkeypatch):
    """The server committed, then failed before its answer left (a dropped connection, a crash
    while sending): the page sends the same request again and gets what was created."""
    data = {**goal_data(world.pair, "Lead the next retrospective"), "request_id": RID}
    answer = handlers.json_answer

    def lost(body):
        monkeypatch.setattr(handlers, "json_answer", answer)
        raise ConnectionResetError("the answer never left")

    with rolled_back():
        goals = Goal.objects.count()
        monkeypatch.setattr(handlers, "json_answer", lost)
        with pytest.raises(ConnectionResetError):
            act("mentee1", "goal_add", data)
        assert Goal.objects.count() == goals + 1  # it was stored
        again = ok(act("mentee1", "goal_add", data))
        assert Goal.objects.count() == goals + 1
        assert Goal.objects.get(pk=again["goal"]["id"]).statement == "Lead the next retrospective"


def test_the_daily_command_forgets_the_answers_older_than_a_day_and_keeps_the_others(world):
    with rolled_back():
        ok(act("mentee1", "goal_add", {**goal_data(world.pair, "One"), "request_id": RID}))
        ok(act("mentee1", "goal_add", {**goal_data(world.pair, "Two"), "request_id": RID + "-2"}))
        HandledRequest.objects.filter(request_id=RID).update(created_at=timezone.now() - replay.KEPT_FOR * 2)
        out = io.StringIO()
        call_command("mentoring_forget_requests", stdout=out)
        assert out.getvalue().strip() == "Deleted 1 kept answers."
        assert list(HandledRequest.objects.values_list("request_id", flat=True)) == [RID + "-2"]
