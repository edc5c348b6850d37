"""Twenty copies of one create, with its request id, at the same moment (a page sending its
request again while the first is still on its way): one thing is created, and every copy gets
the first request's answer. Also across a real commit: an answer lost after the commit is given
again to the repeat."""

import pytest
from django.test import Client

from mentoring_xblock.models import Pair
from mentoring_xblock.web import handlers, replay

from ..integration.helpers import MENTORING_MODELS, snapshot
from ..integration.world import REQUESTS, build_world
from .conftest import assert_invariants, call, prime, together
from .test_identical_requests import SAME_MOMENT, caller

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

RID = "5d1f0e0c-2b8a-4f0e-9a57-4c1c6f1d2a33"


@pytest.fixture
def world(workbench):
    return build_world(Client())


@pytest.mark.parametrize("handler", sorted(replay.CREATES))
def test_copies_of_one_create_at_once_create_one_thing_and_all_get_its_answer(world, handler):
    student = caller(handler)
    prime(student)
    data = {**REQUESTS[handler](world), "request_id": RID}
    before = snapshot()
    answers = together([(student, handler, data)] * SAME_MOMENT)  # asserts: no 5xx, no exception
    first = answers[0]
    assert first[0] == 200, first
    assert all(answer == first for answer in answers), {str(a) for a in answers}
    created = snapshot()
    assert created != before
    # The same request once more, after all of them: still nothing new.
    assert call(student, handler, data) == first
    assert snapshot() == created
    assert_invariants(Pair.objects.get(pk=world.pair).usage_key)


def test_an_answer_lost_after_a_real_commit_is_given_again_and_nothing_is_created_twice(world, monkeypatch):
    data = {**REQUESTS["session_log"](world), "request_id": RID}
    answer = handlers.json_answer

    def lost(body):
        monkeypatch.setattr(handlers, "json_answer", answer)
        raise ConnectionResetError("the answer never left")

    monkeypatch.setattr(handlers, "json_answer", lost)
    before = snapshot(MENTORING_MODELS)
    with pytest.raises(ConnectionResetError):
        call("mentor", "session_log", data)
    committed = snapshot(MENTORING_MODELS)
    assert len(committed["Session"]) == len(before["Session"]) + 1
    status, body = call("mentor", "session_log", data)
    assert status == 200, body
    assert body["session"]["id"] == committed["Session"][-1]["id"]
    assert snapshot(MENTORING_MODELS) == committed
