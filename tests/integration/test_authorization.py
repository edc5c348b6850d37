"""Through the workbench runtime: who may call each pair-workspace handler, and what a refusal gives away.

The world (see the ``world`` fixture): the demo unit (``mentorship.0``, pairing mode "both",
mentor capacity 3) after ``load_demo``. The *target* pair is Maya Ortiz (``mentor``) mentoring
Sam Lee (``mentee1``); it has an agreement (version 1, saved by the mentor), a goal, a session
logged by the mentee and still waiting for the mentor's confirmation, an open action item, and
the mentee's submitted needs assessment (so the mid-point round is open).
``coach`` mentors ``mentee3`` in the same unit; ``learner`` opened the unit but is unpaired;
``ext_mentor`` mentors ``ext_mentee`` in another unit (``mentorship.1``) and never opened this one;
``inviter`` created an invite code in which they are the mentor. Every call below aims at the
target pair and its objects.

Expected status per handler and caller (``409:already_paired`` means status 409 with that error
code; otherwise 403 is ``forbidden``, 404 ``not_found`` and 409 ``conflict``):

================== ====== ================== ========== ======== ===== ==========
handler            mentor mentee             other_pair unpaired staff other_unit
================== ====== ================== ========== ======== ===== ==========
workspace_state    200    200                404        404      200   404
agreement_save     200    200                404        404      403   404
agreement_sign     200    200                404        404      403   404
goal_add           200    200                404        404      403   404
goal_edit          200    200                404        404      403   404
goal_progress      200    200                404        404      403   404
session_log        200    200                404        404      403   404
session_review     200    403                404        404      403   404
action_done        200    200                404        404      403   404
assessment_save    200    200                404        404      403   404
assessment_submit  200    200                404        404      403   404
invite_create      200    409                200        200      403   200
invite_redeem      200    409:already_paired 200        200      403   200
staff_pairs        403    403                403        403      200   403
staff_add_pair     403    403                403        403      200   403
staff_import_pairs 403    403                403        403      200   403
staff_end_pair     403    403                403        403      200   403
staff_reassign     403    403                403        403      200   403
================== ====== ================== ========== ======== ===== ==========

Why: only the pair's two members read and write its workspace; the member who logged a session
cannot confirm it themselves (403). Each member saves and submits their own assessment of a round
(the mentee's self-assessment, the mentor's assessment of the mentee). Course staff read any pair
of their unit but write none, and only they pair, end and reassign. Everyone else is told that the
pair does not exist, with the very body a nonexistent pair id gets, so ids cannot be probed. Invite
codes are the learners' own way to pair: ``invite_create`` asks for a code in which the caller is
the *mentee*, and the code redeemed was made by ``inviter`` as *mentor*, so the mentee, who already
has a mentor, gets a 409; course staff are not learners and cannot pair themselves (403). A user
from the other unit is simply a learner here, and may pair by invite like anyone else.

Every refused call must leave every mentoring record as it was, and its body must not contain
the partner's names, notes, goal or agreement text.
"""

import json
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone

from mentoring_xblock.models import ActionItem, Pair

from ..conftest import DEFAULT
from .helpers import act, load_demo, ok, snapshot, visit

pytestmark = pytest.mark.django_db

CALLERS = {
    "mentor": "mentor",
    "mentee": "mentee1",
    "other_pair": "coach",
    "unpaired": "learner",
    "staff": "staff",
    "other_unit": "ext_mentor",
}
# What a member of the target pair is in it: the role their workspace answers with.
MEMBER_ROLES = {"mentor": "mentor", "mentee": "mentee", "staff": "staff"}
DEFAULT_CODES = {403: "forbidden", 404: "not_found", 409: "conflict"}

PAIR_HANDLERS = (
    "workspace_state",
    "agreement_save",
    "agreement_sign",
    "goal_add",
    "goal_edit",
    "goal_progress",
    "session_log",
    "session_review",
    "action_done",
    "assessment_save",
    "assessment_submit",
)
READS = {"workspace_state", "staff_pairs"}


