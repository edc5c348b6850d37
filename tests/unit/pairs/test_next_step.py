"""The next step the workspace suggests, from a pair's summary and checklist alone (no database)."""

import datetime
from types import SimpleNamespace

from mentoring_xblock.models import Session
from mentoring_xblock.pairs import progress
from mentoring_xblock.pairs.pair_summary import Summary
from mentoring_xblock.program import config

ME, PARTNER = SimpleNamespace(pk=1), SimpleNamespace(pk=2)
PROGRAM = config.default_program()
TITLES = {item["id"]: f"Title of {item['id']}" for item in PROGRAM["agenda"]}


def session(confirmation=Session.CONFIRMED, logged_by=PARTNER, agenda_items=(), held_on=datetime.date(2024, 2, 1)):
    return SimpleNamespace(
        confirmation=confirmation, logged_by_id=logged_by.pk, agenda_items=list(agenda_items), held_on=held_on
    )


def next_step(summary, *, role="mentee", active=True):
    checklist = progress.checklist(PROGRAM, summary.facts)
    return progress.next_step(
        summary, checklist, active=active, role=role, me=ME, partner_name="Mira", program=PROGRAM,
        agenda_titles=TITLES,
    )  # fmt: skip


def signed(**changes):
    return Summary(**{"sessions": [], "agreement_version": 1, "signed": {"mentor", "mentee"}, **changes})


def test_an_ended_pair_and_staff_are_told_they_only_read():
    assert next_step(signed(), active=False).startswith("This pairing has ended")
    assert next_step(signed(), role=None).startswith("Course staff can read this workspace")


def test_a_session_to_confirm_comes_before_everything_else():
    summary = Summary(sessions=[session(Session.PENDING)])
    assert next_step(summary).startswith("Mira logged a session held on ")
    # One the viewer logged waits for the partner, not for them.
    assert next_step(Summary(sessions=[session(Session.PENDING, logged_by=ME)])).startswith("Write your mentoring")


def test_the_agreement_is_written_then_signed_by_both():
    assert next_step(Summary(sessions=[])) == "Write your mentoring agreement together, then both sign it."
    unsigned = Summary(sessions=[], agreement_version=2, signed={"mentor"})
    assert next_step(unsigned) == "Read version 2 of the agreement and sign it."
    assert next_step(unsigned, role="mentor") == "Waiting for Mira to sign the agreement."


def test_goals_then_sessions_on_the_first_required_agenda_item_not_covered():
    assert next_step(signed()).startswith("Set your goals together")
    first, second = [item["id"] for item in PROGRAM["agenda"] if item["required"]][:2]
    covered = signed(goals=1, sessions=[session(agenda_items=[first])])
    assert next_step(covered) == f"Plan your next session. Suggested topic: Title of {second}."
    overdue = signed(goals=1, sessions=[], overdue={"mentee": "Send the plan"})
    assert next_step(overdue) == "You have an overdue action item: Send the plan"


def test_the_upcoming_agenda_item_is_the_first_required_one_not_covered_else_any():
    program = {"agenda": [{"id": "a", "required": False}, {"id": "b", "required": True}]}
    assert progress.upcoming_agenda_item(program, Summary(sessions=[])) == "b"
    assert progress.upcoming_agenda_item(program, Summary(sessions=[session(agenda_items=["b"])])) == "a"
    pending = Summary(sessions=[session(Session.PENDING, agenda_items=["b"])])
    assert progress.upcoming_agenda_item(program, pending) == "b"  # only confirmed sessions cover
    assert progress.upcoming_agenda_item(program, Summary(sessions=[session(agenda_items=["a", "b"])])) is None
