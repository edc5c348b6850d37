"""SMART goals: validation, a cap per pair, versioned edits and a progress history."""

import datetime

import pytest

from mentoring_xblock.core import limits
from mentoring_xblock.core.errors import InvalidInput, NotFound
from mentoring_xblock.models import Goal, GoalUpdate
from mentoring_xblock.pairs import goals

from .. import sent
from ..people import START, make_pair, member

pytestmark = pytest.mark.django_db
VALID = {
    "statement": "Give a ten-minute talk at the study group",
    "why": "To get used to speaking in public",
    "measure": "The talk is given and the group rates it",
    "target_date": "2024-03-15",
    "areas": ["skills", "communication"],
}


def add(pair, name="ana", **changes):
    return sent.add_goal(*member(name, pair), {**VALID, **changes})


def edit(pair, name, goal, version, **changes):
    return sent.edit_goal(*member(name, pair), goal.pk, {**VALID, "version": version, **changes})


def update(pair, name, goal, value, note=""):
    return sent.add_progress(*member(name, pair), goal.pk, {"value": value, "note": note})


def test_a_goal_is_added_with_its_author(pair):
    goal = add(pair)
    row = Goal.objects.get()
    assert (row.pk, row.statement, row.measure, row.target_date) == (
        goal.pk,
        VALID["statement"],
        VALID["measure"],
        datetime.date(2024, 3, 15),
    )
    assert (row.areas, row.status, row.version) == (["skills", "communication"], "not_started", 1)
    assert (row.created_by.username, row.updated_by.username, row.pair_id) == ("ana", "ana", pair.pk)


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"statement": "   "}, "statement"),
        ({"statement": "x" * 501}, "statement"),
        ({"measure": ""}, "measure"),
        ({"target_date": None}, "target_date"),
        ({"target_date": "15/03/2024"}, "target_date"),
        ({"target_date": "2024-02-30"}, "target_date"),
        ({"target_date": "2024-01-14"}, "target_date"),  # the day before the pair started
        ({"areas": ["cooking"]}, "areas"),
        ({"areas": "skills"}, "areas"),
        ({"status": "finished"}, "status"),
        ({"why": 42}, "why"),
    ],
)
def test_a_goal_is_checked_field_by_field_and_nothing_is_saved(pair, changes, field):
    with pytest.raises(InvalidInput) as raised:
        add(pair, **changes)
    assert set(raised.value.fields) == {field}
    assert Goal.objects.count() == 0


def test_every_wrong_field_is_reported_at_once(pair):
    with pytest.raises(InvalidInput) as raised:
        add(pair, statement="", measure="", target_date="soon", areas=["x"], status="done")
    assert set(raised.value.fields) == {"statement", "measure", "target_date", "areas", "status"}


def test_a_goal_may_be_due_on_the_day_the_pair_started_with_any_status_and_no_areas(pair):
    goal = add(pair, target_date=START.isoformat(), areas=[], status="achieved")
    assert (goal.target_date, goal.areas, goal.status) == (START, [], "achieved")


def test_a_pair_has_at_most_goals_max_goals(pair):
    for number in range(limits.GOALS_PER_PAIR):
        add(pair, statement=f"Goal {number}")
    with pytest.raises(InvalidInput) as raised:
        add(pair, statement="One too many")
    assert set(raised.value.fields) == {"statement"}
    assert str(limits.GOALS_PER_PAIR) in raised.value.fields["statement"]
    assert Goal.objects.filter(pair=pair).count() == limits.GOALS_PER_PAIR
    assert not Goal.objects.filter(statement="One too many").exists()
    # The limit is per pair.
    assert add(make_pair("ben", "cy"), name="cy").statement == VALID["statement"]


def test_an_edit_from_the_current_version_makes_the_next_one(pair):
    goal = add(pair, name="ana")
    edited = edit(pair, "mira", goal, 1, statement="Give a talk to the whole class", status="in_progress")
    row = Goal.objects.get()
    assert edited.version == row.version == 2
    assert (row.statement, row.status) == ("Give a talk to the whole class", "in_progress")
    assert (row.created_by.username, row.updated_by.username) == ("ana", "mira")


