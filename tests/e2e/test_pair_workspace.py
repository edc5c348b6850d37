"""In Chromium: a mentor and a mentee, each in their own browser, work through their workspace."""

import datetime
import re

import pytest
from playwright.sync_api import expect

from mentoring_xblock.models import Pair, Session

from .sections import section

pytestmark = pytest.mark.django_db(transaction=True)

SCENARIO = "/scenario/mentorship.0/"


def open_as(open_page, base, student):
    page = open_page()
    page.goto(f"{base}{SCENARIO}?student={student}")
    expect(page.locator(".mentoring-block[data-ready='true']")).to_be_visible()
    return page


def agree_and_sign(mentor, mentee, mentor_name, fields):
    """The mentor fills in the agreement (``fields``: label to text), saves and signs version 1;
    the mentee, after a reload, reads it and signs it too."""
    agreement = section(mentor, "agreement")
    for label, text in fields.items():
        agreement.get_by_label(label).fill(text)
    agreement.get_by_role("button", name="Save the agreement").click()
    expect(section(mentor, "agreement")).to_contain_text("Version 1")
    section(mentor, "agreement").get_by_role("button", name="Sign version 1").click()
    expect(section(mentor, "agreement")).to_contain_text(f"{mentor_name} (Mentor) signed version 1")

    mentee.reload()
    for text in fields.values():
        expect(section(mentee, "agreement")).to_contain_text(text)
    section(mentee, "agreement").get_by_role("button", name="Sign version 1").click()
    expect(section(mentee, "agreement")).to_contain_text("Signed by both of you.")


def test_mentor_and_mentee_agree_set_a_goal_log_and_confirm_a_session(demo_url, open_page):
    mentor = open_as(open_page, demo_url, "mentor")
    mentee = open_as(open_page, demo_url, "mentee1")
    expect(mentor.locator(".mentoring-header h4")).to_contain_text("Sam Lee")
    expect(mentee.locator(".mentoring-header h4")).to_contain_text("Maya Ortiz")

    # The mentor drafts the agreement (cadence, length and format come prefilled) and signs it;
    # the mentee reads it and signs too.
    agree_and_sign(
        mentor,
        mentee,
        "Maya Ortiz",
        {
            "How we contact each other": "Course messages, and a video call link",
            "Boundaries: what is off limits": "No calls at weekends",
        },
    )

    # The mentee adds a SMART goal, then a progress update.
    goals = section(mentee, "goals")
    goals.get_by_label("Goal statement").fill("Present one analysis to my team")
    goals.get_by_label("How we will measure success").fill("The team acts on one finding")
    goals.get_by_label("Target date").fill("2099-06-30")
    goals.get_by_label("Telling the story in the data").check()
    goals.get_by_role("button", name="Add the goal").click()
    goal = section(mentee, "goals").locator("[data-goal-id]").first
    expect(goal).to_contain_text("Present one analysis to my team")
    goal.locator("summary", has_text="Add a progress update").click()
    goal.get_by_label("Progress (%)").fill("30")
    goal.get_by_label("Note").fill("Outline agreed")
    goal.get_by_role("button", name="Add the update").click()
    expect(section(mentee, "goals")).to_contain_text("30%, by Sam Lee")
    expect(section(mentee, "goals")).to_contain_text("In progress")

    # The mentee logs the kickoff session with an action item.
    sessions = section(mentee, "sessions")
    sessions.locator("summary", has_text="Log a session").click()
    sessions.get_by_label("Kickoff: meet and set expectations").check()
    sessions.get_by_label("Shared notes").fill("We met and planned the first month.")
    sessions.get_by_label("What was useful?").fill("A clear plan")
    sessions.get_by_label("Action item", exact=True).fill("Share last quarter's report")
    sessions.get_by_role("button", name="Log the session").click()
    logged = section(mentee, "sessions").locator("[data-session-id]").first
    expect(logged).to_contain_text("Waiting for the partner")
    expect(section(mentee, "agenda").locator("[data-agenda-id='kickoff']")).to_contain_text("waiting for confirmation")

    # The mentor confirms it; both now see the agenda item covered.
    mentor.reload()
    session = section(mentor, "sessions").locator("[data-session-id]").first
    session.get_by_role("button", name="Confirm the session").click()
    expect(section(mentor, "sessions").locator("[data-session-id]").first).to_contain_text("Confirmed")
    expect(section(mentor, "agenda").locator("[data-agenda-id='kickoff']")).to_contain_text("Covered on")
    expect(section(mentor, "actions")).to_contain_text("Share last quarter's report")
    mentee.reload()
    expect(section(mentee, "agenda").locator("[data-agenda-id='kickoff']")).to_contain_text("Covered on")
    expect(mentee.locator("[data-fact='sessions']")).to_have_text(re.compile(r"^\s*1\s"))


