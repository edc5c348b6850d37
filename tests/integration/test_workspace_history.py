"""A pair's long history on its workspace page: every id the page's forms send back is the record's
own, whatever the site's number format, and each row reads its date and labels."""

import datetime
import re

import pytest
from django.test import override_settings
from django.utils import timezone

from mentoring_xblock.models import ActionItem, Goal, GoalUpdate, Pair, Session

from .helpers import act, load_demo, ok, opened_page, snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(workbench):
    load_demo()
    return Pair.objects.get(mentee__username="mentee1")


def scoped(pair):
    return {"course_key": pair.course_key, "usage_key": pair.usage_key, "pair": pair}


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_records_with_large_ids_keep_them_whole_in_every_form_of_the_page(demo, client):
    today = timezone.localdate()
    session = Session.objects.create(
        pk=234567, **scoped(demo), held_on=today, minutes=60, session_format="video",
        logged_by=demo.mentor, confirmation=Session.PENDING,
    )  # fmt: skip
    ActionItem.objects.create(pk=123456, **scoped(demo), session=session, text="Read chapter 4", owner="mentee",
                              due_on=today + datetime.timedelta(days=3))  # fmt: skip
    Goal.objects.create(pk=345678, **scoped(demo), statement="Ship the dashboard", measure="Used weekly",
                        target_date=today + datetime.timedelta(days=30))  # fmt: skip

    html = opened_page(client, "mentee1")

    # The action item: its row, its "Mark done" form and its box in the session form.
    assert 'data-action-id="123456"' in html
    assert '<input type="hidden" name="action_id" value="123456">' in html
    assert 'name="done_action_items" data-multi value="123456"' in html
    # The session waiting for the mentee: its card and its review form.
    assert 'data-session-id="234567"' in html
    assert '<input type="hidden" name="session_id" value="234567">' in html
    # The goal: its card and its two forms (progress, edit).
    assert 'data-goal-id="345678"' in html
    assert html.count('<input type="hidden" name="goal_id" value="345678">') == 2
    assert "123,456" not in html and "234,567" not in html and "345,678" not in html


def test_each_row_shows_its_date_and_labels(demo, client):
    today = datetime.date(2031, 3, 14)
    session = Session.objects.create(
        **scoped(demo), held_on=today - datetime.timedelta(days=2), minutes=45, session_format="phone",
        logged_by=demo.mentor, confirmation=Session.PENDING,
    )  # fmt: skip
    ActionItem.objects.create(**scoped(demo), session=session, text="Draft the summary", owner="mentor",
                              due_on=today)  # fmt: skip
    ActionItem.objects.create(**scoped(demo), text="Book a room", owner="mentee", due_on=today, status="done",
                              done_at=timezone.make_aware(datetime.datetime(2031, 3, 10, 12)))  # fmt: skip
    goal = Goal.objects.create(**scoped(demo), statement="Ship the dashboard", measure="Used weekly",
                               target_date=today)  # fmt: skip

    html = opened_page(client, "mentee1")

    assert "<h5>March 12, 2031: 45 minutes, Phone</h5>" in html
    assert "Logged by Maya Ortiz" in html
    assert '<span class="mentoring-muted">Mentor · due March 14, 2031</span>' in html  # its row under Action items
    assert 'Draft the summary <span class="mentoring-muted">(Mentor, due March 14, 2031)</span>' in html
    assert 'Book a room <span class="mentoring-muted">(Mentee, done March 10, 2031)</span>' in html
    assert f'<li class="mentoring-card" data-goal-id="{goal.pk}">' in html
    assert "<dd>March 14, 2031</dd>" in html
    assert 'name="target_date" type="date" required value="2031-03-14"' in html


# -- a long history: the latest part first, the rest on demand ---------------------------------------------


def sessions_of(demo, count, start):
    """``count`` confirmed sessions logged by the mentor, one a day from ``start``."""
    return Session.objects.bulk_create(
        Session(**scoped(demo), held_on=start + datetime.timedelta(days=n), minutes=30, session_format="video",
                logged_by=demo.mentor, confirmation=Session.CONFIRMED, notes=f"Meeting {n}")
        for n in range(count)
    )  # fmt: skip


def shown_sessions(html):
    return re.findall(r'data-session-id="(\d+)"', html)


