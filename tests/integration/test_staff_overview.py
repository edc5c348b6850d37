"""Through the workbench: what course staff see of a unit's pairs after some activity, the list's
filters, search and pages, the CSV export, the unpaired learners, and the Data Download report.

The demo unit (``mentorship.0``) after ``load_demo``: Maya Ortiz (``mentor``) mentors Sam Lee
(``mentee1``) and Noor Haddad (``mentee2``), both paired 21 days ago. Its program has five
required agenda items and six completion requirements; the at-risk threshold is 30 days.
"""

import csv
import datetime
import html
import io
import json
import re
import types

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from webob import Request

from mentoring_xblock.models import Assessment, Pair, Participant
from mentoring_xblock.reporting import data_download, exports

from ..conftest import DEMO, load_block
from .helpers import UserState, act, load_demo, ok, page, snapshot, user_states, visit

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def text_of(fragment):
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def row_text(staff_html, pair_id):
    """The text of the staff table's row for one pair."""
    return text_of(re.search(rf'<tr data-pair-row="{pair_id}".*?</tr>', staff_html, re.S).group(0))


def cells(staff_html, pair_id):
    """The row's figures by column name: its cells and those of its "Figures" (names and the
    start day left out)."""
    row = re.search(rf'<tr data-pair-row="{pair_id}".*?</tr>', staff_html, re.S).group(0)
    found = re.findall(r'<(td|dd) data-col="([\w-]+)">(.*?)</\1>', row, re.S)
    return {name: text_of(value) for _tag, name, value in found if name not in ("mentor", "mentee", "started")}


def pair_rows(staff_html):
    return [int(pk) for pk in re.findall(r'<tr data-pair-row="(\d+)"', staff_html)]


@pytest.fixture
def demo(workbench):
    load_demo()
    return types.SimpleNamespace(
        sam=Pair.objects.get(mentee__username="mentee1", status=Pair.ACTIVE),
        noor=Pair.objects.get(mentee__username="mentee2", status=Pair.ACTIVE),
    )


def work_together(pair):
    """Sam and Maya sign an agreement, set two goals (one achieved), and hold one confirmed session
    that covers two required agenda items, with one overdue and one open action item."""
    started = pair.started_on
    agreement = {"pair_id": pair.pk, "version": 0, "cadence": "Monthly", "session_minutes": 50,
                 "session_format": "video", "channels": "Chat"}  # fmt: skip
    ok(act("mentor", "agreement_save", agreement))
    for student in ("mentor", "mentee1"):
        ok(act(student, "agreement_sign", {"pair_id": pair.pk, "version": 1}))
    goal = {"pair_id": pair.pk, "measure": "Done", "target_date": "2099-01-31", "areas": []}
    first = ok(act("mentee1", "goal_add", {**goal, "statement": "Present a dashboard"}))["goal"]
    ok(act("mentee1", "goal_add", {**goal, "statement": "Write cleaner SQL"}))
    ok(act("mentor", "goal_edit", {**goal, "statement": "Present a dashboard", "goal_id": first["id"],
                                   "version": first["version"], "status": "achieved"}))  # fmt: skip
    session = ok(
        act("mentee1", "session_log", {
            "pair_id": pair.pk, "held_on": started.isoformat(), "minutes": 50, "session_format": "video",
            "agenda_items": ["kickoff", "needs", "query-review"],
            "action_items": [{"text": "Send the draft", "owner": "mentee", "due_on": (started + DAY).isoformat()},
                             {"text": "Book a room", "owner": "mentor", "due_on": ""}],
        })
    )["session"]  # fmt: skip
    ok(act("mentor", "session_review", {"pair_id": pair.pk, "session_id": session["id"], "decision": "confirm"}))
    Assessment.objects.create(course_key=pair.course_key, usage_key=pair.usage_key, pair=pair, round="baseline",
                              rater="self", submitted_at=timezone.now())  # fmt: skip


# -- the staff page --------------------------------------------------------------------------------------


