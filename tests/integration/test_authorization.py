"""Through the workbench runtime: who may call each handler, and what an answer gives away.

The expected outcome of every handler for every kind of caller is the access table of the
package, :data:`mentoring_xblock.permissions.TABLE`, which the handlers themselves check; these
tests call every handler as every caller and compare.

The world (see the ``world`` fixture): the demo unit (``mentorship.0``, pairing mode "both",
mentor capacity 3) after ``load_demo``. The *target* pair is Maya Ortiz (``mentor``) mentoring
Sam Lee (``mentee1``); it has an agreement (version 1, saved by the mentor), a goal, a session
logged by the mentee and still waiting for the mentor's confirmation, an open action item, and
the mentee's submitted needs assessment (so the mid-point round is open). Maya also mentors Noor
Haddad (``mentee2``): that pair has its own goal, agreement and session. ``coach`` mentors
``mentee3`` in the same unit (with a goal); ``learner`` opened the unit but is unpaired;
``ext_mentor`` mentors ``ext_mentee`` in another unit (``mentorship.1``) and never opened this
one; ``inviter`` created an invite code in which they are the mentor; the anonymous caller is a
visitor who is not signed in. Every call below aims at the target pair and its objects.

Every refused call must leave every mentoring record as it was, and its body must not contain
the partner's names, notes, goal or agreement text. Every answer, allowed or not, contains no
text of a pair the caller is not a member of, and a pair-scoped answer no text of another pair,
not even of the caller's other pair.
"""

import csv
import io
import json
import re
from dataclasses import dataclass

import pytest
from django.utils import timezone

from mentoring_xblock import permissions
from mentoring_xblock.block import MentoringBlock
from mentoring_xblock.models import ActionItem, Pair

from ..conftest import DEFAULT, load_block
from .helpers import act, fetch, load_demo, ok, rolled_back, snapshot, visit

pytestmark = pytest.mark.django_db

CALLERS = {
    "mentor": "mentor",
    "mentee": "mentee1",
    "other_pair": "coach",
    "unpaired": "learner",
    "staff": "staff",
    "other_unit": "ext_mentor",
    "anonymous": "",
}
# What a member of the target pair is in it: the role their workspace answers with.
MEMBER_ROLES = {"mentor": "mentor", "mentee": "mentee", "staff": "staff"}
PAIR_HANDLERS = [name for name, rule in permissions.RULES.items() if rule.gate == permissions.MEMBERS]
FILE_HANDLERS = {"staff_export"}

# What only the target pair's members (and staff) may read.
PARTNER_NAMES = ("Maya Ortiz", "Sam Lee")
GOAL_TEXT = "Lead the quarterly churn analysis on my own"
NOTES_TEXT = "Talked through my worries about the reorganisation"
BOUNDARIES_TEXT = "Nothing about salaries, please"
ACTION_TEXT = "Send Maya the draft churn query"
NEEDS_TEXT = "I want to lead the churn analysis before the reorganisation"
SECRETS = (*PARTNER_NAMES, GOAL_TEXT, NOTES_TEXT, BOUNDARIES_TEXT, ACTION_TEXT, NEEDS_TEXT)
# The texts of the other pairs, and who belongs to them.
NOOR_TEXTS = ("Present the survey results to the board", "We rehearsed the board talk twice", "No calls on Fridays")
COACH_TEXTS = ("Ship the first dashboard to the sales team",)
TEXTS_OF = {
    "target": (GOAL_TEXT, NOTES_TEXT, BOUNDARIES_TEXT, ACTION_TEXT, NEEDS_TEXT),
    "noor": NOOR_TEXTS,
    "coach": COACH_TEXTS,
}
MEMBERS_OF = {"target": {"mentor", "mentee1"}, "noor": {"mentor", "mentee2"}, "coach": {"coach", "mentee3"}}


def text_of(body):
    return body if isinstance(body, str) else json.dumps(body, ensure_ascii=False)


def leaks(body):
    return [secret for secret in SECRETS if secret in text_of(body)]


def foreign_texts(body, student, pair=None):
    """Texts in ``body`` of pairs ``student`` is not a member of, or (for an answer about
    ``pair``) of any pair but that one. Staff read every pair, but each answer is about one."""
    text = text_of(body)
    found = []
    for name, texts in TEXTS_OF.items():
        outsider = student not in MEMBERS_OF[name] and (student != "staff" or pair is not None)
        if name != pair and (outsider or pair is not None):
            found += [snippet for snippet in texts if snippet in text]
    return found


