"""Through the workbench runtime: the needs assessment, the rounds, what the partner sees of
them before and after both submit, and the comparison the pair then reads."""

import json
import re

import pytest

from mentoring_xblock.models import Assessment, Pair

from ..conftest import call_json, load_block
from .helpers import act, html_of, load_demo, ok, opened_page, snapshot

pytestmark = pytest.mark.django_db

AREAS = ["sql", "storytelling", "stakeholders", "career"]
QUESTIONS = ["improvement", "new-technique", "impact", "satisfaction", "recommend"]
WHY_NOW = "My team starts a churn project and I want to lead part of it"
SEALED_SELF = "I think I have become much better at SQL"
SEALED_MENTOR = "Sam still needs help with stakeholders"


@pytest.fixture
def pair_id(workbench):
    load_demo()
    return Pair.objects.get(mentee__username="mentee1", status=Pair.ACTIVE).pk


def needs(pair_id, **changes):
    return {
        "pair_id": pair_id,
        "round": "baseline",
        "why_now": WHY_NOW,
        "outcome": "Lead one analysis end to end",
        "time_available": "Three hours a week",
        "swot": {"strengths": "Patient", "weaknesses": "Joins", "opportunities": "New team", "threats": "Deadlines"},
        "ratings": {"sql": "2", "storytelling": "1", "stakeholders": "2", "career": "3"},
        "comment": "",
        **changes,
    }


def assessed(pair_id, round_, ratings, comment, **changes):
    return {
        "pair_id": pair_id,
        "round": round_,
        "ratings": dict(zip(AREAS, map(str, ratings), strict=True)),
        "answers": {question: f"About {question}" for question in QUESTIONS},
        "comment": comment,
        **changes,
    }


def text_of(body):
    return json.dumps(body, ensure_ascii=False)


def test_a_pair_assesses_independently_and_then_reads_the_comparison(pair_id, client):
    # The mentee saves a draft of the needs assessment; the mentor sees nothing of it.
    body = ok(act("mentee1", "assessment_save", {"pair_id": pair_id, "round": "baseline", "why_now": WHY_NOW}))
    assert body["assessment"]["why_now"] == WHY_NOW
    assert body["assessment"]["submitted_at"] is None
    assert body["workspace"]["assessments"]["rounds"][0]["can_write"] is True
    assert 'data-action="assessment_submit"' in html_of(body)
    mentor_view = ok(act("mentor", "workspace_state", {"pair_id": pair_id}))
    assert WHY_NOW not in text_of(mentor_view)
    assert WHY_NOW not in opened_page(client, "mentor")

    # Submitted, it is the baseline; the mentor reads it, and the rounds open.
    body = ok(act("mentee1", "assessment_submit", needs(pair_id)))
    assert body["assessment"]["submitted_at"] is not None
    assert body["assessment"]["ratings"] == {"sql": 2, "storytelling": 1, "stakeholders": 2, "career": 3}
    assert 'data-action="assessment_submit"' not in html_of(body).split('data-round="midpoint"')[0]
    assert WHY_NOW in opened_page(client, "mentor")

    # The mentee submits the final round; the mentor learns only that she did.
    body = ok(act("mentee1", "assessment_submit", assessed(pair_id, "final", [4, 3, 3, 4], SEALED_SELF)))
    assert body["assessment"]["comment"] == SEALED_SELF
    mentor_view = ok(act("mentor", "workspace_state", {"pair_id": pair_id}))
    assert SEALED_SELF not in text_of(mentor_view)
    assert re.search(r"Self-assessment by Sam Lee:</span>\s*submitted on", mentor_view["html"])
    assert "Sealed: you see each other" in mentor_view["html"]
    assert 'data-section="comparison"' not in mentor_view["html"]

    # The mentor's draft stays his own; his submission opens the round to both.
    body = ok(act("mentor", "assessment_save", assessed(pair_id, "final", [3, "", 2, ""], SEALED_MENTOR)))
    assert body["assessment"]["ratings"] == {"sql": 3, "stakeholders": 2}
    assert SEALED_SELF not in text_of(body)  # the answer to his own save is sealed too
    mentee_view = ok(act("mentee1", "workspace_state", {"pair_id": pair_id}))
    assert SEALED_MENTOR not in text_of(mentee_view)
    assert SEALED_MENTOR not in opened_page(client, "mentee1")
    body = ok(act("mentor", "assessment_submit", assessed(pair_id, "final", [3, 2, 2, 4], SEALED_MENTOR)))
    assert body["assessment"]["rater"] == "mentor"
    for html in (html_of(body), opened_page(client, "mentee1")):
        assert SEALED_SELF in html and SEALED_MENTOR in html
        # A short name (its title); the long description is referenced, not read as the name.
        chart = r'<svg class="mentoring-chart" role="img" aria-labelledby="[^"]+-title" aria-describedby="[^"]+-desc"'
        assert re.search(chart, html)
        table = html.split('data-comparison-table="final"')[1].split("</table>")[0]
        rows = re.findall(r'<tr data-area="(\w+)">\s*<th scope="row">([^<]+)</th>(.*?)</tr>', table, re.S)
        cells = {area: re.findall(r'<td data-col="\w+">([^<]*)</td>', rest) for area, _title, rest in rows}
        # baseline, self, mentor, change (self), change (mentor), gap
        assert cells == {
            "sql": ["2", "4", "3", "+2", "+1", "+1"],
            "storytelling": ["1", "3", "2", "+2", "+1", "+1"],
            "stakeholders": ["2", "3", "2", "+1", "0", "+1"],
            "career": ["3", "4", "4", "+1", "+1", "0"],
        }

    # Both final assessments count toward completion.
    checklist = {item["key"]: item["met"] for item in body["workspace"]["checklist"]}
    assert checklist["final_self"] and checklist["final_mentor"]


