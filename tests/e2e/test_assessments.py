"""In Chromium: a mentor and a mentee, each in their own browser, assess the mentee's progress on
their own, then read the comparison; course staff see the pair complete. With axe audits and the
375 px check of the assessment forms, a refused submit and the comparison chart."""

import datetime
import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from mentoring_xblock.models import Pair

from ..conftest import call_json, load_block
from .sections import open_everything, open_section, section
from .test_accessibility import assert_fits, audit

pytestmark = pytest.mark.django_db(transaction=True)

SCENARIO = "/scenario/mentorship.0/"
AREAS = {
    "sql": "Querying data",
    "storytelling": "Telling the story in the data",
    "stakeholders": "Working with stakeholders",
    "career": "Career direction",
}
SCALE = {1: "Just starting", 2: "Developing", 3: "Capable", 4: "Strong", 5: "Could teach others"}
QUESTIONS = {
    "improvement": "Where has the mentee improved most since the start?",
    "new-technique": "Which new technique did the mentee learn and use?",
    "impact": "What visible difference has it made to the mentee's work?",
    "satisfaction": "How satisfied are you with the mentoring so far, and why?",
    "recommend": "Would you recommend this mentoring program to a colleague?",
}
REQUIRED_AGENDA = ["kickoff", "needs", "smart-goals", "midpoint", "final-review"]

# Ratings per area in the order of AREAS.
BASELINE = [1, 2, 2, 3]
MIDPOINT = {"self": [2, 3, 2, 3], "mentor": [2, 2, 3, 3]}
FINAL = {"self": [4, 4, 3, 5], "mentor": [3, 4, 4, 4]}


def act(student, handler, data):
    status, body = call_json(load_block(student=student), handler, data)
    assert status == 200, body
    return body


@pytest.fixture
def demo_pair(workbench_url):
    call_command("load_demo", stdout=io.StringIO())
    return Pair.objects.get(mentee__username="mentee1")


@pytest.fixture
def all_but_assessed(demo_pair):
    """The demo pair mentor/mentee1 with every completion rule of the demo unit met but the final
    assessments: a signed agreement, two goals, six confirmed sessions covering the required agenda."""
    pair = demo_pair
    fields = {"cadence": "Every two weeks", "session_minutes": 45, "session_format": "video", "channels": "Email"}
    act("mentor", "agreement_save", {"pair_id": pair.pk, "version": 0, **fields})
    for student in ("mentor", "mentee1"):
        act(student, "agreement_sign", {"pair_id": pair.pk, "version": 1})
    for statement in ("Lead the churn analysis", "Present one finding to my team"):
        act(
            "mentee1",
            "goal_add",
            {"pair_id": pair.pk, "statement": statement, "measure": "Done", "target_date": "2099-01-01"},
        )
    for number in range(6):
        held = {
            "pair_id": pair.pk,
            "held_on": (pair.started_on + datetime.timedelta(days=number)).isoformat(),
            "minutes": 45,
            "session_format": "video",
            "agenda_items": REQUIRED_AGENDA if number == 0 else [],
        }
        session = act("mentee1", "session_log", held)["session"]
        act("mentor", "session_review", {"pair_id": pair.pk, "session_id": session["id"], "decision": "confirm"})
    pair.refresh_from_db()
    assert pair.stage == Pair.IN_PROGRESS
    return pair


def open_as(open_page, base, student, width=1024):
    page = open_page()
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{base}{SCENARIO}?student={student}")
    expect(page.locator(".mentoring-block[data-ready='true']")).to_be_visible()
    return page


def round_card(page, round_):
    return section(page, "assessments").locator(f"[data-round='{round_}']")


def open_form(page, round_):
    card = round_card(page, round_)
    details = card.locator("details.mentoring-editor")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
    return card


def rate(card, ratings, areas=AREAS):
    for title, value in zip(areas.values(), ratings, strict=True):
        group = card.get_by_role("group", name=title, exact=True)
        group.get_by_label(f"{value}: {SCALE[value]}", exact=True).check()


def answer(card, prefix, questions=QUESTIONS):
    for question_id, text in questions.items():
        card.get_by_label(text).fill(f"{prefix}: {question_id}")


def fill_needs(page, ratings=BASELINE, areas=AREAS):
    card = open_form(page, "baseline")
    card.get_by_label("Why is now the right time for mentoring?").fill("I start leading analyses next quarter")
    card.get_by_label("What outcome do you hope for?").fill("Present a finding my manager acts on")
    card.get_by_label("How much time can you give to it?").fill("Three hours a week")
    card.get_by_label("Strengths").fill("Patient with data")
    card.get_by_label("Threats").fill("Deadlines")
    rate(card, ratings, areas)
    return card


