"""The benchmark's data, written with bulk inserts in seconds.

Three workbench units carry the demo unit's program (``scenarios/demo_unit.xml``):

- ``bench-small``: 10 pairs; ``bench-large``: 10,000 pairs (and 200 unpaired visitors). In both,
  one pair (``bench-mentor`` and ``bench-mentee``) has a signed agreement, 20 goals with three
  progress updates each, 50 sessions (five of them waiting for the mentee's confirmation),
  200 action items and a needs assessment and mid-point self-assessment submitted.
- ``bench-export``: 100,000 participants: 30,000 mentors with two mentees each (60,000 pairs)
  and 10,000 learners without a pair.

Every other pair has a goal, an action item, a confirmed session and a submitted needs
assessment, and a stored standing spread over every stage, so that filters and figures read
real rows. Mentors have two mentees each, as programs with a capacity of three usually do.
"""

import datetime
from dataclasses import dataclass
from itertools import islice

from django.contrib.auth import get_user_model
from django.utils import timezone

from mentoring_xblock import tracking
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
from mentoring_xblock.scenarios import workbench_scenarios
from mentoring_xblock.workbench_services import anonymous_id_for, workbench_course_key

MENTOR, MENTEE, STAFF = "bench-mentor", "bench-mentee", "staff"
BATCH = 5000
STAGES = [Pair.NOT_STARTED, Pair.IN_PROGRESS, Pair.IN_PROGRESS, Pair.COMPLETE]
FOCUS_GOALS, FOCUS_UPDATES, FOCUS_SESSIONS, FOCUS_PENDING, FOCUS_ACTIONS = 20, 3, 50, 5, 200


@dataclass(frozen=True)
class UnitSpec:
    scenario: str  # the workbench scenario id
    description: str  # the workbench derives the usage key from it
    pairs: int
    unpaired: int
    focus: bool  # holds the bench-mentor / bench-mentee pair


SMALL = UnitSpec("bench-small", "Bench unit with 10 pairs", 10, 0, True)
LARGE = UnitSpec("bench-large", "Bench unit with 10000 pairs", 10_000, 200, True)
EXPORT = UnitSpec("bench-export", "Bench unit with 100000 participants", 60_000, 10_000, False)
UNITS = (SMALL, LARGE, EXPORT)


def register_scenarios():
    """Add the bench units to the workbench's scenarios (in this process); returns usage keys by scenario."""
    from workbench.scenarios import add_xml_scenario, get_scenarios

    scenarios = get_scenarios()
    demo_olx = workbench_scenarios()[0][1]
    for spec in UNITS:
        if spec.scenario not in scenarios:
            add_xml_scenario(spec.scenario, spec.description, demo_olx)
    return {spec.scenario: str(scenarios[spec.scenario].usage_id) for spec in UNITS}


def _bulk(model, objects):
    """Insert ``objects`` (an iterable) in batches; returns them (with their ids)."""
    created, objects = [], iter(objects)
    while batch := list(islice(objects, BATCH)):
        created.extend(model.objects.bulk_create(batch))
    return created


def _ids(model, usage_key):
    """Ids of the unit's rows in insertion order (bulk_create does not return ids on every database)."""
    return list(model.objects.filter(usage_key=usage_key).order_by("pk").values_list("pk", flat=True))


def seed_users():
    """The workbench users the benchmark signs in as."""
    users = get_user_model().objects
    users.get_or_create(username=STAFF, defaults={"is_staff": True})
    for username, first, last in ((MENTOR, "Maya", "Ortiz"), (MENTEE, "Sam", "Lee")):
        users.update_or_create(username=username, defaults={"first_name": first, "last_name": last})


