"""The needs assessment and the assessment rounds: what is checked, what is final, who writes
what, and what each viewer sees of a round before and after both raters submit."""

import functools
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring_xblock.core.errors import Conflict, InvalidInput, NotAllowed
from mentoring_xblock.models import Assessment
from mentoring_xblock.pairs import access, agreement, tracking
from mentoring_xblock.ui import workspace
from mentoring_xblock.web.actions import jsonable

from .. import people, sent
from ..people import TODAY, staff_actor

pytestmark = pytest.mark.django_db

context = functools.partial(people.context, today=TODAY)
member = functools.partial(people.member, today=TODAY)

AREAS = ["direction", "skills", "communication", "habits"]
QUESTIONS = ["improvement", "new-approach", "obstacle", "impact", "satisfaction", "recommend"]
SECRET_DRAFT = "My draft says the mentor talks too much"
SECRET_SUBMITTED = "Submitted words the partner must not read yet"


def needs(**changes):
    """A complete needs assessment (the baseline): every area rated 2."""
    data = {
        "round": "baseline",
        "why_now": "I start a new job next month",
        "outcome": "Confidence in my first analysis",
        "time_available": "Two hours a week",
        "swot": {"strengths": "Curious", "weaknesses": "Slow with SQL", "opportunities": "", "threats": ""},
        "ratings": dict.fromkeys(AREAS, 2),
        "comment": "",
    }
    return {**data, **changes}


def rated(round_, ratings=None, **changes):
    """A complete assessment of ``round_``: every area rated (3 unless given), every question answered."""
    data = {
        "round": round_,
        "ratings": ratings or dict.fromkeys(AREAS, 3),
        "answers": {question: f"Answer to {question}" for question in QUESTIONS},
        "comment": "Good work",
    }
    return {**data, **changes}


def save(name, pair, data, **context_args):
    return sent.save_assessment(*member(name, pair, **context_args), data)


def submit(name, pair, data, **context_args):
    return sent.submit_assessment(*member(name, pair, **context_args), data)


def view(who, pair, **context_args):
    ctx = context(who, **context_args)
    found, role = access.pair_for(ctx, pair.pk, write=False)
    return workspace.view(ctx, found, role)


def round_of(data, round_):
    return next(entry for entry in data["assessments"]["rounds"] if entry["round"] == round_)


def rater_of(data, round_, rater):
    return next(entry for entry in round_of(data, round_)["raters"] if entry["rater"] == rater)


def refused(error_type, call, *args, **kwargs):
    with pytest.raises(error_type) as raised:
        call(*args, **kwargs)
    return raised.value


# -- the needs assessment --------------------------------------------------------------------------------


def test_a_submitted_needs_assessment_is_the_baseline_everyone_in_the_pair_can_read(pair):
    saved = submit("ana", pair, needs(ratings={"direction": 1, "skills": "2", "communication": 3, "habits": 4}))
    assert (saved.round, saved.rater, saved.author.username) == ("baseline", "self", "ana")
    assert saved.submitted_at is not None
    assert saved.ratings == {"direction": 1, "skills": 2, "communication": 3, "habits": 4}
    assert saved.answers == {
        "why_now": "I start a new job next month",
        "outcome": "Confidence in my first analysis",
        "time_available": "Two hours a week",
        "swot": {"strengths": "Curious", "weaknesses": "Slow with SQL"},
    }

    mentor_sees = rater_of(view("mira", pair), "baseline", "self")["content"]
    assert [n["text"] for n in mentor_sees["needs"]] == [
        "I start a new job next month",
        "Confidence in my first analysis",
        "Two hours a week",
    ]
    assert [(s["label"], s["text"]) for s in mentor_sees["swot"]] == [
        ("Strengths", "Curious"),
        ("Weaknesses", "Slow with SQL"),
    ]
    assert [(r["area_id"], r["value"], r["label"]) for r in mentor_sees["ratings"]] == [
        ("direction", 1, "Just starting"),
        ("skills", 2, "Developing"),
        ("communication", 3, "Capable"),
        ("habits", 4, "Strong"),
    ]
    # Submitted, the mentee's form is gone: the needs assessment is read-only now.
    assert round_of(view("ana", pair), "baseline")["can_write"] is False


