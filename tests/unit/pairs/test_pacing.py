"""Pacing: guided programs date the agenda and open the later rounds on their days; free ones run
as before; the planned-end completion rule follows the calendar, in Python and in SQL alike."""

import datetime
import functools

import pytest
from django.utils import timezone

from mentoring_xblock.models import Pair
from mentoring_xblock.pairs import access, agreement, pacing, program_rules, progress, tracking, units
from mentoring_xblock.program import config
from mentoring_xblock.ui import workspace

from .. import people, sent
from ..people import START, UNIT, free_program
from .test_assessments import needs, rated, round_of, save, submit

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(weeks=1)
MIDPOINT = START + 13 * WEEK  # half of the default 26 weeks
FINAL = START + 24 * WEEK  # the last 2 weeks
END = START + 26 * WEEK


def guided(**changes):
    return {**config.default_program(), "pacing": "guided", **changes}


def view(who, pair, program, today):
    ctx = people.context(who, today=today, program=program)
    found, role = access.pair_for(ctx, pair.pk, write=False)
    return workspace.view(ctx, found, role)


def on(today, program):
    """submit(...) on ``today`` under ``program``."""
    return functools.partial(submit, today=today, program=program)


# -- the dates -------------------------------------------------------------------------------------------


def test_a_guided_program_dates_each_part_from_the_pairs_start():
    schedule = pacing.schedule(guided(), START)
    assert (schedule.midpoint_opens, schedule.final_opens, schedule.planned_end) == (MIDPOINT, FINAL, END)
    assert schedule.item_date(1) == START
    assert schedule.item_date(26) == START + 25 * WEEK
    # An odd duration: half of it in whole days.
    assert pacing.schedule(guided(duration_weeks=5, final_round_weeks=1), START).midpoint_opens == START + 17 * day()


def day():
    return datetime.timedelta(days=1)


def test_a_free_program_has_no_dates_and_opens_every_round():
    schedule = pacing.schedule(free_program(), START)
    assert (schedule.midpoint_opens, schedule.final_opens, schedule.item_date(4)) == (None, None, None)
    assert schedule.is_open("final", START)


# -- guided: what the pair sees and may do ---------------------------------------------------------------


def test_guided_the_learner_sees_each_agenda_items_week_and_what_opens_when(pair):
    data = view("ana", pair, guided(), START)
    assert [item["suggested_on"] for item in data["agenda"]][:3] == [START, START + WEEK, START + 3 * WEEK]
    assert [(o["round"], o["on"], o["open"]) for o in data["opens"]] == [
        ("midpoint", MIDPOINT, False),
        ("final", FINAL, False),
    ]
    # The rounds wait for their day (and, first, for the needs assessment).
    assert round_of(data, "midpoint")["opens_on"] == MIDPOINT
    assert round_of(data, "midpoint")["open"] is False


def test_guided_a_round_is_refused_before_its_day_naming_it_and_taken_on_the_day(pair):
    program = guided()
    on(START, program)("ana", pair, needs())
    with pytest.raises(pacing.RoundNotOpen) as refused:
        on(MIDPOINT - day(), program)("ana", pair, rated("midpoint"))
    error = refused.value
    assert error.status == 409
    assert error.code == "round_not_open"
    assert error.message.startswith("Mid-point assessment opens on ")
    assert list(error.fields) == ["round"]
    assert on(MIDPOINT, program)("ana", pair, rated("midpoint")).submitted_at is not None
    with pytest.raises(pacing.RoundNotOpen) as refused:
        on(FINAL - day(), program)("mira", pair, rated("final"))
    assert refused.value.message.startswith("Final assessment opens on ")
    assert on(FINAL, program)("mira", pair, rated("final")).round == "final"
    assert round_of(view("ana", pair, program, FINAL), "final")["opens_on"] is None


def signed(pair, program):
    agreement_data = {
        "version": 0,
        "cadence": "Monthly",
        "channels": "Email",
        "session_minutes": 60,
        "session_format": "video",
    }
    sent.save_agreement(*people.member("ana", pair, program=program), agreement_data)
    agreement.sign(*people.member("ana", pair, program=program), 1)
    agreement.sign(*people.member("mira", pair, program=program), 1)


def test_guided_the_next_step_names_the_suggested_week_and_when_the_final_round_opens(pair):
    program = guided()
    program["completion"].update(agreement_signed=False, min_goals=0, min_sessions=0, required_agenda=False)
    signed(pair, program)
    step = view("ana", pair, program, START)["next_step"]
    assert step.startswith("The final assessment opens on ")
    program["completion"]["min_sessions"] = 1
    step = view("ana", pair, program, START)["next_step"]
    assert step.startswith(
        "Plan your next session. Suggested topic: Kickoff: meet and set expectations, for the week of"
    )


def test_free_the_rounds_open_with_the_needs_assessment_and_nothing_is_dated(pair):
    program = free_program()
    on(START, program)("ana", pair, needs())
    assert on(START, program)("mira", pair, rated("final")).round == "final"
    data = view("ana", pair, program, START)
    assert data["opens"] == []
    assert {item["suggested_on"] for item in data["agenda"]} == {None}


# -- a program edited mid-way ----------------------------------------------------------------------------


