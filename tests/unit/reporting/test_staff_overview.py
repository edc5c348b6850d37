"""The staff overview (rows, the at-risk rule, filters, search, pages, per-row figures), the CSV
export and the Data Download report rows, straight on the models."""

import csv
import datetime
import functools
import io
from collections import namedtuple

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring_xblock.core.errors import InvalidInput, NotAllowed
from mentoring_xblock.models import ActionItem, Assessment, Goal, Pair, Participant, Session
from mentoring_xblock.program import config
from mentoring_xblock.reporting import data_download, exports, staff_overview

from .. import people
from ..people import OTHER_UNIT, START, TODAY, UNIT, staff_actor

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
REQUIRED_AGENDA = ["kickoff", "needs", "smart-goals", "midpoint", "final-review"]
# Staff look at TODAY, two months after START.
staff = functools.partial(people.context, staff_actor(), today=TODAY)


def overview(view=staff_overview.View(), **context_args):  # noqa: B008
    return staff_overview.overview(staff(**context_args), view)


def make_pairs(count, *, unit=UNIT, tag="p", **values):
    """``count`` pairs of the unit, ``mentor-<tag><n>`` with ``mentee-<tag><n>``, formed on START
    with ``values`` (the stored standing: stage, progress, dates...), numbered oldest first."""
    members = Participant.objects.bulk_create(
        Participant(
            course_key=unit.course_key,
            usage_key=unit.usage_key,
            anonymous_id=f"anon-{role}-{tag}{number}",
            username=f"{role}-{tag}{number}",
            display_name=f"{role.title()} {tag.upper()}{number}",
        )
        for number in range(count)
        for role in ("mentor", "mentee")
    )
    status = values.pop("status", Pair.ACTIVE)
    values.setdefault("started_on", START)
    pairs = []
    for number in range(count):
        mentor, mentee = members[2 * number], members[2 * number + 1]
        active = status == Pair.ACTIVE
        pairs.append(
            Pair(
                course_key=unit.course_key,
                usage_key=unit.usage_key,
                mentor=mentor,
                mentee=mentee,
                status=status,
                active_mentee=mentee if active else None,
                mentor_slot=1 if active else None,
                **values,
            )
        )
    return Pair.objects.bulk_create(pairs)


def make_one(tag, **values):
    return make_pairs(1, tag=tag, **values)[0]


def scoped(pair):
    return {"course_key": pair.course_key, "usage_key": pair.usage_key, "pair": pair}


def add_goal(pair, status="in_progress"):
    return Goal.objects.create(**scoped(pair), statement="A goal", status=status)


def add_action(pair, status="open", due_on=None):
    return ActionItem.objects.create(**scoped(pair), text="Something", owner="mentee", status=status, due_on=due_on)


def add_session(pair, agenda, confirmation=Session.CONFIRMED, held_on=START):
    return Session.objects.create(
        **scoped(pair),
        held_on=held_on,
        minutes=60,
        session_format="video",
        agenda_items=agenda,
        confirmation=confirmation,
    )


def add_assessment(pair, round_, rater, submitted=True):
    submitted_at = timezone.now() if submitted else None
    return Assessment.objects.create(**scoped(pair), round=round_, rater=rater, submitted_at=submitted_at)


def with_activity(pair):
    """Give a pair a bit of everything the overview counts."""
    add_goal(pair, "achieved")
    add_goal(pair)
    add_action(pair)
    add_action(pair, due_on=TODAY - DAY)
    add_action(pair, status="done")
    add_session(pair, ["kickoff", "needs", "query-review"])
    add_session(pair, ["midpoint"], confirmation=Session.PENDING)
    add_assessment(pair, "baseline", "self")
    add_assessment(pair, "baseline", "mentor", submitted=False)


def ids(found):
    return [row["id"] for row in found.rows]


# -- the at-risk rule -----------------------------------------------------------------------------------

