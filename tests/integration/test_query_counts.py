"""The learner view, the staff overview and every write handler read and write in a fixed number
of SQL statements, whatever the size of the unit and of the pair's history (issue 7: the budgets
of docs/PERFORMANCE.md). Each is counted twice: in a unit of 3 pairs where the pair has a few
records, then in the same unit grown to 60 pairs where the pair has many more; the counts must
be equal and within the budget.

The counts include everything a request through the workbench sends: the runtime's field reads
and user service as well as the block's own statements, transaction control (BEGIN, COMMIT)
included, as Django's ``assertNumQueries`` counts them.
"""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring_xblock.models import (
    ActionItem,
    Agreement,
    AgreementSignature,
    Assessment,
    Goal,
    GoalUpdate,
    Pair,
    Participant,
    Session,
)

from ..conftest import DEMO, load_block
from .helpers import load_demo, visit

pytestmark = pytest.mark.django_db

LEARNER_VIEW_BUDGET = 12
STAFF_OVERVIEW_BUDGET = 15


def grow_unit(pairs):
    """Add pairs of new people to the demo unit until it has ``pairs`` pairs, each with a goal,
    an action item and a confirmed session."""
    demo = Pair.objects.select_related("mentor").first()
    scoped = {"course_key": demo.course_key, "usage_key": demo.usage_key}
    missing = pairs - Pair.objects.filter(usage_key=demo.usage_key).count()
    first = Participant.objects.filter(username__startswith="extra").count()
    people = Participant.objects.bulk_create(
        Participant(**scoped, anonymous_id=f"anon-extra-{n}", username=f"extra{n}", display_name=f"Extra {n}")
        for n in range(first, first + 2 * missing)
    )
    today = timezone.localdate()
    created = Pair.objects.bulk_create(
        Pair(**scoped, mentor_id=people[2 * n].pk, mentee_id=people[2 * n + 1].pk,
             active_mentee_id=people[2 * n + 1].pk, mentor_slot=1, started_on=today, stage=Pair.IN_PROGRESS)
        for n in range(missing)
    )  # fmt: skip
    assert len(created) == missing and Pair.objects.filter(usage_key=demo.usage_key).count() == pairs
    newest = Pair.objects.filter(usage_key=demo.usage_key).order_by("-pk")[:missing]
    ids = list(newest.values_list("pk", flat=True))
    Goal.objects.bulk_create(Goal(**scoped, pair_id=pk, statement="A goal") for pk in ids)
    ActionItem.objects.bulk_create(ActionItem(**scoped, pair_id=pk, text="Read", owner="mentee") for pk in ids)
    Session.objects.bulk_create(
        Session(**scoped, pair_id=pk, held_on=today, minutes=30, session_format="video", confirmation="confirmed")
        for pk in ids
    )


def sign_agreement(pair):
    """Give ``pair`` an agreement signed by both."""
    scoped = {"course_key": pair.course_key, "usage_key": pair.usage_key}
    agreement = Agreement.objects.create(**scoped, pair=pair, cadence="Weekly", session_minutes=30,
                                         session_format="video", channels="Chat", updated_by=pair.mentor)  # fmt: skip
    AgreementSignature.objects.bulk_create(
        AgreementSignature(**scoped, agreement=agreement, role=role, signer=who, version=1)
        for role, who in (("mentor", pair.mentor), ("mentee", pair.mentee))
    )


def add_records(pair, amount):
    """Add to ``pair`` ``amount`` goals with two updates each, ``2 * amount`` sessions (half of
    them waiting for the partner) and ``3 * amount`` action items (a third of them done)."""
    scoped = {"course_key": pair.course_key, "usage_key": pair.usage_key}
    mentor, mentee = pair.mentor, pair.mentee
    first = Goal.objects.filter(pair=pair).count()
    for n in range(first, first + amount):
        goal = Goal.objects.create(**scoped, pair=pair, statement=f"Goal {n}", measure="Done", created_by=mentee)
        GoalUpdate.objects.bulk_create(GoalUpdate(**scoped, goal=goal, author=mentee, value=v) for v in (20, 40))
    started = pair.started_on
    sessions = Session.objects.bulk_create(
        Session(**scoped, pair=pair, held_on=started, minutes=45, session_format="video", agenda_items=["kickoff"],
                notes=f"Session {n}", logged_by=mentor, confirmation="confirmed" if n % 2 else "pending")
        for n in range(2 * amount)
    )  # fmt: skip
    done = ActionItem.objects.filter(pair=pair).count()
    ActionItem.objects.bulk_create(
        ActionItem(**scoped, pair=pair, session=sessions[n % len(sessions)], text=f"Action {n}", owner="mentee",
                   due_on=started + datetime.timedelta(days=n), status="done" if n % 3 == 0 else "open")
        for n in range(done, done + 3 * amount)
    )  # fmt: skip


def assess(pair):
    """The mentee's needs assessment and mid-point self-assessment, submitted."""
    scoped = {"course_key": pair.course_key, "usage_key": pair.usage_key}
    ratings = {"sql": 2, "storytelling": 2, "stakeholders": 3, "career": 1}
    Assessment.objects.bulk_create(
        Assessment(**scoped, pair=pair, round=round_, rater="self", ratings=ratings, submitted_at=timezone.now())
        for round_ in ("baseline", "midpoint")
    )


@pytest.fixture
def pair(workbench, client):
    """The demo unit with 3 pairs; mentor and mentee1 (the pair under test) have a signed agreement,
    a goal, two sessions and three action items; everyone has opened the unit once already."""
    load_demo()
    grow_unit(3)
    found = Pair.objects.select_related("mentor", "mentee").get(mentee__username="mentee1")
    sign_agreement(found)
    add_records(found, 1)
    assess(found)
    for student in ("mentor", "mentee1", "staff"):
        visit(client, student)
    return found


def grow(pair):
    """The same unit with 60 pairs, the pair with 13 goals, 26 sessions and 39 action items."""
    grow_unit(60)
    add_records(pair, 12)


def statements(action):
    """How many statements ``action()`` sends (and its result)."""
    with CaptureQueriesContext(connection) as captured:
        result = action()
    return len(captured.captured_queries), result


def render(student):
    """The block's whole student_view as a page request renders it: a new runtime and block."""
    block = load_block(DEMO, student)
    return block.runtime.render(block, "student_view")


@pytest.mark.parametrize("student", ["mentee1", "mentor"])
def test_the_learner_view_reads_the_workspace_in_a_fixed_number_of_queries(pair, student):
    small, _ = statements(lambda: render(student))
    grow(pair)
    large, fragment = statements(lambda: render(student))
    assert "Goal 12" in fragment.content and "Action 38" in fragment.content
    assert small == large <= LEARNER_VIEW_BUDGET


def test_the_staff_overview_reads_its_first_page_in_a_fixed_number_of_queries(pair):
    small, _ = statements(lambda: render("staff"))
    grow(pair)
    large, fragment = statements(lambda: render("staff"))
    newest = Pair.objects.select_related("mentee").order_by("-created_at", "-pk").first()
    assert newest.mentee.username in fragment.content and newest.mentee.username.startswith("extra")
    assert small == large <= STAFF_OVERVIEW_BUDGET
