"""Through the workbench: a member's write that changes nothing the checklist counts (a goal's
wording, a progress update) still moves what staff see as the pair's last activity.

Such writes skip counting the pair's standing (``actions.GOAL_DETAILS``); they note the day
instead (``tracking.touch``). The demo pair of Maya Ortiz (``mentor``) and Sam Lee
(``mentee1``) was paired 21 days ago; here its last activity is set back five days, then a
member writes, and the staff list's row and the CSV export say 0 days since activity.
"""

import csv
import datetime
import io

import pytest
from django.utils import timezone

from mentoring_xblock.models import Pair

from .helpers import act, fetch, load_demo, ok

pytestmark = pytest.mark.django_db

DAYS_AGO = 5


@pytest.fixture
def sam(workbench):
    load_demo()
    pair = Pair.objects.get(mentee__username="mentee1", status=Pair.ACTIVE)
    goal = {"pair_id": pair.pk, "statement": "Present a dashboard", "measure": "Team uses it weekly",
            "target_date": "2099-01-31", "areas": []}  # fmt: skip
    pair.goal = ok(act("mentee1", "goal_add", goal))["goal"]
    return pair


def quiet_for_days(pair):
    """The pair's last activity as if it were ``DAYS_AGO`` days ago (one UPDATE, as time would)."""
    Pair.objects.filter(pk=pair.pk).update(last_activity_at=timezone.now() - datetime.timedelta(days=DAYS_AGO))


def staff_row(pair):
    """The pair's row in the staff list as the ``staff_pairs`` handler answers it."""
    rows = ok(act("staff", "staff_pairs", {}))["pairs"]
    return next(row for row in rows if row["id"] == pair.pk)


def csv_days(pair):
    """The pair's days since activity in the staff CSV export."""
    status, body = fetch("staff", "staff_export")
    assert status == 200
    rows = csv.DictReader(io.StringIO(body.decode("utf-8"), newline=""))
    return next(row["days_since_activity"] for row in rows if row["mentee"] == "mentee1")


def assert_quiet(pair):
    assert staff_row(pair)["days_since_activity"] == DAYS_AGO
    assert csv_days(pair) == str(DAYS_AGO)


def assert_active_today(pair):
    assert staff_row(pair)["days_since_activity"] == 0
    assert csv_days(pair) == "0"
    assert timezone.localtime(Pair.objects.get(pk=pair.pk).last_activity_at).date() == timezone.localdate()


def test_editing_a_goals_wording_is_activity_staff_see(sam):
    quiet_for_days(sam)
    assert_quiet(sam)
    edit = {"pair_id": sam.pk, "goal_id": sam.goal["id"], "version": sam.goal["version"],
            "statement": "Present a dashboard to my team", "measure": "Team uses it weekly",
            "target_date": "2099-01-31", "areas": []}  # fmt: skip
    ok(act("mentor", "goal_edit", edit))
    assert_active_today(sam)


def test_a_progress_update_is_activity_staff_see(sam):
    quiet_for_days(sam)
    assert_quiet(sam)
    ok(act("mentee1", "goal_progress", {"pair_id": sam.pk, "goal_id": sam.goal["id"], "value": 40, "note": "Draft"}))
    assert_active_today(sam)


def test_a_second_write_on_the_same_day_changes_nothing_staff_see(sam):
    ok(act("mentee1", "goal_progress", {"pair_id": sam.pk, "goal_id": sam.goal["id"], "value": 40, "note": "Draft"}))
    first = Pair.objects.get(pk=sam.pk).last_activity_at
    ok(act("mentor", "goal_progress", {"pair_id": sam.pk, "goal_id": sam.goal["id"], "value": 60, "note": "More"}))
    assert Pair.objects.get(pk=sam.pk).last_activity_at == first  # the day is noted once
    assert staff_row(sam)["days_since_activity"] == 0
