"""What the benchmark does, as a user or the platform would: open pages, call handlers, export."""

import datetime
import json
import uuid
from dataclasses import dataclass

from django.test import Client
from django.utils import timezone
from webob import Request

from mentoring_xblock.models import ActionItem, Assessment, Goal, Pair, Participant, Session
from mentoring_xblock.web import permissions

THUMBS = "thumbs.0"  # the xblock-sdk's sample: three thumbs blocks in a vertical


def client():
    return Client()


def page(browser, scenario, student):
    """The workbench page of ``scenario`` as ``student`` sees it."""
    response = browser.get(f"/scenario/{scenario}/?student={student}")
    assert response.status_code == 200, response.status_code
    return response


def load_block(scenario, student):
    """The scenario's block in a new runtime, as each request of the workbench builds it."""
    from workbench.runtime import WorkbenchRuntime
    from workbench.scenarios import get_scenarios

    return WorkbenchRuntime(student).get_block(get_scenarios()[scenario].usage_id)


def student_view(scenario, student):
    """The block's ``student_view`` rendered in a new runtime (field reads and services included)."""
    block = load_block(scenario, student)
    return block.runtime.render(block, "student_view")


def handler(browser, scenario, student, name, data):
    """POST ``data`` as JSON to a handler through the workbench, as the page's JavaScript does
    (a write with a new request id: see mentoring_xblock/web/replay.py)."""
    from workbench.scenarios import get_scenarios

    if permissions.rule(name).writes:
        data = {**data, "request_id": str(uuid.uuid4())}
    usage_id = get_scenarios()[scenario].usage_id
    response = browser.post(
        f"/handler/{usage_id}/{name}/?student={student}", json.dumps(data), content_type="application/json"
    )
    assert response.status_code == 200, (name, response.status_code, response.content[:300])
    return json.loads(response.content)


@dataclass
class Focus:
    """The pair the benchmark works in, in one unit."""

    scenario: str
    pair: Pair

    def open_action(self, number):
        return list(ActionItem.objects.filter(pair=self.pair, status="open").order_by("pk"))[number].pk

    def pending_session(self):
        return Session.objects.filter(pair=self.pair, confirmation=Session.PENDING).order_by("pk").first().pk

    def goal(self, number=0):
        return list(Goal.objects.filter(pair=self.pair).order_by("pk"))[number]


def writes(focus, program, answers):
    """The pair workspace's write handlers, each as (name, who, handler, data-maker), in an order in
    which each succeeds once per unit."""
    today = timezone.localdate()
    agreement = {
        "cadence": "Every week",
        "session_minutes": 60,
        "session_format": "video",
        "channels": "Chat",
        "contact_hours": "Evenings",
    }
    pair_id = focus.pair.pk
    return [
        ("log session", "bench-mentee", "session_log", lambda: {
            "pair_id": pair_id, "held_on": today.isoformat(), "minutes": 45, "session_format": "video",
            "agenda_items": [program["agenda"][0]["id"]], "notes": "Walked through the chart",
            "review": {"useful": "The chart", "next_steps": "Share it"},
            "action_items": [{"text": "Send the draft", "owner": "mentee",
                              "due_on": (today + datetime.timedelta(days=7)).isoformat()}],
            "done_action_items": [focus.open_action(0)],
        }),
        ("confirm session", "bench-mentee", "session_review",
         lambda: {"pair_id": pair_id, "session_id": focus.pending_session(), "decision": "confirm"}),
        ("add goal update", "bench-mentee", "goal_progress",
         lambda: {"pair_id": pair_id, "goal_id": focus.goal().pk, "value": 60, "note": "Half way"}),
        ("submit assessment", "bench-mentor", "assessment_submit",
         lambda: {"pair_id": pair_id, "round": "midpoint", **answers}),
        ("save assessment draft", "bench-mentee", "assessment_save",
         lambda: {"pair_id": pair_id, "round": "final", **answers}),
        ("edit goal", "bench-mentor", "goal_edit", lambda: {
            "pair_id": pair_id, "goal_id": focus.goal(1).pk, "version": focus.goal(1).version,
            "statement": "Present two findings", "why": "Visibility", "measure": "Presented twice",
            "target_date": (today + datetime.timedelta(days=60)).isoformat(), "areas": [], "status": "in_progress",
        }),
        ("mark action done", "bench-mentor", "action_done", lambda: {
            "pair_id": pair_id, "action_id": focus.open_action(0), "done": True,
        }),
        ("save agreement", "bench-mentor", "agreement_save",
         lambda: {"pair_id": pair_id, "version": 1, **agreement}),
        ("sign agreement", "bench-mentee", "agreement_sign", lambda: {"pair_id": pair_id, "version": 2}),
    ]  # fmt: skip


# -- exports --------------------------------------------------------------------------------------


def csv_chunks(scenario):
    """The staff CSV download's body, chunk by chunk, as the block's handler streams it."""
    block = load_block(scenario, "staff")
    request = Request.blank("/", method="GET")
    response = block.runtime.handle(block, "staff_export", request)
    assert response.status_code == 200, response.status_code
    return response.app_iter


class UserState:
    """What the platform's user-state iterator yields, as far as the report reads it."""

    __slots__ = ("username",)

    def __init__(self, username):
        self.username = username


def usernames(usage_key):
    """Every participant of the unit, as the platform's state iterator would name them (read
    beforehand: the platform's iterator is not the block's cost)."""
    return list(Participant.objects.filter(usage_key=usage_key).order_by("pk").values_list("username", flat=True))


def report_rows(scenario, names):
    """``generate_report_data`` of the unit's block (loaded without a user, as the platform's worker does)."""
    block = load_block(scenario, None)
    return block.generate_report_data(UserState(name) for name in names)


RAW_COLUMNS = {
    Pair: ("pk", "mentor__username", "mentee__username", "mentor__display_name", "mentee__display_name",
           "status", "stage", "progress", "sessions_confirmed", "minutes_confirmed", "last_session_on",
           "last_activity_at", "cadence_due_on", "started_on", "ended_at", "end_reason", "formed_by"),
    Goal: ("pair_id", "status"),
    ActionItem: ("pair_id", "status", "due_on"),
    Session: ("pair_id", "agenda_items"),
    Assessment: ("pair_id", "round", "rater", "submitted_at"),
}  # fmt: skip


def raw_scan(usage_key, participants=False):
    """A plain ``values_list(...).iterator()`` scan of the rows an export reads: the unit's pairs
    with both members, their goals, action items, confirmed sessions and assessments (and, for
    the report, its participants). Returns the number of rows."""
    rows = 0
    tables = ([(Participant, ("pk", "username"), {})] if participants else []) + [
        (model, columns, {"confirmation": Session.CONFIRMED} if model is Session else {})
        for model, columns in RAW_COLUMNS.items()
    ]
    for model, columns, extra in tables:
        for _row in model.objects.filter(usage_key=usage_key, **extra).values_list(*columns).iterator(chunk_size=2000):
            rows += 1
    return rows
