"""Turning raw input from a browser, OLX or a CSV into clean values, with a message per field.

A :class:`Cleaner` collects every problem instead of stopping at the first, so that a form
can mark all its wrong fields at once; :meth:`Cleaner.done` raises them together.
"""

import datetime
import re
import unicodedata

from . import limits
from .errors import InvalidInput
from .i18n import gettext as _

DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# Whole numbers sent as text; ASCII digits only ("²".isdigit() is true, but int("²") fails).
WHOLE_NUMBER = re.compile(r"\s*-?[0-9]{1,18}\s*")


def whole_number(value):
    """``value`` as an int when it is whole-number text (``"42"``, ``" -3 "``); otherwise unchanged."""
    if isinstance(value, str) and WHOLE_NUMBER.fullmatch(value):
        return int(value)
    return value


def _is_id_text(text):
    """Digits of a database id as :func:`str` writes them (no sign, space or leading zero)."""
    return len(text) <= 10 and text.isascii() and text.isdigit() and text == str(int(text)) and 0 < int(text) < 2**31


def unsavable(char):
    """Characters that XML (and so OLX export) cannot carry, and invisible control codes."""
    if char in "\n\t":
        return False
    return unicodedata.category(char) in ("Cc", "Cs") or char in "\ufffe\uffff"


class Cleaner:
    """Collects per-field errors while turning raw input into clean values."""

    def __init__(self):
        self.errors = {}

    def fail(self, path, message):
        self.errors.setdefault(path, message)

    def done(self):
        """Raise :class:`InvalidInput` with every problem found, if there is any."""
        if self.errors:
            raise InvalidInput(self.errors)

    def text(self, path, value, *, required=True, max_length=limits.LONG_TEXT_MAX, multiline=True):
        if value is None:
            value = ""
        if not isinstance(value, str):
            self.fail(path, _("Enter text."))
            return ""
        value = value.replace("\r\n", "\n").replace("\r", "\n").strip()
        if not multiline:
            value = " ".join(value.split())
        if required and not value:
            self.fail(path, _("This field is required."))
        elif len(value) > max_length:
            self.fail(path, _("Use at most {limit} characters.").format(limit=max_length))
        elif any(unsavable(ch) for ch in value):
            self.fail(path, _("This text contains characters that cannot be saved."))
        return value

    def integer(self, path, value, bounds, *, required=True):
        low, high = bounds
        if not required and value in (None, ""):
            return None
        value = whole_number(value)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(path, _("Enter a whole number."))
            return low
        if not low <= value <= high:
            self.fail(path, _("Enter a number from {low} to {high}.").format(low=low, high=high))
        return value

    def boolean(self, path, value):
        if isinstance(value, str) and value.strip().lower() in ("true", "false"):
            return value.strip().lower() == "true"
        if not isinstance(value, bool):
            self.fail(path, _("Choose yes or no."))
            return False
        return value

    def date(self, path, value, *, required=True, earliest=None, latest=None):
        """An ISO date (``YYYY-MM-DD``), optionally within ``earliest``..``latest``."""
        if not required and value in (None, ""):
            return None
        parsed = None
        if isinstance(value, str) and DATE_PATTERN.match(value.strip()):
            try:
                parsed = datetime.date.fromisoformat(value.strip())
            except ValueError:
                parsed = None
        if parsed is None:
            self.fail(path, _("Enter a date as YYYY-MM-DD.") if value not in (None, "") else _("Enter a date."))
            return None
        if earliest and parsed < earliest:
            self.fail(path, _("Enter a date on or after {date}.").format(date=earliest.isoformat()))
        elif latest and parsed > latest:
            self.fail(path, _("Enter a date on or before {date}.").format(date=latest.isoformat()))
        return parsed

    def choice(self, path, value, options, *, required=True):
        """One of ``options`` (any container of allowed strings)."""
        if not required and value in (None, ""):
            return ""
        if not isinstance(value, str) or value not in options:
            self.fail(path, _("Choose one of the options."))
            return None
        return value

    def subset(self, path, value, options, *, maximum=None):
        """A list of distinct values, each one of ``options``, in the order given."""
        if value in (None, ""):
            return []
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail(path, _("Expected a list of choices."))
            return []
        picked = []
        for item in value:
            if item not in options:
                self.fail(path, _('"{value}" is not one of the options.').format(value=item[:64]))
                return []
            if item not in picked:
                picked.append(item)
        if maximum is not None and len(picked) > maximum:
            self.fail(path, _("No more than {limit} entries.").format(limit=maximum))
        return picked

    def id_list(self, path, value):
        """Distinct object ids (numbers, or their digits as text), in the order given; the caller
        then checks them against what the caller may touch, and reports an unknown one as
        :meth:`subset` does."""
        if value in (None, ""):
            return []
        if not isinstance(value, list):
            self.fail(path, _("Expected a list of choices."))
            return []
        picked = []
        for item in value:
            text = str(item) if isinstance(item, int) and not isinstance(item, bool) else item
            if not isinstance(text, str):
                self.fail(path, _("Expected a list of choices."))
                return []
            if not _is_id_text(text):
                self.fail(path, _('"{value}" is not one of the options.').format(value=text[:64]))
                return []
            if int(text) not in picked:
                picked.append(int(text))
        return picked

    def object_id(self, path, value):
        """A positive whole-number id (of an object the caller then looks up in its own scope)."""
        value = whole_number(value)
        if isinstance(value, bool) or not isinstance(value, int) or not 0 < value < 2**31:
            self.fail(path, _("This field is required.") if value in (None, "") else _("Unknown id."))
            return None
        return value

    def items(self, path, value, *, maximum, minimum=0):
        """A list of objects, capped; returns (index, dict) pairs for the valid entries."""
        if value is None:
            value = []
        if not isinstance(value, list):
            self.fail(path, _("Expected a list."))
            return []
        if len(value) > maximum:
            self.fail(path, _("No more than {limit} entries.").format(limit=maximum))
            return []
        if len(value) < minimum:
            self.fail(path, _("Add at least {minimum} entries.").format(minimum=minimum))
        entries = []
        for index, item in enumerate(value):
            if isinstance(item, dict):
                entries.append((index, item))
            else:
                self.fail(f"{path}.{index}", _("Expected an entry with fields."))
        return entries
