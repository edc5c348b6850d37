"""The Instructor Dashboard's counts after a program change, read before any block is: the adapter
that lists the course's published units (with the LMS's modulestore, in the workbench, with
neither) and what the course-wide counts cost while nothing changed and after a change.
"""

import copy
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mentoring_xblock.core import platform
from mentoring_xblock.models import MentoringUnit, Pair, Participant
from mentoring_xblock.pairs.pairing import create_pair
from mentoring_xblock.pairs.units import remember_unit
from mentoring_xblock.reporting import course_progress

from . import modulestore
from .runtime import LmsCourse, LmsRuntime

COURSE = "course-v1:OpenCollege+MENT101+2026"
DONE = {
    "started": True,
    "signed_mentor": True,
    "signed_mentee": True,
    "goals_set": 1,
    "sessions_confirmed": 6,
    "final_self": True,
    "final_mentor": True,
}


def block_of(course):
    """The unit's block as the modulestore holds it (no user)."""
    return course.block_at(LmsRuntime(course.ids, {"field-data": course.field_data()}), course.usage_key)


def tighter(program):
    """``program`` with one more required agenda item, which no pair covered."""
    changed = copy.deepcopy(program)
    changed["agenda"].append({**copy.deepcopy(changed["agenda"][-1]), "id": "wrap-up", "required": True})
    return changed


def set_program(course, program):
    """An author's change of the unit's program, published (or an OLX import over the unit)."""
    block = block_of(course)
    block.program = program
    block.save()


def seeded(units, pairs):
    """``units`` Mentoring units of one course, each seen once, with ``pairs`` pairs that met
    every requirement of the default program (counted at the next read)."""
    courses = [LmsCourse(COURSE, unit=f"mentoring{number}") for number in range(units)]
    for number, course in enumerate(courses):
        block = block_of(course)
        where = platform.unit(block)
        remember_unit(where, block.program, f"Unit {number}")
        covered = ",".join(item["id"] for item in block.program["agenda"] if item["required"])
        for index in range(pairs):
            people = [
                Participant.objects.create(
                    course_key=where.course_key,
                    usage_key=where.usage_key,
                    anonymous_id=f"{role}{index}",
                    username=f"{role}{index}",
                )
                for role in ("mentor", "mentee")
            ]
            create_pair(where, *people, capacity=1, formed_by="staff", program=block.program)
        Pair.objects.filter(usage_key=where.usage_key).update(**DONE, agenda_covered=f",{covered},")
        # The facts were set directly: the next reader counts every pair's standing from them.
        MentoringUnit.objects.filter(usage_key=where.usage_key).update(rules_digest="")
    return courses


@pytest.fixture
def store():
    """An LMS modulestore at its import path; tests add their courses to it."""
    found = modulestore.ModuleStore()
    with modulestore.installed(found):
        yield found


def holding(store, courses):
    for course in courses:
        store.courses.setdefault(course.course_key, []).append(course)
    return courses


def counts():
    return [(unit.display_name, unit.complete, unit.in_progress) for unit in course_progress.course_units(COURSE)]


# -- the adapter ----------------------------------------------------------------------------------


def test_with_the_platform_the_programs_are_the_published_blocks_of_the_course(db, store):
    (course,) = holding(store, [LmsCourse(COURSE)])
    other = str(LmsCourse(COURSE, unit="elsewhere").usage_key)
    found = platform.published_programs(COURSE, [str(course.usage_key), other])
    assert found == {str(course.usage_key): block_of(course).program}
    # The platform's own call (instructor_dashboard_2): the course's blocks of our category,
    # from the published branch.
    assert store.calls == [(course.course_key, {"category": "mentorship"}, "rev-opt-published-only")]
    assert platform.published_programs("course-v1:No+Such+Course", [other]) == {}
    assert platform.published_programs(COURSE, []) == {} and len(store.calls) == 2


def test_with_the_platform_a_studio_save_counts_once_published(db, store):
    (course,) = holding(store, [LmsCourse(COURSE)])
    set_program(course, tighter(block_of(course).program))
    (program,) = platform.published_programs(COURSE, [str(course.usage_key)]).values()
    assert program["agenda"][-1]["id"] == "wrap-up"


def test_in_the_workbench_the_programs_are_its_loaded_scenarios_mentorship_blocks(workbench, django_assert_num_queries):
    from workbench.scenarios import get_scenarios

    scenarios = get_scenarios()
    demo, thumbs = str(scenarios["mentorship.0"].usage_id), str(scenarios["thumbs.0"].usage_id)
    unknown = "block-v1:Workbench+Mentoring+Demo+type@mentorship+block@gone"
    with django_assert_num_queries(1):  # the demo block's rows, read at once
        found = platform.published_programs("course-v1:Workbench+Mentoring+Demo", [demo, thumbs, unknown])
    assert found == {demo: workbench("mentorship.0").program}
    with django_assert_num_queries(0):
        assert platform.published_programs("course-v1:Workbench+Mentoring+Demo", [unknown]) == {}


