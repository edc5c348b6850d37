"""In Chromium: the server stored a goal but its answer was lost on the way (a proxy's 502
after the server committed). The person clicks the button again: the page sends the same
request id, the server gives the first answer, and there is still one goal. A changed form is
a new request."""

import json

import pytest
from playwright.sync_api import expect

from mentoring_xblock.models import Goal, HandledRequest

from .test_pair_workspace import open_as, section

pytestmark = pytest.mark.django_db(transaction=True)


def fill_goal(goals, statement):
    form = goals.locator("form[data-action='goal_add']")
    form.get_by_label("Goal statement").fill(statement)
    form.get_by_label("How we will measure success").fill("The team acts on one finding")
    form.get_by_label("Target date").fill("2099-06-30")


def test_a_goal_whose_answer_was_lost_is_added_once_when_the_button_is_pressed_again(
    demo_url, open_page, browser_errors
):
    browser_errors.allow(502, "/goal_add/")
    mentee = open_as(open_page, demo_url, "mentee1")
    sent = []

    def lose_the_first_answer(route):
        sent.append(json.loads(route.request.post_data)["request_id"])
        response = route.fetch()  # the server handles it and commits
        if len(sent) == 1:
            route.fulfill(status=502, body="Bad gateway")  # ... but the answer never arrives
        else:
            route.fulfill(response=response)

    mentee.route("**/goal_add/**", lose_the_first_answer)
    goals = section(mentee, "goals")
    fill_goal(goals, "Present one analysis to my team")
    goals.get_by_role("button", name="Add the goal").click()
    expect(goals.locator(".mentoring-form-status")).to_contain_text("Please try again")
    assert Goal.objects.filter(statement="Present one analysis to my team").count() == 1  # stored

    goals.get_by_role("button", name="Add the goal").click()
    expect(section(mentee, "goals").locator("[data-goal-id]")).to_have_count(1)
    expect(section(mentee, "goals").locator("[data-goal-id]")).to_contain_text("Present one analysis to my team")
    assert len(sent) == 2 and sent[0] == sent[1]  # the same request, sent again
    assert Goal.objects.filter(statement="Present one analysis to my team").count() == 1
    assert HandledRequest.objects.get().request_id == sent[0]

    # Another goal is another request: a new id, a second goal.
    goals = section(mentee, "goals")
    goals.locator("summary", has_text="Add a goal").click()
    fill_goal(goals, "Run one workshop")
    goals.get_by_role("button", name="Add the goal").click()
    expect(section(mentee, "goals").locator("[data-goal-id]")).to_have_count(2)
    assert len(set(sent)) == 2
