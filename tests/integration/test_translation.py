"""Every view, state and handler answer of the block in Spanish, through the workbench runtime.

Each view is rendered with Spanish active and searched for the English of the catalog: every
msgid (split at its placeholders) whose Spanish differs, in pieces long enough to be
unambiguous. The unit is the default program (every text a default, so all of it translated);
the people and everything they type are names and Spanish text, so that any English left on the
page is the product's own.
"""

import datetime
import functools
import html
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import translation

from mentoring_xblock.core import i18n, platform
from mentoring_xblock.models import Pair
from mentoring_xblock.web import instructor
from mentoring_xblock.workbench.services import workbench_course_key
from tools import messages, po

from ..conftest import DEFAULT, block_from_olx, call_json, load_block
from .helpers import load_demo, ok, with_closed_sections

pytestmark = pytest.mark.django_db

MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December"]  # fmt: skip
PEOPLE = {"ana": "Ana Ruiz", "bruno": "Bruno Díaz", "carla": "Carla Gómez", "dario": "Darío Sanz"}


def spanish(msgid):
    with translation.override("es"):
        return i18n.gettext(msgid)


def english_phrases():
    """Pieces of the Python and template msgids that Spanish says differently (at least two words
    and ten characters each, placeholders cut out)."""
    translated = {entry.key: entry.msgstr for entry in po.read_po(messages.catalog_path("es", "text"))}
    phrases = set()
    for entry in po.read_po(messages.catalog_path("en", "text")):
        for original in filter(None, [entry.msgid, entry.msgid_plural]):
            if original in translated[entry.key]:
                continue  # the same in Spanish: "{field}: {message}", "%(name)s (%(role)s)"
            for piece in po.PLACEHOLDER.split(original.replace("%%", "%")):
                piece = piece.strip(" .,:;()\"'–-")
                if len(piece) >= 10 and " " in piece:
                    phrases.add(piece)
    return phrases


ENGLISH = english_phrases()


def page_text(markup):
    """What a person reads or hears: the text and the attribute values, unescaped, spaces collapsed.
    Scripts are left out: they carry the views' data (the Studio editor's program as stored)."""
    markup = re.sub(r"<script\b.*?</script>", "", markup, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(markup))


def english_left(markup):
    """The catalog's English phrases and the English month names that ``markup`` shows."""
    text = page_text(markup)
    phrases = sorted(phrase for phrase in ENGLISH if phrase in text)
    return phrases + [month for month in MONTHS if re.search(rf"\b{month}\b", text)]


def assert_spanish(markup, *expected):
    """No English phrase of the catalog and no English month in ``markup``; each ``expected`` msgid
    is there in Spanish, its placeholders aside (so the state under test is the one rendered)."""
    left = english_left(markup)
    assert not left, f"English in the Spanish page: {left}"
    text = page_text(markup)
    for msgid in expected:
        for piece in po.PLACEHOLDER.split(spanish(msgid).replace("%%", "%")):
            assert page_text(piece).strip() in text, msgid


def render(student, view="student_view", scenario=DEFAULT):
    with translation.override("es"):
        return load_block(scenario, student).render(view, {})


def opened(student, scenario=DEFAULT):
    """The Spanish page of ``student`` with every section open: those it shows closed are read
    as the page reads them when opened."""
    markup = render(student, scenario=scenario).body_html()
    return with_closed_sections(markup, student, functools.partial(act, scenario=scenario))


def act(student, handler, data, scenario=DEFAULT):
    with translation.override("es"):
        return call_json(load_block(scenario, student), handler, data)


@pytest.fixture
def people(workbench):
    """The demo's users and four more, with names."""
    load_demo()
    users = get_user_model().objects
    for username, name in PEOPLE.items():
        first, last = name.split(" ")
        users.update_or_create(username=username, defaults={"first_name": first, "last_name": last})


@pytest.fixture
def unit(people):
    """The default program with a mentor of two mentees who have worked together, an ended
    pairing and a learner who opened the unit unpaired."""
    for mentee in ("mentee1", "mentee2", "carla"):
        ok(act("staff", "staff_add_pair", {"mentor": "mentor", "mentee": mentee}))
    pairs = {pair.mentee.username: pair for pair in Pair.objects.filter(usage_key=usage_key())}
    ok(act("staff", "staff_end_pair", {"pair_id": pairs["carla"].pk, "reason": "Cambio de horario"}))
    render("learner")
    # Six weeks ago, so that an action item can be overdue and the pair behind its rhythm.
    Pair.objects.filter(pk=pairs["mentee1"].pk).update(started_on=datetime.date.today() - datetime.timedelta(days=42))
    work_together(pairs["mentee1"].pk)
    return pairs


