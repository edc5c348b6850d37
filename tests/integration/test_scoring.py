"""Completion and the participation score, as the runtime receives them."""

import pytest
from workbench.runtime import WorkbenchRuntime
from xblock.completable import XBlockCompletionMode

from mentoring_xblock.models import Pair, Participant
from mentoring_xblock.pairs import tracking

from ..conftest import load_block
from .helpers import act, load_demo, visit

pytestmark = pytest.mark.django_db

AGREEMENT = {"cadence": "Weekly", "session_minutes": 30, "session_format": "video", "channels": "Email"}


@pytest.fixture
def published(monkeypatch, workbench):
    """Every event the runtime publishes: (user, event type, data)."""
    events = []
    original = WorkbenchRuntime.publish

    def record(runtime, block, event_type, event_data):
        events.append((block.scope_ids.user_id, event_type, dict(event_data)))
        return original(runtime, block, event_type, event_data)

    monkeypatch.setattr(WorkbenchRuntime, "publish", record)
    load_demo()
    return events


def progress_events(events, user):
    return [(kind, data) for who, kind, data in events if who == user and kind in ("completion", "grade")]


def sign_agreement(pair):
    assert act("mentor", "agreement_save", {"pair_id": pair.pk, "version": 0, **AGREEMENT})[0] == 200
    for student in ("mentor", "mentee1"):
        assert act(student, "agreement_sign", {"pair_id": pair.pk, "version": 1})[0] == 200


def test_the_block_is_completable_and_scored_out_of_one_weighted_by_the_author(workbench):
    block = load_block(student="mentee1")
    assert block.completion_mode == XBlockCompletionMode.COMPLETABLE
    assert block.has_score is True and block.max_score() == 1
    assert block.weight == 1.0


def test_each_write_publishes_the_actors_completion_and_score(published):
    pair = Pair.objects.get(mentee__username="mentee1")
    sign_agreement(pair)
    # The demo unit's checklist has six requirements; a signed agreement meets one of them.
    share = pytest.approx(1 / 6)
    assert progress_events(published, "mentee1")[-2:] == [
        ("completion", {"completion": share}),
        ("grade", {"value": share, "max_value": 1.0}),
    ]
    pair.refresh_from_db()
    assert pair.progress == share and pair.stage == Pair.IN_PROGRESS


def test_the_partner_is_credited_through_the_completion_service_where_there_is_one(published, monkeypatch):
    credited = []

    class CompletionService:
        def submit_group_completion(self, block_key, completion, users=None, user_ids=None):
            credited.append((str(block_key), completion, user_ids))

    original = WorkbenchRuntime.service

    def service(runtime, block, name):
        return CompletionService() if name == "completion" else original(runtime, block, name)

    monkeypatch.setattr(WorkbenchRuntime, "service", service)
    pair = Pair.objects.select_related("mentor").get(mentee__username="mentee1")
    for statement in ("Ship a report", "Present it"):  # the demo unit asks for two goals
        goal = {"pair_id": pair.pk, "statement": statement, "measure": "Done", "target_date": "2099-01-01"}
        assert act("mentee1", "goal_add", goal)[0] == 200
        if statement == "Ship a report":
            assert credited == []  # one goal of two changes nobody's progress: nothing to publish
    block_key, completion, user_ids = credited[-1]
    assert user_ids == [pair.mentor.user_id] and pair.mentor.user_id is not None
    # The mentor has two mentees: their progress is the mean over both pairs.
    assert completion == pytest.approx(tracking.participant_progress(pair.mentor))
    assert block_key == pair.usage_key


def test_without_a_completion_service_the_partner_is_credited_at_their_next_visit(published, client):
    pair = Pair.objects.get(mentee__username="mentee1")
    visit(client, "mentee1")
    before = progress_events(published, "mentee1")
    assert before[-1] == ("grade", {"value": 0.0, "max_value": 1.0})
    sign_agreement(pair)  # the mentor saves; both sign
    for statement in ("Ship a report", "Present it"):  # the demo unit asks for two goals
        goal = {"pair_id": pair.pk, "statement": statement, "measure": "Done", "target_date": "2099-01-01"}
        assert act("mentor", "goal_add", goal)[0] == 200
    visit(client, "mentee1")
    share = Pair.objects.get(pk=pair.pk).progress
    assert share == pytest.approx(2 / 6)
    assert progress_events(published, "mentee1")[-1] == ("grade", {"value": pytest.approx(share), "max_value": 1.0})
    # An unchanged visit publishes nothing new.
    count = len(progress_events(published, "mentee1"))
    visit(client, "mentee1")
    assert len(progress_events(published, "mentee1")) == count


def test_every_visitor_gets_the_per_user_state_the_report_iterates_over(published, client):
    visit(client, "newcomer")
    assert Participant.objects.filter(username="newcomer").exists()
    assert load_block(student="newcomer").published_progress == 0.0
    assert load_block(student="somebody-else").published_progress is None


def test_staff_visits_publish_nothing(published, client):
    visit(client, "staff")
    assert progress_events(published, "staff") == []
