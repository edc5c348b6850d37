"""Who may see and change a pair, what counts toward completion, and what the workspace suggests next."""

import datetime
import functools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring_xblock.core.errors import Conflict, NotAllowed, NotFound
from mentoring_xblock.models import Pair
from mentoring_xblock.pairs import access, agreement, pairing, progress
from mentoring_xblock.ui import workspace

from .. import people, sent
from ..people import OTHER_UNIT, START, TODAY, actor, make_pair, staff_actor

pytestmark = pytest.mark.django_db
REQUIRED_AGENDA = ["kickoff", "needs", "smart-goals", "midpoint", "final-review"]
AGREEMENT = {"cadence": "Monthly", "channels": "Email", "session_minutes": 60, "session_format": "video"}
GOAL = {"statement": "Give a talk", "measure": "Talk given", "target_date": "2024-04-01", "areas": ["skills"]}


# Contexts are of TODAY, two months after the pairs were formed.
context = functools.partial(people.context, today=TODAY)
member = functools.partial(people.member, today=TODAY)


def view(who, pair, **kwargs):
    ctx = context(who, **kwargs)
    found, role = access.pair_for(ctx, pair.pk, write=False)
    return workspace.view(ctx, found, role)


# -- access ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("write", [False, True])
def test_members_get_their_role(pair, write):
    assert access.pair_for(context("mira"), pair.pk, write=write) == (pair, "mentor")
    assert access.pair_for(context("ana"), pair.pk, write=write) == (pair, "mentee")


def test_staff_read_every_pair_but_change_none(pair):
    assert access.pair_for(context(staff_actor()), pair.pk, write=False) == (pair, "staff")
    with pytest.raises(NotAllowed) as raised:
        access.pair_for(context(staff_actor()), pair.pk, write=True)
    assert raised.value.status == 403


def test_outsiders_missing_ids_and_other_units_pairs_are_all_not_found_alike(pair):
    make_pair("ben", "cy")  # ben is a participant of the unit, just not of this pair
    elsewhere = make_pair("mira", "ana", unit=OTHER_UNIT)
    attempts = [
        (context("ben"), pair.pk),
        (context("ben"), elsewhere.pk + 1000),
        (context("ana"), None),
        (context("ana"), elsewhere.pk),  # ana is its mentee, but in another unit
        (context(staff_actor()), elsewhere.pk),
        (context("ana"), pair.pk, "anonymous"),
    ]
    answers = []
    for write in (False, True):
        for ctx, pair_id, *anonymous in attempts:
            if anonymous:
                ctx.actor = actor("ana", is_authenticated=False, anonymous_id=None)
            with pytest.raises(NotFound) as raised:
                access.pair_for(ctx, pair_id, write=write)
            answers.append((raised.value.status, raised.value.as_json()))
    assert len(set(map(str, answers))) == 1
    assert answers[0][0] == 404


def test_an_ended_pair_can_be_read_by_its_members_but_not_changed(pair):
    pairing.end_pair(context(staff_actor()), pair.pk)
    for name, role in (("mira", "mentor"), ("ana", "mentee")):
        assert access.pair_for(context(name), pair.pk, write=False)[1] == role
        with pytest.raises(Conflict) as raised:
            access.pair_for(context(name), pair.pk, write=True)
        assert (raised.value.status, raised.value.code) == (409, "pair_ended")
    with pytest.raises(NotAllowed):
        access.pair_for(context(staff_actor()), pair.pk, write=True)
    data = view("ana", pair)
    assert (data["active"], data["can_edit"]) == (False, False)
    assert "ended" in data["next_step"]


def test_staff_see_a_read_only_workspace(pair):
    data = view(staff_actor(), pair)
    assert (data["role"], data["can_edit"], data["partner_name"]) == ("staff", False, "")
    assert "only the pair can change it" in data["next_step"]


# -- progress: the checklist -------------------------------------------------------------------------------


