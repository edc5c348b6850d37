"""The whole story in Chromium, in a fresh unit (the default program):

1. the author adds a learning area and an agenda item in the Studio editor, tunes the completion
   rules and saves;
2. staff pair two learners by uploading a CSV file, one row of which is bad and reported;
3. the mentee and the mentor, each in their own browser, sign the agreement, set two goals, log
   and confirm the sessions that cover the required agenda, and submit the needs assessment and
   both rounds;
4. both see their unit complete, the comparison chart and the checklist all done;
5. staff see the pair complete, filter by status and download the CSV.

Every state on the way passes an axe audit (and the busy ones fit a 375 px screen), and the
screenshots the README shows are taken here, from this realistic content.
"""

import csv
import datetime
import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from playwright.sync_api import expect

from .sections import open_section
from .test_accessibility import assert_fits, audit
from .test_assessments import fill_needs, open_everything, round_card, submit_round, table_numbers
from .test_pair_workspace import agree_and_sign, section
from .test_studio_editor import agenda_item, area

pytestmark = pytest.mark.django_db(transaction=True)

UNIT = "/scenario/mentorship.1/"
BLOCK = ".mentoring-block"
# Every run saves its screenshots under var/screenshots; ``make screenshots`` points this at
# docs/screenshots, the ones the README shows, so an ordinary run leaves the checkout clean.
REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = Path(os.environ.get("MENTORING_SCREENSHOTS") or REPO / "var" / "screenshots")

MENTEE, MENTOR, SECOND_MENTEE, UNPAIRED = "priya", "daniel", "omar", "lena"
NAMES = {
    MENTEE: ("Priya", "Nair"),
    MENTOR: ("Daniel", "Okafor"),
    SECOND_MENTEE: ("Omar", "Farouk"),
    UNPAIRED: ("Lena", "Vogel"),
}

# The default program's learning areas, and the one the author adds.
NEW_AREA = "Presenting your work"
AREAS = {
    "direction": "Direction and choices",
    "skills": "Skills for the work",
    "communication": "Communication and feedback",
    "habits": "Habits and self-management",
    "presenting-your-work": NEW_AREA,
}
NEW_ITEM = "Rehearse a short presentation"
QUESTIONS = {
    "improvement": "Where has the mentee improved most since the start?",
    "new-approach": "What did the mentee try for the first time because of this mentoring?",
    "obstacle": "Which obstacle was overcome, and how?",
    "impact": "What visible difference has it made to the mentee's studies or work?",
    "satisfaction": "How satisfied are you with the mentoring so far, and why?",
    "recommend": "Would you recommend this mentoring program to a classmate or colleague?",
}
# The required agenda items, covered by two sessions (the author asks for two).
FIRST_SESSION = [
    "Kickoff: meet and set expectations",
    "Needs and a personal SWOT",
    "Setting SMART goals",
    NEW_ITEM,
]
SECOND_SESSION = ["Mid-point check", "Final review and thank-you"]

# Ratings per area, in the order of AREAS.
BASELINE = [2, 2, 3, 2, 1]
MIDPOINT = {"self": [3, 3, 3, 2, 2], "mentor": [3, 2, 4, 3, 2]}
FINAL = {"self": [4, 4, 4, 3, 4], "mentor": [4, 3, 4, 4, 3]}


# The workbench's own banner stays fixed at the top of the window; it is not part of the product.
NO_WORKBENCH = "header.banner { visibility: hidden !important; }"
MARGIN = 12