def test_submitting_is_final_and_a_late_save_gets_the_current_state(pair_id):
    ok(act("mentee1", "assessment_submit", needs(pair_id)))
    before = snapshot()
    for handler in ("assessment_save", "assessment_submit"):
        status, body = act("mentee1", handler, needs(pair_id, why_now="Rewritten"))
        assert status == 409, body
        assert body["error"]["code"] == "already_submitted"
        assert body["error"]["current"]["assessment"]["why_now"] == WHY_NOW
        assert f'data-pair-id="{pair_id}"' in body["error"]["current"]["html"]
    assert snapshot() == before


def test_refusals_name_their_fields_and_reasons(pair_id):
    before = snapshot()
    status, body = act("mentor", "assessment_submit", assessed(pair_id, "final", [3, 3, 3, 3], "Early"))
    assert (status, body["error"]["code"]) == (409, "baseline_first")
    status, body = act("mentor", "assessment_save", needs(pair_id))
    assert (status, body["error"]["code"]) == (403, "forbidden")
    assert body["error"]["message"] == "Only the mentee fills in the needs assessment."
    status, body = act("mentee1", "assessment_submit", needs(pair_id, why_now="", ratings={"sql": "9"}))
    assert status == 400, body
    assert body["error"]["fields"] == {
        "why_now": "This field is required.",
        "ratings.sql": "Choose one of the points of the scale.",
        "ratings.storytelling": "Choose a rating for this area.",
        "ratings.stakeholders": "Choose a rating for this area.",
        "ratings.career": "Choose a rating for this area.",
    }
    status, body = act("mentee1", "assessment_save", needs(pair_id, round="quarterly"))
    assert (status, list(body["error"]["fields"])) == (400, ["round"])
    status, body = act("mentee1", "assessment_save", {"round": "baseline"})
    assert (status, list(body["error"]["fields"])) == (400, ["pair_id"])
    assert snapshot() == before


def test_without_a_midpoint_round_the_midpoint_is_refused_naming_round(pair_id):
    ok(act("mentee1", "assessment_submit", needs(pair_id)))
    block = load_block(student="mentee1")
    block.midpoint_round = False
    status, body = call_json(block, "assessment_save", assessed(pair_id, "midpoint", [3, 3, 3, 3], ""))
    assert status == 400, body
    assert body["error"]["fields"] == {"round": "This program has no such assessment round."}
    assert not Assessment.objects.filter(round="midpoint").exists()
    assert 'data-round="midpoint"' not in call_json(block, "workspace_state", {"pair_id": pair_id})[1]["html"]


def test_learner_text_is_escaped_in_the_assessment_views(pair_id):
    script = '<script>alert("x")</script>'
    body = ok(act("mentee1", "assessment_submit", needs(pair_id, why_now=script, swot={"threats": script})))
    assert script not in html_of(body)
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html_of(body)


def test_staff_see_the_pair_complete_its_assessments_but_never_a_draft(pair_id, client):
    ok(act("mentee1", "assessment_save", needs(pair_id)))
    assert WHY_NOW not in text_of(ok(act("staff", "workspace_state", {"pair_id": pair_id})))
    ok(act("mentee1", "assessment_submit", needs(pair_id)))
    ok(act("mentee1", "assessment_submit", assessed(pair_id, "midpoint", [3, 2, 2, 3], SEALED_SELF)))
    staff_view = ok(act("staff", "workspace_state", {"pair_id": pair_id}))
    assert WHY_NOW in staff_view["html"]
    assert SEALED_SELF not in text_of(staff_view)
    assert "The details are shown once both the mentee and the mentor have submitted." in staff_view["html"]
    assert 'data-action="assessment_' not in staff_view["html"]
    ok(act("mentor", "assessment_submit", assessed(pair_id, "midpoint", [2, 2, 2, 2], SEALED_MENTOR)))
    staff_view = ok(act("staff", "workspace_state", {"pair_id": pair_id}))
    assert SEALED_SELF in staff_view["html"] and SEALED_MENTOR in staff_view["html"]
    assert 'data-comparison="midpoint"' in staff_view["html"]
