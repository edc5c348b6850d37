"""The input cleaner: whole numbers and ids sent as text, whatever the text."""

import pytest

from mentoring_xblock.core.cleaner import Cleaner


@pytest.mark.parametrize("text", ["²", "①", "--5", "9" * 5000, "1_000", "0x1F", "٣"])
def test_text_that_is_not_a_plain_whole_number_is_refused_by_name_not_a_crash(text):
    # "²".isdigit() is true and int("²") fails; int() refuses 5,000 digits: both were server errors.
    cleaner = Cleaner()
    assert cleaner.object_id("goal_id", text) is None
    cleaner.integer("value", text, (0, 100))
    assert cleaner.errors == {"goal_id": "Unknown id.", "value": "Enter a whole number."}


@pytest.mark.parametrize(("text", "number"), [("42", 42), (" 7 ", 7), ("-3", -3), ("007", 7)])
def test_whole_numbers_sent_as_text_are_read(text, number):
    cleaner = Cleaner()
    assert cleaner.integer("value", text, (-10, 100)) == number
    assert cleaner.errors == {}