# (what the pair stored, at risk on TODAY with the default 30-day threshold?)
AT_RISK_CASES = [
    ({"started_on": TODAY - 31 * DAY}, True),  # no session for 31 days since the start
    ({"started_on": TODAY - 30 * DAY}, False),  # exactly 30 days is not *more* than 30
    ({"started_on": TODAY - 100 * DAY, "last_session_on": TODAY - 31 * DAY}, True),
    ({"started_on": TODAY - 100 * DAY, "last_session_on": TODAY - 30 * DAY}, False),
    ({"started_on": TODAY - 100 * DAY, "last_session_on": TODAY - 2 * DAY}, False),
    ({"started_on": TODAY - 5 * DAY, "cadence_due_on": TODAY}, True),  # behind the cadence today
    ({"started_on": TODAY - 5 * DAY, "cadence_due_on": TODAY - 3 * DAY}, True),
    ({"started_on": TODAY - 5 * DAY, "cadence_due_on": TODAY + DAY}, False),
    ({"started_on": TODAY - 100 * DAY, "stage": Pair.COMPLETE, "progress": 1.0}, False),  # complete
    ({"started_on": TODAY - 100 * DAY, "status": Pair.CLOSED}, False),  # ended
    ({"started_on": TODAY - 5 * DAY, "cadence_due_on": TODAY, "status": Pair.CLOSED}, False),
]


@pytest.mark.parametrize(("stored", "at_risk"), AT_RISK_CASES, ids=[str(n) for n in range(len(AT_RISK_CASES))])
def test_the_at_risk_rule_is_the_same_in_sql_and_on_the_row(stored, at_risk):
    pair = make_one("x", **stored)
    assert staff_overview.is_at_risk(pair, TODAY, 30) is at_risk
    in_sql = Pair.objects.filter(staff_overview.at_risk_q(TODAY, 30)).filter(pk=pair.pk).exists()
    assert in_sql is at_risk
    found = overview(staff_overview.View(filter="at_risk"))
    assert ids(found) == ([pair.pk] if at_risk else [])
    assert found.counts["filters"]["at_risk"] == int(at_risk)
    assert [row["at_risk"] for row in read_csv(exports.staff_csv(staff(), staff_overview.View()))] == [
        str(at_risk).lower()
    ]


def test_the_threshold_is_the_authors():
    pair = make_one("x", started_on=TODAY - 11 * DAY)
    program = {**config.default_program(), "at_risk_days": 10}
    assert ids(overview(staff_overview.View(filter="at_risk"), program=program)) == [pair.pk]
    assert ids(overview(staff_overview.View(filter="at_risk"))) == []
    assert overview(program=program).rows[0]["at_risk"] is True


# -- filters, search, pages -------------------------------------------------------------------------------


@pytest.fixture
def mixed():
    """Pairs in every standing, oldest first: two not started (one ended), one in progress, one
    complete, one at risk (in progress, quiet for 40 days), and one of another unit."""
    recent = TODAY - 5 * DAY
    return {
        "fresh": make_one("fresh", started_on=recent),
        "ended": make_one("ended", started_on=recent, status=Pair.CLOSED),
        "going": make_one("going", stage=Pair.IN_PROGRESS, progress=0.5, started_on=recent),
        "done": make_one("done", stage=Pair.COMPLETE, progress=1.0, last_session_on=TODAY - 60 * DAY),
        "quiet": make_one("quiet", stage=Pair.IN_PROGRESS, progress=0.2, last_session_on=TODAY - 40 * DAY),
        "elsewhere": make_pairs(1, unit=OTHER_UNIT, tag="far")[0],
    }


@pytest.mark.parametrize(
    ("chosen", "expected"),
    [
        ("all", ["quiet", "done", "going", "ended", "fresh"]),
        ("not_started", ["ended", "fresh"]),
        ("in_progress", ["quiet", "going"]),
        ("at_risk", ["quiet"]),
        ("complete", ["done"]),
    ],
)
def test_each_filter_selects_its_pairs_newest_first_in_this_unit_only(mixed, chosen, expected):
    found = overview(staff_overview.View(filter=chosen))
    assert ids(found) == [mixed[key].pk for key in expected]
    assert found.total == len(expected)
    assert found.counts["filters"] == {"all": 5, "not_started": 2, "in_progress": 2, "at_risk": 1, "complete": 1}
    assert (found.counts["active"], found.counts["unit_total"]) == (4, 5)


