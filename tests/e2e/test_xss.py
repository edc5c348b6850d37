"""In Chromium: script and HTML that authors and learners type is shown as text, never run.

Every free-text field — the author's program through ``studio_submit`` and every text a pair
writes through the handlers — holds a marker (``#07``) and the same six payloads. Then the views
are opened: the learner view as the mentor and as the mentee, the staff panel and a pair's
drill-down (loaded by a handler and swapped in), the Studio editor and the author preview. In
each, every field expected there must show its payload as text (in the page's text or a form
field's value), ``window.__xss`` must stay undefined, no dialog may open, and every link must
lead to an http(s) address. The figures (payloads × fields × views) are recorded in
``var/reliability/xss.json``.
"""

import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from mentoring_xblock.models import Pair

from ..conftest import call_json, load_block
from ..reliability import record
from .sections import open_everything

pytestmark = pytest.mark.django_db(transaction=True)

SCENARIO = "/scenario/mentorship.0/"
PAYLOADS = (
    "<script>window.__xss=1</script>",
    '<img src=x onerror="window.__xss=1">',
    '"><svg onload=window.__xss=1>',
    "{{7*7}}",
    "</script><script>window.__xss=1</script>",
    "</textarea><svg onload=window.__xss=1>",
)
PAYLOAD = " ".join(PAYLOADS)
# A link address can hold no space: the attack is an attribute break-out.
SWOT = ("strengths", "weaknesses", "opportunities", "threats")
LINK_URL = '/about?q="><svg/onload=window.__xss=1>'


class Fields:
    """Hands out a marked payload per field and remembers which field got which marker."""

    def __init__(self):
        self.names = {}

    def __call__(self, name):
        marker = f"#{len(self.names):02d}"
        self.names[name] = marker
        return f"{marker} {PAYLOAD}"

    def text(self, name):
        return f"{self.names[name]} {PAYLOAD}"


def act(student, handler, data):
    status, body = call_json(load_block(student=student), handler, data)
    assert status == 200, body
    return body


def author_program(fields):
    program = load_block().program
    program["display_name"] = fields("display name")
    program["introduction"] = fields("introduction")
    for index, area in enumerate(program["learning_areas"]):
        area["title"] = fields(f"area {index} title")
        area["description"] = fields(f"area {index} description")
    for index, item in enumerate(program["agenda"][:2]):
        item["title"] = fields(f"agenda {index} title")
        item["prompts"] = [fields(f"agenda {index} prompt")]
        item["links"] = [{"label": fields(f"agenda {index} link"), "url": LINK_URL}]
    for index, point in enumerate(program["rating_scale"]):
        point["label"] = fields(f"scale {index} label")
    for key in ("progress_questions", "checkin_questions"):
        for index, question in enumerate(program[key]):
            question["text"] = fields(f"{key} {index}")
    return program


def learner_records(fields, pair, program):
    """Every text a pair writes, through the handlers: agreement, goal and its update, a session
    with its review and an action item, a disputed session, the needs assessment and both
    mid-point assessments (so that the round is revealed)."""
    agreement = {key: fields(f"agreement {key}") for key in (
        "cadence", "channels", "contact_hours", "boundaries", "mentor_expectations", "mentee_expectations",
        "mentor_brings", "mentee_brings")}  # fmt: skip
    act("mentor", "agreement_save", {"pair_id": pair.pk, "version": 0, "session_minutes": 45,
                                     "session_format": "video", **agreement})  # fmt: skip
    for student in ("mentor", "mentee1"):
        act(student, "agreement_sign", {"pair_id": pair.pk, "version": 1})
    goal = act("mentee1", "goal_add", {"pair_id": pair.pk, "statement": fields("goal statement"),
               "why": fields("goal why"), "measure": fields("goal measure"), "target_date": "2099-01-01"})  # fmt: skip
    act("mentor", "goal_progress", {"pair_id": pair.pk, "goal_id": goal["goal"]["id"], "value": 40,
                                    "note": fields("goal progress note")})  # fmt: skip
    review = {key: fields(f"review {key}") for key in (
        "useful", "next_steps", "mentor_before_next", "mentee_before_next", "change")}  # fmt: skip
    held = pair.started_on.isoformat()
    act("mentee1", "session_log", {"pair_id": pair.pk, "held_on": held, "minutes": 45, "session_format": "video",
        "notes": fields("session notes"), "review": review,
        "action_items": [{"text": fields("action item"), "owner": "mentee"}]})  # fmt: skip
    disputed = act("mentee1", "session_log", {"pair_id": pair.pk, "held_on": held, "minutes": 30,
                   "session_format": "phone"})["session"]  # fmt: skip
    act("mentor", "session_review", {"pair_id": pair.pk, "session_id": disputed["id"], "decision": "dispute",
                                     "note": fields("dispute note")})  # fmt: skip
    areas = [area["id"] for area in program["learning_areas"]]
    questions = [q["id"] for q in program["progress_questions"] + program["checkin_questions"]]
    act("mentee1", "assessment_submit", {
        "pair_id": pair.pk, "round": "baseline", "ratings": dict.fromkeys(areas, 2),
        "why_now": fields("needs why now"), "outcome": fields("needs outcome"),
        "time_available": fields("needs time available"), "comment": fields("needs comment"),
        "swot": {key: fields(f"swot {key}") for key in SWOT}})  # fmt: skip
    for student, rater in (("mentee1", "self"), ("mentor", "mentor")):
        act(student, "assessment_submit", {
            "pair_id": pair.pk, "round": "midpoint", "ratings": dict.fromkeys(areas, 3),
            "answers": {q: fields(f"{rater} answer {q}") for q in questions},
            "comment": fields(f"{rater} comment")})  # fmt: skip


