"""The reminder sweep as people meet it: one email a day listing everything due, in their
language, with a link to the unit and a way to stop them; nothing sent twice; a weekly digest for
staff; the same queries per batch at any size; the management command and the periodic task."""

import datetime
import html
import importlib
import io
import re
import sys
import types

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from mentoring_xblock.core import mail
from mentoring_xblock.core.platform import Person, Unit
from mentoring_xblock.models import (
    MentoringUnit,
    NudgeItem,
    Pair,
    Participant,
    PlannedSession,
    SentMessage,
    Session,
)
from mentoring_xblock.pairs import nudge_sweep, nudges, pairing, units
from mentoring_xblock.program import config
from mentoring_xblock.reporting import nudge_digest
from mentoring_xblock.settings import common

from ..platform.accounts import install_preference_table
from ..unit.people import context, staff_actor

pytestmark = pytest.mark.django_db

UNIT = Unit(course_key="course-v1:Org+Mentor+2026", usage_key="block-v1:Org+Mentor+2026+type@mentorship+block@u1")
TODAY = datetime.date(2026, 3, 20)  # a Friday
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def mailbox(tmp_path, settings):
    """edx-ace's file channel writing into a fresh folder, as the workbench's settings set it up."""
    settings.MENTORING_MAIL_DIR = str(tmp_path)
    settings.MENTORING_UNIT_URL = "https://lms.example.org/courses/{course_key}/jump_to/{usage_key}"
    settings.MENTORING_STAFF_USERS = ["sam"]
    return tmp_path


def messages(folder, name="nudges"):
    """Each message written, as (to, subject, HTML body, text body), oldest first."""
    found = []
    for path in sorted(folder.glob(f"*-{name}-*.html"), key=lambda path: (path.stat().st_mtime_ns, path.name)):
        page = path.read_text()
        header = dict(re.findall(r"<!-- (to|subject): (.*?) -->", page))
        text = re.search(r"<!-- body: (.*) -->\s*</html>", page, re.S).group(1)
        body_html = re.search(r"<body>(.*)</body>", page, re.S).group(1)
        found.append((header["to"], header["subject"], body_html, text))
    return found


def person(username, name=None):
    user, _created = get_user_model().objects.get_or_create(
        username=username, defaults={"email": f"{username}@example.org"}
    )
    return Person(f"anon-{username}", username, name or username.title(), user.pk)


def paired(mentor, mentee, *, days_ago=12, program=None):
    """Staff pair two people, ``days_ago`` days before TODAY; the unit's row is remembered."""
    people = {p.username: p for p in (mentor, mentee)}
    ctx = context(staff_actor(), unit=UNIT, today=TODAY)
    pair = pairing.add_pair(ctx, people.get, mentor.username, mentee.username)
    Pair.objects.filter(pk=pair.pk).update(started_on=TODAY - datetime.timedelta(days=days_ago))
    units.remember_unit(UNIT, program or config.default_program(), "Data mentoring")
    return Pair.objects.get(pk=pair.pk)


def run(day=TODAY, **kwargs):
    return nudge_digest.run(day, digests=False, **kwargs)


def test_each_person_gets_one_email_listing_everything_due_and_a_second_sweep_sends_nothing(mailbox):
    mira = person("mira", "Mira Diaz")
    paired(mira, person("ana", "Ana Ruiz"))
    paired(mira, person("ben", "Ben Ode"))

    outcome = run()

    assert (outcome.sent, outcome.failed) == (3, 0)
    sent = {to: (subject, body, text) for to, subject, body, text in messages(mailbox)}
    subject, body, text = sent["mira@example.org"]
    # Mira mentors two people who have not met yet: one email naming both.
    assert subject == "Data mentoring: 2 things to do in your mentoring"
    assert "Ana Ruiz" in text and "Ben Ode" in text
    link = f"https://lms.example.org/courses/{UNIT.course_key}/jump_to/{UNIT.usage_key}"
    assert f'href="{link}"' in body and f'href="{link}#mentoring-reminders"' in body
    assert f"Stop these reminders: {link}#mentoring-reminders" in text
    assert "Mira Diaz" in sent["ana@example.org"][2]

    again = run()
    assert again.sent == 0
    assert len(messages(mailbox)) == 3
    assert SentMessage.objects.filter(kind=SentMessage.NUDGES, day=TODAY).count() == 3


