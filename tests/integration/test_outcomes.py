"""The outcomes CSV for research (``staff_outcomes``): one row per pair and learning area with the
baseline rating and each later round's self and mentor ratings, pseudonymous, for course staff only
(its query count: test_outcomes_queries.py)."""

import csv
import html
import io
import re

import pytest

from mentoring_xblock.models import Pair, Participant

from ..conftest import DEMO, load_block
from .helpers import act, fetch, ok, page, rolled_back
from .world import midpoint_assessment

pytestmark = pytest.mark.django_db

# The demo program's rounds: the needs assessment (the mentee's alone), the mid-point and the final.
RATINGS = ["baseline_self", "midpoint_self", "midpoint_mentor", "final_self", "final_mentor"]


def download(student="staff"):
    status, body = fetch(student, "staff_outcomes")
    return status, body


def rows_of(body):
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def test_each_pair_has_a_row_per_learning_area_with_every_rounds_ratings(world):
    areas = [area["id"] for area in load_block(DEMO).program["learning_areas"]]
    with rolled_back():
        ok(act("mentor", "assessment_submit", midpoint_assessment(world.pair)))
        mentee_ratings = {**midpoint_assessment(world.pair)["ratings"], "sql": 4}
        ok(act("mentee1", "assessment_submit", {**midpoint_assessment(world.pair), "ratings": mentee_ratings}))
        # a draft is not an outcome
        ok(act("mentor", "assessment_save", {**midpoint_assessment(world.pair), "round": "final"}))
        status, body = download()
        target = Pair.objects.select_related("mentor", "mentee").get(pk=world.pair)
    assert status == 200
    rows = rows_of(body)
    assert list(rows[0]) == ["pair_id", "mentor_id", "mentee_id", "status", "started_on", "ended_on", "area", *RATINGS]
    mine = [row for row in rows if row["pair_id"] == str(world.pair)]
    assert [row["area"] for row in mine] == areas
    assert {(row["mentor_id"], row["mentee_id"]) for row in mine} == {
        (target.mentor.anonymous_id, target.mentee.anonymous_id)
    }
    sql = mine[areas.index("sql")]
    # the world's needs assessment rated sql 2; the mid-point: the mentee 4, the mentor 3
    assert [sql[column] for column in RATINGS] == ["2", "4", "3", "", ""]
    storytelling = mine[areas.index("storytelling")]
    assert [storytelling[column] for column in RATINGS] == ["1", "2", "2", "", ""]
    # Every pair of the unit, ended ones too, and only this unit's.
    assert {int(row["pair_id"]) for row in rows} == set(
        Pair.objects.filter(usage_key=target.usage_key).values_list("pk", flat=True)
    )
    assert len(rows) == len(areas) * len({row["pair_id"] for row in rows})


def test_people_are_named_by_pseudonymous_ids_only(world):
    status, body = download()
    text = body.decode("utf-8")
    for person in Participant.objects.exclude(username=""):
        assert person.username not in text.split(",")
        if person.display_name:
            assert person.display_name not in text
    assert status == 200


@pytest.mark.parametrize("student", ["mentor", "mentee1", "learner", "coach", ""])
def test_anyone_but_course_staff_gets_403_and_no_file(world, student):
    status, body = download(student)
    assert status == 403
    assert b"pair_id" not in body


def test_the_staff_panel_links_to_the_outcomes(world, client):
    staff_page = page(client, "staff")
    link = re.search(r'class="mentoring-download mentoring-outcomes" href="([^"]+)"', staff_page)
    assert link and "/staff_outcomes" in html.unescape(link.group(1))
    assert "Download the outcomes for research as CSV" in staff_page
    assert "mentoring-outcomes" not in page(client, "mentor")
