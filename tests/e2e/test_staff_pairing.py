"""In Chromium: course staff pair learners by form and by CSV upload, and open a pair's workspace."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from mentoring_xblock.models import Pair

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def staff_page(workbench_url, page):
    call_command("load_demo", stdout=io.StringIO())
    for username in ("coach", "newbie", "rookie"):
        get_user_model().objects.get_or_create(username=username)
    page.goto(f"{workbench_url}/scenario/mentorship.0/?student=staff")
    expect(page.locator(".mentoring-block[data-ready='true']")).to_be_visible()
    return page


def test_staff_pair_by_form_then_by_csv_with_a_per_row_report(staff_page, tmp_path, browser_errors):
    page = staff_page
    staff = page.locator(".mentoring-staff")
    expect(staff).to_contain_text("2 active pairs")
    staff.get_by_label("Mentor's username", exact=True).fill("coach")
    staff.get_by_label("Mentee's username").fill("learner")
    staff.get_by_role("button", name="Pair them").click()
    expect(page.locator(".mentoring-staff")).to_contain_text("3 active pairs")
    expect(page.locator("tr[data-pair-row]", has_text="learner")).to_contain_text("coach")

    # An unknown user is refused beside its field, and nothing is created.
    browser_errors.allow(400, "staff_add_pair")
    staff = page.locator(".mentoring-staff")
    staff.get_by_label("Mentor's username", exact=True).fill("nobody-here")
    staff.get_by_label("Mentee's username").fill("newbie")
    staff.get_by_role("button", name="Pair them").click()
    expect(staff.locator(".mentoring-field-error")).to_contain_text('No user "nobody-here" in this course.')
    expect(staff.get_by_label("Mentor's username", exact=True)).to_have_attribute("aria-invalid", "true")

    csv_file = tmp_path / "pairs.csv"
    csv_file.write_text("mentor,mentee\ncoach,newbie\ncoach,learner\nghost,rookie\nrookie,rookie\njust-one-name\n")
    staff.get_by_label("CSV file").set_input_files(str(csv_file))
    staff.get_by_role("button", name="Preview the pairs").click()
    staff.get_by_role("button", name=re.compile(r"^Confirm: pair")).click()
    report = page.locator(".mentoring-report")
    expect(report).to_be_visible()
    outcomes = report.locator("tr[data-outcome]")
    expect(outcomes).to_have_count(5)
    assert [row.get_attribute("data-outcome") for row in outcomes.all()] == [
        "created",
        "already_paired",
        "unknown_user",
        "same_person",
        "malformed",
    ]
    expect(page.locator(".mentoring-staff")).to_contain_text("Upload report: 1 of 5 rows paired")
    expect(page.locator(".mentoring-staff")).to_contain_text("4 active pairs")
    assert Pair.objects.filter(mentor__username="coach", status=Pair.ACTIVE).count() == 2


def test_staff_open_a_pair_read_only_and_end_it(staff_page):
    page = staff_page
    row = page.locator("tr[data-pair-row]", has_text="mentee1")
    row.get_by_role("button", name="Open").click()
    workspace = page.locator(".mentoring-staff-workspace")
    expect(workspace.locator(".mentoring-header h5")).to_contain_text("Maya Ortiz mentors Sam Lee")
    expect(workspace).to_contain_text("Course staff can read this workspace; only the pair can change it.")
    expect(workspace.locator("form[data-action]")).to_have_count(0)

    row = page.locator("tr[data-pair-row]", has_text="mentee1")
    row.locator("summary", has_text="Change").click()
    row.get_by_label("Reason for ending (optional)").fill("The mentee left the course")
    row.get_by_role("button", name="End the pairing").click()
    ended = page.locator("tr[data-pair-row]", has_text="mentee1")
    expect(ended).to_have_attribute("data-status", "closed")
    expect(ended).to_contain_text("The mentee left the course")
    expect(page.locator(".mentoring-staff")).to_contain_text("1 active pair")


def test_staff_preview_a_semicolon_file_in_utf16_and_pair_only_on_confirm(staff_page, tmp_path):
    page = staff_page
    staff = page.locator(".mentoring-staff")
    expect(staff).to_contain_text("2 active pairs")
    csv_file = tmp_path / "pairs.csv"
    # As a spreadsheet writes it where the comma is the decimal mark, saved as "Unicode Text".
    csv_file.write_bytes("Mentor;Mentee\r\nCoach;newbie\r\nghost;rookie\r\n".encode("utf-16"))
    staff.get_by_label("CSV file").set_input_files(str(csv_file))
    staff.get_by_role("button", name="Preview the pairs").click()
    preview = page.locator(".mentoring-preview")
    expect(preview).to_be_visible()
    expect(page.locator(".mentoring-staff")).to_contain_text("Preview: 1 of 2 rows would be paired")
    expect(page.locator(".mentoring-staff")).to_contain_text("Columns separated by semicolons.")
    rows = preview.locator("tr[data-outcome]")
    expect(rows.nth(0)).to_contain_text("coach")
    expect(rows.nth(0)).to_contain_text("Will be paired")
    expect(rows.nth(1)).to_contain_text('Unknown user: No user "ghost" in this course.')
    expect(page.locator(".mentoring-staff")).to_contain_text("2 active pairs")  # nothing paired yet
    assert Pair.objects.filter(mentee__username="newbie").count() == 0

    page.locator(".mentoring-staff").get_by_role("button", name="Confirm: pair 1 row").click()
    expect(page.locator(".mentoring-report")).to_be_visible()
    expect(page.locator(".mentoring-staff")).to_contain_text("Upload report: 1 of 2 rows paired")
    expect(page.locator(".mentoring-staff")).to_contain_text("3 active pairs")
