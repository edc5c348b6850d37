"""Fixtures of the LMS-faithful runtime: a course of the LMS with one Mentoring unit."""

import pytest
from waffle.testutils import override_switch

from .runtime import LmsCourse

COMPLETION_SWITCH = "completion.enable_completion_tracking"


@pytest.fixture(autouse=True)
def platform_root(settings, tmp_path_factory):
    """The LMS's ``REPO_ROOT`` (its i18n service reads the pulled catalogs under it): an
    edx-platform folder where no catalog was pulled."""
    settings.REPO_ROOT = tmp_path_factory.mktemp("edx-platform")


def course_with_staff(completion_tracking):
    """A course whose staff member is ``dana``, on a platform that tracks completion or not."""
    course = LmsCourse()
    course.add_user("dana", "Dana Reyes", course_staff=True)
    with override_switch(COMPLETION_SWITCH, active=completion_tracking):
        yield course


@pytest.fixture
def lms(db):
    """A course with completion tracking on, as Tutor sets it up."""
    yield from course_with_staff(True)


@pytest.fixture
def lms_without_completion(db):
    """The same course on a platform where completion tracking is off (edx-completion's default)."""
    yield from course_with_staff(False)


def pair_before_first_visit(course, mentor="maya", mentee="bruno"):
    """Staff pair Maya Ortiz with Bruno Costa, neither of whom has opened the unit; the pair's id."""
    course.add_user(mentor, "Maya Ortiz")
    course.add_user(mentee, "Bruno Costa")
    status, body = course.call("dana", "staff_add_pair", {"mentor": mentor, "mentee": mentee})
    assert status == 200, body
    return body["pair"]["id"]