def test_submitting_the_needs_assessment_names_every_missing_field(pair):
    data = needs(why_now="  ", outcome=None, time_available="", ratings={"skills": 3}, swot={})
    error = refused(InvalidInput, submit, "ana", pair, data)
    assert error.status == 400
    assert error.fields == {
        "why_now": "This field is required.",
        "outcome": "This field is required.",
        "time_available": "This field is required.",
        "ratings.direction": "Choose a rating for this area.",
        "ratings.communication": "Choose a rating for this area.",
        "ratings.habits": "Choose a rating for this area.",
    }
    assert "6 fields need attention" in error.message
    assert list(error.fields)[:3] == ["why_now", "outcome", "time_available"]  # the form's order: focus goes first
    assert not Assessment.objects.exists()


def test_submitting_a_round_names_every_unrated_area_and_unanswered_question(pair):
    submit("ana", pair, needs())
    data = rated("final", ratings={"direction": 4, "skills": 4}, answers={"improvement": "SQL", "impact": " "})
    error = refused(InvalidInput, submit, "mira", pair, data)
    assert error.fields == {
        "ratings.communication": "Choose a rating for this area.",
        "ratings.habits": "Choose a rating for this area.",
        "answers.new-approach": "Answer this question.",
        "answers.obstacle": "Answer this question.",
        "answers.impact": "Answer this question.",
        "answers.satisfaction": "Answer this question.",
        "answers.recommend": "Answer this question.",
    }
    assert list(error.fields)[0] == "ratings.communication"
    assert not Assessment.objects.filter(round="final").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ratings": {"skills": 6}}, "ratings.skills", "Choose one of the points of the scale."),
        ({"ratings": {"skills": 0}}, "ratings.skills", "Choose one of the points of the scale."),
        ({"ratings": {"skills": "three"}}, "ratings.skills", "Choose one of the points of the scale."),
        ({"ratings": {"skills": True}}, "ratings.skills", "Choose one of the points of the scale."),
        ({"ratings": {"skills": 2.5}}, "ratings.skills", "Choose one of the points of the scale."),
        ({"ratings": {"cooking": 2}}, "ratings", 'Unknown learning area: "cooking".'),
        ({"ratings": [2, 3]}, "ratings", "Expected a rating per learning area."),
        ({"answers": {"weather": "Sunny"}}, "answers", 'Unknown question: "weather".'),
        ({"answers": "All good"}, "answers", "Expected an answer per question."),
        ({"answers": {"impact": 42}}, "answers.impact", "Enter text."),
        ({"answers": {"impact": "x" * 2001}}, "answers.impact", "Use at most 2000 characters."),
        ({"comment": "x" * 4001}, "comment", "Use at most 4000 characters."),
        ({"comment": "bell \x07"}, "comment", "This text contains characters that cannot be saved."),
    ],
)
def test_a_round_refuses_wrong_values_field_by_field_even_in_a_draft(pair, changes, field, message):
    submit("ana", pair, needs())
    for write in (save, submit):
        error = refused(InvalidInput, write, "ana", pair, rated("final", **changes))
        assert error.fields[field] == message
    assert not Assessment.objects.filter(round="final").exists()


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"time_available": "x" * 201}, "time_available", "Use at most 200 characters."),
        ({"swot": "Strong"}, "swot", "Expected the four parts of the SWOT."),
        ({"swot": {"threats": ["a"]}}, "swot.threats", "Enter text."),
        ({"why_now": 7}, "why_now", "Enter text."),
    ],
)
def test_the_needs_assessment_refuses_wrong_values_field_by_field(pair, changes, field, message):
    error = refused(InvalidInput, save, "ana", pair, needs(**changes))
    assert error.fields[field] == message


# -- drafts and the final submit ---------------------------------------------------------------------------


def test_a_draft_may_be_partial_and_each_save_replaces_it(pair):
    draft = save("ana", pair, {"round": "baseline", "why_now": "New job", "ratings": {"skills": 2}})
    assert (draft.submitted_at, draft.ratings, draft.answers) == (
        None,
        {"skills": 2},
        {"why_now": "New job", "swot": {}},
    )
    again = save("ana", pair, {"round": "baseline", "outcome": "Confidence", "ratings": {"habits": "4", "skills": ""}})
    assert again.pk == draft.pk
    assert (again.ratings, again.answers) == ({"habits": 4}, {"outcome": "Confidence", "swot": {}})
    assert Assessment.objects.count() == 1

    # The form starts from the draft.
    baseline = round_of(view("ana", pair), "baseline")
    assert baseline["can_write"] is True
    checked = {area["id"]: [p["value"] for p in area["points"] if p["checked"]] for area in baseline["form"]["areas"]}
    assert checked == {"direction": [], "skills": [], "communication": [], "habits": [4]}
    assert baseline["form"]["needs"] == {"why_now": "", "outcome": "Confidence", "time_available": ""}
    assert baseline["own"]["ratings"] == {"habits": 4}
    assert rater_of(view("ana", pair), "baseline", "self")["draft_saved_at"] is not None


