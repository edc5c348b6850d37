"""Every text has a length cap and every list a count cap (:mod:`mentoring_xblock.core.limits`).

Through the handlers, in the world of :mod:`tests.integration.world`: a text of exactly the cap
is accepted (no length problem), one character more is refused with 400 and the message
"Use at most N characters." on that field, and nothing is saved; a count at its cap is accepted
and one more is refused with a message naming the limit, again saving nothing. The caps checked
are recorded in ``var/reliability/limits.json``.
"""

from unittest.mock import ANY

import pytest

from mentoring_xblock.core import limits
from mentoring_xblock.models import ActionItem, Agreement, Goal, GoalUpdate, InviteCode, Pair, Session

from ..conftest import load_block
from ..reliability import record
from .helpers import act, rolled_back, snapshot
from .world import REQUESTS, agreement_data, goal_data

pytestmark = pytest.mark.django_db

TOO_LONG = "Use at most {limit} characters."
REVIEW_KEYS = ("useful", "next_steps", "mentor_before_next", "mentee_before_next", "change")


def get(document, path):
    for part in path.split("."):
        document = document[int(part) if isinstance(document, list) else part]
    return document


def put(document, path, value):
    """``document`` with the value at the dotted ``path`` (list indexes as numbers) replaced."""
    head, _dot, rest = path.partition(".")
    key = int(head) if isinstance(document, list) else head
    if isinstance(document, list):
        return [put(item, rest, value) if index == key and rest else (value if index == key else item)
                for index, item in enumerate(document)]  # fmt: skip
    return {**document, key: put(document[key], rest, value) if rest else value}


# (handler, student, the request, field path, cap). The request is built from the world.
def texts(world):
    pair = world.pair
    session = {**REQUESTS["session_log"](world), "review": dict.fromkeys(REVIEW_KEYS, "ok"),
               "action_items": [{"text": "Book a room", "owner": "mentor"}]}  # fmt: skip
    dispute = {"pair_id": pair, "session_id": world.session, "decision": "dispute", "note": "x"}
    midpoint = REQUESTS["assessment_save"](world)
    needs = {"pair_id": world.noor_pair, "round": "baseline", "why_now": "x", "outcome": "x", "time_available": "x",
             "swot": {"strengths": "x"}}  # fmt: skip
    program = {**load_block().program, "weight": 1}
    program = put(program, "agenda.0.links", [{"label": "Overview", "url": "/about"}])
    cases = [
        *[("agreement_save", "mentor", agreement_data(pair, 1, "Monthly"), key, cap) for key, cap in
          [("cadence", 200), ("channels", 500), ("contact_hours", 200), ("boundaries", 2000),
           ("mentor_expectations", 2000), ("mentee_expectations", 2000), ("mentor_brings", 2000),
           ("mentee_brings", 2000)]],
        *[("goal_add", "mentee1", goal_data(pair, "A goal"), key, cap) for key, cap in
          [("statement", 500), ("why", 2000), ("measure", 2000)]],
        ("goal_progress", "mentor", REQUESTS["goal_progress"](world), "note", 2000),
        ("session_log", "mentor", session, "notes", 4000),
        *[("session_log", "mentor", session, f"review.{key}", 2000) for key in REVIEW_KEYS],
        ("session_log", "mentor", session, "action_items.0.text", 500),
        ("session_review", "mentor", dispute, "note", 2000),
        ("assessment_save", "mentee1", midpoint, "answers.improvement", 2000),
        ("assessment_save", "mentee1", midpoint, "comment", 4000),
        ("assessment_save", "mentee2", needs, "why_now", 2000),
        ("assessment_save", "mentee2", needs, "outcome", 2000),
        ("assessment_save", "mentee2", needs, "time_available", 200),
        *[("assessment_save", "mentee2", needs, f"swot.{key}", 2000)
          for key in ("strengths", "weaknesses", "opportunities", "threats")],
        ("staff_add_pair", "staff", {"mentor": "coach", "mentee": "learner"}, "mentor", 150),
        ("staff_add_pair", "staff", {"mentor": "coach", "mentee": "learner"}, "mentee", 150),
        ("staff_reassign", "staff", REQUESTS["staff_reassign"](world), "mentor", 150),
        ("staff_end_pair", "staff", REQUESTS["staff_end_pair"](world), "reason", 500),
        ("staff_pairs", "staff", {}, "search", 150),
        ("invite_redeem", "learner", {"code": "x"}, "code", 32),
        ("studio_submit", "staff", program, "display_name", 200),
        ("studio_submit", "staff", program, "introduction", 4000),
        ("studio_submit", "staff", program, "learning_areas.0.title", 200),
        ("studio_submit", "staff", program, "learning_areas.0.description", 4000),
        ("studio_submit", "staff", program, "agenda.0.title", 200),
        ("studio_submit", "staff", program, "agenda.0.prompts.0", 4000),
        ("studio_submit", "staff", program, "agenda.0.links.0.label", 200),
        ("studio_submit", "staff", program, "rating_scale.0.label", 200),
        ("studio_submit", "staff", program, "progress_questions.0.text", 200),
        ("studio_submit", "staff", program, "checkin_questions.0.text", 200),
    ]  # fmt: skip
    return cases


