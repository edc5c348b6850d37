"""In Chromium: a mentee in New York plans the next session with the keyboard, downloads its
calendar invite; her mentor in Madrid sees it in his own time and moves it; the page passes axe
with every planning form open."""

import datetime
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.utils import timezone
from playwright.sync_api import expect

from .test_accessibility import audit
from .test_keyboard import tab_to
from .test_pair_workspace import SCENARIO

pytestmark = pytest.mark.django_db(transaction=True)

READY = ".mentoring-block[data-ready='true']"


def open_in(open_page, base, student, zone):
    page = open_page(timezone_id=zone)
    page.goto(f"{base}{SCENARIO}?student={student}")
    expect(page.locator(READY)).to_be_visible()
    # The page keeps the browser's zone for the server on its first visit: read it again.
    page.reload()
    expect(page.locator(READY)).to_be_visible()
    return page


def schedule(page):
    return page.locator("section[data-section='schedule']")


def downloaded_event(page, link):
    with page.expect_download() as info:
        link.click()
    with open(info.value.path(), "rb") as file:
        data = file.read()
    (event,) = icalendar.Calendar.from_ical(data).walk("VEVENT")
    return event


def test_plan_with_the_keyboard_download_the_invite_and_the_partner_moves_it(demo_url, open_page):
    day = timezone.localdate() + datetime.timedelta(days=10)
    mentee = open_in(open_page, demo_url, "mentee1", "America/New_York")
    plan = schedule(mentee)
    expect(plan).to_contain_text("Times are in your time zone, America/New_York.")
    expect(plan).to_contain_text("No session planned yet.")

    tab_to(mentee, plan.locator("summary", has_text="Plan a session"), key="Enter")
    form = plan.locator("form[data-action='session_plan']")
    form.get_by_label("Date").fill(day.isoformat())
    form.get_by_label("Time").fill("09:30")
    tab_to(mentee, form.get_by_label("Place or video link"), text="https://meet.example.org/sam-maya")
    tab_to(mentee, form.get_by_label("Note for your partner"), text="Bring the churn notebook")
    tab_to(mentee, form.get_by_role("button", name="Plan the session"), key="Enter")
    expect(mentee.locator(".mentoring-live")).to_have_text(
        "Saved. The session is planned. Download the calendar invite to add it to your calendar."
    )
    card = schedule(mentee).locator("[data-planned-id]")
    expect(card).to_contain_text("9:30 a.m. (America/New_York): 60 minutes")
    expect(card).to_contain_text("Bring the churn notebook")

    event = downloaded_event(mentee, card.get_by_role("link", name="Download the calendar invite"))
    new_york = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=ZoneInfo("America/New_York"))
    assert event.decoded("dtstart") == new_york.astimezone(datetime.UTC)
    assert int(event["sequence"]) == 0
    uid = str(event["uid"])

    # The mentor, in Madrid, reads it in his own time and moves it an hour later, saying why.
    mentor = open_in(open_page, demo_url, "mentor", "Europe/Madrid")
    madrid = new_york.astimezone(ZoneInfo("Europe/Madrid"))
    card = schedule(mentor).locator("[data-planned-id]")
    expect(card).to_contain_text("(Europe/Madrid)")
    card.locator("summary", has_text="Reschedule").click()
    moved = card.locator("form[data-action='session_reschedule']")
    later = madrid + datetime.timedelta(hours=1)
    moved.get_by_label("Time").fill(later.strftime("%H:%M"))
    moved.get_by_label("Why it moves").fill("A meeting ran over")
    audit(mentor, ".mentoring-block")  # with the forms of a planned session open
    moved.get_by_role("button", name="Reschedule the session").click()
    expect(mentor.locator(".mentoring-live")).to_contain_text("Saved. The session is rescheduled.")
    card = schedule(mentor).locator("[data-planned-id]")
    expect(card).to_contain_text("A meeting ran over")

    mentee.reload()
    expect(mentee.locator(READY)).to_be_visible()
    card = schedule(mentee).locator("[data-planned-id]")
    expect(card).to_contain_text("10:30 a.m. (America/New_York)")
    event = downloaded_event(mentee, card.get_by_role("link", name="Download the calendar invite"))
    assert str(event["uid"]) == uid and int(event["sequence"]) == 1
    assert event.decoded("dtstart") == (new_york + datetime.timedelta(hours=1)).astimezone(datetime.UTC)
    schedule(mentee).locator("summary", has_text="Plan a session").click()
    audit(mentee, ".mentoring-block")
