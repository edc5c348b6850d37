"""Tracking events: every write a handler makes publishes one event through the runtime.

The names (``edx.mentoring.<noun>.<verb>``) and their fields are documented in
docs/developers/events.md; :data:`NAMES` lists them, and the plugin settings add them to the
platform's allow-lists (``settings/common.py``).

In the LMS, ``runtime.publish(block, name, data)`` reaches xmodule/services.py
``EventPublishingService.publish``: every event other than ``grade`` and ``completion`` goes to
the request's ``track_function`` (lms/djangoapps/courseware/block_render.py,
``make_track_function``), that is common/djangoapps/track/views ``server_track``, which emits it
with ``eventtracking`` under the course's context (course id, user id, username). From there
``event-routing-backends`` turns the allowed ones into xAPI statements for Aspects (:mod:`.xapi`).
The acting user travels in that context: the fields never name a person.

What an event carries: ids (the unit's usage key, the pair, the object written), roles, counts,
choices from the program (learning areas, formats, rounds). Never a text a learner or staff member
wrote, so that retiring a learner (pairs/retirement.py) leaves nothing of theirs in the tracking
logs beyond what the platform itself records.

An event is published once the write has committed (``transaction.on_commit``): a refused write
(any 4xx) publishes nothing, and neither does a create sent again with the same request id, whose
repeat is rolled back (:mod:`.replay`).
"""

import functools
import logging

from django.db import transaction

log = logging.getLogger(__name__)

PREFIX = "edx.mentoring."
AGREEMENT_SAVED = PREFIX + "agreement.saved"
AGREEMENT_SIGNED = PREFIX + "agreement.signed"
GOAL_ADDED = PREFIX + "goal.added"
GOAL_EDITED = PREFIX + "goal.edited"
GOAL_PROGRESSED = PREFIX + "goal.progressed"
SESSION_LOGGED = PREFIX + "session.logged"
SESSION_REVIEWED = PREFIX + "session.reviewed"
ACTION_ITEM_COMPLETED = PREFIX + "action_item.completed"
ACTION_ITEM_REOPENED = PREFIX + "action_item.reopened"
ASSESSMENT_SAVED = PREFIX + "assessment.saved"
ASSESSMENT_SUBMITTED = PREFIX + "assessment.submitted"
INVITE_CREATED = PREFIX + "invite.created"
INVITE_REDEEMED = PREFIX + "invite.redeemed"
PAIR_CREATED = PREFIX + "pair.created"
PAIRS_IMPORTED = PREFIX + "pairs.imported"
PAIR_ENDED = PREFIX + "pair.ended"
PAIR_REASSIGNED = PREFIX + "pair.reassigned"
SESSION_PLANNED = PREFIX + "session.planned"
SESSION_RESCHEDULED = PREFIX + "session.rescheduled"
SESSION_CANCELLED = PREFIX + "session.cancelled"
REMINDERS_CHANGED = PREFIX + "reminders.changed"

NAMES = (
    AGREEMENT_SAVED,
    AGREEMENT_SIGNED,
    GOAL_ADDED,
    GOAL_EDITED,
    GOAL_PROGRESSED,
    SESSION_LOGGED,
    SESSION_REVIEWED,
    ACTION_ITEM_COMPLETED,
    ACTION_ITEM_REOPENED,
    ASSESSMENT_SAVED,
    ASSESSMENT_SUBMITTED,
    INVITE_CREATED,
    INVITE_REDEEMED,
    PAIR_CREATED,
    PAIRS_IMPORTED,
    PAIR_ENDED,
    PAIR_REASSIGNED,
    SESSION_PLANNED,
    SESSION_RESCHEDULED,
    SESSION_CANCELLED,
    REMINDERS_CHANGED,
)


# -- the fields of each handler's event, from its request and its answer -------------------------------
# Each builder gets the request's JSON (already accepted: the write succeeded) and the handler's
# answer, and returns (name, fields) without the ``block_id`` every event carries.


def _member(answer):
    """The pair and the caller's role in it, from a member's write's answer."""
    return {"pair_id": answer["pair_id"], "role": answer["workspace"]["role"]}


def _agreement_saved(data, answer):
    return AGREEMENT_SAVED, {**_member(answer), "version": answer["agreement"]["version"]}


def _agreement_signed(data, answer):
    agreement = answer["agreement"]
    signed = sorted(agreement["signed"])
    return AGREEMENT_SIGNED, {
        **_member(answer),
        "version": agreement["version"],
        "signed_roles": signed,
        "fully_signed": signed == ["mentee", "mentor"],
    }


def _goal(answer):
    goal = answer["goal"]
    return {**_member(answer), "goal_id": goal["id"], "status": goal["status"], "areas": list(goal["areas"])}


def _goal_added(data, answer):
    return GOAL_ADDED, _goal(answer)


def _goal_edited(data, answer):
    return GOAL_EDITED, {**_goal(answer), "version": answer["goal"]["version"]}


def _goal_progressed(data, answer):
    goal = answer["goal"]
    return GOAL_PROGRESSED, {**_member(answer), "goal_id": goal["id"], "value": goal["latest"]}


