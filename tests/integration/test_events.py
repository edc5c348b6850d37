"""Through the workbench runtime: every write publishes its documented tracking event once it has
committed, a refused or repeated one publishes nothing, and event-routing-backends (the real
library) turns each event into the xAPI statement docs/developers/events.md describes.

The events are published in ``transaction.on_commit`` callbacks; each test's transaction never
commits, so pytest-django's ``django_capture_on_commit_callbacks`` runs them as a commit would.
"""

import json
import re
from pathlib import Path
from unittest import mock

import pytest
from workbench.runtime import WorkbenchRuntime

from mentoring_xblock.models import Pair
from mentoring_xblock.web import events, permissions

from ..conftest import DEMO, load_block
from .helpers import act, ok, rolled_back
from .world import REQUESTS, SECRETS

pytestmark = pytest.mark.django_db

DOCS = Path(__file__).resolve().parents[2] / "docs" / "developers" / "events.md"
TYPES = {"string": str, "integer": int, "boolean": bool, "list": list}
# Who makes each write of the world's ordinary requests (see permissions.TABLE).
CALLER = {
    permissions.MEMBERS: "mentor",
    permissions.STAFF: "staff",
    permissions.LEARNERS: "learner",
    permissions.PEOPLE: "mentor",
}
# The event each write publishes with the world's ordinary request.
EXPECTED = {
    "agreement_save": events.AGREEMENT_SAVED,
    "agreement_sign": events.AGREEMENT_SIGNED,
    "goal_add": events.GOAL_ADDED,
    "goal_edit": events.GOAL_EDITED,
    "goal_progress": events.GOAL_PROGRESSED,
    "session_log": events.SESSION_LOGGED,
    "session_review": events.SESSION_REVIEWED,
    "action_done": events.ACTION_ITEM_COMPLETED,
    "assessment_save": events.ASSESSMENT_SAVED,
    "assessment_submit": events.ASSESSMENT_SUBMITTED,
    "invite_create": events.INVITE_CREATED,
    "invite_redeem": events.INVITE_REDEEMED,
    "staff_add_pair": events.PAIR_CREATED,
    "staff_import_pairs": events.PAIRS_IMPORTED,
    "staff_end_pair": events.PAIR_ENDED,
    "staff_reassign": events.PAIR_REASSIGNED,
    "session_plan": events.SESSION_PLANNED,
    "session_reschedule": events.SESSION_RESCHEDULED,
    "session_cancel": events.SESSION_CANCELLED,
    "reminders_set": events.REMINDERS_CHANGED,
}
WRITES = [handler for handler, rule in permissions.RULES.items() if rule.writes and handler != "studio_submit"]


def documented():
    """``{event name: {field: type name}}`` from the field tables of docs/developers/events.md."""
    found, current = {}, None
    for line in DOCS.read_text(encoding="utf-8").splitlines():
        heading = re.match(r"^### `(edx\.mentoring\.[a-z_.]+)`$", line)
        if heading:
            current = found.setdefault(heading.group(1), {})
        elif line.startswith("## "):
            current = None
        elif current is not None:
            row = re.match(r"^\| `(\w+)` \| (\w+) \|", line)
            if row:
                current[row.group(1)] = row.group(2)
    return found


@pytest.fixture
def published(monkeypatch):
    """The block's tracking events the workbench runtime receives, as ``(name, fields, user)``."""
    found = []
    real = WorkbenchRuntime.publish

    def publish(runtime, block, name, fields):
        if name.startswith(events.PREFIX):
            found.append((name, fields, runtime.user_id))
        return real(runtime, block, name, fields)

    monkeypatch.setattr(WorkbenchRuntime, "publish", publish)
    return found


def committed(capture, student, handler, data):
    """A handler call whose transaction commits (its on-commit callbacks run); (status, body)."""
    with capture(execute=True):
        return act(student, handler, data)


def caller_of(handler):
    return CALLER[permissions.RULES[handler].gate]


def test_every_write_handler_has_an_event_and_every_event_is_documented():
    assert set(WRITES) == set(EXPECTED) == set(events.BUILDERS)
    assert set(documented()) == set(events.NAMES)