def everything():
    return {**snapshot(), "program": load_block().program}


def test_every_text_is_accepted_at_its_cap_and_refused_one_character_over(world):
    checked = []
    for handler, student, data, path, cap in texts(world):
        for length in (cap, cap + 1):
            with rolled_back():
                before = everything()
                status, body = act(student, handler, put(data, path, "x" * length))
                problem = body.get("error", {}).get("fields", {}).get(path) if status != 200 else None
                if length == cap:
                    assert problem != TOO_LONG.format(limit=cap), (handler, path, body)
                else:
                    assert (status, problem) == (400, TOO_LONG.format(limit=cap)), (handler, path, body)
                    assert everything() == before, (handler, path)
        checked.append(f"{handler}:{path}:{cap}")
    record("limits", "texts", checked)


def test_a_link_address_is_capped_too(world):
    program = put({**load_block().program, "weight": 1}, "agenda.0.links", [{"label": "Overview", "url": "/"}])
    for length, status in ((2000, 200), (2001, 400)):
        with rolled_back():
            body = act("staff", "studio_submit", put(program, "agenda.0.links.0.url", "/" + "x" * (length - 1)))
            assert body[0] == status, body
    record("limits", "link_url", 2000)


# -- how many -------------------------------------------------------------------------------------------


def counted(name, cap):
    """Record a count cap that held, for the reliability report."""
    record("limits", f"count: {name}", cap)


def refused(student, handler, data, field, message):
    """The call is refused with ``message`` on ``field`` and saves nothing."""
    before = snapshot()
    status, body = act(student, handler, data)
    assert status == 400, body
    assert body["error"]["fields"][field] == message
    assert snapshot() == before


def accepted(student, handler, data):
    status, body = act(student, handler, data)
    assert status == 200, body
    return body


def objects(model, count, **fields):
    model.objects.bulk_create(model(**fields) for _i in range(count))


def unit_keys(world):
    pair = Pair.objects.get(pk=world.pair)
    return pair, {"course_key": pair.course_key, "usage_key": pair.usage_key}


# (the cap's name, its value, the rows the world's target pair is given first, the model and fields
# of those rows, the call that reaches the cap and is refused once more, its field and message).
FILLED_CAPS = [
    ("goals per pair", limits.GOALS_PER_PAIR, limits.GOALS_PER_PAIR - 2,  # the world's pair has one
     Goal, lambda pair, world: {"pair": pair, "statement": "Old goal"},
     "mentee1", "goal_add", lambda world: goal_data(world.pair, "One more goal"),
     "statement", "A pair can have up to {limit} goals."),
    ("progress updates per goal", limits.UPDATES_PER_GOAL, limits.UPDATES_PER_GOAL - 1,
     GoalUpdate, lambda pair, world: {"goal_id": world.goal, "value": 10},
     "mentor", "goal_progress", REQUESTS["goal_progress"],
     "value", "A goal can have up to {limit} progress updates."),
    ("sessions per pair", limits.SESSIONS_PER_PAIR, limits.SESSIONS_PER_PAIR - 2,  # the world's pair has one
     Session, lambda pair, world: {"pair": pair, "held_on": pair.started_on, "minutes": 30, "session_format": "video"},
     "mentor", "session_log", REQUESTS["session_log"],
     "held_on", "A pair can log up to {limit} sessions."),
]  # fmt: skip


@pytest.mark.parametrize("cap", FILLED_CAPS, ids=[cap[0] for cap in FILLED_CAPS])
def test_a_pair_reaches_its_cap_and_goes_no_further(world, cap):
    name, limit, given, model, fields, student, handler, request, field, message = cap
    pair, keys = unit_keys(world)
    objects(model, given, **fields(pair, world), **keys)
    accepted(student, handler, request(world))
    refused(student, handler, request(world), field, message.format(limit=limit))
    counted(name, limit)


def test_action_items_per_pair_and_per_session(world):
    pair, keys = unit_keys(world)
    item = {"text": "Read chapter 2", "owner": "mentee"}
    logged = {**REQUESTS["session_log"](world), "action_items": [item] * (limits.ACTIONS_PER_SESSION + 1)}
    refused("mentor", "session_log", logged, "action_items", f"No more than {limits.ACTIONS_PER_SESSION} entries.")
    # The world's pair has one action item already.
    objects(ActionItem, limits.ACTIONS_PER_PAIR - 1 - limits.ACTIONS_PER_SESSION, pair=pair, text="Old", owner="mentee",
            status="done", **keys)  # fmt: skip
    accepted("mentor", "session_log", {**logged, "action_items": [item] * limits.ACTIONS_PER_SESSION})
    refused("mentor", "session_log", {**logged, "action_items": [item]}, "action_items",
            f"A pair can have up to {limits.ACTIONS_PER_PAIR} action items.")  # fmt: skip
    # A session without new action items can still be logged.
    accepted("mentor", "session_log", REQUESTS["session_log"](world))
    counted("new action items per session", limits.ACTIONS_PER_SESSION)
    counted("action items per pair", limits.ACTIONS_PER_PAIR)


