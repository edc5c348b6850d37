"""A mentor and a mentee clicking at the same moment, many times over: signing, confirming,
submitting, editing. Exactly one of each conflicting request wins, the others get a clean 409,
nothing is stored twice and nothing is lost."""

import pytest

from mentoring_xblock.models import Agreement, AgreementSignature, Assessment, Goal, GoalUpdate, Pair, Session

from .conftest import THREADS, assert_invariants, call, codes, prime, program, statuses, together

pytestmark = [pytest.mark.concurrency, pytest.mark.django_db(transaction=True)]

MEMBERS = ("mentor", "mentee1")
AGREEMENT = {"session_minutes": 45, "session_format": "video", "channels": "Course messages"}
GOAL = {"measure": "Team uses it weekly", "target_date": "2099-01-31", "areas": ["storytelling"]}


def by_turns(count=THREADS):
    """The pair's two members, taking turns, ``count`` times."""
    return [MEMBERS[index % 2] for index in range(count)]


def ok(answer):
    status, body = answer
    assert status == 200, body
    return body


def test_both_members_write_and_sign_the_agreement_at_once(demo):
    prime(*MEMBERS)
    # Everyone starts from "no agreement yet" (version 0): one save wins, the rest are stale.
    answers = together(
        [
            (student, "agreement_save", {"pair_id": demo.pk, "version": 0, "cadence": f"Plan {index}", **AGREEMENT})
            for index, student in enumerate(by_turns())
        ]
    )
    assert statuses(answers) == {200: 1, 409: THREADS - 1}
    assert codes(answers) == {"stale": THREADS - 1}
    winner = next(index for index, (status, _body) in enumerate(answers) if status == 200)
    agreement = Agreement.objects.get(pair=demo)
    assert (agreement.version, agreement.cadence) == (1, f"Plan {winner}")  # the winner's words, not a mix

    answers = together([(student, "agreement_sign", {"pair_id": demo.pk, "version": 1}) for student in by_turns()])
    assert statuses(answers) == {200: THREADS}  # signing what one already signed changes nothing
    signatures = AgreementSignature.objects.filter(agreement=agreement)
    assert sorted(signatures.values_list("role", "version")) == [("mentee", 1), ("mentor", 1)]
    assert_invariants(demo.usage_key)


def test_the_partner_confirms_the_same_session_many_times_at_once(demo):
    prime(*MEMBERS)
    session = ok(
        call(
            "mentee1",
            "session_log",
            {
                "pair_id": demo.pk,
                "held_on": demo.started_on.isoformat(),
                "minutes": 50,
                "session_format": "video",
                "agenda_items": ["kickoff"],
                "notes": "Met",
            },
        )  # fmt: skip
    )["session"]
    review = {"pair_id": demo.pk, "session_id": session["id"]}
    calls = [("mentor", "session_review", {**review, "decision": "confirm"}) for _ in range(THREADS - 4)]
    calls += [("mentor", "session_review", {**review, "decision": "dispute", "note": "Not like that"})] * 2
    calls += [("mentee1", "session_review", {**review, "decision": "confirm"})] * 2  # who logged it cannot
    answers = together(calls)
    assert statuses(answers) == {200: 1, 409: THREADS - 3, 403: 2}
    stored = Session.objects.get(pk=session["id"])
    assert stored.confirmation in (Session.CONFIRMED, Session.DISPUTED)
    assert Session.objects.filter(pair=demo).count() == 1
    demo.refresh_from_db()
    assert demo.sessions_confirmed == (1 if stored.confirmation == Session.CONFIRMED else 0)
    assert_invariants(demo.usage_key)


def test_both_members_log_sessions_at_once_and_none_is_lost(demo):
    prime(*MEMBERS)
    answers = together(
        [
            (
                student,
                "session_log",
                {
                    "pair_id": demo.pk,
                    "held_on": demo.started_on.isoformat(),
                    "minutes": 30 + index,
                    "session_format": "phone",
                    "notes": f"Session {index}",
                },
            )
            for index, student in enumerate(by_turns())
        ]  # fmt: skip
    )
    assert statuses(answers) == {200: THREADS}
    notes = sorted(Session.objects.filter(pair=demo).values_list("notes", flat=True))
    assert notes == sorted(f"Session {index}" for index in range(THREADS))
    assert_invariants(demo.usage_key)


def ratings():
    return {area["id"]: "3" for area in program()["learning_areas"]}


def answers_to_all():
    the_program = program()
    return {q["id"]: "Yes" for q in the_program["progress_questions"] + the_program["checkin_questions"]}


