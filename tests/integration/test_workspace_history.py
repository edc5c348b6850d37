"""A pair's long history on its workspace page: every id the page's forms send back is the record's
own, whatever the site's number format, and each row reads its date and labels."""

import datetime

import pytest
from django.test import override_settings
from django.utils import timezone

from mentoring_xblock.models import ActionItem, Goal, Pair, Session

from .helpers import load_demo, page

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

    html = page(client, "mentee1")

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

    html = page(client, "mentee1")

    assert "<h5>March 12, 2031: 45 minutes, Phone</h5>" in html
    assert "Logged by Maya Ortiz" in html
    assert '<span class="mentoring-muted">Mentor · due March 14, 2031</span>' in html  # its row under Action items
    assert 'Draft the summary <span class="mentoring-muted">(Mentor, due March 14, 2031)</span>' in html
    assert 'Book a room <span class="mentoring-muted">(Mentee, done March 10, 2031)</span>' in html
    assert f'<li class="mentoring-card" data-goal-id="{goal.pk}">' in html
    assert "<dd>March 14, 2031</dd>" in html
    assert 'name="target_date" type="date" required value="2031-03-14"' in html
