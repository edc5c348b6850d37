"""In Chromium: course staff filter, search and page through the unit's pairs, download them as
CSV, and the overview passes an accessibility audit at a desktop's and a phone's width."""

import csv
import datetime
import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from mentoring_xblock.models import Pair, Participant

from .test_accessibility import assert_fits, audit

pytestmark = pytest.mark.django_db(transaction=True)

DAY = datetime.timedelta(days=1)


@pytest.fixture
def demo(workbench_url):
    """The demo pairs, Noor's quiet for 40 days (at risk), and a learner who visited unpaired."""
    call_command("load_demo", stdout=io.StringIO())
    get_user_model().objects.get_or_create(username="learner")
    noor = Pair.objects.get(mentee__username="mentee2")
    Pair.objects.filter(pk=noor.pk).update(started_on=timezone.localdate() - 40 * DAY)
    return workbench_url


def add_pairs(count):
    """``count`` more active pairs of the demo unit, straight in the database."""
    first = Pair.objects.first()
    scoped = {"usage_key": first.usage_key, "course_key": first.course_key}
    people = Participant.objects.bulk_create(
        Participant(**scoped, anonymous_id=f"anon-{role}{n}", username=f"{role}{n:02d}")
        for n in range(count)
        for role in ("coach", "pupil")
    )
    Pair.objects.bulk_create(
        Pair(**scoped, mentor=people[2 * n], mentee=people[2 * n + 1], active_mentee=people[2 * n + 1],
             mentor_slot=1, started_on=timezone.localdate())
        for n in range(count)
    )  # fmt: skip


def open_staff(page, base_url):
    page.goto(f"{base_url}/scenario/mentorship.0/?student=staff")
    expect(page.locator(".mentoring-block[data-ready='true']")).to_be_visible()
    return page.locator(".mentoring-staff")


def shown_mentees(page):
    return [
        text.split("(")[-1].rstrip(")") for text in page.locator("tr[data-pair-row] td:nth-child(2)").all_inner_texts()
    ]


def test_staff_filter_by_status_and_search_by_username(page, demo):
    staff = open_staff(page, demo)
    expect(staff.locator(".mentoring-results")).to_have_text("All: showing 1–2 of 2 pairs.")

    # The filter buttons work from the keyboard; the result is announced and focused.
    at_risk = staff.get_by_role("button", name="At risk (1)")
    at_risk.focus()
    page.keyboard.press("Enter")
    results = page.locator(".mentoring-staff .mentoring-results")
    expect(results).to_have_text("At risk: showing 1–1 of 1 pair.")
    expect(results).to_be_focused()
    expect(page.locator(".mentoring-live")).to_have_text("At risk: showing 1–1 of 1 pair.")
    assert shown_mentees(page) == ["mentee2"]
    expect(page.get_by_role("button", name="At risk (1)")).to_have_attribute("aria-pressed", "true")
    expect(page.locator("tr[data-pair-row]")).to_contain_text("At risk")

    # A search keeps the filter: Sam is not at risk.
    page.get_by_label("Search by username (mentor or mentee)").fill("MENTEE1")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(results).to_have_text('At risk: no pairs match "MENTEE1".')
    expect(page.locator("tr[data-pair-row]")).to_have_count(0)

    page.get_by_role("button", name="All (1)").click()
    expect(results).to_have_text('All: showing 1–1 of 1 pair matching "MENTEE1".')
    assert shown_mentees(page) == ["mentee1"]
    expect(page.get_by_label("Search by username (mentor or mentee)")).to_have_value("MENTEE1")

    page.get_by_role("button", name="Clear the search").click()
    expect(results).to_have_text("All: showing 1–2 of 2 pairs.")
    assert shown_mentees(page) == ["mentee2", "mentee1"]


def test_staff_page_through_the_pairs_and_open_one(page, demo):
    add_pairs(30)
    staff = open_staff(page, demo)
    results = staff.locator(".mentoring-results")
    expect(results).to_have_text("All: showing 1–25 of 32 pairs.")
    expect(page.locator("tr[data-pair-row]")).to_have_count(25)
    page.get_by_role("navigation", name="Pages of pairs").get_by_role("button", name="Next page").click()
    expect(results).to_have_text("All: showing 26–32 of 32 pairs.")
    expect(results).to_be_focused()
    assert shown_mentees(page)[-2:] == ["mentee2", "mentee1"]
    expect(page.get_by_role("button", name="Page 2")).to_have_attribute("aria-current", "page")
    expect(page.get_by_role("button", name="Next page")).to_be_disabled()

    # The drill-down still opens a pair's workspace, read only, from any page.
    page.locator("tr[data-pair-row]", has_text="mentee1").get_by_role("button", name="Open").click()
    workspace = page.locator(".mentoring-staff-workspace")
    expect(workspace.locator(".mentoring-header h5")).to_contain_text("Maya Ortiz mentors Sam Lee")
    expect(workspace.locator("form[data-action]")).to_have_count(0)


def test_staff_download_the_filtered_pairs_as_csv(page, demo):
    open_staff(page, demo)
    page.get_by_role("button", name="At risk (1)").click()
    expect(page.locator(".mentoring-results")).to_have_text("At risk: showing 1–1 of 1 pair.")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download these pairs as CSV").click()
    download = info.value
    assert download.suggested_filename == f"mentoring-pairs-at_risk-{timezone.localdate().isoformat()}.csv"
    with open(download.path(), encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [(row["mentor"], row["mentee"], row["status"], row["at_risk"]) for row in rows] == [
        ("mentor", "mentee2", "active", "true")
    ]
    assert rows[0]["days_since_activity"] == "40"
    assert rows[0]["started_on"] == (timezone.localdate() - 40 * DAY).isoformat()


def test_the_overview_passes_an_accessibility_audit_and_fits_a_phone(page, demo):
    add_pairs(30)
    page.goto(f"{demo}/scenario/mentorship.0/?student=learner")  # an unpaired visitor to list
    open_staff(page, demo)
    expect(page.locator("tr[data-unpaired]")).to_have_count(1)
    audit(page, ".mentoring-block")
    page.get_by_role("button", name="At risk (1)").click()
    expect(page.locator(".mentoring-results")).to_have_text("At risk: showing 1–1 of 1 pair.")
    audit(page, ".mentoring-block")

    page.set_viewport_size({"width": 375, "height": 800})
    open_staff(page, demo)
    expect(page.locator(".mentoring-pages")).to_be_visible()
    assert_fits(page, ".mentoring-block")
    audit(page, ".mentoring-block")
