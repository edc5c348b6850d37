"""The world the authorization and fuzz tests share, and the ordinary request of every handler.

The demo unit (``mentorship.0``, pairing mode "both", mentor capacity 3) after ``load_demo``. The
*target* pair is Maya Ortiz (``mentor``) mentoring Sam Lee (``mentee1``); it has an agreement
(version 1, saved by the mentor), a goal, a session logged by the mentee and still waiting for the
mentor's confirmation, an open action item, and the mentee's submitted needs assessment (so the
mid-point round is open). Maya also mentors Noor Haddad (``mentee2``): that pair has its own goal,
agreement and session. ``coach`` mentors ``mentee3`` in the same unit (with a goal); ``learner``
opened the unit but is unpaired; ``ext_mentor`` mentors ``ext_mentee`` in another unit
(``mentorship.1``, with a goal) and never opened this one; ``inviter`` created an invite code in
which they are the mentor.
"""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from mentoring_xblock.models import Pair

from ..conftest import DEFAULT, load_block
from .helpers import act, load_demo, ok, visit

# What only the target pair's members (and staff) may read.
PARTNER_NAMES = ("Maya Ortiz", "Sam Lee")
GOAL_TEXT = "Lead the quarterly churn analysis on my own"
NOTES_TEXT = "Talked through my worries about the reorganisation"
BOUNDARIES_TEXT = "Nothing about salaries, please"
ACTION_TEXT = "Send Maya the draft churn query"
NEEDS_TEXT = "I want to lead the churn analysis before the reorganisation"
PLAN_NOTE = "Bring the churn query printed out"
SECRETS = (*PARTNER_NAMES, GOAL_TEXT, NOTES_TEXT, BOUNDARIES_TEXT, ACTION_TEXT, NEEDS_TEXT, PLAN_NOTE)
# The texts of the other pairs, and who belongs to them.
NOOR_TEXTS = ("Present the survey results to the board", "We rehearsed the board talk twice", "No calls on Fridays")
COACH_TEXTS = ("Ship the first dashboard to the sales team",)
TEXTS_OF = {
    "target": (GOAL_TEXT, NOTES_TEXT, BOUNDARIES_TEXT, ACTION_TEXT, NEEDS_TEXT, PLAN_NOTE),
    "noor": NOOR_TEXTS,
    "coach": COACH_TEXTS,
}
MEMBERS_OF = {"target": {"mentor", "mentee1"}, "noor": {"mentor", "mentee2"}, "coach": {"coach", "mentee3"}}


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
    planned: int
    # Objects of the other pairs, whose ids must not work through the target pair.
    others: dict

    @property
    def missing_pair(self):
        return Pair.objects.order_by("-pk").values_list("pk", flat=True).first() + 1000


def build_world(client):
    """Load the demo and give its pairs their records (see the module's docstring)."""
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
    noor_goal = ok(act("mentee2", "goal_add", goal_data(noor.pk, NOOR_TEXTS[0])))["goal"]["id"]
    noor_session = ok(act("mentor", "session_log", session_data(noor.pk, today, *NOOR_TEXTS[1:3])))["session"]
    coach_goal = ok(act("coach", "goal_add", goal_data(coach_pair, COACH_TEXTS[0])))["goal"]["id"]
    ext_goal = goal_data(ext_pair["pair"]["id"], "Another unit's goal", areas=["skills"])
    ext_goal = ok(act("ext_mentee", "goal_add", ext_goal, DEFAULT))
    code = ok(act("inviter", "invite_create", {"role": "mentor"}))["invite"]["code"]
    planned = ok(act("mentee1", "session_plan", plan_data(pair.pk, note=PLAN_NOTE)))["planned"]["id"]
    noor_planned = ok(act("mentor", "session_plan", plan_data(noor.pk)))["planned"]["id"]
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
        planned=planned,
        others={
            "goal": [noor_goal, coach_goal, ext_goal["goal"]["id"]],
            "session": [noor_session["id"]],
            "action": [noor_session["actions"][0]["id"]],
            "planned": [noor_planned],
        },
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


def session_data(pair_id, held_on, notes, action=ACTION_TEXT):
    return {
        "pair_id": pair_id,
        "held_on": held_on,
        "minutes": 45,
        "session_format": "video",
        "agenda_items": ["kickoff"],
        "notes": notes,
        "action_items": [{"text": action, "owner": "mentee", "due_on": ""}],
    }


def plan_data(pair_id, days=7, time="18:30", **extra):
    """A session planned ``days`` from today at ``time`` (in the planner's zone: UTC here)."""
    return {
        "pair_id": pair_id,
        "date": (timezone.localdate() + datetime.timedelta(days=days)).isoformat(),
        "time": time,
        "minutes": 45,
        "session_format": "video",
        "location": "https://meet.example.org/maya-sam",
        "agenda_items": ["kickoff", "needs"],
        "note": "",
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
    "staff_preview_pairs": lambda w: {"csv": "mentor;mentee\ncoach;learner\n"},
    "staff_end_pair": lambda w: {"pair_id": w.pair, "reason": "The mentor left the company"},
    "staff_reassign": lambda w: {"pair_id": w.pair, "mentor": "coach"},
    "staff_export": lambda w: {"filter": "all"},
    "staff_outcomes": lambda w: {},
    "session_plan": lambda w: plan_data(w.pair, days=14, note="The second one"),
    "session_reschedule": lambda w: {
        **plan_data(w.pair, days=9, time="08:15"),
        "planned_id": w.planned,
        "reason": "A deadline moved",
    },
    "session_cancel": lambda w: {"pair_id": w.pair, "planned_id": w.planned, "reason": "Both of us are away"},
    "session_invite": lambda w: {"pair_id": w.pair, "planned_id": w.planned},
    "reminders_set": lambda w: {"on": False},
}
