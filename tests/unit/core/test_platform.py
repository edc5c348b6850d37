"""The runtime adapter reads identity the way the Open edX LMS gives it; the workbench speaks the same."""

import pytest
from django.test import override_settings

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
