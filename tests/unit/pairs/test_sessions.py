"""Sessions and action items: logging, the partner's confirmation, and what each side promised."""

import datetime
import functools

import pytest

from mentoring_xblock.core import limits
from mentoring_xblock.core.errors import Conflict, InvalidInput, NotAllowed, NotFound
from mentoring_xblock.models import ActionItem, Session
from mentoring_xblock.program import config
from mentoring_xblock.ui import workspace

from .. import people, sent
from ..people import START, TODAY, make_pair

pytestmark = pytest.mark.django_db
VALID = {
    "held_on": "2024-02-01",
    "minutes": 60,
    "session_format": "video",
    "agenda_items": ["kickoff", "needs"],
    "notes": "Talked about what each of us expects.",
    "review": {"useful": "Clear expectations", "next_steps": "Draft goals"},
}


# Members act two months after they were paired.
member = functools.partial(people.member, today=TODAY)


def log(pair, name="ana", **changes):
    return sent.log_session(*member(name, pair), {**VALID, **changes})


def review(pair, name, session, decision="confirm", note=""):
    return sent.review_session(*member(name, pair), session.pk, {"decision": decision, "note": note})


def written():
    return Session.objects.count(), ActionItem.objects.count()


# -- logging ---------------------------------------------------------------------------------------


def test_a_logged_session_waits_for_the_partner(pair):
    session = log(
        pair,
        action_items=[
            {"text": "Draft two goals", "owner": "mentee", "due_on": "2024-02-08"},
            {"text": "Send the reading list", "owner": "mentor"},
        ],
    )
    row = Session.objects.get()
    assert (row.pk, row.held_on, row.minutes, row.session_format) == (
        session.pk,
        datetime.date(2024, 2, 1),
        60,
        "video",
    )
    assert (row.agenda_items, row.confirmation, row.logged_by.username) == (["kickoff", "needs"], "pending", "ana")
    assert row.review == {"useful": "Clear expectations", "next_steps": "Draft goals"}
    items = list(ActionItem.objects.order_by("pk"))
    assert [(i.text, i.owner, i.due_on, i.status, i.session_id) for i in items] == [
        ("Draft two goals", "mentee", datetime.date(2024, 2, 8), "open", session.pk),
        ("Send the reading list", "mentor", None, "open", session.pk),
    ]
    assert {i.created_by.username for i in items} == {"ana"}


@pytest.mark.parametrize(
    "changes, field",
    [
        ({"held_on": "2024-03-16"}, "held_on"),  # tomorrow
        ({"held_on": "2024-01-14"}, "held_on"),  # before the pair started
        ({"held_on": "01/02/2024"}, "held_on"),
        ({"held_on": "2024-02-30"}, "held_on"),
        ({"held_on": None}, "held_on"),
        ({"minutes": 4}, "minutes"),
        ({"minutes": 601}, "minutes"),
        ({"minutes": "an hour"}, "minutes"),
        ({"session_format": "fax"}, "session_format"),
        ({"agenda_items": ["kickoff", "coffee"]}, "agenda_items"),
        ({"agenda_items": "kickoff"}, "agenda_items"),
        ({"review": "It went well"}, "review"),
        ({"review": {"useful": 5}}, "review.useful"),
        ({"review": {"change": "x" * (limits.TEXT_MAX + 1)}}, "review.change"),
        ({"notes": "x" * (limits.LONG_TEXT_MAX + 1)}, "notes"),
        ({"action_items": [{"text": " ", "owner": "mentee"}]}, "action_items.0.text"),
        ({"action_items": [{"text": "Read", "owner": "both"}]}, "action_items.0.owner"),
        ({"action_items": [{"text": "Read", "owner": "mentee", "due_on": "2024-01-31"}]}, "action_items.0.due_on"),
        ({"action_items": [{"text": "Read", "owner": "mentee", "due_on": "soon"}]}, "action_items.0.due_on"),
        ({"action_items": [{"text": "Ok", "owner": "mentor"}, "Read"]}, "action_items.1"),
        ({"action_items": [{"text": f"Item {n}", "owner": "mentee"} for n in range(11)]}, "action_items"),
        ({"action_items": {"text": "Read", "owner": "mentee"}}, "action_items"),
    ],
)
def test_a_session_is_checked_field_by_field_and_nothing_is_written(pair, changes, field):
    with pytest.raises(InvalidInput) as raised:
        log(pair, **{"action_items": [{"text": "Fine", "owner": "mentor"}], **changes})
    assert set(raised.value.fields) == {field}
    assert written() == (0, 0)