def _read_matrix(doc):
    """The table of the module docstring as {handler: {caller: (status, code)}}."""
    rows = [line.split() for line in doc.splitlines() if re.match(r"^[a-z_]+\s+\d", line)]
    matrix = {}
    for handler, *cells in rows:
        assert len(cells) == len(CALLERS), handler
        matrix[handler] = {}
        for caller, cell in zip(CALLERS, cells, strict=True):
            status, _, code = cell.partition(":")
            matrix[handler][caller] = (int(status), code or DEFAULT_CODES.get(int(status)))
    return matrix


MATRIX = _read_matrix(__doc__)

# What only the target pair's members may read.
PARTNER_NAMES = ("Maya Ortiz", "Sam Lee")
GOAL_TEXT = "Lead the quarterly churn analysis on my own"
NOTES_TEXT = "Talked through my worries about the reorganisation"
BOUNDARIES_TEXT = "Nothing about salaries, please"
ACTION_TEXT = "Send Maya the draft churn query"
NEEDS_TEXT = "I want to lead the churn analysis before the reorganisation"
SECRETS = (*PARTNER_NAMES, GOAL_TEXT, NOTES_TEXT, BOUNDARIES_TEXT, ACTION_TEXT, NEEDS_TEXT)


def leaks(body):
    text = json.dumps(body, ensure_ascii=False)
    return [secret for secret in SECRETS if secret in text]


@dataclass
class World:
    pair: int
    coach_pair: int
    ext_pair: int
    goal: int
    session: int
    action: int
    code: str
    today: str

    @property
    def missing_pair(self):
        return Pair.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000


@pytest.fixture
def world(workbench, client):
    load_demo()
    for student in ("coach", "mentee3", "learner", "inviter"):
        visit(client, student)
    for student in ("ext_mentor", "ext_mentee"):
        visit(client, student, DEFAULT)
    coach_pair = ok(act("staff", "staff_add_pair", {"mentor": "coach", "mentee": "mentee3"}))["pair"]["id"]
    ext_pair = ok(act("staff", "staff_add_pair", {"mentor": "ext_mentor", "mentee": "ext_mentee"}, DEFAULT))
    pair = Pair.objects.get(mentee__username="mentee1", status=Pair.ACTIVE)
    today = timezone.localdate().isoformat()
    ok(act("mentor", "agreement_save", agreement_data(pair.pk, 0, cadence="Every two weeks")))
    goal = ok(act("mentee1", "goal_add", goal_data(pair.pk, GOAL_TEXT)))["goal"]["id"]
    session = ok(
        act(
            "mentee1",
            "session_log",
            {
                "pair_id": pair.pk,
                "held_on": pair.started_on.isoformat(),
                "minutes": 45,
                "session_format": "video",
                "agenda_items": ["kickoff"],
                "notes": NOTES_TEXT,
                "action_items": [{"text": ACTION_TEXT, "owner": "mentee", "due_on": ""}],
            },
        )
    )["session"]
    ok(act("mentee1", "assessment_submit", needs_assessment(pair.pk)))
    code = ok(act("inviter", "invite_create", {"role": "mentor"}))["invite"]["code"]
    return World(
        pair=pair.pk,
        coach_pair=coach_pair,
        ext_pair=ext_pair["pair"]["id"],
        goal=goal,
        session=session["id"],
        action=session["actions"][0]["id"],
        code=code,
        today=today,
    )


def agreement_data(pair_id, version, cadence):
    return {
        "pair_id": pair_id,
        "version": version,
        "cadence": cadence,
        "session_minutes": 45,
        "session_format": "video",
        "channels": "Course messages",
        "contact_hours": "Weekdays",
        "boundaries": BOUNDARIES_TEXT,
        "mentor_expectations": "",
        "mentee_expectations": "",
        "mentor_brings": "",
        "mentee_brings": "",
        "review_on": "",
    }


def goal_data(pair_id, statement, **extra):
    return {
        "pair_id": pair_id,
        "statement": statement,
        "measure": "My manager signs the report off",
        "target_date": "2099-01-31",
        "areas": ["sql"],
        **extra,
    }


def needs_assessment(pair_id):
    return {
        "pair_id": pair_id,
        "round": "baseline",
        "why_now": NEEDS_TEXT,
        "outcome": "Lead one analysis",
        "time_available": "Two hours a week",
        "ratings": {"sql": 2, "storytelling": 1, "stakeholders": 2, "career": 3},
    }