@pytest.mark.parametrize(
    ("search", "expected"),
    [
        ("QUIET", ["quiet"]),  # any case
        ("mentee-go", ["going"]),  # the mentee's username
        ("mentor-do", ["done"]),  # the mentor's username
        ("e", ["quiet", "done", "going", "ended", "fresh"]),  # a substring of every username
        ("nobody", []),
        ("far", []),  # the other unit's pair
        ("%", []),  # SQL wildcards are plain characters
    ],
)
def test_search_matches_a_part_of_either_username_whatever_the_case(mixed, search, expected):
    found = overview(staff_overview.View(search=search))
    assert ids(found) == [mixed[key].pk for key in expected]
    assert found.counts["filters"]["all"] == len(expected)
    assert found.counts["unit_total"] == 5  # the unit's numbers ignore the search


def test_search_and_filter_combine(mixed):
    found = overview(staff_overview.View(filter="in_progress", search="QUI"))
    assert ids(found) == [mixed["quiet"].pk]
    assert found.counts["filters"] == {"all": 1, "not_started": 0, "in_progress": 1, "at_risk": 1, "complete": 0}


def test_pages_of_25_cover_every_pair_once_newest_first():
    made = make_pairs(60)
    newest_first = [pair.pk for pair in reversed(made)]
    seen = []
    for page in (1, 2, 3):
        found = overview(staff_overview.View(page=page))
        assert (found.total, found.pages, found.page) == (60, 3, page)
        seen += ids(found)
    assert seen == newest_first
    second = overview(staff_overview.View(page=2))
    assert (second.first, second.last) == (26, 50)
    last = overview(staff_overview.View(page=3))
    assert (last.first, last.last, len(last.rows)) == (51, 60, 10)


def test_a_page_past_the_last_shows_the_last_and_an_empty_list_has_one_page(mixed):
    found = overview(staff_overview.View(filter="complete", page=9))
    assert (found.page, found.pages, ids(found)) == (1, 1, [mixed["done"].pk])
    empty = overview(staff_overview.View(search="nobody", page=3))
    assert (empty.page, empty.pages, empty.total, empty.first, empty.last) == (1, 1, 0, 0, 0)


@pytest.mark.parametrize(
    ("data", "fields"),
    [
        ({"filter": "stalled"}, {"filter"}),
        ({"filter": ["all"]}, {"filter"}),
        ({"search": "x" * 151}, {"search"}),
        ({"search": {"name": "x"}}, {"search"}),
        ({"page": 0}, {"page"}),
        ({"page": "two"}, {"page"}),
        ({"page": True}, {"page"}),
        ({"filter": "late", "page": -1}, {"filter", "page"}),
        ({"sort": "password"}, {"sort"}),
        ({"sort": "--mentor"}, {"sort"}),
        ({"sort": ["mentor"]}, {"sort"}),
    ],
)
def test_a_malformed_view_is_refused_field_by_field(data, fields):
    with pytest.raises(InvalidInput) as raised:
        staff_overview.clean_view(data)
    assert set(raised.value.fields) == fields


def test_a_view_has_defaults_and_takes_text_from_a_query_string():
    assert staff_overview.clean_view({}) == staff_overview.View("all", "", 1)
    assert staff_overview.clean_view({"filter": "", "search": "  sam  ", "page": "3"}) == staff_overview.View(
        "all", "sam", 3
    )


def test_only_staff_see_the_overview_and_the_export(mixed):
    for learner in (people.context("mira", today=TODAY), people.context(people.actor("anon", is_authenticated=False))):
        with pytest.raises(NotAllowed):
            staff_overview.overview(learner)
        with pytest.raises(NotAllowed):
            exports.staff_csv(learner, staff_overview.View())


# -- one row ------------------------------------------------------------------------------------------------