def screenshot_path(name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / f"{name}.png"


def screenshot(page, name, first, last=None):
    """Save ``<SCREENSHOTS>/<name>.png``: the block's content from ``first`` down to ``last``
    (or ``first`` alone), with a small margin, never the workbench page around it."""
    top, bottom = (locator.evaluate(
        "el => { const r = el.getBoundingClientRect();"
        " return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height}; }"
    ) for locator in (first, last or first))  # fmt: skip
    clip = {
        "x": max(0, top["x"] - MARGIN),
        "y": max(0, top["y"] - MARGIN),
        "width": top["width"] + 2 * MARGIN,
        "height": bottom["y"] + bottom["height"] - top["y"] + 2 * MARGIN,
    }
    page.screenshot(
        path=screenshot_path(name), full_page=True, clip=clip, style=NO_WORKBENCH, animations="disabled",
        caret="hide",
    )  # fmt: skip


def screenshot_editor(page, part):
    """The Studio editor as its author sees it, ``part`` near the top of the window and the
    save bar at its foot."""
    part.evaluate("el => window.scrollTo(0, el.getBoundingClientRect().top + scrollY - 200)")
    editor = page.locator(".mentoring-studio").bounding_box()
    clip = {"x": editor["x"] - MARGIN, "y": 0, "width": editor["width"] + 2 * MARGIN, "height": 900}
    page.screenshot(path=screenshot_path("studio-editor"), clip=clip, style=NO_WORKBENCH, caret="hide")


def audit_at_both_widths(page, selector=BLOCK):
    """No WCAG 2.1 AA violation at a desktop's width, and none on a phone, where it also fits."""
    audit(page, selector)
    page.set_viewport_size({"width": 375, "height": 800})
    try:
        assert_fits(page, selector)
        audit(page, selector)
    finally:
        page.set_viewport_size({"width": 1024, "height": 900})


def visit(page, base, student, path=""):
    page.goto(f"{base}{UNIT}{path}?student={student}")
    if not path.startswith("studio"):
        expect(page.locator(f"{BLOCK}[data-ready='true']")).to_be_visible()
    return page


@pytest.fixture
def course(workbench_url):
    """The course's learners, known to the platform by name (none has opened the unit yet)."""
    users = get_user_model().objects
    for username, (first, last) in NAMES.items():
        users.create(username=username, first_name=first, last_name=last)
    return workbench_url


# -- 1. the author -----------------------------------------------------------------------------------------


def author_shapes_the_program(page, base):
    visit(page, base, "staff", "studio_view/")
    expect(page.get_by_role("group", name="General", exact=True)).to_be_visible()
    audit(page, ".mentoring-studio")

    page.get_by_role("button", name="Add learning area").click()
    new_area = area(page, 5)
    expect(new_area.get_by_label("Title", exact=True)).to_be_focused()
    page.keyboard.type(NEW_AREA)
    new_area.get_by_label("Description").fill("Sharing results with an audience and answering questions.")
    expect(new_area.get_by_label("ID", exact=True)).to_have_value("presenting-your-work")

    page.get_by_role("button", name="Add agenda item").click()
    item = agenda_item(page, 8)
    item.get_by_label("Title", exact=True).fill(NEW_ITEM)
    item.get_by_label("Suggested week").fill("10")
    item.get_by_label("Required for completion").check()
    item.get_by_role("group", name="Linked learning areas").get_by_label(NEW_AREA).check()
    item.get_by_label("Discussion prompts").fill("Which result will you present, and to whom?")

    # Two goals and two confirmed sessions are enough for this short program.
    page.get_by_label("Minimum goals").fill("2")
    page.get_by_label("Minimum confirmed sessions").fill("2")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.get_by_role("status")).to_have_text("Saved.")

    screenshot_editor(page, new_area)

    # The author preview shows the program as learners will read it.
    visit(page, base, "staff", "author_view/")
    expect(page.locator(BLOCK)).to_contain_text(NEW_ITEM)
    expect(page.locator(BLOCK)).to_contain_text("Hold at least 2 sessions, confirmed by both of you.")
    audit(page, BLOCK)


# -- 2. staff pair the learners ----------------------------------------------------------------------------


