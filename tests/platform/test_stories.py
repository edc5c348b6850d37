"""The main stories, told through both runtimes: the xblock-sdk workbench and the LMS-faithful one.

Staff pair two learners before either opened the unit; the pair agrees, sets a goal and signs,
and each member's progress credits the other; the mentee and the mentor assess the mentee
independently; staff read the overview, download it, and get the Data Download report; a learner
is retired; an author saves the program in Studio and it survives an OLX round trip; the author
tightens and loosens a complete pair's rules (in Studio, by an OLX import) and every figure follows.
"""

import copy
import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from waffle.testutils import override_switch

from mentoring_xblock.models import Pair
from mentoring_xblock.pairs import retirement

from .conftest import COMPLETION_SWITCH
from .drivers import LmsDriver, WorkbenchDriver
from .story import agreement, goal

AREAS = ("direction", "skills", "communication", "habits")
QUESTIONS = ("improvement", "new-approach", "obstacle", "impact", "satisfaction", "recommend")
GOAL = "Lead the quarterly churn analysis on my own"


@pytest.fixture(params=[WorkbenchDriver, LmsDriver], ids=["workbench", "lms"])
def unit(request, db):
    with override_switch(COMPLETION_SWITCH, active=True):
        driver = request.param()
        with driver.platform():
            yield driver


@pytest.fixture
def pair_id(unit):
    """Maya Ortiz mentors Bruno Costa; staff paired them before either opened the unit."""
    unit.add_user("maya", "Maya Ortiz")
    unit.add_user("bruno", "Bruno Costa")
    # These stories run a pair's months in one day: the unit is paced free (a new unit of the LMS
    # is guided, the workbench's imported one free; the guided story is told at the end).
    if unit.program()["pacing"] != "free":
        ok(unit.studio_save(unit.staff, {**unit.program(), "pacing": "free"}))
    status, body = unit.call(unit.staff, "staff_add_pair", {"mentor": "maya", "mentee": "bruno"})
    assert status == 200, body
    return body["pair"]["id"]


def ok(answer):
    status, body = answer
    assert status == 200, body
    return body


def agree(unit, pair_id):
    """Maya writes and signs the agreement, Bruno signs it and adds a goal."""
    ok(unit.call("maya", "agreement_save", agreement(pair_id)))
    ok(unit.call("maya", "agreement_sign", {"pair_id": pair_id, "version": 1}))
    ok(unit.call("bruno", "agreement_sign", {"pair_id": pair_id, "version": 1}))
    ok(unit.call("bruno", "goal_add", goal(pair_id, GOAL)))


def round_of(pair_id, name, rating):
    return {
        "pair_id": pair_id,
        "round": name,
        "ratings": {area: rating for area in AREAS},
        "answers": {question: "Steady progress" for question in QUESTIONS},
        "comment": f"{name} comment",
    }


def test_staff_pair_learners_before_their_first_visit_and_each_members_work_credits_the_other(unit, pair_id):
    staff_page = unit.render(unit.staff)
    assert "Maya Ortiz" in staff_page and "Bruno Costa" in staff_page
    agree(unit, pair_id)
    # Bruno's last two writes changed the pair's progress: Maya, who has not opened the unit
    # since, was credited through the platform's completion service each time.
    share = Pair.objects.get(pk=pair_id).progress
    assert share > 0
    assert unit.completion("maya") == share
    page = unit.render("bruno")
    assert "Maya Ortiz" in page and 'data-fold="goals"' in page  # goals set: the section shows closed
    goals = ok(unit.call("bruno", "workspace_state", {"pair_id": pair_id, "sections": ["goals"]}))["sections"]
    assert GOAL in goals["goals"]  # and shows them once opened


def test_the_mentee_and_the_mentor_assess_independently(unit, pair_id):
    needs = {**round_of(pair_id, "baseline", 2), "why_now": "A new role", "outcome": "Lead one analysis"}
    needs["time_available"] = "Two hours a week"
    ok(unit.call("bruno", "assessment_submit", needs))
    ok(unit.call("bruno", "assessment_submit", round_of(pair_id, "midpoint", 3)))
    sealed = ok(unit.call("maya", "workspace_state", {"pair_id": pair_id}))["html"]
    assert "midpoint comment" not in sealed  # Bruno's round stays sealed until Maya submits hers
    ok(unit.call("maya", "assessment_submit", round_of(pair_id, "midpoint", 4)))
    opened = ok(unit.call("maya", "workspace_state", {"pair_id": pair_id}))["html"]
    assert "midpoint comment" in opened


