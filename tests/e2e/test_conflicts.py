"""In Chromium: the partner saved the same goal or agreement first. The form stays open with
what this person wrote, the partner's version is shown inside it with a visible message, and
one more click saves theirs over it."""

import pytest
from playwright.sync_api import expect

from mentoring_xblock.models import Agreement, Goal, Pair

from ..conftest import DEMO, call_json, load_block
from .test_accessibility import audit
from .test_pair_workspace import open_as, section

pytestmark = pytest.mark.django_db(transaction=True)

KEPT = "your changes are kept: save again to replace theirs with yours"


def pair():
    return Pair.objects.get(mentee__username="mentee1", status=Pair.ACTIVE)


def test_a_goal_edited_by_both_keeps_the_second_editors_text_and_saves_it_in_one_click(
    demo_url, open_page, browser_errors
):
    browser_errors.allow(409, "/goal_edit/")
    status, body = call_json(
        load_block(DEMO, "mentee1"),
        "goal_add",
        {"pair_id": pair().pk, "statement": "Present one analysis", "measure": "Done once",
         "target_date": "2099-06-30", "areas": ["storytelling"]},
    )  # fmt: skip
    assert status == 200, body
    mentor = open_as(open_page, demo_url, "mentor")
    mentee = open_as(open_page, demo_url, "mentee1")
    for page, statement in ((mentee, "Present two analyses"), (mentor, "Present one analysis to the board")):
        card = section(page, "goals").locator("[data-goal-id]").first
        card.locator("summary", has_text="Edit the goal").click()
        card.get_by_label("Goal statement").fill(statement)
    section(mentee, "goals").get_by_role("button", name="Save the goal").click()
    expect(section(mentee, "goals")).to_contain_text("Present two analyses")

    section(mentor, "goals").get_by_role("button", name="Save the goal").click()
    form = section(mentor, "goals").locator("form[data-action='goal_edit']")
    expect(form.locator(".mentoring-form-status")).to_contain_text(KEPT)
    expect(form.locator(".mentoring-conflict")).to_contain_text("Present two analyses")  # the partner's
    expect(form.get_by_label("Goal statement")).to_have_value("Present one analysis to the board")  # theirs kept
    assert Goal.objects.get().statement == "Present two analyses"
    audit(mentor, ".mentoring-block")  # the partner's version and the message pass WCAG 2.1 AA

    form.get_by_role("button", name="Save the goal").click()
    expect(section(mentor, "goals").locator(".mentoring-conflict")).to_have_count(0)
    expect(section(mentor, "goals").locator(".mentoring-goal-statement")).to_have_text(
        "Present one analysis to the board"
    )
    assert Goal.objects.get().statement == "Present one analysis to the board"


def test_an_agreement_saved_by_both_keeps_the_second_writers_text_and_saves_it_in_one_click(
    demo_url, open_page, browser_errors
):
    browser_errors.allow(409, "/agreement_save/")
    mentor = open_as(open_page, demo_url, "mentor")
    mentee = open_as(open_page, demo_url, "mentee1")
    for page, boundaries in ((mentee, "No calls on Fridays"), (mentor, "No calls after 6 p.m.")):
        section(page, "agreement").get_by_label("How we contact each other").fill("Course messages")
        section(page, "agreement").get_by_label("Boundaries: what is off limits").fill(boundaries)
    section(mentee, "agreement").get_by_role("button", name="Save the agreement").click()
    expect(section(mentee, "agreement")).to_contain_text("Version 1")

    section(mentor, "agreement").get_by_role("button", name="Save the agreement").click()
    form = section(mentor, "agreement").locator("form[data-action='agreement_save']")
    expect(form.locator(".mentoring-form-status")).to_contain_text(KEPT)
    expect(form.locator(".mentoring-conflict")).to_contain_text("No calls on Fridays")
    expect(form.get_by_label("Boundaries: what is off limits")).to_have_value("No calls after 6 p.m.")
    audit(mentor, ".mentoring-block")

    form.get_by_role("button", name="Save the agreement").click()
    expect(section(mentor, "agreement")).to_contain_text("Version 2")
    expect(section(mentor, "agreement")).to_contain_text("No calls after 6 p.m.")
    agreement = Agreement.objects.get()
    assert (agreement.version, agreement.boundaries) == (2, "No calls after 6 p.m.")
