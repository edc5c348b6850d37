"""CSV files of pairs as staff upload them: read whatever a spreadsheet program wrote.

Spreadsheet programs write CSV in the dialect of the user's locale: commas, or semicolons where
the comma is the decimal mark (most of Europe and Latin America), or tabs; UTF-8 with or without a
byte-order mark, or UTF-16 with one (Excel's "Unicode Text"). The header row ``mentor,mentee``
says which separator the file uses; the byte-order mark says the encoding.
"""

import base64
import binascii
import codecs
import csv
import io
from dataclasses import dataclass

from ..core import limits
from ..core.cleaner import unsavable
from ..core.errors import InvalidInput
from ..core.i18n import gettext as _
from ..core.i18n import gettext_noop

HEADER = ["mentor", "mentee"]
# Each separator a file may use, with how the preview names it.
SEPARATORS = {
    ",": gettext_noop("commas"),
    ";": gettext_noop("semicolons"),
    "\t": gettext_noop("tabs"),
}


@dataclass(frozen=True)
class Upload:
    """The data rows of an uploaded file, each ``(line, cells)``, and the separator it uses."""

    rows: list
    separator: str


def text_of(text=None, encoded=None):
    """The file's text: ``text`` as sent (the API's ``csv``), or the file's bytes as the page
    sends them (``csv_base64``), decoded by :func:`decode`.

    Raises:
        InvalidInput: on ``csv``: no file, not base64, or bytes that are not UTF-8 or UTF-16 text.
    """
    if encoded is None:
        if not isinstance(text, str):
            raise InvalidInput({"csv": _("Choose a CSV file to upload.")})
        return text
    if not isinstance(encoded, str):
        raise InvalidInput({"csv": _("Choose a CSV file to upload.")})
    if len(encoded) > (limits.CSV_MAX_BYTES + 2) // 3 * 4:
        raise InvalidInput({"csv": _("The file is too large: keep it under 1 MB.")})
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise InvalidInput({"csv": _("The file could not be read. Choose it again.")}) from None
    return decode(raw)


def decode(raw):
    """The text of a file's bytes: UTF-8 with a byte-order mark, UTF-16 with either one (Excel's
    "Unicode Text" is little-endian), else UTF-8.

    Raises:
        InvalidInput: on ``csv``, when the bytes are not text in one of these encodings.
    """
    if raw.startswith(codecs.BOM_UTF8):
        encoding = "utf-8-sig"
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # reads the mark and drops it
    else:
        encoding = "utf-8"
    try:
        return raw.decode(encoding)
    except UnicodeDecodeError:
        message = _(
            'The file is not UTF-8 or UTF-16 text. Save it from your spreadsheet as "CSV UTF-8" and upload it again.'
        )
        raise InvalidInput({"csv": message}) from None


def read(text):
    """The :class:`Upload` of a file's text: a ``mentor,mentee`` header, then one pair per row,
    blank rows left out; each row numbered by the line of the file it starts on.

    Raises:
        InvalidInput: on ``csv``: the file as a whole is unusable (not text, too big, no header,
            no rows, too many rows).
    """
    if not isinstance(text, str):
        raise InvalidInput({"csv": _("Choose a CSV file to upload.")})
    if len(text.encode("utf-8", "surrogatepass")) > limits.CSV_MAX_BYTES:
        raise InvalidInput({"csv": _("The file is too large: keep it under 1 MB.")})
    text = text.lstrip("\ufeff")
    if "\x00" in text:
        raise InvalidInput({"csv": _("This does not look like a CSV text file.")})
    separator = _separator(text)
    # Number each row by the line of the file it starts on: a quoted cell may span lines.
    reader, rows, line = csv.reader(io.StringIO(text, newline=""), delimiter=separator), [], 1
    try:
        for row in reader:
            rows.append((line, row))
            line = reader.line_num + 1
    except csv.Error as error:
        raise InvalidInput({"csv": _("The file could not be read as CSV: {error}").format(error=error)}) from error
    numbered = [(line, row) for line, row in rows if any(cell.strip() for cell in row)]
    if not numbered:
        raise InvalidInput({"csv": _("The file is empty.")})
    data = numbered[1:]
    if not data:
        raise InvalidInput({"csv": _("The file has a header but no pairs.")})
    if len(data) > limits.CSV_MAX_ROWS:
        raise InvalidInput({"csv": _("Upload at most {limit} pairs at a time.").format(limit=limits.CSV_MAX_ROWS)})
    return Upload(rows=data, separator=separator)


def _separator(text):
    """The separator under which the first non-blank line is the header ``mentor,mentee``."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if not first:
        raise InvalidInput({"csv": _("The file is empty.")})
    for separator in SEPARATORS:
        try:
            cells = next(csv.reader([first], delimiter=separator), [])
        except csv.Error:
            continue
        if [cell.strip().lower() for cell in cells if cell.strip()] == HEADER:
            return separator
    raise InvalidInput({"csv": _('The first row must be the header "mentor,mentee".')})


def entry(line, cells):
    """A data row as the report's entry and its two usernames (None when the row is malformed)."""
    found = {"line": line, "mentor": "", "mentee": "", "outcome": "created", "message": ""}
    values = [cell.strip() for cell in cells]
    while len(values) > 2 and not values[-1]:
        values.pop()
    if len(values) != 2 or not all(values) or not all(_plain_username(value) for value in values):
        found.update(
            mentor=values[0][: limits.USERNAME_MAX] if values else "",
            mentee=values[1][: limits.USERNAME_MAX] if len(values) > 1 else "",
            outcome="malformed",
            message=_("Each row needs exactly two usernames: the mentor, then the mentee."),
        )
        return found, None
    found["mentor"], found["mentee"] = values
    return found, values


def _plain_username(value):
    """A cell that can be a username: not too long, one line, no control characters."""
    return len(value) <= limits.USERNAME_MAX and not any(unsavable(ch) or ch.isspace() and ch != " " for ch in value)