def usage_key():
    return str(load_block(DEFAULT, "staff").scope_ids.usage_id)


def work_together(pair_id):
    """Agreement signed, a goal with progress, a confirmed session and a pending one, action items
    open and done, the needs assessment and the final round submitted, the mid-point half done."""
    started = Pair.objects.get(pk=pair_id).started_on
    today = datetime.date.today().isoformat()
    held_on, due_on = ((started + datetime.timedelta(days=days)).isoformat() for days in (1, 2))
    agreement = {"pair_id": pair_id, "version": 0, "cadence": "Cada dos semanas", "session_minutes": 45,
                 "session_format": "video", "channels": "Mensajes del curso", "contact_hours": "Tardes",
                 "boundaries": "Nada de fines de semana", "mentor_expectations": "Puntualidad",
                 "mentee_expectations": "Sinceridad", "mentor_brings": "Experiencia", "mentee_brings": "Ganas",
                 "review_on": today}  # fmt: skip
    ok(act("mentor", "agreement_save", agreement))
    for student in ("mentor", "mentee1"):
        ok(act(student, "agreement_sign", {"pair_id": pair_id, "version": 1}))
    goal = ok(act("mentee1", "goal_add", {"pair_id": pair_id, "statement": "Presentar un informe",
                                          "why": "Para mi equipo", "measure": "El equipo lo usa",
                                          "target_date": "2099-01-31", "areas": ["skills"]}))["goal"]  # fmt: skip
    ok(act("mentor", "goal_progress", {"pair_id": pair_id, "goal_id": goal["id"], "value": 40, "note": "Bien"}))
    session = {"pair_id": pair_id, "held_on": held_on, "minutes": 50, "session_format": "video",
               "agenda_items": ["kickoff", "needs"], "notes": "Nos conocimos",
               "review": {"useful": "El plan", "next_steps": "Leer", "mentor_before_next": "Enviar enlaces",
                          "mentee_before_next": "Practicar", "change": "Nada"},
               "action_items": [{"text": "Enviar el borrador", "owner": "mentee", "due_on": due_on},
                                {"text": "Reservar sala", "owner": "mentor", "due_on": ""}]}  # fmt: skip
    logged = ok(act("mentee1", "session_log", session))["session"]
    ok(act("mentor", "session_review", {"pair_id": pair_id, "session_id": logged["id"], "decision": "confirm"}))
    done = next(item for item in ok(act("mentor", "workspace_state", {"pair_id": pair_id}))["workspace"]["actions_open"]
                if item["text"] == "Reservar sala")  # fmt: skip
    ok(act("mentor", "action_done", {"pair_id": pair_id, "action_id": done["id"]}))
    ok(act("mentor", "session_log", {**session, "agenda_items": ["smart-goals"], "action_items": []}))
    swot = {"strengths": "Constancia", "weaknesses": "Prisa", "opportunities": "Equipo", "threats": "Plazos"}
    ratings = {"direction": "2", "skills": "1", "communication": "2", "habits": "3"}
    ok(act("mentee1", "assessment_submit", {"pair_id": pair_id, "round": "baseline", "why_now": "Un proyecto",
                                            "outcome": "Liderar", "time_available": "Tres horas", "swot": swot,
                                            "ratings": ratings}))  # fmt: skip
    answers = {key: "Respuesta" for key in ("improvement", "new-approach", "obstacle", "impact", "satisfaction",
                                              "recommend")}  # fmt: skip
    final = {"pair_id": pair_id, "round": "final", "answers": answers, "comment": "Gracias"}
    ok(act("mentee1", "assessment_submit", {**final, "ratings": {**ratings, "skills": "4"}}))
    ok(act("mentor", "assessment_submit", {**final, "ratings": {**ratings, "skills": "3"}}))
    ok(act("mentee1", "assessment_submit", {**final, "round": "midpoint", "ratings": ratings}))
    ok(act("mentor", "assessment_save", {"pair_id": pair_id, "round": "midpoint", "ratings": {"skills": "2"}}))


