"""The unit's tallies (pairs/tallies.py), which the programme dashboard reads instead of every
pair's records, follow every write that changes them: after each step of a pair's life, made
through the block's own handlers, the tallies kept equal the tallies counted afresh from the
records, and the dashboard shows what the records say."""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from mentoring_xblock.core.platform import Unit
from mentoring_xblock.models import Pair
from mentoring_xblock.pairs import tallies
from mentoring_xblock.reporting import dashboard

from ..conftest import DEMO, load_block
from .helpers import act, ok
from .world import midpoint_assessment, session_data

pytestmark = pytest.mark.django_db

QUESTIONS = ["improvement", "new-technique", "impact", "satisfaction", "recommend"]


def final(pair_id, sql):
    ratings = {"sql": sql, "storytelling": 3, "stakeholders": 2, "career": 4}
    return {"pair_id": pair_id, "round": "final", "ratings": ratings, "answers": dict.fromkeys(QUESTIONS, "Yes")}


def nonzero(found):
    return {
        key: (round(total, 6), number)
        for key, (total, number) in found.items()
        if (total, number) != (0.0, 0) and key[0] != tallies.BUILT
    }


def kept_and_counted(usage_key, window):
    kept = nonzero(tallies.read([usage_key], datetime.date.min)[usage_key])
    with transaction.atomic():
        counted = nonzero(tallies.rebuild(usage_key, window))
        transaction.set_rollback(True)
    return kept, counted


def test_every_write_keeps_the_tallies_equal_to_a_fresh_count(world):
    block = load_block(DEMO)
    usage_key, window = str(block.scope_ids.usage_id), block.program["at_risk_days"]
    tallies.rebuild(usage_key, window)  # as the first reader does
    today = timezone.localdate()
    pair = Pair.objects.get(pk=world.pair)
    day = pair.started_on

    def check(step):
        kept, counted = kept_and_counted(usage_key, window)
        assert kept == counted, step

    # The session the world logged, confirmed; two more, one disputed; one far later.
    ok(act("mentor", "session_review", {"pair_id": world.pair, "session_id": world.session, "decision": "confirm"}))
    check("a session confirmed")
    for held_on, student, partner, decision in (
        (day + datetime.timedelta(days=3), "mentee1", "mentor", "confirm"),
        (day + datetime.timedelta(days=4), "mentor", "mentee1", "dispute"),
        (min(today, day + datetime.timedelta(days=60)), "mentee1", "mentor", "confirm"),
    ):
        logged = ok(act(student, "session_log", session_data(world.pair, held_on.isoformat(), "Met")))["session"]
        answer = {"pair_id": world.pair, "session_id": logged["id"], "decision": decision, "note": "Not held"}
        ok(act(partner, "session_review", answer))
        check(f"a session on {held_on} ({decision})")
    # Ratings: a mid-point by both, then the finals (the pair may complete: it is no longer quiet).
    ok(act("mentee1", "assessment_submit", midpoint_assessment(world.pair)))
    check("the mentee's mid-point")
    ok(act("mentor", "assessment_save", {**midpoint_assessment(world.pair), "round": "final"}))
    check("a draft changes nothing")
    ok(act("mentor", "assessment_submit", midpoint_assessment(world.pair)))
    ok(act("mentee1", "assessment_submit", final(world.pair, 4)))
    ok(act("mentor", "assessment_submit", final(world.pair, 3)))
    check("both finals")
    # Staff pair, end and reassign.
    ok(act("staff", "staff_add_pair", {"mentor": "coach", "mentee": "learner"}))
    check("a new pair")
    ok(act("staff", "staff_end_pair", {"pair_id": world.noor_pair, "reason": "Moved teams"}))
    check("an ended pair")
    ok(act("staff", "staff_reassign", {"pair_id": world.coach_pair, "mentor": "inviter"}))
    check("a reassigned mentee")

    # The dashboard reads them: the target pair's ratings moved from 2 to 4 (self) and 3 (mentor).
    unit = Unit(course_key=pair.course_key, usage_key=usage_key)
    sql = {area.area_id: area for area in dashboard.dashboard(unit, block.program, today).areas}["sql"]
    assert (sql.baseline, sql.self_last, sql.mentor_last, sql.gap) == (2.0, 4.0, 3.0, 1.0)


def test_the_command_counts_the_sums_again_after_records_changed_around_the_block(world):
    from io import StringIO

    from django.core.management import call_command

    from mentoring_xblock.models import MentoringUnit, Session

    block = load_block(DEMO)
    usage_key, window = str(block.scope_ids.usage_id), block.program["at_risk_days"]
    tallies.rebuild(usage_key, window)
    # A data fix in a shell: the world's pending session confirmed behind the block's back.
    Session.objects.filter(pk=world.session).update(confirmation=Session.CONFIRMED)
    kept, counted = kept_and_counted(usage_key, window)
    assert kept != counted
    MentoringUnit.objects.filter(usage_key=usage_key).update(at_risk_days=window)
    out = StringIO()
    call_command("mentoring_count_tallies", stdout=out)
    kept, counted = kept_and_counted(usage_key, window)
    assert kept == counted and "running sums of" in out.getvalue()