def seed_unit(spec, usage_key, program):
    """Write ``spec``'s participants, pairs and records; returns the focus pair or None."""
    course_key = workbench_course_key()
    today = timezone.localdate()
    scoped = {"course_key": course_key, "usage_key": usage_key}
    others = spec.pairs - (1 if spec.focus else 0)
    mentors = (others + 1) // 2
    prefix = spec.scenario

    def person(username, name):
        return Participant(**scoped, anonymous_id=anonymous_id_for(username, course_key), username=username,
                           display_name=name)  # fmt: skip

    people = (
        [person(f"{prefix}-mentor{n}", f"Mentor {n}") for n in range(mentors)]
        + [person(f"{prefix}-mentee{n}", f"Mentee {n}") for n in range(others)]
        + [person(f"{prefix}-learner{n}", f"Learner {n}") for n in range(spec.unpaired)]
    )
    _bulk(Participant, people)
    ids = _ids(Participant, usage_key)
    mentor_ids, mentee_ids = ids[:mentors], ids[mentors : mentors + others]

    def pair(n):
        closed = n % 20 == 19  # one pairing in twenty has ended
        mentee_id = mentee_ids[n]
        return Pair(
            **scoped, mentor_id=mentor_ids[n // 2], mentee_id=mentee_id,
            status=Pair.CLOSED if closed else Pair.ACTIVE, active_mentee_id=None if closed else mentee_id,
            mentor_slot=None if closed else n % 2 + 1, formed_by="csv",
            started_on=today - datetime.timedelta(days=n % 150), stage=STAGES[n % 4],
            progress=(n % 5) / 4 if n % 5 < 4 else 1.0, sessions_confirmed=1, minutes_confirmed=45,
            last_session_on=today - datetime.timedelta(days=n % 50) if n % 3 else None,
            cadence_due_on=today + datetime.timedelta(days=(n % 60) - 20),
            ended_at=timezone.now() if closed else None, end_reason="Moved on" if closed else "",
        )  # fmt: skip

    # Pairs do not go through Pair.save (bulk): mentor_slot and active_mentee are set above.
    _bulk(Pair, (pair(n) for n in range(others)))
    pair_ids = _ids(Pair, usage_key)
    _bulk(Goal, (Goal(**scoped, pair_id=pk, statement="Ship a report", status="achieved") for pk in pair_ids))
    _bulk(ActionItem, (ActionItem(**scoped, pair_id=pk, text="Read the style guide", owner="mentee",
                                  due_on=today + datetime.timedelta(days=pk % 30 - 15))
                       for pk in pair_ids))  # fmt: skip
    _bulk(Session, (Session(**scoped, pair_id=pk, held_on=today - datetime.timedelta(days=pk % 50), minutes=45,
                            session_format="video", agenda_items=["kickoff", "needs"], notes="Met",
                            confirmation=Session.CONFIRMED) for pk in pair_ids))  # fmt: skip
    _bulk(Assessment, (Assessment(**scoped, pair_id=pk, round="baseline", rater="self", ratings={"sql": 2},
                                  submitted_at=timezone.now()) for pk in pair_ids))  # fmt: skip
    if spec.focus:
        return seed_focus(scoped, program, today)
    return None


def _member(scoped, username, name):
    user = get_user_model().objects.get(username=username)
    return Participant.objects.create(
        **scoped, anonymous_id=anonymous_id_for(username, scoped["course_key"]), user_id=user.pk,
        username=username, display_name=name,
    )  # fmt: skip


def seed_focus(scoped, program, today):
    """The pair whose workspace the benchmark opens: a full six months of records."""
    mentor = _member(scoped, MENTOR, "Maya Ortiz")
    mentee = _member(scoped, MENTEE, "Sam Lee")
    started = today - datetime.timedelta(days=170)
    pair = Pair(**scoped, mentor=mentor, mentee=mentee, formed_by="staff", started_on=started)
    pair.mentor_slot = 1
    pair.save()
    agreement = Agreement.objects.create(
        **scoped, pair=pair, cadence="Every two weeks", session_minutes=45, session_format="video",
        channels="Email and chat", contact_hours="Weekdays 9-17", boundaries="No calls at weekends",
        mentor_expectations="Come prepared", mentee_expectations="Honest feedback", updated_by=mentee,
        review_on=started + datetime.timedelta(days=90),
    )  # fmt: skip
    AgreementSignature.objects.bulk_create(
        AgreementSignature(**scoped, agreement=agreement, role=role, signer=who, version=1)
        for role, who in (("mentor", mentor), ("mentee", mentee))
    )
    areas = [area["id"] for area in program["learning_areas"]]
    _bulk(Goal, (
        Goal(**scoped, pair=pair, statement=f"Goal {n}: present a finding to the team", why="To be heard",
             measure="Presented", target_date=today + datetime.timedelta(days=n * 5), areas=areas[: n % 3 + 1],
             status="in_progress", created_by=mentee, updated_by=mentee)
        for n in range(FOCUS_GOALS)
    ))  # fmt: skip
    goal_ids = list(Goal.objects.filter(pair=pair).order_by("pk").values_list("pk", flat=True))
    _bulk(GoalUpdate, (
        GoalUpdate(**scoped, goal_id=goal_id, author=mentee if n % 2 else mentor, value=25 * (n + 1),
                   note=f"Step {n + 1} done")
        for goal_id in goal_ids for n in range(FOCUS_UPDATES)
    ))  # fmt: skip
    agenda = [item["id"] for item in program["agenda"]]
    review = {"useful": "The walkthrough", "next_steps": "Draft the chart", "change": "Shorter"}
    _bulk(Session, (
        Session(**scoped, pair=pair, held_on=started + datetime.timedelta(days=3 * n + 1), minutes=45,
                session_format="video", agenda_items=[agenda[n % len(agenda)]], notes=f"Session {n}: we met.",
                review=review, logged_by=mentor if n % 2 else mentee,
                confirmation=Session.PENDING if n >= FOCUS_SESSIONS - FOCUS_PENDING else Session.CONFIRMED,
                confirmed_at=None if n >= FOCUS_SESSIONS - FOCUS_PENDING else timezone.now())
        for n in range(FOCUS_SESSIONS)
    ))  # fmt: skip
    # The pending sessions are the mentor's, so that the mentee has sessions to confirm.
    Session.objects.filter(pair=pair, confirmation=Session.PENDING).update(logged_by=mentor)
    session_ids = list(Session.objects.filter(pair=pair).order_by("pk").values_list("pk", flat=True))
    _bulk(ActionItem, (
        ActionItem(**scoped, pair=pair, session_id=session_ids[n % FOCUS_SESSIONS] if n % 2 else None,
                   text=f"Action {n}: read a chapter", owner="mentee" if n % 3 else "mentor",
                   due_on=started + datetime.timedelta(days=n), status="done" if n < 120 else "open",
                   done_at=timezone.now() if n < 120 else None, created_by=mentee)
        for n in range(FOCUS_ACTIONS)
    ))  # fmt: skip
    ratings = {area: 2 for area in areas}
    answers = {q["id"]: "Better every week" for q in program["progress_questions"] + program["checkin_questions"]}
    needs = {"why_now": "A new job", "outcome": "Confidence", "time_available": "Two hours a week"}
    Assessment.objects.bulk_create([
        Assessment(**scoped, pair=pair, round="baseline", rater="self", ratings=ratings, answers=needs,
                   submitted_at=timezone.now(), author=mentee),
        Assessment(**scoped, pair=pair, round="midpoint", rater="self", ratings=ratings, answers=answers,
                   comment="Going well", submitted_at=timezone.now(), author=mentee),
    ])  # fmt: skip
    tracking.refresh(pair, program, touched=True)
    return pair


def assessment_answers(program):
    """A complete assessment of a later round, as the submit handler takes it."""
    return {
        "ratings": {area["id"]: program["rating_scale"][-1]["value"] for area in program["learning_areas"]},
        "answers": {q["id"]: "Clearly better" for q in program["progress_questions"] + program["checkin_questions"]},
        "comment": "Ready for the final round",
    }