def staff_pair_from_a_csv_file(page, base, tmp_path):
    visit(page, base, "staff")
    pairs = tmp_path / "pairs.csv"
    # Daniel mentors Priya and Omar; a typo in the last row leaves Lena unpaired.
    pairs.write_text(f"mentor,mentee\n{MENTOR},{MENTEE}\n{MENTOR},{SECOND_MENTEE}\ndanial,{UNPAIRED}\n")
    page.get_by_label("CSV file").set_input_files(str(pairs))
    page.get_by_role("button", name="Preview the pairs").click()
    page.get_by_role("button", name=re.compile(r"^Confirm: pair")).click()
    staff = page.locator(".mentoring-staff")
    expect(staff).to_contain_text("Upload report: 2 of 3 rows paired")
    rows = staff.locator(".mentoring-report tr[data-outcome]")
    assert [row.get_attribute("data-outcome") for row in rows.all()] == ["created", "created", "unknown_user"]
    expect(rows.nth(2)).to_have_text(
        re.compile(r'^\s*4\s*danial\s*lena\s*Unknown user: No user "danial" in this course\.')
    )
    expect(staff).to_contain_text("2 active pairs")
    expect(staff.locator("tr[data-pair-row]")).to_have_count(2)


# -- 3. the pair at work -----------------------------------------------------------------------------------


def add_goal(page, statement, measure, area_title):
    goals = section(page, "goals")
    form = goals.locator("form[data-action='goal_add']")
    if not form.is_visible():
        goals.locator("summary", has_text="Add a goal").click()
    form.get_by_label("Goal statement").fill(statement)
    form.get_by_label("How we will measure success").fill(measure)
    # Within the program: four months from now.
    form.get_by_label("Target date").fill((timezone.localdate() + datetime.timedelta(weeks=17)).isoformat())
    form.get_by_label(area_title).check()
    form.get_by_role("button", name="Add the goal").click()
    expect(section(page, "goals").locator("[data-goal-id]", has_text=statement)).to_be_visible()


def log_session(page, agenda_titles, notes, action_item=None, done=None):
    sessions = section(page, "sessions")
    sessions.locator("summary", has_text="Log a session").click()
    form = sessions.locator("form[data-action='session_log']")
    for title in agenda_titles:
        form.get_by_label(title).check()
    form.get_by_label("Shared notes").fill(notes)
    form.get_by_label("What was useful?").fill("Talking it through with examples")
    if done:
        form.get_by_label(done).check()
    if action_item:
        form.get_by_label("Action item", exact=True).fill(action_item)
    form.get_by_role("button", name="Log the session").click()
    expect(section(page, "sessions").locator("[data-session-id]", has_text=notes)).to_contain_text(
        "Waiting for the partner"
    )


def add_progress(page, statement, value, note):
    goal = section(page, "goals").locator("[data-goal-id]", has_text=statement)
    goal.locator("summary", has_text="Add a progress update").click()
    goal.get_by_label("Progress (%)").fill(str(value))
    goal.get_by_label("Note").fill(note)
    goal.get_by_role("button", name="Add the update").click()
    expect(section(page, "goals").locator("[data-goal-id]", has_text=statement)).to_contain_text(
        f"{value}%, by Priya Nair"
    )


def confirm_session(page, notes):
    page.reload()
    logged = section(page, "sessions").locator("[data-session-id]", has_text=notes)
    logged.get_by_role("button", name="Confirm the session").click()
    expect(section(page, "sessions").locator("[data-session-id]", has_text=notes)).to_contain_text("Confirmed")


def submit_needs(mentee):
    card = fill_needs(mentee, BASELINE, AREAS)
    card.get_by_role("button", name="Submit the needs assessment").click()
    expect(round_card(mentee, "baseline").locator("li[data-rater='self']")).to_contain_text("submitted on")


def submit_both_rounds(page, rater, prefix):
    for round_, ratings in (("midpoint", MIDPOINT), ("final", FINAL)):
        submit_round(page, round_, ratings[rater], f"{prefix} {round_}", AREAS, QUESTIONS)