@pytest.mark.parametrize("handler", WRITES)
def test_each_write_publishes_its_documented_event_once_committed(
    world, published, django_capture_on_commit_callbacks, handler
):
    with rolled_back():
        body = ok(committed(django_capture_on_commit_callbacks, caller_of(handler), handler, REQUESTS[handler](world)))
    assert [name for name, _fields, _user in published] == [EXPECTED[handler]]
    name, fields, user = published[0]
    fields_doc = documented()[name]
    assert set(fields) == set(fields_doc), name
    for field, type_name in fields_doc.items():
        assert isinstance(fields[field], TYPES[type_name]), (field, fields[field])
    assert fields["block_id"] == str(load_block(DEMO).scope_ids.usage_id)
    assert user == caller_of(handler)
    # Ids and roles, never a word anyone wrote, nor the invite code.
    text = json.dumps(fields)
    assert not [secret for secret in SECRETS if secret in text]
    assert world.code.replace("-", "") not in text.replace("-", "")
    if "pair_id" in fields and handler not in ("invite_redeem", "staff_add_pair", "staff_reassign"):
        assert fields["pair_id"] == world.pair
    if "role" in fields and permissions.RULES[handler].gate == permissions.MEMBERS:
        assert fields["role"] == body["workspace"]["role"] == "mentor"