def test_agreement_versions(world):
    Agreement.objects.filter(pair_id=world.pair).update(version=limits.AGREEMENT_VERSIONS - 1)
    last = limits.AGREEMENT_VERSIONS - 1
    assert accepted("mentor", "agreement_save", agreement_data(world.pair, last, "Weekly"))["agreement"]["version"] == (
        limits.AGREEMENT_VERSIONS
    )
    refused("mentor", "agreement_save", agreement_data(world.pair, limits.AGREEMENT_VERSIONS, "Monthly"), "version",
            f"An agreement can have up to {limits.AGREEMENT_VERSIONS} versions.")  # fmt: skip
    # Signing the last version is still possible.
    accepted("mentor", "agreement_sign", {"pair_id": world.pair, "version": limits.AGREEMENT_VERSIONS})
    counted("agreement versions per pair", limits.AGREEMENT_VERSIONS)


def test_open_invite_codes_per_learner(world):
    for _i in range(limits.OPEN_CODES_PER_LEARNER):
        accepted("learner", "invite_create", {"role": "mentor"})
    before = snapshot()
    status, body = act("learner", "invite_create", {"role": "mentor"})
    assert status == 409 and str(limits.OPEN_CODES_PER_LEARNER) in body["error"]["message"]
    assert snapshot() == before
    assert InviteCode.objects.filter(created_by__username="learner").count() == limits.OPEN_CODES_PER_LEARNER
    counted("open invite codes per learner", limits.OPEN_CODES_PER_LEARNER)


def test_csv_uploads_by_rows_and_size(world):
    too_many = "mentor,mentee\n" + "coach,learner\n" * (limits.CSV_MAX_ROWS + 1)
    refused("staff", "staff_import_pairs", {"csv": too_many}, "csv",
            f"Upload at most {limits.CSV_MAX_ROWS} pairs at a time.")  # fmt: skip
    too_big = "mentor,mentee\ncoach,learner\n" + " " * limits.CSV_MAX_BYTES
    refused("staff", "staff_import_pairs", {"csv": too_big}, "csv", "The file is too large: keep it under 1 MB.")
    at_size = "mentor,mentee\ncoach,learner\n"
    at_size += "\n" * (limits.CSV_MAX_BYTES - len(at_size))  # blank lines are skipped
    assert accepted("staff", "staff_import_pairs", {"csv": at_size})["report"][0]["outcome"] == "created"
    counted("rows per CSV upload", limits.CSV_MAX_ROWS)
    counted("bytes per CSV upload", limits.CSV_MAX_BYTES)


AUTHOR_LISTS = [
    ("learning_areas", "learning_areas", lambda i: {"id": f"area-{i}", "title": f"Area {i}", "description": ""}),
    ("agenda", "agenda", lambda i: {"id": f"item-{i}", "title": f"Item {i}", "week": 1}),
    ("rating_scale", "rating_scale", lambda i: {"value": 50 + i, "label": f"Point {i}"}),
    ("questions", "progress_questions", lambda i: {"id": f"q-{i}", "text": f"Question {i}?"}),
    ("questions", "checkin_questions", lambda i: {"id": f"c-{i}", "text": f"Question {i}?"}),
    ("prompts", "agenda.0.prompts", lambda i: f"Prompt {i}"),
    ("links", "agenda.0.links", lambda i: {"label": f"Link {i}", "url": f"/page/{i}"}),
]


@pytest.mark.parametrize(("limit", "path", "entry"), AUTHOR_LISTS, ids=[path for _l, path, _e in AUTHOR_LISTS])
def test_the_authors_lists(world, limit, path, entry):
    cap = limits.PROGRAM[limit]
    program = {**load_block().program, "weight": 1}
    existing = get(program, path)

    def filled(count):  # the entries the program has, then new ones up to ``count``
        return existing[:count] + [entry(i) for i in range(count - len(existing))]

    with rolled_back():
        assert act("staff", "studio_submit", put(program, path, filled(cap))) == (200, ANY)
    before = everything()
    status, body = act("staff", "studio_submit", put(program, path, filled(cap + 1)))
    assert status == 400
    assert body["error"]["fields"][path] == f"No more than {cap} entries."
    assert everything() == before
    counted(f"program: {path}", cap)