def test_a_row_shows_the_stored_standing_and_the_figures_of_the_other_tables():
    four_days_ago = timezone.make_aware(datetime.datetime.combine(TODAY - 4 * DAY, datetime.time(12)))
    pair = make_one(
        "row",
        stage=Pair.IN_PROGRESS,
        progress=0.5,
        sessions_confirmed=3,
        minutes_confirmed=135,
        last_session_on=TODAY - 9 * DAY,
        last_activity_at=four_days_ago,
    )
    with_activity(pair)
    add_assessment(pair, "final", "self")
    other = make_one("plain")
    rows = {row["id"]: row for row in overview().rows}
    assert rows[pair.pk] == {
        "id": pair.pk,
        "mentor": "mentor-row0",
        "mentee": "mentee-row0",
        "mentor_name": "Mentor ROW0",
        "mentee_name": "Mentee ROW0",
        "mentor_label": "Mentor ROW0 (mentor-row0)",
        "mentee_label": "Mentee ROW0 (mentee-row0)",
        "status": "active",
        "stage": "in_progress",
        "at_risk": False,
        "sessions_confirmed": 3,
        "hours": 2.2,  # 135 minutes
        "last_session_on": TODAY - 9 * DAY,
        "days_since_activity": 4,
        "agenda_covered": 2,  # kickoff and needs; query-review is optional, midpoint unconfirmed
        "agenda_required": len(REQUIRED_AGENDA),
        "goals_set": 2,
        "goals_achieved": 1,
        "actions_open": 2,
        "actions_overdue": 1,
        "assessments_submitted": 2,  # baseline self and final self; the mentor's baseline is a draft
        "completion_percent": 50,
        "started_on": START,
        "ended_on": None,
        "end_reason": "",
        "formed_by": "staff",
    }
    plain = rows[other.pk]
    figures = ("goals_set", "actions_open", "agenda_covered", "assessments_submitted")
    assert [plain[key] for key in figures] == [0, 0, 0, 0]
    assert plain["days_since_activity"] == (TODAY - START).days  # since the start, before any activity
    assert_the_csv_says_what_the_table_says()


def test_overdue_means_open_and_due_before_today():
    pair = make_one("due")
    add_action(pair, due_on=TODAY - DAY)  # overdue
    add_action(pair, due_on=TODAY)  # due today: not yet overdue
    add_action(pair, due_on=None)
    add_action(pair, status="done", due_on=TODAY - 9 * DAY)
    row = overview().rows[0]
    assert (row["actions_open"], row["actions_overdue"]) == (3, 1)
    assert_the_csv_says_what_the_table_says()


def test_an_ended_pair_shows_the_day_it_ended():
    pair = make_one("gone", status=Pair.CLOSED, ended_at=timezone.now(), end_reason="Moved teams")
    row = overview().rows[0]
    assert (row["id"], row["status"], row["ended_on"], row["end_reason"]) == (
        pair.pk,
        "closed",
        timezone.localdate(),
        "Moved teams",
    )
    assert_the_csv_says_what_the_table_says()


@pytest.mark.parametrize("zone", ["UTC", "Pacific/Kiritimati", "Pacific/Pago_Pago"])
def test_the_csv_shows_the_days_of_stored_moments_in_the_viewers_time_zone(zone):
    # Late in the evening in UTC: the next day at UTC+14, the same day at UTC-11.
    late = datetime.datetime.combine(TODAY - 3 * DAY, datetime.time(22, 30), tzinfo=datetime.UTC)
    make_one("gone", status=Pair.CLOSED, ended_at=late, last_activity_at=late - DAY)
    with timezone.override(zone):
        row = read_csv(exports.staff_csv(staff(), staff_overview.View()))[0]
        assert_the_csv_says_what_the_table_says()
    ahead = zone == "Pacific/Kiritimati"
    assert row["ended_on"] == (TODAY - (2 if ahead else 3) * DAY).isoformat()
    assert row["days_since_activity"] == ("3" if ahead else "4")


# -- a fixed number of queries ---------------------------------------------------------------------------


def queries_for_a_page(count):
    for pair in make_pairs(count, tag=f"q{count}-"):
        with_activity(pair)
    with CaptureQueriesContext(connection) as captured:
        found = overview()
    assert len(found.rows) == min(count, staff_overview.PAGE_SIZE)
    return len(captured.captured_queries)


def test_a_page_takes_as_many_queries_with_200_pairs_as_with_10():
    small = queries_for_a_page(10)
    Pair.objects.all().delete()
    large = queries_for_a_page(200)
    assert small == large == 8


def test_every_filter_and_a_search_take_the_same_number_of_queries(mixed):
    for pair in mixed.values():
        with_activity(pair)
    counts = set()
    for chosen in staff_overview.FILTERS:
        with CaptureQueriesContext(connection) as captured:
            overview(staff_overview.View(filter=chosen, search="e"))
        counts.add(len(captured.captured_queries))
    assert counts == {8}


# -- learners without a pair --------------------------------------------------------------------------------