@pytest.fixture
def attacked(workbench_url):
    """The demo unit with every free text attacked; returns the base URL and the fields."""
    call_command("load_demo", stdout=io.StringIO())
    fields = Fields()
    program = author_program(fields)
    act("staff", "studio_submit", {**program, "weight": 1})
    # A javascript: link is refused outright.
    bad = {**program, "weight": 1}
    bad["agenda"][0]["links"] = [{"label": "Click", "url": "javascript:window.__xss=1"}]
    status, body = call_json(load_block(), "studio_submit", bad)
    assert status == 400 and "agenda.0.links.0.url" in body["error"]["fields"]
    author_fields = set(fields.names)
    pair = Pair.objects.get(mentee__username="mentee1")
    learner_records(fields, pair, program)
    other = Pair.objects.get(mentee__username="mentee2")
    act("staff", "staff_end_pair", {"pair_id": other.pk, "reason": fields("end reason")})
    return workbench_url, fields, author_fields


def watch(page):
    """Dialogs that open on ``page`` (each dismissed at once)."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return dialogs


TEXT_AND_VALUES = """root => {
    root.querySelectorAll('details').forEach(d => { d.open = true; });
    const values = [...root.querySelectorAll('input, textarea, select')].map(field => field.value);
    return [root.textContent, ...values].join('\\n');
}"""
LINKS = "root => [...root.querySelectorAll('a[href]')].map(a => a.href)"


def shown(page, selector):
    """What ``selector`` shows as text (every disclosure opened) and holds in its form fields."""
    root = page.locator(selector).first
    expect(root).to_be_visible()
    text = root.evaluate(TEXT_AND_VALUES)
    hrefs = root.evaluate(LINKS)
    page.wait_for_timeout(50)  # an injected handler would run on the next turn of the event loop
    assert page.evaluate("typeof window.__xss") == "undefined"
    bad_links = [href for href in hrefs if not href.startswith(("http://", "https://"))]
    assert bad_links == []
    return text


def missing(fields, names, text):
    return sorted(name for name in names if fields.text(name) not in text)


def test_every_free_text_is_shown_as_text_and_never_runs(attacked, open_page):
    base, fields, author_fields = attacked
    learner_fields = set(fields.names) - author_fields - {"end reason"}
    shown_to_learners = {name for name in author_fields if not name.startswith("scale")} | learner_fields
    checked = {}

    def view(student, path, selector, expected, before=None):
        page = open_page()
        dialogs = watch(page)
        page.goto(f"{base}/scenario/mentorship.0/{path}?student={student}")
        if before:
            before(page)
        text = shown(page, selector)
        assert missing(fields, expected, text) == [], (student, path)
        assert dialogs == []
        checked[f"{path or 'learner_view'} as {student}"] = len(expected)
        return page

    ready = ".mentoring-block[data-ready='true']"
    view("mentor", "", ready, shown_to_learners, before=open_everything)  # every section open
    view("mentee1", "", ready, shown_to_learners, before=open_everything)

    def drill_down(page):
        expect(page.locator(ready)).to_be_visible()
        page.locator("tr[data-pair-row]", has_text="mentee1").get_by_role("button", name="Open").click()
        expect(page.locator(".mentoring-staff-workspace .mentoring-header h5")).to_contain_text("Sam Lee")

    staff = view("staff", "", ready, learner_fields | {"end reason"}, before=drill_down)
    # The panel swapped in by a handler (a filter) shows the end reason as text too.
    staff.locator("button[data-filter='all']").click()
    assert fields.text("end reason") in shown(staff, ready)

    def editor_filled(page):
        expect(page.get_by_label("Display name")).to_have_value(fields.text("display name"))

    view("staff", "studio_view/", ".mentoring-studio", author_fields, before=editor_filled)
    # The author preview shows the program a learner reads before any pairing: no scale, no questions.
    preview = {name for name in author_fields if not name.startswith(("scale", "progress_q", "checkin_q"))}
    view("staff", "author_view/", ".mentoring-block", preview)
    record("xss", "payloads", len(PAYLOADS))
    record("xss", "fields", {"author": len(author_fields), "learner": len(learner_fields) + 1})
    record("xss", "views", checked)
    # Fields × views in which the payloads were seen as text, each view with every payload.
    record("xss", "payload_checks", len(PAYLOADS) * sum(checked.values()))


def test_a_link_is_only_ever_an_http_address(attacked):
    status, body = call_json(load_block(), "studio_submit", {**load_block().program, "weight": 1})
    assert status == 200
    for url in ("javascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "//evil.example", "/\\evil.example"):
        program = {**load_block().program, "weight": 1}
        program["agenda"][0]["links"] = [{"label": "A link", "url": url}]
        status, body = call_json(load_block(), "studio_submit", program)
        assert status == 400, url
        assert "agenda.0.links.0.url" in body["error"]["fields"]
