"""One error protocol for every handler: domain errors become JSON HTTP errors.

Bodies look like ``{"error": {"code": ..., "message": ..., "fields": {...}}}``; statuses are
400 bad input, 403 not allowed, 404 unknown object, 409 conflict. JSON handlers use
:func:`json_action`; handlers that answer a file (a CSV download) use :func:`file_action`.
"""

import functools

from webob import Response
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


def file_action(func):
    """A plain XBlock handler for downloads (GET or HEAD) that answers a file; a
    :class:`MentoringError` becomes the same JSON error body as in :func:`json_action`."""

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(block, request, suffix=""):
        if request.method not in ("GET", "HEAD"):
            return Response(status=405, headerlist=[("Allow", "GET, HEAD")])
        try:
            return func(block, request, suffix)
        except MentoringError as error:
            return Response(json_body={"error": error.as_json()}, status=error.status, charset="utf-8")

    return wrapper