def test_unpaired_visitors_are_the_participants_without_an_active_pair(mixed):
    loner = Participant.objects.create(course_key=UNIT.course_key, usage_key=UNIT.usage_key, anonymous_id="anon-lo",
                                       username="loner", display_name="Lo Ner")  # fmt: skip
    Participant.objects.create(course_key=OTHER_UNIT.course_key, usage_key=OTHER_UNIT.usage_key,
                               anonymous_id="anon-far", username="faraway")  # fmt: skip
    found = overview()
    # The ended pair's two members are free again; the visitor seen last comes first.
    assert found.unpaired[0]["username"] == "loner"
    assert {person["username"] for person in found.unpaired[1:]} == {"mentee-ended0", "mentor-ended0"}
    assert found.unpaired[0] == {
        "username": "loner",
        "name": "Lo Ner",
        "label": "Lo Ner (loner)",
        "last_seen": loner.last_seen,
    }
    assert found.unpaired_total == 3


def test_the_unpaired_list_shows_the_50_seen_last_and_counts_them_all():
    Participant.objects.bulk_create(
        Participant(course_key=UNIT.course_key, usage_key=UNIT.usage_key, anonymous_id=f"anon-{n}", username=f"u{n}")
        for n in range(60)
    )
    found = overview()
    assert (len(found.unpaired), found.unpaired_total) == (staff_overview.UNPAIRED_SHOWN, 60)


# -- the CSV export ---------------------------------------------------------------------------------------


def read_csv(chunks):
    text = b"".join(chunks).decode("utf-8")
    return list(csv.DictReader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("sam=1", "sam=1"),
        ("maya", "maya"),
        (-3, -3),
        (2.5, 2.5),
        (True, "true"),
        (None, ""),
        (START, "2024-01-15"),
    ],
)
def test_a_cell_that_a_spreadsheet_would_run_gets_an_apostrophe(value, expected):
    assert exports.cell(value) == expected


def test_the_csv_has_the_tables_columns_and_rows_machine_readable(mixed):
    with_activity(mixed["quiet"])
    rows = read_csv(exports.staff_csv(staff(), staff_overview.View()))
    assert list(rows[0]) == list(exports.COLUMNS)
    assert [row["mentor"] for row in rows] == ["mentor-quiet0", "mentor-done0", "mentor-going0", "mentor-ended0",
                                               "mentor-fresh0"]  # fmt: skip
    quiet = rows[0]
    assert quiet == {
        "mentor": "mentor-quiet0",
        "mentee": "mentee-quiet0",
        "status": "active",
        "stage": "in_progress",
        "at_risk": "true",
        "sessions_confirmed": "0",
        "hours": "0.0",
        "last_session_on": (TODAY - 40 * DAY).isoformat(),
        "days_since_activity": str((TODAY - START).days),
        "agenda_covered": "2",
        "agenda_required": "5",
        "goals_set": "2",
        "goals_achieved": "1",
        "actions_open": "2",
        "actions_overdue": "1",
        "assessments_submitted": "1",
        "completion_percent": "20",
        "started_on": START.isoformat(),
        "ended_on": "",
    }


def assert_the_csv_says_what_the_table_says(view=staff_overview.View()):  # noqa: B008  (frozen)
    """The CSV's rows are the staff table's rows of ``view`` (all on its first page), cell by cell."""
    table = [{key: str(exports.cell(row[key])) for key in exports.COLUMNS} for row in overview(view).rows]
    assert read_csv(exports.staff_csv(staff(), view)) == table and table


def test_the_csv_counts_each_pairs_figures_only_when_its_neighbours_are_filtered_out(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 3)
    for number, pair in enumerate(make_pairs(12, started_on=TODAY - 5 * DAY)):
        if number % 3:  # figures that differ from pair to pair, and pairs with none
            with_activity(pair)
            for _ in range(number % 3):
                add_goal(pair, "achieved")
        if number % 2:  # every other pair behind its cadence: at risk
            Pair.objects.filter(pk=pair.pk).update(cadence_due_on=TODAY)
    add_session(pair, [])  # a confirmed session that covered no agenda item
    for view in (staff_overview.View(), staff_overview.View(filter="at_risk"), staff_overview.View(search="-p1")):
        assert_the_csv_says_what_the_table_says(view)
    assert len(read_csv(exports.staff_csv(staff(), staff_overview.View(filter="at_risk")))) == 6


