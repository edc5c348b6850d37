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
