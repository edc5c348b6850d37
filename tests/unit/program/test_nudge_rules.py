"""The reminders an author sets: defaults, each rule turned off, clear errors naming the field,
programs stored before reminders existed, and OLX in and out."""

import pytest
from lxml import etree

from mentoring_xblock.core.errors import InvalidInput
from mentoring_xblock.program import config, olx


def test_a_new_program_reminds_on_the_documented_timers():
    assert config.default_program()["nudges"] == {
        "first_session_days": 10,
        "no_session": True,
        "unconfirmed_days": 3,
        "action_overdue": True,
        "round_open_days": 7,
        "end_within_days": 14,
        "staff_digest": True,
        "planned_unlogged_days": 2,
    }


def test_a_program_saved_before_reminders_existed_is_valid_and_takes_the_defaults():
    stored = config.default_program()
    del stored["nudges"]
    assert config.program_problems(stored) == {}
    assert config.clean_program(stored)["nudges"] == config.default_program()["nudges"]


def test_every_rule_can_be_turned_off():
    program = config.default_program()
    program["nudges"] = {
        "first_session_days": 0,
        "no_session": False,
        "unconfirmed_days": "0",
        "action_overdue": "false",
        "round_open_days": 0,
        "end_within_days": 0,
        "staff_digest": False,
        "planned_unlogged_days": 0,
    }
    rules = config.clean_program(program)["nudges"]
    assert not any(rules.values())


@pytest.mark.parametrize(
    ("key", "value"),
    [("first_session_days", -1), ("unconfirmed_days", 91), ("round_open_days", "soon"), ("no_session", "maybe")],
)
def test_a_wrong_value_is_refused_naming_its_field(key, value):
    program = config.default_program()
    program["nudges"][key] = value
    with pytest.raises(InvalidInput) as caught:
        config.clean_program(program)
    assert list(caught.value.fields) == [f"nudges.{key}"]


def test_reminders_that_are_not_an_object_are_refused():
    program = {**config.default_program(), "nudges": ["first_session_days"]}
    with pytest.raises(InvalidInput) as caught:
        config.clean_program(program)
    assert caught.value.fields == {"nudges": "Expected the reminders as an object."}


def test_olx_carries_the_reminders_there_and_back():
    program = config.default_program()
    program["nudges"].update(first_session_days=5, no_session=False, end_within_days=0)
    node = etree.Element("mentorship")
    olx.write_program(node, program)
    element = node.find("nudges")
    assert element.get("first_session_days") == "5"
    assert element.get("no_session") == "false"
    assert config.clean_program(olx.read_program(node), partial=True) == program


def test_olx_without_reminders_imports_the_defaults():
    node = etree.fromstring(b"<mentorship/>")
    assert config.clean_program(olx.read_program(node), partial=True)["nudges"]["unconfirmed_days"] == 3