def midpoint_assessment(pair_id):
    """A complete mid-point assessment: each member who sends it submits their own."""
    return {
        "pair_id": pair_id,
        "round": "midpoint",
        "ratings": {"sql": 3, "storytelling": 2, "stakeholders": 2, "career": 3},
        "answers": {
            q: "Steady progress" for q in ("improvement", "new-technique", "impact", "satisfaction", "recommend")
        },
        "comment": "Half-way",
    }


# The request each handler gets, aimed at the target pair and its objects.
REQUESTS = {
    "workspace_state": lambda w: {"pair_id": w.pair},
    "agreement_save": lambda w: agreement_data(w.pair, 1, cadence="Every week"),
    "agreement_sign": lambda w: {"pair_id": w.pair, "version": 1},
    "goal_add": lambda w: goal_data(w.pair, "Write a style guide for our SQL"),
    "goal_edit": lambda w: goal_data(
        w.pair, "Rewritten goal statement", goal_id=w.goal, version=1, status="in_progress"
    ),
    "goal_progress": lambda w: {"pair_id": w.pair, "goal_id": w.goal, "value": 60, "note": "Halfway there"},
    "session_log": lambda w: {
        "pair_id": w.pair,
        "held_on": w.today,
        "minutes": 30,
        "session_format": "phone",
        "agenda_items": ["needs"],
        "notes": "A second meeting",
    },
    "session_review": lambda w: {"pair_id": w.pair, "session_id": w.session, "decision": "confirm"},
    "action_done": lambda w: {"pair_id": w.pair, "action_id": w.action, "done": True},
    "assessment_save": lambda w: midpoint_assessment(w.pair),
    "assessment_submit": lambda w: midpoint_assessment(w.pair),
    "invite_create": lambda w: {"role": "mentee"},
    "invite_redeem": lambda w: {"code": w.code},
    "staff_pairs": lambda w: {},
    "staff_add_pair": lambda w: {"mentor": "coach", "mentee": "learner"},
    "staff_import_pairs": lambda w: {"csv": "mentor,mentee\ncoach,learner\n"},
    "staff_end_pair": lambda w: {"pair_id": w.pair, "reason": "The mentor left the company"},
    "staff_reassign": lambda w: {"pair_id": w.pair, "mentor": "coach"},
}


def test_the_matrix_covers_every_handler_and_every_caller():
    assert set(MATRIX) == set(REQUESTS)
    assert set(MATRIX) >= set(PAIR_HANDLERS)
    assert all(set(row) == set(CALLERS) for row in MATRIX.values())


CASES = [(handler, caller) for handler in MATRIX for caller in CALLERS]


def check_success(world, handler, caller, body, before):
    """What the caller sees change after a call that was allowed."""
    after = snapshot()
    if handler in READS:
        assert after == before, "reading must not write"
    else:
        assert after != before, "an accepted write must save something"
    if handler in PAIR_HANDLERS:
        assert body["pair_id"] == world.pair
        assert body["workspace"]["role"] == MEMBER_ROLES[caller]
        assert f'data-pair-id="{world.pair}"' in body["html"]
        if handler.startswith("assessment_"):
            # Each member writes their own part of the round, whatever they send.
            assert body["assessment"]["rater"] == {"mentor": "mentor", "mentee": "self"}[caller]
    elif handler == "invite_create":
        assert re.fullmatch(r"[A-Z2-9]{4}-[A-Z2-9]{4}", body["invite"]["code"])
        assert body["invite"]["role"] == "mentee"
    elif handler == "invite_redeem":
        pair = Pair.objects.get(pk=body["pair_id"])
        assert (pair.mentor.username, pair.mentee.username, pair.status) == ("inviter", CALLERS[caller], Pair.ACTIVE)
    elif handler == "staff_pairs":
        assert world.pair in [row["id"] for row in body["pairs"]]
        assert world.coach_pair in [row["id"] for row in body["pairs"]]
        assert world.ext_pair not in [row["id"] for row in body["pairs"]]