def _session_logged(data, answer):
    session = answer["session"]
    return SESSION_LOGGED, {
        **_member(answer),
        "session_id": session["id"],
        "held_on": session["held_on"],
        "minutes": session["minutes"],
        "session_format": data.get("session_format"),
        "agenda_items": len(session["agenda"]),
        "action_items": len(session["actions"]),
    }


def _session_reviewed(data, answer):
    session = answer["session"]
    return SESSION_REVIEWED, {**_member(answer), "session_id": session["id"], "decision": session["confirmation"]}


def _action_marked(data, answer):
    item = answer["action"] or {}
    name = ACTION_ITEM_REOPENED if item.get("open") else ACTION_ITEM_COMPLETED
    return name, {
        **_member(answer),
        "action_item_id": item.get("id"),
        "session_id": item.get("session_id"),
        "owner": item.get("owner"),
    }


def _assessment(name):
    def build(data, answer):
        assessment = answer["assessment"]
        ratings = assessment.get("ratings") or {}
        return name, {
            **_member(answer),
            "round": assessment["round"],
            "rater": assessment["rater"],
            "areas_rated": sum(1 for value in ratings.values() if value is not None),
        }

    return build


def _reminders_changed(data, answer):
    return REMINDERS_CHANGED, {"on": answer["reminders"]["on"]}


def _invite_created(data, answer):
    invite = answer["invite"]  # never the code itself: it lets anyone who reads it pair up
    return INVITE_CREATED, {"role": invite["role"], "expires_at": invite["expires_at"]}


def _invite_redeemed(data, answer):
    return INVITE_REDEEMED, {"pair_id": answer["pair_id"]}


def _staff_pair(name, **extra):
    def build(data, answer):
        pair = answer["pair"]
        fields = {"pair_id": pair["id"], "role": "staff", "formed_by": pair["formed_by"]}
        return name, {**fields, **{key: get(data) for key, get in extra.items()}}

    return build


def _pairs_imported(data, answer):
    report = answer["report"]
    created = [row["pair_id"] for row in report if row.get("outcome") == "created" and row.get("pair_id")]
    return PAIRS_IMPORTED, {
        "role": "staff",
        "rows": len(report),
        "created": len(created),
        "refused": len(report) - len(created),
        "pair_ids": created,
    }


def _pair_ended(data, answer):
    return PAIR_ENDED, {"pair_id": answer["pair"]["id"], "role": "staff"}  # the reason is free text: left out


def _planned(name):
    def build(data, answer):
        planned = answer["planned"]  # the reason and the note are free text: left out
        fields = {**_member(answer), "planned_session_id": planned["id"], "sequence": planned["sequence"]}
        if name != SESSION_CANCELLED:
            fields.update({key: planned[key] for key in ("starts_at", "minutes", "agenda_items")})
        if name == SESSION_PLANNED:
            fields["sessions"] = planned["sessions"]
        return name, fields

    return build


BUILDERS = {
    "agreement_save": _agreement_saved,
    "agreement_sign": _agreement_signed,
    "goal_add": _goal_added,
    "goal_edit": _goal_edited,
    "goal_progress": _goal_progressed,
    "session_log": _session_logged,
    "session_review": _session_reviewed,
    "action_done": _action_marked,
    "assessment_save": _assessment(ASSESSMENT_SAVED),
    "assessment_submit": _assessment(ASSESSMENT_SUBMITTED),
    "invite_create": _invite_created,
    "invite_redeem": _invite_redeemed,
    "staff_add_pair": _staff_pair(PAIR_CREATED),
    "staff_import_pairs": _pairs_imported,
    "staff_end_pair": _pair_ended,
    "staff_reassign": _staff_pair(PAIR_REASSIGNED, previous_pair_id=lambda data: _int_or_none(data.get("pair_id"))),
    "session_plan": _planned(SESSION_PLANNED),
    "session_reschedule": _planned(SESSION_RESCHEDULED),
    "session_cancel": _planned(SESSION_CANCELLED),
    "reminders_set": _reminders_changed,
}


def _int_or_none(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def event_of(block, handler, data, answer):
    """The ``(name, fields)`` of the event a successful ``handler`` call publishes, or None for a
    handler that publishes none (reads, and the Studio editor's save, which is authoring)."""
    build = BUILDERS.get(handler)
    if build is None:
        return None
    name, fields = build(data, answer)
    return name, {"block_id": str(block.scope_ids.usage_id), **fields}


def after_commit(block, handler, data, answer):
    """Publish ``handler``'s event once the transaction the call runs in commits (at once outside
    one); returns ``answer``. A rolled-back write drops it with the transaction.

    Publishing never fails the request: the write is already stored, so an error of the
    runtime's tracker is logged (``on_commit(..., robust=True)``).
    """
    event = event_of(block, handler, data, answer)
    if event is not None:
        transaction.on_commit(functools.partial(publish, block, *event), robust=True)
    return answer


def publish(block, name, fields):
    """Send one event through the runtime (see the module's docstring for where it goes)."""
    block.runtime.publish(block, name, fields)
