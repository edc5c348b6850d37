"""OLX through the runtime: the block's own parse_xml and add_xml_to_node, as a course import/export uses them."""

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from lxml import etree

from mentoring_xblock.program import config, olx

from ..conftest import block_from_olx
from ..unit.program.test_olx import programs

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "program.xml"
pytestmark = pytest.mark.django_db


def export(block):
    buffer = io.BytesIO()
    block.runtime.export_to_xml(block, buffer)
    # Drop the XML declaration: the workbench parses text, as a course import reads files.
    return buffer.getvalue().decode().split("?>", 1)[-1]


def test_fixture_imports_into_the_block_and_exports_readably(workbench):
    block = block_from_olx(FIXTURE.read_text())
    assert block.display_name == "Mentoring & coaching — Cohort “B”"
    assert block.duration_weeks == 12
    assert [area["id"] for area in block.learning_areas] == ["budgeting", "feedback"]
    text = export(block)
    root = etree.fromstring(text.encode())
    assert root.tag == "mentorship"
    assert [el.get("id") for el in root.findall("agenda-item")] == ["start", "money"]
    assert "[" not in root.get("session_formats")


def test_import_of_an_export_reproduces_every_field(workbench):
    original = block_from_olx(FIXTURE.read_text())
    copy = block_from_olx(export(original))
    for key in config.PROGRAM_KEYS:
        assert getattr(copy, key) == getattr(original, key), key


def test_an_empty_element_is_the_default_program(workbench):
    # Without a pacing attribute the OLX was written before pacing existed: the unit runs free, as then.
    assert block_from_olx("<mentorship/>").program == {**config.default_program(), "pacing": "free"}


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(raw=programs())
def test_generated_programs_survive_export_and_import_through_the_runtime(workbench, raw):
    block = block_from_olx("<mentorship/>")
    block.program = config.clean_program(raw)
    assert block_from_olx(export(block)).program == block.program


def test_the_grading_weight_travels_as_an_attribute_only_when_the_author_set_it(workbench):
    block = block_from_olx(FIXTURE.read_text())
    assert etree.fromstring(export(block).encode()).get("weight") is None
    block.weight = 2.5
    text = export(block)
    assert etree.fromstring(text.encode()).get("weight") == "2.5"
    assert block_from_olx(text).weight == 2.5


def test_xblock_own_fields_travel_as_attributes_and_unset_ones_are_not_written(workbench):
    """Without the platform's mixins the block still has XBlock's own ``tags`` and ``name`` fields."""
    block = block_from_olx(FIXTURE.read_text())
    root = etree.fromstring(export(block).encode())
    assert set(root.attrib) == {"xblock-family", "session_formats", *olx.SCALARS}
    block.tags = ["cohort-b"]
    copy = block_from_olx(export(block))
    assert copy.tags == ["cohort-b"]
    assert copy.program == block.program
