"""A changed program counts every pair's standing again, in SQL, as the Python checklist counts it."""

import datetime
import importlib
import itertools

import pytest
from django.apps import apps
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring_xblock.models import MentoringUnit, Pair, Participant
from mentoring_xblock.pairs import agreement, program_rules, progress, tracking, units
from mentoring_xblock.program import config

from .. import sent
from ..people import START, TODAY, UNIT, make_pair, member

pytestmark = pytest.mark.django_db
backfill = importlib.import_module("mentoring_xblock.migrations.0008_pair_facts_and_unit_rules").backfill_facts

REQUIRED = ["kickoff", "needs", "smart-goals", "midpoint", "final-review"]


def program_with(**completion):
    program = config.default_program()
    program["completion"].update(completion)
    return program


def programs():
    """Programs that ask different things, the cadence included."""
    fewer = config.default_program()
    for item in fewer["agenda"]:
        item["required"] = item["id"] == "kickoff"
    busy = config.default_program()
    busy.update(min_sessions_per_month=3, duration_weeks=10)
    return {
        "default": config.default_program(),
        "two goals, no agenda": program_with(min_goals=2, required_agenda=False),
        "one required item": fewer,
        "nothing to meet": program_with(
            agreement_signed=False,
            min_goals=0,
            min_sessions=0,
            required_agenda=False,
            final_self_assessment=False,
            final_mentor_assessment=False,
        ),  # fmt: skip
        "three a month for ten weeks": busy,
        "no cadence": {**config.default_program(), "min_sessions_per_month": 0},
    }


def facts():
    """Every mix of what a pair may have done (the things each rule looks at)."""
    covered = [set(), {"kickoff"}, set(REQUIRED), {*REQUIRED, "roadmap"}]
    for signed, goal_count, confirmed, agenda, final, started in itertools.product(
        [set(), {"mentor"}, {"mentor", "mentee"}], [0, 1, 2], [0, 2, 6, 7], covered, [(False, False), (True, True)],
        [False, True],
    ):  # fmt: skip
        yield progress.Facts(signed, goal_count, confirmed, agenda, *final), started


def seed(count_facts):
    """A pair per mix of facts, stored as tracking stores them, with a stale standing."""
    people = Participant.objects.bulk_create(
        Participant(course_key=UNIT.course_key, usage_key=UNIT.usage_key, anonymous_id=f"a{n}", username=f"u{n}")
        for n in range(2 * len(count_facts))
    )
    started = [START - datetime.timedelta(days=n % 40) for n in range(len(count_facts))]
    Pair.objects.bulk_create(
        Pair(course_key=UNIT.course_key, usage_key=UNIT.usage_key, mentor=people[2 * n], mentee=people[2 * n + 1],
             started_on=started[n], sessions_confirmed=found.confirmed_sessions, stage=Pair.COMPLETE, progress=0.5,
             **program_rules.facts_columns(found, began))
        for n, (found, began) in enumerate(count_facts)
    )  # fmt: skip
    return list(Pair.objects.filter(usage_key=UNIT.usage_key).order_by("pk"))


@pytest.mark.parametrize("name", list(programs()))
def test_the_sql_standing_is_the_python_checklists_for_every_mix_of_facts(name):
    program = programs()[name]
    mixes = list(facts())
    pairs = seed(mixes)
    program_rules.follow(UNIT, program)
    stored = {p.pk: p for p in Pair.objects.filter(usage_key=UNIT.usage_key)}
    for pair, (found, began) in zip(pairs, mixes, strict=True):
        share = progress.fraction(progress.checklist(program, found))
        row = stored[pair.pk]
        assert row.progress == share, (found, began)
        expected = Pair.COMPLETE if share >= 1.0 else Pair.IN_PROGRESS if began else Pair.NOT_STARTED
        assert row.stage == expected
        assert (row.completed_at is not None) == (expected == Pair.COMPLETE)
        assert row.cadence_due_on == tracking.cadence_due_on(pair.started_on, found.confirmed_sessions, program)


def test_a_changed_program_is_one_update_however_many_pairs():
    for count in (3, 300):
        Participant.objects.all().delete()  # and their pairs
        seed(list(itertools.islice(facts(), count)))
        with CaptureQueriesContext(connection) as captured:
            written = program_rules.follow(UNIT, config.default_program())
        assert written == count
        assert [q["sql"].split()[0] for q in captured.captured_queries] == ["UPDATE"]