def test_a_pair_whose_members_are_swept_in_different_batches_reminds_each_once(mailbox):
    mira = person("mira", "Mira Diaz")
    paired(mira, person("ana", "Ana Ruiz"))
    paired(mira, person("ben", "Ben Ode"))

    # One person a batch: each pair is read with each member's batch, each member's items with theirs.
    outcome = nudge_sweep.sweep(TODAY, batch_size=1)

    assert (outcome.batches, outcome.sent, outcome.failed) == (3, 3, 0)
    sent = {to: (subject, text) for to, subject, _body, text in messages(mailbox)}
    assert sent["mira@example.org"][0] == "Data mentoring: 2 things to do in your mentoring"
    assert "Ana Ruiz" in sent["mira@example.org"][1] and "Ben Ode" in sent["mira@example.org"][1]
    # Ana: her first session with Mira, and her needs assessment (open for 12 days).
    assert sent["ana@example.org"][0] == "Data mentoring: 2 things to do in your mentoring"
    assert "Mira Diaz" in sent["ana@example.org"][1] and "Ben Ode" not in sent["ana@example.org"][1]
    assert NudgeItem.objects.count() == 6  # each member's first session, each mentee's assessment
    assert nudge_sweep.sweep(TODAY, batch_size=1).sent == 0


def test_the_same_item_is_not_sent_again_but_a_new_one_is_the_next_day(mailbox):
    mira, ana = person("mira"), person("ana")
    pair = paired(mira, ana)
    run()
    assert run(TODAY + datetime.timedelta(days=1)).sent == 0  # nothing new

    Session.objects.create(
        course_key=UNIT.course_key,
        usage_key=UNIT.usage_key,
        pair=pair,
        held_on=TODAY - datetime.timedelta(days=5),
        minutes=30,
        session_format="video",
        logged_by=Participant.objects.get(username="ana"),
    )
    Session.objects.filter(pair=pair).update(logged_at=datetime.datetime(2026, 3, 16, tzinfo=datetime.UTC))
    later = run(TODAY + datetime.timedelta(days=1))
    assert later.sent == 1  # Mira: Ana's session waits for her
    to, _subject, _body, text = messages(mailbox)[-1]
    assert to == "mira@example.org"
    assert "logged 1 session that waits for you to confirm it" in text


def test_what_becomes_due_after_the_days_message_waits_for_the_next_day(mailbox):
    mira, ana = person("mira"), person("ana")
    pair = paired(mira, ana)
    assert run().sent == 2
    Session.objects.create(
        course_key=UNIT.course_key,
        usage_key=UNIT.usage_key,
        pair=pair,
        held_on=TODAY - datetime.timedelta(days=5),
        minutes=30,
        session_format="video",
        logged_by=Participant.objects.get(username="ana"),
    )
    Session.objects.filter(pair=pair).update(logged_at=datetime.datetime(2026, 3, 16, tzinfo=datetime.UTC))

    # One message a person a day: Mira already had hers today, so the session waits for tomorrow.
    assert run().sent == 0
    assert not NudgeItem.objects.filter(key__startswith="unconfirmed:").exists()
    assert run(TODAY + datetime.timedelta(days=1)).sent == 1
    to, _subject, _body, text = messages(mailbox)[-1]
    assert to == "mira@example.org" and "logged 1 session that waits for you to confirm it" in text


def test_a_planned_session_not_logged_two_days_after_is_reminded_of(mailbox):
    pair = paired(person("mira"), person("ana"))
    Session.objects.create(
        course_key=UNIT.course_key,
        usage_key=UNIT.usage_key,
        pair=pair,
        held_on=TODAY - datetime.timedelta(days=9),
        minutes=30,
        session_format="video",
        logged_by=Participant.objects.get(username="ana"),
        confirmation=Session.CONFIRMED,
    )
    Pair.objects.filter(pk=pair.pk).update(sessions_confirmed=1, last_session_on=TODAY - datetime.timedelta(days=9))
    PlannedSession.objects.create(
        course_key=UNIT.course_key,
        usage_key=UNIT.usage_key,
        pair=pair,
        starts_at=datetime.datetime(2026, 3, 17, 9, tzinfo=datetime.UTC),
        minutes=30,
        session_format="video",
        uid="planned-1@test",
    )
    run()
    texts = {to: text for to, _subject, _body, text in messages(mailbox)}
    assert (
        "The session you planned with Ana 3 days ago is not logged yet: log it, or cancel it."
        in texts["mira@example.org"]
    )
    assert "The session you planned with Mira 3 days ago is not logged yet" in texts["ana@example.org"]


