"""Through the xblock-sdk workbench: pages render for each role, Studio saves persist or are refused."""

import json
import re
from pathlib import Path

import pytest

from mentoring_xblock.core import limits
from mentoring_xblock.models import Pair, Participant
from mentoring_xblock.program import config

from ..conftest import DEMO, load_block
from .helpers import load_demo

pytestmark = pytest.mark.django_db


def page(client, view="", student="learner1", scenario=DEMO):
    path = f"/scenario/{scenario}/{view + '/' if view else ''}?student={student}"
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def studio_url(client, student):
    html = page(client, "studio_view", student)
    usage = re.search(r"data-usage='([^']+)'", html).group(1)
    return f"/handler/{usage}/studio_submit/?student={student}"


def post_json(client, url, data):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json")


@pytest.fixture
def scenarios(workbench):
    return workbench


def test_learner_view_shows_the_program_and_the_unpaired_state(client, scenarios):
    html = page(client)
    assert "Mentoring for new data analysts" in html
    assert "You are not paired yet" in html
    assert "Course staff will pair you with a partner, or you can pair yourselves" in html
    assert "Querying data" in html
    assert html.count('class="mentoring-agenda-item"') == 7
    assert "Week 13" in html and "Mid-point check" in html
    assert "Set at least 2 goals." in html
    assert "Hold at least 6 sessions, confirmed by both of you." in html
    assert "Cover the 5 required agenda items in your sessions." in html
    assert "data-init='MentoringLearnerView'" in html


def test_a_visit_records_the_learner_once(client, scenarios):
    page(client, student="learner1")
    page(client, student="learner1")
    assert list(Participant.objects.values_list("username", flat=True)) == ["learner1"]


def test_staff_see_a_staff_note_and_are_not_recorded_as_learners(client, scenarios):
    html = page(client, student="staff")
    assert "You are viewing this unit as course staff" in html
    assert not Participant.objects.exists()


def test_paired_mentor_sees_both_mentees(client, scenarios):
    load_demo()
    assert Pair.objects.filter(status=Pair.ACTIVE).count() == 2
    html = page(client, student="mentor")
    assert "You are not paired yet" not in html
    assert "Sam Lee" in html and "Noor Haddad" in html
    assert "Maya Ortiz" in page(client, student="mentee1")


def test_author_view_previews_agenda_areas_and_rules(client, scenarios):
    html = page(client, "author_view", "staff")
    assert "Preview of the mentoring program" in html
    assert "Telling the story in the data" in html
    assert "Final review and thank-you" in html
    assert "What completing this unit requires" in html
    assert "cannot be used until" not in html


def test_studio_view_is_a_structured_editor_with_its_data(client, scenarios):
    html = page(client, "studio_view", "staff")
    assert "data-init='MentoringStudioEditor'" in html
    assert "static/js/studio.bundle.js" in html and "studio.css" in html
    payload = json.loads(
        json.loads(re.search(r'class="xblock_json_init_args">(.*?)</script>', html, re.S).group(1))["payload"]
    )
    assert payload["program"]["learning_areas"][0]["title"] == "Querying data"
    assert {choice["value"] for choice in payload["choices"]["pairing_modes"]} == {"staff", "invite", "both"}
    assert payload["limits"]["agenda"] == limits.PROGRAM["agenda"]
    # The editor's caps and id rule are the server's: the JavaScript tests read this copy of them.
    rules = json.loads((Path(__file__).resolve().parents[1] / "fixtures" / "studio_rules.json").read_text())
    assert payload["limits"] == rules["limits"]
    assert payload["ids"] == rules["ids"]


def test_studio_save_persists_a_valid_edit(client, scenarios):
    url = studio_url(client, "staff")
    program = load_block().program
    program["agenda"].append(
        {
            "id": "",
            "title": "Negotiating a raise",
            "prompts": ["What is your evidence?"],
            "week": 20,
            "required": True,
            "areas": ["career"],
            "links": [],
        }
    )
    program["display_name"] = "Analyst mentoring"
    response = post_json(client, url, program)
    assert response.status_code == 200
    saved = response.json()["program"]
    assert saved.pop("weight") == 1.0
    assert saved["agenda"][-1]["id"] == "negotiating-a-raise"
    assert load_block().program == saved
    html = page(client)
    assert "Negotiating a raise" in html and "Week 20" in html and "Analyst mentoring" in html