def test_without_a_runtime_to_load_blocks_from_nothing_is_loaded_and_no_rule_changes(db, monkeypatch):
    monkeypatch.setitem(sys.modules, "workbench.runtime", None)  # neither the platform nor the workbench
    assert platform.published_programs(COURSE, ["block-v1:OpenCollege+MENT101+2026+type@mentorship+block@x"]) == {}


# -- the counts -----------------------------------------------------------------------------------


def test_the_dashboard_follows_a_tighter_program_and_a_looser_one_before_any_block_is_read(db, store):
    first, second = holding(store, seeded(units=2, pairs=3))
    assert counts() == [("Unit 0", 3, 0), ("Unit 1", 3, 0)]
    program = block_of(first).program
    set_program(first, tighter(program))
    assert counts() == [("Unit 0", 0, 3), ("Unit 1", 3, 0)]
    set_program(first, program)
    assert counts() == [("Unit 0", 3, 0), ("Unit 1", 3, 0)]
    assert second.usage_key != first.usage_key


def test_the_dashboard_follows_a_changed_at_risk_threshold(db, store):
    (course,) = holding(store, seeded(units=1, pairs=2))
    course_progress.course_units(COURSE)
    Pair.objects.update(stage=Pair.IN_PROGRESS, last_session_on="2024-01-01", cadence_due_on=None)
    MentoringUnit.objects.update(at_risk_days=100000)  # as stored before the author's change
    assert [unit.at_risk for unit in course_progress.course_units(COURSE)] == [2]  # idle past 30 days
    assert MentoringUnit.objects.get().at_risk_days == block_of(course).program["at_risk_days"]


def test_units_without_a_published_block_keep_what_was_stored(db, store):
    holding(store, seeded(units=1, pairs=2))
    gone = LmsCourse(COURSE, unit="deleted")  # a unit seen once, since deleted from the course
    where = platform.unit(block_of(gone))
    remember_unit(where, block_of(gone).program, "Deleted unit")
    MentoringUnit.objects.filter(usage_key=where.usage_key).update(rules_digest="old")
    assert counts() == [("Deleted unit", 0, 0), ("Unit 0", 2, 0)]
    assert MentoringUnit.objects.get(usage_key=where.usage_key).rules_digest == "old"


@pytest.mark.parametrize("units, pairs", [(1, 1), (6, 12)])
def test_the_dashboards_steady_state_costs_two_queries_however_many_units_and_pairs(db, store, units, pairs):
    holding(store, seeded(units, pairs))
    course_progress.course_units(COURSE)  # the first read brings every unit in line
    with CaptureQueriesContext(connection) as steady:
        found = course_progress.course_units(COURSE)
    assert len(steady.captured_queries) == 2, [query["sql"] for query in steady.captured_queries]
    assert sum(unit.complete for unit in found) == units * pairs


@pytest.mark.parametrize("units, pairs", [(1, 1), (6, 12)])
def test_every_units_programme_dashboard_costs_one_query_more_however_many_units(db, store, units, pairs):
    holding(store, seeded(units, pairs))
    course_progress.course_dashboards(COURSE)  # the first read brings every unit and its tallies in line
    with CaptureQueriesContext(connection) as steady:
        found = course_progress.course_dashboards(COURSE)
    # the course's units, their pairs' counts, then every unit's tallies
    assert len(steady.captured_queries) == 3, [query["sql"] for query in steady.captured_queries]
    assert len(found) == units and sum(shown.total for _unit, shown, _program in found) == units * pairs


@pytest.fixture
def changed_read_cost(db, store):
    """The statements of the first dashboard read after one unit's program changed, for a course
    of ``units`` units of ``pairs`` pairs; the next read's too."""

    def measure(units, pairs):
        courses = holding(store, seeded(units, pairs))
        course_progress.course_units(COURSE)
        set_program(courses[0], tighter(block_of(courses[0]).program))
        with CaptureQueriesContext(connection) as first:
            found = course_progress.course_units(COURSE)
        with CaptureQueriesContext(connection) as next_read:
            course_progress.course_units(COURSE)
        assert sum(unit.complete for unit in found) == (units - 1) * pairs
        store.courses.clear()
        Pair.objects.all().delete()
        Participant.objects.all().delete()
        MentoringUnit.objects.all().delete()
        return len(first.captured_queries), len(next_read.captured_queries)

    return measure


def test_a_changed_unit_costs_a_few_statements_once_as_many_with_more_units_and_pairs(changed_read_cost):
    small, large = changed_read_cost(2, 2), changed_read_cost(6, 12)
    assert small == large
    first, next_read = small
    # The unit's row held, one UPDATE of its pairs, its tallies counted again (five statements:
    # pairs/tallies.count_again), the row stored.
    assert next_read == 2 and 2 < first <= 2 + 10
