"""Over HTTP through the workbench: staff pair learners by form and by CSV, end and reassign pairs;
learners pair themselves with invite codes; malformed requests are refused field by field.

The demo unit (``mentorship.0``, pairing mode "both") after ``load_demo``: Maya Ortiz
(``mentor``) mentors Sam Lee (``mentee1``) and Noor Haddad (``mentee2``).
"""

import base64
import html
import json
import re

import pytest
from django.contrib.auth import get_user_model

from mentoring_xblock.models import Assessment, Pair

from ..conftest import DEFAULT, DEMO, load_block
from . import helpers
from .helpers import MENTORING_MODELS, load_demo, ok, page

pytestmark = pytest.mark.django_db

NOT_PAIRED = "You are not paired yet"


def handler_url(client, handler, student, scenario=DEMO):
    # The usage id from the staff page: opening the page as ``student`` would record a visit.
    usage = re.search(r"data-usage='([^']+)'", page(client, "staff", scenario)).group(1)
    return f"/handler/{usage}/{handler}/?student={student}"


def post(client, handler, student, data, scenario=DEMO):
    """POST ``data`` (JSON-encoded unless already text) to a handler; returns (status, parsed body)."""
    body = data if isinstance(data, str) else json.dumps(data)
    response = client.post(handler_url(client, handler, student, scenario), body, content_type="application/json")
    return response.status_code, json.loads(response.content or b"null")


MODELS = tuple(model for model in MENTORING_MODELS if model is not Assessment)


def snapshot():
    """Every mentoring row but the assessments, every field."""
    return helpers.snapshot(MODELS)


def pairs():
    """The unit's pairs as (mentor, mentee, status), by username."""
    return set(Pair.objects.values_list("mentor__username", "mentee__username", "status"))


def person(username, first="", last=""):
    get_user_model().objects.update_or_create(username=username, defaults={"first_name": first, "last_name": last})


def pair_row(staff_html, pair_id):
    """The text of the staff table's row for one pair."""
    row = re.search(rf'<tr data-pair-row="{pair_id}".*?</tr>', staff_html, re.S).group(0)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", row)).split())


