"""Creates that happen once, however often the page sends them.

The page gives every create (a session, a goal, a progress update, an action item, an invite
code, a pairing, a CSV upload) a request id, and sends the same id when it sends the same
create again: after an answer that never arrived, a timeout, a second click. The first request
stores its answer under that id in the same transaction as what it created; a repeat is
answered with that answer and creates nothing, whether it arrives after the first one ended or
while it is still running (it waits for the first one's locks, then finds the id taken).

An answer is kept for :data:`KEPT_FOR`; ``manage.py mentoring_forget_requests`` (run daily)
deletes older ones, and a retired user's units lose theirs at once. Requests without an id run
as before (API clients that never repeat themselves).
"""

import datetime
import json
import re

from django.db import IntegrityError
from django.utils import timezone

from ..core import platform, transactions
from ..core.errors import InvalidInput, MentoringError
from ..core.i18n import gettext as _
from ..models import HandledRequest

# The handlers that create something: a session (with its action items), a planned session, a
# goal, a progress update, an invite code, a pairing (by invite, by staff, by reassignment) and a CSV upload.
CREATES = frozenset(
    {
        "session_log",
        "goal_add",
        "goal_progress",
        "invite_create",
        "invite_redeem",
        "staff_add_pair",
        "staff_reassign",
        "staff_import_pairs",
        "session_plan",
    }
)
# The creates that are one write of a pair, which any failure ends: they join the transaction
# that stores their answer without a savepoint of their own. The others (pairings, a CSV upload
# whose rows succeed or fail one by one) keep theirs.
ONE_WRITE = frozenset({"session_log", "goal_add", "goal_progress", "session_plan"})
# How long an answer is kept for a repeat (``manage.py mentoring_forget_requests`` deletes older ones).
KEPT_FOR = datetime.timedelta(days=1)
FIELD = "request_id"
# What pages send (a UUID) and more: letters, digits, "-" and "_", 8 to 64 of them.
REQUEST_ID = re.compile(r"[A-Za-z0-9_-]{8,64}")


def request_id(data):
    """The request id of a create's JSON body, or None when it has none.

    Raises:
        InvalidInput: on ``request_id``, when it is not 8 to 64 letters, digits, "-" or "_".
    """
    value = data.get(FIELD)
    if value in (None, ""):
        return None
    if not isinstance(value, str) or not REQUEST_ID.fullmatch(value):
        raise InvalidInput({FIELD: _("The request id must be 8 to 64 letters, digits, hyphens or underscores.")})
    return value


def once(block, handler, data, create):
    """``create()``'s answer, or the first answer given to this request id: a create sent again
    with the same id creates nothing. ``handler``: the handler's name.

    The answer is stored by the create's own transaction, as its last statement. A repeat runs
    into the stored id there (or, being a repeat, into what the first one created: a code
    already used, a learner already paired), its transaction is undone, and the stored answer
    is given instead.

    Raises:
        InvalidInput: on ``request_id``, malformed or already used for another handler.
    """
    rid = request_id(data)
    if rid is None:
        return create()
    unit = platform.unit(block)
    key = {"usage_key": unit.usage_key, "actor": platform.current_actor(block).anonymous_id or "", "request_id": rid}
    transaction = transactions.together if handler in ONE_WRITE else transactions.retrying_atomic
    try:
        return transaction(_first)(unit, key, handler, create)
    except (MentoringError, IntegrityError):
        stored = HandledRequest.objects.filter(**key).values("handler", "answer").first()
        if stored is None:  # not a repeat: the create itself failed
            raise
    if stored["handler"] != handler:
        raise InvalidInput({FIELD: _("This request id was already used for another action.")})
    return json.loads(stored["answer"])


def _first(unit, key, handler, create):
    answer = create()
    # Fails (IntegrityError) when a request with this id was answered first: all is undone.
    HandledRequest.objects.create(course_key=unit.course_key, handler=handler, answer=json.dumps(answer), **key)
    return answer


def forget(before=None):
    """Delete the answers kept from before ``before`` (default: :data:`KEPT_FOR` ago); returns
    how many were deleted."""
    before = before or timezone.now() - KEPT_FOR
    return HandledRequest.objects.filter(created_at__lt=before).delete()[0]