def test_each_rater_submits_the_same_round_many_times_at_once(demo):
    prime(*MEMBERS)
    needs = {"pair_id": demo.pk, "round": "baseline", "why_now": "A new team", "outcome": "Lead an analysis",
             "time_available": "Three hours a week", "ratings": ratings()}  # fmt: skip
    answers = together([("mentee1", "assessment_submit", {**needs, "comment": f"Try {i}"}) for i in range(THREADS)])
    assert statuses(answers) == {200: 1, 409: THREADS - 1}
    assert codes(answers) == {"already_submitted": THREADS - 1}
    assert Assessment.objects.filter(pair=demo, round="baseline").count() == 1

    # The mid-point round: the mentee and the mentor each submit six times, all at once.
    final = {"pair_id": demo.pk, "round": "final", "ratings": ratings(), "answers": answers_to_all()}
    answers = together(
        [
            (student, "assessment_submit", {**final, "comment": f"{student} {index}"})
            for index, student in enumerate(by_turns())
        ]  # fmt: skip
    )
    assert statuses(answers) == {200: 2, 409: THREADS - 2}
    assert sorted(Assessment.objects.filter(pair=demo, round="final").values_list("rater", flat=True)) == [
        "mentor",
        "self",
    ]
    winners = {body["assessment"]["rater"]: body["assessment"]["comment"] for status, body in answers if status == 200}
    stored = dict(Assessment.objects.filter(pair=demo, round="final").values_list("rater", "comment"))
    assert stored == winners  # each rater's stored comment is the one whose submit succeeded
    assert_invariants(demo.usage_key)


def test_edits_of_the_same_goal_version_one_wins_and_the_others_are_told_it_is_stale(demo):
    prime(*MEMBERS)
    goal = ok(call("mentee1", "goal_add", {"pair_id": demo.pk, "statement": "Present a dashboard", **GOAL}))["goal"]
    answers = together(
        [
            (
                student,
                "goal_edit",
                {
                    "pair_id": demo.pk,
                    "goal_id": goal["id"],
                    "version": goal["version"],
                    "statement": f"Edit {index}",
                    **GOAL,
                },
            )
            for index, student in enumerate(by_turns())
        ]  # fmt: skip
    )
    assert statuses(answers) == {200: 1, 409: THREADS - 1}
    assert codes(answers) == {"stale": THREADS - 1}
    winner = next(body for status, body in answers if status == 200)["goal"]
    stored = Goal.objects.get(pk=goal["id"])
    assert (stored.version, stored.statement) == (goal["version"] + 1, winner["statement"])
    # Every refused editor is shown the version that won, to edit again from.
    for status, body in answers:
        if status == 409:
            assert body["error"]["current"]["goal"]["statement"] == winner["statement"]
    assert_invariants(demo.usage_key)


def test_progress_updates_on_a_goal_at_once_are_all_kept(demo):
    prime(*MEMBERS)
    goal = ok(call("mentor", "goal_add", {"pair_id": demo.pk, "statement": "Present a dashboard", **GOAL}))["goal"]
    answers = together(
        [
            (
                student,
                "goal_progress",
                {"pair_id": demo.pk, "goal_id": goal["id"], "value": 5 * index, "note": f"Update {index}"},
            )
            for index, student in enumerate(by_turns())
        ]  # fmt: skip
    )
    assert statuses(answers) == {200: THREADS}
    notes = sorted(GoalUpdate.objects.filter(goal_id=goal["id"]).values_list("note", flat=True))
    assert notes == sorted(f"Update {index}" for index in range(THREADS))
    stored = Goal.objects.get(pk=goal["id"])
    assert (stored.status, stored.version) == ("in_progress", 2)  # started once, not twelve times
    assert_invariants(demo.usage_key)


def test_writes_racing_staff_ending_the_pair_either_land_before_it_or_are_refused(demo):
    prime(*MEMBERS, "staff")
    calls = [("staff", "staff_end_pair", {"pair_id": demo.pk, "reason": "Schedules clash"})]
    calls += [
        (student, "session_log", {"pair_id": demo.pk, "held_on": demo.started_on.isoformat(), "minutes": 30,
                                  "session_format": "phone", "notes": f"Session {index}"})
        for index, student in enumerate(by_turns(THREADS - 1))
    ]  # fmt: skip
    answers = together(calls)
    assert answers[0][0] == 200
    assert set(codes(answers[1:])) <= {"pair_ended"}
    demo.refresh_from_db()
    assert demo.status == Pair.CLOSED
    stored = Session.objects.filter(pair=demo)
    assert stored.count() == statuses(answers[1:])[200]
    # Every session that was stored was logged while the pair was still active.
    assert all(session.logged_at <= demo.ended_at for session in stored)
    assert_invariants(demo.usage_key)