@pytest.mark.parametrize(("handler", "caller"), CASES, ids=[f"{h}-{c}" for h, c in CASES])
def test_each_caller_gets_the_expected_answer_and_a_refusal_changes_and_reveals_nothing(world, handler, caller):
    expected_status, expected_code = MATRIX[handler][caller]
    data = REQUESTS[handler](world)
    before = snapshot()
    status, body = act(CALLERS[caller], handler, data)
    assert status == expected_status, body
    if status == 200:
        check_success(world, handler, caller, body, before)
        return
    assert body["error"]["code"] == expected_code, body
    assert snapshot() == before
    assert leaks(body) == []
    if "pair_id" in data and caller not in ("mentor", "mentee", "staff"):
        # "Exists but is not yours" reads exactly like "does not exist".
        missing = act(CALLERS[caller], handler, {**data, "pair_id": world.missing_pair})
        assert missing == (status, body)
        assert snapshot() == before


# -- an id of one pair's object, sent with another pair's id --------------------------------------------

OBJECT_HANDLERS = [
    ("goal_edit", "goal_id", "goal"),
    ("goal_progress", "goal_id", "goal"),
    ("session_review", "session_id", "session"),
    ("action_done", "action_id", "action"),
]


@pytest.mark.parametrize(("handler", "key", "attr"), OBJECT_HANDLERS, ids=[h for h, _k, _a in OBJECT_HANDLERS])
def test_an_object_of_another_pair_is_not_found_through_ones_own_pair(world, handler, key, attr):
    data = {**REQUESTS[handler](world), "pair_id": world.coach_pair}
    before = snapshot()
    status, body = act("coach", handler, data)
    assert status == 404, body
    assert body["error"]["code"] == "not_found"
    assert leaks(body) == []
    assert snapshot() == before
    missing_id = getattr(world, attr) + 1000
    assert act("coach", handler, {**data, key: missing_id}) == (status, body)
    assert snapshot() == before


def test_closing_another_pairs_action_item_while_logging_a_session_is_refused(world):
    before = snapshot()
    status, body = act(
        "coach",
        "session_log",
        {
            "pair_id": world.coach_pair,
            "held_on": world.today,
            "minutes": 30,
            "session_format": "video",
            "done_action_items": [world.action],
        },
    )
    assert status == 400, body
    assert set(body["error"]["fields"]) == {"done_action_items"}
    assert leaks(body) == []
    assert snapshot() == before
    assert ActionItem.objects.get(pk=world.action).status == "open"


# -- ids used from the other unit's block -----------------------------------------------------------------


@pytest.mark.parametrize("student", ["mentor", "mentee1", "staff"])
@pytest.mark.parametrize("handler", PAIR_HANDLERS)
def test_the_target_pairs_ids_are_not_found_from_another_units_block(world, client, handler, student):
    # The members have opened the other unit too: being known there does not help.
    visit(client, student, DEFAULT)
    before = snapshot()
    status, body = act(student, handler, REQUESTS[handler](world), DEFAULT)
    assert status == 404, body
    assert body["error"]["code"] == "not_found"
    assert leaks(body) == []
    assert snapshot() == before


@pytest.mark.parametrize("handler", ["staff_end_pair", "staff_reassign"])
def test_staff_of_another_unit_cannot_end_or_reassign_the_target_pair(world, handler):
    before = snapshot()
    status, body = act("staff", handler, REQUESTS[handler](world), DEFAULT)
    assert status == 404, body
    assert snapshot() == before
    assert Pair.objects.get(pk=world.pair).status == Pair.ACTIVE


def test_staff_list_only_their_own_units_pairs(world):
    body = ok(act("staff", "staff_pairs", {}, DEFAULT))
    assert [row["id"] for row in body["pairs"]] == [world.ext_pair]
    assert leaks(body) == []


@pytest.mark.parametrize("handler", ["workspace_state", "agreement_save", "goal_add", "session_log"])
def test_the_other_units_pair_is_not_found_here_even_by_its_own_members(world, client, handler):
    visit(client, "ext_mentor")
    data = {**REQUESTS[handler](world), "pair_id": world.ext_pair}
    before = snapshot()
    status, body = act("ext_mentor", handler, data)
    assert status == 404, body
    assert snapshot() == before
    assert act("ext_mentor", handler, {**data, "pair_id": world.missing_pair}) == (status, body)
    # ...while in its own unit the same call works.
    assert (
        ok(act("ext_mentor", "workspace_state", {"pair_id": world.ext_pair}, DEFAULT))["workspace"]["role"] == "mentor"
    )
