"""A member's page starts with what to do; the sections that ask nothing of them now show closed
and are read when opened (``workspace_state`` with ``sections``)."""

import re

import pytest

from mentoring_xblock.models import Pair

from .helpers import act, load_demo, ok, page, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(workbench):
    load_demo()
    return Pair.objects.get(mentee__username="mentee1")


def closed(html):
    return re.findall(r'data-fold="(\w+)" aria-expanded="false"', html)


def sign(pair):
    fields = {"cadence": "Twice a month", "session_minutes": 45, "session_format": "video", "channels": "Email"}
    ok(act("mentor", "agreement_save", {"pair_id": pair.pk, "version": 0, **fields}))
    for student in ("mentor", "mentee1"):
        ok(act(student, "agreement_sign", {"pair_id": pair.pk, "version": 1}))


def test_a_new_pair_shows_what_asks_for_them_open_and_the_rest_closed(demo, client):
    html = page(client, "mentee1")
    # No agreement, no goal, no needs assessment yet: those are open, the rest is closed and not rendered.
    # (No round is complete: there is no comparison to show, open or closed.)
    assert closed(html) == ["sessions", "actions", "agenda", "privacy"]
    assert 'data-section="comparison"' not in html
    assert 'data-action="agreement_save"' in html and 'data-action="goal_add"' in html
    assert 'data-action="session_log"' not in html  # the sessions are read when opened
    # The next step and the likely actions come before the pair's figures.
    assert html.index("data-next-step") < html.index('data-goto="log"') < html.index('class="mentoring-facts"')


def test_a_signed_agreement_closes_and_opens_again_with_everything_in_it(demo, client):
    sign(demo)
    html = page(client, "mentee1")
    assert "agreement" in closed(html) and "Signed by both of you." not in html
    before = snapshot()
    body = ok(act("mentee1", "workspace_state", {"pair_id": demo.pk, "sections": ["agreement", "sessions"]}))
    assert set(body["sections"]) == {"agreement", "sessions"}
    assert "Signed by both of you." in body["sections"]["agreement"]
    assert 'data-action="session_log"' in body["sections"]["sessions"]
    assert 'aria-expanded="true"' in body["sections"]["agreement"]
    assert snapshot() == before  # a read


def test_sections_that_are_not_a_pages_are_refused_by_name(demo):
    for sections in (["header"], ["nope"], "goals", [1]):
        status, body = act("mentee1", "workspace_state", {"pair_id": demo.pk, "sections": sections})
        assert status == 400, body
        assert "sections" in body["error"]["fields"]
    status, _body = act("learner", "workspace_state", {"pair_id": demo.pk, "sections": ["goals"]})
    assert status == 404  # who asks is checked as for the whole workspace


def test_the_likely_actions_offer_to_confirm_what_waits_for_this_member(demo, client):
    sign(demo)
    held = {"pair_id": demo.pk, "held_on": demo.started_on.isoformat(), "minutes": 30, "session_format": "video"}
    ok(act("mentor", "session_log", held))
    assert "Confirm 1 session" in page(client, "mentee1")
    assert 'data-goto="confirm"' not in page(client, "mentor")  # his own session waits for her


def test_course_staff_read_an_opened_pair_one_heading_level_down(demo):
    body = ok(act("staff", "workspace_state", {"pair_id": demo.pk}))
    assert closed(body["html"]) == []  # staff see every section open
    assert re.search(r'<h5 id="[^"]+-head" tabindex="-1">', body["html"])
    assert re.search(r'<h6 id="[^"]+-goals" tabindex="-1">', body["html"])
    member = ok(act("mentee1", "workspace_state", {"pair_id": demo.pk}))
    assert re.search(r'<h4 id="[^"]+-head" tabindex="-1">', member["html"])