def test_who_stopped_their_reminders_gets_none(mailbox):
    mira, ana = person("mira"), person("ana")
    paired(mira, ana)
    nudges.set_reminders(Participant.objects.get(username="ana"), False)
    run()
    assert [to for to, *_rest in messages(mailbox)] == ["mira@example.org"]


def test_a_name_with_markup_is_escaped_in_the_html_and_plain_in_the_text(mailbox):
    paired(person("mira"), person("ana", SCRIPT))
    run()
    (_to, _subject, body, text) = next(m for m in messages(mailbox) if m[0] == "mira@example.org")
    assert SCRIPT not in body
    assert html.escape(SCRIPT) in body or "&lt;script&gt;" in body
    assert SCRIPT in text


def test_each_email_is_in_its_recipients_language(mailbox, monkeypatch):
    mira, ana = person("mira"), person("ana")
    paired(mira, ana)
    install_language_preferences(monkeypatch, {ana.user_id: "es"})
    run()
    by_person = {to: (subject, text) for to, subject, _body, text in messages(mailbox)}
    # Ana has not met Mira yet, nor submitted her needs assessment.
    assert by_person["ana@example.org"][0] == "Data mentoring: 2 cosas por hacer en tu mentoría"
    assert "Dejar de recibir estos recordatorios" in by_person["ana@example.org"][1]
    assert by_person["mira@example.org"][0] == "Data mentoring: 1 thing to do in your mentoring"


def install_language_preferences(monkeypatch, chosen):
    """The platform's ``UserPreference`` rows of ``pref-lang``
    (openedx/core/djangoapps/user_api/models.py; the key is openedx/core/djangoapps/lang_pref's
    ``LANGUAGE_KEY``), as the sweep reads them: one query for a batch of users."""

    class Rows:
        def filter(self, user_id__in, key):
            assert key == "pref-lang"
            self.rows = [(user_id, chosen[user_id]) for user_id in user_id__in if user_id in chosen]
            return self

        def values_list(self, *fields):
            assert fields == ("user_id", "value")
            return self.rows

    install_preference_table(monkeypatch, Rows())


def test_a_message_that_fails_is_tried_again_by_the_next_sweep(mailbox):
    paired(person("mira"), person("ana"))

    def broken(name, recipient, context):
        raise OSError("the mail server is down")

    failed = run(send=broken)
    assert (failed.sent, failed.failed) == (0, 2)
    assert not SentMessage.objects.exists() and not NudgeItem.objects.exists()
    assert run().sent == 2


def test_each_batch_costs_the_same_queries_whatever_the_size_of_the_unit(mailbox):
    def sweep_with(pairs):
        for number in range(pairs):
            suffix = f"{pairs}-{number}"
            paired(person(f"mentor{suffix}"), person(f"mentee{suffix}"))
        Pair.objects.update(started_on=TODAY - datetime.timedelta(days=12))
        SentMessage.objects.all().delete()
        NudgeItem.objects.all().delete()
        with CaptureQueriesContext(connection) as queries:
            outcome = nudge_sweep.sweep(TODAY, batch_size=4, send=lambda *args: None)
        return len(queries), outcome

    small, first = sweep_with(2)  # 4 people: one batch (and a read that finds no one more)
    large, second = sweep_with(4)  # 12 people in all: three batches
    assert (first.batches, second.batches) == (1, 3)
    assert second.sent == 12
    per_batch = (large - small) / (second.batches - first.batches)
    assert per_batch == int(per_batch) and per_batch <= 13
    # A batch with people and pairs always costs the same: the two sizes agree on it.
    assert small == large - (second.batches - first.batches) * per_batch


