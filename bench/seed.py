"""The benchmark's data, written with bulk inserts in seconds.

Three workbench units carry the demo unit's program (``scenarios/demo_unit.xml``):

- ``bench-small``: 10 pairs; ``bench-large``: 10,000 pairs (and 200 unpaired visitors). In both,
  the :data:`HEAVY` pair (``bench-mentor`` and ``bench-mentee``) has a signed agreement, 20 goals
  with three progress updates each, 50 sessions (five of them waiting for the mentee's
  confirmation), 200 action items and a needs assessment and mid-point self-assessment
  submitted; the :data:`TYPICAL` pair, two months in, has the same on a smaller scale.
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
from django.db import connection
from django.utils import timezone

from mentoring_xblock.models import (
    ActionItem,
    Agreement,
    AgreementSignature,
    Assessment,
    Goal,
    GoalUpdate,
    MentoringUnit,
    Pair,
    Participant,
    Session,
)
from mentoring_xblock.pairs import program_rules, tracking
from mentoring_xblock.workbench.scenarios import workbench_scenarios
from mentoring_xblock.workbench.services import anonymous_id_for, workbench_course_key

MENTOR, MENTEE, STAFF = "bench-mentor", "bench-mentee", "staff"
BATCH = 5000
STAGES = [Pair.NOT_STARTED, Pair.IN_PROGRESS, Pair.IN_PROGRESS, Pair.COMPLETE]


@dataclass(frozen=True)
class Shape:
    """How much a pair has recorded: goals (with updates each), sessions (the last ``pending``
    of them waiting for the mentee's confirmation), action items (``done`` of them done)."""

    mentor: str
    mentee: str
    days: int
    goals: int
    updates: int
    sessions: int
    pending: int
    actions: int
    done: int


# The issue's pair: six months of records (more goals than the product lets a pair set, 10).
HEAVY = Shape(MENTOR, MENTEE, days=170, goals=20, updates=3, sessions=50, pending=5, actions=200, done=120)
# A pair two months in, as most pairs of a unit are.
TYPICAL = Shape("bench-typical-mentor", "bench-typical-mentee", days=60, goals=3, updates=2, sessions=4, pending=1,
                actions=10, done=6)  # fmt: skip


@dataclass(frozen=True)
class UnitSpec:
    scenario: str  # the workbench scenario id
    description: str  # the workbench derives the usage key from it
    pairs: int
    unpaired: int
    focus: bool  # holds the HEAVY pair (and the TYPICAL one)


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
    for shape in (HEAVY, TYPICAL):
        for username, first, last in ((shape.mentor, "Maya", "Ortiz"), (shape.mentee, "Sam", "Lee")):
            users.update_or_create(username=username, defaults={"first_name": first, "last_name": last})


def seed_unit(spec, usage_key, program):
    """Write ``spec``'s participants, pairs and records; returns the focus pair or None."""
    course_key = workbench_course_key()
    today, now = timezone.localdate(), timezone.now()
    scoped = {"course_key": course_key, "usage_key": usage_key}
    others = spec.pairs - (2 if spec.focus else 0)
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
            # the facts of the records written below: a goal, a session covering two items, an assessment
            started=True, goals_set=1, agenda_covered=",kickoff,needs,", signed_mentor=n % 3 == 0,
            signed_mentee=n % 3 == 0, final_self=n % 4 == 3, final_mentor=n % 4 == 3,
        )  # fmt: skip

    # Pairs do not go through Pair.save (bulk): mentor_slot and active_mentee are set above.
    _bulk(Pair, (pair(n) for n in range(others)))
    # Their stored standing counts as following the program: no reader counts it again until the
    # benchmark changes the program (Bench.program_change).
    MentoringUnit.objects.update_or_create(usage_key=usage_key, defaults={
        "course_key": course_key, "display_name": program["display_name"], "at_risk_days": program["at_risk_days"],
        "rules_digest": program_rules.digest(program),
    })  # fmt: skip
    # One goal, action item, confirmed session and needs assessment per pair, each table filled
    # by the database in one statement.
    for_each_pair(usage_key, Goal, statement="Ship a report", status="achieved")
    for_each_pair(usage_key, ActionItem, text="Read the style guide", owner="mentee", due_on=today)
    for_each_pair(usage_key, Session, held_on=today, minutes=45, session_format="video",
                  agenda_items=["kickoff", "needs"], notes="Met", confirmation=Session.CONFIRMED)  # fmt: skip
    for_each_pair(usage_key, Assessment, round="baseline", rater="self", ratings={"sql": 2}, submitted_at=now)
    if spec.focus:
        seed_pair(scoped, program, today, TYPICAL)
        return seed_pair(scoped, program, today, HEAVY)
    return None