def all_done():
    return progress.Facts(
        signed={"mentor", "mentee"}, goals=1, confirmed_sessions=6, covered=set(REQUIRED_AGENDA), final_self=True
    )


def test_the_default_checklist_starts_all_unmet():
    items = progress.checklist(people.free_program(), progress.Facts())
    assert [item["key"] for item in items] == ["agreement", "goals", "sessions", "agenda", "final_self", "final_mentor"]
    assert not any(item["met"] for item in items)
    assert [item["detail"] for item in items[:4]] == ["0 of 2 signatures", "0 of 1", "0 of 6", "0 of 5"]
    assert progress.fraction(items) == 0.0


def test_a_checklist_item_is_met_only_when_its_rule_is():
    program = people.free_program()
    met = {item["key"]: item["met"] for item in progress.checklist(program, all_done())}
    assert met == dict.fromkeys(["agreement", "goals", "sessions", "agenda", "final_self"], True) | {
        "final_mentor": False
    }
    short = {
        "agreement": {"signed": {"mentor"}},
        "goals": {"goals": 0},
        "sessions": {"confirmed_sessions": 5},
        "agenda": {"covered": set(REQUIRED_AGENDA[:-1]) | {"roadmap", "lessons"}},
        "final_self": {"final_self": False},
    }
    for key, changes in short.items():
        facts = all_done()
        for name, value in changes.items():
            setattr(facts, name, value)
        unmet = [item["key"] for item in progress.checklist(program, facts) if not item["met"]]
        assert unmet == [key, "final_mentor"]


def test_the_checklist_follows_the_programs_completion_rules():
    program = people.free_program()
    program["completion"].update(min_goals=3, min_sessions=2, final_self_assessment=False)
    items = {item["key"]: item for item in progress.checklist(program, all_done())}
    assert list(items) == ["agreement", "goals", "sessions", "agenda", "final_mentor"]
    assert (items["goals"]["met"], items["goals"]["detail"]) == (False, "1 of 3")
    assert (items["sessions"]["met"], items["sessions"]["detail"]) == (True, "2 of 2")
    assert "3 goals" in items["goals"]["label"]
    assert progress.fraction(list(items.values())) == pytest.approx(3 / 5)


def test_a_program_without_rules_has_nothing_to_meet():
    program = people.free_program()
    program["completion"] = {
        "agreement_signed": False,
        "min_goals": 0,
        "min_sessions": 0,
        "required_agenda": False,
        "final_self_assessment": False,
        "final_mentor_assessment": False,
    }
    assert progress.checklist(program, progress.Facts()) == []
    assert progress.fraction([]) == 1.0


def test_required_agenda_counts_only_when_the_agenda_has_required_items():
    program = people.free_program()
    for item in program["agenda"]:
        item["required"] = False
    assert "agenda" not in [item["key"] for item in progress.checklist(program, progress.Facts())]


def finish_everything_but_the_assessments(pair, program):
    """Sign, set a goal, and log one confirmed session covering every required agenda item."""
    sent.save_agreement(*member("ana", pair, program=program), {**AGREEMENT, "version": 0})
    agreement.sign(*member("ana", pair, program=program), 1)
    agreement.sign(*member("mira", pair, program=program), 1)
    sent.add_goal(*member("ana", pair, program=program), GOAL)
    held = {"held_on": "2024-02-01", "minutes": 60, "session_format": "video", "agenda_items": REQUIRED_AGENDA}
    session = sent.log_session(*member("ana", pair, program=program), held)
    sent.review_session(*member("mira", pair, program=program), session.pk, {"decision": "confirm"})