def submit_round(page, round_, ratings, prefix, areas=AREAS, questions=QUESTIONS):
    card = open_form(page, round_)
    rate(card, ratings, areas)
    answer(card, prefix, questions)
    card.get_by_label("Comment (optional)").fill(f"{prefix} comment")
    card.get_by_role("button", name="Submit my assessment").click()
    status = round_card(page, round_).locator("li[data-rater][data-submitted='true']")
    expect(status.filter(has_text="Yours")).to_contain_text("submitted on")


def table_numbers(page, round_, areas=AREAS):
    open_section(page, "comparison")
    table = page.locator(f"table[data-comparison-table='{round_}']")
    expect(table).to_be_visible()
    rows = {}
    for area in areas:
        cells = table.locator(f"tr[data-area='{area}'] td")
        rows[area] = [text.strip() for text in cells.all_inner_texts()]
    return rows


def test_a_pair_assesses_on_their_own_reads_the_comparison_and_staff_see_it_complete(
    workbench_url, all_but_assessed, open_page
):
    base = workbench_url
    mentee = open_as(open_page, base, "mentee1")
    mentor = open_as(open_page, base, "mentor")

    # The rounds wait for the needs assessment.
    expect(round_card(mentor, "final")).to_contain_text("opens once the mentee has submitted the needs assessment")

    # The mentee fills in the needs assessment, saves a draft, comes back and submits it.
    fill_needs(mentee)
    round_card(mentee, "baseline").get_by_role("button", name="Save a draft").click()
    expect(round_card(mentee, "baseline")).to_contain_text("draft saved on")
    mentee.reload()
    card = open_form(mentee, "baseline")
    expect(card.get_by_label("How much time can you give to it?")).to_have_value("Three hours a week")
    card.get_by_role("button", name="Submit the needs assessment").click()
    expect(round_card(mentee, "baseline").locator("li[data-rater='self']")).to_contain_text("submitted on")

    # The mentor reads it; the mid-point round is open to both.
    mentor.reload()
    expect(round_card(mentor, "baseline")).to_contain_text("I start leading analyses next quarter")
    expect(round_card(mentor, "baseline").locator("[data-area='sql']")).to_contain_text("1: Just starting")

    # Mid-point: the mentee submits first; the mentor sees only that she did.
    submit_round(mentee, "midpoint", MIDPOINT["self"], "Mentee mid-point")
    mentor.reload()
    midpoint = round_card(mentor, "midpoint")
    expect(midpoint.locator("li[data-rater='self']")).to_contain_text("submitted on")
    expect(midpoint.locator("[data-sealed]")).to_be_visible()
    expect(mentor.locator(".mentoring-block")).not_to_contain_text("Mentee mid-point")
    submit_round(mentor, "midpoint", MIDPOINT["mentor"], "Mentor mid-point")
    expect(round_card(mentor, "midpoint")).to_contain_text("Mentee mid-point comment")
    expect(mentor.locator("[data-comparison='midpoint'] svg[role='img']")).to_be_visible()

    # Final: this time the mentor saves a draft first, which the mentee never sees.
    card = open_form(mentor, "final")
    rate(card, FINAL["mentor"])
    card.get_by_label("Comment (optional)").fill("Mentor final draft")
    card.get_by_role("button", name="Save a draft").click()
    expect(round_card(mentor, "final")).to_contain_text("draft saved on")
    mentee.reload()
    expect(round_card(mentee, "final").locator("li[data-rater='mentor']")).to_contain_text("not submitted yet")
    expect(mentee.locator(".mentoring-block")).not_to_contain_text("Mentor final draft")
    submit_round(mentee, "final", FINAL["self"], "Mentee final")
    mentor.reload()
    expect(mentor.locator(".mentoring-block")).not_to_contain_text("Mentee final comment")
    card = open_form(mentor, "final")
    expect(card.get_by_role("group", name="Querying data", exact=True).get_by_label("3: Capable")).to_be_checked()
    submit_round(mentor, "final", FINAL["mentor"], "Mentor final")

    # Both read both, and the comparison: the chart and its table, every number right.
    mentee.reload()
    for page in (mentor, mentee):
        expect(round_card(page, "final")).to_contain_text("Mentee final comment")
        expect(round_card(page, "final")).to_contain_text("Mentor final comment")
        chart = section(page, "comparison").locator("[data-comparison='final'] svg.mentoring-chart")
        expect(chart).to_have_attribute("role", "img")
        expect(chart.locator("rect.mentoring-bar")).to_have_count(12)
        expect(chart.locator("g[data-area='career'] rect[data-series='self']")).to_have_attribute("data-value", "5")
        assert table_numbers(page, "final") == {
            "sql": ["1", "4", "3", "+3", "+2", "+1"],
            "storytelling": ["2", "4", "4", "+2", "+2", "0"],
            "stakeholders": ["2", "3", "4", "+1", "+2", "\u22121"],
            "career": ["3", "5", "4", "+2", "+1", "+1"],
        }
        assert table_numbers(page, "midpoint")["stakeholders"] == ["2", "2", "3", "0", "+1", "\u22121"]
        expect(page.locator("[data-requirement='final_self'].is-met")).to_have_count(1)
        expect(page.locator("[data-requirement='final_mentor'].is-met")).to_have_count(1)

    # Course staff see the pair complete.
    staff = open_as(open_page, base, "staff")
    row = staff.locator("tr[data-pair-row]", has_text="mentee1")
    expect(row.locator("[data-stage='complete']")).to_be_visible()