def test_the_staff_page_shows_each_pairs_figures_after_some_activity(client, demo):
    work_together(demo.sam)
    started = demo.sam.started_on
    staff_page = page(client, "staff")
    # The table's columns sort; the other figures are in each row's "Figures".
    for key, heading in (("mentor", "Mentor"), ("mentee", "Mentee"), ("stage", "Stage"), ("at_risk", "At risk"),
                         ("completion", "Completion"), ("last_session", "Last session")):  # fmt: skip
        assert re.search(rf'data-sort-key="{key}"><button [^>]*name="sort" value="{key}"[^>]*>{heading}<', staff_page)
    for heading in ("Confirmed sessions", "Hours", "Days since activity", "Required agenda covered", "Goals",
                    "Action items", "Assessments submitted"):  # fmt: skip
        assert f"<dt>{heading}</dt>" in staff_page
    assert "2 active pairs" in staff_page
    assert "All: showing 1–2 of 2 pairs." in staff_page
    assert row_text(staff_page, demo.sam.pk).startswith("Maya Ortiz (mentor) Sam Lee (mentee1) In progress No 33%")
    assert cells(staff_page, demo.sam.pk) == {
        "at-risk": "No",
        "sessions": "1",
        "hours": "0.8",  # 50 minutes
        "last-session": date_format(started, "DATE_FORMAT"),
        "days": "0",
        "agenda": "2 of 5",  # kickoff and needs; query-review is optional
        "goals": "2 set, 1 achieved",
        "actions": "2 open, 1 overdue",
        "assessments": "1",
        "completion": "33%",  # agreement and goals: two of six requirements
    }
    assert row_text(staff_page, demo.noor.pk).startswith("Maya Ortiz (mentor) Noor Haddad (mentee2) Not started No 0%")
    assert cells(staff_page, demo.noor.pk) == {
        "at-risk": "No",
        "sessions": "0",
        "hours": "0.0",
        "last-session": "None yet",
        "days": "21",  # since the pairing started
        "agenda": "0 of 5",
        "goals": "0 set, 0 achieved",
        "actions": "0 open, 0 overdue",
        "assessments": "0",
        "completion": "0%",
    }
    # The drill-down: each row's button opens the pair's workspace read-only.
    assert f'data-switch-pair="{demo.sam.pk}"' in staff_page
    body = ok(act("staff", "workspace_state", {"pair_id": demo.sam.pk}))
    assert "Present a dashboard" in body["html"] and "<form" not in body["html"]


def test_a_quiet_pair_is_marked_at_risk(client, demo):
    Pair.objects.filter(pk=demo.noor.pk).update(started_on=timezone.localdate() - 31 * DAY)
    staff_page = page(client, "staff")
    noor = row_text(staff_page, demo.noor.pk)
    assert noor.startswith("Maya Ortiz (mentor) Noor Haddad (mentee2) Not started At risk")
    assert "At risk" not in row_text(staff_page, demo.sam.pk)
    assert re.search(r'data-filter="at_risk"[^>]*>At risk \(1\)</button>', staff_page)


# -- filters, search and pages through the handler ---------------------------------------------------------


def add_pairs(count, tag="extra"):
    """``count`` more active pairs in the demo unit, straight in the database, oldest first."""
    usage_key = str(load_block().scope_ids.usage_id)
    course_key = Pair.objects.values_list("course_key", flat=True).first()
    scoped = {"usage_key": usage_key, "course_key": course_key}
    people = Participant.objects.bulk_create(
        Participant(**scoped, anonymous_id=f"anon-{role}-{tag}{n}", username=f"{role}-{tag}{n}")
        for n in range(count)
        for role in ("coach", "pupil")
    )
    return Pair.objects.bulk_create(
        Pair(**scoped, mentor=people[2 * n], mentee=people[2 * n + 1], active_mentee=people[2 * n + 1],
             mentor_slot=1, started_on=timezone.localdate())
        for n in range(count)
    )  # fmt: skip