def test_submitting_is_final_a_second_submit_or_a_later_save_is_a_conflict(pair):
    submit("ana", pair, needs())
    first = submit("ana", pair, rated("final", ratings=dict.fromkeys(AREAS, 4)))
    for write, data in ((submit, rated("final")), (save, rated("final")), (save, {"round": "final"})):
        error = refused(Conflict, write, "ana", pair, data)
        assert (error.status, error.code) == (409, "already_submitted")
        assert "can no longer be changed" in error.message
    for write in (submit, save):
        assert refused(Conflict, write, "ana", pair, needs(why_now="Changed my mind")).code == "already_submitted"
    stored = Assessment.objects.get(pk=first.pk)
    assert (stored.ratings, stored.submitted_at) == (dict.fromkeys(AREAS, 4), first.submitted_at)
    assert Assessment.objects.get(round="baseline").answers["why_now"] == "I start a new job next month"


def test_a_submit_stores_what_it_was_sent_over_an_earlier_draft(pair):
    submit("ana", pair, needs())
    save("mira", pair, {"round": "final", "ratings": {"skills": 1}, "comment": "Draft thoughts"})
    final = submit("mira", pair, rated("final", comment="Settled view"))
    assert (final.ratings, final.comment) == (dict.fromkeys(AREAS, 3), "Settled view")
    assert Assessment.objects.filter(round="final", rater="mentor").count() == 1


# -- who writes what --------------------------------------------------------------------------------------


def test_only_the_mentee_fills_in_the_needs_assessment(pair):
    for write in (save, submit):
        error = refused(NotAllowed, write, "mira", pair, needs())
        assert (error.status, error.message) == (403, "Only the mentee fills in the needs assessment.")
    assert not Assessment.objects.exists()


def test_each_rater_writes_only_their_own_assessment(pair):
    submit("ana", pair, needs())
    error = refused(NotAllowed, save, "ana", pair, rated("final", rater="mentor"))
    assert (error.status, error.message) == (403, "Only the mentor writes the mentor's assessment.")
    error = refused(NotAllowed, submit, "mira", pair, rated("midpoint", rater="self"))
    assert (error.status, error.message) == (403, "Only the mentee writes the self-assessment.")
    assert refused(InvalidInput, save, "ana", pair, rated("final", rater="staff")).fields == {
        "rater": "Choose one of the options."
    }
    # Without a rater named, each member writes their own.
    assert submit("ana", pair, rated("final")).rater == "self"
    assert submit("mira", pair, rated("final", rater="mentor")).rater == "mentor"
    assert Assessment.objects.filter(round="final").count() == 2


def test_course_staff_write_no_assessment(pair):
    ctx = context(staff_actor())
    for write in (sent.save_assessment, sent.submit_assessment):
        error = refused(NotAllowed, write, ctx, access.LockedPair(pair, "staff"), needs())
        assert error.status == 403
    # ...and the access check every handler starts with stops them before that.
    assert refused(NotAllowed, functools.partial(access.pair_for, write=True), ctx, pair.pk).status == 403
    assert not Assessment.objects.exists()


def test_the_rounds_open_only_after_the_needs_assessment_is_submitted(pair):
    for name, round_ in (("ana", "final"), ("mira", "final"), ("ana", "midpoint"), ("mira", "midpoint")):
        error = refused(Conflict, save, name, pair, rated(round_))
        assert (error.status, error.code) == (409, "baseline_first")
        assert error.message == "This round opens once the mentee has submitted the needs assessment."
    assert [r["open"] for r in view("mira", pair)["assessments"]["rounds"]] == [True, False, False]

    save("ana", pair, needs())  # a draft does not open them
    assert refused(Conflict, submit, "mira", pair, rated("final")).code == "baseline_first"
    assert round_of(view("mira", pair), "final")["can_write"] is False

    submit("ana", pair, needs())
    assert [r["open"] for r in view("mira", pair)["assessments"]["rounds"]] == [True, True, True]
    assert save("mira", pair, rated("midpoint")).submitted_at is None
    assert submit("ana", pair, rated("final")).submitted_at is not None


@pytest.mark.parametrize("value", [None, "", "review", ["final"], 3])
def test_a_round_must_be_one_of_the_programs(pair, value):
    data = rated("final", round=value)
    if value is None:
        del data["round"]
    error = refused(InvalidInput, save, "ana", pair, data)
    assert list(error.fields) == ["round"]