def test_a_pair_complete_before_keeps_its_completion_time_and_one_no_longer_complete_loses_it():
    done = progress.Facts({"mentor", "mentee"}, 1, 6, set(REQUIRED), True, True)
    (pair,) = seed([(done, True)])
    then = timezone.now() - datetime.timedelta(days=3)
    Pair.objects.filter(pk=pair.pk).update(completed_at=then)
    program_rules.follow(UNIT, config.default_program())
    assert Pair.objects.get(pk=pair.pk).completed_at == then
    tighter = config.default_program()
    tighter["agenda"][3]["required"] = True  # "roadmap", which no session covered
    program_rules.follow(UNIT, tighter)
    pair = Pair.objects.get(pk=pair.pk)
    assert (pair.stage, pair.progress, pair.completed_at) == (Pair.IN_PROGRESS, 5 / 6, None)


def test_the_digest_changes_with_the_rules_only():
    program = config.default_program()
    digest = program_rules.digest(program)
    renamed = {**program, "display_name": "Another name", "at_risk_days": 10, "introduction": ["Hello"]}
    assert program_rules.digest(renamed) == digest
    for changed in (
        program_with(min_goals=3),
        {**program, "min_sessions_per_month": 2},
        {**program, "duration_weeks": 30},
        {**program, "agenda": program["agenda"][:-1]},
    ):
        assert program_rules.digest(changed) != digest


def test_an_unchanged_program_costs_the_one_read_of_the_units_row_and_writes_nothing():
    program = config.default_program()
    seed(list(itertools.islice(facts(), 5)))
    units.remember_unit(UNIT, program, "Mentoring")  # the first read counts the pairs
    before = list(Pair.objects.order_by("pk").values())
    with CaptureQueriesContext(connection) as captured:
        units.remember_unit(UNIT, program, "Mentoring")
    assert [q["sql"].split()[0] for q in captured.captured_queries] == ["SELECT"]
    assert list(Pair.objects.order_by("pk").values()) == before


def test_a_changed_program_is_counted_once_and_remembered():
    program = config.default_program()
    (pair,) = seed([(progress.Facts({"mentor", "mentee"}, 1, 6, set(REQUIRED), True, True), True)])
    units.remember_unit(UNIT, program, "Mentoring")
    assert Pair.objects.get(pk=pair.pk).stage == Pair.COMPLETE
    tighter = program_with(min_goals=2)
    with CaptureQueriesContext(connection) as captured:
        units.remember_unit(UNIT, tighter, "Mentoring")
    updates = [q["sql"] for q in captured.captured_queries if q["sql"].startswith("UPDATE")]
    assert sum("mentoring_xblock_pair" in sql for sql in updates) == 1
    assert Pair.objects.get(pk=pair.pk).stage == Pair.IN_PROGRESS
    assert MentoringUnit.objects.get(usage_key=UNIT.usage_key).rules_digest == program_rules.digest(tighter)


def test_the_migration_fills_each_pairs_facts_from_its_records():
    program = config.default_program()
    program["completion"]["min_sessions"] = 1
    pair = make_pair("mira", "ana")
    sent.save_agreement(*member("ana", pair, today=TODAY, program=program), {
        "cadence": "Monthly", "channels": "Email", "session_minutes": 60, "session_format": "video", "version": 0,
    })  # fmt: skip
    agreement.sign(*member("ana", pair, today=TODAY, program=program), 1)
    goal = {"statement": "Give a talk", "measure": "Given", "target_date": "2024-04-01", "areas": ["skills"]}
    sent.add_goal(*member("ana", pair, today=TODAY, program=program), goal)
    held = {"held_on": "2024-02-01", "minutes": 60, "session_format": "video", "agenda_items": ["kickoff", "needs"]}
    session = sent.log_session(*member("ana", pair, today=TODAY, program=program), held)
    sent.review_session(*member("mira", pair, today=TODAY, program=program), session.pk, {"decision": "confirm"})
    tracking.refresh(pair, program)
    stored = Pair.objects.filter(pk=pair.pk).values(*program_rules.FACTS).get()
    assert stored == {
        "started": True, "signed_mentor": False, "signed_mentee": True, "goals_set": 1,
        "agenda_covered": ",kickoff,needs,", "final_self": False, "final_mentor": False,
    }  # fmt: skip
    Pair.objects.update(started=False, signed_mentee=False, goals_set=0, agenda_covered="")
    backfill(apps, None)
    assert Pair.objects.filter(pk=pair.pk).values(*program_rules.FACTS).get() == stored