def test_an_edit_from_a_stale_version_is_refused_and_changes_nothing(pair):
    goal = add(pair, name="ana")
    edit(pair, "ana", goal, 1, statement="Ana's wording")
    with pytest.raises(goals.StaleGoal) as raised:
        edit(pair, "mira", goal, 1, statement="Mira's wording")
    assert (raised.value.status, raised.value.code) == (409, "stale")
    row = Goal.objects.get()
    assert (row.statement, row.version, row.updated_by.username) == ("Ana's wording", 2, "ana")


def test_an_edit_is_checked_like_a_new_goal(pair):
    goal = add(pair)
    with pytest.raises(InvalidInput) as raised:
        edit(pair, "mira", goal, 1, measure="", areas=["cooking"])
    assert set(raised.value.fields) == {"measure", "areas"}
    with pytest.raises(InvalidInput) as raised:
        edit(pair, "mira", goal, None)
    assert set(raised.value.fields) == {"version"}
    row = Goal.objects.get()
    assert (row.measure, row.version) == (VALID["measure"], 1)


def test_a_goal_of_another_pair_is_not_found(pair):
    goal = add(pair, name="ana")
    other = make_pair("ben", "cy")
    with pytest.raises(NotFound):
        sent.edit_goal(*member("cy", other), goal.pk, {**VALID, "version": 1, "statement": "Taken over"})
    with pytest.raises(NotFound):
        sent.add_progress(*member("cy", other), goal.pk, {"value": 50})
    with pytest.raises(NotFound):
        sent.add_progress(*member("ana", pair), goal.pk + 1000, {"value": 50})
    row = Goal.objects.get()
    assert (row.statement, row.version, row.status) == (VALID["statement"], 1, "not_started")
    assert GoalUpdate.objects.count() == 0


@pytest.mark.parametrize("value", [-1, 101, "half", None, True, 50.5])
def test_progress_is_a_whole_percentage(pair, value):
    goal = add(pair)
    with pytest.raises(InvalidInput) as raised:
        update(pair, "ana", goal, value)
    assert set(raised.value.fields) == {"value"}
    assert GoalUpdate.objects.count() == 0
    assert Goal.objects.get().status == "not_started"


def test_progress_updates_keep_their_history_with_author_and_time(pair):
    goal = add(pair)
    update(pair, "ana", goal, 0, "Picked a topic")
    update(pair, "mira", goal, 100, "Talk given")
    history = list(GoalUpdate.objects.filter(goal=goal).order_by("pk"))
    assert [(u.value, u.note, u.author.username) for u in history] == [
        (0, "Picked a topic", "ana"),
        (100, "Talk given", "mira"),
    ]
    assert all(u.created_at is not None for u in history)
    assert history[0].created_at <= history[1].created_at


def test_the_first_progress_update_starts_a_goal_not_started(pair):
    goal = add(pair)
    after = update(pair, "ana", goal, 10)
    assert (after.status, Goal.objects.get().status) == ("in_progress", "in_progress")
    assert after.version == 2


@pytest.mark.parametrize("status", ["achieved", "partly", "dropped", "in_progress"])
def test_a_progress_update_leaves_other_statuses_alone(pair, status):
    goal = add(pair, status=status)
    assert update(pair, "mira", goal, 90).status == status
    assert GoalUpdate.objects.get().author.username == "mira"


def test_an_edit_that_leaves_out_the_status_keeps_it(pair):
    goal = add(pair, name="ana", status="in_progress")
    payload = {key: value for key, value in VALID.items() if key != "status"}
    edited = sent.edit_goal(*member("mira", pair), goal.pk, {**payload, "version": 1, "statement": "Reworded"})
    assert (edited.statement, edited.status) == ("Reworded", "in_progress")
