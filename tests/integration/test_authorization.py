"""Through the workbench runtime: who may call each handler, and what an answer gives away.

The expected outcome of every handler for every kind of caller is the access table of the
package, :data:`mentoring_xblock.web.permissions.TABLE`, which the handlers themselves check; these
tests call every handler as every caller and compare.

The world is :mod:`tests.integration.world`'s: a target pair with an agreement, a goal, a session
its mentee logged, an open action item and a submitted needs assessment; the mentor's other pair
with Noor; another pair of the unit; an unpaired learner; a pair of another unit; an invite
code. The anonymous caller is a visitor who is not signed in. Every call below aims at the
target pair and its objects.

Every refused call must leave every mentoring record as it was, and its body must not contain
the partner's names, notes, goal or agreement text. Every answer, allowed or not, contains no
text of a pair the caller is not a member of, and a pair-scoped answer no text of another pair,
not even of the caller's other pair.
"""

import csv
import io
import json
import re

import pytest

from mentoring_xblock.block import MentoringBlock
from mentoring_xblock.models import ActionItem, Pair, Participant
from mentoring_xblock.web import permissions

from ..conftest import DEFAULT, load_block
from ..reliability import record
from .helpers import act, fetch, ok, rolled_back, snapshot, visit
from .world import MEMBERS_OF, NOOR_TEXTS, REQUESTS, SECRETS, TEXTS_OF

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
FILE_HANDLERS = {"staff_export", "staff_outcomes", "session_invite"}


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
        elif rule.gate == permissions.PEOPLE:
            # Anyone signed in acts on their own settings alone; only a visitor is refused.
            assert refused == {"anonymous"}, handler
            assert rule.outcomes["anonymous"][0] == 403, handler
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
    if handler == "session_invite":
        assert "BEGIN:VCALENDAR" in body and "Bring the churn query printed out" in body
    elif handler in PAIR_HANDLERS:
        assert body["pair_id"] == world.pair
        assert body["workspace"]["role"] == MEMBER_ROLES[caller]
        if "sections" in body:  # a write re-renders the sections it changed, with their forms for this pair
            assert body["sections"].get("header", "x").strip(), handler
            assert f'name="pair_id" value="{world.pair}"' in "".join(body["sections"].values())
        else:
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
    elif handler == "reminders_set":
        # The caller's own reminders stop, and no one else's.
        assert body["reminders"] == {"on": False}
        stopped = Participant.objects.exclude(nudges_off_at=None).values_list("username", flat=True)
        assert list(stopped) == [CALLERS[caller]]
    elif handler == "staff_outcomes":
        rows = list(csv.DictReader(io.StringIO(body, newline="")))
        assert world.pair in {int(row["pair_id"]) for row in rows}
        assert world.ext_pair not in {int(row["pair_id"]) for row in rows}


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
    record(
        "authorization",
        handler,
        {role: status for role, (status, _code) in permissions.RULES[handler].outcomes.items()},
    )


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
    ("session_reschedule", "planned_id", "planned"),
    ("session_cancel", "planned_id", "planned"),
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
    record("authorization", f"object of another pair: {handler}", 2)


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
        status, body = call(student, handler, REQUESTS[handler](world), DEFAULT)
        assert status == 404, (student, body)
        assert body["error"]["code"] == "not_found"
        assert leaks(body) == []
        assert snapshot() == before
    record("authorization", f"pair from another unit's block: {handler}", 3)


# Every path by which staff form a pair, each naming the acting staff member.
OWN_ACCOUNT_REQUESTS = {
    "staff_add_pair (as mentor)": ("staff_add_pair", lambda w: {"mentor": "staff", "mentee": "learner"}),
    "staff_add_pair (as mentee)": ("staff_add_pair", lambda w: {"mentor": "coach", "mentee": "staff"}),
    "staff_reassign": ("staff_reassign", lambda w: {"pair_id": w.pair, "mentor": "staff"}),
}


@pytest.mark.parametrize("path", sorted(OWN_ACCOUNT_REQUESTS))
def test_staff_never_pair_themselves(world, path):
    handler, make = OWN_ACCOUNT_REQUESTS[path]
    with rolled_back():
        before = snapshot()
        status, body = act("staff", handler, make(world))
        assert status == 403, body
        assert body["error"]["code"] == "own_account"
        assert snapshot() == before
    with rolled_back():
        csv_text = "mentor,mentee\nlearner,staff\n"
        report = ok(act("staff", "staff_import_pairs", {"csv": csv_text}))["report"]
        assert [row["outcome"] for row in report] == ["own_account"]
    record("authorization", f"staff pairing themselves: {path}", 2)


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