def test_staff_filter_search_and_page_through_the_handler(demo):
    work_together(demo.sam)
    Pair.objects.filter(pk=demo.noor.pk).update(started_on=timezone.localdate() - 40 * DAY)

    body = ok(act("staff", "staff_pairs", {"filter": "in_progress"}))
    assert [row["id"] for row in body["pairs"]] == [demo.sam.pk]
    assert (body["total"], body["page"], body["pages"], body["filter"]) == (1, 1, 1, "in_progress")
    assert body["counts"] == {"all": 2, "not_started": 1, "in_progress": 1, "at_risk": 1, "complete": 0}
    assert body["announce"] == "In progress: showing 1–1 of 1 pair."
    row = body["pairs"][0]
    assert (row["mentor"], row["mentee"], row["sessions_confirmed"], row["goals_achieved"]) == (
        "mentor",
        "mentee1",
        1,
        1,
    )
    assert row["last_session_on"] == demo.sam.started_on.isoformat()
    assert pair_rows(body["html"]) == [demo.sam.pk]
    assert 'aria-pressed="true" data-filter="in_progress"' in body["html"]

    at_risk = ok(act("staff", "staff_pairs", {"filter": "at_risk"}))
    assert [row["id"] for row in at_risk["pairs"]] == [demo.noor.pk]
    assert at_risk["pairs"][0]["at_risk"] is True

    found = ok(act("staff", "staff_pairs", {"search": "MENTEE2"}))
    assert [row["id"] for row in found["pairs"]] == [demo.noor.pk]
    assert found["announce"] == 'All: showing 1–1 of 1 pair matching "MENTEE2".'
    assert 'value="MENTEE2"' in found["html"]
    none = ok(act("staff", "staff_pairs", {"search": "nobody"}))
    assert (none["pairs"], none["total"], none["announce"]) == ([], 0, 'All: no pairs match "nobody".')

    extra = add_pairs(30)
    first = ok(act("staff", "staff_pairs", {}))
    second = ok(act("staff", "staff_pairs", {"page": 2}))
    assert (first["total"], first["pages"], len(first["pairs"]), len(second["pairs"])) == (32, 2, 25, 7)
    assert [row["id"] for row in first["pairs"] + second["pairs"]] == [
        *(pair.pk for pair in reversed(extra)),
        demo.noor.pk,
        demo.sam.pk,
    ]
    assert second["announce"] == "All: showing 26–32 of 32 pairs."
    assert re.search(r'<button type="submit" name="page" value="2" aria-current="page">', second["html"])
    coach = ok(act("staff", "staff_pairs", {"search": "coach-extra1", "page": 1}))
    assert [row["mentor"] for row in coach["pairs"]] == [f"coach-extra{n}" for n in (19, 18, 17, 16, 15, 14, 13, 12,
                                                                                      11, 10, 1)]  # fmt: skip


@pytest.mark.parametrize(
    ("data", "field"),
    [({"filter": "late"}, "filter"), ({"page": 0}, "page"), ({"search": ["x"]}, "search"), ({"sort": "x"}, "sort")],
)
def test_a_malformed_view_is_a_400_naming_the_field(demo, data, field):
    status, body = act("staff", "staff_pairs", data)
    assert status == 400, body
    assert list(body["error"]["fields"]) == [field]


def test_a_sorted_list_says_its_order_and_keeps_it_in_every_form(demo):
    body = ok(act("staff", "staff_pairs", {"sort": "-mentee"}))
    assert body["announce"] == "All: showing 1–2 of 2 pairs. Sorted by Mentee, descending."
    assert [row["mentee"] for row in body["pairs"]] == ["mentee1", "mentee2"]  # Sam Lee, Noor Haddad
    assert 'data-sort-key="mentee" aria-sort="descending"' in body["html"]
    assert re.search(r'data-sort-key="mentee" aria-sort="descending"><button [^>]*value="mentee"', body["html"])
    assert body["html"].count('<input type="hidden" name="sort" value="-mentee">') >= 3  # search, filters, rows
    ascending = ok(act("staff", "staff_pairs", {"sort": "mentee"}))
    assert ascending["announce"].endswith("Sorted by Mentee, ascending.")
    assert [row["mentee"] for row in ascending["pairs"]] == ["mentee2", "mentee1"]


