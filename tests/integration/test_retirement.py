"""When Open edX retires a user, the platform's USER_RETIRE_LMS_MISC signal reaches our receiver
through the plugin machinery (edx-django-utils), which erases the user's names and words while
the partner's records stay whole. Without Open edX nothing is connected."""

import importlib.util
import json
import sys
import types

import pytest
from django.contrib.auth import get_user_model
from django.dispatch import Signal
from django.utils import translation
from edx_django_utils.plugins import connect_plugin_receivers

from mentoring_xblock import apps
from mentoring_xblock.models import (
    ActionItem,
    AgreementSignature,
    Assessment,
    Goal,
    GoalUpdate,
    HandledRequest,
    Pair,
    Participant,
    Session,
    StaffAccess,
)
from mentoring_xblock.pairs import retirement

from .helpers import MENTORING_MODELS, act, load_demo, ok, snapshot
from .world import plan_data

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("this_plugin_only")]

AREAS = {"sql": "2", "storytelling": "3", "stakeholders": "2", "career": "4"}
QUESTIONS = ["improvement", "new-technique", "impact", "satisfaction", "recommend"]
GOAL = {"target_date": "2099-01-31", "areas": ["sql"]}


@pytest.fixture
def retirement_signal():
    """The platform's signal, at its real import path, as the LMS defines it: a plain Signal in
    ``openedx.core.djangoapps.user_api.accounts.signals`` (the platform itself is not installed)."""
    module_path, name = apps.RETIREMENT_SIGNAL.rsplit(".", 1)
    parts = module_path.split(".")
    created = []
    for depth in range(1, len(parts) + 1):
        package = ".".join(parts[:depth])
        if package not in sys.modules:
            sys.modules[package] = types.ModuleType(package)
            created.append(package)
    signal = Signal()
    setattr(sys.modules[module_path], name, signal)
    yield signal
    for package in reversed(created):
        del sys.modules[package]


def story(pair):
    """Maya (``mentor``) and Sam (``mentee1``) work together; every text Sam writes says SAM-…"""
    pid = {"pair_id": pair.pk}
    ok(
        act(
            "mentor",
            "agreement_save",
            {
                **pid,
                "version": 0,
                "cadence": "Monthly",
                "session_minutes": 45,
                "session_format": "video",
                "channels": "sam@example.com, Maya's phone",
                "boundaries": "No weekends",
                "mentee_expectations": "SAM-EXPECTS",
                "mentee_brings": "SAM-BRINGS",
                "mentor_brings": "MAYA-BRINGS",
            },
        )
    )
    for student in ("mentor", "mentee1"):
        ok(act(student, "agreement_sign", {**pid, "version": 1}))
    sams = ok(
        act(
            "mentee1",
            "goal_add",
            {
                **pid,
                "statement": "SAM-GOAL",
                "why": "SAM-WHY",
                "measure": "SAM-MEASURE",
                **GOAL,
                "request_id": "sam-goal1",
            },
        )
    )["goal"]
    # As the page sends them, with a request id: the answers kept for a repeat hold Sam's words.
    mayas = {**pid, "statement": "MAYA-GOAL", "measure": "MAYA-MEASURE", **GOAL, "request_id": "maya-goal"}
    mayas = ok(act("mentor", "goal_add", mayas))["goal"]
    ok(act("mentee1", "goal_progress", {**pid, "goal_id": mayas["id"], "value": 20, "note": "SAM-NOTE"}))
    ok(act("mentor", "goal_progress", {**pid, "goal_id": sams["id"], "value": 30, "note": "MAYA-NOTE"}))
    held = {
        "held_on": pair.started_on.isoformat(),
        "minutes": 60,
        "session_format": "video",
        "agenda_items": ["kickoff"],
    }
    logged = ok(
        act(
            "mentee1",
            "session_log",
            {
                **pid,
                **held,
                "notes": "SAM-SESSION",
                "review": {"useful": "SAM-USEFUL"},
                "action_items": [{"text": "SAM-ACTION", "owner": "mentee"}],
            },
        )
    )
    ok(act("mentor", "session_review", {**pid, "session_id": logged["session"]["id"], "decision": "confirm"}))
    logged = ok(
        act(
            "mentor",
            "session_log",
            {**pid, **held, "notes": "MAYA-SESSION", "action_items": [{"text": "MAYA-ACTION", "owner": "mentor"}]},
        )
    )
    ok(
        act(
            "mentee1",
            "session_review",
            {**pid, "session_id": logged["session"]["id"], "decision": "dispute", "note": "SAM-DISPUTE"},
        )
    )
    ok(
        act(
            "mentee1",
            "assessment_submit",
            {
                **pid,
                "round": "baseline",
                "why_now": "SAM-WHY-NOW",
                "outcome": "SAM-OUTCOME",
                "time_available": "SAM-TIME",
                "swot": {"strengths": "SAM-STRENGTH"},
                "ratings": AREAS,
            },
        )
    )
    for student, who in (("mentee1", "SAM"), ("mentor", "MAYA")):
        ok(
            act(
                student,
                "assessment_submit",
                {
                    **pid,
                    "round": "final",
                    "ratings": AREAS,
                    "comment": f"{who}-COMMENT",
                    "answers": dict.fromkeys(QUESTIONS, f"{who}-ANSWER"),
                },
            )
        )
    ok(act("staff", "workspace_state", pid))  # the staff drill-down, recorded for the pair
    # Each plans a session; Maya moves Sam's, saying why.
    sams = ok(act("mentee1", "session_plan", plan_data(pair.pk, note="SAM-PLAN", location="SAM-PLACE")))
    ok(act("mentor", "session_plan", plan_data(pair.pk, days=9, note="MAYA-PLAN")))
    moved = {**plan_data(pair.pk, days=8, note="SAM-PLAN", location="SAM-PLACE"), "reason": "SAM-ASKED"}
    ok(act("mentor", "session_reschedule", {**moved, "planned_id": sams["planned"]["id"]}))