def test_final_assessments_count_as_unmet_for_now(pair):
    program = people.free_program()
    program["completion"]["min_sessions"] = 1
    finish_everything_but_the_assessments(pair, program)
    data = view("ana", pair, program=program)
    assert {item["key"]: item["met"] for item in data["checklist"]} == {
        "agreement": True,
        "goals": True,
        "sessions": True,
        "agenda": True,
        "final_self": False,
        "final_mentor": False,
    }
    assert (data["met"], data["percent"]) == (4, 67)
    assert data["next_step"] == "The mentee submits the final self-assessment."

    program["completion"].update(final_self_assessment=False, final_mentor_assessment=False)
    data = view("ana", pair, program=program)
    assert (data["met"], data["percent"]) == (4, 100)
    assert data["next_step"].startswith("Everything this unit asks of your pair is done")


# -- progress: the cadence -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "days, per_month, weeks, expected",
    [
        (0, 1, 26, 0),
        (30, 1, 26, 0),  # not yet a whole month
        (31, 1, 26, 1),
        (31, 2, 26, 2),
        (61, 1, 26, 2),
        (92, 3, 26, 9),
        (182, 1, 26, 5),  # the planned end: 26 weeks are not quite six months
        (800, 1, 26, 5),  # nothing more is expected after the planned end
        (800, 2, 52, 22),
        (-10, 1, 26, 0),
        (120, 0, 26, 0),
    ],
)
def test_sessions_expected_follow_whole_months_until_the_planned_end(days, per_month, weeks, expected):
    program = {**people.free_program(), "min_sessions_per_month": per_month, "duration_weeks": weeks}
    today = START + datetime.timedelta(days=days)
    assert progress.sessions_expected(START, today, program) == expected


def test_the_workspace_shows_whether_the_pair_keeps_the_cadence(pair):
    data = view("ana", pair)  # two whole months in, nothing confirmed
    assert (data["sessions_expected"], data["sessions_confirmed"], data["behind_cadence"]) == (1, 0, True)
    assert data["planned_end"] == START + datetime.timedelta(weeks=26)
    data = view("ana", pair, today=START)
    assert (data["sessions_expected"], data["behind_cadence"]) == (0, False)


# -- the next step -----------------------------------------------------------------------------------------


def next_steps(pair):
    return view("mira", pair)["next_step"], view("ana", pair)["next_step"]


def test_the_next_step_walks_a_pair_through_the_program(pair):
    mira, ana = next_steps(pair)
    assert mira == ana == "Write your mentoring agreement together, then both sign it."

    # A session waiting for the partner comes first, even before the agreement.
    held = {"held_on": "2024-02-01", "minutes": 60, "session_format": "video", "agenda_items": ["kickoff"]}
    session = sent.log_session(*member("ana", pair), held)
    mira, ana = next_steps(pair)
    assert mira == "Ana logged a session held on Feb. 1, 2024: confirm it or say what is wrong."
    assert ana == "Write your mentoring agreement together, then both sign it."
    sent.review_session(*member("mira", pair), session.pk, {"decision": "confirm"})

    sent.save_agreement(*member("ana", pair), {**AGREEMENT, "version": 0})
    assert next_steps(pair) == ("Read version 1 of the agreement and sign it.",) * 2
    agreement.sign(*member("mira", pair), 1)
    assert next_steps(pair) == (
        "Waiting for Ana to sign the agreement.",
        "Read version 1 of the agreement and sign it.",
    )
    agreement.sign(*member("ana", pair), 1)
    goal_step = "Set your goals together: make each one specific, measurable and dated."
    assert next_steps(pair) == (goal_step, goal_step)

    sent.add_goal(*member("ana", pair), GOAL)
    session_step = "Plan your next session. Suggested topic: Needs and a personal SWOT."
    assert next_steps(pair) == (session_step, session_step)

    # A changed agreement must be signed again before anything else.
    sent.save_agreement(*member("mira", pair), {**AGREEMENT, "version": 1, "cadence": "Weekly"})
    assert next_steps(pair) == ("Read version 2 of the agreement and sign it.",) * 2


