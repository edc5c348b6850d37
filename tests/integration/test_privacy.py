"""Through the workbench runtime: every learner form says who can see what is entered in it, and
a pair sees which course staff member opened its workspace, and when."""

import html
import re

import pytest
from django.utils import timezone
from django.utils.formats import date_format

from mentoring_xblock.models import Pair, StaffAccess
from mentoring_xblock.pairs import privacy

from .helpers import act, load_demo, ok, page

pytestmark = pytest.mark.django_db

AGREEMENT = {
    "version": 0,
    "cadence": "Monthly",
    "session_minutes": 45,
    "session_format": "video",
    "channels": "Course messages",
}
GOAL = {"statement": "Present a dashboard", "measure": "Team uses it", "target_date": "2099-01-31", "areas": []}


@pytest.fixture
def demo(workbench):
    load_demo()
    return Pair.objects.get(mentee__username="mentee1", status=Pair.ACTIVE)


def forms(page_html, action):
    """Every ``<form>`` of the page that calls ``action``."""
    return re.findall(rf'<form [^>]*data-action="{action}".*?</form>', page_html, re.S)


def note_in(fragment, key):
    """The text of the privacy note ``key`` in an HTML fragment, or None."""
    found = re.search(rf'data-privacy="{key}">(.*?)</p>', fragment, re.S)
    return html.unescape(found.group(1)).strip() if found else None


def workspace_html(student, pair):
    return ok(act(student, "workspace_state", {"pair_id": pair.pk}))["html"]


def test_every_learner_form_says_who_sees_what_is_entered(demo):
    notes = privacy.notes()
    ok(act("mentor", "agreement_save", {"pair_id": demo.pk, **AGREEMENT}))
    ok(act("mentee1", "goal_add", {"pair_id": demo.pk, **GOAL}))
    ok(
        act(
            "mentor",
            "session_log",
            {"pair_id": demo.pk, "held_on": demo.started_on.isoformat(), "minutes": 30, "session_format": "video"},
        )
    )
    mentee = workspace_html("mentee1", demo)
    expected = {
        "agreement_save": "agreement",
        "goal_add": "goal",
        "goal_edit": "goal",
        "goal_progress": "goal_update",
        "session_log": "session_log",
        "session_review": "session_review",  # the mentor logged it: the mentee confirms or disputes
        "assessment_save": "needs_assessment",  # the mentee's needs assessment comes first
    }
    for action, key in expected.items():
        found = forms(mentee, action)
        assert found, action
        assert all(note_in(form, key) == notes[key] for form in found), action
    # Action items are entered in the session form and listed in their own section.
    new_items = re.search(r'data-field="action_items">.*?</fieldset>', forms(mentee, "session_log")[0], re.S)
    assert note_in(new_items.group(0), "action_items") == notes["action_items"]
    section = re.search(r'data-section="actions">.*?</section>', mentee, re.S).group(0)
    assert note_in(section, "action_items") == notes["action_items"]

    # Once the needs assessment is in, each rater's round form names the other rater and the staff.
    ratings = {area: "3" for area in ("sql", "storytelling", "stakeholders", "career")}
    ok(
        act(
            "mentee1",
            "assessment_submit",
            {
                "pair_id": demo.pk,
                "round": "baseline",
                "why_now": "Now",
                "outcome": "More",
                "time_available": "Some",
                "ratings": ratings,
            },
        )
    )
    for student, key, other in (("mentee1", "assessment_self", "mentor"), ("mentor", "assessment_mentor", "mentee")):
        rounds = forms(workspace_html(student, demo), "assessment_save")
        assert len(rounds) == 2  # the mid-point and the final round
        assert all(note_in(form, key) == notes[key] for form in rounds)
        assert f"hidden from your {other} until both of you have submitted" in notes[key]
        assert "course staff see them once the round is complete" in notes[key]


def test_the_invite_form_says_who_sees_the_pairing_it_forms(workbench, client):
    load_demo()
    section = re.search(r'data-section="invite">.*?</section>', page(client, "learner"), re.S).group(0)
    assert note_in(section, "invite") == privacy.notes()["invite"]
    assert forms(section, "invite_redeem") and forms(section, "invite_create")


def test_the_reminders_switch_says_who_sees_it_and_where_the_emails_go(demo, client):
    section = re.search(r'class="mentoring-section mentoring-reminders".*?</section>', page(client, "mentee1"), re.S)
    assert section is not None
    assert note_in(section.group(0), "reminders") == privacy.notes()["reminders"]
    assert "course staff of this unit" in privacy.notes()["reminders"]
    assert forms(section.group(0), "reminders_set")


def staff_views(page_html):
    return [html.unescape(text) for text in re.findall(r"<li data-staff-view>(.*?)</li>", page_html)]


def test_staff_opening_a_pair_is_recorded_once_a_day_and_shown_to_that_pair_only(demo):
    other = Pair.objects.get(mentee__username="mentee2", status=Pair.ACTIVE)
    assert staff_views(workspace_html("mentee1", demo)) == []
    assert "No course staff member has opened this pairing yet." in workspace_html("mentee1", demo)

    workspace_html("staff", demo)
    workspace_html("staff", demo)  # opened again the same day: the same record, counted twice
    workspace_html("mentor", demo)  # members opening their own workspace are not recorded
    access = StaffAccess.objects.get()
    assert (access.pair_id, access.username, access.views, access.viewed_on) == (
        demo.pk,
        "staff",
        2,
        timezone.localdate(),
    )

    today = date_format(timezone.localdate(), "DATE_FORMAT")
    for member in ("mentor", "mentee1"):
        assert staff_views(workspace_html(member, demo)) == [f"Course staff viewed this pairing: staff on {today}"]
    assert staff_views(workspace_html("mentee2", other)) == []  # another pair of the same mentor
    page_of_other = workspace_html("mentor", other)
    assert "Course staff viewed this pairing" not in page_of_other


def test_the_pair_sees_the_latest_staff_visits_first_and_at_most_ten(demo):
    now = timezone.now()
    for day in range(12):
        when = now - timezone.timedelta(days=day)
        StaffAccess.objects.create(
            course_key=demo.course_key,
            usage_key=demo.usage_key,
            pair=demo,
            username=f"coach{day}",
            display_name=f"Coach {day}",
            viewed_on=when.date(),
            first_at=when,
            last_at=when,
        )
    shown = staff_views(workspace_html("mentee1", demo))
    assert len(shown) == 10
    assert [text.split(": ")[1].split(" on ")[0] for text in shown] == [f"Coach {day}" for day in range(10)]
