"""Shared helpers that make tests read like stories: load a unit, act as a user, call a handler."""

import json

import pytest
from webob import Request

DEMO = "mentorship.0"
DEFAULT = "mentorship.1"


@pytest.fixture
def workbench(db):
    """Fresh workbench scenarios stored in this test's database; returns a block factory."""
    from workbench.runtime_util import reset_global_state

    reset_global_state()
    return load_block


def load_block(scenario=DEMO, student="staff"):
    """The block of a workbench scenario, bound to ``student``."""
    from workbench.runtime import WorkbenchRuntime
    from workbench.scenarios import get_scenarios

    runtime = WorkbenchRuntime(student)
    return runtime.get_block(get_scenarios()[scenario].usage_id)


def block_from_olx(olx, student="staff"):
    """Parse OLX into a new block through the workbench runtime."""
    from workbench.runtime import WorkbenchRuntime

    runtime = WorkbenchRuntime(student)
    usage_id = runtime.parse_xml_string(olx)
    return runtime.get_block(usage_id)


def call_json(block, handler, data, method="POST"):
    """Call a JSON handler as the runtime would; returns (status, parsed body)."""
    body = data if isinstance(data, bytes) else json.dumps(data).encode()
    request = Request.blank("/", method=method, body=body, content_type="application/json")
    response = block.runtime.handle(block, handler, request)
    return response.status_code, json.loads(response.body or b"null")


@pytest.fixture
def this_plugin_only(monkeypatch):
    """edx-django-utils' plugin registry as it would be with this package the only plugin.

    edx-completion is installed for the tests (the platform's completion service) and registers
    itself as an LMS plugin too; its URLs and signal receivers import the LMS itself, which is
    not here. Tests of how the platform loads *this* plugin look at it alone."""
    from edx_django_utils.plugins import registry

    every_plugin = registry.get_plugin_app_configs

    def ours(project_type):
        return [config for config in every_plugin(project_type) if config.name == "mentoring_xblock"]

    monkeypatch.setattr(registry, "get_plugin_app_configs", ours)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty Django cache and request cache: the database rolls back
    after a test, but django-waffle keeps switches (edx-completion's among them) in the cache, and
    edx-toggles in the request cache, which only a request's middleware empties."""
    from django.core.cache import cache
    from edx_django_utils.cache import RequestCache

    cache.clear()
    RequestCache.clear_all_namespaces()


@pytest.fixture(autouse=True)
def _default_language():
    """Each test ends in the default language: a request's LocaleMiddleware activates the
    language it asks for in this thread, and nothing turns it off after the test."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _no_current_request():
    """Each test ends outside any request, as django-crum's middleware leaves each request in
    the LMS: a user or request a test set for the current thread must not reach the next test
    (the block reads the request's user to tell a masquerade)."""
    import crum

    yield
    crum.set_current_request(None)
