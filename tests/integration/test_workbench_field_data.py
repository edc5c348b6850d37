"""The workbench's field data: a block's stored fields are read at once and saved as before."""

import copy
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from webob import Request
from workbench.models import XBlockState

from mentoring_xblock.program import config

from ..conftest import DEMO, load_block

pytestmark = pytest.mark.django_db


def test_every_field_of_the_program_is_read_in_one_query(workbench):
    block = load_block(DEMO, "mentee1")
    with CaptureQueriesContext(connection) as captured:
        program = block.program
        assert block.published_progress is None and block.weight == 1.0
    assert program["display_name"] == "Mentoring for new data analysts"
    assert len(captured.captured_queries) == 1


def test_a_saved_field_is_read_by_the_next_request_and_reading_creates_no_row(workbench):
    rows = XBlockState.objects.count()
    block = load_block(DEMO, "mentee1")
    assert block.published_progress is None and block.program["at_risk_days"] == 30
    assert XBlockState.objects.count() == rows  # reading a field never set writes nothing
    block.published_progress = 0.5
    program = block.program
    program["at_risk_days"] = 12
    block.program = program
    block.save()
    again = load_block(DEMO, "mentee1")
    assert again.published_progress == 0.5 and again.program["at_risk_days"] == 12
    assert load_block(DEMO, "mentee2").published_progress is None  # user state stays each user's
    assert config.clean_program(again.program)["at_risk_days"] == 12


def test_the_program_is_built_once_per_block_and_follows_every_change_to_its_fields(workbench):
    block = load_block(DEMO, "staff")
    program = block.program
    assert block.program is program  # built once: every reader in the request shares it
    assert program == {key: getattr(block, key) for key in config.PROGRAM_KEYS}
    assert program["agenda"] is not block.agenda  # a copy of the fields: editing it cannot reach them

    # A Studio save, then a read in the same block instance, sees the new program.
    saved = copy.deepcopy(program)
    saved["display_name"] = "Analyst mentoring"
    saved["agenda"] = saved["agenda"][:-1]
    request = Request.blank("/", method="POST", body=json.dumps({**saved, "weight": 1.0}).encode(),
                            content_type="application/json")  # fmt: skip
    assert block.runtime.handle(block, "studio_submit", request).status_code == 200
    assert block.program is not program
    assert block.program["display_name"] == "Analyst mentoring"
    assert block.program["agenda"] == saved["agenda"]

    # So does a read after the setter, and after one field is set directly (Studio's settings editor).
    edited = copy.deepcopy(block.program)
    edited["at_risk_days"] = 12
    block.program = edited
    assert block.program["at_risk_days"] == 12
    block.display_name = "Mentoring, renamed"
    assert block.program["display_name"] == "Mentoring, renamed"
    assert block.program is block.program