def everything():
    """Every row the package stores, as text."""
    return json.dumps(snapshot((*MENTORING_MODELS, StaffAccess, HandledRequest)), default=str, ensure_ascii=False)


def counts(pair):
    pair.refresh_from_db()
    return {
        "goals": Goal.objects.filter(pair=pair).count(),
        "updates": GoalUpdate.objects.filter(goal__pair=pair).count(),
        "sessions": sorted(Session.objects.filter(pair=pair).values_list("confirmation", flat=True)),
        "actions": ActionItem.objects.filter(pair=pair).count(),
        "submitted": Assessment.objects.filter(pair=pair, submitted_at__isnull=False).count(),
        "ratings": sorted(str(a.ratings) for a in Assessment.objects.filter(pair=pair)),
        "signatures": AgreementSignature.objects.filter(agreement__pair=pair).count(),
        "standing": (pair.status, pair.stage, pair.progress, pair.sessions_confirmed, pair.minutes_confirmed),
    }


@pytest.fixture
def demo(workbench):
    load_demo()
    return Pair.objects.get(mentee__username="mentee1", status=Pair.ACTIVE)


def test_the_platforms_retirement_signal_erases_the_users_names_and_words_and_keeps_the_partners(
    demo, retirement_signal
):
    story(demo)
    before = counts(demo)
    assert "SAM-" in everything() and "Sam Lee" in everything()
    assert "SAM-GOAL" in "".join(HandledRequest.objects.values_list("answer", flat=True))

    connect_plugin_receivers("lms.djangoapp")  # what the LMS does at start-up, for every plugin app
    retirement_signal.send(sender=None, user=get_user_model().objects.get(username="mentee1"))

    stored = everything()
    assert "SAM-" not in stored  # none of Sam's words, anywhere
    assert "Sam Lee" not in stored and "mentee1" not in stored and "sam@example.com" not in stored
    for words in (
        "MAYA-BRINGS",
        "MAYA-GOAL",
        "MAYA-MEASURE",
        "MAYA-NOTE",
        "MAYA-SESSION",
        "MAYA-ACTION",
        "MAYA-COMMENT",
        "MAYA-ANSWER",
        "MAYA-PLAN",
        "No weekends",
        "Monthly",
    ):
        assert words in stored, words
    assert counts(demo) == before  # the same records, confirmations, ratings, signatures and standing

    sam = Participant.objects.get(pk=demo.mentee_id)
    assert sam.username.startswith("retired-") and sam.anonymous_id.startswith("retired-")
    assert (sam.display_name, sam.user_id) == ("", None)
    assert sam.retired_at is not None

    # Maya still works in the pairing; it shows her words and a former participant as partner.
    body = ok(act("mentor", "workspace_state", {"pair_id": demo.pk}))
    assert "Your partner: A former participant (Mentee)" in body["html"]
    assert "MAYA-GOAL" in body["html"] and "SAM-" not in body["html"]
    assert body["workspace"]["sessions_confirmed"] == 1
    staff_panel = ok(act("staff", "staff_pairs", {}))["html"]
    assert "mentee1" not in staff_panel and "Sam Lee" not in staff_panel


