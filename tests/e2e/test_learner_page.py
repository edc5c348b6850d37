"""The learner page people open every day, in Chromium: it starts with what to do, its sections
open and close and stay as the reader left them, a complete pair's page is short, and every save
says "Saved." on screen and aloud."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from .sections import READY, open_everything
from .test_accessibility import assert_fits, audit
from .test_assessments import AREAS, SCENARIO, act, all_but_assessed, demo_pair, needs_data, round_data  # noqa: F401, F811

pytestmark = pytest.mark.django_db(transaction=True)

TALLEST = 3000  # px, a complete pair's page at 1,280 px wide, as it first shows


@pytest.fixture
def complete_pair(all_but_assessed):  # noqa: F811  (the fixture imported above)
    """The demo pair with every requirement met and a history to read: notes, reviews and action
    items on four more sessions, the needs assessment and both later rounds from both raters."""
    pair = all_but_assessed
    for number in range(4):
        held = (pair.started_on + datetime.timedelta(days=6 + number)).isoformat()
        session = act("mentor", "session_log", {
            "pair_id": pair.pk, "held_on": held, "minutes": 50, "session_format": "video",
            "notes": "We went through the churn model and the slides for the team meeting. " * 3,
            "review": {"useful": "Walking through the queries together", "next_steps": "Draft the summary",
                       "mentee_before_next": "Share the notebook", "change": "Start with the questions"},
            "action_items": [{"text": f"Read chapter {number + 1}", "owner": "mentee", "due_on": held}],
        })["session"]  # fmt: skip
        act("mentee1", "session_review", {"pair_id": pair.pk, "session_id": session["id"], "decision": "confirm"})
    act("mentee1", "assessment_submit", needs_data(pair.pk))
    for round_, ratings in (("midpoint", [2, 3, 2, 3]), ("final", [4, 4, 3, 4])):
        for student in ("mentee1", "mentor"):
            act(student, "assessment_submit", round_data(pair.pk, round_, ratings[: len(AREAS)]))
    return pair


def open_at(open_page, base, student, width=1280):
    page = open_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}{SCENARIO}?student={student}")
    expect(page.locator(READY)).to_be_visible()
    return page


def height(page):
    return page.locator(".mentoring-block").evaluate("el => el.getBoundingClientRect().height")


def headings(page, scope):
    """The levels and texts of every heading in ``scope``, in reading order."""
    return page.locator(scope).first.evaluate(
        """el => [...el.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
            .filter(h => h.getClientRects().length)
            .map(h => [Number(h.getAttribute('aria-level') || h.tagName.slice(1)), h.textContent.trim()])"""
    )


def assert_nested(levels):
    """No heading is more than one level deeper than the one before it."""
    for (before, text_before), (level, text) in zip(levels, levels[1:], strict=False):
        assert level <= before + 1, f"{text!r} (h{level}) after {text_before!r} (h{before})"


@pytest.mark.parametrize("student", ["mentee1", "mentor"])
def test_a_complete_pairs_page_starts_with_what_to_do_and_is_short(workbench_url, complete_pair, open_page, student):
    page = open_at(open_page, workbench_url, student)
    # The next step and the likely actions come first, in the first screen.
    next_step = page.locator("[data-next-step]")
    expect(next_step).to_contain_text("Everything this unit asks of your pair is done")
    log = page.get_by_role("group", name="Likely actions").get_by_role("button", name="Log a session")
    expect(log).to_be_in_viewport()
    assert log.bounding_box()["y"] < 600
    # Closed, each section is its heading: a button that says so.
    goals = page.get_by_role("button", name="Goals", exact=True)
    expect(goals).to_have_attribute("aria-expanded", "false")
    shown = height(page)
    assert shown <= TALLEST, shown
    audit(page, ".mentoring-block")
    # Everything open, the same page is several times as long.
    open_everything(page)
    assert height(page) > 2 * TALLEST
    audit(page, ".mentoring-block")


def test_log_a_session_from_the_top_and_read_saved(workbench_url, complete_pair, open_page):
    page = open_at(open_page, workbench_url, "mentee1")
    page.get_by_role("button", name="Log a session").click()
    date = page.locator("section[data-section='sessions']").get_by_label("Date")
    expect(date).to_be_focused()  # the form is open, its first field ready
    page.get_by_role("button", name="Log the session").click()
    live = page.locator(".mentoring-block .mentoring-live")
    expect(live).to_have_text("Saved. The session is logged. Your partner will be asked to confirm it.")
    expect(live).to_be_visible()
    expect(live).to_be_in_viewport()
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    # The one live region: no container around the workspace reads it all out again.
    assert page.locator(".mentoring-block [aria-live]:not(.mentoring-form-status)").count() == 1
    expect(page.locator("[data-goto='confirm']")).to_have_count(0)  # the mentee's own session waits for the mentor


def test_the_mentor_confirms_from_the_top(workbench_url, complete_pair, open_page):
    act("mentee1", "session_log", {"pair_id": complete_pair.pk, "held_on": complete_pair.started_on.isoformat(),
                                   "minutes": 30, "session_format": "video"})  # fmt: skip
    page = open_at(open_page, workbench_url, "mentor")
    page.get_by_role("button", name="Confirm 1 session").click()
    confirm = page.get_by_role("button", name="Confirm the session")
    expect(confirm).to_be_focused()
    confirm.click()
    expect(page.locator(".mentoring-live")).to_have_text("Saved. Thank you: the session is reviewed.")


def test_sections_stay_as_the_reader_left_them_after_a_reload(workbench_url, complete_pair, open_page):
    page = open_at(open_page, workbench_url, "mentee1")
    goals = page.get_by_role("button", name="Goals", exact=True)
    goals.focus()
    page.keyboard.press("Enter")  # the keyboard opens it as a click does
    expect(goals).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-goal-id]", has_text="Lead the churn analysis")).to_be_visible()
    privacy = page.get_by_role("button", name="Who has looked at this pairing")
    privacy.click()
    expect(page.locator("section[data-section='privacy']")).to_contain_text("No course staff member")
    privacy.press("Space")  # and closes it again
    expect(privacy).to_have_attribute("aria-expanded", "false")

    page.reload()
    expect(page.locator(READY)).to_be_visible()
    expect(page.get_by_role("button", name="Goals", exact=True)).to_have_attribute("aria-expanded", "true")
    expect(page.locator("[data-goal-id]", has_text="Lead the churn analysis")).to_be_visible()
    expect(page.get_by_role("button", name="Who has looked at this pairing")).to_have_attribute(
        "aria-expanded", "false"
    )
    expect(page.locator("section[data-section='privacy'] .mentoring-fold-body")).to_be_hidden()
    # The partner's browser keeps its own choices.
    mentor = open_at(open_page, workbench_url, "mentor")
    expect(mentor.get_by_role("button", name="Goals", exact=True)).to_have_attribute("aria-expanded", "false")


def test_a_phone_shows_the_complete_pair_without_wcag_violations(workbench_url, complete_pair, open_page):
    page = open_at(open_page, workbench_url, "mentee1", width=375)
    audit(page, ".mentoring-block")
    assert_fits(page, ".mentoring-block")
    open_everything(page)
    audit(page, ".mentoring-block")
    assert_fits(page, ".mentoring-block")


def test_headings_nest_for_members_and_for_staff(workbench_url, complete_pair, open_page):
    page = open_at(open_page, workbench_url, "mentee1")
    open_everything(page)
    levels = headings(page, ".mentoring-block")
    assert levels[0][0] == 3 and all(level > 3 for level, _ in levels[1:])
    assert_nested(levels)
    # The chart's name is short; its description is referenced, not read as the name.
    charts = page.get_by_role("img", name=re.compile(r"^[^.]+: ratings per learning area$"))
    expect(charts).to_have_count(2)  # the mid-point and the final round
    described = page.locator(f"[id='{charts.first.get_attribute('aria-describedby')}']")
    expect(described).to_contain_text("three bars on the scale")

    staff = open_at(open_page, workbench_url, "staff")
    staff.locator("tr[data-pair-row]", has_text="mentee1").get_by_role("button", name="Open").click()
    workspace = staff.locator(".mentoring-staff-workspace")
    expect(workspace.locator(".mentoring-header h5")).to_contain_text("Maya Ortiz mentors Sam Lee")
    assert workspace.get_attribute("aria-live") is None  # the workspace is not read out whole
    expect(workspace.locator(".mentoring-header h5")).to_be_focused()
    panel = headings(staff, ".mentoring-staff")
    assert_nested(panel)
    texts = [text for _, text in panel]
    opened = texts.index("Maya Ortiz mentors Sam Lee")
    unpaired = next(n for n, text in enumerate(texts) if "without a pair" in text)
    # The workspace sits inside the panel: its heading one level below the panel's, and the
    # panel's next part ("learners without a pair") back at the level of the opened pair.
    assert panel[0][0] == 4 and panel[opened][0] == 5 and panel[unpaired][0] == 5
    assert all(level > 5 for level, _ in panel[opened + 1 : unpaired])
    audit(staff, ".mentoring-block")


def test_plan_a_session_from_the_top_starts_from_the_agreed_length_and_format(workbench_url, complete_pair, open_page):
    agreement = complete_pair.agreement
    page = open_at(open_page, workbench_url, "mentor")
    page.get_by_role("group", name="Likely actions").get_by_role("button", name="Plan a session").click()
    editor = page.locator("details.mentoring-editor[id$='-plan-editor']")
    expect(editor).to_have_attribute("open", "")
    expect(editor.get_by_label("Date")).to_be_focused()  # the form is open, its first field ready
    expect(editor.get_by_label("Minutes")).to_have_value(str(agreement.session_minutes))
    expect(editor.get_by_label("Format")).to_have_value(agreement.session_format)
