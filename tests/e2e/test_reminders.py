"""What is due, at the top of a member's workspace, and the switch of their email reminders:
WCAG 2.1 AA (axe) in English and Spanish, and the keyboard alone stops and restarts them."""

import pytest
from playwright.sync_api import expect

from .test_accessibility import audit
from .test_keyboard import tab_to

pytestmark = pytest.mark.django_db(transaction=True)
SCENARIO = "mentorship.0"


def test_the_notices_and_the_reminders_switch_have_no_wcag_violations(page, demo_url):
    # The demo pairs were formed three weeks ago and have met no one yet: two things are due.
    page.goto(f"{demo_url}/scenario/{SCENARIO}/?student=mentee1")
    notices = page.locator(".mentoring-notices")
    expect(notices).to_contain_text("Waiting for you (2)")
    expect(notices.locator("li")).to_have_count(2)
    expect(page.locator("#mentoring-reminders")).to_contain_text("Email reminders")
    audit(page, ".mentoring-block")


def test_the_notices_read_in_spanish(open_page, demo_url):
    page = open_page(locale="es-ES")
    page.goto(f"{demo_url}/scenario/{SCENARIO}/?student=mentee1")
    expect(page.locator(".mentoring-notices")).to_contain_text("Te esperan (2)")
    expect(page.locator("#mentoring-reminders")).to_contain_text("Recordatorios por correo")
    audit(page, ".mentoring-block")


def test_the_keyboard_alone_stops_and_restarts_the_reminders(page, demo_url):
    page.goto(f"{demo_url}/scenario/{SCENARIO}/?student=mentee1")
    reminders = page.locator("#mentoring-reminders")
    tab_to(page, reminders.get_by_role("button", name="Stop email reminders"), key="Enter")
    expect(page.locator(".mentoring-live")).to_contain_text("Email reminders are stopped.")
    restart = reminders.get_by_role("button", name="Send me email reminders again")
    expect(restart).to_be_visible()
    # The focus went to the section's heading: the next Tab reaches the new button.
    expect(reminders.get_by_role("heading", name="Email reminders")).to_be_focused()
    tab_to(page, restart, key="Space")
    expect(page.locator(".mentoring-live")).to_contain_text("Email reminders are on.")
    expect(reminders.get_by_role("button", name="Stop email reminders")).to_be_visible()
    audit(page, ".mentoring-block")
