"""OLX keeps the fields the LMS and Studio mix into every block: who may see the unit, its dates,
its library link, ... through export, import and a course re-run.

The platform's XML blocks (``xmodule/xml_block.py`` ``XmlMixin.add_xml_to_node`` / ``load_metadata``)
write every settings field set on a block as an attribute (``serialize_field`` of its ``to_json``)
and read attributes back (``deserialize_field``, then ``from_json``). A block with its own
``parse_xml`` / ``add_xml_to_node`` must do the same for every field it does not write itself.
"""

import datetime
import io
import logging

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from xblock.fields import Boolean, Date, Dict, Float, Integer, List, Scope, String, Timedelta
from xblock.runtime import DictKeyValueStore, KvsFieldData, MemoryIdManager, Runtime

from mentoring_xblock.core.errors import InvalidInput
from mentoring_xblock.program import config, olx

from ..unit.program.test_olx import FIXTURE
from .mixins import LMS_MIXINS, STUDIO_MIXINS, Group, UserPartition, UserPartitionList


class OlxRuntime(Runtime):
    """A runtime with the platform's mixins and a store of its own: one course's modulestore."""

    def __init__(self, mixins):
        ids = MemoryIdManager()
        super().__init__(ids, ids, mixins=mixins, services={"field-data": KvsFieldData(DictKeyValueStore())})

    def handler_url(self, *args, **kwargs):
        raise NotImplementedError

    def local_resource_url(self, *args, **kwargs):
        raise NotImplementedError

    def publish(self, *args, **kwargs):
        raise NotImplementedError

    def resource_url(self, *args, **kwargs):
        raise NotImplementedError


def import_olx(text, mixins=LMS_MIXINS):
    """Import OLX into a fresh runtime (a new course), as the platform's importer stores it."""
    runtime = OlxRuntime(mixins)
    return runtime.get_block(runtime.parse_xml_string(text))


def export_olx(block):
    buffer = io.BytesIO()
    block.runtime.export_to_xml(block, buffer)
    return buffer.getvalue().decode().split("?>", 1)[-1]


def stored(block):
    """Save the block and load it again from its store, as the next request would."""
    block.save()
    return block.runtime.get_block(block.scope_ids.usage_id)


def mixed_fields(mixins):
    """The content and settings fields the mixins add to the block, by name."""
    block = import_olx("<mentorship/>", mixins)
    return {
        name: field
        for name, field in block.fields.items()
        if name not in olx.OWN_FIELDS and field.scope in (Scope.content, Scope.settings)
    }


START = datetime.datetime(2027, 3, 1, 9, 30, tzinfo=datetime.UTC)
DUE = datetime.datetime(2027, 6, 30, 23, 59, tzinfo=datetime.UTC)


def restricted_unit(mixins=LMS_MIXINS):
    """The fixture's program, renamed, visible to staff only, for enrollment track groups 1 and 2."""
    block = import_olx(FIXTURE.read_text(), mixins)
    block.display_name = "Mentoring — verified learners"
    block.visible_to_staff_only = True
    block.group_access = {"50": [1, 2]}
    block.hide_from_toc = True
    block.start = START
    block.due = DUE
    return stored(block)


def assert_restricted_unit(block):
    assert block.display_name == "Mentoring — verified learners"
    assert block.visible_to_staff_only is True
    assert block.group_access == {50: [1, 2]}
    assert block.hide_from_toc is True
    assert block.start == START
    assert block.due == DUE
    assert block.duration_weeks == 12
    assert [area["id"] for area in block.learning_areas] == ["budgeting", "feedback"]


def test_who_may_see_the_unit_survives_export_and_import():
    original = restricted_unit()
    copy = import_olx(export_olx(original))
    assert_restricted_unit(copy)
    assert copy.program == original.program