@pytest.fixture
def long_history(demo):
    """The demo pair with 14 sessions: the oldest still waits for the mentee to confirm it, the
    others are confirmed; 8 done action items; a goal with 7 progress updates."""
    made = sessions_of(demo, 14, demo.started_on + datetime.timedelta(days=1))
    Session.objects.filter(pk=made[0].pk).update(confirmation=Session.PENDING)
    done_at = timezone.now() - datetime.timedelta(days=20)
    ActionItem.objects.bulk_create(
        ActionItem(**scoped(demo), text=f"Done {n}", owner="mentee", status="done",
                   done_at=done_at + datetime.timedelta(days=n))
        for n in range(8)
    )  # fmt: skip
    goal = Goal.objects.create(**scoped(demo), statement="Ship the dashboard", measure="Used weekly",
                               target_date=timezone.localdate())  # fmt: skip
    for value in range(10, 80, 10):
        GoalUpdate.objects.create(course_key=demo.course_key, usage_key=demo.usage_key, goal=goal,
                                  author=demo.mentee, value=value)  # fmt: skip
    return made


def test_a_long_history_shows_its_latest_part_and_everything_the_reader_must_act_on(demo, long_history, client):
    html = opened_page(client, "mentee1")
    newest_first = [str(s.pk) for s in reversed(long_history)]
    # The ten latest sessions, then the oldest one: it still waits for the mentee to confirm it.
    assert shown_sessions(html) == newest_first[:10] + [newest_first[-1]]
    assert "Showing the 11 most recent of 14 sessions." in html
    assert '<ol class="mentoring-sessions" reversed start="14">' in html
    # The done items: how many in all, the five done last, newest first.
    assert "8 done items" in html
    assert re.findall(r">Done (\d) <", html) == ["7", "6", "5", "4", "3"]
    assert "Showing the 5 most recently done of 8 items." in html
    # The goal's history: its five latest updates.
    assert re.findall(r"<li>(\d+)%, by Sam Lee", html) == ["70", "60", "50", "40", "30"]
    assert "Showing the 5 most recent of 7 updates." in html
    for label in ("Show all sessions", "Show all done items", "Show the whole history"):
        assert label in html
    assert html.count('<input type="hidden" name="history" value="all">') == 3


def test_show_all_brings_the_whole_history(demo, long_history):
    body = ok(act("mentee1", "workspace_state", {"pair_id": str(demo.pk), "history": "all"}))
    assert shown_sessions(body["html"]) == [str(s.pk) for s in reversed(long_history)]
    assert len(re.findall(r">Done (\d) <", body["html"])) == 8
    assert len(re.findall(r"<li>(\d+)%, by Sam Lee", body["html"])) == 7
    assert 'name="history" value="all"' not in body["html"] and "Showing the" not in body["html"]
    # Staff reading the pair may ask for all of it too.
    staff = ok(act("staff", "workspace_state", {"pair_id": demo.pk, "history": "all"}))
    assert shown_sessions(staff["html"]) == shown_sessions(body["html"])


@pytest.mark.parametrize("history", ["everything", 7, ["all"]])
def test_an_unknown_history_is_a_400_naming_it(demo, long_history, history):
    before = snapshot()
    status, body = act("mentee1", "workspace_state", {"pair_id": demo.pk, "history": history})
    assert status == 400 and list(body["error"]["fields"]) == ["history"]
    assert snapshot() == before


def test_a_session_logged_or_confirmed_out_of_the_latest_ten_is_shown_in_the_answer(demo, long_history):
    oldest = long_history[0]
    body = ok(act("mentee1", "session_review", {"pair_id": demo.pk, "session_id": oldest.pk, "decision": "confirm"}))
    assert body["session"]["confirmation"] == "confirmed"
    assert str(oldest.pk) in shown_sessions(body["sections"]["sessions"])
    held_on = demo.started_on.isoformat()  # before all the others
    body = ok(act("mentee1", "session_log", {"pair_id": demo.pk, "held_on": held_on, "minutes": 30,
                                             "session_format": "video", "notes": "An early talk"}))  # fmt: skip
    assert body["session"]["notes"] == "An early talk"
    assert str(body["session"]["id"]) in shown_sessions(body["sections"]["sessions"])
    assert "Showing the 11 most recent of 15 sessions." in body["sections"]["sessions"]
