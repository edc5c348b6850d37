"""Installing into Open edX: the platform's own plugin machinery finds the app and its settings."""

import sys
import types

import pytest
from edx_django_utils.plugins import add_plugins, get_plugin_apps


@pytest.fixture
def platform_settings():
    """A stand-in for an LMS settings module, registered where add_plugins imports it from."""
    module = types.ModuleType("fake_platform_settings")
    sys.modules[module.__name__] = module
    yield module
    del sys.modules[module.__name__]


@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_the_platform_installs_the_app_in_lms_and_studio(project):
    assert "mentoring_xblock.apps.MentoringConfig" in get_plugin_apps(project)


@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_common_settings_add_defaults_without_overriding_the_operator(project, platform_settings):
    add_plugins(platform_settings.__name__, project, "common")
    assert platform_settings.MENTORING_STAFF_USERS == ["staff"]
    platform_settings.MENTORING_STAFF_USERS = ["ops"]
    add_plugins(platform_settings.__name__, project, "common")
    assert platform_settings.MENTORING_STAFF_USERS == ["ops"]


def test_production_settings_read_the_environment_tokens(platform_settings):
    platform_settings.ENV_TOKENS = {"MENTORING_STAFF_USERS": ["coach"]}
    add_plugins(platform_settings.__name__, "lms.djangoapp", "production")
    assert platform_settings.MENTORING_STAFF_USERS == ["coach"]
