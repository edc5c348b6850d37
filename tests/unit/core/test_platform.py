"""The runtime adapter reads identity the way the Open edX LMS gives it; the workbench speaks the same."""

import logging
import sys
import types

import crum
import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory, override_settings
from django.utils import timezone
from xblock.exceptions import NoSuchServiceError
from xblock.reference.user_service import XBlockUser

from mentoring_xblock.core import platform
from mentoring_xblock.workbench.services import WorkbenchUserService

from ...conftest import load_block

pytestmark = pytest.mark.django_db


class FakeRuntime:
    def __init__(self, user_id):
        self.user_id = user_id


def opt_attrs(username):
    service = WorkbenchUserService()
    service.runtime = FakeRuntime(username)
    return service.get_current_user().opt_attrs


def test_workbench_user_service_sets_the_lms_keys():
    attrs = opt_attrs("learner1")
    assert attrs["edx-platform.username"] == "learner1"
    assert attrs["edx-platform.user_is_staff"] is False
    assert attrs["edx-platform.user_role"] == "student"
    assert len(attrs["edx-platform.anonymous_user_id"]) == 32
    assert attrs["edx-platform.anonymous_user_id"] != opt_attrs("learner2")["edx-platform.anonymous_user_id"]
    assert attrs["edx-platform.anonymous_user_id"] == opt_attrs("learner1")["edx-platform.anonymous_user_id"]
    assert isinstance(attrs["edx-platform.user_id"], int)


def test_staff_are_named_in_a_setting():
    assert opt_attrs("staff")["edx-platform.user_is_staff"] is True
    assert opt_attrs("staff")["edx-platform.user_role"] == "staff"
    with override_settings(MENTORING_STAFF_USERS=["coordinator"]):
        assert opt_attrs("coordinator")["edx-platform.user_is_staff"] is True
        assert opt_attrs("staff")["edx-platform.user_is_staff"] is False


def test_only_staff_can_look_up_other_users_and_unknown_users_are_none():
    opt_attrs("learner2")  # learner2 has visited, so the account exists
    staff = WorkbenchUserService()
    staff.runtime = FakeRuntime("staff")
    learner = WorkbenchUserService()
    learner.runtime = FakeRuntime("learner1")
    course = "course-v1:Workbench+Mentoring+Demo"
    assert staff.get_anonymous_user_id("learner2", course) == opt_attrs("learner2")["edx-platform.anonymous_user_id"]
    assert staff.get_anonymous_user_id("nobody", course) is None
    assert learner.get_anonymous_user_id("learner2", course) is None
    # As the LMS's lookup on its MySQL database (case-insensitive collation): "Learner2" is learner2.
    assert staff.get_anonymous_user_id("Learner2", course) == opt_attrs("learner2")["edx-platform.anonymous_user_id"]


def test_block_sees_the_actor_unit_and_rights(workbench):
    block = load_block(student="learner1")
    actor = platform.current_actor(block)
    assert actor.username == "learner1" and not actor.is_staff and actor.is_learner_identity
    unit = platform.unit(block)
    assert unit.usage_key == "mentoring-demo-unit.mentorship.d0.u0"
    assert unit.course_key == "course-v1:Workbench+Mentoring+Demo"
    assert not platform.can_edit_program(block)
    assert platform.can_edit_program(load_block(student="staff"))
    assert not platform.is_authoring(block)


def test_studio_permissions_decide_in_studio():
    class Permissions:
        def __init__(self, allowed):
            self.allowed = allowed

        def can_write(self, course_key):
            return self.allowed

    class Runtime:
        def __init__(self, allowed):
            self.permissions = Permissions(allowed)

        def service(self, block, name):
            return self.permissions if name == "studio_user_permissions" else None

    class UsageKey:
        course_key = "course-v1:Org+Course+Run"

    class Block:
        scope_ids = type("Ids", (), {"usage_id": UsageKey()})()

        def __init__(self, allowed):
            self.runtime = Runtime(allowed)

    assert platform.can_edit_program(Block(True)) and platform.is_authoring(Block(True))
    assert not platform.can_edit_program(Block(False))
    assert platform.course_key(Block(True)) == "course-v1:Org+Course+Run"


# -- who is course staff ----------------------------------------------------------------------------

COURSE_KEY = "course-v1:Org+Course+Run"


def fake_modules(monkeypatch, names):
    for name in names:
        monkeypatch.setitem(sys.modules, name, types.ModuleType(name))


def test_in_open_edx_the_platforms_has_access_decides(monkeypatch, django_user_model):
    calls = []

    def has_access(user, action, obj):
        calls.append((user.username, action, obj))
        return user.username == "inst"

    fake_modules(monkeypatch, ("lms", "lms.djangoapps", "lms.djangoapps.courseware"))
    access = types.ModuleType("lms.djangoapps.courseware.access")
    access.has_access = has_access
    monkeypatch.setitem(sys.modules, access.__name__, access)
    instructor_user = django_user_model.objects.create_user("inst")
    global_staff = django_user_model.objects.create_user("root", is_staff=True)
    assert platform.is_course_staff(instructor_user, COURSE_KEY) is True
    assert platform.is_course_staff(global_staff, COURSE_KEY) is False  # the platform said no
    assert calls == [("inst", "staff", COURSE_KEY), ("root", "staff", COURSE_KEY)]


