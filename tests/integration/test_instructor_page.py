"""Over HTTP: the plugin's staff page, mounted from its url_config as the LMS mounts it.

The demo unit (``mentorship.0``) after ``load_demo`` and one visit: Maya Ortiz mentors two
mentees in "Mentoring for new data analysts", in the workbench's course.
"""

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mentoring_xblock.models import MentoringUnit
from mentoring_xblock.workbench.services import workbench_course_key

from ..conftest import call_json, load_block
from .helpers import load_demo, page

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.urls")]

DEMO_NAME = "Mentoring for new data analysts"


@pytest.fixture
def demo(workbench, client):
    """The demo pairs, and the demo unit opened once by staff so that the course knows its name."""
    load_demo()
    page(client, "staff")
    client.logout()
    return workbench_course_key()


def staff_page(course_key):
    return reverse("mentoring_xblock:course_overview", kwargs={"course_key": course_key})


def as_user(client, username):
    client.force_login(get_user_model().objects.get(username=username))
    return client


def test_the_page_lives_where_the_instructor_dashboard_tab_links(demo):
    assert staff_page(demo) == f"/mentoring/courses/{demo}/"


def test_staff_see_every_unit_of_the_course_with_its_pairs(client, demo):
    MentoringUnit.objects.create(
        usage_key="block-v1:Workbench+Mentoring+Demo+type@mentorship+block@later",
        course_key=demo,
        display_name="Peer mentoring, term 2",
    )
    response = as_user(client, "staff").get(staff_page(demo))
    assert response.status_code == 200
    body = response.content.decode()
    assert "<caption" in body and '<th scope="col">' in body and '<th scope="row">' in body
    assert DEMO_NAME in body and "Peer mentoring, term 2" in body
    demo_row = body.split(DEMO_NAME, 1)[1].split("</tr>", 1)[0]
    assert 'data-count="active">2<' in demo_row and 'data-count="not_started">2<' in demo_row
    assert 'data-count="complete">0<' in demo_row and "0%" in demo_row


def test_another_courses_units_are_not_listed(client, demo):
    MentoringUnit.objects.create(
        usage_key="block-v1:Other+Course+Run+type@mentorship+block@x",
        course_key="course-v1:Other+Course+Run",
        display_name="Someone else's unit",
    )
    body = as_user(client, "staff").get(staff_page(demo)).content.decode()
    assert DEMO_NAME in body and "Someone else" not in body
    other = as_user(client, "staff").get(staff_page("course-v1:Other+Course+Run")).content.decode()
    assert "Someone else&#x27;s unit" in other and DEMO_NAME not in other


def test_learners_are_refused(client, demo):
    for username in ("learner", "mentor"):
        response = as_user(client, username).get(staff_page(demo))
        assert response.status_code == 403
        assert DEMO_NAME not in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, demo):
    response = client.get(staff_page(demo))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/mentoring/courses/")


@pytest.mark.parametrize("key", ["not-a-course", "course-v1:only+two", "block-v1:Workbench+Mentoring+Demo"])
def test_a_string_that_is_not_a_course_key_is_not_found(client, demo, key):
    assert as_user(client, "staff").get(f"/mentoring/courses/{key}/").status_code == 404


def test_the_page_only_answers_get(client, demo):
    assert as_user(client, "staff").post(staff_page(demo)).status_code == 405


def test_a_course_without_units_says_so(client, demo):
    body = as_user(client, "staff").get(staff_page("course-v1:Empty+Course+Run")).content.decode()
    assert "No Mentoring unit of this course has been opened yet" in body and "<table" not in body


def test_the_first_read_after_a_studio_save_already_counts_by_the_new_rules(client, demo):
    # The demo's two pairs have done nothing; a program that asks nothing makes them complete,
    # and the staff page is the first to read the unit after the save.
    block = load_block("mentorship.0", "staff")
    nothing = dict.fromkeys(("agreement_signed", "final_mentor_assessment", "final_self_assessment"), False)
    program = block.program | {"completion": {**nothing, "min_goals": 0, "min_sessions": 0, "required_agenda": False}}
    status, body = call_json(block, "studio_submit", program)
    assert status == 200, body
    demo_row = as_user(client, "staff").get(staff_page(demo)).content.decode().split(DEMO_NAME, 1)[1]
    demo_row = demo_row.split("</tr>", 1)[0]
    assert 'data-count="complete">2<' in demo_row and "100%" in demo_row


def test_each_unit_has_its_programme_dashboard_with_charts_and_tables(client, demo):
    MentoringUnit.objects.create(
        usage_key="block-v1:Workbench+Mentoring+Demo+type@mentorship+block@later",
        course_key=demo,
        display_name="Peer mentoring, term 2",
    )
    body = as_user(client, "staff").get(staff_page(demo)).content.decode()
    sections = re.findall(r'<section class="mentoring-unit-dashboard".*?</section>\s*</section>', body, re.S)
    assert len(sections) == 2
    demo_section = next(section for section in sections if DEMO_NAME in section)
    assert re.search(r'data-figure="active"><dt>Active</dt><dd>2</dd>', demo_section)
    assert re.search(r'data-figure="not_started"><dt>Not started</dt><dd>2</dd>', demo_section)
    for title in ("Where the active pairs are", "Confirmed sessions per week", "Pairs at risk by week",
                  "Change per learning area since the baseline"):  # fmt: skip
        assert '<figcaption id="' in demo_section and f">{title}</figcaption>" in demo_section
        assert f">{title}</title>" in demo_section
    assert demo_section.count("<table") == 4 and "<canvas" not in body
    assert ".mentoring-figures" in body  # the block's style sheet, inlined


def test_the_page_reads_as_many_queries_with_more_pairs(client, demo):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from mentoring_xblock.models import Pair, Participant

    staff = as_user(client, "staff")
    staff.get(staff_page(demo))

    def count():
        with CaptureQueriesContext(connection) as captured:
            assert staff.get(staff_page(demo)).status_code == 200
        return len(captured.captured_queries)

    small = count()
    first = Pair.objects.first()
    scoped = {"course_key": first.course_key, "usage_key": first.usage_key}
    people = Participant.objects.bulk_create(
        Participant(**scoped, anonymous_id=f"anon-x{n}", username=f"x{n}") for n in range(40)
    )
    Pair.objects.bulk_create(
        Pair(**scoped, mentor=people[2 * n], mentee=people[2 * n + 1], active_mentee=people[2 * n + 1],
             mentor_slot=1, started_on=first.started_on)
        for n in range(20)
    )  # fmt: skip
    assert count() == small
