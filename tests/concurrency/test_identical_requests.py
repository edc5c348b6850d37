"""Twenty identical requests to each writing handler at the same moment (a double-click, many
times over): no server error on any database, and the unit's invariants hold afterwards."""

import pytest
from django.test import Client

from mentoring_xblock.models import Pair
from mentoring_xblock.web import permissions

from ..integration.world import REQUESTS, build_world
from .conftest import assert_invariants, prime, together

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

SAME_MOMENT = 20
# Who sends each handler's ordinary request (tests/integration/world.py) in the shared world.
CALLER = {
    "invite_create": "learner",
    "invite_redeem": "learner",
    "assessment_save": "mentee1",
    "assessment_submit": "mentee1",
}
WRITES = sorted(handler for handler, rule in permissions.RULES.items() if rule.writes)


def caller(handler):
    gate = permissions.rule(handler).gate
    if gate in (permissions.STAFF, permissions.AUTHORS):
        return "staff"
    return CALLER.get(handler, "mentor")


@pytest.fixture
def world(workbench):
    return build_world(Client())


@pytest.mark.parametrize("handler", WRITES)
def test_the_same_request_many_times_at_once_never_fails_with_a_server_error(world, handler):
    student = caller(handler)
    prime(student)
    data = REQUESTS[handler](world)
    answers = together([(student, handler, data)] * SAME_MOMENT)  # asserts: no 5xx, no exception
    assert any(status == 200 for status, _body in answers), answers[:2]
    assert_invariants(Pair.objects.get(pk=world.pair).usage_key)
