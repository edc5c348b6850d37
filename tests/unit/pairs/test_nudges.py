"""What is due for whom on a day: each reminder rule, its timer, its off switch, and the words."""

import dataclasses
import datetime

from django.utils import translation

from mentoring_xblock.pairs import nudges
from mentoring_xblock.program import config

START = datetime.date(2026, 3, 2)
MENTOR, MENTEE = 1, 2


def rules(**changes):
    program = config.default_program()
    program["nudges"].update(changes)
    return nudges.sweep_rules(program)


def facts(**changes):
    base = nudges.PairFacts(
        pair_id=7,
        mentor_id=MENTOR,
        mentee_id=MENTEE,
        started_on=START,
        stage="in_progress",
        sessions_confirmed=1,
        last_session_on=START + datetime.timedelta(days=5),
        submitted=frozenset({("baseline", "self")}),
    )
    return dataclasses.replace(base, **changes)


def due(on_day, the_facts=None, the_rules=None):
    day = START + datetime.timedelta(days=on_day)
    items = nudges.due_items(the_rules or rules(), the_facts or facts(), day)
    return sorted((item.rule, item.role) for item in items)


def test_no_first_session_ten_days_after_pairing_reminds_both():
    new = facts(sessions_confirmed=0, last_session_on=None, submitted=frozenset())
    assert ("first_session", "mentor") not in due(9, new)
    assert {("first_session", "mentor"), ("first_session", "mentee")} <= set(due(10, new))


def test_a_session_waiting_for_confirmation_does_not_count_as_no_first_session():
    waiting = facts(sessions_confirmed=0, last_session_on=None, pending=((3, MENTEE, START),))
    assert "first_session" not in {rule for rule, _role in due(12, waiting)}


def test_the_partner_is_asked_to_confirm_after_three_days():
    logged = facts(pending=((3, MENTEE, START + datetime.timedelta(days=6)),))
    assert ("unconfirmed", "mentor") not in due(8, logged)
    assert ("unconfirmed", "mentor") in due(9, logged)
    assert ("unconfirmed", "mentee") not in due(9, logged)


def test_no_confirmed_session_for_the_at_risk_threshold():
    # The last confirmed session was on day 5; the default threshold is 30 days.
    assert "no_session" not in {rule for rule, _r in due(35)}
    assert {("no_session", "mentor"), ("no_session", "mentee")} <= set(due(36))


def test_an_overdue_action_item_reminds_its_owner_only():
    late = facts(overdue=((11, "mentee"), (12, "mentee")))
    items = nudges.due_items(rules(), late, START + datetime.timedelta(days=8))
    (item,) = [item for item in items if item.rule == "action_overdue"]
    assert (item.role, item.count) == ("mentee", 2)


def test_an_assessment_round_open_for_seven_days_reminds_who_has_not_submitted():
    nothing = facts(submitted=frozenset())
    assert ("round_open", "mentee") not in due(6, nothing)
    assert ("round_open", "mentee") in due(7, nothing)  # the needs assessment, the mentee's alone
    # The mid-point round opens at half the 26 weeks (day 91): a week later both raters are reminded.
    assert ("round_open", "mentor") not in due(97)
    assert {("round_open", "mentor"), ("round_open", "mentee")} <= set(due(98))


def test_with_free_pacing_only_the_needs_assessment_has_a_day_to_be_reminded_of():
    free = {**rules(), "pacing": "free"}
    nothing = facts(submitted=frozenset())
    assert ("round_open", "mentee") in due(7, nothing, free)
    assert ("round_open", "mentor") not in due(150, facts(), free)


def test_a_planned_session_not_logged_two_days_after_reminds_both():
    planned = facts(planned=((5, START + datetime.timedelta(days=20)),))
    assert "planned_unlogged" not in {rule for rule, _r in due(21, planned)}
    assert {("planned_unlogged", "mentor"), ("planned_unlogged", "mentee")} <= set(due(22, planned))


def test_the_planned_end_within_fourteen_days():
    assert ("end_near", "mentee") not in due(26 * 7 - 15)
    assert {("end_near", "mentor"), ("end_near", "mentee")} <= set(due(26 * 7 - 14))
    assert ("end_near", "mentee") not in due(26 * 7 - 14, facts(stage="complete"))


def test_each_rule_turned_off_reminds_of_nothing():
    quiet = facts(
        sessions_confirmed=0,
        last_session_on=None,
        pending=((3, MENTEE, START),),
        overdue=((11, "mentor"),),
        submitted=frozenset(),
        planned=((5, START),),
    )
    off = rules(
        first_session_days=0,
        no_session=False,
        unconfirmed_days=0,
        action_overdue=False,
        round_open_days=0,
        end_within_days=0,
        planned_unlogged_days=0,
    )
    assert due(26 * 7 - 3, quiet, off) == []
    assert due(26 * 7 - 3, quiet) != []


def test_a_key_names_the_record_so_that_a_new_one_is_reminded_of_again():
    first = nudges.due_items(rules(), facts(pending=((3, MENTEE, START),)), START + datetime.timedelta(days=9))
    later = nudges.due_items(
        rules(), facts(pending=((3, MENTEE, START), (4, MENTEE, START))), START + datetime.timedelta(days=9)
    )
    assert {i.key for i in first if i.rule == "unconfirmed"} != {i.key for i in later if i.rule == "unconfirmed"}


def test_the_words_are_translated_and_name_the_partner():
    item = nudges.Due("unconfirmed", "unconfirmed:3", 7, "mentor", count=2)
    assert nudges.describe(item, "Ana") == "Ana logged 2 sessions that wait for you to confirm them."
    with translation.override("es"):
        spanish = nudges.describe(item, "Ana")
    assert "Ana" in spanish and "confirm" not in spanish


def test_the_rules_for_one_member_are_that_members_part_of_the_pairs_items():
    # The sweep works out a pair with each member's batch for that member alone.
    rules_of_today = [(day, nudges.Rules(rules(), START + datetime.timedelta(days=day))) for day in (7, 40, 98, 170)]
    cases = [
        facts(submitted=frozenset(), sessions_confirmed=0, last_session_on=None),
        facts(pending=((3, MENTOR, START), (4, MENTEE, START)), overdue=((8, "mentor"), (9, "mentee"))),
        facts(planned=((5, START + datetime.timedelta(days=20)),)),
    ]
    for day, compiled in rules_of_today:
        for case in cases:
            both = nudges.due_items(rules(), case, START + datetime.timedelta(days=day))
            assert compiled.due(case) == both
            for role in ("mentor", "mentee"):
                assert compiled.due(case, (role,)) == nudges.for_member(both, role)
            assert compiled.due(case, ()) == []
