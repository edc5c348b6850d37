"""Course staff viewing the course as a learner change nothing, and are told so.

In the LMS (lms/djangoapps/courseware/masquerade.py, ``setup_masquerade``) the block is bound to
the learner staff chose; the platform's publish service then ignores grade and completion events
(xmodule/services.py, ``EventPublishingService.publish``), but a block that keeps its records in
its own tables must itself refuse to write.
"""

import pytest

from mentoring_xblock.models import Goal, MentoringUnit, Pair, Participant

from .conftest import pair_before_first_visit
from .story import goal

WRITES = {
    "goal_add": lambda pair_id: goal(pair_id),
    "agreement_save": lambda pair_id: {"pair_id": pair_id, "version": 0, "cadence": "Weekly"},
    "session_log": lambda pair_id: {
        "pair_id": pair_id, "held_on": "2026-11-30", "minutes": 30, "session_format": "video",
        "agenda_items": ["kickoff"], "notes": "First talk",
    },
}  # fmt: skip


@pytest.fixture
def pair(lms):
    pair_id = pair_before_first_visit(lms)
    assert lms.call("bruno", "goal_add", goal(pair_id))[0] == 200
    return Pair.objects.get(pk=pair_id)


def rows():
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (Participant, Pair, Goal, MentoringUnit)
    }


def test_staff_viewing_as_a_learner_see_their_page_and_change_nothing(lms, pair):
    before, completion, score = rows(), lms.completion("bruno"), lms.score("bruno")
    state = dict(lms.state.kvs.db_dict)
    lms.masquerade("dana", "bruno")
    page = lms.render("dana")
    assert "You are viewing this unit as Bruno Costa" in page
    assert "Maya Ortiz" in page and 'data-fold="goals"' in page  # Bruno's own workspace
    # Its closed sections open as they do for Bruno (a read, allowed while viewing as him).
    status, body = lms.call("dana", "workspace_state", {"pair_id": pair.pk, "sections": ["goals"]})
    assert status == 200, body
    assert "Lead the quarterly churn analysis on my own" in body["sections"]["goals"]
    # No visit, no unit bookkeeping, no completion, no score and no user state written.
    assert rows() == before
    assert (lms.completion("bruno"), lms.score("bruno")) == (completion, score)
    assert lms.state.kvs.db_dict == state


@pytest.mark.parametrize("handler", sorted(WRITES))
def test_writes_while_viewing_as_a_learner_are_refused_with_a_clear_message(lms, pair, handler):
    before = rows()
    lms.masquerade("dana", "bruno")
    status, body = lms.call("dana", handler, WRITES[handler](pair.pk))
    assert status == 403, body
    assert body["error"]["code"] == "masquerading"
    assert "viewing this unit as a learner" in body["error"]["message"]
    assert rows() == before


def test_reading_the_workspace_while_viewing_as_a_learner_is_allowed(lms, pair):
    lms.masquerade("dana", "bruno")
    status, body = lms.call("dana", "workspace_state", {"pair_id": pair.pk})
    assert status == 200, body
    assert body["workspace"]["id"] == pair.pk


def test_viewing_as_any_learner_changes_nothing_either(lms, pair):
    before = rows()
    lms.masquerade("dana", role="student")  # "Learner", no one in particular: bound as Dana herself
    page = lms.render("dana")
    assert "You are viewing this unit as a learner" in page
    assert "mentoring-staff-area" not in page  # the learner's page, not the staff panel
    assert rows() == before
    assert lms.call("dana", "staff_add_pair", {"mentor": "maya", "mentee": "bruno"})[0] == 403


def test_once_staff_stop_viewing_as_the_learner_they_act_as_themselves_again(lms, pair):
    lms.masquerade("dana", "bruno")
    lms.stop_masquerade("dana")
    page = lms.render("dana")
    assert "You are viewing this unit as course staff" in page
    status, body = lms.call("dana", "staff_end_pair", {"pair_id": pair.pk, "reason": "Moved to another team"})
    assert status == 200, body