def test_staff_get_a_weekly_digest_of_pairs_at_risk_reminders_sent_and_who_has_not_answered(mailbox):
    person("sam", "Sam Staff")
    paired(person("mira"), person("ana", "Ana Ruiz"), days_ago=40)
    run()
    # Mira came back after her reminder; Ana has not been seen since.
    Participant.objects.filter(username="ana").update(last_seen=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    Participant.objects.filter(username="mira").update(last_seen=timezone.now() + datetime.timedelta(minutes=1))

    outcome = nudge_digest.run(TODAY)
    assert outcome.digests == 1
    ((to, subject, body, text),) = messages(mailbox, "digest")
    assert to == "sam@example.org"
    assert subject == "Data mentoring: this week's mentoring digest"
    assert "1 pair at risk" in text and "- Mira (mira) and Ana Ruiz (ana)" in text
    assert "2 reminders sent in the last seven days" in text
    assert "1 person reminded has not been back since" in text and "- Ana Ruiz (ana)" in text
    # Once a week: the rest of the week's sweeps send no digest; the next week's does.
    assert nudge_digest.run(TODAY + datetime.timedelta(days=2)).digests == 0
    assert nudge_digest.run(TODAY + datetime.timedelta(days=3)).digests == 1


def test_the_digest_can_be_turned_off(mailbox):
    person("sam")
    program = config.default_program()
    program["nudges"]["staff_digest"] = False
    paired(person("mira"), person("ana"), program=program)
    assert nudge_digest.run(TODAY).digests == 0


def test_the_command_sends_and_says_what_it_did(mailbox):
    paired(person("mira"), person("ana"))
    out = io.StringIO()
    call_command("mentoring_send_nudges", "--date", TODAY.isoformat(), "--no-digest", stdout=out)
    assert out.getvalue().strip() == "Swept 1 units, 2 people: 2 reminders sent, 0 digests sent, 0 failed."
    with pytest.raises(CommandError, match="--date"):
        call_command("mentoring_send_nudges", "--date", "20 March", stdout=io.StringIO())


def test_without_edx_ace_the_command_says_so_and_claims_nothing(mailbox, monkeypatch):
    paired(person("mira"), person("ana"))
    monkeypatch.setitem(sys.modules, "edx_ace", None)
    assert not mail.available()
    with pytest.raises(CommandError, match="edx-ace is needed"):
        call_command("mentoring_send_nudges", stdout=io.StringIO())
    assert not SentMessage.objects.exists()


def test_where_celery_is_there_the_sweep_is_a_task_on_a_schedule(mailbox):
    from celery import current_app

    from mentoring_xblock import tasks

    assert tasks.TASK_NAME in current_app.tasks
    paired(person("mira"), person("ana"))
    assert tasks.send_nudges.run()["sent"] == 2
    settings = types.SimpleNamespace(CELERY_BEAT_SCHEDULE={"theirs": {"task": "x", "schedule": 60}})
    common.add_periodic_sweep(settings)
    assert settings.CELERY_BEAT_SCHEDULE["theirs"] == {"task": "x", "schedule": 60}
    assert settings.CELERY_BEAT_SCHEDULE[common.SWEEP_SCHEDULE_NAME]["task"] == tasks.TASK_NAME


def test_without_celery_no_task_and_no_schedule_are_registered(monkeypatch):
    monkeypatch.setitem(sys.modules, "celery", None)
    monkeypatch.delitem(sys.modules, "mentoring_xblock.tasks", raising=False)
    fresh = importlib.import_module("mentoring_xblock.tasks")  # as a platform without Celery imports it
    assert not fresh.celery_available()
    assert not hasattr(fresh, "send_nudges")
    settings = types.SimpleNamespace()
    common.add_periodic_sweep(settings)
    assert not hasattr(settings, "CELERY_BEAT_SCHEDULE")


def test_a_unit_never_seen_since_reminders_exist_follows_the_defaults(mailbox):
    paired(person("mira"), person("ana"))
    MentoringUnit.objects.update(sweep_rules={})
    assert run().sent == 2


def test_the_digest_escapes_names_in_its_html_and_keeps_them_plain_in_its_text(mailbox):
    person("sam")
    paired(person("mira"), person("ana", SCRIPT), days_ago=40)
    nudge_digest.run(TODAY)
    ((_to, _subject, body, text),) = messages(mailbox, "digest")
    assert SCRIPT not in body and "&lt;script&gt;" in body
    assert SCRIPT in text
