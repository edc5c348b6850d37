"""The plugin settings put the block's tracking events on the platform's allow-lists, whichever
plugin's settings run first, once each however often they run.

event-routing-backends' own ``plugin_settings`` (its settings/common.py and production.py, the real
ones) build the lists Aspects filters on: ``EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS``, the
whitelists of the ``event_transformer`` backend and its ``xapi`` router, and
``EVENT_BUS_TRACKING_LOGS``.
"""

import sys
import types

import pytest
from edx_django_utils.plugins import add_plugins

from mentoring_xblock.settings import common, production
from mentoring_xblock.web import events

erb_settings = pytest.importorskip("event_routing_backends.settings.common")
erb_production = pytest.importorskip("event_routing_backends.settings.production")

ERB_EVENT = "edx.course.enrollment.activated"


def lms_settings(**values):
    """What an LMS settings module has when the plugins' settings run."""
    return types.SimpleNamespace(LMS_ROOT_URL="https://lms.example.com", ENV_TOKENS={}, **values)


def whitelists(settings):
    """The router's own whitelist and its xapi backend's, from EVENT_TRACKING_BACKENDS."""
    router = settings.EVENT_TRACKING_BACKENDS["event_transformer"]["OPTIONS"]
    xapi = router["backends"]["xapi"]["OPTIONS"]["processors"][0]["OPTIONS"]["whitelist"]
    return router["processors"][0]["OPTIONS"]["whitelist"], xapi


def assert_allowed_once(settings):
    for names in (settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS, *whitelists(settings)):
        assert set(events.NAMES) <= set(names)
        assert ERB_EVENT in names  # the library's own stay
        if isinstance(names, list):
            assert len(names) == len(set(names))
    assert set(events.NAMES) <= set(settings.EVENT_BUS_TRACKING_LOGS)


def test_ours_first_then_event_routing_backends():
    settings = lms_settings()
    common.plugin_settings(settings)
    assert list(events.NAMES) == settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS
    erb_settings.plugin_settings(settings)
    assert_allowed_once(settings)


def test_event_routing_backends_first_then_ours_twice():
    settings = lms_settings()
    erb_settings.plugin_settings(settings)
    assert not set(events.NAMES) & set(whitelists(settings)[0])
    for _ in range(2):
        common.plugin_settings(settings)
    assert_allowed_once(settings)
    caliper = settings.EVENT_TRACKING_BACKENDS["event_transformer"]["OPTIONS"]["backends"]["caliper"]
    assert not set(events.NAMES) & set(caliper["OPTIONS"]["processors"][0]["OPTIONS"]["whitelist"])


def test_production_settings_of_both_in_either_order():
    for order in (
        (erb_settings, common, erb_production, production),
        (common, erb_settings, production, erb_production),
    ):
        settings = lms_settings()
        for module in order:
            module.plugin_settings(settings)
        assert_allowed_once(settings)


def test_without_event_routing_backends_only_the_xapi_list_is_made():
    settings = types.SimpleNamespace()
    common.plugin_settings(settings)
    common.plugin_settings(settings)
    assert list(events.NAMES) == settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS
    assert not hasattr(settings, "EVENT_BUS_TRACKING_LOGS")


def test_lists_that_cannot_grow_are_replaced_by_longer_ones():
    settings = lms_settings(
        EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS=(ERB_EVENT,), EVENT_BUS_TRACKING_LOGS=frozenset()
    )
    common.plugin_settings(settings)
    assert (ERB_EVENT, *events.NAMES) == settings.EVENT_TRACKING_BACKENDS_ALLOWED_XAPI_EVENTS
    assert frozenset(events.NAMES) == settings.EVENT_BUS_TRACKING_LOGS


@pytest.fixture
def platform_settings():
    module = types.ModuleType("fake_lms_settings_for_tracking")
    module.LMS_ROOT_URL = "https://lms.example.com"
    module.ENV_TOKENS = {}
    sys.modules[module.__name__] = module
    yield module
    del sys.modules[module.__name__]


@pytest.mark.parametrize("settings_type", ["common", "production"])
def test_through_the_platforms_plugin_loader_with_event_routing_backends(monkeypatch, platform_settings, settings_type):
    """``add_plugins`` (edx-django-utils), as the LMS runs it, with this plugin and
    event-routing-backends the only ones (the others installed here need a whole LMS)."""
    from edx_django_utils.plugins import registry

    every_plugin = registry.get_plugin_app_configs
    names = {"mentoring_xblock", "event_routing_backends"}
    monkeypatch.setattr(
        registry, "get_plugin_app_configs", lambda project: [c for c in every_plugin(project) if c.name in names]
    )
    if settings_type == "production":
        add_plugins(platform_settings.__name__, "lms.djangoapp", "common")
    add_plugins(platform_settings.__name__, "lms.djangoapp", settings_type)
    assert_allowed_once(platform_settings)