def test_the_check_finds_the_english_of_a_page_rendered_in_english(people):
    with translation.override("en"):
        markup = load_block(DEFAULT, "dario").render("student_view", {}).body_html()
    assert {"You are not paired yet", "Kickoff: meet and set expectations"} <= set(english_left(markup))


# -- the learner's views -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("mode", "expected"),
    [
        ("staff", "Course staff will pair you with a partner. Your workspace opens here as soon as they do."),
        ("invite", "Ask your mentor or mentee for an invite code, or create one and share it with them."),
        ("both", "Pair with an invite code"),
    ],
)
def test_an_unpaired_learner_reads_the_program_in_spanish_in_every_pairing_mode(people, mode, expected):
    with translation.override("es"):
        block = block_from_olx(f'<mentorship pairing_mode="{mode}"/>', student="dario")
        first = block.render("student_view", {}).body_html()
        codes = None
        if mode != "staff":
            ok(call_json(block, "invite_create", {"role": "mentee"}))
            codes = block.render("student_view", {}).body_html()
    assert_spanish(first, "You are not paired yet", expected, "Kickoff: meet and set expectations",
                   "What completing this unit requires")  # fmt: skip
    if codes:
        assert_spanish(codes, "Your codes")


def test_the_paired_workspace_is_spanish_for_the_mentee(unit):
    assert_spanish(
        opened("mentee1"),
        "Signed by both of you.",
        "Latest progress: {value}%",
        "{value}%, by {author} on {date}",
        "{date}: {minutes} minutes, {format}",
        "Logged by {name}",
        "due {date}",
        "done {date}",
        "Confirm the session",
        "Open action items carried forward: tick those now done",
        "Covered on %(date)s",
        "Progress per learning area",
        "Change since baseline (self)",
        "Gap (self minus mentor)",
        "{name} logged a session held on {date}: confirm it or say what is wrong.",
        "Overdue",
    )


def test_the_mentor_of_several_mentees_reads_spanish_with_sealed_and_draft_rounds(unit):
    assert_spanish(
        opened("mentor"),
        "Your mentoring partners",
        "Show the workspace with:",
        "Past pairings",
        "Sealed: you see each other's assessment of this round once both of you have submitted yours.",
        "Fill in your part of the %(label)s",
    )


def test_a_learner_whose_pairing_ended_reads_spanish(unit):
    assert_spanish(render("carla").body_html(), "Past pairings", "Your pairing has ended", "Reason: %(reason)s")


# -- staff ---------------------------------------------------------------------------------------------------


def test_the_staff_panel_is_spanish_with_pairs_filters_a_search_and_an_upload_report(unit):
    assert_spanish(
        render("staff").body_html(),
        "Pairs in this unit (course staff only)",
        "Show pairs",
        "Download these pairs as CSV",
        "Learners who opened this unit and have no active pairing, most recently seen first.",
    )
    for view in ({"filter": "at_risk"}, {"filter": "all", "search": "mentee"}, {"filter": "complete"}):
        body = ok(act("staff", "staff_pairs", view))
        assert_spanish(body["html"] + body["announce"], "Show pairs")
    rows = "mentor,mentee\nana,bruno\nana,bruno\nnadie,ana\nana,ana\nsolo\nmentor,mentee2\n"
    body = ok(act("staff", "staff_import_pairs", {"csv": rows}))
    assert {row["outcome"] for row in body["report"]} >= {"created", "unknown_user", "same_person", "malformed"}
    assert_spanish(body["html"], "Line", "Result", "Unknown user", "Same person twice", "Malformed row")


def test_the_staff_drill_down_into_a_pair_is_spanish(unit):
    body = ok(act("staff", "workspace_state", {"pair_id": unit["mentee1"].pk}))
    assert_spanish(body["html"], "Course staff can read this workspace; only the pair can change it.")


def test_the_studio_editor_and_the_author_preview_are_spanish(unit):
    assert_spanish(render("staff", "studio_view").body_html(), "Mentoring program", "Loading the editor…")
    assert_spanish(
        render("staff", "author_view").body_html(),
        "Preview of the mentoring program learners will follow. Use Edit to change it.",
        "How the program runs",
    )


