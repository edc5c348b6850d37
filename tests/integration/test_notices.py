"""What is due shows at the top of a member's workspace, the same items as the reminder emails,
and each person turns their own email reminders off and on again from the page."""

import datetime
import html
import io

import pytest
from django.utils import timezone

from mentoring_xblock.models import Pair, Participant

from ..conftest import DEMO
from .helpers import act, load_demo, ok, page, visit

pytestmark = pytest.mark.django_db
SCRIPT = "<script>alert(1)</script>"


@pytest.fixture
def fresh_pair(workbench, client):
    """The coach paired with a learner twelve days ago; neither has done anything since."""
    load_demo()
    for student in ("coach", "learner"):
        visit(client, student)
    pair_id = ok(act("staff", "staff_add_pair", {"mentor": "coach", "mentee": "learner"}))["pair"]["id"]
    Pair.objects.filter(pk=pair_id).update(started_on=timezone.localdate() - datetime.timedelta(days=12))
    return pair_id


def test_a_member_sees_what_is_due_at_the_top_of_the_workspace(fresh_pair, client):
    text = page(client, "learner")
    assert "Waiting for you (2)" in text
    assert 'data-notice="first_session"' in text and 'data-notice="round_open"' in text
    assert "no session is logged yet: meet and log it." in text
    assert "Submit the needs assessment: it has been open for 12 days." in text
    # The notices come before the next step.
    assert text.index('data-notice="first_session"') < text.index("data-next-step")


def test_notices_are_in_the_readers_language(fresh_pair, client):
    response = client.get(f"/scenario/{DEMO}/?student=learner", HTTP_ACCEPT_LANGUAGE="es")
    text = response.content.decode()
    assert "Te esperan (2)" in text
    assert "la evaluación de necesidades" in text


def test_a_partner_named_with_markup_is_shown_as_text(fresh_pair, client):
    Participant.objects.filter(username="coach").update(display_name=SCRIPT)
    text = page(client, "learner")
    assert SCRIPT not in text
    assert html.escape(SCRIPT, quote=False) in text


def test_nothing_due_shows_no_notices(fresh_pair, client):
    Pair.objects.filter(pk=fresh_pair).update(started_on=timezone.localdate())
    assert "data-notice" not in page(client, "learner")


def test_each_person_stops_and_restarts_their_own_reminders(fresh_pair, client):
    text = page(client, "learner")
    assert 'id="mentoring-reminders"' in text and "Stop email reminders" in text

    body = ok(act("learner", "reminders_set", {"on": False}))
    assert body["reminders"] == {"on": False}
    assert body["announce"] == "Email reminders are stopped."
    assert "Send me email reminders again" in body["html"]
    assert Participant.objects.get(username="learner").nudges_off_at is not None
    assert Participant.objects.get(username="coach").nudges_off_at is None
    assert "Send me email reminders again" in page(client, "learner")
    # The notices stay: only the emails stop.
    assert "Waiting for you (2)" in page(client, "learner")

    ok(act("learner", "reminders_set", {"on": "true"}))
    assert Participant.objects.get(username="learner").nudges_off_at is None


def test_a_wrong_switch_is_refused_naming_the_field_and_changes_nothing(fresh_pair):
    status, body = act("learner", "reminders_set", {"on": "maybe"})
    assert status == 400
    assert list(body["error"]["fields"]) == ["on"]
    assert Participant.objects.get(username="learner").nudges_off_at is None


def test_a_visitor_who_is_not_signed_in_cannot_switch_anything(fresh_pair):
    status, _body = act("", "reminders_set", {"on": False})
    assert status == 403
    assert not Participant.objects.exclude(nudges_off_at=None).exists()


def test_in_the_workbench_the_same_items_are_written_to_the_mail_folder(fresh_pair, client, tmp_path, settings):
    from django.core.management import call_command

    settings.MENTORING_MAIL_DIR = str(tmp_path)
    page(client, "learner")  # a view keeps the unit's row current
    call_command("mentoring_send_nudges", "--no-digest", stdout=io.StringIO())
    (written,) = [path.read_text() for path in tmp_path.glob("*-nudges-learner-*.html")]
    assert "<!-- subject: Mentoring for new data analysts: 2 things to do in your mentoring -->" in written
    assert f'href="http://127.0.0.1:8000/scenario/{DEMO}/?student=learner"' in written
    assert "no session is logged yet: meet and log it." in written
    assert "Submit the needs assessment: it has been open for 12 days." in written