# -- accessibility -----------------------------------------------------------------------------------------


def needs_data(pair_id, **changes):
    return {
        "pair_id": pair_id,
        "round": "baseline",
        "why_now": "New role",
        "outcome": "Confidence",
        "time_available": "Two hours a week",
        "ratings": dict(zip(AREAS, BASELINE, strict=True)),
        **changes,
    }


def round_data(pair_id, round_, ratings):
    return {
        "pair_id": pair_id,
        "round": round_,
        "ratings": dict(zip(AREAS, ratings, strict=True)),
        "answers": {question: "An answer" for question in QUESTIONS},
        "comment": "A comment",
    }


@pytest.mark.parametrize("width", [1024, 375])
def test_assessment_forms_have_no_wcag_violations_and_fit(workbench_url, demo_pair, open_page, width):
    # The needs assessment is submitted, the mentee has a mid-point draft: every kind of form shows.
    act("mentee1", "assessment_submit", needs_data(demo_pair.pk))
    act("mentee1", "assessment_save", {"pair_id": demo_pair.pk, "round": "midpoint", "ratings": {"sql": 2}})
    for student in ("mentee1", "mentor"):
        page = open_as(open_page, workbench_url, student, width)
        open_everything(page)
        expect(round_card(page, "final").get_by_role("group", name="Querying data", exact=True)).to_be_visible()
        audit(page, ".mentoring-block")
        if width == 375:
            assert_fits(page, ".mentoring-block")


@pytest.mark.parametrize("width", [1024, 375])
def test_a_refused_submit_marks_each_missing_field_accessibly(
    workbench_url, demo_pair, open_page, browser_errors, width
):
    browser_errors.allow(400, "assessment_submit")
    page = open_as(open_page, workbench_url, "mentee1", width)
    card = open_form(page, "baseline")
    card.get_by_label("Why is now the right time for mentoring?").fill("New role")
    card.get_by_role("group", name="Querying data", exact=True).get_by_label("2: Developing").check()
    card.get_by_role("button", name="Submit the needs assessment").click()

    expect(card.locator(".mentoring-form-status[role='alert']")).to_contain_text("5 fields need attention")
    outcome = card.get_by_label("What outcome do you hope for?")
    expect(outcome).to_have_attribute("aria-invalid", "true")
    expect(outcome).to_be_focused()
    story = card.get_by_role("group", name="Telling the story in the data", exact=True)
    expect(story.locator(".mentoring-field-error")).to_have_text("Choose a rating for this area.")
    for radio in story.get_by_role("radio").all():
        expect(radio).to_have_attribute("aria-invalid", "true")
        expect(radio).to_have_accessible_description(re.compile("Choose a rating for this area."))
    sql = card.get_by_role("group", name="Querying data", exact=True)
    expect(sql.locator(".mentoring-field-error")).to_have_count(0)
    audit(page, ".mentoring-block")
    if width == 375:
        assert_fits(page, ".mentoring-block")


@pytest.mark.parametrize("width", [1024, 375])
def test_the_comparison_chart_has_no_wcag_violations_and_fits(workbench_url, demo_pair, open_page, width):
    act("mentee1", "assessment_submit", needs_data(demo_pair.pk))
    for round_, ratings in (("midpoint", MIDPOINT), ("final", FINAL)):
        act("mentee1", "assessment_submit", round_data(demo_pair.pk, round_, ratings["self"]))
        act("mentor", "assessment_submit", round_data(demo_pair.pk, round_, ratings["mentor"]))
    page = open_as(open_page, workbench_url, "mentee1", width)
    chart = section(page, "comparison").locator("[data-comparison='final'] svg.mentoring-chart")
    expect(chart).to_be_visible()
    expect(page.get_by_role("img", name="Final assessment: ratings per learning area")).to_be_visible()
    expect(page.get_by_role("table", name="Final assessment: ratings and changes per learning area")).to_be_visible()
    box = chart.bounding_box()
    assert box["width"] <= width and box["height"] > 100
    audit(page, ".mentoring-block")
    if width == 375:
        assert_fits(page, ".mentoring-block")