# -- 4. and 5. complete ------------------------------------------------------------------------------------


def assert_complete(page):
    expect(page.locator(".mentoring-progress .mentoring-label")).to_have_text(
        "Progress toward completion: 6 of 6 requirements met (100%)"
    )
    checklist = page.locator(".mentoring-header .mentoring-checklist li")
    expect(checklist).to_have_count(6)
    expect(page.locator(".mentoring-header .mentoring-checklist li:not(.is-met)")).to_have_count(0)
    open_section(page, "comparison")
    chart = page.get_by_role("img", name="Final assessment: ratings per learning area")
    expect(chart).to_be_visible()
    expect(chart.locator("rect.mentoring-bar")).to_have_count(15)
    assert table_numbers(page, "final", AREAS)["presenting-your-work"] == ["1", "4", "3", "+3", "+2", "+1"]
    expect(section(page, "agenda").locator("[data-agenda-id='rehearse-a-short-presentation']")).to_contain_text(
        "Covered on"
    )


def download_csv(page):
    with page.expect_download() as info:
        page.get_by_role("link", name="Download these pairs as CSV").click()
    with open(info.value.path(), encoding="utf-8", newline="") as handle:
        return info.value.suggested_filename, list(csv.DictReader(handle))


def test_the_whole_story_from_the_program_to_a_complete_pair(course, open_page, tmp_path):
    base = course

    # 1. The author shapes the program.
    author_shapes_the_program(open_page(), base)

    # The two learners open the unit before they are paired.
    mentee = visit(open_page(), base, MENTEE)
    expect(mentee.locator(BLOCK)).to_contain_text("You are not paired yet")
    expect(mentee.locator(BLOCK)).to_contain_text(NEW_ITEM)
    audit_at_both_widths(mentee)
    mentor = visit(open_page(), base, MENTOR)

    # 2. Staff pair them from a CSV file.
    staff = open_page()
    staff_pair_from_a_csv_file(staff, base, tmp_path)
    lena = visit(open_page(), base, UNPAIRED)
    expect(lena.locator(BLOCK)).to_contain_text("You are not paired yet")

    # 3. The pair at work, each in their own browser.
    mentee.reload()
    expect(mentee.locator(".mentoring-header h4")).to_have_text("Your partner: Daniel Okafor (Mentor)")
    expect(mentee.locator("[data-next-step]")).to_contain_text("Write your mentoring agreement together")
    audit_at_both_widths(mentee)
    # Daniel mentors two: he switches between them, Priya first.
    mentor.reload()
    expect(mentor.locator(".mentoring-header h4")).to_have_text("Your partner: Priya Nair (Mentee)")
    switcher = mentor.get_by_role("navigation", name="Your mentoring partners")
    expect(switcher.get_by_role("button", name="Priya Nair")).to_have_attribute("aria-pressed", "true")
    switcher.get_by_role("button", name="Omar Farouk").click()
    expect(mentor.locator(".mentoring-header h4")).to_have_text("Your partner: Omar Farouk (Mentee)")
    audit_at_both_widths(mentor)
    switcher.get_by_role("button", name="Priya Nair").click()
    expect(mentor.locator(".mentoring-header h4")).to_have_text("Your partner: Priya Nair (Mentee)")

    agree_and_sign(
        mentor,
        mentee,
        "Daniel Okafor",
        {
            "How often we meet": "Every two weeks, on Tuesday",
            "How we contact each other": "Course messages; a video call link for sessions",
            "Boundaries: what is off limits": "No messages at weekends",
            "What the mentee expects": "Honest feedback on my drafts",
            "What the mentor brings": "Ten years of presenting to clients",
        },
    )
    add_goal(
        mentee, "Present my project results to the class", "I present for ten minutes and take questions", NEW_AREA
    )
    add_goal(mentee, "Plan each study week on Monday", "Eight weeks planned in a row", "Habits and self-management")
    submit_needs(mentee)

    first = "We agreed the plan and picked the two goals."
    log_session(mentee, FIRST_SESSION, first, action_item="Draft the presentation outline")
    # Mid-flow: every form, history and disclosure open.
    open_everything(mentee)
    audit_at_both_widths(mentee)
    confirm_session(mentor, first)

    second = "Half-way review, then the rehearsal and the final review."
    log_session(mentor, SECOND_SESSION, second, done="Draft the presentation outline")
    confirm_session(mentee, second)
    add_progress(mentee, "Present my project results to the class", 60, "Rehearsed the talk with Daniel")
    expect(mentee.locator("[data-fact='sessions']")).to_have_text(re.compile(r"^\s*2\s"))

    submit_both_rounds(mentee, "self", "Priya")
    mentor.reload()
    expect(round_card(mentor, "final").locator("li[data-rater='self']")).to_contain_text("submitted on")
    submit_both_rounds(mentor, "mentor", "Daniel")

    # 4. Both see the unit complete: the checklist all done, and the comparison.
    mentee.reload()
    for page in (mentor, mentee):
        assert_complete(page)
    expect(round_card(mentee, "final")).to_contain_text("Daniel final comment")
    screenshot(mentee, "learner-workspace", mentee.locator(".mentoring-title"), section(mentee, "goals"))
    screenshot(mentee, "comparison-chart", mentee.locator("[data-comparison='final']"))
    audit_at_both_widths(mentee)
    open_everything(mentor)
    audit_at_both_widths(mentor)

    # 5. Staff see the pair complete, filter by status and download the CSV.
    staff.reload()
    expect(staff.locator(".mentoring-results")).to_have_text("All: showing 1–2 of 2 pairs.")
    row = staff.locator("tr[data-pair-row]", has_text="Priya Nair")
    expect(row.locator("td[data-stage='complete']")).to_have_text("Complete")
    expect(row.locator("td[data-col='completion']")).to_have_text("100%")
    expect(staff.locator("tr[data-pair-row]", has_text="Omar Farouk")).to_have_attribute("data-stage", "not_started")
    expect(staff.locator("tr[data-unpaired]")).to_have_attribute("data-unpaired", UNPAIRED)
    screenshot(staff, "staff-overview", staff.locator(".mentoring-staff"))
    staff.get_by_role("button", name="Complete (1)").click()
    expect(staff.locator(".mentoring-results")).to_have_text("Complete: showing 1–1 of 1 pair.")
    expect(staff.locator("tr[data-pair-row]")).to_have_count(1)
    expect(staff.locator("tr[data-pair-row]")).to_contain_text("Priya Nair")
    audit_at_both_widths(staff)

    name, rows = download_csv(staff)
    assert name == f"mentoring-pairs-complete-{timezone.localdate().isoformat()}.csv"
    assert len(rows) == 1
    row = rows[0]
    assert (row["mentor"], row["mentee"], row["status"], row["stage"], row["at_risk"]) == (
        MENTOR,
        MENTEE,
        "active",
        "complete",
        "false",
    )
    assert (row["sessions_confirmed"], row["agenda_covered"], row["agenda_required"]) == ("2", "6", "6")
    assert (row["goals_set"], row["actions_open"], row["assessments_submitted"]) == ("2", "0", "5")
    assert row["completion_percent"] == "100"

    # The drill-down: the pair's workspace, read only.
    staff.locator("tr[data-pair-row]", has_text="Priya Nair").get_by_role("button", name="Open").click()
    workspace = staff.locator(".mentoring-staff-workspace")
    expect(workspace.locator(".mentoring-header h5")).to_have_text("Daniel Okafor mentors Priya Nair")
    expect(workspace.locator("form[data-action]")).to_have_count(0)
    open_everything(staff)
    audit_at_both_widths(staff)