def test_the_instructor_dashboard_page_and_section_are_spanish(unit, client, settings):
    settings.ROOT_URLCONF = "tests.urls"
    client.force_login(get_user_model().objects.get(username="staff"))
    course_key = workbench_course_key()
    url = reverse("mentoring_xblock:course_overview", kwargs={"course_key": course_key})
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 200
    assert_spanish(response.content.decode(), "Mentoring units in this course and their active pairs", "Share complete")
    with translation.override("es"):
        section = instructor.overview_html(course_key)
    assert_spanish(section, "Active pairs")


# -- handler errors ------------------------------------------------------------------------------------------


def test_handler_errors_are_spanish(unit):
    pair_id = unit["mentee1"].pk
    answers = {
        400: act("mentee1", "goal_add", {"pair_id": pair_id, "statement": "", "measure": "", "target_date": "x"}),
        403: act("mentee1", "staff_pairs", {}),
        404: act("learner", "workspace_state", {"pair_id": pair_id}),
        409: act("mentor", "agreement_save", {"pair_id": pair_id, "version": 0, "cadence": "Semanal",
                                              "session_minutes": 30, "session_format": "video", "channels": "Correo"}),
    }  # fmt: skip
    for status, (answered, body) in answers.items():
        assert answered == status, body
        assert_spanish(json.dumps(body["error"], ensure_ascii=False))
    assert answers[400][1]["error"]["fields"]["statement"] == spanish("This field is required.")
    assert answers[403][1]["error"]["message"] == spanish("Only course staff can do this.")
    assert answers[404][1]["error"]["message"] == spanish("This item does not exist or is not available to you.")


# -- the JavaScript catalog ---------------------------------------------------------------------------------


def js_catalog(text):
    """The messages of a generated catalog script."""
    return json.loads(text.split("var catalog = ", 1)[1].split(";\n", 1)[0])


def test_a_spanish_page_loads_the_spanish_javascript_catalog_before_the_blocks_scripts(people, client):
    markup = client.get(f"/scenario/{DEFAULT}/studio_view/?student=staff", HTTP_ACCEPT_LANGUAGE="es").content.decode()
    scripts = re.findall(r"<script[^>]+src=['\"]([^'\"]+)['\"]", markup)
    catalog = next(src for src in scripts if src.endswith("/static/js/translations/es/textjs.js"))
    assert scripts.index(catalog) < scripts.index(next(src for src in scripts if src.endswith("/studio.bundle.js")))
    response = client.get(catalog)
    assert response.status_code == 200
    script = b"".join(response).decode() if response.streaming else response.content.decode()
    assert re.search(r"globals\.MentoringXBlockI18N = globals\.MentoringXBlockI18N", script)
    spanish_js = {entry.msgid: entry.msgstr[0] for entry in po.read_po(messages.catalog_path("es", "textjs"))}
    assert js_catalog(script)["Add learning area"] == spanish_js["Add learning area"] != "Add learning area"
    english = client.get(f"/scenario/{DEFAULT}/studio_view/?student=staff", HTTP_ACCEPT_LANGUAGE="en").content
    assert b"/translations/" not in english


def test_a_regional_spanish_uses_the_spanish_catalog(people):
    with translation.override("es-419"):
        fragment = load_block(DEFAULT, "staff").render("studio_view", {})
    urls = [res.data for res in fragment.resources if res.kind == "url" and res.mimetype == "application/javascript"]
    assert urls[0].endswith("static/js/translations/es/textjs.js")


def test_the_platforms_javascript_catalog_is_used_when_it_offers_one(people, monkeypatch):
    class PlatformI18n:
        def __init__(self, url):
            self.url = url

        def get_javascript_i18n_catalog_url(self, block):
            assert block.i18n_js_namespace == "MentoringXBlockI18N"
            return self.url

    block = load_block(DEFAULT, "staff")
    with translation.override("es"):
        monkeypatch.setattr(platform, "i18n_service", lambda block: PlatformI18n("/static/js/i18n/mentorship/es.js"))
        assert platform.js_catalog_url(block) == "/static/js/i18n/mentorship/es.js"
        monkeypatch.setattr(platform, "i18n_service", lambda block: PlatformI18n(None))
        assert platform.js_catalog_url(block).endswith("static/js/translations/es/textjs.js")
    with translation.override("en"):
        assert platform.js_catalog_url(block) is None