def test_the_csv_honours_the_filter_and_the_search(mixed):
    assert [row["mentee"] for row in read_csv(exports.staff_csv(staff(), staff_overview.View(filter="at_risk")))] == [
        "mentee-quiet0"
    ]
    found = read_csv(exports.staff_csv(staff(), staff_overview.View(filter="not_started", search="ENDED")))
    assert [(row["mentor"], row["status"]) for row in found] == [("mentor-ended0", "closed")]


def test_the_csv_escapes_usernames_that_look_like_formulas():
    pair = make_one("x")
    Participant.objects.filter(pk=pair.mentor_id).update(username="=cmd|' /C calc'!A0")
    Participant.objects.filter(pk=pair.mentee_id).update(username="@mentee")
    row = read_csv(exports.staff_csv(staff(), staff_overview.View()))[0]
    assert (row["mentor"], row["mentee"]) == ("'=cmd|' /C calc'!A0", "'@mentee")


def test_the_csv_streams_in_chunks_with_a_fixed_number_of_queries_per_chunk(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 20)
    for pair in make_pairs(50):
        add_goal(pair)
    chunks = exports.staff_csv(staff(), staff_overview.View())
    assert not isinstance(chunks, list | bytes)
    with CaptureQueriesContext(connection) as captured:
        parts = list(chunks)
    assert len(parts) == 1 + 3  # the header, then one part per chunk of 20 pairs
    # One to count the pairs and find their lowest and highest ids, then per chunk: its window of
    # pairs and four queries for their figures.
    assert len(captured.captured_queries) == 1 + 3 * (1 + 4)
    rows = read_csv(parts)
    assert len(rows) == 50 and all(row["goals_set"] == "1" for row in rows)
    assert exports.filename(staff_overview.View(filter="at_risk"), TODAY) == "mentoring-pairs-at_risk-2024-03-15.csv"
    assert exports.filename(staff_overview.View(search="x"), TODAY) == "mentoring-pairs-2024-03-15.csv"


def test_the_csv_lists_every_pair_once_the_latest_pairing_first_across_its_pages(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 5)
    make_pairs(12)
    # Pairs formed in the same moment (a bulk import) are told apart by the order they were made in.
    Pair.objects.filter(pk__in=list(Pair.objects.order_by("pk").values_list("pk", flat=True)[2:10])).update(
        created_at=timezone.now()
    )
    expected = list(Pair.objects.order_by("-pk").values_list("mentee__username", flat=True))
    parts = list(exports.staff_csv(staff(), staff_overview.View()))
    assert len(parts) == 1 + 3  # the header, then pages of 5, 5 and 2 pairs
    assert [row["mentee"] for row in read_csv(parts)] == expected and len(set(expected)) == 12


def test_the_csv_lists_the_units_pairs_once_when_other_units_pairs_come_between_them(monkeypatch):
    monkeypatch.setattr(exports, "CHUNK_SIZE", 4)
    for tag in "abc":
        make_pairs(5, tag=tag)
        make_pairs(7, unit=OTHER_UNIT, tag=f"other-{tag}")
    expected = list(
        Pair.objects.filter(usage_key=UNIT.usage_key).order_by("-pk").values_list("mentee__username", flat=True)
    )
    rows = read_csv(list(exports.staff_csv(staff(), staff_overview.View())))
    assert [row["mentee"] for row in rows] == expected and len(expected) == 15


# -- the Data Download report ------------------------------------------------------------------------------

UserState = namedtuple("UserState", "username state block_key updated")


def states(*usernames):
    return [UserState(name, {"published_progress": 0.0}, UNIT.usage_key, timezone.now()) for name in usernames]


def report(usernames, limit=None, program=None):
    program = program or config.default_program()
    return list(data_download.report_rows(UNIT, program, states(*usernames), limit, today=TODAY))


@pytest.fixture
def mentor_of_two():
    """mira mentors ana (an active pair with some activity) and ben (ended); cy is unpaired."""
    first = people.make_pair("mira", "ana")
    Pair.objects.filter(pk=first.pk).update(
        stage=Pair.IN_PROGRESS, progress=0.25, sessions_confirmed=2, minutes_confirmed=90
    )
    with_activity(first)
    add_assessment(first, "final", "mentor", submitted=False)
    second = people.make_pair("mira", "ben")
    Pair.objects.filter(pk=second.pk).update(status=Pair.CLOSED, ended_at=timezone.now())
    Participant.objects.create(course_key=UNIT.course_key, usage_key=UNIT.usage_key, anonymous_id="anon-cy",
                               username="cy")  # fmt: skip
    return first, second


