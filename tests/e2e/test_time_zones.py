"""In Chromium: times are shown in the reader's zone, named; in the workbench, the browser's zone.

Issue: the workbench showed New York time with no zone named ("2:43 a.m." read as one's own morning).
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)
READY = ".mentoring-block[data-ready='true']"


def test_staff_in_tokyo_read_a_learners_last_visit_in_tokyo_time_named(demo_url, open_page):
    learner = open_page()
    learner.goto(f"{demo_url}/scenario/mentorship.0/?student=rookie")
    expect(learner.locator(READY)).to_be_visible()

    staff = open_page(timezone_id="Asia/Tokyo")
    staff.goto(f"{demo_url}/scenario/mentorship.0/?student=staff")
    expect(staff.locator(READY)).to_be_visible()
    row = staff.locator("tr[data-unpaired='rookie']")
    # The first page comes before the browser has said its zone: UTC, and said so.
    expect(row).to_contain_text("(UTC)")
    staff.reload()
    expect(staff.locator(READY)).to_be_visible()
    expect(staff.locator("tr[data-unpaired='rookie']")).to_contain_text("(Asia/Tokyo)")
