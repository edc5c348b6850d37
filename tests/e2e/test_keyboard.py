"""The pair workspace with the keyboard alone: a mentee signs the agreement, adds a goal after a
refused first try, and logs a session, with Tab, Shift+Tab, Enter and Space only. Whatever has the
focus shows it, a refused form ties each message to its field and announces it, and every
outcome is announced."""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from .test_pair_workspace import SCENARIO, section

pytestmark = pytest.mark.django_db(transaction=True)

PRESSES = 200


def is_focused(locator):
    return locator.evaluate("el => el === document.activeElement")


def tab_to(page, locator, *, backwards=False, key=None, text=None):
    """Press Tab (Shift+Tab backwards) until ``locator`` has the focus, which must be visible;
    then press ``key`` or type ``text`` there."""
    move = "Shift+Tab" if backwards else "Tab"
    for _ in range(PRESSES):
        page.keyboard.press(move)
        if is_focused(locator):
            assert_focus_visible(page)
            if key:
                page.keyboard.press(key)
            if text:
                page.keyboard.type(text)
            return
    raise AssertionError(f"{locator} never got the focus after {PRESSES} presses of {move}")


def assert_focus_visible(page):
    """The focused element matches :focus-visible and draws an outline or a ring around itself."""
    focus = page.evaluate(
        """() => {
            const el = document.activeElement, style = getComputedStyle(el);
            return {
                element: el.outerHTML.slice(0, 80),
                visible: el.matches(':focus-visible'),
                outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0,
                ring: style.boxShadow !== 'none',
            };
        }"""
    )
    assert focus["visible"] and (focus["outline"] or focus["ring"]), focus


def described_by(page, control):
    """The text of the elements that describe ``control``."""
    ids = (control.get_attribute("aria-describedby") or "").split()
    return [page.locator(f"[id='{element_id}']").inner_text() for element_id in ids]


@pytest.fixture
def mentee(workbench_url, page):
    call_command("load_demo", stdout=io.StringIO())
    page.goto(f"{workbench_url}{SCENARIO}?student=mentee1")
    expect(page.locator(".mentoring-block[data-ready='true']")).to_be_visible()
    return page


def test_a_mentee_signs_sets_a_goal_and_logs_a_session_with_the_keyboard_alone(mentee, browser_errors):
    page = mentee
    live = page.locator(".mentoring-live")

    # The agreement: the rhythm, length and format come prefilled; the mentee adds how to reach her.
    agreement = section(page, "agreement")
    tab_to(page, agreement.get_by_label("How we contact each other"), text="Course messages")
    tab_to(page, agreement.get_by_role("button", name="Save the agreement"), key="Enter")
    expect(live).to_have_text("Saved. The agreement is saved. Both of you now sign this version.")
    expect(section(page, "agreement").get_by_role("heading", name="Agreement")).to_be_focused()
    sign = section(page, "agreement").get_by_role("button", name="Sign version 1")
    tab_to(page, sign, key="Space")
    expect(live).to_have_text("Saved. You signed the agreement.")
    expect(section(page, "agreement")).to_contain_text("Sam Lee (Mentee) signed version 1")

    # A goal sent empty is refused: each message sits by its field, is tied to it and announced.
    browser_errors.allow(400, "goal_add")
    goals = section(page, "goals")
    tab_to(page, goals.get_by_role("button", name="Add the goal"), key="Enter")
    status = goals.locator(".mentoring-form-status")
    expect(status).to_have_attribute("role", "alert")
    expect(status).to_have_attribute("aria-live", "polite")
    expect(status).to_contain_text("fields need attention")
    statement = goals.get_by_label("Goal statement")
    expect(statement).to_be_focused()
    expect(statement).to_have_attribute("aria-invalid", "true")
    statement_help, statement_error = described_by(page, statement)
    assert statement_help == "Specific and achievable: what will be different?"
    assert statement_error, "the statement's error message is empty"
    measure = goals.get_by_label("How we will measure success")
    expect(measure).to_have_attribute("aria-invalid", "true")
    assert described_by(page, measure) and all(described_by(page, measure))

    # Fixed from the keyboard: type, Tab on, Shift+Tab back to a skipped field.
    page.keyboard.type("Run my first team retrospective")
    tab_to(page, measure, text="The team agrees on two changes")
    tab_to(page, goals.get_by_label("Why it matters"), backwards=True, text="I lead the team from next month")
    tab_to(page, goals.get_by_label("Target date"), text="06302099")
    tab_to(page, goals.get_by_label("Working with stakeholders"), key="Space")
    tab_to(page, goals.get_by_role("button", name="Add the goal"), key="Enter")
    expect(live).to_have_text("Saved. The goal is added.")
    goal = section(page, "goals").locator("[data-goal-id]")
    expect(goal).to_contain_text("Run my first team retrospective")
    expect(goal).to_contain_text("June 30, 2099")
    expect(goal).to_contain_text("Working with stakeholders")

    # A session: open the form, tick the kickoff, write a note, log it.
    sessions = section(page, "sessions")
    tab_to(page, sessions.locator("summary", has_text="Log a session"), key="Enter")
    tab_to(page, sessions.get_by_label("Kickoff: meet and set expectations"), key="Space")
    tab_to(page, sessions.get_by_label("Shared notes"), text="We met and planned the first month.")
    tab_to(page, sessions.get_by_role("button", name="Log the session"), key="Enter")
    expect(live).to_have_text("Saved. The session is logged. Your partner will be asked to confirm it.")
    logged = section(page, "sessions").locator("[data-session-id]")
    expect(logged).to_contain_text("Waiting for the partner")
    expect(logged).to_contain_text("Kickoff: meet and set expectations")
    expect(logged).to_contain_text("We met and planned the first month.")