def test_switching_to_guided_mid_way_keeps_a_round_the_pair_began_open(pair):
    free, later = free_program(), guided()
    on(START, free)("ana", pair, needs())
    # The mentor began the final round while the program ran free.
    save("mira", pair, rated("final"), today=START, program=free)
    # The author switches to guided: the final round would open on FINAL, but the mentor's draft stays writable.
    assert on(START + WEEK, later)("mira", pair, rated("final")).submitted_at is not None
    # The round the pair had not begun waits for its day.
    with pytest.raises(pacing.RoundNotOpen):
        on(START + WEEK, later)("ana", pair, rated("midpoint"))
    assert round_of(view("ana", pair, later, START + WEEK), "final")["opens_on"] is None


def test_a_longer_duration_mid_way_moves_the_dates_of_running_pairs(pair):
    on(START, guided())("ana", pair, needs())
    longer = guided(duration_weeks=40)
    data = view("ana", pair, longer, MIDPOINT)
    assert [(o["round"], o["on"]) for o in data["opens"]] == [
        ("midpoint", START + 20 * WEEK),
        ("final", START + 38 * WEEK),
    ]
    with pytest.raises(pacing.RoundNotOpen):
        on(MIDPOINT, longer)("ana", pair, rated("midpoint"))
    # Switched to free: everything opens at once, as before pacing.
    assert on(MIDPOINT, {**longer, "pacing": "free"})("ana", pair, rated("midpoint")).round == "midpoint"


# -- the planned-end completion rule ---------------------------------------------------------------------


def until_the_end(**changes):
    program = guided(**changes)
    program["completion"] = {
        **{key: False for key in config.COMPLETION_FLAGS},
        "min_goals": 0,
        "min_sessions": 0,
        "planned_end_passed": True,
    }
    return program


def test_the_planned_end_rule_is_met_from_the_planned_end_on():
    program = until_the_end()
    before = progress.checklist(program, progress.Facts(), started_on=START, today=END - day())
    assert [(item["key"], item["met"]) for item in before] == [("planned_end", False)]
    assert before[0]["label"] == "Keep going until the program's planned end."
    assert before[0]["detail"].startswith("planned end: ")
    assert progress.checklist(program, progress.Facts(), started_on=START, today=END)[0]["met"] is True


def test_the_stored_standing_counts_the_planned_end_on_a_write_and_on_the_first_view_of_a_day():
    program = until_the_end()
    today = timezone.localdate()
    ends_today = today - 26 * WEEK
    tomorrow = ends_today + day()
    done, waiting = (people.make_pair("mira", "ana"), people.make_pair("ben", "cy"))
    Pair.objects.filter(pk=done.pk).update(started_on=ends_today)
    Pair.objects.filter(pk=waiting.pk).update(started_on=tomorrow)
    done.refresh_from_db()
    assert tracking.refresh(done, program) == 1.0
    # The first view with the rule counts every pair in SQL, as the checklist does.
    units.remember_unit(UNIT, program, "Mentoring")
    stages = dict(Pair.objects.values_list("pk", "stage"))
    assert stages == {done.pk: Pair.COMPLETE, waiting.pk: Pair.NOT_STARTED}
    # Rules that depend on the day have a digest of the day: the next day's first view counts again.
    assert program_rules.digest(program, today) != program_rules.digest(program, today + day())
    plain = guided()
    assert program_rules.digest(plain, today) == program_rules.digest(plain, today + day())
    Pair.objects.filter(pk=waiting.pk).update(started_on=ends_today)  # as if a day went by
    program_rules.follow(UNIT, program)
    assert Pair.objects.get(pk=waiting.pk).stage == Pair.COMPLETE


def test_the_workspace_shows_the_planned_end_rule_and_its_next_step(pair):
    program = until_the_end()
    signed(pair, program)
    data = view("ana", pair, program, START)
    assert [(item["key"], item["met"]) for item in data["checklist"]] == [("planned_end", False)]
    assert data["next_step"].startswith("Keep meeting until the planned end of the program, on ")
    data = view("ana", pair, program, END)
    assert data["percent"] == 100


# -- programs stored before pacing -------------------------------------------------------------------------


def test_a_program_stored_without_pacing_reads_as_free_and_a_new_unit_as_guided():
    stored = config.default_program()
    for key in ("pacing", "final_round_weeks"):
        stored[key] = None
    del stored["completion"]["planned_end_passed"]
    old = config.resolve_stored(dict(stored, completion=dict(stored["completion"])), new_unit=False)
    assert (old["pacing"], old["final_round_weeks"], old["completion"]["planned_end_passed"]) == ("free", 2, False)
    assert config.resolve_stored(dict(stored), new_unit=True)["pacing"] == "guided"
    short = config.resolve_stored({**stored, "duration_weeks": 1}, new_unit=False)
    assert short["final_round_weeks"] == 1


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"pacing": "sometimes"}, "pacing", "Choose one of the options."),
        ({"final_round_weeks": 0}, "final_round_weeks", "Enter a number from 1 to 104."),
        ({"final_round_weeks": 27}, "final_round_weeks", "Enter a number of weeks from 1 to 26, the program's length."),
        ({"completion": {**config.default_program()["completion"], "planned_end_passed": "maybe"}},
         "completion.planned_end_passed", "Choose yes or no."),
    ],
)  # fmt: skip
def test_wrong_pacing_settings_are_refused_naming_the_field(changes, field, message):
    with pytest.raises(config.InvalidInput) as refused:
        config.clean_program({**config.default_program(), **changes})
    assert refused.value.fields == {field: message}