def test_staff_read_the_overview_download_it_and_get_the_data_download_report(unit, pair_id):
    agree(unit, pair_id)
    unit.render("maya")
    unit.render("bruno")
    rows = ok(unit.call(unit.staff, "staff_pairs", {}))["pairs"]
    assert [(row["mentor"], row["mentee"]) for row in rows] == [("maya", "bruno")]
    status, body = unit.download(unit.staff, "staff_export")
    assert status == 200
    exported = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert [(row["mentor"], row["mentee"], row["goals_set"]) for row in exported] == [("maya", "bruno", "1")]
    report = {(name, row["role"], row["partner"]) for name, row in unit.report()}
    assert report == {("maya", "mentor", "bruno"), ("bruno", "mentee", "maya")}


def test_a_retired_learners_names_and_words_are_erased_and_the_partner_keeps_the_pairs_record(unit, pair_id):
    agree(unit, pair_id)
    retirement.erase_retired_user(sender=None, user=get_user_model().objects.get(username="bruno"))
    page = ok(unit.call("maya", "workspace_state", {"pair_id": pair_id}))["html"]
    assert "Bruno Costa" not in page and GOAL not in page
    assert "A former participant" in page and "[removed]" in page


def test_an_author_saves_the_program_in_studio_and_it_survives_an_olx_round_trip(unit):
    program = {**unit.program(), "display_name": "Mentoring for analysts", "duration_weeks": 30, "weight": 2.0}
    program["learning_areas"] = [*program["learning_areas"], {"id": "sql", "title": "Querying data", "description": ""}]
    saved = ok(unit.studio_save(unit.staff, program))["program"]
    assert (saved["display_name"], saved["weight"]) == ("Mentoring for analysts", 2.0)
    assert "Mentoring for analysts" in unit.render(unit.staff)
    olx = unit.export_olx()
    assert 'display_name="Mentoring for analysts"' in olx and 'weight="2.0"' in olx
    imported = unit.import_olx(olx)
    assert imported == unit.program()
    assert [area["id"] for area in imported["learning_areas"]][-1] == "sql"


# -- a program change: every figure follows the program -------------------------------------------------

WRAP_UP = "wrap-up"


def complete(unit, pair_id):
    """Maya and Bruno meet every requirement of the default program (six of them)."""
    agree(unit, pair_id)
    required = [item["id"] for item in unit.program()["agenda"] if item["required"]]
    # Staff paired them today: six meetings on their first day.
    data = {"pair_id": pair_id, "held_on": timezone.localdate().isoformat(), "minutes": 45, "session_format": "video"}
    for n in range(6):
        session = ok(unit.call("maya", "session_log", {**data, "agenda_items": required, "notes": f"Meeting {n}"}))
        review = {"pair_id": pair_id, "session_id": session["session"]["id"], "decision": "confirm"}
        ok(unit.call("bruno", "session_review", review))
    needs = {**round_of(pair_id, "baseline", 2), "why_now": "A new role", "outcome": "Lead one analysis"}
    ok(unit.call("bruno", "assessment_submit", {**needs, "time_available": "Two hours a week"}))
    ok(unit.call("bruno", "assessment_submit", round_of(pair_id, "final", 4)))
    ok(unit.call("maya", "assessment_submit", round_of(pair_id, "final", 4)))


def with_wrap_up(program):
    """``program`` with one more required agenda item, which no session covered."""
    tighter = copy.deepcopy(program)
    item = {**copy.deepcopy(tighter["agenda"][-1]), "id": WRAP_UP, "title": "Wrap-up letter", "required": True}
    tighter["agenda"].append(item)
    return tighter


def figures(unit, pair_id):
    """Every figure of the pair that users see, each read as its reader reads it (each may be the
    first read after the change). The Instructor Dashboard comes first: it loads no block of its
    own, and must agree before any learner or staff member has opened the unit."""
    found = {}
    (course_unit,) = unit.dashboard()
    found["dashboard"] = (course_unit.complete, course_unit.in_progress, course_unit.percent_complete)
    (glance,) = unit.programme()  # the program at a glance on the same page
    found["programme"] = (glance.total, glance.complete, glance.in_progress, glance.funnel["complete"])
    found["checklist"] = unit.render("bruno")  # the mentee's visit also publishes his completion
    staff = ok(unit.call(unit.staff, "staff_pairs", {}))
    (row,) = [row for row in staff["pairs"] if row["id"] == pair_id]
    found["staff row"] = (row["stage"], row["completion_percent"])
    found["complete filter"] = staff["counts"]["complete"]
    status, body = unit.download(unit.staff, "staff_export")
    assert status == 200
    (exported,) = csv.DictReader(io.StringIO(body.decode("utf-8-sig")))
    found["csv"] = (exported["stage"], exported["completion_percent"])
    found["report"] = {(name, row["stage"], row["completion_percent"]) for name, row in unit.report()}
    found["completion"] = unit.published("bruno")
    found["score"] = unit.score("bruno")
    return found