def test_without_open_edx_django_staff_and_superusers_are_course_staff(django_user_model, caplog, monkeypatch):
    monkeypatch.setattr(platform, "_told_django_staff", [])
    make = django_user_model.objects.create_user
    with caplog.at_level(logging.INFO, logger=platform.__name__):
        assert platform.is_course_staff(make("a", is_staff=True), COURSE_KEY)
        assert platform.is_course_staff(make("b", is_superuser=True), COURSE_KEY)
    assert not platform.is_course_staff(make("c"), COURSE_KEY)
    assert not platform.is_course_staff(make("d", is_staff=True, is_active=False), COURSE_KEY)
    assert not platform.is_course_staff(AnonymousUser(), COURSE_KEY)
    said = [record.getMessage() for record in caplog.records if "is_staff" in record.getMessage()]
    assert said == ["Open edX is not installed: course staff are Django's is_staff and is_superuser users."]


def test_open_edx_without_has_access_fails_clearly_instead_of_guessing(monkeypatch, django_user_model):
    fake_modules(monkeypatch, ("xmodule",))
    monkeypatch.setitem(sys.modules, "lms", None)  # importing it raises ImportError
    with pytest.raises(ImproperlyConfigured, match="has_access cannot be imported"):
        platform.is_course_staff(django_user_model.objects.create_user("root", is_staff=True), COURSE_KEY)


def test_the_staff_page_and_dashboard_ask_the_adapter():
    from mentoring_xblock.web import instructor, instructor_views  # noqa: PLC0415

    assert instructor.is_course_staff is platform.is_course_staff
    assert instructor_views.is_course_staff is platform.is_course_staff


# -- services ---------------------------------------------------------------------------------------


class ServiceRuntime:
    def __init__(self, error=None):
        self.error = error

    def service(self, block, name):
        if self.error is not None:
            raise self.error
        return {"i18n": "the i18n service"}.get(name)


class ServiceBlock:
    def __init__(self, runtime):
        self.runtime = runtime


def test_a_service_the_runtime_does_not_offer_is_none():
    assert platform.service(ServiceBlock(ServiceRuntime()), "i18n") == "the i18n service"
    assert platform.service(ServiceBlock(ServiceRuntime()), "completion") is None
    assert platform.service(ServiceBlock(ServiceRuntime(NoSuchServiceError("completion"))), "completion") is None


def test_a_failing_runtime_is_not_mistaken_for_a_missing_service():
    with pytest.raises(RuntimeError, match="broken"):
        platform.service(ServiceBlock(ServiceRuntime(RuntimeError("broken"))), "user")


# -- the reader's time zone ------------------------------------------------------------------------


class _ZoneUserService:
    def __init__(self, preferences):
        self.preferences = preferences

    def get_current_user(self):
        user = XBlockUser(is_current_user=True)
        if self.preferences is not None:
            user.opt_attrs["edx-platform.user_preferences"] = self.preferences
        return user


class _ZoneBlock:
    """A block whose runtime's user service gives ``preferences`` (None: no such key)."""

    def __init__(self, preferences):
        service = _ZoneUserService(preferences)
        self.runtime = types.SimpleNamespace(service=lambda block, name: service if name == "user" else None)


def _request_with_zone(zone):
    request = RequestFactory().get("/")
    if zone is not None:
        request.COOKIES[platform.ZONE_COOKIE] = zone
    return request


@pytest.mark.parametrize(
    ("preferences", "cookie", "expected"),
    [
        ({"time_zone": "America/Bogota", "pref-lang": "es"}, "Europe/Madrid", "America/Bogota"),  # the platform's first
        ({"pref-lang": "es"}, "Europe/Madrid", "Europe/Madrid"),  # no preference: the browser's
        ({}, None, "UTC"),  # neither: UTC
        (None, "Asia/Tokyo", "Asia/Tokyo"),
        ({"time_zone": "Mars/Olympus"}, None, "UTC"),  # a name that is no zone
        ({}, "../../etc/passwd", "UTC"),
        ({}, "/usr/share/zoneinfo/UTC", "UTC"),
        ({}, "x" * 200, "UTC"),
        ({"time_zone": 7}, None, "UTC"),
    ],
)
def test_times_are_read_in_the_users_zone_else_the_browsers_else_utc(preferences, cookie, expected):
    crum.set_current_request(_request_with_zone(cookie))
    assert platform.reader_zone(_ZoneBlock(preferences)).key == expected
    with platform.reader_time(_ZoneBlock(preferences)):
        assert timezone.get_current_timezone_name() == expected