def test_the_export_writes_the_platform_fields_as_the_platform_does():
    root = etree.fromstring(export_olx(restricted_unit()).encode())
    assert root.get("visible_to_staff_only") == "true"
    assert root.get("hide_from_toc") == "true"
    assert root.get("group_access") == '{"50": [1, 2]}'
    assert root.get("start") == "2027-03-01T09:30:00Z"
    assert root.get("due") == "2027-06-30T23:59:00Z"
    assert root.get("display_name") == "Mentoring — verified learners"
    # The program stays readable elements; fields left at their defaults are not written.
    assert root.find("agenda-item") is not None
    assert root.get("graded") is None and root.get("showanswer") is None


def test_a_course_rerun_keeps_the_fields_through_studio_and_back():
    """Export from one course, import into another in Studio (its own mixins), export again and
    import into the LMS of a third: nothing is lost and the two exports are the same."""
    first_export = export_olx(restricted_unit())
    in_studio = stored(import_olx(first_export, STUDIO_MIXINS))
    assert_restricted_unit(in_studio)
    second_export = export_olx(in_studio)
    assert second_export == first_export
    assert_restricted_unit(import_olx(second_export))


def test_studio_only_fields_travel_too():
    block = import_olx(FIXTURE.read_text(), STUDIO_MIXINS)
    block.upstream = "lb:Org:lib:mentorship:1"
    block.upstream_version = 3
    block.downstream_customized = ["display_name"]
    block.copied_from_block = "block-v1:Org+C+R+type@mentorship+block@abc"
    copy = import_olx(export_olx(stored(block)), STUDIO_MIXINS)
    assert copy.upstream == "lb:Org:lib:mentorship:1"
    assert copy.upstream_version == 3
    assert copy.downstream_customized == ["display_name"]
    assert copy.copied_from_block == "block-v1:Org+C+R+type@mentorship+block@abc"


def test_a_field_set_to_none_stays_set():
    """``due`` left unset inherits the subsection's date; set to nothing, it overrides it."""
    block = import_olx("<mentorship/>")
    block.due = None
    text = export_olx(stored(block))
    assert etree.fromstring(text.encode()).get("due") == "null"
    copy = import_olx(text)
    assert copy.due is None and copy.fields["due"].is_set_on(copy)


def test_text_fields_keep_text_that_looks_like_json():
    block = import_olx("<mentorship/>")
    block.format = "12"
    block.chrome = '"tabs"'
    block.default_tab = "true"
    copy = import_olx(export_olx(stored(block)))
    assert (copy.format, copy.chrome, copy.default_tab) == ("12", '"tabs"', "true")


def test_attributes_that_name_no_field_are_ignored_with_a_warning(caplog):
    with caplog.at_level(logging.WARNING, logger="mentoring_xblock.program.olx"):
        block = import_olx('<mentorship url_name="u1" legacy_setting="x" published_progress="0.5"/>')
    # (OLX without a pacing attribute was written before pacing existed: it runs free, as then.)
    assert block.program == {**config.default_program(), "pacing": "free"}
    assert block.published_progress is None
    warned = " ".join(record.getMessage() for record in caplog.records)
    assert "legacy_setting" in warned and "published_progress" in warned
    assert "url_name" not in warned


def test_a_value_the_field_cannot_take_is_refused_with_its_name():
    with pytest.raises(InvalidInput) as refused:
        import_olx('<mentorship max_attempts="many" days_early_for_beta="soon"/>')
    assert sorted(refused.value.fields) == ["days_early_for_beta", "max_attempts"]


# -- every mixed-in field ---------------------------------------------------------------------------

XML_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufffe\uffff"), max_size=30)
PARTITIONS = st.lists(
    st.builds(
        UserPartition,
        id=st.integers(50, 10**6),
        name=XML_TEXT,
        description=XML_TEXT,
        groups=st.lists(st.builds(Group, id=st.integers(1, 10**6), name=XML_TEXT), max_size=3),
        scheme=st.sampled_from(["random", "cohort", "enrollment_track"]),
        active=st.booleans(),
    ),
    min_size=1,
    max_size=2,
)
JSON = st.recursive(
    st.none() | st.booleans() | st.integers(-(10**6), 10**6) | XML_TEXT,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(XML_TEXT, inner, max_size=3),
    max_leaves=6,
)