def test_ending_a_pair_keeps_the_staff_members_filter_and_search(demo):
    body = ok(act("staff", "staff_end_pair", {"pair_id": demo.noor.pk, "filter": "not_started", "search": "mentee"}))
    assert (body["filter"], body["search"], body["pair"]["status"]) == ("not_started", "mentee", "closed")
    assert [row["id"] for row in body["pairs"]] == [demo.noor.pk, demo.sam.pk]  # newest first
    assert "announce" not in body  # the page announces the action's own success


def queries_for_the_list(count):
    add_pairs(count, tag=f"q{count}-")
    # A read once the unit's pairs follow its program (the unit's first read counts them: see
    # tests/integration/test_program_change.py for what a changed program costs).
    ok(act("staff", "staff_pairs", {"filter": "all"}))
    with CaptureQueriesContext(connection) as captured:
        body = ok(act("staff", "staff_pairs", {"filter": "all"}))
    assert len(body["pairs"]) == min(count + 2, 25)
    return len(captured.captured_queries)


def test_the_handler_takes_as_many_queries_with_200_pairs_as_with_10(demo):
    small = queries_for_the_list(10)
    Pair.objects.exclude(pk__in=[demo.sam.pk, demo.noor.pk]).delete()
    assert queries_for_the_list(200) == small


# -- the CSV export --------------------------------------------------------------------------------------------


def export(student="staff", method="GET", **params):
    block = load_block(DEMO, student)
    request = Request.blank("/?" + "&".join(f"{key}={value}" for key, value in params.items()), method=method)
    return block.runtime.handle(block, "staff_export", request)


def csv_rows(body):
    return list(csv.DictReader(io.StringIO(body.decode("utf-8"), newline="")))


def test_the_export_streams_the_pairs_as_csv(demo):
    work_together(demo.sam)
    response = export()
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response.headers["Content-Disposition"] == f'attachment; filename="mentoring-pairs-{today}.csv"'
    assert response.headers["Cache-Control"] == "no-store"
    assert not isinstance(response.app_iter, list | tuple)  # a generator: the body is streamed
    rows = csv_rows(b"".join(response.app_iter))
    assert [row["mentee"] for row in rows] == ["mentee2", "mentee1"]
    assert rows[1] == {
        "mentor": "mentor",
        "mentee": "mentee1",
        "status": "active",
        "stage": "in_progress",
        "at_risk": "false",
        "sessions_confirmed": "1",
        "hours": "0.8",
        "last_session_on": demo.sam.started_on.isoformat(),
        "days_since_activity": "0",
        "agenda_covered": "2",
        "agenda_required": "5",
        "goals_set": "2",
        "goals_achieved": "1",
        "actions_open": "2",
        "actions_overdue": "1",
        "assessments_submitted": "1",
        "completion_percent": "33",
        "started_on": demo.sam.started_on.isoformat(),
        "ended_on": "",
    }


def test_the_export_honours_the_filter_and_search(demo):
    work_together(demo.sam)
    response = export(filter="in_progress")
    assert 'filename="mentoring-pairs-in_progress-' in response.headers["Content-Disposition"]
    assert [row["mentee"] for row in csv_rows(response.body)] == ["mentee1"]
    assert [row["mentee"] for row in csv_rows(export(search="Mentee2").body)] == ["mentee2"]
    assert csv_rows(export(filter="complete").body) == []
    assert export(filter="late").status_code == 400


def test_the_staff_pages_export_link_downloads_what_the_page_shows(client, demo):
    work_together(demo.sam)
    staff_page = page(client, "staff")
    link = html.unescape(re.search(r'class="mentoring-download" href="([^"]+)"', staff_page).group(1))
    assert "/staff_export/" in link
    response = client.get(link)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert {row["mentee"] for row in csv_rows(response.content)} == {"mentee1", "mentee2"}
    # The link carries the list's filter and search.
    body = ok(act("staff", "staff_pairs", {"filter": "in_progress", "search": "mentee"}))
    link = html.unescape(re.search(r'class="mentoring-download" href="([^"]+)"', body["html"]).group(1))
    assert "filter=in_progress" in link and "search=mentee" in link
    assert [row["mentee"] for row in csv_rows(client.get(link).content)] == ["mentee1"]