def for_each_pair(usage_key, model, **values):
    """Insert one ``model`` row for each pair of the unit in a single ``INSERT … SELECT``: its pair,
    course and unit from the pair, ``values`` for the fields named, every other field what Django
    would save for it (its default, the time now for automatic dates)."""
    columns, selected, params = [], [], []
    from_pair = {"pair_id": "id", "course_key": "course_key", "usage_key": "usage_key"}
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(connection.ops.quote_name(field.column))
        if field.attname in from_pair:
            selected.append(f"pair.{connection.ops.quote_name(from_pair[field.attname])}")
            continue
        if field.attname in values:
            value = values[field.attname]
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            value = timezone.now()
        else:
            value = field.get_default()  # as Django would save it: "" for blank text, else None
            if value is None and not field.null:
                raise ValueError(f"{model.__name__}.{field.name} needs a value")
        selected.append("%s")
        params.append(field.get_db_prep_save(value, connection))
    table, pairs = connection.ops.quote_name(model._meta.db_table), connection.ops.quote_name(Pair._meta.db_table)
    sql = (
        f"INSERT INTO {table} ({', '.join(columns)}) SELECT {', '.join(selected)} "
        f"FROM {pairs} pair WHERE pair.{connection.ops.quote_name('usage_key')} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, usage_key])


def _member(scoped, username, name):
    user = get_user_model().objects.get(username=username)
    return Participant.objects.create(
        **scoped, anonymous_id=anonymous_id_for(username, scoped["course_key"]), user_id=user.pk,
        username=username, display_name=name,
    )  # fmt: skip


def seed_pair(scoped, program, today, shape):
    """A pair whose workspace the benchmark opens, with the records of ``shape``."""
    mentor = _member(scoped, shape.mentor, "Maya Ortiz")
    mentee = _member(scoped, shape.mentee, "Sam Lee")
    started = today - datetime.timedelta(days=shape.days)
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
        for n in range(shape.goals)
    ))  # fmt: skip
    goal_ids = list(Goal.objects.filter(pair=pair).order_by("pk").values_list("pk", flat=True))
    _bulk(GoalUpdate, (
        GoalUpdate(**scoped, goal_id=goal_id, author=mentee if n % 2 else mentor, value=25 * (n + 1),
                   note=f"Step {n + 1} done")
        for goal_id in goal_ids for n in range(shape.updates)
    ))  # fmt: skip
    agenda = [item["id"] for item in program["agenda"]]
    review = {"useful": "The walkthrough", "next_steps": "Draft the chart", "change": "Shorter"}
    _bulk(Session, (
        Session(**scoped, pair=pair, held_on=started + datetime.timedelta(days=shape.days * n // shape.sessions + 1),
                minutes=45,
                session_format="video", agenda_items=[agenda[n % len(agenda)]], notes=f"Session {n}: we met.",
                review=review, logged_by=mentor if n % 2 else mentee,
                confirmation=Session.PENDING if n >= shape.sessions - shape.pending else Session.CONFIRMED,
                confirmed_at=None if n >= shape.sessions - shape.pending else timezone.now())
        for n in range(shape.sessions)
    ))  # fmt: skip
    # The pending sessions are the mentor's, so that the mentee has sessions to confirm.
    Session.objects.filter(pair=pair, confirmation=Session.PENDING).update(logged_by=mentor)
    session_ids = list(Session.objects.filter(pair=pair).order_by("pk").values_list("pk", flat=True))
    _bulk(ActionItem, (
        ActionItem(**scoped, pair=pair, session_id=session_ids[n % shape.sessions] if n % 2 else None,
                   text=f"Action {n}: read a chapter", owner="mentee" if n % 3 else "mentor",
                   due_on=started + datetime.timedelta(days=n), status="done" if n < shape.done else "open",
                   done_at=timezone.now() if n < shape.done else None, created_by=mentee)
        for n in range(shape.actions)
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
    tracking.refresh(pair, program)
    return pair


def assessment_answers(program):
    """A complete assessment of a later round, as the submit handler takes it."""
    return {
        "ratings": {area["id"]: program["rating_scale"][-1]["value"] for area in program["learning_areas"]},
        "answers": {q["id"]: "Clearly better" for q in program["progress_questions"] + program["checkin_questions"]},
        "comment": "Ready for the final round",
    }
