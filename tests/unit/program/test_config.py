"""The authored program: defaults, validation with per-field messages, generated ids."""

import copy

import pytest

from mentoring_xblock.core.errors import InvalidInput
from mentoring_xblock.program import config


def errors_of(program, **kwargs):
    with pytest.raises(InvalidInput) as caught:
        config.clean_program(program, **kwargs)
    return caught.value.fields


@pytest.fixture
def program():
    return config.default_program()


def test_default_program_is_a_ready_six_month_program(program):
    clean = config.clean_program(program)
    assert clean == program
    assert clean["duration_weeks"] == 26
    assert clean["min_sessions_per_month"] == 1
    assert [point["value"] for point in clean["rating_scale"]] == [1, 2, 3, 4, 5]
    assert clean["session_formats"] == ["video", "phone", "in_person", "chat"]
    assert clean["pairing_mode"] == "staff"
    titles = " ".join(item["title"].lower() for item in clean["agenda"])
    for topic in ("kickoff", "swot", "smart", "roadmap", "mid-point", "lessons", "thank"):
        assert topic in titles, topic
    assert all(item["week"] <= 26 for item in clean["agenda"])
    assert clean["completion"] == {
        "agreement_signed": True,
        "min_goals": 1,
        "min_sessions": 6,
        "required_agenda": True,
        "final_self_assessment": True,
        "final_mentor_assessment": True,
        "planned_end_passed": False,
    }
    # A new unit is paced: dates from each pair's start, the final round open in the last 2 weeks.
    assert (clean["pacing"], clean["final_round_weeks"]) == ("guided", 2)


def test_default_program_is_a_fresh_copy_each_time(program):
    program["agenda"].clear()
    assert config.default_program()["agenda"]


def test_agenda_item_linked_to_a_missing_learning_area_is_refused(program):
    program["agenda"][1]["areas"] = ["direction", "no-such-area"]
    fields = errors_of(program)
    assert list(fields) == ["agenda.1.areas"]
    assert "no-such-area" in fields["agenda.1.areas"]


def test_duplicate_ids_are_refused_in_each_list(program):
    program["learning_areas"][1]["id"] = program["learning_areas"][0]["id"]
    program["agenda"][2]["id"] = program["agenda"][0]["id"]
    program["progress_questions"][1]["id"] = program["progress_questions"][0]["id"]
    fields = errors_of(program)
    assert "learning_areas.1.id" in fields
    assert "agenda.2.id" in fields
    assert "progress_questions.1.id" in fields
    assert "used twice" in fields["agenda.2.id"]


def test_empty_or_single_point_scale_is_refused(program):
    program["rating_scale"] = []
    assert "rating_scale" in errors_of(program)
    program["rating_scale"] = [{"value": 1, "label": "Only"}]
    assert "rating_scale" in errors_of(program)


def test_scale_values_must_be_unique_and_are_sorted(program):
    program["rating_scale"] = [{"value": 3, "label": "High"}, {"value": 1, "label": "Low"}]
    assert [p["value"] for p in config.clean_program(program)["rating_scale"]] == [1, 3]
    program["rating_scale"].append({"value": 3, "label": "Again"})
    assert "rating_scale.2.value" in errors_of(program)


def test_every_field_error_names_its_field(program):
    program["display_name"] = "   "
    program["duration_weeks"] = "twenty"
    program["min_sessions_per_month"] = 99
    program["session_formats"] = ["video", "carrier pigeon"]
    program["pairing_mode"] = "lottery"
    program["midpoint_round"] = "maybe"
    program["completion"]["min_goals"] = -1
    program["completion"]["agreement_signed"] = 1
    program["learning_areas"][0]["title"] = ""
    program["agenda"][0]["links"] = [{"label": "Bad", "url": "javascript:alert(1)"}]
    fields = errors_of(program)
    assert set(fields) == {
        "display_name",
        "duration_weeks",
        "min_sessions_per_month",
        "session_formats",
        "pairing_mode",
        "midpoint_round",
        "completion.min_goals",
        "completion.agreement_signed",
        "learning_areas.0.title",
        "agenda.0.links.0.url",
    }
    assert fields["display_name"] == "This field is required."
    assert "from 0 to 8" in fields["min_sessions_per_month"]


def test_agenda_week_after_the_end_of_the_program_is_refused(program):
    program["duration_weeks"] = 12
    fields = errors_of(program)
    assert "week 12" in fields["agenda.4.week"]


def test_missing_keys_are_errors_for_a_save_and_defaults_for_olx(program):
    del program["agenda"]
    assert errors_of(program) == {"agenda": "This field is required."}
    assert config.clean_program(program, partial=True)["agenda"] == config.default_program()["agenda"]


def test_blank_ids_are_generated_from_titles_and_kept_unique(program):
    program["learning_areas"].append({"id": "", "title": "Giving feedback", "description": ""})
    program["learning_areas"].append({"id": "", "title": "Giving feedback!", "description": ""})
    program["learning_areas"].append({"id": "", "title": "¿Qué?", "description": ""})
    ids = [area["id"] for area in config.clean_program(program)["learning_areas"]][-3:]
    assert ids == ["giving-feedback", "giving-feedback-2", "que"]


def test_malformed_ids_are_refused(program):
    program["learning_areas"][0]["id"] = "Has Spaces"
    assert "learning_areas.0.id" in errors_of(program)


def test_text_is_trimmed_and_single_line_fields_collapse_whitespace(program):
    program["display_name"] = "  Peer\n mentoring  "
    program["introduction"] = "  First.\r\n\r\nSecond.  "
    clean = config.clean_program(program)
    assert clean["display_name"] == "Peer mentoring"
    assert clean["introduction"] == "First.\n\nSecond."


def test_control_characters_and_overlong_text_are_refused(program):
    program["introduction"] = "bell\x07"
    program["display_name"] = "x" * 201
    fields = errors_of(program)
    assert "cannot be saved" in fields["introduction"]
    assert "200" in fields["display_name"]


def test_list_caps_are_enforced(program):
    program["agenda"] = [copy.deepcopy(program["agenda"][0]) | {"id": f"i{n}"} for n in range(61)]
    assert "No more than 60" in errors_of(program)["agenda"]


def test_wrong_shapes_are_field_errors_not_crashes(program):
    program["learning_areas"] = "not a list"
    program["agenda"] = [None, 5]
    program["completion"] = []
    fields = errors_of(program)
    assert {"learning_areas", "agenda.0", "agenda.1", "completion"} <= set(fields)
    assert errors_of(["not", "a", "dict"]) == {"program": "Expected the program as an object."}


def test_numbers_and_flags_from_olx_strings_are_accepted(program):
    program["duration_weeks"] = "30"
    program["midpoint_round"] = "false"
    clean = config.clean_program(program)
    assert clean["duration_weeks"] == 30
    assert clean["midpoint_round"] is False


def test_problems_lists_what_is_wrong_with_a_stored_program(program):
    assert config.program_problems(program) == {}
    program["agenda"][0]["areas"] = ["ghost"]
    assert list(config.program_problems(program)) == ["agenda.0.areas"]