# -- only staff ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("student", ["mentor", "mentee1", "learner"])
def test_learners_get_403_from_the_staff_list_and_the_export(client, demo, student):
    visit(client, "learner")
    before = snapshot()
    status, body = act(student, "staff_pairs", {})
    assert status == 403 and body["error"]["code"] == "forbidden"
    response = export(student)
    assert response.status_code == 403
    assert json.loads(response.body)["error"]["code"] == "forbidden"
    assert b"mentee2" not in response.body
    assert snapshot() == before


def test_the_export_answers_get_only(demo):
    response = export(method="POST")
    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, HEAD"


# -- learners without a pair -------------------------------------------------------------------------------------


def test_the_staff_page_lists_the_learners_who_visited_without_a_pair(client, demo):
    visit(client, "learner")
    visit(client, "newcomer")
    staff_page = page(client, "staff")
    assert "2 learners without a pair" in staff_page
    listed = re.findall(r'<tr data-unpaired="([^"]+)">', staff_page)
    assert listed == ["newcomer", "learner"]  # the most recent visit first
    assert "Learners who opened this unit and have no active pairing" in staff_page

    ok(act("staff", "staff_add_pair", {"mentor": "newcomer", "mentee": "learner"}))
    ok(act("staff", "staff_end_pair", {"pair_id": demo.noor.pk}))
    staff_page = page(client, "staff")
    assert re.findall(r'<tr data-unpaired="([^"]+)">', staff_page) == ["mentee2"]
    body = ok(act("staff", "staff_pairs", {}))
    assert [person["username"] for person in body["unpaired"]] == ["mentee2"]
    assert body["unpaired_total"] == 1


# -- the Data Download report ----------------------------------------------------------------------------------


def test_generate_report_data_gives_each_visitor_a_row_per_pair(client, demo):
    work_together(demo.sam)
    for student in ("mentor", "mentee1", "mentee2", "learner", "staff"):
        visit(client, student)
    block = load_block(DEMO, "staff")
    report = list(block.generate_report_data(user_states(block)))
    assert [(name, row["role"], row["partner"]) for name, row in report] == [
        ("learner", "unpaired", ""),
        ("mentee1", "mentee", "mentor"),
        ("mentee2", "mentee", "mentor"),
        ("mentor", "mentor", "mentee1"),
        ("mentor", "mentor", "mentee2"),
    ]  # staff visits store no user state, so staff have no row
    assert list(report[1][1]) == list(data_download.KEYS)
    assert dict(report[1][1]) == {
        "role": "mentee",
        "partner": "mentor",
        "pair_status": "active",
        "stage": "in_progress",
        "sessions_confirmed": 1,
        "hours": 0.8,
        "goals_set": 2,
        "goals_achieved": 1,
        "actions_open": 2,
        "assessments": "baseline self: submitted",
        "completion_percent": 33,
    }
    assert [name for name, _row in block.generate_report_data(user_states(block), limit_responses=2)] == [
        "learner",
        "mentee1",
    ]


def test_generate_report_data_works_on_a_block_without_services(demo):
    """The platform calls it in a worker, on a block loaded without a user: no service is touched."""
    block = load_block(DEMO, "staff")
    service = block.runtime.service

    def only_field_data(asker, name):
        assert name == "field-data", f"generate_report_data asked the runtime for the {name} service"
        return service(asker, name)

    block.runtime.service = only_field_data
    states = [UserState("mentor", {}, None, None), UserState("mentee2", {}, None, None)]
    assert [(name, row["role"]) for name, row in block.generate_report_data(iter(states))] == [
        ("mentor", "mentor"),
        ("mentor", "mentor"),
        ("mentee2", "mentee"),
    ]


def test_the_csv_module_and_the_report_count_the_same_hours(demo):
    work_together(demo.sam)
    block = load_block(DEMO, "staff")
    report = dict(block.generate_report_data([UserState("mentee1", {}, None, None)]))
    exported = csv_rows(export().body)
    assert float(exported[1]["hours"]) == report["mentee1"]["hours"]
    assert exports.COLUMNS[0:2] == ("mentor", "mentee")