def test_the_next_step_points_at_my_overdue_action_item(pair):
    sent.save_agreement(*member("ana", pair), {**AGREEMENT, "version": 0})
    agreement.sign(*member("ana", pair), 1)
    agreement.sign(*member("mira", pair), 1)
    sent.add_goal(*member("ana", pair), GOAL)
    held = {
        "held_on": "2024-02-01",
        "minutes": 60,
        "session_format": "video",
        "action_items": [{"text": "Draft a SWOT", "owner": "mentee", "due_on": "2024-02-10"}],
    }
    session = sent.log_session(*member("ana", pair), held)
    sent.review_session(*member("mira", pair), session.pk, {"decision": "confirm"})
    mira, ana = next_steps(pair)
    assert ana == "You have an overdue action item: Draft a SWOT"
    assert mira == "Plan your next session. Suggested topic: Kickoff: meet and set expectations."


# -- reading a workspace costs the same however much a pair has done ------------------------------------------


def grow(pair, sessions_count, goals_count, versions):
    for version in range(versions):
        sent.save_agreement(
            *member("ana", pair), {**AGREEMENT, "version": version, "cadence": f"Version {version + 1}"}
        )
        agreement.sign(*member("ana", pair), version + 1)
        agreement.sign(*member("mira", pair), version + 1)
    for number in range(goals_count):
        goal = sent.add_goal(*member("ana", pair), {**GOAL, "statement": f"Goal {number}"})
        for value, author in ((10, "ana"), (40, "mira"), (70, "ana")):
            sent.add_progress(*member(author, pair), goal.pk, {"value": value, "note": "Progress"})
    for number in range(sessions_count):
        logger, partner = ("ana", "mira") if number % 2 else ("mira", "ana")
        held = {
            "held_on": (START + datetime.timedelta(days=number + 1)).isoformat(),
            "minutes": 45,
            "session_format": "phone",
            "agenda_items": ["kickoff"],
            "review": {"useful": "Yes"},
            "action_items": [{"text": f"Item {number}", "owner": "mentee", "due_on": "2024-03-01"}],
        }
        session = sent.log_session(*member(logger, pair), held)
        if number % 3:
            sent.review_session(*member(partner, pair), session.pk, {"decision": "confirm"})


def queries_to_show(who, pair):
    ctx = context(who)
    found, role = access.pair_for(ctx, pair.pk, write=False)
    with CaptureQueriesContext(connection) as queries:
        data = workspace.view(ctx, found, role)
    return len(queries), data


def test_reading_a_workspace_takes_the_same_queries_as_the_pair_grows(pair):
    grow(pair, sessions_count=1, goals_count=1, versions=1)
    small = {who: queries_to_show(who, pair) for who in ("mira", "ana", staff_actor())}

    grow(pair, sessions_count=12, goals_count=5, versions=0)
    for version in range(1, 4):
        sent.save_agreement(*member("mira", pair), {**AGREEMENT, "version": version, "cadence": f"Again {version}"})
        agreement.sign(*member("ana", pair), version + 1)
        agreement.sign(*member("mira", pair), version + 1)
    large = {who: queries_to_show(who, pair) for who in ("mira", "ana", staff_actor())}

    for who, (count, data) in large.items():
        assert count == small[who][0], who
        assert (data["sessions_total"], len(data["goals"]), len(data["agreement"]["history"])) == (13, 6, 8)
        # The latest ten sessions, and any older one that waits for this reader to confirm it.
        waiting = sum(1 for s in data["sessions"][workspace.SESSIONS_SHOWN :] if s["can_review"])
        assert len(data["sessions"]) == workspace.SESSIONS_SHOWN + waiting
        assert {entry["name"] for entry in data["agreement"]["history"]} == {"Mira", "Ana"}
        assert {u["author"] for g in data["goals"] for u in g["updates"]} == {"Mira", "Ana"}
    assert large["mira"][0] <= 8  # workspace.load: eight queries, and view adds none
    assert Pair.objects.count() == 1
