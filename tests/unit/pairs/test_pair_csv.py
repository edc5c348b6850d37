"""CSV files as spreadsheet programs write them: separators and encodings of every locale."""

import base64
import codecs

import pytest

from mentoring_xblock.core.errors import InvalidInput
from mentoring_xblock.pairs import pair_csv

ROWS = [["mentor", "mentee"], ["mira", "ana"], ["ben", "cy"]]


def written(separator, rows=ROWS):
    return "\r\n".join(separator.join(row) for row in rows) + "\r\n"


@pytest.mark.parametrize("separator", [",", ";", "\t"], ids=["comma", "semicolon", "tab"])
def test_each_separator_a_spreadsheet_writes_is_read(separator):
    upload = pair_csv.read(written(separator))
    assert upload.separator == separator
    assert [cells for _line, cells in upload.rows] == [["mira", "ana"], ["ben", "cy"]]


def test_a_semicolon_file_whose_cells_hold_commas_is_read_by_its_header():
    upload = pair_csv.read('Mentor;Mentee\n"smith, j";ana\n')
    assert (upload.separator, upload.rows[0][1]) == (";", ["smith, j", "ana"])


@pytest.mark.parametrize(
    "raw",
    [
        written(",").encode(),
        codecs.BOM_UTF8 + written(";").encode(),
        written("\t").encode("utf-16"),  # Excel's "Unicode Text": UTF-16 with its mark
        codecs.BOM_UTF16_BE + written(";").encode("utf-16-be"),
    ],
    ids=["utf-8", "utf-8 with a mark", "utf-16", "utf-16 big-endian"],
)
def test_utf8_with_or_without_a_mark_and_utf16_are_decoded(raw):
    text = pair_csv.text_of(encoded=base64.b64encode(raw).decode())
    assert [cells for _line, cells in pair_csv.read(text).rows] == [["mira", "ana"], ["ben", "cy"]]


@pytest.mark.parametrize(
    ("value", "encoded", "message"),
    [
        (None, base64.b64encode("mentor,mentee\nJosé,ana\n".encode("latin-1")).decode(), "not UTF-8 or UTF-16"),
        (None, "not base64!", "could not be read"),
        (None, 42, "Choose a CSV file"),
        (None, None, "Choose a CSV file"),
        ("mentor|mentee\nmira|ana\n", None, 'header "mentor,mentee"'),
    ],
)
def test_a_file_that_cannot_be_read_is_refused_naming_csv(value, encoded, message):
    with pytest.raises(InvalidInput) as raised:
        pair_csv.read(pair_csv.text_of(value, encoded))
    assert list(raised.value.fields) == ["csv"] and message in raised.value.fields["csv"]