def test_the_objects_written_are_named_in_their_events(world, published, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with rolled_back():
        goal = ok(committed(capture, "mentee1", "goal_add", REQUESTS["goal_add"](world)))["goal"]
        session = ok(committed(capture, "mentee1", "session_log", REQUESTS["session_log"](world)))["session"]
        review = {"pair_id": world.pair, "session_id": session["id"], "decision": "dispute", "note": "Not held"}
        ok(committed(capture, "mentor", "session_review", review))
        ok(
            committed(
                capture, "mentor", "action_done", {"pair_id": world.pair, "action_id": world.action, "done": True}
            )
        )
        ok(
            committed(
                capture, "mentee1", "action_done", {"pair_id": world.pair, "action_id": world.action, "done": False}
            )
        )
        added = ok(committed(capture, "staff", "staff_add_pair", REQUESTS["staff_add_pair"](world)))["pair"]
        moved = ok(committed(capture, "staff", "staff_reassign", REQUESTS["staff_reassign"](world)))["pair"]
    by_name = [(name, fields) for name, fields, _user in published]
    assert by_name[0] == (events.GOAL_ADDED, {**by_name[0][1], "goal_id": goal["id"], "role": "mentee"})
    assert by_name[0][1]["areas"] == ["sql"]
    logged = by_name[1][1]
    assert (logged["session_id"], logged["minutes"], logged["session_format"]) == (session["id"], 30, "phone")
    assert (logged["agenda_items"], logged["action_items"], logged["role"]) == (1, 0, "mentee")
    assert by_name[2] == (events.SESSION_REVIEWED, {**by_name[2][1], "decision": "disputed", "role": "mentor"})
    assert [name for name, _fields in by_name[3:5]] == [events.ACTION_ITEM_COMPLETED, events.ACTION_ITEM_REOPENED]
    assert {fields["action_item_id"] for _name, fields in by_name[3:5]} == {world.action}
    assert by_name[5][1]["pair_id"] == added["id"]
    assert (by_name[6][1]["pair_id"], by_name[6][1]["previous_pair_id"]) == (moved["id"], world.pair)


def test_a_refused_write_publishes_nothing(world, published, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    with rolled_back():
        # staff may not write to a pair; a goal without its statement; an unknown pair; a learner
        # who is already a mentee redeeming a code
        assert committed(capture, "staff", "goal_add", REQUESTS["goal_add"](world))[0] == 403
        assert committed(capture, "mentor", "goal_add", {**REQUESTS["goal_add"](world), "statement": ""})[0] == 400
        assert committed(capture, "mentor", "goal_add", {**REQUESTS["goal_add"](world), "pair_id": 10**9})[0] == 404
        assert committed(capture, "mentee1", "invite_redeem", REQUESTS["invite_redeem"](world))[0] == 409
    assert published == []


def test_a_create_sent_again_publishes_once(world, published, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    data = {**REQUESTS["goal_add"](world), "request_id": "goal-once-0001"}
    with rolled_back():
        first = ok(committed(capture, "mentor", "goal_add", data))
        again = ok(committed(capture, "mentor", "goal_add", data))
    assert again["goal"]["id"] == first["goal"]["id"]
    assert [name for name, _fields, _user in published] == [events.GOAL_ADDED]


def test_nothing_is_published_before_the_commit(world, published, django_capture_on_commit_callbacks):
    with rolled_back(), django_capture_on_commit_callbacks(execute=False) as callbacks:
        ok(act("mentor", "goal_add", REQUESTS["goal_add"](world)))
    assert published == []
    assert len(callbacks) == 1  # dropped with a transaction that rolls back


# -- xAPI, through the real event-routing-backends --------------------------------------------------

ROOT = "https://lms.example.com"


def tracking_log_event(name, fields, user_id):
    """The event as eventtracking hands it to event-routing-backends in the LMS (server_track's
    context: the course, the user who acted, ``event_source`` ``server``)."""
    return {
        "name": name,
        "timestamp": "2026-12-03T10:00:00.000000+00:00",
        "context": {
            "course_id": "course-v1:Workbench+Mentoring+Demo",
            "org_id": "Workbench",
            "user_id": user_id,
            "event_source": "server",
            "page": "x_module",
        },
        "data": fields,
    }


@pytest.fixture
def xapi(settings):
    """event-routing-backends' transform, with the platform's lookups it makes stood in for, as the
    library's own tests do: the actor's external id (``ExternalId``) and the course's name."""
    registry = pytest.importorskip("event_routing_backends.processors.xapi.registry").XApiTransformersRegistry
    settings.LMS_ROOT_URL = ROOT
    settings.XAPI_AGENT_IFI_TYPE = "external_id"
    target = "event_routing_backends.processors.xapi.transformer"
    with (
        mock.patch(f"{target}.get_anonymous_user_id", lambda user, kind: f"external-{user}"),
        mock.patch(f"{target}.get_course_from_id", lambda course_id: {"display_name": "Mentoring demo"}),
    ):
        yield lambda event: json.loads(registry.get_transformer(event).transform().to_json())


VERBS = {
    events.AGREEMENT_SAVED: "https://w3id.org/xapi/acrossx/verbs/edited",
    events.AGREEMENT_SIGNED: "http://activitystrea.ms/schema/1.0/agree",
    events.GOAL_ADDED: "https://w3id.org/xapi/dod-isd/verbs/created",
    events.GOAL_EDITED: "https://w3id.org/xapi/acrossx/verbs/edited",
    events.GOAL_PROGRESSED: "http://adlnet.gov/expapi/verbs/progressed",
    events.SESSION_LOGGED: "http://adlnet.gov/expapi/verbs/attended",
    events.SESSION_REVIEWED: "https://w3id.org/xapi/acrossx/verbs/evaluated",
    events.ACTION_ITEM_COMPLETED: "http://adlnet.gov/expapi/verbs/completed",
    events.ACTION_ITEM_REOPENED: "https://w3id.org/xapi/acrossx/verbs/edited",
    events.ASSESSMENT_SAVED: "https://w3id.org/xapi/acrossx/verbs/edited",
    events.ASSESSMENT_SUBMITTED: "http://activitystrea.ms/schema/1.0/submit",
    events.INVITE_CREATED: "https://w3id.org/xapi/dod-isd/verbs/created",
    events.INVITE_REDEEMED: "http://adlnet.gov/expapi/verbs/registered",
    events.PAIR_CREATED: "https://w3id.org/xapi/dod-isd/verbs/created",
    events.PAIRS_IMPORTED: "https://w3id.org/xapi/dod-isd/verbs/created",
    events.PAIR_ENDED: "http://adlnet.gov/expapi/verbs/terminated",
    events.PAIR_REASSIGNED: "https://w3id.org/xapi/dod-isd/verbs/created",
    events.SESSION_PLANNED: "https://w3id.org/xapi/acrossx/verbs/scheduled",
    events.SESSION_RESCHEDULED: "https://w3id.org/xapi/acrossx/verbs/scheduled",
    events.SESSION_CANCELLED: "http://activitystrea.ms/schema/1.0/cancel",
    events.REMINDERS_CHANGED: "https://w3id.org/xapi/acrossx/verbs/edited",
}


def object_path(name, fields):
    """The object id's path under the unit, as docs/developers/events.md gives it."""
    pair = f"pair/{fields.get('pair_id')}"
    return {
        events.AGREEMENT_SAVED: f"{pair}/agreement",
        events.AGREEMENT_SIGNED: f"{pair}/agreement",
        events.GOAL_ADDED: f"{pair}/goal/{fields.get('goal_id')}",
        events.GOAL_EDITED: f"{pair}/goal/{fields.get('goal_id')}",
        events.GOAL_PROGRESSED: f"{pair}/goal/{fields.get('goal_id')}",
        events.SESSION_LOGGED: f"{pair}/session/{fields.get('session_id')}",
        events.SESSION_REVIEWED: f"{pair}/session/{fields.get('session_id')}",
        events.ACTION_ITEM_COMPLETED: f"{pair}/action_item/{fields.get('action_item_id')}",
        events.ACTION_ITEM_REOPENED: f"{pair}/action_item/{fields.get('action_item_id')}",
        events.ASSESSMENT_SAVED: f"{pair}/assessment/{fields.get('round')}/{fields.get('rater')}",
        events.ASSESSMENT_SUBMITTED: f"{pair}/assessment/{fields.get('round')}/{fields.get('rater')}",
        events.INVITE_CREATED: f"invite/{fields.get('role')}",
        events.INVITE_REDEEMED: pair,
        events.PAIR_CREATED: pair,
        events.PAIRS_IMPORTED: "pairs",
        events.PAIR_ENDED: pair,
        events.PAIR_REASSIGNED: pair,
        events.SESSION_PLANNED: f"{pair}/planned_session/{fields.get('planned_session_id')}",
        events.SESSION_RESCHEDULED: f"{pair}/planned_session/{fields.get('planned_session_id')}",
        events.SESSION_CANCELLED: f"{pair}/planned_session/{fields.get('planned_session_id')}",
        events.REMINDERS_CHANGED: "reminders",
    }[name]


def sample_events(world, capture, published):
    """One event of every name, published by real handler calls (the reopened item after its
    completion), with the id of the user who acted."""
    with rolled_back():
        for handler in WRITES:
            with rolled_back():
                ok(committed(capture, caller_of(handler), handler, REQUESTS[handler](world)))
        reopen = {"pair_id": world.pair, "action_id": world.action, "done": False}
        ok(committed(capture, "mentor", "action_done", {**reopen, "done": True}))
        ok(committed(capture, "mentor", "action_done", reopen))
    ids = {username: pk for username, pk in _user_ids()}
    return {name: (fields, ids[user]) for name, fields, user in published}


def _user_ids():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.values_list("username", "pk")


def test_the_apps_ready_registers_a_transformer_for_every_event():
    registry = pytest.importorskip("event_routing_backends.processors.xapi.registry").XApiTransformersRegistry
    assert set(events.NAMES) <= set(registry.mapping)


def test_event_routing_backends_turns_every_event_into_its_xapi_statement(
    world, published, django_capture_on_commit_callbacks, xapi
):
    samples = sample_events(world, django_capture_on_commit_callbacks, published)
    assert set(samples) == set(events.NAMES)
    unit = f"{ROOT}/xblock/{load_block(DEMO).scope_ids.usage_id}"
    for name, (fields, user_id) in samples.items():
        statement = xapi(tracking_log_event(name, fields, user_id))
        assert statement["verb"]["id"] == VERBS[name], name
        assert statement["object"]["id"] == f"{unit}/{object_path(name, fields)}", name
        assert statement["actor"] == {
            "objectType": "Agent",
            "account": {"homePage": ROOT, "name": f"external-{user_id}"},
        }
        assert statement["context"]["extensions"]["urn:openedx:mentoring-xblock:event"] == fields
        assert (
            statement["context"]["contextActivities"]["parent"][0]["id"]
            == f"{ROOT}/course/course-v1:Workbench+Mentoring+Demo"
        )
    results = {name: xapi(tracking_log_event(name, *samples[name])).get("result") for name in samples}
    assert results[events.GOAL_PROGRESSED] == {
        "extensions": {"https://w3id.org/xapi/cmi5/result/extensions/progress": 60}
    }
    assert results[events.SESSION_LOGGED] == {"duration": "PT30M00S"}  # 30 minutes, as tincan writes it
    assert results[events.SESSION_REVIEWED] == {"success": True}
    assert results[events.ACTION_ITEM_COMPLETED] == {"completion": True}
    assert results[events.ACTION_ITEM_REOPENED] == {"completion": False}


def test_the_pair_of_a_redeemed_code_is_the_one_its_event_names(world, published, django_capture_on_commit_callbacks):
    with rolled_back():
        body = ok(committed(django_capture_on_commit_callbacks, "learner", "invite_redeem", {"code": world.code}))
        pair = Pair.objects.get(pk=body["pair_id"])
        assert pair.mentee.username == "learner"
    assert published[0][1]["pair_id"] == body["pair_id"]
