"""Installing into Open edX: the platform's own plugin machinery finds the app and its settings."""

import sys
import types
from importlib import metadata
from pathlib import Path

import pytest
from edx_django_utils.plugins import add_plugins, get_plugin_apps, get_plugin_url_patterns
from packaging.requirements import Requirement
from packaging.version import Version

import mentoring_xblock


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


@pytest.mark.usefixtures("this_plugin_only")  # the other plugins installed need a whole LMS
@pytest.mark.parametrize("project", ["lms.djangoapp", "cms.djangoapp"])
def test_common_settings_add_defaults_without_overriding_the_operator(project, platform_settings):
    add_plugins(platform_settings.__name__, project, "common")
    assert platform_settings.MENTORING_STAFF_USERS == ["staff"]
    platform_settings.MENTORING_STAFF_USERS = ["ops"]
    add_plugins(platform_settings.__name__, project, "common")
    assert platform_settings.MENTORING_STAFF_USERS == ["ops"]


@pytest.mark.usefixtures("this_plugin_only")  # the other plugins installed need a whole LMS
def test_production_settings_read_the_environment_tokens(platform_settings):
    platform_settings.ENV_TOKENS = {"MENTORING_STAFF_USERS": ["coach"]}
    add_plugins(platform_settings.__name__, "lms.djangoapp", "production")
    assert platform_settings.MENTORING_STAFF_USERS == ["coach"]


@pytest.mark.usefixtures("this_plugin_only")
def test_the_lms_mounts_the_staff_page_and_studio_mounts_nothing():
    lms = get_plugin_url_patterns("lms.djangoapp")
    assert [(str(p.pattern), p.namespace, p.urlconf_name.__name__) for p in lms] == [
        ("^mentoring/", "mentoring_xblock", "mentoring_xblock.urls")
    ]
    assert get_plugin_url_patterns("cms.djangoapp") == []


@pytest.mark.usefixtures("this_plugin_only")  # the other plugins installed need a whole LMS
@pytest.mark.parametrize("settings_type", ["common", "production"])
def test_the_platforms_plugin_settings_merge_our_dashboard_steps_and_mako_folder(platform_settings, settings_type):
    legacy = "org.openedx.learning.instructor.dashboard.render.started.v1"
    platform_settings.OPEN_EDX_FILTERS_CONFIG = {legacy: {"fail_silently": False, "pipeline": ["other.Step"]}}
    platform_settings.MAKO_TEMPLATE_DIRS_BASE = ["/edx/app/edxapp/edx-platform/lms/templates"]
    for _ in range(2):  # the platform applies common settings, then production ones
        add_plugins(platform_settings.__name__, "lms.djangoapp", settings_type)
    config = platform_settings.OPEN_EDX_FILTERS_CONFIG
    assert config[legacy]["pipeline"] == ["other.Step", "mentoring_xblock.web.instructor.AddMentoringSection"]
    assert config["org.openedx.learning.instructor.dashboard.tabs.requested.v1"]["pipeline"] == [
        "mentoring_xblock.web.instructor.AddMentoringTab"
    ]
    assert [str(path) for path in platform_settings.MAKO_TEMPLATE_DIRS_BASE][1:] == [
        str(Path(mentoring_xblock.__file__).parent / "mako")
    ]


def requirements_of(distribution):
    return {Requirement(text).name.lower(): Requirement(text) for text in metadata.requires(distribution) or []}


def test_web_fragments_come_from_xblock_and_never_twice_from_this_package():
    """XBlock 6.2+ (Python 3.12+) ships ``web_fragments`` in its own wheel; older ones depend on the
    web-fragments distribution. This package asks for it only where XBlock does not ship it."""
    from web_fragments.fragment import Fragment  # noqa: PLC0415

    assert Fragment("<p>hi</p>").body_html() == "<p>hi</p>"
    ours = requirements_of("mentoring-xblock")["web-fragments"]
    assert ours.marker is not None
    assert ours.marker.evaluate({"python_version": "3.11"}) and not ours.marker.evaluate({"python_version": "3.12"})
    if Version(metadata.version("XBlock")) >= Version("6.2"):
        assert "web_fragments/fragment.py" in {str(path) for path in metadata.files("XBlock")}
        assert "web-fragments" not in requirements_of("XBlock")
    else:
        assert "web-fragments" in requirements_of("XBlock")