def test_the_session_format_and_agenda_come_from_the_program(pair):
    program = config.default_program()
    program["session_formats"] = ["video"]
    program["agenda"] = [item for item in program["agenda"] if item["id"] != "needs"]
    with pytest.raises(InvalidInput) as raised:
        sent.log_session(*member("ana", pair, program=program), {**VALID, "session_format": "phone"})
    assert set(raised.value.fields) == {"session_format", "agenda_items"}
    assert written() == (0, 0)


def test_a_session_may_be_held_today_or_on_the_first_day_with_ten_new_items(pair):
    items = [{"text": f"Item {n}", "owner": "mentee", "due_on": TODAY.isoformat()} for n in range(10)]
    log(pair, held_on=TODAY.isoformat(), action_items=items)
    log(pair, held_on=START.isoformat(), minutes=5, agenda_items=[], review={})
    log(pair, minutes=600, review=None)
    assert written() == (3, 10)


def test_only_the_known_review_questions_are_kept(pair):
    session = log(pair, review={"useful": "A lot", "secret": "Hidden", "change": "   ", "next_steps": None})
    assert Session.objects.get(pk=session.pk).review == {"useful": "A lot"}


def test_logging_closes_the_carried_forward_items_it_names(pair):
    first = log(
        pair,
        action_items=[{"text": "Draft goals", "owner": "mentee"}, {"text": "Share notes", "owner": "mentor"}],
    )
    draft, share = ActionItem.objects.filter(session=first).order_by("pk")
    log(pair, "mira", held_on="2024-02-15", done_action_items=[draft.pk])
    draft.refresh_from_db()
    share.refresh_from_db()
    assert (draft.status, draft.done_by.username) == ("done", "mira")
    assert draft.done_at is not None
    assert (share.status, share.done_at, share.done_by) == ("open", None, None)
    log(pair, "ana", held_on="2024-03-01", done_action_items=[str(share.pk)])
    assert ActionItem.objects.get(pk=share.pk).status == "done"


def test_items_to_close_must_be_open_items_of_this_pair(pair):
    other = make_pair("ben", "cy")
    sent.log_session(*member("cy", other), {**VALID, "action_items": [{"text": "Theirs", "owner": "mentee"}]})
    log(pair, action_items=[{"text": "Mine", "owner": "mentee"}])
    theirs = ActionItem.objects.get(text="Theirs")
    mine = ActionItem.objects.get(text="Mine")
    sent.mark_action(*member("ana", pair), mine.pk, {"done": True})
    before = written()

    for wrong in ([theirs.pk], [mine.pk], [99999], "1", [True]):
        with pytest.raises(InvalidInput) as raised:
            log(pair, held_on="2024-02-20", done_action_items=wrong, action_items=[{"text": "New", "owner": "mentor"}])
        assert set(raised.value.fields) == {"done_action_items"}
    assert written() == before
    assert ActionItem.objects.get(pk=theirs.pk).status == "open"


# -- the partner's review ------------------------------------------------------------------------------


def test_the_member_who_logged_a_session_cannot_confirm_it(pair):
    session = log(pair, "ana")
    with pytest.raises(NotAllowed) as raised:
        review(pair, "ana", session)
    assert raised.value.status == 403
    row = Session.objects.get()
    assert (row.confirmation, row.confirmed_at) == ("pending", None)


def test_the_partner_confirms_a_session(pair):
    session = log(pair, "ana")
    confirmed = review(pair, "mira", session, note="Thanks")
    row = Session.objects.get()
    assert confirmed.confirmation == row.confirmation == "confirmed"
    assert row.confirmed_at is not None
    assert row.dispute_note == ""


def test_a_dispute_needs_a_note(pair):
    session = log(pair, "mira")
    with pytest.raises(InvalidInput) as raised:
        review(pair, "ana", session, decision="dispute", note="  ")
    assert set(raised.value.fields) == {"note"}
    assert Session.objects.get().confirmation == "pending"

    review(pair, "ana", session, decision="dispute", note="We met for 30 minutes, not 60.")
    row = Session.objects.get()
    assert (row.confirmation, row.dispute_note) == ("disputed", "We met for 30 minutes, not 60.")
    assert row.confirmed_at is not None


def test_a_decision_must_be_confirm_or_dispute(pair):
    session = log(pair, "mira")
    with pytest.raises(InvalidInput) as raised:
        review(pair, "ana", session, decision="maybe")
    assert "decision" in raised.value.fields
    assert Session.objects.get().confirmation == "pending"