def test_without_a_midpoint_round_the_program_has_only_the_baseline_and_the_final(pair):
    program = people.free_program()
    program["midpoint_round"] = False
    submit("ana", pair, needs(), program=program)
    for name in ("ana", "mira"):
        error = refused(InvalidInput, save, name, pair, rated("midpoint"), program=program)
        assert (error.status, error.fields) == (400, {"round": "This program has no such assessment round."})
    assert [r["round"] for r in view("ana", pair, program=program)["assessments"]["rounds"]] == ["baseline", "final"]
    assert submit("mira", pair, rated("final"), program=program).round == "final"
    assert not Assessment.objects.filter(round="midpoint").exists()


# -- independence ---------------------------------------------------------------------------------------------


def shown(data):
    """Everything a view would hand the browser, as text."""
    return json.dumps(jsonable(data), ensure_ascii=False)


def rating_values(data):
    """Every rating value a view shows, in any round's content."""
    rounds = data["assessments"]["rounds"]
    return {r["value"] for entry in rounds for e in entry["raters"] if e["content"] for r in e["content"]["ratings"]}


def test_the_partner_sees_nothing_of_a_draft_nor_of_a_one_sided_submission(pair):
    submit("ana", pair, needs())
    save("ana", pair, rated("final", ratings=dict.fromkeys(AREAS, 5), comment=SECRET_DRAFT))

    mentor = view("mira", pair)
    assert SECRET_DRAFT not in shown(mentor)
    assert rater_of(mentor, "final", "self") == {
        "rater": "self",
        "label": "Self-assessment",
        "name": "Ana",
        "mine": False,
        "submitted_at": None,  # a draft reads as "not yet"
        "draft_saved_at": None,
        "content": None,
    }
    assert round_of(mentor, "final")["own"] is None
    assert mentor["assessments"]["comparisons"] == []
    assert SECRET_DRAFT in shown(view("ana", pair))  # the mentee's own draft is hers to read

    submit("ana", pair, rated("final", ratings=dict.fromkeys(AREAS, 5), comment=SECRET_SUBMITTED))
    save("mira", pair, rated("final", ratings=dict.fromkeys(AREAS, 1), comment=SECRET_DRAFT))
    mentor, mentee = view("mira", pair), view("ana", pair)
    partner = rater_of(mentor, "final", "self")
    assert partner["submitted_at"] is not None and partner["content"] is None
    assert SECRET_SUBMITTED not in shown(mentor)
    assert SECRET_DRAFT not in shown(mentee)
    assert rater_of(mentee, "final", "mentor")["submitted_at"] is None
    assert 1 not in rating_values(mentee) and 5 not in rating_values(mentor)
    for data in (mentor, mentee):
        assert round_of(data, "final")["revealed"] is False
        assert data["assessments"]["comparisons"] == []


def test_once_both_submit_both_read_both_and_the_comparison_appears(pair):
    submit("ana", pair, needs(ratings={"direction": 1, "skills": 2, "communication": 2, "habits": 3}))
    submit("ana", pair, rated("final", ratings={"direction": 3, "skills": 4, "communication": 2, "habits": 5}))
    submit("mira", pair, rated("final", ratings={"direction": 4, "skills": 3, "communication": 2, "habits": 3}))
    for who in ("ana", "mira", staff_actor()):
        data = view(who, pair)
        final = round_of(data, "final")
        assert final["revealed"] is True
        assert [[r["value"] for r in e["content"]["ratings"]] for e in final["raters"]] == [[3, 4, 2, 5], [4, 3, 2, 3]]
        assert [e["content"]["comment"] for e in final["raters"]] == ["Good work", "Good work"]
        (comparison,) = data["assessments"]["comparisons"]
        assert comparison["round"] == "final"
        assert [(r["area_id"], r["baseline"], r["self"], r["mentor"]) for r in comparison["rows"]] == [
            ("direction", 1, 3, 4),
            ("skills", 2, 4, 3),
            ("communication", 2, 2, 2),
            ("habits", 3, 5, 3),
        ]
        assert [r["gap"] for r in comparison["rows"]] == [-1, 1, 0, 2]
    # The mid-point round is still sealed (nobody submitted it), so it has no comparison.
    assert round_of(view("ana", pair), "midpoint")["revealed"] is False


def test_a_needs_assessment_draft_stays_the_mentees_own(pair):
    save("ana", pair, needs(why_now=SECRET_DRAFT))
    for who in ("mira", staff_actor()):
        data = view(who, pair)
        assert SECRET_DRAFT not in shown(data)
        assert rater_of(data, "baseline", "self")["submitted_at"] is None
        assert rater_of(data, "baseline", "self")["content"] is None


