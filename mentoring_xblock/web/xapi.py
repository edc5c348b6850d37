"""xAPI statements of the block's tracking events, for Open edX Aspects.

``event-routing-backends`` (the platform's router to learning record stores, which Aspects reads)
transforms an event only if a transformer is registered for its name: its registry
(event_routing_backends/processors/xapi/registry.py, ``XApiTransformersRegistry.register``) maps
an event name to an ``XApiTransformer`` subclass, the way the library's own
processors/xapi/event_transformers/ modules do for the platform's events. :func:`register` adds
one for each of :data:`events.NAMES`; the app's ``ready()`` calls it where the library is an
installed app (it is optional for operators).

A statement's actor is the user who acted (the event's context, as for every platform event), its
verb one of the table below, its object the thing written, named under the unit's xblock IRI
(``{LMS_ROOT_URL}/xblock/{usage key}/pair/{id}/goal/{id}``), and the event's fields travel whole in
one context extension (:data:`EXTENSION`): ids, roles, counts, never a learner's words.
"""

from event_routing_backends.processors.xapi import constants
from event_routing_backends.processors.xapi.registry import XApiTransformersRegistry
from event_routing_backends.processors.xapi.transformer import XApiTransformer
from tincan import Activity, ActivityDefinition, Extensions, LanguageMap, Result, Verb

from . import events

# The context extension that carries the event's fields (an IRI of the block's own, a URN: no
# profile owns it).
EXTENSION = "urn:openedx:mentoring-xblock:event"

CREATED = ("https://w3id.org/xapi/dod-isd/verbs/created", "created")
EDITED = (constants.XAPI_VERB_EDITED, constants.EDITED)
AGREED = ("http://activitystrea.ms/schema/1.0/agree", "agreed")
PROGRESSED = (constants.XAPI_VERB_PROGRESSED, constants.PROGRESSED)
ATTENDED = ("http://adlnet.gov/expapi/verbs/attended", "attended")
EVALUATED = (constants.XAPI_VERB_EVALUATED, constants.EVALUATED)
COMPLETED = (constants.XAPI_VERB_COMPLETED, constants.COMPLETED)
SUBMITTED = ("http://activitystrea.ms/schema/1.0/submit", "submitted")
REGISTERED = (constants.XAPI_VERB_REGISTERED, constants.REGISTERED)
TERMINATED = (constants.XAPI_VERB_TERMINATED, constants.TERMINATED)
SCHEDULED = ("https://w3id.org/xapi/acrossx/verbs/scheduled", "scheduled")
CANCELLED = ("http://activitystrea.ms/schema/1.0/cancel", "cancelled")

RESOURCE = constants.XAPI_ACTIVITY_RESOURCE
MEETING = "http://adlnet.gov/expapi/activities/meeting"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"


def _pair(data):
    return f"pair/{data['pair_id']}"


def _in_pair(kind, key):
    return lambda data: f"{_pair(data)}/{kind}/{data[key]}"


def _progress(data):
    return Result(extensions=Extensions({constants.XAPI_ACTIVITY_PROGRESS: data.get("value")}))


def _minutes(data):
    return Result(duration=f"PT{int(data.get('minutes') or 0)}M")


def _decision(data):
    return Result(success=data.get("decision") == "confirmed")


def _done(done):
    return lambda data: Result(completion=done)


# event name: (verb, what the object is under the unit, its activity type, the result or None)
STATEMENTS = {
    events.AGREEMENT_SAVED: (EDITED, lambda d: f"{_pair(d)}/agreement", RESOURCE, None),
    events.AGREEMENT_SIGNED: (AGREED, lambda d: f"{_pair(d)}/agreement", RESOURCE, None),
    events.GOAL_ADDED: (CREATED, _in_pair("goal", "goal_id"), RESOURCE, None),
    events.GOAL_EDITED: (EDITED, _in_pair("goal", "goal_id"), RESOURCE, None),
    events.GOAL_PROGRESSED: (PROGRESSED, _in_pair("goal", "goal_id"), RESOURCE, _progress),
    events.SESSION_LOGGED: (ATTENDED, _in_pair("session", "session_id"), MEETING, _minutes),
    events.SESSION_REVIEWED: (EVALUATED, _in_pair("session", "session_id"), MEETING, _decision),
    events.ACTION_ITEM_COMPLETED: (COMPLETED, _in_pair("action_item", "action_item_id"), RESOURCE, _done(True)),
    events.ACTION_ITEM_REOPENED: (EDITED, _in_pair("action_item", "action_item_id"), RESOURCE, _done(False)),
    events.ASSESSMENT_SAVED: (EDITED, lambda d: f"{_pair(d)}/assessment/{d['round']}/{d['rater']}", ASSESSMENT, None),
    events.ASSESSMENT_SUBMITTED: (
        SUBMITTED,
        lambda d: f"{_pair(d)}/assessment/{d['round']}/{d['rater']}",
        ASSESSMENT,
        None,
    ),
    events.INVITE_CREATED: (CREATED, lambda d: f"invite/{d['role']}", RESOURCE, None),
    events.INVITE_REDEEMED: (REGISTERED, _pair, RESOURCE, None),
    events.PAIR_CREATED: (CREATED, _pair, RESOURCE, None),
    events.PAIRS_IMPORTED: (CREATED, lambda d: "pairs", RESOURCE, None),
    events.PAIR_ENDED: (TERMINATED, _pair, RESOURCE, None),
    events.PAIR_REASSIGNED: (CREATED, _pair, RESOURCE, None),
    events.SESSION_PLANNED: (SCHEDULED, _in_pair("planned_session", "planned_session_id"), MEETING, None),
    events.SESSION_RESCHEDULED: (SCHEDULED, _in_pair("planned_session", "planned_session_id"), MEETING, None),
    events.SESSION_CANCELLED: (CANCELLED, _in_pair("planned_session", "planned_session_id"), MEETING, None),
    events.REMINDERS_CHANGED: (EDITED, lambda d: "reminders", RESOURCE, None),
}


class MentoringTransformer(XApiTransformer):
    """The statement of one of the block's events; each event name gets a subclass that sets
    :attr:`statement` (its row of :data:`STATEMENTS`)."""

    statement = None
    additional_fields = ("result",)

    @property
    def _verb(self):
        (iri, display), *_rest = self.statement
        return Verb(id=iri, display=LanguageMap({constants.EN: display}))

    def get_object(self):
        _verb, path, kind, _result = self.statement
        data = self.get_data("data", True)
        unit = self.get_object_iri("xblock", data["block_id"])
        return Activity(id=f"{unit}/{path(data)}", definition=ActivityDefinition(type=kind))

    def get_result(self):
        *_rest, result = self.statement
        return result(self.get_data("data", True)) if result else None

    def get_context_extensions(self):
        extensions = super().get_context_extensions()
        extensions[EXTENSION] = dict(self.get_data("data", True))
        return extensions


def transformer_for(name):
    """The transformer class of the event ``name``."""
    suffix = "".join(part.title() for part in name[len(events.PREFIX) :].replace("_", ".").split("."))
    return type(f"Mentoring{suffix}Transformer", (MentoringTransformer,), {"statement": STATEMENTS[name]})


def register():
    """Register a transformer for every event of the block (again: the same classes' names)."""
    for name in events.NAMES:
        XApiTransformersRegistry.register(name)(transformer_for(name))