@pytest.mark.parametrize("first", ["confirm", "dispute"])
def test_a_session_is_reviewed_only_once(pair, first):
    session = log(pair, "mira")
    review(pair, "ana", session, decision=first, note="Noted")
    with pytest.raises(Conflict) as raised:
        review(pair, "ana", session, decision="dispute" if first == "confirm" else "confirm", note="Changed my mind")
    assert raised.value.status == 409
    row = Session.objects.get()
    assert row.confirmation == ("confirmed" if first == "confirm" else "disputed")
    assert row.dispute_note == ("" if first == "confirm" else "Noted")


def test_a_session_of_another_pair_is_not_found(pair):
    theirs = sent.log_session(*member("cy", make_pair("ben", "cy")), VALID)
    with pytest.raises(NotFound):
        review(pair, "ana", theirs)
    with pytest.raises(NotFound):
        sent.review_session(*member("ana", pair), None, {"decision": "confirm"})
    assert Session.objects.get(pk=theirs.pk).confirmation == "pending"


def test_only_confirmed_sessions_count_in_the_workspace(pair):
    kickoff = log(pair, "ana", held_on="2024-02-01", minutes=90, agenda_items=["kickoff"])
    disputed = log(pair, "ana", held_on="2024-02-10", minutes=60, agenda_items=["needs"])
    log(pair, "ana", held_on="2024-02-20", minutes=30, agenda_items=["smart-goals"])
    review(pair, "mira", kickoff)
    review(pair, "mira", disputed, decision="dispute", note="Did not happen")

    ctx, locked = member("mira", pair)
    view = workspace.view(ctx, locked.pair, locked.role)
    assert (view["sessions_confirmed"], view["hours"]) == (1, 1.5)
    agenda = {item["id"]: item for item in view["agenda"]}
    assert agenda["kickoff"]["covered_on"] == datetime.date(2024, 2, 1)
    assert (agenda["needs"]["covered_on"], agenda["needs"]["pending"]) == (None, False)
    assert (agenda["smart-goals"]["covered_on"], agenda["smart-goals"]["pending"]) == (None, True)
    sessions_checklist = next(item for item in view["checklist"] if item["key"] == "sessions")
    assert (sessions_checklist["met"], sessions_checklist["detail"]) == (False, "1 of 6")


# -- action items ----------------------------------------------------------------------------------


def test_an_action_item_is_marked_done_and_opened_again(pair):
    log(pair, action_items=[{"text": "Read chapter 2", "owner": "mentee"}])
    item = ActionItem.objects.get()
    done = sent.mark_action(*member("ana", pair), item.pk, {"done": True})
    row = ActionItem.objects.get()
    assert done.status == row.status == "done"
    assert (row.done_by.username, row.done_at is not None) == ("ana", True)

    sent.mark_action(*member("mira", pair), item.pk, {"done": "false"})
    row = ActionItem.objects.get()
    assert (row.status, row.done_at, row.done_by) == ("open", None, None)


def test_marking_checks_the_flag_and_the_pair(pair):
    log(pair, action_items=[{"text": "Read chapter 2", "owner": "mentee"}])
    item = ActionItem.objects.get()
    with pytest.raises(InvalidInput) as raised:
        sent.mark_action(*member("ana", pair), item.pk, {"done": "yes please"})
    assert set(raised.value.fields) == {"done"}
    with pytest.raises(NotFound):
        sent.mark_action(*member("cy", make_pair("ben", "cy")), item.pk, {"done": True})
    assert ActionItem.objects.get().status == "open"


def test_open_items_past_their_due_date_are_overdue(pair):
    log(
        pair,
        held_on="2024-03-01",
        action_items=[
            {"text": "Late", "owner": "mentee", "due_on": "2024-03-14"},
            {"text": "Due today", "owner": "mentee", "due_on": "2024-03-15"},
            {"text": "No date", "owner": "mentor"},
            {"text": "Late but done", "owner": "mentor", "due_on": "2024-03-02"},
        ],
    )
    sent.mark_action(*member("ana", pair), ActionItem.objects.get(text="Late but done").pk, {"done": True})
    ctx, locked = member("ana", pair)
    view = workspace.view(ctx, locked.pair, locked.role)
    assert {a["text"]: a["overdue"] for a in view["actions_open"]} == {
        "Late": True,
        "Due today": False,
        "No date": False,
    }
    assert [(a["text"], a["overdue"]) for a in view["actions_done"]] == [("Late but done", False)]