def section(text, heading):
    """The text of the learner page's section titled ``heading``."""
    match = re.search(rf">{heading}</h4>(.*?)</section>", text, re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", match.group(1))).split()) if match else ""


@pytest.fixture
def demo(workbench, client):
    load_demo()
    person("coach", "Ravi", "Kumar")
    person("newbie", "Lena", "Fischer")
    return {
        "sam": Pair.objects.get(mentee__username="mentee1", status=Pair.ACTIVE).pk,
        "noor": Pair.objects.get(mentee__username="mentee2", status=Pair.ACTIVE).pk,
    }


# -- (a) pairing by form ------------------------------------------------------------------------------------


def test_staff_pair_two_learners_by_form_and_both_learners_see_their_workspace(client, demo):
    assert NOT_PAIRED in page(client, "newbie")
    assert NOT_PAIRED in page(client, "coach")

    body = ok(post(client, "staff_add_pair", "staff", {"mentor": "coach", "mentee": "newbie"}))
    pair = body["pair"]
    assert (pair["mentor"], pair["mentee"], pair["status"], pair["formed_by"]) == ("coach", "newbie", "active", "staff")

    staff_page = page(client, "staff")
    assert "3 active pairs" in staff_page
    assert pair_row(staff_page, pair["id"]).startswith("Ravi Kumar (coach) Lena Fischer (newbie) Not started No")

    mentee_page = page(client, "newbie")
    assert NOT_PAIRED not in mentee_page
    assert "Your partner: Ravi Kumar (Mentor)" in mentee_page
    assert f'data-pair-id="{pair["id"]}" data-role="mentee"' in mentee_page
    mentor_page = page(client, "coach")
    assert NOT_PAIRED not in mentor_page
    assert "Your partner: Lena Fischer (Mentee)" in mentor_page
    assert f'data-pair-id="{pair["id"]}" data-role="mentor"' in mentor_page


@pytest.mark.parametrize(
    ("data", "status", "code", "field"),
    [
        ({"mentor": "coach", "mentee": "mentee1"}, 409, "already_paired", None),
        ({"mentor": "coach", "mentee": "nobody-here"}, 400, "invalid", "mentee"),
        ({"mentor": "coach", "mentee": " COACH "}, 400, "same_person", "mentee"),
        ({"mentor": "", "mentee": "newbie"}, 400, "invalid", "mentor"),
    ],
    ids=["already-paired", "unknown-user", "same-person", "blank"],
)
def test_a_refused_form_pairs_nobody(client, demo, data, status, code, field):
    before = snapshot()
    answer_status, body = post(client, "staff_add_pair", "staff", data)
    assert answer_status == status, body
    assert body["error"]["code"] == code
    if field:
        assert field in body["error"]["fields"]
    assert snapshot() == before


# -- (b) pairing by CSV upload ------------------------------------------------------------------------------

GOOD_AND_BAD_ROWS = """mentor,mentee
coach,newbie
coach,mentee1
coach,ghost
learner,LEARNER

mentor,rookie
just-one-name
coach,rookie,newbie
coach,
"""
EXPECTED_REPORT = [
    (2, "created", "Paired"),
    (3, "already_paired", "Already paired: mentee1 already has an active mentor in this unit."),
    (4, "unknown_user", 'Unknown user: No user "ghost" in this course.'),
    (5, "same_person", "Same person twice: The mentor and the mentee are the same person."),
    (7, "at_capacity", "Mentor at capacity: mentor already mentors 3 learners, the most this unit allows."),
    (8, "malformed", "Malformed row: Each row needs exactly two usernames: the mentor, then the mentee."),
    (9, "malformed", "Malformed row: Each row needs exactly two usernames: the mentor, then the mentee."),
    (10, "malformed", "Malformed row: Each row needs exactly two usernames: the mentor, then the mentee."),
]


def fill_to_capacity(client, mentor):
    """Give ``mentor`` as many mentees as the unit allows, by form."""
    capacity = load_block().mentor_capacity
    assert capacity == 3  # demo_unit.xml
    count = Pair.objects.filter(mentor__username=mentor, status=Pair.ACTIVE).count()
    for number in range(count, capacity):
        page(client, f"spare{number}")
        ok(post(client, "staff_add_pair", "staff", {"mentor": mentor, "mentee": f"spare{number}"}))
    return capacity


def test_csv_upload_reports_each_row_and_pairs_only_the_good_one(client, demo):
    page(client, "rookie")
    fill_to_capacity(client, "mentor")
    before = pairs()

    body = ok(post(client, "staff_import_pairs", "staff", {"csv": GOOD_AND_BAD_ROWS}))

    assert [(row["line"], row["outcome"]) for row in body["report"]] == [
        (line, outcome) for line, outcome, _m in EXPECTED_REPORT
    ]
    assert pairs() == before | {("coach", "newbie", "active")}
    created = next(row for row in body["report"] if row["outcome"] == "created")
    assert Pair.objects.get(pk=created["pair_id"]).formed_by == "csv"
    table = re.findall(
        r'<tr data-outcome="(\w+)"><td>(\d+)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>', body["html"]
    )
    assert [(int(line), outcome, html.unescape(result)) for outcome, line, _mentor, _mentee, result in table] == [
        (line, outcome, message) for line, outcome, message in EXPECTED_REPORT
    ]
    assert "Upload report: 1 of 8 rows paired" in body["html"]
    row = pair_row(body["html"], created["pair_id"])
    assert row.startswith("Ravi Kumar (coach) Lena Fischer (newbie) Not started No")
    assert "Your partner: Ravi Kumar (Mentor)" in page(client, "newbie")
    assert NOT_PAIRED in page(client, "rookie")


@pytest.mark.parametrize(
    "csv_text",
    [
        "teacher,student\ncoach,newbie\n",
        "mentee,mentor\ncoach,newbie\n",
        "",
        "\n \n",
        "mentor,mentee\n",
        "mentor,mentee\n\n,\n",
        42,
        ["mentor,mentee", "coach,newbie"],
        None,
    ],
    ids=["wrong-header", "swapped-header", "empty", "blank-lines", "header-only", "header-and-blanks", "number",
         "list", "missing"],
)  # fmt: skip
def test_an_unusable_file_is_refused_as_a_whole(client, demo, csv_text):
    before = snapshot()
    data = {} if csv_text is None else {"csv": csv_text}
    status, body = post(client, "staff_import_pairs", "staff", data)
    assert status == 400, body
    assert list(body["error"]["fields"]) == ["csv"]
    assert snapshot() == before


# -- (c) ending and reassigning ------------------------------------------------------------------------------


def agreement(pair_id, version=0):
    return {
        "pair_id": pair_id,
        "version": version,
        "cadence": "Weekly",
        "session_minutes": 30,
        "session_format": "video",
        "channels": "Chat",
    }


def test_an_ended_pair_stays_readable_but_cannot_change(client, demo):
    pair_id = demo["sam"]
    started = Pair.objects.get(pk=pair_id).started_on.isoformat()
    ok(post(client, "agreement_save", "mentor", agreement(pair_id)))
    goal = ok(
        post(
            client,
            "goal_add",
            "mentee1",
            {"pair_id": pair_id, "statement": "Build a churn dashboard", "measure": "Used weekly",
             "target_date": "2099-03-01", "areas": []},
        )
    )["goal"]  # fmt: skip
    session = ok(
        post(
            client,
            "session_log",
            "mentee1",
            {"pair_id": pair_id, "held_on": started, "minutes": 40, "session_format": "video",
             "notes": "Sketched the dashboard", "action_items": [{"text": "Book a room", "owner": "mentee"}]},
        )
    )["session"]  # fmt: skip

    body = ok(post(client, "staff_end_pair", "staff", {"pair_id": pair_id, "reason": "Sam changed teams"}))
    assert body["pair"]["status"] == "closed" and body["pair"]["ended_at"]
    assert pair_row(body["html"], pair_id).startswith(
        "Maya Ortiz (mentor) Sam Lee (mentee1) In progress Ended: Sam changed teams"
    )
    assert "1 active pair" in page(client, "staff")

    mentee_page = page(client, "mentee1")
    assert NOT_PAIRED not in mentee_page  # they learn when, why and by whom it ended instead
    status = re.search(r'role="status">(.*?)</div>', mentee_page, re.S).group(1)
    status = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", status)).split())
    assert status.startswith("Your pairing has ended")
    assert "Your pairing with Maya Ortiz (Mentor) ended on" in status
    assert "Ended by staff." in status and "Reason: Sam changed teams" in status
    assert section(mentee_page, "Past pairings").startswith("Maya Ortiz (Mentor) ended")
    mentor_page = page(client, "mentor")
    assert "Your partner: Noor Haddad (Mentee)" in mentor_page
    assert section(mentor_page, "Past pairings").startswith("Sam Lee (Mentee) ended")

    for student in ("mentee1", "mentor", "staff"):
        body = ok(post(client, "workspace_state", student, {"pair_id": pair_id}))
        assert body["workspace"]["active"] is False
        assert body["workspace"]["can_edit"] is False
        for text in ("Build a churn dashboard", "Sketched the dashboard", "Book a room", "Sam changed teams"):
            assert text in body["html"], text
        assert "This pairing ended on" in body["html"]
        assert "<form" not in body["html"]

    before = snapshot()
    writes = [
        ("agreement_save", agreement(pair_id, version=1)),
        ("agreement_sign", {"pair_id": pair_id, "version": 1}),
        ("goal_add", {"pair_id": pair_id, "statement": "Another goal", "measure": "Done", "target_date": "2099-03-01"}),
        ("goal_edit", {"pair_id": pair_id, "goal_id": goal["id"], "version": goal["version"],
                       "statement": "Changed", "measure": "Done", "target_date": "2099-03-01"}),
        ("goal_progress", {"pair_id": pair_id, "goal_id": goal["id"], "value": 50}),
        ("session_log", {"pair_id": pair_id, "held_on": started, "minutes": 30, "session_format": "video"}),
        ("session_review", {"pair_id": pair_id, "session_id": session["id"], "decision": "confirm"}),
        ("action_done", {"pair_id": pair_id, "action_id": session["actions"][0]["id"]}),
    ]  # fmt: skip
    for student in ("mentee1", "mentor"):
        for handler, data in writes:
            status, refused = post(client, handler, student, data)
            assert status == 409, (handler, refused)
            assert refused["error"]["code"] == "pair_ended", handler
            assert "This pairing has ended" in refused["error"]["message"]
    assert snapshot() == before

    for handler, data in (
        ("staff_end_pair", {"pair_id": pair_id}),
        ("staff_reassign", {"pair_id": pair_id, "mentor": "coach"}),
    ):
        status, refused = post(client, handler, "staff", data)
        assert status == 409, refused
    assert snapshot() == before


def test_reassigning_a_mentee_closes_the_old_pair_and_opens_a_new_one(client, demo):
    page(client, "coach")
    body = ok(post(client, "staff_reassign", "staff", {"pair_id": demo["noor"], "mentor": "coach"}))
    new = body["pair"]
    assert (new["mentor"], new["mentee"], new["status"]) == ("coach", "mentee2", "active")
    old = Pair.objects.get(pk=demo["noor"])
    assert old.status == Pair.CLOSED and old.ended_at is not None
    assert pair_row(body["html"], demo["noor"]).startswith(
        "Maya Ortiz (mentor) Noor Haddad (mentee2) Not started Ended: Reassigned to a new mentor: coach."
    )
    assert pair_row(body["html"], new["id"]).startswith("Ravi Kumar (coach) Noor Haddad (mentee2) Not started No")
    assert pairs() == {
        ("mentor", "mentee1", "active"),
        ("mentor", "mentee2", "closed"),
        ("coach", "mentee2", "active"),
    }

    mentee_page = page(client, "mentee2")
    assert "Your partner: Ravi Kumar (Mentor)" in mentee_page
    assert "Your partner: Maya Ortiz" not in mentee_page
    assert section(mentee_page, "Past pairings").startswith("Maya Ortiz (Mentor) ended")
    mentor_page = page(client, "mentor")
    assert "Your partner: Sam Lee (Mentee)" in mentor_page
    assert "Noor Haddad" not in mentor_page.split("Past pairings")[0]
    assert "Your partner: Noor Haddad (Mentee)" in page(client, "coach")


@pytest.mark.parametrize(
    ("mentor", "code", "field"),
    [("nobody-here", "invalid", "mentor"), ("mentor", "invalid", "mentor"), ("mentee2", "same_person", "mentor")],
    ids=["unknown-user", "same-mentor", "the-mentee-themself"],
)
def test_a_refused_reassignment_keeps_the_pair(client, demo, mentor, code, field):
    before = snapshot()
    status, body = post(client, "staff_reassign", "staff", {"pair_id": demo["noor"], "mentor": mentor})
    assert status == 400, body
    assert body["error"]["code"] == code
    assert field in body["error"]["fields"]
    assert snapshot() == before
    assert "Your partner: Maya Ortiz (Mentor)" in page(client, "mentee2")


# -- (c') staff never pair themselves ----------------------------------------------------------------------------

OWN_ACCOUNT = "You cannot pair yourself. Ask another member of the course staff to pair you."


@pytest.mark.parametrize(
    ("handler", "data"),
    [
        ("staff_add_pair", {"mentor": "staff", "mentee": "newbie"}),
        ("staff_add_pair", {"mentor": "coach", "mentee": "staff"}),
        ("staff_reassign", {"mentor": "staff"}),
    ],
    ids=["form-as-mentor", "form-as-mentee", "reassign-to-themself"],
)
def test_staff_cannot_pair_themselves_by_the_form_or_a_reassignment(client, demo, handler, data):
    if handler == "staff_reassign":
        data = {**data, "pair_id": demo["noor"]}
    before = snapshot()
    status, body = post(client, handler, "staff", data)
    assert status == 403, body
    assert (body["error"]["code"], body["error"]["message"]) == ("own_account", OWN_ACCOUNT)
    assert snapshot() == before


def test_a_csv_row_naming_the_uploading_staff_member_pairs_nobody(client, demo):
    before = pairs()
    body = ok(post(client, "staff_import_pairs", "staff", {"csv": "mentor,mentee\nstaff,newbie\ncoach,newbie\n"}))
    assert [(row["line"], row["outcome"], row["message"]) for row in body["report"]] == [
        (2, "own_account", OWN_ACCOUNT),
        (3, "created", "Paired."),
    ]
    assert pairs() == before | {("coach", "newbie", "active")}
    assert "Your own account: " + OWN_ACCOUNT in html.unescape(body["html"])


def test_another_member_of_the_course_staff_may_pair_a_staff_member_who_mentors(client, demo, settings):
    settings.MENTORING_STAFF_USERS = ["staff", "dana"]
    page(client, "dana")
    body = ok(post(client, "staff_add_pair", "staff", {"mentor": "dana", "mentee": "newbie"}))
    assert (body["pair"]["mentor"], body["pair"]["mentee"]) == ("dana", "newbie")


# -- (d) invite codes ------------------------------------------------------------------------------------------


def test_two_learners_pair_themselves_with_a_single_use_code(client, demo):
    page(client, "learner")
    page(client, "rookie")
    body = ok(post(client, "invite_create", "learner", {"role": "mentee"}))
    code = body["invite"]["code"]
    assert re.fullmatch(r"[A-HJKMNP-Z2-9]{4}-[A-HJKMNP-Z2-9]{4}", code)
    assert code in body["html"] and "you join as Mentee" in body["html"]
    assert code in page(client, "learner")

    body = ok(post(client, "invite_redeem", "rookie", {"code": f"  {code.lower()} "}))
    pair = Pair.objects.get(pk=body["pair_id"])
    assert (pair.mentor.username, pair.mentee.username, pair.status, pair.formed_by) == (
        "rookie",
        "learner",
        "active",
        "invite",
    )
    assert "Your partner: learner (Mentee)" in body["html"]
    learner_page = page(client, "learner")
    assert NOT_PAIRED not in learner_page and "Your partner: rookie (Mentor)" in learner_page
    assert code not in learner_page  # a used code is no longer offered
    assert "Your partner: learner (Mentee)" in page(client, "rookie")

    before = snapshot()
    for student in ("newbie", "rookie"):
        status, body = post(client, "invite_redeem", student, {"code": code})
        assert status == 404, body
        assert body["error"]["code"] == "invalid_code"
    assert snapshot() == before


def test_in_a_staff_paired_unit_learners_cannot_use_invite_codes(client, demo):
    code = ok(post(client, "invite_create", "learner", {"role": "mentor"}))["invite"]["code"]
    learner_page = page(client, "rookie", DEFAULT)
    assert NOT_PAIRED in learner_page
    assert "Pair with an invite code" not in learner_page
    before = snapshot()
    for handler, data in (("invite_create", {"role": "mentee"}), ("invite_redeem", {"code": code})):
        status, body = post(client, handler, "rookie", data, DEFAULT)
        assert status == 403, body
        assert body["error"]["code"] == "forbidden"
    assert snapshot() == before


# -- (e) malformed requests ------------------------------------------------------------------------------------

GOAL = {"statement": "A goal", "measure": "Done", "target_date": "2099-03-01"}
SESSION = {"minutes": 30, "session_format": "video"}

BAD_BODIES = [
    ("staff_add_pair", "staff", "[1, 2]", "body"),
    ("staff_add_pair", "staff", "null", "body"),
    ("workspace_state", "mentee1", '"my pair"', "body"),
    ("invite_create", "learner", "42", "body"),
    ("staff_add_pair", "staff", {"mentor": ["mentor"], "mentee": "learner"}, "mentor"),
    ("staff_add_pair", "staff", {"mentor": "coach", "mentee": 7}, "mentee"),
    ("staff_add_pair", "staff", {"mentor": {"username": "coach"}, "mentee": "learner"}, "mentor"),
    ("staff_end_pair", "staff", {"pair_id": "the first one"}, "pair_id"),
    ("staff_end_pair", "staff", {"pair_id": True}, "pair_id"),
    ("staff_end_pair", "staff", {"pair_id": "{sam}", "reason": ["left"]}, "reason"),
    ("staff_reassign", "staff", {"pair_id": "{sam}", "mentor": ["coach"]}, "mentor"),
    ("staff_reassign", "staff", {"pair_id": [1], "mentor": "coach"}, "pair_id"),
    ("staff_import_pairs", "staff", {"csv": {"name": "pairs.csv"}}, "csv"),
    ("invite_create", "learner", {"role": ["mentee"]}, "role"),
    ("invite_redeem", "learner", {"code": 12345678}, "code"),
    ("workspace_state", "mentee1", {"pair_id": ["{sam}"]}, "pair_id"),
    ("workspace_state", "mentee1", {"pair_id": 1.5}, "pair_id"),
    ("agreement_save", "mentee1", {"pair_id": "{sam}", "version": "latest", "cadence": "Weekly",
                                    "session_minutes": 30, "session_format": "video", "channels": "Chat"}, "version"),
    ("agreement_save", "mentee1", {"pair_id": "{sam}", "version": 0, "cadence": ["Weekly"],
                                    "session_minutes": 30, "session_format": "video", "channels": "Chat"}, "cadence"),
    ("agreement_sign", "mentee1", {"pair_id": "{sam}", "version": [1]}, "version"),
    ("goal_add", "mentee1", {"pair_id": "{sam}", **GOAL, "areas": "sql"}, "areas"),
    ("goal_add", "mentee1", {"pair_id": "{sam}", **GOAL, "target_date": 20990301}, "target_date"),
    ("goal_edit", "mentee1", {"pair_id": "{sam}", "goal_id": {"id": 1}, **GOAL, "version": 1}, "goal_id"),
    ("goal_progress", "mentee1", {"pair_id": "{sam}", "goal_id": None, "value": 50}, "goal_id"),
    ("session_log", "mentee1", {"pair_id": "{sam}", "held_on": "{started}", **SESSION, "action_items": "call Maya"},
     "action_items"),
    ("session_log", "mentee1", {"pair_id": "{sam}", "held_on": "{started}", **SESSION, "review": ["useful"]},
     "review"),
    ("session_log", "mentee1", {"pair_id": "{sam}", "held_on": "{started}", **SESSION, "minutes": "forty"},
     "minutes"),
    ("session_log", "mentee1", {"pair_id": "{sam}", "held_on": ["{started}"], **SESSION}, "held_on"),
    ("session_review", "mentor", {"pair_id": "{sam}", "session_id": "last", "decision": "confirm"}, "session_id"),
    ("action_done", "mentee1", {"pair_id": "{sam}", "action_id": -3}, "action_id"),
]  # fmt: skip


def fill(value, values):
    """``value`` with the "{sam}" and "{started}" placeholders replaced, at any depth."""
    if isinstance(value, dict):
        return {key: fill(item, values) for key, item in value.items()}
    if isinstance(value, list):
        return [fill(item, values) for item in value]
    if isinstance(value, str) and value in values:
        return values[value]
    return value


@pytest.mark.parametrize(
    ("handler", "student", "data", "field"),
    BAD_BODIES,
    ids=[f"{handler}-{field}-{index}" for index, (handler, _s, _d, field) in enumerate(BAD_BODIES)],
)
def test_a_malformed_request_is_a_400_naming_the_field(client, demo, handler, student, data, field):
    pair = Pair.objects.get(pk=demo["sam"])
    data = fill(data, {"{sam}": pair.pk, "{started}": pair.started_on.isoformat()})
    before = snapshot()
    status, body = post(client, handler, student, data)
    assert status == 400, body
    assert field in body["error"]["fields"], body
    assert snapshot() == before


@pytest.mark.parametrize("handler", ["staff_add_pair", "goal_add", "invite_redeem"])
def test_a_body_that_is_not_json_is_a_400(client, demo, handler):
    before = snapshot()
    student = "staff" if handler.startswith("staff") else "mentee1"
    response = client.post(handler_url(client, handler, student), "{mentor: coach", content_type="application/json")
    assert response.status_code == 400
    assert snapshot() == before


def test_staff_preview_a_semicolon_utf16_file_from_a_spreadsheet_then_confirm_it(client, demo):
    # What Excel writes as "Unicode Text" where the comma is the decimal mark: UTF-16, semicolons.
    spreadsheet = "Mentor;Mentee\r\nCOACH;newbie\r\nghost;rookie\r\n".encode("utf-16")
    before = snapshot()
    body = ok(post(client, "staff_preview_pairs", "staff", {"csv_base64": base64.b64encode(spreadsheet).decode()}))
    assert snapshot() == before  # a preview writes nothing
    markup = body["html"]
    assert "Preview: 1 of 2 rows would be paired" in markup and "Columns separated by semicolons." in markup
    rows = re.findall(r'<tr data-outcome="(\w+)"><td>(\d+)</td><td>(.*?)</td><td>(.*?)</td><td>(.*?)</td></tr>', markup)
    assert [(outcome, line, mentor, mentee) for outcome, line, mentor, mentee, _result in rows][:2] == [
        ("created", "2", "Ravi Kumar (coach)", "Lena Fischer (newbie)"),
        ("unknown_user", "3", "ghost", "rookie"),
    ]
    # The confirmation sends the same text, decoded, to the import (with a request id, as the page does).
    confirm = re.search(r'data-action="staff_import_pairs".*?name="csv" value="(.*?)"', markup, re.S).group(1)
    text = html.unescape(confirm)
    assert text == "Mentor;Mentee\r\nCOACH;newbie\r\nghost;rookie\r\n"
    first = ok(post(client, "staff_import_pairs", "staff", {"csv": text, "request_id": "confirm-0001"}))
    assert [row["outcome"] for row in first["report"]] == ["created", "unknown_user"]
    assert ("coach", "newbie", "active") in pairs()
    again = ok(post(client, "staff_import_pairs", "staff", {"csv": text, "request_id": "confirm-0001"}))
    assert again["report"] == first["report"]  # sent twice, paired once
    assert Pair.objects.filter(mentee__username="newbie").count() == 1


def test_a_file_in_another_encoding_is_refused_naming_csv(client, demo):
    latin1 = "mentor,mentee\nJosé,newbie\n".encode("latin-1")
    before = snapshot()
    status, body = post(client, "staff_preview_pairs", "staff", {"csv_base64": base64.b64encode(latin1).decode()})
    assert status == 400 and list(body["error"]["fields"]) == ["csv"]
    assert "not UTF-8 or UTF-16" in body["error"]["fields"]["csv"]
    status, body = post(client, "staff_import_pairs", "staff", {"csv_base64": base64.b64encode(latin1).decode()})
    assert status == 400 and list(body["error"]["fields"]) == ["csv"]
    assert snapshot() == before


def test_learners_cannot_preview_a_file(client, demo):
    status, _body = post(client, "staff_preview_pairs", "learner", {"csv": "mentor,mentee\ncoach,newbie\n"})
    assert status == 403