@dataclass
class World:
    pair: int
    noor_pair: int
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
    noor = Pair.objects.get(mentee__username="mentee2", status=Pair.ACTIVE)
    today = timezone.localdate().isoformat()
    ok(act("mentor", "agreement_save", agreement_data(pair.pk, 0, cadence="Every two weeks")))
    goal = ok(act("mentee1", "goal_add", goal_data(pair.pk, GOAL_TEXT)))["goal"]["id"]
    session = ok(act("mentee1", "session_log", session_data(pair.pk, pair.started_on.isoformat(), NOTES_TEXT)))
    session = session["session"]
    ok(act("mentee1", "assessment_submit", needs_assessment(pair.pk)))
    # Maya's other pair, and the coach's, have words of their own.
    ok(act("mentee2", "agreement_save", {**agreement_data(noor.pk, 0, "Weekly"), "boundaries": NOOR_TEXTS[2]}))
    ok(act("mentee2", "goal_add", goal_data(noor.pk, NOOR_TEXTS[0])))
    ok(act("mentor", "session_log", {**session_data(noor.pk, today, NOOR_TEXTS[1]), "action_items": []}))
    ok(act("coach", "goal_add", goal_data(coach_pair, COACH_TEXTS[0])))
    code = ok(act("inviter", "invite_create", {"role": "mentor"}))["invite"]["code"]
    return World(
        pair=pair.pk,
        noor_pair=noor.pk,
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


def session_data(pair_id, held_on, notes):
    return {
        "pair_id": pair_id,
        "held_on": held_on,
        "minutes": 45,
        "session_format": "video",
        "agenda_items": ["kickoff"],
        "notes": notes,
        "action_items": [{"text": ACTION_TEXT, "owner": "mentee", "due_on": ""}],
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


def renamed_program(w):
    program = load_block().program
    return {**program, "display_name": "Mentoring, renamed", "weight": 2}


# The request each handler gets, aimed at the target pair and its objects.
REQUESTS = {
    "studio_submit": renamed_program,
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
    "staff_export": lambda w: {"filter": "all"},
}


def call(student, handler, data, scenario=None):
    """(status, body) of a handler call: parsed JSON, or the text of a file."""
    scenario = scenario or "mentorship.0"
    if handler in FILE_HANDLERS:
        status, body = fetch(student, handler, "&".join(f"{k}={v}" for k, v in data.items()), scenario)
        return status, (json.loads(body) if status >= 400 else body.decode("utf-8"))
    return act(student, handler, data, scenario)


def block_handlers():
    return {name for name in dir(MentoringBlock) if getattr(getattr(MentoringBlock, name), "_is_xblock_handler", False)}


def test_the_access_table_covers_every_handler_of_the_block_and_every_caller():
    assert set(permissions.RULES) == block_handlers() == set(REQUESTS)
    assert set(CALLERS) == set(permissions.ROLES)
    assert all(set(rule.outcomes) == set(permissions.ROLES) for rule in permissions.RULES.values())


def test_each_gate_keeps_out_whom_it_names():
    for handler, rule in permissions.RULES.items():
        refused = {role for role, (status, _code) in rule.outcomes.items() if status != 200}
        if rule.gate in (permissions.STAFF, permissions.AUTHORS):
            assert refused == set(permissions.ROLES) - {"staff"}, handler
            assert {rule.outcomes[role][0] for role in refused} == {403}, handler
        elif rule.gate == permissions.LEARNERS:
            assert {"staff", "anonymous"} <= refused, handler
        else:
            outsiders = {"other_pair", "unpaired", "other_unit", "anonymous"}
            assert {role: rule.outcomes[role] for role in outsiders} == dict.fromkeys(outsiders, (404, "not_found"))
            assert rule.outcomes["staff"][0] == (403 if rule.writes else 200), handler


def check_success(world, handler, caller, body, before):
    """What the caller sees change after a call that was allowed."""
    after = snapshot()
    if not permissions.RULES[handler].writes or handler == "studio_submit":
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
    elif handler == "studio_submit":
        assert body["program"]["display_name"] == "Mentoring, renamed"
        assert load_block().display_name == "Mentoring, renamed"
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
    elif handler == "staff_export":
        rows = list(csv.DictReader(io.StringIO(body, newline="")))
        assert ("mentor", "mentee1") in [(row["mentor"], row["mentee"]) for row in rows]
        assert "ext_mentor" not in body


def check_refusal(world, handler, caller, data, status, body, before):
    """A refused call changes nothing and reveals nothing, and an id that exists but is not
    the caller's reads exactly like an id that does not exist."""
    assert snapshot() == before
    assert leaks(body) == []
    if "pair_id" in data and caller not in ("mentor", "mentee", "staff"):
        missing = call(CALLERS[caller], handler, {**data, "pair_id": world.missing_pair})
        assert missing == (status, body)
        assert snapshot() == before


@pytest.mark.parametrize("handler", list(permissions.RULES))
def test_every_caller_gets_what_the_access_table_says_and_nothing_of_anyone_elses_pair(world, handler):
    """One world, and each caller's call undone before the next."""
    data = REQUESTS[handler](world)
    for caller, (expected_status, expected_code) in permissions.RULES[handler].outcomes.items():
        student = CALLERS[caller]
        with rolled_back():
            before = snapshot()
            status, body = call(student, handler, data)
            assert status == expected_status, (caller, body)
            pair = "target" if handler in PAIR_HANDLERS else None
            assert foreign_texts(body, student, pair) == [], caller
            if status == 200:
                check_success(world, handler, caller, body, before)
            else:
                assert body["error"]["code"] == expected_code, (caller, body)
                check_refusal(world, handler, caller, data, status, body, before)


def test_the_mentor_of_two_mentees_reads_each_pair_without_the_other(world):
    for pair, other in ((world.pair, "noor"), (world.noor_pair, "target")):
        body = ok(act("mentor", "workspace_state", {"pair_id": pair}))
        assert [text for text in TEXTS_OF[other] if text in text_of(body)] == []
    body = ok(act("mentor", "workspace_state", {"pair_id": world.noor_pair}))
    assert NOOR_TEXTS[0] in body["html"]


# -- an id of one pair's object, sent with another pair's id --------------------------------------------

OBJECT_HANDLERS = [
    ("goal_edit", "goal_id", "goal"),
    ("goal_progress", "goal_id", "goal"),
    ("session_review", "session_id", "session"),
    ("action_done", "action_id", "action"),
]


@pytest.mark.parametrize(("handler", "key", "attr"), OBJECT_HANDLERS, ids=[h for h, _k, _a in OBJECT_HANDLERS])
def test_an_object_of_another_pair_is_not_found_through_ones_own_pair(world, handler, key, attr):
    # The coach's own pair, and the mentor's other pair: neither opens the target pair's objects.
    for student, pair in (("coach", world.coach_pair), ("mentor", world.noor_pair)):
        data = {**REQUESTS[handler](world), "pair_id": pair}
        before = snapshot()
        status, body = act(student, handler, data)
        assert status == 404, body
        assert body["error"]["code"] == "not_found"
        assert leaks(body) == []
        assert snapshot() == before
        missing_id = getattr(world, attr) + 1000
        assert act(student, handler, {**data, key: missing_id}) == (status, body)
        assert snapshot() == before


def test_closing_another_pairs_action_item_while_logging_a_session_is_refused(world):
    before = snapshot()
    for student, pair in (("coach", world.coach_pair), ("mentor", world.noor_pair)):
        status, body = act(
            student,
            "session_log",
            {
                "pair_id": pair,
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


@pytest.mark.parametrize("handler", PAIR_HANDLERS)
def test_the_target_pairs_ids_are_not_found_from_another_units_block(world, client, handler):
    for student in ("mentor", "mentee1", "staff"):
        # The members have opened the other unit too: being known there does not help.
        visit(client, student, DEFAULT)
        before = snapshot()
        status, body = act(student, handler, REQUESTS[handler](world), DEFAULT)
        assert status == 404, (student, body)
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


def test_staff_list_and_export_only_their_own_units_pairs(world):
    body = ok(act("staff", "staff_pairs", {}, DEFAULT))
    assert [row["id"] for row in body["pairs"]] == [world.ext_pair]
    assert leaks(body) == []
    status, text = call("staff", "staff_export", {}, DEFAULT)
    assert status == 200
    assert [(row["mentor"], row["mentee"]) for row in csv.DictReader(io.StringIO(text))] == [
        ("ext_mentor", "ext_mentee")
    ]


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
