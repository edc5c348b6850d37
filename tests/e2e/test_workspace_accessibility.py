"""WCAG 2.1 AA and a 375 px screen for the pair workspace and the staff panel, in their busy states."""

import io
import re

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from mentoring_xblock.models import ActionItem, Goal, GoalUpdate, Pair, Session

from ..conftest import call_json, load_block
from .sections import open_everything, section
from .test_accessibility import assert_fits, audit

pytestmark = pytest.mark.django_db(transaction=True)


def act(student, handler, data):
    status, body = call_json(load_block(student=student), handler, data)
    assert status == 200, body
    return body


@pytest.fixture
def mid_flow(workbench_url):
    """The demo pair mentor/mentee1 half-way: signed agreement, a goal with progress, a pending
    session with an overdue action item."""
    call_command("load_demo", stdout=io.StringIO())
    pair = Pair.objects.get(mentee__username="mentee1")
    fields = {"cadence": "Twice a month", "session_minutes": 45, "session_format": "video", "channels": "Email"}
    act("mentor", "agreement_save", {"pair_id": pair.pk, "version": 0, **fields})
    act("mentor", "agreement_sign", {"pair_id": pair.pk, "version": 1})
    goal = act(
        "mentee1",
        "goal_add",
        {"pair_id": pair.pk, "statement": "Lead a review", "measure": "Done", "target_date": "2099-01-01"},
    )["goal"]
    act("mentor", "goal_progress", {"pair_id": pair.pk, "goal_id": goal["id"], "value": 20, "note": "Started"})
    act(
        "mentor",
        "session_log",
        {
            "pair_id": pair.pk,
            "held_on": pair.started_on.isoformat(),
            "minutes": 40,
            "session_format": "video",
            "agenda_items": ["kickoff"],
            "review": {"useful": "Plan"},
            "action_items": [
                {"text": "Read the style guide", "owner": "mentee", "due_on": pair.started_on.isoformat()}
            ],
        },
    )
    return workbench_url


def test_mid_flow_mentee_workspace_with_every_form_open(page, mid_flow):
    page.goto(f"{mid_flow}/scenario/mentorship.0/?student=mentee1")
    expect(section(page, "actions").locator(".mentoring-action.is-overdue")).to_contain_text("Read the style guide")
    open_everything(page)
    audit(page, ".mentoring-block")


def test_refused_form_marks_its_fields_accessibly(page, mid_flow, browser_errors):
    browser_errors.allow(400, "goal_add")
    page.goto(f"{mid_flow}/scenario/mentorship.0/?student=mentee1")
    goals = section(page, "goals")
    goals.locator("summary", has_text="Add a goal").click()
    goals.get_by_role("button", name="Add the goal").click()
    statement = goals.get_by_label("Goal statement").last
    expect(statement).to_have_attribute("aria-invalid", "true")
    expect(statement).to_be_focused()
    expect(goals.locator(".mentoring-form-status[role='alert']").last).to_contain_text("fields need attention")
    audit(page, ".mentoring-block")


def test_staff_panel_with_a_file_preview_and_an_open_pair(page, mid_flow, tmp_path):
    page.goto(f"{mid_flow}/scenario/mentorship.0/?student=staff")
    csv_file = tmp_path / "pairs.csv"
    csv_file.write_text("mentor,mentee\nmentor,mentee1\nghost,learner\n")
    page.get_by_label("CSV file").set_input_files(str(csv_file))
    page.get_by_role("button", name="Preview the pairs").click()
    # Neither row would pair (an existing pair, an unknown user): the preview's table, no confirmation.
    expect(page.locator(".mentoring-preview tr[data-outcome]")).to_have_count(2)
    expect(page.get_by_role("button", name=re.compile(r"^Confirm: pair"))).to_have_count(0)
    page.locator("tr[data-pair-row]", has_text="mentee1").get_by_role("button", name="Open").click()
    expect(page.locator(".mentoring-staff-workspace .mentoring-header")).to_be_visible()
    open_everything(page)
    audit(page, ".mentoring-block")


def test_unpaired_learner_with_an_invite_code(page, mid_flow):
    page.goto(f"{mid_flow}/scenario/mentorship.0/?student=learner")
    page.get_by_role("button", name="Create a code").click()
    expect(page.locator(".mentoring-code")).to_have_count(1)
    audit(page, ".mentoring-block")


@pytest.mark.parametrize("student", ["mentee1", "staff"])
def test_busy_views_fit_a_375px_wide_screen(browser, mid_flow, student):
    context = browser.new_context(viewport={"width": 375, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{mid_flow}/scenario/mentorship.0/?student={student}")
        page.locator(".mentoring-block[data-ready='true']").wait_for()
        open_everything(page)
        assert_fits(page, ".mentoring-block")
    finally:
        context.close()


def test_a_long_history_with_its_show_all_buttons_and_then_in_full(page, mid_flow):
    pair = Pair.objects.get(mentee__username="mentee1")
    scoped = {"course_key": pair.course_key, "usage_key": pair.usage_key, "pair": pair}
    Session.objects.bulk_create(
        Session(**scoped, logged_by=pair.mentor, held_on=pair.started_on, minutes=30, session_format="video",
                confirmation=Session.CONFIRMED, notes=f"Meeting {n}")
        for n in range(12)
    )  # fmt: skip
    ActionItem.objects.bulk_create(
        ActionItem(**scoped, text=f"Done {n}", owner="mentor", status="done", done_at=timezone.now())
        for n in range(7)
    )  # fmt: skip
    goal = Goal.objects.get(pair=pair)
    GoalUpdate.objects.bulk_create(
        GoalUpdate(course_key=pair.course_key, usage_key=pair.usage_key, goal=goal, author=pair.mentee, value=v)
        for v in range(30, 100, 10)
    )  # fmt: skip
    page.goto(f"{mid_flow}/scenario/mentorship.0/?student=mentee1")
    expect(page.get_by_role("button", name=re.compile(r"^Show the whole history\s*: Lead a review$"))).to_be_visible()
    open_everything(page)
    audit(page, ".mentoring-block")
    page.get_by_role("button", name="Show all sessions").click()
    expect(section(page, "sessions").locator("li.mentoring-card")).to_have_count(13)
    open_everything(page)
    audit(page, ".mentoring-block")