def test_course_staff_see_only_submitted_assessments_and_only_open_rounds_in_detail(pair):
    save("ana", pair, needs(why_now=SECRET_DRAFT))
    staff = view(staff_actor(), pair)
    assert all(
        e["submitted_at"] is None and e["content"] is None for r in staff["assessments"]["rounds"] for e in r["raters"]
    )
    assert all(r["own"] is None and r["can_write"] is False for r in staff["assessments"]["rounds"])

    submit("ana", pair, needs(why_now="Ready now"))
    save("mira", pair, rated("midpoint", comment=SECRET_DRAFT))
    submit("ana", pair, rated("midpoint", comment=SECRET_SUBMITTED))
    staff = view(staff_actor(), pair)
    assert rater_of(staff, "baseline", "self")["content"]["needs"][0]["text"] == "Ready now"
    assert rater_of(staff, "midpoint", "self")["submitted_at"] is not None
    assert rater_of(staff, "midpoint", "self")["content"] is None
    assert rater_of(staff, "midpoint", "mentor")["submitted_at"] is None
    assert SECRET_DRAFT not in shown(staff) and SECRET_SUBMITTED not in shown(staff)

    submit("mira", pair, rated("midpoint", comment="Both in"))
    staff = view(staff_actor(), pair)
    assert [e["content"]["comment"] for e in round_of(staff, "midpoint")["raters"]] == [SECRET_SUBMITTED, "Both in"]
    assert [c["round"] for c in staff["assessments"]["comparisons"]] == ["midpoint"]


# -- completion --------------------------------------------------------------------------------------------------


def everything_but_the_assessments(pair, program):
    agreement_data = {"cadence": "Monthly", "channels": "Email", "session_minutes": 60, "session_format": "video"}
    sent.save_agreement(*member("ana", pair, program=program), {**agreement_data, "version": 0})
    agreement.sign(*member("ana", pair, program=program), 1)
    agreement.sign(*member("mira", pair, program=program), 1)
    goal = {"statement": "Give a talk", "measure": "Talk given", "target_date": "2024-04-01"}
    sent.add_goal(*member("ana", pair, program=program), goal)
    required = [item["id"] for item in program["agenda"] if item["required"]]
    held = {"held_on": "2024-02-01", "minutes": 60, "session_format": "video", "agenda_items": required}
    session = sent.log_session(*member("ana", pair, program=program), held)
    sent.review_session(*member("mira", pair, program=program), session.pk, {"decision": "confirm"})


def test_the_final_assessments_complete_the_checklist_once_submitted(pair):
    program = people.free_program()
    program["completion"]["min_sessions"] = 1
    everything_but_the_assessments(pair, program)

    def met():
        data = view("mira", pair, program=program)
        items = {item["key"]: item["met"] for item in data["checklist"]}
        return items["final_self"], items["final_mentor"], data["percent"]

    assert met() == (False, False, 67)
    submit("ana", pair, needs(), program=program)
    save("ana", pair, rated("final"), program=program)
    submit("mira", pair, rated("midpoint"), program=program)
    assert met() == (False, False, 67)  # a draft, the baseline and the mid-point do not count
    submit("ana", pair, rated("final"), program=program)
    assert met() == (True, False, 83)
    submit("mira", pair, rated("final"), program=program)
    assert met() == (True, True, 100)
    assert view("ana", pair, program=program)["next_step"].startswith("Everything this unit asks of your pair is done")


# -- reading costs the same ----------------------------------------------------------------------------------------


def queries_to_show(who, pair):
    ctx = context(who)
    found, role = access.pair_for(ctx, pair.pk, write=False)
    with CaptureQueriesContext(connection) as queries:
        workspace.view(ctx, found, role)
    return len(queries)


def test_reading_the_assessments_costs_no_extra_query(pair):
    before = {who: queries_to_show(who, pair) for who in ("mira", "ana")}
    submit("ana", pair, needs())
    for round_ in ("midpoint", "final"):
        submit("ana", pair, rated(round_))
        submit("mira", pair, rated(round_))
    after = {who: queries_to_show(who, pair) for who in ("mira", "ana")}
    assert after == before
    assert len(view("ana", pair)["assessments"]["comparisons"]) == 2


def test_a_needs_assessment_draft_starts_the_pair_for_staff(pair):
    assert pair.stage == "not_started"
    save("ana", pair, {"round": "baseline", "why_now": "New job"})
    tracking.refresh(pair, people.free_program())
    pair.refresh_from_db()
    assert pair.stage == "in_progress"