def test_a_mentor_switches_between_mentees_without_leaving_the_unit(demo_url, open_page):
    mentor = open_as(open_page, demo_url, "mentor")
    expect(mentor.locator(".mentoring-header h4")).to_contain_text("Sam Lee")
    mentor.get_by_role("button", name="Noor Haddad").click()
    expect(mentor.locator(".mentoring-header h4")).to_contain_text("Noor Haddad")
    expect(mentor.get_by_role("button", name="Noor Haddad")).to_have_attribute("aria-pressed", "true")
    assert "/scenario/mentorship.0/" in mentor.url


def test_two_learners_pair_themselves_with_an_invite_code(demo_url, open_page):
    mentee = open_as(open_page, demo_url, "learner")
    invite = mentee.locator("section[data-section='invite']")
    invite.get_by_label("Mentee").check()
    invite.get_by_role("button", name="Create a code").click()
    code = mentee.locator(".mentoring-code").first
    expect(code).to_have_text(re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}$"))

    mentor = open_as(open_page, demo_url, "peer")
    mentor.get_by_label("Enter the code your partner gave you").fill(code.inner_text().lower())
    mentor.get_by_role("button", name="Join my partner").click()
    expect(mentor.locator(".mentoring-header h4")).to_contain_text("Your partner: learner (Mentee)")
    mentee.reload()
    expect(mentee.locator(".mentoring-header h4")).to_contain_text("Your partner: peer (Mentor)")


def test_a_long_history_opens_in_full_on_demand_and_focus_stays_with_it(demo_url, open_page):
    pair = Pair.objects.get(mentee__username="mentee1")
    Session.objects.bulk_create(
        Session(course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, logged_by=pair.mentor,
                held_on=pair.started_on + datetime.timedelta(days=n % 20), minutes=30, session_format="video",
                confirmation=Session.CONFIRMED, notes=f"Meeting {n}")
        for n in range(12)
    )  # fmt: skip
    mentee = open_as(open_page, demo_url, "mentee1")
    sessions = section(mentee, "sessions")
    expect(sessions.locator("li.mentoring-card")).to_have_count(10)
    expect(sessions).to_contain_text("Showing the 10 most recent of 12 sessions.")

    sessions.get_by_role("button", name="Show all sessions").click()
    expect(section(mentee, "sessions").locator("li.mentoring-card")).to_have_count(12)
    expect(section(mentee, "sessions").get_by_role("button", name="Show all sessions")).to_have_count(0)
    expect(mentee.locator("h4[id$='-sessions']")).to_be_focused()
    expect(mentee.locator(".mentoring-live")).to_have_text("The whole history is shown.")


def test_a_goal_at_100_percent_is_marked_achieved_and_a_signed_agreement_warns_before_a_change(demo_url, open_page):
    mentor = open_as(open_page, demo_url, "mentor")
    mentee = open_as(open_page, demo_url, "mentee1")
    agree_and_sign(mentor, mentee, "Maya Ortiz", {"How we contact each other": "Course messages"})
    # Both signed: the change form says, before saving, that completion waits for both signatures.
    agreement = section(mentee, "agreement")
    agreement.locator("summary", has_text="Change the agreement").click()
    expect(agreement.locator("[data-resign-note]")).to_contain_text("completion waits until both of you sign it")
    agreement.get_by_label("How we contact each other").fill("Course messages and email")
    agreement.get_by_role("button", name="Save the agreement").click()
    expect(section(mentee, "agreement")).to_contain_text("Version 2")
    expect(mentee.locator(".mentoring-live")).to_have_text(re.compile("counts as signed toward completion again"))

    goals = section(mentee, "goals")
    goals.get_by_label("Goal statement").fill("Present one analysis to my team")
    goals.get_by_label("How we will measure success").fill("The team acts on one finding")
    goals.get_by_label("Target date").fill("2099-06-30")
    goals.get_by_role("button", name="Add the goal").click()
    goal = section(mentee, "goals").locator("[data-goal-id]").first
    goal.locator("summary", has_text="Add a progress update").click()
    goal.get_by_label("Progress (%)").fill("100")
    goal.get_by_role("button", name="Add the update").click()
    goal = section(mentee, "goals").locator("[data-goal-id]").first
    expect(goal).to_contain_text("In progress")
    goal.get_by_role("button", name=re.compile("^Mark as achieved")).click()
    goal = section(mentee, "goals").locator("[data-goal-id]").first
    expect(goal.locator(".mentoring-pill")).to_have_text("Achieved")
    expect(goal.get_by_role("button", name=re.compile("^Mark as achieved"))).to_have_count(0)
    expect(mentee.locator(".mentoring-live")).to_have_text("Saved. The goal is marked as achieved.")
