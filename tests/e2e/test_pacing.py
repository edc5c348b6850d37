"""Guided pacing in the browser: the pair's page dates the agenda and says what opens when (WCAG
2.1 AA), and the Studio editor's pacing fields are reached and set by keyboard."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from mentoring_xblock.models import Pair

from ..conftest import call_json, load_block
from .sections import open_everything, section
from .test_accessibility import audit

pytestmark = pytest.mark.django_db(transaction=True)


def act(student, handler, data):
    status, body = call_json(load_block(student=student), handler, data)
    assert status == 200, body
    return body


@pytest.fixture
def guided(workbench_url):
    """The demo unit saved with guided pacing; its pair mentor/mentee1 has just started."""
    call_command("load_demo", stdout=io.StringIO())
    program = load_block(student="staff").program
    act("staff", "studio_submit", {**program, "pacing": "guided", "final_round_weeks": 3})
    needs = {
        "pair_id": Pair.objects.get(mentee__username="mentee1").pk,
        "round": "baseline",
        "why_now": "A new role",
        "outcome": "Lead one analysis",
        "time_available": "Two hours a week",
        "ratings": {area["id"]: program["rating_scale"][0]["value"] for area in program["learning_areas"]},
    }
    act("mentee1", "assessment_submit", needs)
    return workbench_url


def test_guided_pair_page_shows_what_opens_when_and_passes_axe(page, guided):
    page.goto(f"{guided}/scenario/mentorship.0/?student=mentee1")
    open_everything(page)
    expect(page.locator("[data-opens='final']")).to_contain_text("opens on")
    expect(section(page, "agenda").locator("[data-suggested-on]").first).to_contain_text("Suggested for the week of")
    expect(section(page, "assessments").locator("[data-round='final'] [data-opens-on]")).to_contain_text("Opens on")
    # The final round has no form before its day.
    expect(page.locator("[data-round='final'] form")).to_have_count(0)
    audit(page, ".mentoring-block")


def test_the_pacing_fields_of_the_studio_editor_work_by_keyboard_and_pass_axe(page, workbench_url, browser_errors):
    browser_errors.allow(400, "studio_submit")  # the save below is refused on purpose
    page.goto(f"{workbench_url}/scenario/mentorship.0/studio_view/?student=staff")
    page.locator(".mentoring-studio [data-ms-sections] fieldset").first.wait_for()
    pacing = page.get_by_role("group", name="How pairs are paced")
    guided_choice = pacing.get_by_role("radio", name="Guided: dates from each pair's start")
    guided_choice.focus()
    page.keyboard.press("Space")
    expect(guided_choice).to_be_checked()
    weeks = page.get_by_label("Weeks the final assessment is open")
    weeks.focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("30")
    page.get_by_role("button", name="Save").click()
    # Longer than the demo program: refused, the field named and marked.
    expect(weeks).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-ms-alert]")).to_contain_text("Weeks the final assessment is open")
    audit(page, ".mentoring-studio")