def values(name, field):
    """Values a course team could give the field (None where the field may hold it)."""
    if isinstance(field, UserPartitionList):
        return PARTITIONS
    if name == "group_access":
        return st.dictionaries(
            st.integers(0, 10**6), st.lists(st.integers(0, 10**6), max_size=3), min_size=1, max_size=3
        )
    if isinstance(field, Boolean):
        return st.booleans()
    if isinstance(field, Integer):
        return st.none() | st.integers(-(10**9), 10**9)
    if isinstance(field, Float):
        return st.none() | st.floats(allow_nan=False, allow_infinity=False)
    if isinstance(field, Date):
        # The platform stores dates to the second, in UTC.
        moments = st.datetimes(datetime.datetime(1900, 1, 1), datetime.datetime(2100, 1, 1))
        return st.none() | moments.map(lambda moment: moment.replace(microsecond=0, tzinfo=datetime.UTC))
    if isinstance(field, Timedelta):
        return st.none() | st.timedeltas(datetime.timedelta(seconds=1), datetime.timedelta(days=400)).map(
            lambda span: datetime.timedelta(days=span.days, seconds=span.seconds)
        )
    if isinstance(field, String):
        # As on the platform, the text "null" reads back as no value.
        return st.none() | XML_TEXT.filter(lambda text: text != "null")
    if isinstance(field, Dict):
        return st.none() | st.dictionaries(XML_TEXT, JSON, max_size=3)
    if isinstance(field, List):
        return st.lists(XML_TEXT, max_size=3)
    raise AssertionError(f"no values for {name} ({type(field).__name__})")


STUDIO_FIELDS = mixed_fields(STUDIO_MIXINS)
LMS_FIELDS = mixed_fields(LMS_MIXINS)


def non_default(name, field):
    return values(name, field).filter(lambda value: field.to_json(value) != field.to_json(field.default))


def test_the_mixins_give_the_block_the_platform_fields():
    assert {"visible_to_staff_only", "group_access", "hide_from_toc", "start", "due", "graded"} <= set(LMS_FIELDS)
    assert {"upstream", "downstream_customized", "copied_from_block"} <= set(STUDIO_FIELDS) - set(LMS_FIELDS)
    assert "edxnotes_visibility" not in STUDIO_FIELDS  # user_info: per learner, never in OLX


@pytest.mark.parametrize("name", sorted(STUDIO_FIELDS))
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(data=st.data())
def test_each_mixed_in_field_survives_export_and_import(name, data):
    field = STUDIO_FIELDS[name]
    value = data.draw(non_default(name, field), label=name)
    block = import_olx("<mentorship/>", STUDIO_MIXINS)
    setattr(block, name, value)
    copy = import_olx(export_olx(stored(block)), STUDIO_MIXINS)
    assert field.to_json(getattr(copy, name)) == field.to_json(value)
    assert field.is_set_on(copy)


@st.composite
def settings_of_a_unit(draw):
    names = draw(st.lists(st.sampled_from(sorted(LMS_FIELDS)), min_size=1, max_size=8, unique=True))
    return {name: draw(non_default(name, LMS_FIELDS[name])) for name in names}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.filter_too_much, HealthCheck.too_slow])
@given(chosen=settings_of_a_unit())
def test_any_set_of_mixed_in_fields_survives_beside_the_program(chosen):
    block = import_olx(FIXTURE.read_text())
    for name, value in chosen.items():
        setattr(block, name, value)
    original = stored(block)
    copy = import_olx(export_olx(original))
    assert copy.program == original.program
    for name, value in chosen.items():
        assert LMS_FIELDS[name].to_json(getattr(copy, name)) == LMS_FIELDS[name].to_json(value), name
    assert {name for name, field in LMS_FIELDS.items() if field.is_set_on(copy)} == set(chosen)