def test_studio_save_sets_the_grading_weight(client, scenarios):
    response = post_json(client, studio_url(client, "staff"), {**load_block().program, "weight": "2.5"})
    assert response.status_code == 200
    assert response.json()["program"]["weight"] == 2.5
    assert load_block().weight == 2.5
    assert re.search(r'weight\\*(&quot;|")\s*:\s*2\.5', page(client, "studio_view", "staff"))


def test_a_bad_weight_is_refused_with_the_programs_own_problems_and_nothing_is_saved(client, scenarios):
    program = {**load_block().program, "weight": -1, "duration_weeks": 0}
    response = post_json(client, studio_url(client, "staff"), program)
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert set(fields) == {"weight", "duration_weeks"}
    assert "0 to 100" in fields["weight"]
    assert load_block().weight == 1.0 and load_block().duration_weeks != 0


def test_studio_save_refuses_invalid_program_with_per_field_messages_and_saves_nothing(client, scenarios):
    url = studio_url(client, "staff")
    before = load_block().program
    program = load_block().program
    program["display_name"] = "Changed"
    program["learning_areas"][1]["id"] = program["learning_areas"][0]["id"]
    program["agenda"][0]["areas"] = ["ghost"]
    program["rating_scale"] = []
    response = post_json(client, url, program)
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    assert set(error["fields"]) >= {"learning_areas.1.id", "agenda.0.areas", "rating_scale"}
    assert "fields need attention" in error["message"]
    assert load_block().program == before


@pytest.mark.parametrize(
    "body",
    ["not json", "[1, 2]", "null", json.dumps({"display_name": 5})],
    ids=["not-json", "list", "null", "missing-keys"],
)
def test_malformed_studio_bodies_get_400_and_change_nothing(client, scenarios, body):
    url = studio_url(client, "staff")
    before = load_block().program
    response = post_json(client, url, body)
    assert response.status_code == 400
    assert load_block().program == before


def test_learners_cannot_save_the_program(client, scenarios):
    url = studio_url(client, "learner1")
    program = load_block().program
    program["display_name"] = "Hijacked"
    response = post_json(client, url, program)
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "forbidden"
    assert load_block().program["display_name"] == "Mentoring for new data analysts"


def test_studio_save_needs_post(client, scenarios):
    response = client.get(studio_url(client, "staff"))
    assert response.status_code == 405


def test_validation_banner_lists_problems_of_a_stored_program(scenarios):
    block = load_block()
    assert block.validate().empty
    program = block.program
    program["agenda"][2]["areas"] = ["ghost"]
    block.learning_areas, block.agenda = program["learning_areas"], program["agenda"]
    messages = block.validate().messages
    assert len(messages) == 1
    assert messages[0].type == "error"
    assert "agenda.2.areas" in messages[0].text and "ghost" in messages[0].text


def test_default_scenario_renders_the_default_program(client, scenarios):
    html = page(client, scenario="mentorship.1")
    for item in config.default_program()["agenda"]:
        assert item["title"].replace("'", "&#x27;") in html


def test_authored_markup_is_shown_as_text_in_every_view(client, scenarios):
    attack = "</script><script>alert(1)</script><img src=x onerror=alert(2)>"
    program = load_block().program
    program["display_name"] = attack[:150]
    program["learning_areas"][0]["description"] = attack
    assert post_json(client, studio_url(client, "staff"), program).status_code == 200
    for view, student in (("", "learner1"), ("author_view", "staff"), ("studio_view", "staff")):
        html = page(client, view, student)
        assert "<script>alert(1)" not in html, view
        assert "<img src=x" not in html, view


@pytest.mark.parametrize(("view", "student"), [("", "learner1"), ("author_view", "staff"), ("studio_view", "staff")])
def test_every_script_and_stylesheet_a_view_references_is_served(client, scenarios, view, student):
    html = page(client, view, student)
    urls = re.findall(r"(?:href|src)='(/resource/mentorship/[^']+)'", html)
    assert any(url.endswith(".css") for url in urls) and any(url.endswith(".js") for url in urls)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.content, url  # a resource that answers 200 with nothing is broken too


def test_files_outside_the_static_folder_are_not_served(client, scenarios):
    assert client.get("/resource/mentorship/block.py").status_code == 404
    assert client.get("/resource/mentorship/static/../block.py").status_code == 404
