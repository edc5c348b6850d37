"""One error protocol for every handler: domain errors become JSON HTTP errors.

Bodies look like ``{"error": {"code": ..., "message": ..., "fields": {...}}}``; statuses are
400 bad input, 403 not allowed, 404 unknown object, 409 conflict. JSON handlers use
:func:`json_action`; handlers that answer a file (a CSV download) use :func:`file_action`.
Both check the handler's gate from the access table (:mod:`permissions`) before anything else,
so a handler without a row in that table cannot even be defined.
"""

import functools
import json
import urllib.parse

from django.core.exceptions import SuspiciousOperation
from django.db import DatabaseError, InterfaceError
from webob import Response
from xblock.core import XBlock

from ..core import limits, platform
from ..core.errors import InvalidInput, MentoringError
from ..core.i18n import gettext as _
from ..core.transactions import is_disconnected, unavailable
from . import events, permissions, replay


def error_response(error):
    """The JSON HTTP error of a :class:`MentoringError`."""
    response = Response(json_body={"error": error.as_json()}, status=error.status, charset="utf-8")
    for name, value in error.headers:
        response.headers[name] = value
    return response


def _answered(answer):
    """``answer()``, the HTTP answer of a handler; a :class:`MentoringError` becomes its JSON
    error, and a lost database connection met outside a write (a read) the JSON 503."""
    try:
        return answer()
    except MentoringError as error:
        return error_response(error)
    except (DatabaseError, InterfaceError) as error:
        if not is_disconnected(error):
            raise
        return error_response(unavailable(error))  # the database could not be reached: 503


def json_answer(answer):
    """The HTTP answer of a JSON handler that succeeded."""
    return Response(json.dumps(answer), content_type="application/json", charset="utf-8")


def json_body(request):
    """The request's JSON object.

    Raises:
        InvalidInput: on ``body``: too large, not UTF-8, not JSON (or nested too deeply to read),
            or not an object.
    """
    too_large = InvalidInput({"body": _("The request is too large.")})
    declared = request.environ.get("CONTENT_LENGTH") or "0"
    if declared.isdigit() and int(declared) > limits.REQUEST_MAX_BYTES:
        raise too_large  # refused before anything is read
    try:
        # Through Django (Open edX, the workbench), reading a body over DATA_UPLOAD_MAX_MEMORY_SIZE
        # raises RequestDataTooBig, which Django would answer with its own HTML page.
        body = request.body
    except SuspiciousOperation:
        raise too_large from None
    if len(body) > limits.REQUEST_MAX_BYTES:
        raise too_large
    try:
        data = json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):
        # UnicodeDecodeError and JSONDecodeError are ValueErrors; RecursionError is a deep nesting.
        raise InvalidInput({"body": _("The request could not be read as JSON.")}) from None
    if not isinstance(data, dict):
        raise InvalidInput({"body": _("Expected a JSON object.")})
    return data


def query(request):
    """The request's query-string parameters as a dict (the last value of a repeated one).

    Read from the raw query string: in Open edX (and the workbench) the request reaches the block
    through Django (``xblock.django.request.django_to_webob_request``), whose parameters have
    already turned bytes that are not UTF-8 into replacement characters, so ``?search=%80``
    would search for "\ufffd" instead of being refused.

    Raises:
        InvalidInput: on ``query``, when the address is not UTF-8 (``?search=%80``).
    """
    try:
        # WSGI gives the raw bytes decoded as latin-1; percent escapes must decode as UTF-8 too.
        raw = request.environ.get("QUERY_STRING", "").encode("latin-1").decode("utf-8")
        return dict(urllib.parse.parse_qsl(raw, keep_blank_values=True, encoding="utf-8", errors="strict"))
    except (UnicodeEncodeError, UnicodeDecodeError):
        raise InvalidInput({"query": _("The address could not be read.")}) from None


def json_action(func):
    """An XBlock handler that takes and answers JSON (POST only), whose :class:`MentoringError`
    turns into the matching HTTP error. A create (:data:`replay.CREATES`) sent again with the
    same request id is answered as the first time and creates nothing (:mod:`replay`). A write
    that succeeded publishes its tracking event once committed (:mod:`events`)."""
    handler = permissions.rule(func.__name__).handler
    creates = handler in replay.CREATES

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(block, request, suffix=""):
        if request.method != "POST":
            return Response(status=405, headerlist=[("Allow", "POST")])

        def answer():
            permissions.admit(block, handler)
            data = json_body(request)

            def run():
                # The write's tracking event, published when its transaction commits (events.py).
                return events.after_commit(block, handler, data, func(block, data, suffix))

            with platform.reader_time(block):  # the answer's times in the reader's zone
                if creates:
                    return json_answer(replay.once(block, handler, data, run))
                return json_answer(run())

        return _answered(answer)

    return wrapper


def file_action(func):
    """A plain XBlock handler for downloads (GET or HEAD) that answers a file; a
    :class:`MentoringError` becomes the same JSON error body as in :func:`json_action`."""
    handler = permissions.rule(func.__name__).handler

    @XBlock.handler
    @functools.wraps(func)
    def wrapper(block, request, suffix=""):
        if request.method not in ("GET", "HEAD"):
            return Response(status=405, headerlist=[("Allow", "GET, HEAD")])

        def answer():
            permissions.admit(block, handler)
            with platform.reader_time(block):
                return func(block, request, suffix)

        return _answered(answer)

    return wrapper