def test_retiring_a_staff_member_removes_their_name_from_what_pairs_see(demo, retirement_signal):
    ok(act("staff", "workspace_state", {"pair_id": demo.pk}))
    assert StaffAccess.objects.get().username == "staff"
    connect_plugin_receivers("lms.djangoapp")
    retirement_signal.send(sender=None, user=get_user_model().objects.get(username="staff"))
    access = StaffAccess.objects.get()
    assert access.username.startswith("retired-") and access.display_name == ""
    shown = ok(act("mentee1", "workspace_state", {"pair_id": demo.pk}))["workspace"]["staff_views"]
    assert [view["name"] for view in shown] == [access.username]


def test_a_user_with_no_mentoring_records_changes_nothing(demo):
    before = snapshot()
    assert retirement.erase(get_user_model().objects.create(username="never-here")) == 0
    assert snapshot() == before


def test_without_open_edx_the_receiver_is_not_connected(retirement_signal):
    # Only the LMS runs retirement: the plugin registers the receiver there, on the platform's signal.
    receivers = apps.MentoringConfig.plugin_app["signals_config"]
    assert list(receivers) == ["lms.djangoapp"]
    assert receivers["lms.djangoapp"]["receivers"][0]["signal_path"] == (
        "openedx.core.djangoapps.user_api.accounts.signals.USER_RETIRE_LMS_MISC"
    )
    # Here (the workbench) the platform is absent and nothing connected our receiver: the signal
    # defined by the fixture has no receiver until the platform's plugin machinery runs.
    del sys.modules["openedx"]
    assert importlib.util.find_spec("openedx") is None
    sys.modules["openedx"] = types.ModuleType("openedx")
    assert not retirement_signal.has_listeners()
    connect_plugin_receivers("lms.djangoapp")
    assert retirement_signal.has_listeners()


def test_the_partner_reads_what_was_erased_as_removed_in_their_own_language(demo, retirement_signal):
    story(demo)
    connect_plugin_receivers("lms.djangoapp")
    retirement_signal.send(sender=None, user=get_user_model().objects.get(username="mentee1"))

    english = ok(act("mentor", "workspace_state", {"pair_id": demo.pk}))
    with translation.override("es"):
        spanish = ok(act("mentor", "workspace_state", {"pair_id": demo.pk}))
    assert "[removed]" in english["html"]
    assert "[eliminado]" in spanish["html"] and "[removed]" not in spanish["html"]
    # Every erased text in the data too: agreement, goals, progress notes, sessions and their
    # reviews, dispute notes, action items, assessments.
    erased = json.dumps(english["workspace"]).count('"[removed]"')
    assert erased >= 12
    assert json.dumps(spanish["workspace"]).count('"[eliminado]"') == erased


def test_retiring_the_staff_member_who_ended_a_pairing_removes_their_name_from_it(demo, retirement_signal):
    ok(act("staff", "staff_end_pair", {"pair_id": demo.pk, "reason": "Moved"}))
    demo.refresh_from_db()
    assert demo.ended_by_username == "staff"
    connect_plugin_receivers("lms.djangoapp")
    retirement_signal.send(sender=None, user=get_user_model().objects.get(username="staff"))
    demo.refresh_from_db()
    assert (demo.ended_by_user_id, demo.ended_by_username, demo.ended_by_name) == (None, "", "")
    assert demo.end_reason == "Moved"