def test_report_rows_one_per_pair_of_each_participant_in_order(mentor_of_two):
    rows = report(["mira", "ana", "ben", "cy", "ghost"])
    assert [(name, row["role"], row["partner"], row["pair_status"]) for name, row in rows] == [
        ("mira", "mentor", "ana", "active"),  # active pairs first
        ("mira", "mentor", "ben", "closed"),
        ("ana", "mentee", "mira", "active"),
        ("ben", "mentee", "mira", "closed"),
        ("cy", "unpaired", "", ""),  # a participant without a pair
        ("ghost", "unpaired", "", ""),  # user state but no participant (e.g. a staff member's visit)
    ]
    name, row = rows[0]
    assert list(row) == list(data_download.KEYS)
    assert dict(row) == {
        "role": "mentor",
        "partner": "ana",
        "pair_status": "active",
        "stage": "in_progress",
        "sessions_confirmed": 2,
        "hours": 1.5,
        "goals_set": 2,
        "goals_achieved": 1,
        "actions_open": 2,
        "assessments": "baseline self: submitted; baseline mentor: draft; final mentor: draft",
        "completion_percent": 25,
    }
    assert dict(rows[2][1]) == {**row, "role": "mentee", "partner": "mira"}
    assert list(rows[4][1]) == list(data_download.KEYS)


@pytest.mark.parametrize(("limit", "count"), [(0, 0), (1, 1), (2, 2), (3, 3), (6, 6), (100, 6), (None, 6)])
def test_report_rows_stop_at_the_limit(mentor_of_two, limit, count):
    rows = report(["mira", "ana", "ben", "cy", "ghost"], limit=limit)
    assert len(rows) == count
    assert rows == report(["mira", "ana", "ben", "cy", "ghost"])[:count]


def test_report_rows_read_no_more_users_than_the_limit_needs(mentor_of_two):
    consumed = []

    def iterate():
        for state in states("mira", "ana", "ben", "cy"):
            consumed.append(state.username)
            yield state

    rows = list(data_download.report_rows(UNIT, config.default_program(), iterate(), 1, today=TODAY))
    assert [name for name, _row in rows] == ["mira"]
    assert consumed == ["mira"]


def test_report_rows_are_read_in_batches_with_a_fixed_number_of_queries(monkeypatch):
    monkeypatch.setattr(data_download, "BATCH_SIZE", 10)
    pairs = make_pairs(30)
    for pair in pairs:
        with_activity(pair)
    names = [name for pair in pairs for name in (pair.mentor.username, pair.mentee.username)]
    with CaptureQueriesContext(connection) as captured:
        rows = report(names)
    assert len(rows) == 60
    # 60 users in 6 batches: the batch's participants, their pairs and three figures (goals,
    # action items, assessments).
    assert len(captured.captured_queries) == 6 * 5


def test_report_rows_only_for_this_units_pairs():
    people.make_pair("mira", "ana", unit=OTHER_UNIT)
    assert [(name, row["role"]) for name, row in report(["mira", "ana"])] == [("mira", "unpaired"), ("ana", "unpaired")]


def test_report_rows_are_the_same_whichever_batch_a_pairs_two_members_fall_in(mentor_of_two, monkeypatch):
    people.make_pair("cy", "mira")  # mira mentors two and is mentored by cy, paired last
    order = ["ana", "cy", "mira", "ghost", "ben"]
    whole = report(order)
    monkeypatch.setattr(data_download, "BATCH_SIZE", 2)  # ana | cy mira | ghost ben: partners apart
    rows = report(order)
    assert rows == whole
    assert [(name, row["role"], row["partner"], row["pair_status"]) for name, row in rows] == [
        ("ana", "mentee", "mira", "active"),
        ("cy", "mentor", "mira", "active"),
        ("mira", "mentor", "ana", "active"),  # active pairs first, oldest first, whatever the role
        ("mira", "mentee", "cy", "active"),
        ("mira", "mentor", "ben", "closed"),
        ("ghost", "unpaired", "", ""),
        ("ben", "mentee", "mira", "closed"),
    ]
    assert rows[0][1]["goals_set"] == 2 and rows[3][1]["goals_set"] == 0


