"""One error protocol for every handler: domain errors become JSON HTTP errors.

Bodies look like ``{"error": {"code": ..., "message": ..., "fields": {...}}}``; statuses are
400 bad input, 403 not allowed, 404 unknown object, 409 conflict.
"""

import functools

from xblock.core import XBlock
from xblock.exceptions import JsonHandlerError

from .errors import InvalidInput, MentoringError
from .i18n import gettext as _


def json_action(func):
    """An XBlock JSON handler whose :class:`MentoringError` turns into the matching HTTP error."""

    @XBlock.json_handler
    @functools.wraps(func)
    def wrapper(block, data, suffix=""):
        try:
            if not isinstance(data, dict):
                raise InvalidInput({"body": _("Expected a JSON object.")})
            return func(block, data, suffix)
        except MentoringError as error:
            raise JsonHandlerError(error.status, error.as_json()) from error

    return wrapper