def assert_complete(found, unit):
    assert "6 of 6 requirements met (100%)" in found["checklist"]
    assert found["staff row"] == ("complete", 100)
    assert found["complete filter"] == 1
    assert found["csv"] == ("complete", "100")
    assert found["report"] == {("maya", "complete", 100), ("bruno", "complete", 100)}
    assert found["dashboard"] == (1, 0, 100)
    assert found["programme"] == (1, 1, 0, 1)
    assert found["completion"] == 1.0
    assert found["score"] == (None if unit.name == "workbench" else (1.0, 1.0))


def assert_five_of_six(found, unit):
    assert "5 of 6 requirements met (83%)" in found["checklist"]
    assert found["staff row"] == ("in_progress", 83)
    assert found["complete filter"] == 0
    assert found["csv"] == ("in_progress", "83")
    assert found["report"] == {("maya", "in_progress", 83), ("bruno", "in_progress", 83)}
    assert found["dashboard"] == (0, 1, 0)
    assert found["programme"] == (1, 0, 1, 0)
    assert found["completion"] == pytest.approx(5 / 6)
    assert found["score"] == (None if unit.name == "workbench" else (pytest.approx(5 / 6), 1.0))


def test_an_author_tightens_a_complete_pairs_rules_in_studio_and_every_figure_follows(unit, pair_id):
    complete(unit, pair_id)
    assert_complete(figures(unit, pair_id), unit)
    program = unit.program()
    ok(unit.studio_save(unit.staff, with_wrap_up(program)))
    assert_five_of_six(figures(unit, pair_id), unit)
    ok(unit.studio_save(unit.staff, program))  # the item is removed again
    assert_complete(figures(unit, pair_id), unit)


def test_a_unit_reimported_with_tighter_rules_counts_every_pair_again(unit, pair_id):
    complete(unit, pair_id)
    assert_complete(figures(unit, pair_id), unit)
    olx = unit.export_olx()
    ok(unit.studio_save(unit.staff, with_wrap_up(unit.program())))
    tighter = unit.export_olx()
    ok(unit.studio_save(unit.staff, unit.program() | {"agenda": unit.program()["agenda"][:-1]}))
    assert_complete(figures(unit, pair_id), unit)
    unit.reimport_olx(tighter)
    assert [item["id"] for item in unit.program()["agenda"]][-1] == WRAP_UP
    assert_five_of_six(figures(unit, pair_id), unit)
    unit.reimport_olx(olx)
    assert_complete(figures(unit, pair_id), unit)


# -- pacing ------------------------------------------------------------------------------------------


def test_a_new_lms_unit_is_guided_its_later_rounds_open_on_their_days_and_a_stored_one_stays_free(db):
    with override_switch(COMPLETION_SWITCH, active=True):
        unit = LmsDriver()
        with unit.platform():
            assert unit.program()["pacing"] == "guided"  # nothing stored yet: a new unit
            unit.add_user("maya", "Maya Ortiz")
            unit.add_user("bruno", "Bruno Costa")
            pair_id = ok(unit.call(unit.staff, "staff_add_pair", {"mentor": "maya", "mentee": "bruno"}))["pair"]["id"]
            needs = {**round_of(pair_id, "baseline", 2), "why_now": "A new role", "outcome": "Lead one analysis"}
            ok(unit.call("bruno", "assessment_submit", {**needs, "time_available": "Two hours a week"}))
            status, body = unit.call("bruno", "assessment_submit", round_of(pair_id, "midpoint", 3))
            assert (status, body["error"]["code"]) == (409, "round_not_open")
            assert body["error"]["message"].startswith("Mid-point assessment opens on ")
            page = ok(unit.call("bruno", "workspace_state", {"pair_id": pair_id}))["html"]
            assert "Opens on " in page and "Suggested for the week of " in page
            # The author saves it free: as every unit stored before pacing, the rounds open at once.
            ok(unit.studio_save(unit.staff, {**unit.program(), "pacing": "free"}))
            ok(unit.call("bruno", "assessment_submit", round_of(pair_id, "midpoint", 3)))