def test_report_rows_leave_out_the_pairs_of_participants_between_the_batchs_own():
    people.make_pair("mira", "ana")
    people.make_pair("ana", "mira", unit=OTHER_UNIT)  # the same people, the other way round, elsewhere
    people.make_pair("ben", "cy")
    batch = Participant.objects.filter(usage_key=UNIT.usage_key, username__in=["ana", "ben"]).values_list(
        "pk", flat=True
    )
    others = Participant.objects.exclude(pk__in=batch).values_list("pk", flat=True)
    # The batch's participants are close enough to be read as a range of ids, which holds others.
    assert max(batch) - min(batch) < 2 * len(batch) and any(min(batch) < pk < max(batch) for pk in others)
    rows = report(["ana", "ben"])
    assert [(name, row["role"], row["partner"]) for name, row in rows] == [
        ("ana", "mentee", "mira"),
        ("ben", "mentor", "cy"),
    ]


# -- sorting ---------------------------------------------------------------------------------------------


@pytest.fixture
def sortable():
    """Three pairs whose every sortable column orders them differently from their creation."""
    today = TODAY
    first = make_one("b", stage=Pair.COMPLETE, progress=1.0, sessions_confirmed=5, minutes_confirmed=300,
                     last_session_on=today - 2 * DAY, last_activity_at=timezone.now() - 2 * DAY,
                     started_on=START)  # fmt: skip
    second = make_one("c", stage=Pair.NOT_STARTED, progress=0.0, started_on=START + 30 * DAY)
    third = make_one("a", stage=Pair.IN_PROGRESS, progress=0.5, sessions_confirmed=1, minutes_confirmed=30,
                     last_session_on=START + DAY, last_activity_at=timezone.now() - 9 * DAY,
                     started_on=START + 10 * DAY)  # fmt: skip
    # Without a display name, sorted by username, whatever the case.
    Participant.objects.filter(username="mentee-b0").update(display_name="", username="MENTEE B0")
    return {"first": first, "second": second, "third": third}


@pytest.mark.parametrize(
    ("key", "ascending"),
    [
        ("mentor", ["third", "first", "second"]),  # Mentor A0, B0, C0
        ("mentee", ["third", "first", "second"]),  # "Mentee A0", "MENTEE B0", "Mentee C0"
        ("stage", ["second", "third", "first"]),  # not started, in progress, complete
        ("completion", ["second", "third", "first"]),
        ("at_risk", ["first", "second", "third"]),  # only the third (quiet since START + 1) is at risk
        ("last_session", ["second", "third", "first"]),  # none yet first
        ("sessions", ["second", "third", "first"]),
        ("hours", ["second", "third", "first"]),
        ("activity", ["second", "third", "first"]),  # no write yet first
        ("started", ["first", "third", "second"]),
    ],
)
def test_every_column_sorts_both_ways(sortable, key, ascending):
    def order(sort):
        return [pk for pk in ids(overview(staff_overview.View(sort=sort)))]

    expected = [sortable[name].pk for name in ascending]
    if key == "at_risk":  # ties keep the newest first
        assert order(key) == [sortable["second"].pk, sortable["first"].pk, sortable["third"].pk]
        assert order(f"-{key}") == [sortable["third"].pk, sortable["second"].pk, sortable["first"].pk]
        return
    assert order(key) == expected
    assert order(f"-{key}") == expected[::-1]
    assert staff_overview.clean_view({"sort": f"-{key}"}).sort == f"-{key}"


def test_a_sorted_list_pages_in_the_same_order_and_keeps_its_sort():
    pairs = make_pairs(30, tag="s")
    for number, pair in enumerate(pairs):
        Pair.objects.filter(pk=pair.pk).update(progress=(number % 7) / 7)
    seen = []
    for page in (1, 2):
        found = overview(staff_overview.View(sort="-completion", page=page))
        assert found.view.sort == "-completion" and found.as_data()["sort"] == "-completion"
        seen += ids(found)
    progress = dict(Pair.objects.values_list("pk", "progress"))
    assert len(seen) == len(set(seen)) == 30
    assert [progress[pk] for pk in seen] == sorted(progress.values(), reverse=True)
